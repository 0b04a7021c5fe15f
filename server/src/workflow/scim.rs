//! The SCIM client that executes deactivations: find the SCIM user by `userName` (the email), then
//! `PATCH {base}/Users/{id}` with `active`. Its bearer token is separate from the read-only API key
//! and appears in no request text, log line or error.

use std::time::Duration;

use serde_json::{json, Value};
use url::Url;

use crate::config::Secret;

const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// Where SCIM requests go and the token they carry.
#[derive(Debug, Clone)]
pub struct ScimTarget {
    pub base_url: Url,
    pub token: Secret,
}

#[derive(Debug, thiserror::Error)]
pub enum ScimError {
    #[error("no SCIM user has userName {0}; nothing was changed")]
    NotFound(String),
    #[error("{count} SCIM users match userName {email}; nothing was changed")]
    Ambiguous { count: usize, email: String },
    #[error("SCIM's answer to the change names another user than {0} ({1}): check both in Gong")]
    WrongUser(String, String),
    #[error("SCIM answered {status}: {detail}")]
    Status { status: u16, detail: String },
    #[error("SCIM could not be reached: {0}")]
    Transport(String),
}

pub struct ScimClient {
    http: reqwest::Client,
    target: ScimTarget,
}

impl ScimClient {
    pub fn new(target: ScimTarget) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("seat-audit/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a reqwest client with a timeout builds");
        ScimClient { http, target }
    }

    fn users_url(&self) -> String {
        format!(
            "{}/Users",
            self.target.base_url.as_str().trim_end_matches('/')
        )
    }

    /// `userName eq "…"` with the value quoted as RFC 7644 (3.4.2.2) says: a JSON string, so a
    /// backslash is escaped (first) and then a double quote; nothing else in an email needs it.
    fn filter(email: &str) -> String {
        let quoted = email.replace('\\', "\\\\").replace('"', "\\\"");
        format!("userName eq \"{quoted}\"")
    }

    /// The SCIM id of the one user whose `userName` is `email` (case-insensitively, as SCIM compares
    /// userName) in a filter query's answer; none, or several, is an error and nothing is changed.
    fn the_one(found: &Value, email: &str) -> Result<String, ScimError> {
        let resources = found["Resources"].as_array().map_or(&[][..], Vec::as_slice);
        let matching: Vec<&Value> = resources
            .iter()
            .filter(|u| {
                u["userName"]
                    .as_str()
                    .is_some_and(|name| name.eq_ignore_ascii_case(email))
            })
            .collect();
        // More results than this page holds: others may match too.
        let total = found["totalResults"]
            .as_u64()
            .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX));
        match matching.as_slice() {
            [] => Err(ScimError::NotFound(email.to_owned())),
            [one] if total <= resources.len() => one["id"]
                .as_str()
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| ScimError::Status {
                    status: 200,
                    detail: format!("the SCIM user {email} has no id"),
                }),
            _ => Err(ScimError::Ambiguous {
                count: matching.len().max(total),
                email: email.to_owned(),
            }),
        }
    }

    fn patch_body(active: bool) -> Value {
        json!({
            "schemas": [PATCH_SCHEMA],
            "Operations": [{ "op": "replace", "value": { "active": active } }]
        })
    }

    /// The two requests that set `email`'s `active`, as text (no token), for dry-run and the record.
    pub fn describe(&self, email: &str, active: bool, scim_id: Option<&str>) -> String {
        let filter: String =
            url::form_urlencoded::byte_serialize(Self::filter(email).as_bytes()).collect();
        format!(
            "GET {users}?filter={filter}\nPATCH {users}/{id} {body}",
            users = self.users_url(),
            id = scim_id.unwrap_or("{id of that SCIM user}"),
            body = Self::patch_body(active),
        )
    }

    /// Finds the SCIM user and sets `active`; the requests sent, as text.
    pub async fn set_active(&self, email: &str, active: bool) -> Result<String, ScimError> {
        let found: Value = self
            .send(
                self.http
                    .get(self.users_url())
                    .query(&[("filter", Self::filter(email))]),
            )
            .await?;
        let id = Self::the_one(&found, email)?;
        // The id goes into the path: percent-encoded, so it can name nothing but one user.
        let segment: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
        let url = format!("{}/{}", self.users_url(), segment.replace('+', "%20"));
        let changed: Value = self
            .send(self.http.patch(&url).json(&Self::patch_body(active)))
            .await?;
        let answered = changed["userName"].as_str();
        if changed["id"].as_str() != Some(id.as_str())
            || answered.is_some_and(|name| !name.eq_ignore_ascii_case(email))
        {
            let other = answered.or(changed["id"].as_str()).unwrap_or("none named");
            return Err(ScimError::WrongUser(email.to_owned(), other.to_owned()));
        }
        if changed["active"].as_bool() != Some(active) {
            return Err(ScimError::Status {
                status: 200,
                detail: format!(
                    "the user's active is {} after the change",
                    changed["active"]
                ),
            });
        }
        Ok(self.describe(email, active, Some(&id)))
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<Value, ScimError> {
        let response = request
            .bearer_auth(self.target.token.expose())
            .header("accept", "application/scim+json")
            .send()
            .await
            .map_err(|e| ScimError::Transport(e.without_url().to_string()))?;
        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|e| ScimError::Transport(e.without_url().to_string()))?;
        if !status.is_success() {
            let detail = serde_json::from_str::<Value>(&body)
                .ok()
                .and_then(|v| v["detail"].as_str().map(str::to_owned))
                .unwrap_or_else(|| body.chars().take(200).collect());
            return Err(ScimError::Status {
                status: status.as_u16(),
                detail,
            });
        }
        serde_json::from_str(&body)
            .map_err(|e| ScimError::Transport(format!("the answer is not JSON: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::{super::fake_scim::FakeScim, *};

    #[test]
    fn the_filter_escapes_a_backslash_then_a_double_quote_as_rfc_7644_says() {
        assert_eq!(
            ScimClient::filter(r#"jane@acme.com"#),
            r#"userName eq "jane@acme.com""#
        );
        // Unescaped, the trailing backslash would escape the closing quote.
        assert_eq!(ScimClient::filter(r"x\"), r#"userName eq "x\\""#);
        assert_eq!(
            ScimClient::filter(r#"a\"b@x.com"#),
            r#"userName eq "a\\\"b@x.com""#
        );
    }

    #[tokio::test]
    async fn the_one_user_whose_user_name_is_the_email_is_patched() {
        let scim = FakeScim::start(&[("s-1", "Jane@Acme.com")], 0).await;
        let sent = scim.client().set_active("jane@acme.com", false).await;
        assert!(sent.is_ok(), "{sent:?}");
        assert_eq!(scim.patches(), [("s-1".to_owned(), false)]);
        assert_eq!(scim.filters(), [r#"userName eq "jane@acme.com""#]);
    }

    #[tokio::test]
    async fn two_matching_users_fail_with_a_sentence_and_nobody_is_patched() {
        let scim = FakeScim::start(&[("s-1", "jane@acme.com"), ("s-2", "JANE@acme.com")], 0).await;
        let error = scim
            .client()
            .set_active("jane@acme.com", false)
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "2 SCIM users match userName jane@acme.com; nothing was changed"
        );
        assert!(scim.patches().is_empty());
    }

    #[tokio::test]
    async fn a_user_with_another_user_name_is_not_taken_for_the_email_and_nobody_is_patched() {
        // A server whose filter matched loosely (or not at all) answers someone else.
        let scim = FakeScim::start(&[("s-9", "ceo@acme.com")], 0).await;
        let error = scim
            .client()
            .set_active(r"jane\@acme.com", false)
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            r"no SCIM user has userName jane\@acme.com; nothing was changed"
        );
        assert!(scim.patches().is_empty());
        assert_eq!(scim.filters(), [r#"userName eq "jane\\@acme.com""#]);
    }
}
