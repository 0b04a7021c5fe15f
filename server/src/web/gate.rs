//! The layer every request passes: it finds the signed-in account, checks the CSRF token of every
//! state-changing request, and keeps each role out of the pages it may not open. Server functions
//! and exports check the role again themselves (`web::backend`, `web::exports`).

use app::types::Area;
use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, Method, StatusCode},
    middleware::Next,
    response::{Html, IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

use super::{
    accounts, new_token, CsrfToken, SignedIn, ACCOUNT_KEY, CSRF_FIELD, CSRF_HEADER, CSRF_KEY,
};
use crate::web::AppState;

/// The largest form body read for its token (a seat CSV pasted into a form fits).
const MAX_FORM: usize = 8 * 1024 * 1024;

/// Paths anyone may fetch without a session: the compiled front end, the icon, health and metrics
/// (which has its own loopback-or-token rule).
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
    if is_public(&path) {
        return next.run(request).await;
    }
    match admit(&state, &session, request).await {
        Ok(request) => next.run(request).await,
        Err(response) => response,
    }
}

async fn admit(
    state: &AppState,
    session: &Session,
    mut request: Request,
) -> Result<Request, Response> {
    // Only pages start a session (and its token). A script's request without one is refused
    // without a new session, so a call racing a sign-in never replaces the new session's cookie.
    let token = if is_machine(request.uri().path()) {
        session.get::<String>(CSRF_KEY).await.map_err(unavailable)?
    } else {
        Some(csrf_token(session).await.map_err(unavailable)?)
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
    if let Some(account) = &signed_in {
        request.extensions_mut().insert(account.clone());
    }
    let path = request.uri().path();
    if path == "/login" || path.starts_with("/auth/") {
        return Ok(request);
    }
    let Some(account) = signed_in else {
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
    if !is_machine(path) {
        if let Some(area) = Area::of_page(path) {
            if !account.role.may(area) {
                return Err(forbidden_page(&account));
            }
        }
    }
    Ok(request)
}

/// The session's token, made on its first request.
async fn csrf_token(session: &Session) -> Result<String, tower_sessions::session::Error> {
    if let Some(token) = session.get::<String>(CSRF_KEY).await? {
        return Ok(token);
    }
    let token = new_token();
    session.insert(CSRF_KEY, &token).await?;
    Ok(token)
}

/// The account the session names, if it still exists and may sign in; its role is read afresh, so a
/// role change or a disabled account takes effect on the next request.
async fn signed_in(state: &AppState, session: &Session) -> Result<Option<SignedIn>, anyhow::Error> {
    let Some(id) = session.get::<i64>(ACCOUNT_KEY).await? else {
        return Ok(None);
    };
    match accounts::by_id(&state.pool, id).await? {
        Some(account) if !account.disabled => Ok(Some(SignedIn {
            id: account.id,
            email: account.email,
            role: account.role,
        })),
        _ => {
            session.remove::<i64>(ACCOUNT_KEY).await?;
            Ok(None)
        }
    }
}

/// The token from the `x-csrf-token` header (scripts and the page's server function calls) or the
/// `csrf` field of a form body (forms without JavaScript); the body is read and put back.
async fn check_csrf(request: Request, token: Option<&str>) -> Result<Request, Response> {
    let refused = || {
        (
            StatusCode::FORBIDDEN,
            Html(
                "<!DOCTYPE html><title>Refused</title><p>This form had no valid security token (it \
                 may have been open since before you signed in, or come from another site). Nothing \
                 was changed. <a href=\"/\">Reload the page</a> and try again.</p>",
            ),
        )
            .into_response()
    };
    if let Some(presented) = request.headers().get(CSRF_HEADER) {
        return if token.is_some_and(|token| same(presented.as_bytes(), token.as_bytes())) {
            Ok(request)
        } else {
            Err(refused())
        };
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(refused());
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, MAX_FORM).await.map_err(|_| {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            "The form is larger than 8 MB.",
        )
            .into_response()
    })?;
    let presented = url::form_urlencoded::parse(&bytes)
        .find(|(name, _)| name == CSRF_FIELD)
        .map(|(_, value)| value.into_owned());
    match presented {
        Some(value) if token.is_some_and(|token| same(value.as_bytes(), token.as_bytes())) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(refused()),
    }
}

/// Compares in time that depends only on the length.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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
    fn tokens_compare_whole_and_only_assets_and_health_are_public() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
        assert!(is_public("/pkg/seat-audit.wasm"));
        assert!(is_public("/healthz"));
        assert!(!is_public("/"));
        assert!(!is_public("/export/users.csv"));
        assert!(is_machine("/api/save_policy"));
        assert!(!is_machine("/settings"));
    }
}
