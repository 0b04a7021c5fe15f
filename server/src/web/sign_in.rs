//! `POST /auth/login` and `POST /auth/logout`: plain form posts, so signing in needs no JavaScript.
//! The sign-in page itself is the app's `/login` route.

use std::{net::SocketAddr, time::Instant};

use axum::{
    extract::{ConnectInfo, State},
    response::{IntoResponse, Redirect, Response},
    routing::post,
    Form, Router,
};
use serde::Deserialize;
use tower_sessions::Session;

use super::{
    session::{new_token, ACCOUNT_KEY, CSRF_KEY},
    AppState,
};
use crate::{
    audit::{self, Entry},
    auth::{accounts, password, SignedIn},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// Where to go after signing in: a path on this site only, never another host.
fn local_path(next: &str) -> Option<&str> {
    (next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\")).then_some(next)
}

fn back_to_login(error: &str, next: &str) -> Response {
    let next: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
    Redirect::to(&format!("/login?error={error}&next={next}")).into_response()
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Response {
    let address = peer.ip().to_string();
    let email = form.email.trim().to_owned();
    let now = Instant::now();
    let record = |action: &'static str, reason: Option<String>| {
        let pool = state.pool.clone();
        let email = email.clone();
        let address = address.clone();
        async move {
            let reason = reason.map_or_else(
                || format!("from {address}"),
                |r| format!("{r}, from {address}"),
            );
            let entry = Entry {
                actor: &email,
                action,
                subject: Some(&email),
                reason: Some(&reason),
                ..Entry::default()
            };
            if let Err(error) = audit::record(&pool, entry).await {
                tracing::error!(%error, "the audit log could not be written");
            }
        }
    };
    if let Err(wait) = state.logins.check(&email, &address, now) {
        record("sign_in_refused", Some("too many failed attempts".into())).await;
        let minutes = wait.as_secs().div_ceil(60).max(1);
        return back_to_login(&format!("limited-{minutes}"), &form.next);
    }
    let account = match accounts::by_email(&state.pool, &email).await {
        Ok(account) => account,
        Err(error) => {
            tracing::error!(%error, "accounts could not be read");
            return back_to_login("unavailable", &form.next);
        }
    };
    let matched = password::verify(
        form.password,
        account.as_ref().map(|a| a.password_hash.clone()),
    )
    .await;
    let account = match account {
        Some(account) if matched && !account.disabled => account,
        // The right password for a disabled account: refused, and said the same way.
        Some(_) if matched => {
            record("sign_in_refused", Some("the account is disabled".into())).await;
            return back_to_login("credentials", &form.next);
        }
        _ => {
            state.logins.failed(&email, &address, now);
            record("sign_in_failed", Some("wrong email or password".into())).await;
            return back_to_login("credentials", &form.next);
        }
    };
    state.logins.succeeded(&email);
    // A new session id on sign-in (no fixation), and a new CSRF token with it.
    let started = async {
        session.cycle_id().await?;
        session.insert(ACCOUNT_KEY, account.id).await?;
        session.insert(CSRF_KEY, new_token()).await
    };
    if let Err(error) = started.await {
        tracing::error!(%error, "the session could not be started");
        return back_to_login("unavailable", &form.next);
    }
    if let Err(error) = accounts::signed_in(&state.pool, account.id).await {
        tracing::warn!(%error, "last sign-in time not saved");
    }
    record("sign_in", None).await;
    let to = local_path(&form.next).unwrap_or(account.role.home());
    Redirect::to(to).into_response()
}

async fn logout(
    State(state): State<AppState>,
    session: Session,
    account: Option<axum::Extension<SignedIn>>,
) -> Response {
    if let Some(axum::Extension(account)) = account {
        let entry = Entry {
            actor: &account.email,
            action: "sign_out",
            subject: Some(&account.email),
            ..Entry::default()
        };
        if let Err(error) = audit::record(&state.pool, entry).await {
            tracing::error!(%error, "the audit log could not be written");
        }
    }
    if let Err(error) = session.flush().await {
        tracing::error!(%error, "the session could not be ended");
    }
    Redirect::to("/login?signed_out=1").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_on_this_site_is_followed_after_sign_in() {
        assert_eq!(local_path("/users?sort=name"), Some("/users?sort=name"));
        assert_eq!(local_path("//evil.example/"), None);
        assert_eq!(local_path("/\\evil.example/"), None);
        assert_eq!(local_path("https://evil.example/"), None);
        assert_eq!(local_path(""), None);
    }
}
