//! The sync: users and their activity from Gong into the database, then a report snapshot.
//!
//! `Syncer::sync_once` is one idempotent run; `schedule::run_schedule` owns the timing. A run that
//! fails or stops early leaves the last good report in place; the new one appears in one transaction.

pub mod facts;
mod fetch;
pub mod follow;
mod gather;
pub mod lock;
pub mod plan;
mod progress;
mod recheck;
mod run;
pub mod runs;
pub mod schedule;
pub mod store;
pub mod windows;
pub mod zone;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use url::Url;

use crate::{
    config::{Secret, Settings},
    db::Pool,
    gong::{Budget, GongClient, GongError, Pacer, PacerLimits, RetryPolicy},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Startup,
    Schedule,
    Manual,
    Command,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Startup => "startup",
            Trigger::Schedule => "schedule",
            Trigger::Manual => "manual",
            Trigger::Command => "command",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Every window of the look-back.
    Full,
    /// Only what is new since the last good run.
    Incremental,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Full => "full",
            Kind::Incremental => "incremental",
        }
    }
}

/// How a run ended, for the command line's exit code and the schedule's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunOutcome {
    Complete { run_id: i64, report_id: i64 },
    StoppedOnQuota { run_id: i64, reason: String },
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("another sync run is in progress")]
    Busy,
    #[error("sync run {run_id} failed: {source}")]
    Gong { run_id: i64, source: GongError },
    #[error("sync run failed on the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("sync run {run_id} failed: {message}")]
    Invalid { run_id: i64, message: String },
}

/// What a running sync is doing, published for the Sync page (the same type it receives) and the
/// command line's progress bar.
pub type Progress = app::types::SyncProgress;

/// Where Gong is and how to authenticate, resolved at start-up (the demo's simulator or a tenant).
#[derive(Clone)]
pub struct GongTarget {
    pub base_url: Url,
    pub access_key: Secret,
    pub access_key_secret: Secret,
}

/// Runs syncs; clone it freely. The clock is injectable so tests can fix "now".
#[derive(Clone)]
pub struct Syncer {
    pool: Pool,
    settings: Arc<Settings>,
    target: GongTarget,
    pacer: Pacer,
    progress: Arc<watch::Sender<Progress>>,
    /// Whether this process is making a run now (`follow` shows other processes' runs otherwise).
    local: Arc<std::sync::atomic::AtomicBool>,
    clock: Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>,
}

impl Syncer {
    /// The Gong the runs read (in the demo, the simulator), for `check`.
    pub fn target(&self) -> &GongTarget {
        &self.target
    }

    pub fn new(pool: Pool, settings: Arc<Settings>, target: GongTarget) -> Self {
        let pacer = Pacer::new(PacerLimits {
            in_flight: settings.sync.in_flight,
            per_second: settings.sync.requests_per_second,
        });
        Syncer {
            pool,
            settings,
            target,
            pacer,
            progress: Arc::new(watch::channel(Progress::default()).0),
            local: Arc::default(),
            clock: Arc::new(Utc::now),
        }
    }

    /// Replaces the clock, e.g. with the simulator's.
    pub fn with_clock(mut self, clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    pub fn progress(&self) -> watch::Receiver<Progress> {
        self.progress.subscribe()
    }

    fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// A Gong client on the shared pacer that may send at most `budget` requests.
    fn client(&self, budget: i64) -> GongClient {
        let sync = &self.settings.sync;
        GongClient::new(
            self.target.base_url.clone(),
            self.target.access_key.clone(),
            self.target.access_key_secret.clone(),
            self.pacer.clone(),
            RetryPolicy {
                max_retry_after: std::time::Duration::from_secs(sync.max_retry_after_secs),
                ..RetryPolicy::default()
            },
            std::time::Duration::from_secs(sync.timeout_secs),
            Arc::new(Budget::new(budget)),
        )
    }
}
