//! A Gong simulator: the REST endpoints the product reads and the SCIM endpoint it writes, with
//! Gong's envelope, pagination, empty-list 404s, rate limits and injectable faults
//! (docs/gong-api.md), over a deterministic synthetic company. The demo, the tests and the
//! benchmarks run against it; nothing here can reach the real Gong.

mod clock;
mod company;
mod cursor;
mod faults;
mod limits;
mod middleware;
mod routes;
mod scim;
mod state;
mod truth;

use std::{net::SocketAddr, path::PathBuf, sync::Arc, time::Duration as StdDuration};

use chrono::{DateTime, Utc};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use clock::SimClock;
pub use company::{Company, CompanySize, Persona};
pub use faults::Faults;
pub use limits::RateLimits;
pub use state::LoggedRequest;
pub use truth::{GroundTruth, TruthUser};

use state::Shared;

/// The credentials the simulator accepts.
#[derive(Debug, Clone)]
pub struct SimCredentials {
    pub access_key: String,
    pub access_key_secret: String,
    pub scim_token: String,
}

#[derive(Debug, Clone)]
pub struct SimulatorConfig {
    pub seed: u64,
    pub size: CompanySize,
    pub limits: RateLimits,
    pub faults: Faults,
    /// How long a cursor stays valid (Gong's is undocumented: ours).
    pub cursor_ttl: StdDuration,
    /// The longest date range one request may ask for (a seed fact: 90 days).
    pub max_range_days: u32,
    /// Whether `GET /v2/calls` without `toDateTime` is refused (Gong's current docs) or allowed.
    pub strict_to_date: bool,
    /// `false` makes the stats endpoints answer 403, as for a key the company may not use for them.
    pub stats_allowed: bool,
    /// Where SCIM changes persist across restarts.
    pub state_dir: Option<PathBuf>,
    pub credentials: SimCredentials,
    /// The "now" the company is generated up to; the clock's now when unset.
    pub reference_now: Option<DateTime<Utc>>,
    /// The company time zone the per-day stats use.
    pub time_zone: chrono_tz::Tz,
}

impl SimulatorConfig {
    /// The demo company: about 1,200 users and 18 months of calls at Gong's real limits.
    pub fn demo(seed: u64) -> Self {
        SimulatorConfig {
            seed,
            size: CompanySize {
                users: 1_200,
                months: 18,
                calls_per_rep_per_week: 4,
            },
            limits: RateLimits::default(),
            faults: Faults::default(),
            cursor_ttl: StdDuration::from_secs(300),
            max_range_days: 90,
            strict_to_date: false,
            stats_allowed: true,
            state_dir: None,
            credentials: SimCredentials {
                access_key: format!("SIMKEY{seed:08}"),
                access_key_secret: format!(
                    "sim-secret-{:016x}",
                    seed.wrapping_mul(0x9e37_79b9_7f4a_7c15)
                ),
                scim_token: format!("sim-scim-{:016x}", seed.wrapping_mul(0xc2b2_ae3d_27d4_eb4f)),
            },
            reference_now: None,
            time_zone: chrono_tz::UTC,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SimulatorError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot read the simulator's state in {path}: {message}")]
    State { path: String, message: String },
}

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
