//! The layer every request passes: it refuses paths that are not plain, finds the signed-in
//! account (keeping its session alive while it is used), checks the CSRF token of every
//! state-changing request, sends an account that must change its password to do so, and keeps
//! each role out of the pages it may not open. Server functions, exports and workflow forms check
//! again themselves, through the same `access::require`.

use app::types::Area;
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{Html, IntoResponse, Redirect, Response},
};
use chrono::Utc;
use tower_sessions::Session;

use super::{
    access,
    csrf::{check_csrf, CsrfToken},
    password::CHANGE_PATH,
    session::{new_token, ACCOUNT_KEY, CSRF_KEY, PRE_SESSION_COOKIE, REFRESHED_KEY},
    AppState,
};
use crate::auth::{accounts, SignedIn};

/// A path with no dot segments, empty segments or backslashes, and no percent-encoding of a
/// character that needs none or of a separator (`%73ettings`, `%2e%2e`, `%2f`): the only kind the
/// gate decides on, so the prefix and page it checks are the ones the router serves.
fn is_plain(path: &str) -> bool {
    let segments = path.split('/').skip(1).collect::<Vec<_>>();
    let last = segments.len().saturating_sub(1);
    path.starts_with('/')
        && !path.contains('\\')
        && !needless_escapes(path)
        && segments.iter().enumerate().all(|(i, segment)| {
            !matches!(*segment, "." | "..") && (!segment.is_empty() || i == last)
        })
}

/// Whether `path` percent-encodes a letter, digit, `-._~`, a slash, a backslash or a control
/// character, or has a `%` that starts no escape.
fn needless_escapes(path: &str) -> bool {
    path.match_indices('%').any(|(at, _)| {
        match path
            .get(at + 1..at + 3)
            .map(|hex| u8::from_str_radix(hex, 16))
        {
            Some(Ok(byte)) => {
                byte.is_ascii_alphanumeric() || b"-._~/\\".contains(&byte) || byte < 0x20
            }
            _ => true,
        }
    })
}

/// Paths anyone may fetch without a session: the compiled front end, the icon, health and metrics
/// (which has its own loopback-or-token rule). Only asked of plain paths.
fn is_public(path: &str) -> bool {
    path.starts_with("/pkg/") || matches!(path, "/favicon.svg" | "/healthz" | "/metrics")
}

/// Paths answered with a status, not a page, when nobody is signed in.
fn is_machine(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/export/") || path.starts_with("/sync/events")
}

