//! Gong: reached, the access key accepted, each endpoint the product reads tried once with a small
//! read-only request, and the clock compared with Gong's `Date` header.

use chrono::{DateTime, Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{scim::describe, CheckResult, Verdict};
use crate::sync::GongTarget;

/// More skew than this shifts the sync's day boundaries and windows noticeably.
const SKEW_WARNING_SECS: i64 = 60;
/// The longest `Retry-After` a probe waits for before reporting the rate limit.
const MAX_RETRY_AFTER_SECS: u64 = 5;

/// What one probe learnt.
enum Answer {
    /// 200, or Gong's 404 that means "nothing matched": the key may use the endpoint.
    Allowed,
    Refused,
    BadCredentials,
    RateLimited,
    Other(StatusCode),
    Unreachable(String),
}

pub async fn check(http: &reqwest::Client, target: &GongTarget, result: &mut CheckResult) {
    let base = target.base_url.as_str().trim_end_matches('/').to_owned();
    let probe = Probe {
        http,
        target,
        base: &base,
    };
    let (users, date) = probe
        .send(
            Method::GET,
            "/v2/users",
            &[("includeAvatars", "false".into())],
            None,
        )
        .await;
    match users {
        Answer::Allowed => result.push(
            Verdict::Passed,
            format!("Reached Gong at {base}, which accepted the access key and listed users."),
        ),
        Answer::Unreachable(why) => {
            result.push(
                Verdict::Failed,
                format!(
                    "Gong at {base} could not be reached: {why}; check SEAT_AUDIT__GONG__BASE_URL."
                ),
            );
            return;
        }
        Answer::BadCredentials => {
            result.push(
                Verdict::Failed,
                format!(
                    "Gong at {base} refused the credentials (401): check SEAT_AUDIT__GONG__ACCESS_KEY \
                     and SEAT_AUDIT__GONG__ACCESS_KEY_SECRET."
                ),
            );
            return;
        }
        other => {
            result.push(
                Verdict::Failed,
                format!(
                    "Gong at {base} did not list users ({}); the sync needs that permission.",
                    what(&other)
                ),
            );
            return;
        }
    }
    clock(date, result);

    let now = Utc::now();
    let from = (now - Duration::days(1)).to_rfc3339();
    let to = now.to_rfc3339();
    let (calls, _) = probe
        .send(
            Method::GET,
            "/v2/calls",
            &[("fromDateTime", from.clone()), ("toDateTime", to.clone())],
            None,
        )
        .await;
    endpoint(
        result,
        &calls,
        "list calls (GET /v2/calls)",
        "so the report has hosted calls",
        Some("the report cannot see hosted calls, the one signal it needs"),
    );
    let (extensive, _) = probe
        .send(
            Method::POST,
            "/v2/calls/extensive",
            &[],
            Some(json!({
                "filter": { "fromDateTime": from, "toDateTime": to },
                "contentSelector": {}
            })),
        )
        .await;
    endpoint(
        result,
        &extensive,
        "read calls in detail (POST /v2/calls/extensive)",
        "so a re-check can confirm a call's exact start",
        None,
    );
    let day = |days: i64| (now - Duration::days(days)).format("%Y-%m-%d").to_string();
    let (stats, _) = probe
        .send(
            Method::POST,
            "/v2/stats/activity/day-by-day",
            &[],
            Some(json!({ "filter": { "fromDate": day(3), "toDate": day(2) } })),
        )
        .await;
    endpoint(
        result,
        &stats,
        "read activity stats (POST /v2/stats/activity/day-by-day)",
        "so the report has attended, coached and listened as well as hosted calls",
        None,
    );
    if !matches!(stats, Answer::Allowed) {
        result.push(
            Verdict::Warning,
            "Without the stats the report has one signal, hosted calls: a listener or a coach \
             who hosts no calls will look inactive.",
        );
    }
    let (logs, _) = probe
        .send(
            Method::GET,
            "/v2/logs",
            &[
                ("logType", "AccessLog".into()),
                ("fromDateTime", from.clone()),
                ("toDateTime", to.clone()),
            ],
            None,
        )
        .await;
    endpoint(
        result,
        &logs,
        "read the logs (GET /v2/logs)",
        "which this version does not use yet",
        None,
    );
}

/// One line for an endpoint: passed when allowed; else failed when `needed` says why, a warning
/// otherwise.
fn endpoint(
    result: &mut CheckResult,
    answer: &Answer,
    what_it_does: &str,
    gain: &str,
    needed: Option<&str>,
) {
    if matches!(answer, Answer::Allowed) {
        result.push(
            Verdict::Passed,
            format!("The key may {what_it_does}, {gain}."),
        );
        return;
    }
    if matches!(answer, Answer::RateLimited | Answer::Unreachable(_)) {
        result.push(
            Verdict::Failed,
            format!(
                "Whether the key may {what_it_does} is unknown ({}).",
                what(answer)
            ),
        );
        return;
    }
    let verdict = if needed.is_some() {
        Verdict::Failed
    } else {
        Verdict::Warning
    };
    let consequence = needed.unwrap_or("the report does without it");
    result.push(
        verdict,
        format!(
            "The key may not {what_it_does} ({}): {consequence}.",
            what(answer)
        ),
    );
}

fn what(answer: &Answer) -> String {
    match answer {
        Answer::Allowed => "allowed".into(),
        Answer::Refused => "Gong answered 403, no permission".into(),
        Answer::BadCredentials => "Gong answered 401".into(),
        Answer::RateLimited => "Gong answered 429, the rate limit; try again in a minute".into(),
        Answer::Other(status) => format!("Gong answered {status}"),
        Answer::Unreachable(why) => why.clone(),
    }
}

/// The clock against Gong's `Date` header (whole seconds, so a skew under a second or two is noise).
fn clock(date: Option<DateTime<Utc>>, result: &mut CheckResult) {
    let Some(date) = date else {
        result.push(
            Verdict::Warning,
            "Gong's answer carried no Date header, so the clock could not be compared.",
        );
        return;
    };
    let skew = (Utc::now() - date).num_seconds();
    let direction = if skew >= 0 { "ahead of" } else { "behind" };
    if skew.abs() <= SKEW_WARNING_SECS {
        result.push(
            Verdict::Passed,
            format!(
                "This machine's clock agrees with Gong's Date header ({} seconds apart, at most \
                 {SKEW_WARNING_SECS} allowed).",
                skew.abs()
            ),
        );
    } else {
        result.push(
            Verdict::Warning,
            format!(
                "This machine's clock is {} seconds {direction} Gong's: set up time \
                 synchronisation (NTP), or the sync's day boundaries shift.",
                skew.abs()
            ),
        );
    }
}

struct Probe<'a> {
    http: &'a reqwest::Client,
    target: &'a GongTarget,
    base: &'a str,
}

