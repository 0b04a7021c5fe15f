//! Building and running the server: the database, the address, the sync schedule, and what demo
//! mode wires (the simulator as Gong and SCIM target, the demo's seats, accounts and manager).

pub mod demo;
mod demo_seats;
pub mod gong;

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use axum::Router;
use tokio_util::sync::CancellationToken;

pub use demo::DemoAccount;
pub use gong::DEMO_SEED;

use crate::{
    auth::accounts,
    auth::oidc::Provider,
    config::{callback_under, Settings},
    db::{self, mode::Mode},
    notify::Notifier,
    simulator::RunningSimulator,
    sync::{schedule, Syncer},
    web::{self, AppState},
};

/// A server bound to its address, ready to run, with its sync schedule (and, in demo mode, the
/// simulator it reads).
pub struct Server {
    /// The demo's accounts, one per role, to print at start-up.
    pub demo_accounts: Vec<DemoAccount>,
    listener: tokio::net::TcpListener,
    router: Router,
    syncer: Syncer,
    sync_requests: tokio::sync::mpsc::Receiver<()>,
    notifier: Notifier,
    simulator: Option<RunningSimulator>,
    /// The web state's shutdown token: cancelled when shutdown starts.
    stop: CancellationToken,
}

/// How long shutdown waits for requests in flight and the sync to stop before exiting anyway.
pub const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(10);

/// The identity provider when OpenID Connect is configured; without a redirect or public URL, the
/// redirect URL is under the address the server listens on.
fn single_sign_on(
    settings: &Settings,
    local_addr: SocketAddr,
) -> anyhow::Result<Option<Arc<Provider>>> {
    let Some(oidc) = settings.oidc()? else {
        return Ok(None);
    };
    let redirect_url = match &oidc.redirect_url {
        Some(url) => url.clone(),
        None => callback_under(&format!("http://{local_addr}").parse()?),
    };
    tracing::info!(issuer = %oidc.issuer_url, %redirect_url, "single sign-on with OpenID Connect");
    let provider =
        Provider::new(oidc, redirect_url).context("cannot build the OpenID Connect client")?;
    Ok(Some(Arc::new(provider)))
}

impl Server {
    /// Validates the connection settings, opens and migrates the database and binds the address.
    pub async fn build(settings: Settings) -> anyhow::Result<Server> {
        let connection = settings.gong_connection()?;
        let pool = db::connect(&settings).await?;
        let setup = db::SetupLock::take(&pool)
            .await
            .context("cannot take the start-up lock in the database")?;
        db::mode::claim(&pool, Mode::of(&connection), &db::describe(&settings)).await?;
        let listener = tokio::net::TcpListener::bind(settings.addr)
            .await
            .with_context(|| format!("cannot listen on {} (SEAT_AUDIT__ADDR)", settings.addr))?;
        let local_addr = listener.local_addr()?;
        let connected = gong::connect(&settings, &connection).await?;
        accounts::ensure_first_admin(
            &pool,
            settings.admin.email.as_deref(),
            settings.admin.password.as_ref().map(|p| p.expose()),
        )
        .await?;
        let demo_accounts = match &connected.simulator {
            Some(simulator) => demo::wire(&pool, simulator).await?,
            None => Vec::new(),
        };
        let sessions = crate::web::session_store::Sessions::new(&pool);
        sessions
            .migrate()
            .await
            .context("cannot create the session table")?;
        setup.release().await;
        let settings = Arc::new(settings);
        let syncer = Syncer::new(pool.clone(), settings.clone(), connected.target);
        let (sync_now, sync_requests) = schedule::channel();
        let scim = gong::scim_target(&settings, connected.simulator.as_ref())?;
        let oidc = single_sign_on(&settings, local_addr)?;
        let mut channels = settings.channels()?;
        if channels.public_url.is_none() {
            channels.public_url = url::Url::parse(&format!("http://{local_addr}")).ok();
        }
        let notifier = Notifier::new(pool.clone(), settings.clone(), Arc::new(channels));
        let mut state = AppState::new(
            settings,
            connection,
            pool,
            local_addr,
            syncer.clone(),
            sync_now,
        );
        state.scim = scim;
        state.csrf_key = Arc::new(
            web::CsrfKey::stored(&state.pool)
                .await
                .context("cannot read or make the CSRF key")?,
        );
        state.oidc = oidc;
        state.notifier = Some(notifier.clone());
        let stop = state.shutdown.clone();
        Ok(Server {
            demo_accounts,
            listener,
            router: web::router(state, sessions),
            syncer,
            sync_requests,
            notifier,
            simulator: connected.simulator,
            stop,
        })
    }

    /// The notifications worker, for tests that drive it with their own clock.
    pub fn notifier(&self) -> &Notifier {
        &self.notifier
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
    /// finish and the sync stop at a checkpoint, for at most [`SHUTDOWN_DEADLINE`]; whatever is
    /// still open then is dropped (the sync resumes from its checkpoint at the next start).
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!(addr = %self.local_addr(), "serving");
        let stop = self.stop;
        let follow = tokio::spawn(self.syncer.clone().follow_other_runs(stop.clone()));
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
        .with_graceful_shutdown(stop.clone().cancelled_owned());
        let notifications = tokio::spawn(self.notifier.run(stop.clone()));
        let abort_schedule = schedule.abort_handle();
        let simulator = self.simulator;
        let stopped = async {
            let served = served.await;
            stop.cancel();
            if let Err(error) = schedule.await {
                tracing::error!(%error, "the sync schedule ended abnormally");
            }
            if let Err(error) = notifications.await {
                tracing::error!(%error, "the notifications worker ended abnormally");
            }
            let _ = follow.await;
            if let Some(simulator) = simulator {
                simulator.shutdown().await;
            }
            served
        };
        let deadline = {
            let stop = stop.clone();
            async move {
                tokio::select! {
                    () = shutdown => stop.cancel(),
                    () = stop.cancelled() => {}
                }
                tokio::time::sleep(SHUTDOWN_DEADLINE).await;
            }
        };
        let served = tokio::select! {
            served = stopped => served,
            () = deadline => {
                tracing::warn!(
                    deadline_secs = SHUTDOWN_DEADLINE.as_secs(),
                    "shutdown deadline passed with requests or the sync still running; stopping anyway"
                );
                abort_schedule.abort();
                Ok(())
            }
        };
        served
    }
}
