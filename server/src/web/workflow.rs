//! The workflow's steps as plain form posts (`/workflow/…`), so they work without JavaScript: each
//! checks the role on the server, acts, and redirects back with what happened in the URL.

use app::types::Area;
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
    routing::post,
    Extension, Form, Router,
};
use chrono::Utc;

use super::{access, AppState};
use crate::{
    auth::SignedIn,
    workflow::{self, scim::ScimClient, Executed, Executor, WorkflowError},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/workflow/propose", post(propose))
        .route("/workflow/decide", post(decide))
        .route("/workflow/execute", post(execute))
        .route("/workflow/undo", post(undo))
        .route("/workflow/settings", post(save_settings))
}

/// Back to `page` with a sentence: `notice` for what was done, `refused` for what was not.
pub(super) fn back(page: &str, outcome: Result<String, String>) -> Response {
    let (key, text) = match outcome {
        Ok(text) => ("notice", text),
        Err(text) => ("refused", text),
    };
    let text: String = url::form_urlencoded::byte_serialize(text.as_bytes()).collect();
    Redirect::to(&format!("{page}?{key}={text}")).into_response()
}

pub(super) fn words(error: WorkflowError) -> String {
    match error {
        WorkflowError::Refused(text) => text,
        WorkflowError::Database(error) => {
            tracing::error!(%error, "workflow step failed");
            "The database could not be written; nothing was done. Try again in a moment.".into()
        }
    }
}

/// The role check every step makes; the gate has already required a session.
pub(super) fn may(account: &SignedIn, area: Area) -> Result<(), String> {
    access::require(Some(account), area)
        .map(|_| ())
        .map_err(|_| {
            format!(
                "Your role ({}) does not allow this; nothing was done.",
                account.role.label()
            )
        })
}

/// Form fields as pairs: checkboxes repeat their name.
type Fields = Vec<(String, String)>;

fn all<'f>(fields: &'f Fields, name: &'f str) -> impl Iterator<Item = &'f str> {
    fields
        .iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn one<'f>(fields: &'f Fields, name: &'f str) -> &'f str {
    all(fields, name).next().unwrap_or("")
}

fn item_ids(fields: &Fields) -> Result<Vec<i64>, String> {
    all(fields, "item")
        .map(|v| {
            v.parse()
                .map_err(|_| format!("“{v}” is not an item number"))
        })
        .collect()
}

async fn propose(
    State(state): State<AppState>,
    Extension(account): Extension<SignedIn>,
    Form(fields): Form<Fields>,
) -> Response {
    if let Err(refusal) = may(&account, Area::Operate) {
        return back("/candidates", Err(refusal));
    }
    let users: Vec<String> = all(&fields, "user").map(str::to_owned).collect();
    let acknowledged = one(&fields, "acknowledge") == "on";
    match workflow::propose(&state.pool, &account, &users, acknowledged, Utc::now()).await {
        Ok(ids) => back(
            "/approvals",
            Ok(format!(
                "Proposed {} {}; each now waits for its approver.",
                ids.len(),
                if ids.len() == 1 { "user" } else { "users" }
            )),
        ),
        Err(error) => back("/candidates", Err(words(error))),
    }
}

async fn decide(
    State(state): State<AppState>,
    Extension(account): Extension<SignedIn>,
    Form(fields): Form<Fields>,
) -> Response {
    if let Err(refusal) = may(&account, Area::Approvals) {
        return back("/approvals", Err(refusal));
    }
    let ids = match item_ids(&fields) {
        Ok(ids) => ids,
        Err(refusal) => return back("/approvals", Err(refusal)),
    };
    let approve = match one(&fields, "decision") {
        "approve" => true,
        "reject" => false,
        other => {
            return back(
                "/approvals",
                Err(format!("“{other}” is not approve or reject")),
            )
        }
    };
    let reason = one(&fields, "reason");
    match workflow::decide(&state.pool, &account, &ids, approve, reason, Utc::now()).await {
        Ok(n) => back(
            "/approvals",
            Ok(format!(
                "{} {n} {}.",
                if approve { "Approved" } else { "Rejected" },
                if n == 1 { "proposal" } else { "proposals" }
            )),
        ),
        Err(error) => back("/approvals", Err(words(error))),
    }
}

fn executor(state: &AppState) -> Executor<'_> {
    Executor {
        scim: state.scim.clone().map(ScimClient::new),
        recheck: &state.syncer,
    }
}

async fn execute(
    State(state): State<AppState>,
    Extension(account): Extension<SignedIn>,
    Form(fields): Form<Fields>,
) -> Response {
    act(&state, &account, &fields, Act::Execute).await
}

async fn undo(
    State(state): State<AppState>,
    Extension(account): Extension<SignedIn>,
    Form(fields): Form<Fields>,
) -> Response {
    act(&state, &account, &fields, Act::Undo).await
}

/// The two steps an admin takes on one item: execute it, or undo its execution.
#[derive(Clone, Copy)]
enum Act {
    Execute,
    Undo,
}

async fn act(state: &AppState, account: &SignedIn, fields: &Fields, act: Act) -> Response {
    if let Err(refusal) = may(account, Area::Operate) {
        return back("/approvals", Err(refusal));
    }
    let Ok([id]) = <[i64; 1]>::try_from(item_ids(fields).unwrap_or_default()) else {
        return back("/approvals", Err("One item at a time.".into()));
    };
    let (note, executor) = (one(fields, "note"), executor(state));
    let (outcome, done) = match act {
        Act::Execute => (
            workflow::execute(&state.pool, account, id, note, &executor).await,
            "executed",
        ),
        Act::Undo => (
            workflow::undo(&state.pool, account, id, note, &executor, Utc::now()).await,
            "undone: the user is active again",
        ),
    };
    back("/approvals", described(id, outcome, done))
}

fn described(
    id: i64,
    outcome: Result<Executed, WorkflowError>,
    done: &str,
) -> Result<String, String> {
    match outcome {
        Ok(Executed::Done) => Ok(format!("Item #{id} {done}.")),
        Ok(Executed::Cancelled(why)) => Ok(format!(
            "Item #{id} cancelled, nothing sent: the user was {why}."
        )),
        Ok(Executed::DryRun(requests)) => Ok(format!(
            "Dry-run: item #{id} recorded, nothing sent. It would send:\n{requests}"
        )),
        Ok(Executed::Failed(error)) => Err(format!(
            "Item #{id} failed: {error}. The error is kept; you can retry."
        )),
        Err(error) => Err(words(error)),
    }
}

async fn save_settings(
    State(state): State<AppState>,
    Extension(account): Extension<SignedIn>,
    Form(form): Form<workflow::SettingsForm>,
) -> Response {
    if let Err(refusal) = may(&account, Area::Settings) {
        return back("/settings", Err(refusal));
    }
    match workflow::save_settings(&state.pool, &account, &form).await {
        Ok(()) => back("/settings", Ok("Workflow settings saved.".into())),
        Err(error) => back("/settings", Err(words(error))),
    }
}
