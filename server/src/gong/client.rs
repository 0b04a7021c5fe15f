//! One HTTP client for Gong's REST API: Basic auth, pacing, retries and the empty-list 404.

use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

use reqwest::{header::RETRY_AFTER, Method, StatusCode};
use serde::{de::DeserializeOwned, Serialize};
use url::Url;

use super::{wire, Budget, GongError, Pacer, RetryPolicy};
use crate::config::Secret;

/// What Gong answers, with 200 or with the 404 that means "nothing matched" (docs/gong-api.md).
const EMPTY_LIST_MESSAGES: [&str; 2] = [
    "No calls found corresponding to the provided filters",
    "No users found corresponding to the provided filters",
];

/// Counters for one run, read by the progress display and recorded with the run.
#[derive(Debug, Default)]
pub struct RequestStats {
    pub requests: AtomicU64,
    pub throttled: AtomicU64,
    pub retries: AtomicU64,
}

impl RequestStats {
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn throttled(&self) -> u64 {
        self.throttled.load(Ordering::Relaxed)
    }
}

/// A page of results: the items, Gong's total, and the cursor to the next page if any.
#[derive(Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub cursor: Option<String>,
}

#[derive(Clone)]
pub struct GongClient {
    http: reqwest::Client,
    base_url: Url,
    access_key: Secret,
    access_key_secret: Secret,
    pacer: Pacer,
    policy: RetryPolicy,
    budget: Arc<Budget>,
    stats: Arc<RequestStats>,
}

