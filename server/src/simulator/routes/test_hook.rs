//! The simulator's own test hook, not Gong's: POST /simulator/calls adds a call, and the calls
//! endpoints list what it added.

use axum::{extract::State, http::StatusCode, response::Response, Json};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::json;

use crate::simulator::{
    company::Call,
    envelope::{error, ok, SimState},
    state::Shared,
};

#[derive(Deserialize)]
pub(super) struct AddCall {
    email: String,
    #[serde(default)]
    minutes_ago: u32,
}

/// A test hook: `{"email": …, "minutes_ago": N}` adds a call that user hosted N minutes ago (by the
/// simulator's clock), so a test can make a user active again after a sync. The calls endpoints
/// list it, after the generated calls; the activity stats do not.
pub(super) async fn add_call(State(shared): SimState, Json(body): Json<AddCall>) -> Response {
    let Some(&host) = shared.by_email.get(&body.email.to_lowercase()) else {
        return error(StatusCode::NOT_FOUND, "No user with that email");
    };
    let start = shared.clock.now() - Duration::minutes(i64::from(body.minutes_ago));
    let mut added = shared.added_calls.lock().unwrap_or_else(|e| e.into_inner());
    // Generated call ids stay below 10^18; these are above.
    let id = 5_000_000_000_000_000_000 + added.len() as u64;
    added.push(Call {
        id,
        start: start.timestamp(),
        duration: 1_800,
        host,
        attendees: [u32::MAX; 2],
        offset_hours: 0,
        // To the millisecond: a re-check right after the call must find it in `[from, now)`.
        millis: start.timestamp_subsec_millis() as u16,
    });
    ok(json!({ "callId": id.to_string() }))
}

/// The added calls a filter of `[from, to)` and optional hosts (user ids) matches.
pub(super) fn added_calls(
    shared: &Shared,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    hosts: Option<&Vec<String>>,
) -> Vec<Call> {
    let hosts: Option<Vec<u32>> =
        hosts.map(|ids| ids.iter().filter_map(|id| shared.user_index(id)).collect());
    shared
        .added_calls
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .filter(|c| (from.timestamp_millis()..to.timestamp_millis()).contains(&c.started_ms()))
        .filter(|c| hosts.as_ref().is_none_or(|h| h.contains(&c.host)))
        .copied()
        .collect()
}
