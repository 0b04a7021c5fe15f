//! Gong's REST endpoints as the simulator answers them, one file per resource, behind the gate
//! (docs/gong-api.md); the envelope they share is `simulator::envelope`.

mod calls;
mod logs;
mod stats;
mod test_hook;
mod users;
mod workspaces;

use std::sync::Arc;

use axum::{
    http::StatusCode,
    middleware,
    routing::{get, post},
    Router,
};

use super::{envelope::error, middleware::gate, scim, state::Shared};

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v2/users", get(users::list_users))
        .route("/v2/users/extensive", post(users::users_extensive))
        .route("/v2/users/{id}", get(users::get_user))
        .route(
            "/v2/users/{id}/settings-history",
            get(users::settings_history),
        )
        .route("/v2/calls", get(calls::list_calls))
        .route("/v2/calls/extensive", post(calls::calls_extensive))
        .route("/v2/calls/{id}", get(calls::get_call))
        .route("/v2/stats/activity/day-by-day", post(stats::day_by_day))
        .route("/v2/stats/activity/aggregate", post(stats::aggregate))
        .route("/v2/workspaces", get(workspaces::workspaces))
        .route("/v2/logs", get(logs::logs))
        .merge(scim::router(shared.clone()))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "Not found") })
        .layer(middleware::from_fn_with_state(shared.clone(), gate))
        // The test hook is not Gong's: outside the API's credentials, limits and request log.
        .route("/simulator/calls", post(test_hook::add_call))
        .with_state(shared)
}
