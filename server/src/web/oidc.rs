//! `GET /auth/oidc/login` and `GET /auth/oidc/callback`: single sign-on through the configured
//! OpenID provider. Every refusal ends on the sign-in page with a sentence (`app::pages::login`)
//! and an audit entry; nothing is signed in.

use std::{net::SocketAddr, time::Instant};

use axum::{
    extract::{ConnectInfo, Query, State},
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Router,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde::Deserialize;
use tower_sessions::Session;

use super::{
    client_addr::client_ip,
    session::{new_token, ACCOUNT_KEY, CSRF_KEY, ID_TOKEN_KEY},
    sign_in::{back_to_login, local_path},
    AppState,
};
use crate::{
    audit::{self, Entry},
    auth::{
        accounts::{self, AccountError},
        oidc::{
            account::{self, Admission, ACTOR},
            OidcError, Pending,
        },
    },
    config::CALLBACK_PATH,
};

/// The cookie that carries the flow's `state`, `nonce`, PKCE verifier and `next` to the callback:
/// nothing is stored on the server for someone who has not signed in yet.
const PENDING_COOKIE: &str = "seat_audit_oidc";
/// How long a person may take at the identity provider.
const PENDING_SECONDS: u32 = 10 * 60;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/oidc/login", get(login))
        .route(CALLBACK_PATH, get(callback))
}

#[derive(Deserialize)]
struct LoginQuery {
    #[serde(default)]
    next: String,
}

async fn login(State(state): State<AppState>, Query(query): Query<LoginQuery>) -> Response {
    let Some(provider) = state.oidc.as_deref() else {
        return back_to_login("sso-off", &query.next);
    };
    let next = local_path(&query.next).unwrap_or_default().to_owned();
    match provider.start(next).await {
        Ok((url, pending)) => {
            let cookie = pending_cookie(&pending, state.settings.session.secure_cookie);
            ([(header::SET_COOKIE, cookie)], Redirect::to(url.as_str())).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "single sign-on could not start");
            back_to_login("sso-unavailable", &query.next)
        }
    }
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    /// RFC 9207: the issuer that sent the person back, when it says.
    iss: Option<String>,
}

/// Why a callback signed nobody in: the code the sign-in page turns into a sentence, and what the
/// audit log and the server log keep.
struct Refusal {
    code: String,
    subject: Option<String>,
    detail: String,
}

impl Refusal {
    fn new(code: &str, detail: impl Into<String>) -> Self {
        Refusal {
            code: code.into(),
            subject: None,
            detail: detail.into(),
        }
    }

    fn about(mut self, email: &str) -> Self {
        self.subject = Some(email.to_owned());
        self
    }
}

async fn callback(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    session: Session,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let address = client_ip(peer, &headers, &state.settings.http.trusted_proxies).to_string();
    let pending = pending_of(&headers);
    let next = pending.as_ref().map_or("", |p| p.next.as_str()).to_owned();
    let outcome = sign_in(&state, &session, &address, pending, query).await;
    let mut response = match outcome {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(refusal) => {
            tracing::info!(code = %refusal.code, detail = %refusal.detail, "single sign-on refused");
            let reason = format!("{}, from {address}", refusal.detail);
            let entry = Entry {
                actor: ACTOR,
                action: "sign_in_refused",
                subject: refusal.subject.as_deref(),
                reason: Some(&reason),
                ..Entry::default()
            };
            if let Err(error) = audit::record(&state.pool, entry).await {
                tracing::error!(%error, "the audit log could not be written");
            }
            back_to_login(&refusal.code, &next)
        }
    };
    // The flow's cookie is used once, whatever the outcome.
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "seat_audit_oidc=; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0",
        ),
    );
    response
}