impl GongClient {
    pub fn new(
        base_url: Url,
        access_key: Secret,
        access_key_secret: Secret,
        pacer: Pacer,
        policy: RetryPolicy,
        timeout: Duration,
        budget: Arc<Budget>,
    ) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("seat-audit/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a client with static settings builds");
        GongClient {
            http,
            base_url,
            access_key,
            access_key_secret,
            pacer,
            policy,
            budget,
            stats: Arc::new(RequestStats::default()),
        }
    }

    pub fn stats(&self) -> &Arc<RequestStats> {
        &self.stats
    }

    pub fn budget(&self) -> &Arc<Budget> {
        &self.budget
    }

    /// A page of users, avatars excluded; the first page when `cursor` is `None`.
    pub async fn users_page(&self, cursor: Option<String>) -> Result<Page<wire::User>, GongError> {
        let mut query = vec![("includeAvatars", "false".to_owned())];
        query.extend(cursor.map(|c| ("cursor", c)));
        let page: Option<wire::UsersPage> = self
            .send(Method::GET, "/v2/users", &query, None::<&()>)
            .await?;
        Ok(page.map_or_else(Page::empty, |p| Page::new(p.records, p.users)))
    }

    /// A page of the calls that started in `[from, to)` (RFC 3339 instants).
    pub async fn calls_page(
        &self,
        from: &str,
        to: &str,
        cursor: Option<String>,
    ) -> Result<Page<wire::Call>, GongError> {
        let mut query = vec![
            ("fromDateTime", from.to_owned()),
            ("toDateTime", to.to_owned()),
        ];
        query.extend(cursor.map(|c| ("cursor", c)));
        let page: Option<wire::CallsPage> = self
            .send(Method::GET, "/v2/calls", &query, None::<&()>)
            .await?;
        Ok(page.map_or_else(Page::empty, |p| Page::new(p.records, p.calls)))
    }

    /// A page of per-user, per-day activity over `[fromDate, toDate)` in the company time zone.
    pub async fn day_by_day_page(
        &self,
        filter: &wire::StatsFilter,
        cursor: Option<String>,
    ) -> Result<Page<wire::UserDays>, GongError> {
        // A POST's cursor goes in the body: in the query string Gong ignores it and answers page 1
        // again (docs/gong-api.md).
        let body = wire::StatsRequest {
            filter: filter.clone(),
            cursor,
        };
        let page: Option<wire::DayByDayPage> = self
            .send(
                Method::POST,
                "/v2/stats/activity/day-by-day",
                &[],
                Some(&body),
            )
            .await?;
        Ok(page.map_or_else(Page::empty, |p| {
            Page::new(p.records, p.users_detailed_activities)
        }))
    }

    /// A page of calls with their parties, filtered by time, host or id.
    pub async fn extensive_calls_page(
        &self,
        filter: &wire::ExtensiveCallsFilter,
        cursor: Option<String>,
    ) -> Result<Page<wire::ExtensiveCall>, GongError> {
        let body = wire::ExtensiveCallsRequest {
            filter: filter.clone(),
            content_selector: serde_json::json!({ "exposedFields": { "parties": true } }),
            cursor,
        };
        let page: Option<wire::ExtensiveCallsPage> = self
            .send(Method::POST, "/v2/calls/extensive", &[], Some(&body))
            .await?;
        Ok(page.map_or_else(Page::empty, |p| Page::new(p.records, p.calls)))
    }

    /// Sends one logical request, retrying what is transient. `Ok(None)` is Gong's empty-list 404.
    pub(super) async fn send<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&B>,
    ) -> Result<Option<T>, GongError> {
        let url = self.base_url.join(path).expect("static paths join");
        let mut attempt = 0;
        let mut throttled_in_a_row = 0u32;
        loop {
            if !self.budget.take() {
                return Err(GongError::BudgetSpent);
            }
            let outcome = {
                let _slot = self.pacer.start().await;
                self.stats.requests.fetch_add(1, Ordering::Relaxed);
                let mut request = self
                    .http
                    .request(method.clone(), url.clone())
                    .basic_auth(
                        self.access_key.expose(),
                        Some(self.access_key_secret.expose()),
                    )
                    .query(query);
                if let Some(body) = body {
                    request = request.json(body);
                }
                match request.send().await {
                    Ok(response) => {
                        let status = response.status();
                        let retry_after = response
                            .headers()
                            .get(RETRY_AFTER)
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| v.trim().parse::<u64>().ok());
                        response
                            .bytes()
                            .await
                            .map(|bytes| (status, retry_after, bytes))
                            .map_err(|e| e.to_string())
                    }
                    Err(error) => Err(error.to_string()),
                }
            };

            let transient = match outcome {
                Ok((StatusCode::OK, _, bytes)) => match serde_json::from_slice::<T>(&bytes) {
                    Ok(value) => {
                        self.pacer.succeeded();
                        return Ok(Some(value));
                    }
                    Err(error) => format!("unreadable JSON from Gong: {error}"),
                },
                Ok((StatusCode::TOO_MANY_REQUESTS, retry_after, _)) => {
                    // A 429 does not count against Gong's quota (docs/gong-api.md).
                    self.budget.refund();
                    self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                    let wait = Duration::from_secs(retry_after.unwrap_or(1));
                    if wait > self.policy.max_retry_after {
                        return Err(GongError::QuotaExhausted {
                            retry_after: wait,
                            limit: self.policy.max_retry_after,
                        });
                    }
                    // The per-second or in-flight limit: pace the whole process slower.
                    self.pacer.throttled();
                    throttled_in_a_row += 1;
                    if throttled_in_a_row > 50 {
                        return Err(GongError::GaveUp {
                            path: path.to_owned(),
                            attempts: throttled_in_a_row,
                            last: "HTTP 429 every time".into(),
                        });
                    }
                    self.stats.retries.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Ok((status, _, bytes)) if status.is_client_error() => {
                    let message = error_message(&bytes);
                    return match status {
                        StatusCode::NOT_FOUND
                            if EMPTY_LIST_MESSAGES.contains(&message.as_str()) =>
                        {
                            Ok(None)
                        }
                        StatusCode::UNAUTHORIZED => Err(GongError::Unauthorized),
                        StatusCode::FORBIDDEN => Err(GongError::Forbidden {
                            path: path.to_owned(),
                            message,
                        }),
                        _ => Err(GongError::Rejected {
                            path: path.to_owned(),
                            status: status.as_u16(),
                            message,
                        }),
                    };
                }
                Ok((status, _, bytes)) => format!("HTTP {status}: {}", error_message(&bytes)),
                Err(transport) => transport,
            };

            attempt += 1;
            if attempt >= self.policy.max_attempts {
                return Err(GongError::GaveUp {
                    path: path.to_owned(),
                    attempts: attempt,
                    last: transient,
                });
            }
            tracing::warn!(path, attempt, error = %transient, "transient Gong failure, retrying");
            self.stats.retries.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(self.policy.backoff(attempt - 1, rand::random::<f64>())).await;
        }
    }
}

impl<T> Page<T> {
    fn new(records: wire::Records, items: Vec<T>) -> Self {
        Page {
            total: records.total_records,
            cursor: records.cursor,
            items,
        }
    }

    fn empty() -> Self {
        Page {
            items: Vec::new(),
            total: 0,
            cursor: None,
        }
    }
}

/// Gong's `errors` array joined, or the start of the body when it is not Gong's error shape.
fn error_message(bytes: &[u8]) -> String {
    match serde_json::from_slice::<wire::ErrorBody>(bytes) {
        Ok(body) if !body.errors.is_empty() => body.errors.join("; "),
        _ => String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned(),
    }
}
