//! Gong's workspaces endpoint: the simulated company's only workspace.

use axum::{extract::State, response::Response};
use serde_json::json;

use crate::simulator::envelope::{ok, SimState};

pub(super) async fn workspaces(State(shared): SimState) -> Response {
    ok(json!({ "workspaces": [{
        "id": shared.company.workspace_id,
        "name": "Acme Sales",
        "description": "The simulated company's only workspace"
    }]}))
}
