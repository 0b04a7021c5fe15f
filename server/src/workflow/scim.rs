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
    #[error("SCIM has no user with userName {0}")]
    NotFound(String),
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

    fn filter(email: &str) -> String {
        format!("userName eq \"{}\"", email.replace('"', ""))
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
        let id = found["Resources"]
            .as_array()
            .and_then(|r| r.first())
            .and_then(|u| u["id"].as_str())
            .ok_or_else(|| ScimError::NotFound(email.to_owned()))?
            .to_owned();
        let url = format!("{}/{id}", self.users_url());
        let changed: Value = self
            .send(self.http.patch(&url).json(&Self::patch_body(active)))
            .await?;
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
