//! The routes and the layers every request passes through (request id, tracing, metrics, security
//! headers, session, the gate).

use std::{future::Future, pin::Pin, sync::Arc};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderName, Uri},
    response::Response,
    routing::get,
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower::ServiceBuilder;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};
use tower_sessions::{
    cookie::SameSite, session_store::ExpiredDeletion, Expiry, SessionManagerLayer,
};

use app::{backend::SharedBackend, shell, App};

use super::{
    backend, body_limit, exports, gate, health, metrics, notify, oidc, password, refusals,
    security_headers::{self, CspNonce},
    session_store::{HashedIds, Sessions},
    sign_in, site, sync_events, workflow, AppState,
};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Every route and the layers each request passes, in order: request id and tracing, metrics,
/// security headers, the session, then the gate (sign-in, CSRF, role per page).
pub fn router(state: AppState, sessions: Sessions) -> Router {
    let store = HashedIds(sessions.clone());
    let session_layer = SessionManagerLayer::new(store.clone())
        .with_name("seat_audit_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.settings.session.secure_cookie)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::minutes(i64::from(
                state.settings.session.idle_minutes,
            )),
        ));
    tokio::spawn(async move {
        // Expired sessions are removed hourly; a failure is logged and retried next time.
        if let Err(error) = sessions
            .continuously_delete_expired(std::time::Duration::from_secs(3600))
            .await
        {
            tracing::warn!(%error, "expired sessions are no longer removed");
        }
    });
    let routes = generate_route_list(App);
    let backend: SharedBackend = Arc::new(backend::ServerBackend::new(state.clone()));
    // The page renderer takes the request's CSP nonce, so the scripts it writes match the header.
    let provide_backend = move || {
        provide_context(backend.clone());
        let nonce = use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
        if let Some(CspNonce(nonce)) = nonce {
            provide_context(leptos::nonce::Nonce::from_value(nonce));
        }
    };
    let options = state.leptos.clone();
    let embedded = state.settings.site_root.is_none() && site::is_embedded();

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::metrics))
        .route("/sync/events", get(sync_events::sync_events))
        .merge(exports::router())
        .merge(sign_in::router())
        .merge(oidc::router())
        .merge(password::router())
        .merge(workflow::router())
        .merge(notify::router())
        .leptos_routes_with_context(&state, routes, provide_backend.clone(), move || {
            shell(options.clone())
        })
        .fallback(site_or_page(
            embedded,
            leptos_axum::file_and_error_handler_with_context::<AppState, _>(provide_backend, shell),
        ))
        .layer(axum::middleware::from_fn(refusals::refusal_status))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            gate::gate,
        ))
        .layer(session_layer)
        // The sync's event stream re-reads its session from the store while it stays open.
        .layer(axum::Extension(store))
        .layer(axum::middleware::from_fn(body_limit::refuse_oversize))
        .layer(axum::middleware::from_fn(
            security_headers::security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(
                    |request: &axum::http::Request<_>| {
                        let request_id = request
                            .headers()
                            .get(REQUEST_ID)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!(
                            "request",
                            method = %request.method(),
                            path = %request.uri().path(),
                            request_id,
                        )
                    },
                ))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID)),
        )
        .with_state(state)
}

type PageFuture = Pin<Box<dyn Future<Output = Response<Body>> + Send + 'static>>;

/// What no route answers: a file of the embedded site when the binary carries one, else a file of
/// the site on disk or the not-found page (Leptos's handler).
fn site_or_page(
    embedded: bool,
    pages: impl Fn(Uri, State<AppState>, Request<Body>) -> PageFuture + Clone + Send + Sync + 'static,
) -> impl Fn(Uri, State<AppState>, Request<Body>) -> PageFuture + Clone + Send + Sync + 'static {
    move |uri: Uri, state: State<AppState>, request: Request<Body>| {
        if embedded {
            if let Some(file) = site::response(uri.path(), request.headers()) {
                return Box::pin(std::future::ready(file));
            }
        }
        pages(uri, state, request)
    }
}
