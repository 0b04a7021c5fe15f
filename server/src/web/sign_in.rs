//! `POST /auth/login` and `POST /auth/logout`: plain form posts, so signing in needs no JavaScript.
//! Signing out after a single sign-on also ends the session at the identity provider when it
//! offers that (RP-initiated logout).
//! The sign-in page itself is the app's `/login` route.

use std::{net::SocketAddr, time::Instant};

use axum::{
    extract::{ConnectInfo, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
    routing::post,
    Form, Router,
};
use serde::Deserialize;
use tower_sessions::Session;

use super::{
    client_addr::client_ip,
    session::{new_token, ACCOUNT_KEY, CSRF_KEY, ID_TOKEN_KEY},
    AppState,
};
use crate::{
    audit::{self, Entry},
    auth::{accounts, limiter, password, SignedIn},
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

/// Where to go after signing in: a clean path on this site only. Browsers drop tabs and newlines
/// from URLs and read a backslash as `/`, so anything holding a control character, whitespace or a
/// backslash is refused whole, as is a path starting `//` (another host).
pub(super) fn local_path(next: &str) -> Option<&str> {
    let clean = !next
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    (clean && next.starts_with('/') && !next.starts_with("//") && next.len() <= 2048)
        .then_some(next)
}

pub(super) fn back_to_login(error: &str, next: &str) -> Response {
    let next: String =
        url::form_urlencoded::byte_serialize(local_path(next).unwrap_or("").as_bytes()).collect();
    Redirect::to(&format!("/login?error={error}&next={next}")).into_response()
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Response {
    let address = client_ip(peer, &headers, &state.settings.http.trusted_proxies).to_string();
    let email = form.email.trim().to_owned();
    let now = Instant::now();
    let record = |action: &'static str, subject: String, reason: Option<String>| {
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
                subject: Some(&subject),
                reason: Some(&reason),
                ..Entry::default()
            };
            if let Err(error) = audit::record(&pool, entry).await {
                tracing::error!(%error, "the audit log could not be written");
            }
        }
    };
    // The attempt is counted before its password is checked, so parallel attempts cannot pass the
    // limit; a refused attempt writes no row (the lock wrote one when it started).
    let reservation = match state.logins.reserve(&email, &address, now) {
        Ok(reservation) => reservation,
        Err(wait) => {
            tracing::info!(%address, "a sign-in attempt was refused: too many failures");
            let minutes = wait.as_secs().div_ceil(60).max(1);
            return back_to_login(&format!("limited-{minutes}"), &form.next);
        }
    };
    let account = match accounts::by_email(&state.pool, &email).await {
        Ok(account) => account,
        Err(error) => {
            state.logins.release(reservation);
            tracing::error!(%error, "accounts could not be read");
            return back_to_login("unavailable", &form.next);
        }
    };
    let matched = password::verify(
        form.password,
        account.as_ref().map(|a| a.password_hash.clone()),
    )
    .await;
    let refusal = match account {
        // An SSO-only account has no password anyone knows; it is refused like a wrong one.
        Some(account) if account.sso_only => Err((
            "sign_in_failed",
            "the account signs in through single sign-on only",
        )),
        Some(account) if matched && !account.disabled => Ok(account),
        // The right password for a disabled account: refused, said the same way, and counted.
        Some(_) if matched => Err(("sign_in_refused", "the account is disabled")),
        _ => Err(("sign_in_failed", "wrong email or password")),
    };
    let account = match refusal {
        Ok(account) => account,
        Err((action, reason)) => {
            record(action, email.clone(), Some(reason.into())).await;
            let window = limiter::WINDOW.as_secs() / 60;
            if reservation.locks_account {
                let why = format!(
                    "locked for {window} minutes after {} failed attempts for this account",
                    limiter::PER_ACCOUNT
                );
                record("sign_in_locked", email.clone(), Some(why)).await;
            }
            if reservation.locks_address {
                let why = format!(
                    "locked for {window} minutes after {} failed attempts from this address",
                    limiter::PER_ADDRESS
                );
                record("sign_in_locked", address.clone(), Some(why)).await;
            }
            return back_to_login("credentials", &form.next);
        }
    };
    state.logins.succeeded(reservation);
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
    record("sign_in", email.clone(), None).await;
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
    let id_token = session.get::<String>(ID_TOKEN_KEY).await.ok().flatten();
    if let Err(error) = session.flush().await {
        tracing::error!(%error, "the session could not be ended");
    }
    let at_provider = match (state.oidc.as_deref(), id_token) {
        (Some(provider), Some(id_token)) => {
            let mut after = provider.redirect_url().clone();
            after.set_path("/login");
            after.set_query(Some("signed_out=1"));
            provider.logout_url(&id_token, after).await
        }
        _ => None,
    };
    match at_provider {
        Some(url) => Redirect::to(url.as_str()).into_response(),
        None => Redirect::to("/login?signed_out=1").into_response(),
    }
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

    #[test]
    fn a_path_a_browser_would_read_as_another_host_or_that_breaks_a_header_is_not_followed() {
        // Browsers drop tabs and newlines: `/\t/evil.example/` is `//evil.example/` to them.
        for next in [
            "/\t/evil.example/",
            "/\n/evil.example/",
            "/\r\n/evil.example/",
            "/ /evil.example/",
            "/users\nSet-Cookie: x=1",
            "/\\/evil.example/",
            "/x\\..\\/evil",
            "/\u{0}/evil.example/",
        ] {
            assert_eq!(local_path(next), None, "{next:?}");
        }
        assert_eq!(
            local_path("/users/42?tab=seats"),
            Some("/users/42?tab=seats")
        );
    }
}
