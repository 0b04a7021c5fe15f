//! Starting a simulator on a port and the handle a running one gives: its URLs, credentials, clock,
//! ground truth, request log, and the knobs (faults, limits, stats access) tests turn at run time.

use std::{net::SocketAddr, sync::Arc};

use chrono::{DateTime, Utc};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::{
    clock::SimClock,
    company::Company,
    config::{SimCredentials, SimulatorConfig},
    error::SimulatorError,
    faults::Faults,
    limits::RateLimits,
    routes,
    state::{LoggedRequest, Shared},
    truth::{self, GroundTruth},
};

pub struct Simulator;

impl Simulator {
    /// Generates the company and serves it on `addr` (port 0 for any free port) until shutdown.
    pub async fn start(
        config: SimulatorConfig,
        addr: SocketAddr,
    ) -> Result<RunningSimulator, SimulatorError> {
        let clock = SimClock::default();
        let shared = Arc::new(Shared::new(config, clock)?);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| SimulatorError::Bind { addr, source })?;
        let local = listener
            .local_addr()
            .map_err(|source| SimulatorError::Bind { addr, source })?;
        let stop = CancellationToken::new();
        let router = routes::router(shared.clone());
        let task = tokio::spawn({
            let stop = stop.clone();
            async move {
                let served = axum::serve(listener, router)
                    .with_graceful_shutdown(async move { stop.cancelled().await })
                    .await;
                if let Err(error) = served {
                    tracing::error!(%error, "the simulator stopped with an error");
                }
            }
        });
        Ok(RunningSimulator {
            shared,
            addr: local,
            stop,
            task,
        })
    }
}

pub struct RunningSimulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: CancellationToken,
    task: JoinHandle<()>,
}

impl RunningSimulator {
    /// The REST base URL (paths start with `/v2/`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn scim_base_url(&self) -> String {
        format!("http://{}/scim/v2", self.addr)
    }

    pub fn credentials(&self) -> &SimCredentials {
        &self.shared.config.credentials
    }

    pub fn clock(&self) -> &SimClock {
        &self.shared.clock
    }

    pub fn company(&self) -> &Company {
        &self.shared.company
    }

    /// What the report must say per user at `as_of`, computed from the data, not the API.
    pub fn truth(&self, as_of: DateTime<Utc>, lookback_days: u32) -> GroundTruth {
        truth::compute(&self.shared, as_of, lookback_days)
    }

    pub fn seats_csv(&self) -> String {
        self.shared.company.seats_csv()
    }

    /// Requests answered so far, whatever their status.
    pub fn request_count(&self) -> u64 {
        self.shared.request_count()
    }

    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.log.lock().expect("log lock").clone()
    }

    /// Requests counted against today's quota (UTC, by the simulator's clock).
    pub fn quota_used_today(&self) -> u32 {
        self.shared
            .limiter
            .lock()
            .expect("limiter lock")
            .used_today()
    }

    /// Clears the log and the count, e.g. between the runs of a benchmark.
    pub fn reset_request_log(&self) {
        self.shared.reset_log();
    }

    pub fn set_faults(&self, faults: Faults) {
        *self.shared.faults.lock().expect("faults lock") = faults;
    }

    pub fn set_limits(&self, limits: RateLimits) {
        self.shared
            .limiter
            .lock()
            .expect("limiter lock")
            .set_limits(limits);
    }

    pub fn set_stats_allowed(&self, allowed: bool) {
        self.shared
            .stats_allowed
            .store(allowed, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether Gong shows the user active now (SCIM changes included).
    pub fn is_active(&self, user_id: &str) -> Option<bool> {
        let index = self.shared.user_index(user_id)?;
        Some(self.shared.active_at(index, self.shared.clock.now()))
    }

    pub async fn shutdown(self) {
        self.stop.cancel();
        let _ = self.task.await;
    }
}