/// Checks what came back and signs the person in; where to go next.
async fn sign_in(
    state: &AppState,
    session: &Session,
    address: &str,
    pending: Option<Pending>,
    query: CallbackQuery,
) -> Result<String, Refusal> {
    let Some(provider) = state.oidc.as_deref() else {
        return Err(Refusal::new("sso-off", "single sign-on is not configured"));
    };
    let name = &provider.settings.provider_name;
    if let Some(error) = &query.error {
        let code = if error == "access_denied" {
            "sso-denied"
        } else {
            "sso-error"
        };
        let description = query
            .error_description
            .as_deref()
            .unwrap_or("no description");
        return Err(Refusal::new(
            code,
            format!("{name} answered {error}: {description}"),
        ));
    }
    let Some(pending) = pending else {
        return Err(Refusal::new(
            "sso-expired",
            "no sign-in was started in this browser, or it is older than ten minutes",
        ));
    };
    let same_state = query
        .state
        .as_deref()
        .is_some_and(|s| constant_time_eq(s.as_bytes(), pending.state.as_bytes()));
    if !same_state {
        return Err(Refusal::new(
            "sso-state",
            "the state sent back is not the one this browser was given",
        ));
    }
    if let Some(iss) = &query.iss {
        let expected = provider.settings.issuer_url.trim_end_matches('/');
        if iss.trim_end_matches('/') != expected {
            return Err(Refusal::new(
                "sso-state",
                format!("sent back by {iss}, not by the configured issuer"),
            ));
        }
    }
    let Some(code) = query.code else {
        return Err(Refusal::new("sso-error", "no authorization code came back"));
    };
    let identity = provider.finish(code, &pending).await.map_err(|error| {
        let code = match &error {
            OidcError::Discovery(_) => "sso-unavailable",
            OidcError::Exchange(_) => "sso-code",
            OidcError::IdToken(_) => "sso-token",
            OidcError::NoEmail | OidcError::UnverifiedEmail(_) => "sso-email",
        };
        Refusal::new(code, error.to_string())
    })?;
    let email = identity.email.as_str();
    let reservation = state
        .logins
        .reserve(email, address, Instant::now())
        .map_err(|wait| {
            let minutes = wait.as_secs().div_ceil(60).max(1);
            Refusal::new(
                &format!("limited-{minutes}"),
                "too many failed sign-ins for this account or address",
            )
            .about(email)
        })?;
    let Some(role) = provider
        .settings
        .role_map
        .role_for(identity.groups.iter().map(String::as_str))
    else {
        state.logins.release(reservation);
        let groups = identity.groups.join(", ");
        return Err(Refusal::new(
            "sso-no-role",
            format!("no group at {name} gives a role here (groups: {groups})"),
        )
        .about(email));
    };
    let account = match account::admit(&state.pool, email, role, name).await {
        Ok(Admission::Admitted(account)) => account,
        Ok(Admission::Disabled) => {
            state.logins.release(reservation);
            return Err(Refusal::new("credentials", "the account is disabled").about(email));
        }
        Err(AccountError::Invalid(problem)) => {
            state.logins.release(reservation);
            return Err(Refusal::new("sso-email", problem).about(email));
        }
        Err(AccountError::Database(error)) => {
            state.logins.release(reservation);
            tracing::error!(%error, "accounts could not be read");
            return Err(Refusal::new("unavailable", "the database could not be read").about(email));
        }
    };
    state.logins.succeeded(reservation);
    // A new session id on sign-in (no fixation), and a new CSRF token with it.
    let started = async {
        session.cycle_id().await?;
        session.insert(ACCOUNT_KEY, account.id).await?;
        session.insert(CSRF_KEY, new_token()).await?;
        session.insert(ID_TOKEN_KEY, &identity.id_token).await
    };
    if let Err(error) = started.await {
        tracing::error!(%error, "the session could not be started");
        return Err(Refusal::new("unavailable", "the session could not be started").about(email));
    }
    if let Err(error) = accounts::signed_in(&state.pool, account.id).await {
        tracing::warn!(%error, "last sign-in time not saved");
    }
    // The account's role, which is the mapped one unless it is the last enabled admin's.
    let reason = format!(
        "through {name} as {}, from {address}",
        account.role.as_str()
    );
    let entry = Entry {
        actor: &account.email,
        action: "sign_in",
        subject: Some(&account.email),
        reason: Some(&reason),
        ..Entry::default()
    };
    if let Err(error) = audit::record(&state.pool, entry).await {
        tracing::error!(%error, "the audit log could not be written");
    }
    Ok(local_path(&pending.next)
        .unwrap_or(account.role.home())
        .to_owned())
}

fn pending_cookie(pending: &Pending, secure: bool) -> HeaderValue {
    let value = URL_SAFE_NO_PAD.encode(serde_json::to_vec(pending).expect("plain strings"));
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{PENDING_COOKIE}={value}; Path=/auth/oidc; HttpOnly; SameSite=Lax; \
         Max-Age={PENDING_SECONDS}{secure}"
    ))
    .expect("base64 makes a valid header")
}

fn pending_of(headers: &HeaderMap) -> Option<Pending> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == PENDING_COOKIE)
        .and_then(|(_, value)| URL_SAFE_NO_PAD.decode(value).ok())
        .and_then(|json| serde_json::from_slice(&json).ok())
}

/// Whether `a` and `b` are equal, in a time that does not depend on where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pending_flow_survives_its_cookie_and_a_mangled_cookie_is_no_flow() {
        let pending = Pending {
            state: "s".into(),
            nonce: "n".into(),
            verifier: "v".into(),
            next: "/users?sort=name".into(),
        };
        let cookie = pending_cookie(&pending, true);
        let text = cookie.to_str().unwrap();
        assert!(
            text.contains("HttpOnly") && text.contains("Secure"),
            "{text}"
        );
        let value = text.split(';').next().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(value).unwrap());
        assert_eq!(pending_of(&headers), Some(pending));

        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("seat_audit_oidc=not-json"),
        );
        assert_eq!(pending_of(&headers), None);
    }

    #[test]
    fn states_compare_equal_only_when_identical() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
