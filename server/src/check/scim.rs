//! SCIM: the base URL answers and takes the token, with a read-only request (one user listed).

use reqwest::StatusCode;

use super::{CheckResult, Verdict};
use crate::workflow::scim::ScimTarget;

pub async fn check(http: &reqwest::Client, target: &ScimTarget, result: &mut CheckResult) {
    let base = target.base_url.as_str().trim_end_matches('/');
    let answer = http
        .get(format!("{base}/Users"))
        .query(&[("count", "1")])
        .bearer_auth(target.token.expose())
        .header("accept", "application/scim+json")
        .send()
        .await;
    let sentence = match answer.map(|a| a.status()) {
        Ok(status) if status.is_success() => {
            result.push(
                Verdict::Passed,
                format!("SCIM at {base} answered and accepted its token (one user listed, nothing changed)."),
            );
            return;
        }
        Ok(StatusCode::UNAUTHORIZED) => {
            format!("SCIM at {base} refused the token (401): check SEAT_AUDIT__SCIM__TOKEN.")
        }
        Ok(StatusCode::FORBIDDEN) => format!(
            "SCIM at {base} accepted the token but refused to list users (403): the token lacks \
             the SCIM scope, so deactivations cannot be executed."
        ),
        Ok(status) => format!("SCIM at {base} answered {status} to a list of one user."),
        Err(error) => format!("SCIM at {base} could not be reached: {}.", describe(error)),
    };
    result.push(Verdict::Failed, sentence);
}

/// A transport error in words, without the URL (the sentence names it already).
pub fn describe(error: reqwest::Error) -> String {
    if error.is_timeout() {
        "no answer within the timeout".into()
    } else if error.is_connect() {
        "the connection failed".into()
    } else {
        error.without_url().to_string()
    }
}