impl Probe<'_> {
    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Value>,
    ) -> (Answer, Option<DateTime<Utc>>) {
        let (answer, date, retry_after) =
            self.once(method.clone(), path, query, body.clone()).await;
        match (answer, retry_after) {
            // Gong allows 3 requests a second (docs/gong-api.md): wait as asked, once.
            (Answer::RateLimited, Some(wait)) if wait <= MAX_RETRY_AFTER_SECS => {
                tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
                let (answer, later, _) = self.once(method, path, query, body).await;
                (answer, later.or(date))
            }
            (answer, _) => (answer, date),
        }
    }

    async fn once(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Value>,
    ) -> (Answer, Option<DateTime<Utc>>, Option<u64>) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .query(query)
            .basic_auth(
                self.target.access_key.expose(),
                Some(self.target.access_key_secret.expose()),
            );
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => return (Answer::Unreachable(describe(error)), None, None),
        };
        let date = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|d| d.to_str().ok())
            .and_then(|d| DateTime::parse_from_rfc2822(d).ok())
            .map(|d| d.with_timezone(&Utc));
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|r| r.to_str().ok())
            .and_then(|r| r.trim().parse::<u64>().ok());
        let status = response.status();
        let answer = match status {
            s if s.is_success() => Answer::Allowed,
            // Gong's empty list is a 404 with this message (docs/gong-api.md).
            StatusCode::NOT_FOUND => {
                let text = response.text().await.unwrap_or_default();
                if text.contains("found corresponding to the provided filters") {
                    Answer::Allowed
                } else {
                    Answer::Other(status)
                }
            }
            StatusCode::UNAUTHORIZED => Answer::BadCredentials,
            StatusCode::FORBIDDEN => Answer::Refused,
            StatusCode::TOO_MANY_REQUESTS => Answer::RateLimited,
            _ => Answer::Other(status),
        };
        (answer, date, retry_after)
    }
}
