//! Gong's logs endpoint: the AccessLog and the other log types, over the last 14 days.

use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::Duration;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::simulator::{
    company::Action,
    envelope::{checked_range, error, ok, paginate, timestamp, SimState},
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct LogsQuery {
    log_type: Option<String>,
    from_date_time: Option<String>,
    to_date_time: Option<String>,
    cursor: Option<String>,
}

/// The AccessLog: sign-ins, kept by Gong for 14 days only (docs/gong-api.md).
pub(super) async fn logs(State(shared): SimState, Query(query): Query<LogsQuery>) -> Response {
    if !shared.config.logs_allowed {
        return error(
            StatusCode::FORBIDDEN,
            "This API key is not authorized to access this endpoint",
        );
    }
    // The five log types openapi.json lists. This company shares no call outside it, so the two
    // external-sharing logs are always empty; a call play is a listen.
    let keep: fn(&Action) -> bool = match query.log_type.as_deref() {
        Some("AccessLog" | "UserActivityLog") => |_| true,
        Some("UserCallPlay") => |a| !a.coaching,
        Some("ExternallySharedCallAccess" | "ExternallySharedCallPlay") => |_| false,
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                "logType must be one of AccessLog, UserActivityLog, UserCallPlay, \
                 ExternallySharedCallAccess, ExternallySharedCallPlay",
            )
        }
    };
    let (from, to) = match checked_range(
        &shared,
        query.from_date_time.as_deref(),
        query.to_date_time.as_deref(),
    ) {
        Ok(range) => range,
        Err(refusal) => return refusal.into_response(),
    };
    let kept_from = (shared.clock.now() - Duration::days(14))
        .timestamp()
        .max(from.timestamp());
    let entries: Vec<&Action> = shared
        .company
        .actions
        .iter()
        .filter(|a| a.at >= kept_from && a.at < to.timestamp() && keep(a))
        .collect();
    if entries.is_empty() {
        return error(
            StatusCode::NOT_FOUND,
            "No logs found corresponding to the provided filters",
        );
    }
    let inputs = format!("logs:{:?}:{from}:{to}", query.log_type);
    match paginate(
        &shared,
        &inputs,
        query.cursor.as_deref(),
        entries.len(),
        entries.len(),
    ) {
        Ok((page, records)) => {
            let entries: Vec<Value> = entries[page]
                .iter()
                .map(|a| {
                    let user = &shared.company.users[a.user as usize];
                    json!({
                        "userId": user.id, "userEmailAddress": user.email,
                        "userFullName": format!("{} {}", user.first_name, user.last_name),
                        "eventTime": timestamp(a.at, 0, 0),
                        "logRecord": { "type": "LOGIN", "ip": "192.0.2.10" }
                    })
                })
                .collect();
            ok(json!({ "records": records, "logEntries": entries }))
        }
        Err(refusal) => refusal.into_response(),
    }
}
