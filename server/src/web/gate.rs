//! The layer every request passes: it finds the signed-in account, checks the CSRF token of every
//! state-changing request, and keeps each role out of the pages it may not open. Server functions,
//! exports and workflow forms check again themselves, through the same `access::require`.

use app::types::Area;
use axum::{
    extract::{Request, State},
    http::{Method, StatusCode},
    middleware::Next,
    response::{Html, IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

use super::{
    access,
    csrf::{check_csrf, csrf_token, CsrfToken},
    session::{ACCOUNT_KEY, CSRF_KEY},
    AppState,
};
use crate::auth::{accounts, SignedIn};

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
            if access::require(Some(&account), area).is_err() {
                return Err(forbidden_page(&account));
            }
        }
    }
    Ok(request)
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
}
