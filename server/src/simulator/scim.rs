//! SCIM 2.0 under `/scim/v2` (RFC 7644), as Gong accepts it for deactivation: find a user by
//! `userName`, read one, and PATCH `active`. SCIM ids are not the REST ids (docs/gong-api.md).

use std::sync::Arc;

use axum::{
    extract::{Path, Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use serde::Deserialize;
use serde_json::{json, Value};

use super::state::Shared;

const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

pub fn router(shared: Arc<Shared>) -> Router<Arc<Shared>> {
    Router::new()
        .route("/scim/v2/Users", get(list))
        .route("/scim/v2/Users/{id}", get(read).patch(patch))
        .layer(axum::middleware::from_fn_with_state(
            shared,
            refuse_if_not_allowed,
        ))
}

/// A token without the SCIM scope: every request is refused (`SimulatorConfig::scim_allowed`).
async fn refuse_if_not_allowed(
    State(shared): State<Arc<Shared>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if shared.config.scim_allowed {
        next.run(request).await
    } else {
        scim_error(
            StatusCode::FORBIDDEN,
            "This token is not authorized to manage users",
        )
    }
}

fn scim(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/scim+json")],
        Json(body),
    )
        .into_response()
}

fn scim_error(status: StatusCode, detail: &str) -> Response {
    scim(
        status,
        json!({ "schemas": [ERROR_SCHEMA], "status": status.as_u16().to_string(), "detail": detail }),
    )
}

fn user(shared: &Shared, index: u32) -> Value {
    let user = &shared.company.users[index as usize];
    json!({
        "schemas": [USER_SCHEMA],
        "id": user.scim_id,
        "userName": user.email,
        "name": { "givenName": user.first_name, "familyName": user.last_name },
        "emails": [{ "value": user.email, "primary": true }],
        "title": user.title,
        "active": shared.active_at(index, shared.clock.now()),
        "meta": { "resourceType": "User" }
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListQuery {
    filter: Option<String>,
    start_index: Option<usize>,
    count: Option<usize>,
}

/// `filter=userName eq "jane@acme.com"`, the only filter the product sends.
fn user_name_filter(filter: &str) -> Option<String> {
    let (attribute, rest) = filter.trim().split_once(char::is_whitespace)?;
    let (operator, value) = rest.trim().split_once(char::is_whitespace)?;
    (attribute.eq_ignore_ascii_case("userName") && operator.eq_ignore_ascii_case("eq"))
        .then(|| value.trim().trim_matches('"').to_lowercase())
}

async fn list(State(shared): State<Arc<Shared>>, Query(query): Query<ListQuery>) -> Response {
    let matching: Vec<u32> = match query.filter.as_deref() {
        Some(filter) => match user_name_filter(filter) {
            Some(name) => shared.by_email.get(&name).copied().into_iter().collect(),
            None => {
                return scim_error(
                    StatusCode::BAD_REQUEST,
                    "unsupported filter: use userName eq \"...\"",
                )
            }
        },
        None => shared.listed.clone(),
    };
    let start = query.start_index.unwrap_or(1).max(1);
    let count = query.count.unwrap_or(100).min(100);
    let page: Vec<Value> = matching
        .iter()
        .skip(start - 1)
        .take(count)
        .map(|&i| user(&shared, i))
        .collect();
    scim(
        StatusCode::OK,
        json!({
            "schemas": [LIST_SCHEMA],
            "totalResults": matching.len(),
            "startIndex": start,
            "itemsPerPage": page.len(),
            "Resources": page
        }),
    )
}

async fn read(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    match shared.by_scim_id.get(&id) {
        Some(&index) => scim(StatusCode::OK, user(&shared, index)),
        None => scim_error(StatusCode::NOT_FOUND, "User not found"),
    }
}

async fn patch(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Option<Json<Value>>,
) -> Response {
    let Some(&index) = shared.by_scim_id.get(&id) else {
        return scim_error(StatusCode::NOT_FOUND, "User not found");
    };
    let Some(Json(body)) = body else {
        return scim_error(StatusCode::BAD_REQUEST, "the body is not valid JSON");
    };
    if !body["schemas"]
        .as_array()
        .is_some_and(|s| s.iter().any(|v| v == PATCH_SCHEMA))
    {
        return scim_error(StatusCode::BAD_REQUEST, "a PatchOp message is required");
    }
    let mut active = None;
    for operation in body["Operations"].as_array().into_iter().flatten() {
        let op = operation["op"].as_str().unwrap_or_default();
        if !op.eq_ignore_ascii_case("replace") {
            return scim_error(
                StatusCode::BAD_REQUEST,
                "only replace operations are supported",
            );
        }
        let value = match operation["path"].as_str() {
            Some(path) if path.eq_ignore_ascii_case("active") => operation["value"].as_bool(),
            _ => operation["value"]["active"].as_bool(),
        };
        match value {
            Some(value) => active = Some(value),
            None => {
                return scim_error(
                    StatusCode::BAD_REQUEST,
                    "only the active attribute can be changed",
                )
            }
        }
    }
    let Some(active) = active else {
        return scim_error(StatusCode::BAD_REQUEST, "no operation given");
    };
    if let Err(error) = shared.record_change(index, active) {
        tracing::error!(%error, "the simulator cannot persist a SCIM change");
        return scim_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the change could not be stored",
        );
    }
    scim(StatusCode::OK, user(&shared, index))
}
