//! `GET` and `POST /account/password`: a signed-in person changes their own password (the current
//! one required), in a plain form that works without JavaScript. After an admin's reset the gate
//! sends the person here until they have chosen a new one.

use std::{net::SocketAddr, time::Instant};

use axum::{
    extract::{ConnectInfo, Query, State},
    http::HeaderMap,
    response::{Html, IntoResponse, Redirect, Response},
    routing::get,
    Extension, Form, Router,
};
use serde::Deserialize;

use super::{client_addr::client_ip, csrf::CsrfToken, AppState};
use crate::auth::{
    accounts::{self, AccountError},
    password, SignedIn,
};

/// Where the change-password form lives.
pub const CHANGE_PATH: &str = "/account/password";

pub fn router() -> Router<AppState> {
    Router::new().route(CHANGE_PATH, get(page).post(change))
}

#[derive(Deserialize)]
struct PageQuery {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    changed: Option<String>,
}

async fn page(
    State(state): State<AppState>,
    Extension(account): Extension<SignedIn>,
    Extension(CsrfToken(token)): Extension<CsrfToken>,
    Query(query): Query<PageQuery>,
) -> Response {
    let forced = accounts::by_id(&state.pool, account.id)
        .await
        .ok()
        .flatten()
        .is_some_and(|a| a.must_change_password);
    let lead = if forced {
        "An admin has reset your password: choose your own before going on."
    } else {
        "Choose a new password for your account."
    };
    let notice = match (&query.error, &query.changed) {
        (Some(code), _) => format!(
            "<p class=\"form-error\" role=\"alert\" data-testid=\"password-error\">{}</p>",
            problem(code)
        ),
        (None, Some(_)) => {
            "<p class=\"notice\" role=\"status\">Your password is changed.</p>".to_owned()
        }
        _ => String::new(),
    };
    Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Change password · seat-audit</title>\
         <link rel=\"stylesheet\" href=\"/pkg/seat-audit.css\"></head><body>\
         <main id=\"content\" class=\"page-narrow\"><h1>Change password</h1>\
         <p>Signed in as {email}. {lead}</p>{notice}\
         <form class=\"settings-form\" method=\"post\" action=\"{CHANGE_PATH}\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{token}\">\
         <label>Current password <input type=\"password\" name=\"current\" \
         autocomplete=\"current-password\" required></label>\
         <label>New password <input type=\"password\" name=\"new\" minlength=\"12\" \
         autocomplete=\"new-password\" required></label>\
         <label>New password again <input type=\"password\" name=\"confirm\" minlength=\"12\" \
         autocomplete=\"new-password\" required></label>\
         <span class=\"hint\">At least 12 characters.</span>\
         <div class=\"form-actions\"><button type=\"submit\">Change password</button></div></form>\
         <form method=\"post\" action=\"/auth/logout\"><input type=\"hidden\" name=\"csrf\" \
         value=\"{token}\"><p>{back}<button type=\"submit\">Sign out</button></p></form>\
         </main></body></html>",
        email = escape(&account.email),
        token = escape(&token),
        back = if forced {
            String::new()
        } else {
            format!("<a href=\"{}\">Back</a> · ", account.role.home())
        },
    ))
    .into_response()
}

#[derive(Deserialize)]
struct ChangeForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

async fn change(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Extension(account): Extension<SignedIn>,
    Form(form): Form<ChangeForm>,
) -> Response {
    let again = |code: &str| Redirect::to(&format!("{CHANGE_PATH}?error={code}")).into_response();
    let length = form.new.chars().count();
    if length < password::MIN_LENGTH {
        return again("short");
    }
    if length > 1024 {
        return again("long");
    }
    if form.new != form.confirm {
        return again("differ");
    }
    // The current password is a guess like a sign-in's: counted by the same limiter.
    let address = client_ip(peer, &headers, &state.settings.http.trusted_proxies).to_string();
    let reservation = match state
        .logins
        .reserve(&account.email, &address, Instant::now())
    {
        Ok(reservation) => reservation,
        Err(wait) => {
            let minutes = wait.as_secs().div_ceil(60).max(1);
            return again(&format!("limited-{minutes}"));
        }
    };
    match accounts::change_password(&state.pool, account.id, &form.current, &form.new).await {
        Ok(()) => {
            state.logins.succeeded(reservation);
            Redirect::to(&format!("{CHANGE_PATH}?changed=1")).into_response()
        }
        Err(AccountError::Invalid(problem)) if problem.starts_with("Current password") => {
            again("current")
        }
        Err(AccountError::Invalid(_)) => {
            state.logins.succeeded(reservation);
            again("same")
        }
        Err(AccountError::Database(error)) => {
            state.logins.release(reservation);
            tracing::error!(%error, "the password could not be changed");
            again("unavailable")
        }
    }
}

/// The sentence for an `error` code (codes, not text, so the page never shows a stranger's words).
fn problem(code: &str) -> String {
    if let Some(minutes) = code
        .strip_prefix("limited-")
        .and_then(|m| m.parse::<u64>().ok())
    {
        return format!(
            "Too many wrong passwords for this account: try again in {minutes} minute(s)."
        );
    }
    match code {
        "short" => format!(
            "New password: at least {} characters.",
            password::MIN_LENGTH
        ),
        "long" => "New password: at most 1,024 characters.".into(),
        "differ" => "New password again: the two new passwords differ.".into(),
        "current" => "Current password: that is not this account's password.".into(),
        "same" => "New password: choose one different from the current password.".into(),
        "unavailable" => {
            "The password could not be saved (the database is unavailable); try again.".into()
        }
        _ => "The password was not changed; try again.".into(),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
