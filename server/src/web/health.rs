//! `GET /healthz`: whether the database answers and how the last sync ended; status only, for anyone.

use axum::{extract::State, http::StatusCode, Json};
use serde_json::{json, Value};

use super::AppState;
use crate::db;

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    if !db::ping(&state.pool).await {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "database": "unreachable", "last_sync": null })),
        );
    }
    let last_sync = match db::sync_runs::latest(&state.pool).await {
        Ok(Some(run)) => json!({
            "outcome": run.outcome.label(),
            "started_at": run.started_at,
            "finished_at": run.finished_at,
        }),
        Ok(None) => Value::Null,
        Err(error) => {
            tracing::warn!(%error, "cannot read the last sync run");
            Value::Null
        }
    };
    (
        StatusCode::OK,
        Json(json!({ "status": "ok", "database": "ok", "last_sync": last_sync })),
    )
}