pub async fn gate(
    State(state): State<AppState>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if !is_plain(&path) {
        return (
            StatusCode::BAD_REQUEST,
            "The address is not a plain path (it has dot segments, empty segments, backslashes or \
             encoded separators).",
        )
            .into_response();
    }
    if is_public(&path) {
        return next.run(request).await;
    }
    match admit(&state, &session, request).await {
        Ok((request, new_cookie)) => {
            let mut response = next.run(request).await;
            if let Some(cookie) = new_cookie {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(response) => response,
    }
}

/// The request with its token and account, and a cookie to set when the token is new.
async fn admit(
    state: &AppState,
    session: &Session,
    mut request: Request,
) -> Result<(Request, Option<HeaderValue>), Response> {
    // Nothing is stored for a visitor who has not signed in: a signed-in session carries its own
    // token; before that, the cookie holds a random value and the form must repeat its HMAC under
    // the installation's key (a signed double submit), so the sign-in form is protected without a
    // session row per visit, and a cookie planted by someone else is of no use to them.
    let mut new_cookie = None;
    let token = match session.get::<String>(CSRF_KEY).await.map_err(unavailable)? {
        Some(token) => Some(token),
        None => {
            let secure = state.settings.session.secure_cookie;
            match pre_session_nonce(request.headers(), secure) {
                Some(nonce) => Some(state.csrf_key.token_for(&nonce)),
                None if !is_machine(request.uri().path()) => {
                    let nonce = new_token();
                    new_cookie = Some(pre_session_cookie(&nonce, secure));
                    Some(state.csrf_key.token_for(&nonce))
                }
                None => None,
            }
        }
    };
    let signed_in = signed_in(state, session).await.map_err(unavailable)?;
    if !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        request = check_csrf(request, token.as_deref()).await?;
    }
    if let Some(token) = token {
        request.extensions_mut().insert(CsrfToken(token));
    }
    if let Some((account, _)) = &signed_in {
        request.extensions_mut().insert(account.clone());
    }
    let path = request.uri().path();
    if path == "/login" || path.starts_with("/auth/") {
        return Ok((request, new_cookie));
    }
    let Some((account, must_change)) = signed_in else {
        if is_machine(path) {
            return Err((
                StatusCode::UNAUTHORIZED,
                "Sign in first: no session, or it has ended.",
            )
                .into_response());
        }
        let wanted = request.uri().path_and_query().map_or("/", |p| p.as_str());
        let next = url::form_urlencoded::byte_serialize(wanted.as_bytes()).collect::<String>();
        return Err(Redirect::to(&format!("/login?next={next}")).into_response());
    };
    if must_change && path != CHANGE_PATH {
        if is_machine(path) {
            return Err((
                StatusCode::FORBIDDEN,
                "Change your password first: an admin has reset it.",
            )
                .into_response());
        }
        return Err(Redirect::to(CHANGE_PATH).into_response());
    }
    if !is_machine(path) {
        if let Some(area) = Area::of_page(path) {
            if access::require(Some(&account), area).is_err() {
                return Err(forbidden_page(&account));
            }
        }
    }
    Ok((request, new_cookie))
}

/// The account the session names, if it still exists and may sign in, and whether it must change
/// its password; its role is read afresh, so a role change or a disabled account takes effect on
/// the next request. A signed-in session's expiry is pushed back as it is used (idle means idle),
/// at most once per [`refresh_every`], so a busy session is not a write per request.
async fn signed_in(
    state: &AppState,
    session: &Session,
) -> Result<Option<(SignedIn, bool)>, anyhow::Error> {
    let Some(id) = session.get::<i64>(ACCOUNT_KEY).await? else {
        return Ok(None);
    };
    match accounts::by_id(&state.pool, id).await? {
        Some(account) if !account.disabled => {
            let now = Utc::now().timestamp();
            let refreshed = session.get::<i64>(REFRESHED_KEY).await?.unwrap_or(0);
            if now - refreshed >= refresh_every(state.settings.session.idle_minutes) {
                // A change to the session saves it, and saving sets a new expiry.
                session.insert(REFRESHED_KEY, now).await?;
            }
            Ok(Some((
                SignedIn {
                    id: account.id,
                    email: account.email,
                    role: account.role,
                },
                account.must_change_password,
            )))
        }
        _ => {
            session.remove::<i64>(ACCOUNT_KEY).await?;
            Ok(None)
        }
    }
}

/// Seconds between two refreshes of a session's expiry: a quarter of the idle time, at most a
/// minute.
pub fn refresh_every(idle_minutes: u32) -> i64 {
    (i64::from(idle_minutes) * 60 / 4).clamp(1, 60)
}

/// The pre-session cookie's name: with secure cookies, `__Host-` so that the browser accepts it
/// only from this host over HTTPS, never set by a sibling subdomain.
fn pre_session_name(secure: bool) -> String {
    if secure {
        format!("__Host-{PRE_SESSION_COOKIE}")
    } else {
        PRE_SESSION_COOKIE.to_owned()
    }
}

/// The pre-session cookie's random value, if it looks like one of ours.
fn pre_session_nonce(headers: &HeaderMap, secure: bool) -> Option<String> {
    let name = pre_session_name(secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn pre_session_cookie(nonce: &str, secure: bool) -> HeaderValue {
    let name = pre_session_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={nonce}; Path=/; HttpOnly; SameSite=Lax{secure}"
    ))
    .expect("a hex value makes a valid header")
}

fn forbidden_page(account: &SignedIn) -> Response {
    let email = html_escape(&account.email);
    (
        StatusCode::FORBIDDEN,
        Html(format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not for this \
             account · seat-audit</title><link rel=\"stylesheet\" href=\"/pkg/seat-audit.css\"></head>\
             <body><main id=\"content\" class=\"page-narrow\"><h1>Not for this account</h1><p>You are \
             signed in as {email} ({role}), and this page is not part of that role. Ask an admin if you \
             need it.</p><p><a href=\"{home}\">Go to your start page</a></p></main></body></html>",
            role = account.role.label(),
            home = account.role.home(),
        )),
    )
        .into_response()
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn unavailable(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "the session store could not be read");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The session store is unavailable; try again in a moment.",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_assets_and_health_are_public() {
        assert!(is_public("/pkg/seat-audit.wasm"));
        assert!(is_public("/healthz"));
        assert!(!is_public("/"));
        assert!(!is_public("/export/users.csv"));
        assert!(is_machine("/api/save_policy"));
        assert!(!is_machine("/settings"));
    }

    #[test]
    fn a_path_with_dot_segments_or_encoded_separators_is_not_plain() {
        for path in [
            "/pkg/../users",
            "/pkg/./../settings",
            "/pkg/%2e%2e/users",
            "/pkg/..%2Fusers",
            "/pkg/..\\users",
            "/./api/accounts",
            "//users",
            "/pkg//../users",
            "/users/%00",
            "/%73ettings",
            "/users%2F42",
            "/users/%zz",
        ] {
            assert!(!is_plain(path), "{path}");
        }
        for path in [
            "/",
            "/users",
            "/users/",
            "/users/42",
            "/pkg/seat-audit.wasm",
            "/a.b/c",
        ] {
            assert!(is_plain(path), "{path}");
        }
    }

    #[test]
    fn a_session_is_refreshed_every_quarter_of_its_idle_time_at_most_every_minute() {
        assert_eq!(refresh_every(1), 15);
        assert_eq!(refresh_every(8 * 60), 60);
    }
}
