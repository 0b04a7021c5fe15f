//! The HTTP server: the Leptos pages and server functions, `/healthz`, `/metrics`, and the layers
//! every request passes through (request id, tracing, metrics).

mod backend;
mod exports;
mod health;
mod metrics;
mod state;
mod sync_events;
mod workflow;

use std::{future::Future, net::SocketAddr, sync::Arc};

use anyhow::Context;
use axum::{http::HeaderName, routing::get, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio_util::sync::CancellationToken;
use tower::ServiceBuilder;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};
use tower_sessions::{
    cookie::SameSite, session_store::ExpiredDeletion, Expiry, SessionManagerLayer,
};
use tower_sessions_sqlx_store::SqliteStore;

use app::{backend::SharedBackend, shell, App};
pub use metrics::HttpMetrics;
pub use state::AppState;

use crate::{
    auth::{self, accounts, accounts::DemoAccount},
    config::Settings,
    db, gong_target,
    simulator::RunningSimulator,
    sync::{schedule, Syncer},
    workflow::scim::ScimTarget,
};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A server bound to its address, ready to run, with its sync schedule (and, in demo mode, the
/// simulator it reads).
pub struct Server {
    /// The demo's accounts, one per role, to print at start-up.
    pub demo_accounts: Vec<DemoAccount>,
    listener: tokio::net::TcpListener,
    router: Router,
    syncer: Syncer,
    sync_requests: tokio::sync::mpsc::Receiver<()>,
    simulator: Option<RunningSimulator>,
}

impl Server {
    /// Validates the connection settings, opens and migrates the database and binds the address.
    pub async fn build(settings: Settings) -> anyhow::Result<Server> {
        let connection = settings.gong_connection()?;
        let pool = db::connect(&settings).await?;
        let listener = tokio::net::TcpListener::bind(settings.addr)
            .await
            .with_context(|| format!("cannot listen on {} (SEAT_AUDIT__ADDR)", settings.addr))?;
        let local_addr = listener.local_addr()?;
        let connected = gong_target::connect(&settings, &connection).await?;
        accounts::ensure_first_admin(
            &pool,
            settings.admin.email.as_deref(),
            settings.admin.password.as_ref().map(|p| p.expose()),
        )
        .await?;
        let mut demo_accounts = Vec::new();
        if let Some(simulator) = &connected.simulator {
            crate::seats::demo::seed(&pool, &simulator.seats_csv(), chrono::Utc::now())
                .await
                .context("cannot set up the demo's seats")?;
            demo_accounts = accounts::ensure_demo_accounts(&pool, &demo_manager(simulator))
                .await
                .context("cannot set up the demo's accounts")?;
        }
        let sessions = SqliteStore::new(pool.clone());
        sessions
            .migrate()
            .await
            .context("cannot create the session table")?;
        let settings = Arc::new(settings);
        let syncer = Syncer::new(pool.clone(), settings.clone(), connected.target);
        let (sync_now, sync_requests) = schedule::channel();
        let scim = match &connected.simulator {
            Some(simulator) => Some(ScimTarget {
                base_url: simulator
                    .scim_base_url()
                    .parse()
                    .context("the simulator's SCIM URL")?,
                token: crate::config::Secret::new(simulator.credentials().scim_token.clone()),
            }),
            None => match (&settings.scim.base_url, &settings.scim.token) {
                (Some(base_url), Some(token)) => Some(ScimTarget {
                    base_url: base_url.clone(),
                    token: token.clone(),
                }),
                _ => None,
            },
        };
        let mut state = AppState::new(
            settings,
            connection,
            pool,
            local_addr,
            syncer.clone(),
            sync_now,
        );
        state.scim = scim;
        Ok(Server {
            demo_accounts,
            listener,
            router: router(state, sessions),
            syncer,
            sync_requests,
            simulator: connected.simulator,
        })
    }

    /// The demo's simulator, for tests that inspect or steer it.
    pub fn simulator(&self) -> Option<&RunningSimulator> {
        self.simulator.as_ref()
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves and runs the sync schedule until `shutdown` resolves, then lets requests in flight
    /// finish and the sync stop at a checkpoint.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!(addr = %self.local_addr(), "serving");
        let stop = CancellationToken::new();
        let schedule = tokio::spawn(schedule::run_schedule(
            self.syncer,
            self.sync_requests,
            stop.clone(),
        ));
        let served = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown({
            let stop = stop.clone();
            async move {
                shutdown.await;
                stop.cancel();
            }
        })
        .await;
        stop.cancel();
        if let Err(error) = schedule.await {
            tracing::error!(%error, "the sync schedule ended abnormally");
        }
        if let Some(simulator) = self.simulator {
            simulator.shutdown().await;
        }
        served
    }
}

fn router(state: AppState, sessions: SqliteStore) -> Router {
    let session_layer = SessionManagerLayer::new(sessions.clone())
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
    let provide_backend = move || provide_context(backend.clone());
    let options = state.leptos.clone();

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::metrics))
        .route("/sync/events", get(sync_events::sync_events))
        .merge(exports::router())
        .merge(auth::router())
        .merge(workflow::router())
        .leptos_routes_with_context(&state, routes, provide_backend.clone(), move || {
            shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide_backend, shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::gate,
        ))
        .layer(session_layer)
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

/// The demo's manager account: the first active manager in the synthetic company with a leaver
/// among their direct reports (a deactivation candidate for them to approve), else with reports.
fn demo_manager(simulator: &RunningSimulator) -> String {
    use crate::simulator::Persona;
    let users = &simulator.company().users;
    let manages = |i: usize, persona: Option<Persona>| {
        users.iter().any(|r| {
            r.manager == Some(i as u32) && r.active && persona.is_none_or(|p| r.persona == p)
        })
    };
    let manager = |persona: Option<Persona>| {
        users
            .iter()
            .enumerate()
            .find(|(i, u)| u.active && u.persona == Persona::Manager && manages(*i, persona))
            .map(|(_, u)| u.email.clone())
    };
    manager(Some(Persona::Leaver))
        .or_else(|| manager(None))
        .unwrap_or_else(|| "manager@demo.seat-audit.test".to_owned())
}
