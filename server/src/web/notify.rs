//! The Settings page's notification forms as plain posts (`/notify/…`): what to send and when, and
//! "Send a test message" to one channel; each redirects back with what happened.

use app::types::Area;
use axum::{extract::State, response::Response, routing::post, Extension, Form, Router};

use super::{
    workflow::{back, may, words},
    AppState,
};
use crate::{
    auth::SignedIn,
    notify::{self, Channel},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notify/settings", post(save_settings))
        .route("/notify/test", post(send_test))
}

async fn save_settings(
    State(state): State<AppState>,
    Extension(account): Extension<SignedIn>,
    Form(form): Form<notify::policy::PolicyForm>,
) -> Response {
    if let Err(refusal) = may(&account, Area::Settings) {
        return back("/settings", Err(refusal));
    }
    match notify::policy::save(&state.pool, &account, &form).await {
        Ok(()) => back("/settings", Ok("Notification settings saved.".into())),
        Err(error) => back("/settings", Err(words(error))),
    }
}

#[derive(serde::Deserialize)]
struct TestForm {
    #[serde(default)]
    channel: String,
}

async fn send_test(
    State(state): State<AppState>,
    Extension(account): Extension<SignedIn>,
    Form(form): Form<TestForm>,
) -> Response {
    if let Err(refusal) = may(&account, Area::Settings) {
        return back("/settings", Err(refusal));
    }
    let Some(channel) = Channel::parse(form.channel.trim()) else {
        return back(
            "/settings",
            Err(format!(
                "Channel: “{}” is not one of email, slack, teams or webhook; nothing was sent.",
                form.channel.trim()
            )),
        );
    };
    let Some(notifier) = &state.notifier else {
        return back(
            "/settings",
            Err("Notifications are not running on this server.".into()),
        );
    };
    back(
        "/settings",
        notifier.send_test(&account.email, channel).await,
    )
}
