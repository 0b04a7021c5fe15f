//! The Sync page's types: recorded runs, live progress and the answer to "sync now".

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Signals;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SyncOutcome {
    Running,
    Complete,
    StoppedOnQuota,
    Failed,
}

impl SyncOutcome {
    pub fn label(self) -> &'static str {
        match self {
            SyncOutcome::Running => "running",
            SyncOutcome::Complete => "complete",
            SyncOutcome::StoppedOnQuota => "stopped on quota",
            SyncOutcome::Failed => "failed",
        }
    }
}

/// One recorded sync run, as the Sync page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRunSummary {
    pub id: i64,
    pub trigger: String,
    /// `full` or `incremental`.
    pub kind: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub outcome: SyncOutcome,
    pub windows_done: i64,
    pub windows_total: i64,
    pub requests: i64,
    pub throttled: i64,
    /// Requests counted against the company's daily Gong quota.
    pub quota_used: i64,
    /// The activity signals the run could see; `["hosted"]` when the key may not read the stats.
    pub signals: Signals,
    pub error: Option<String>,
}

impl SyncRunSummary {
    /// Whether the run saw hosted calls only, because the key may not read the activity stats.
    pub fn hosted_only(&self) -> bool {
        self.signals.hosted_only()
    }
}

/// What a running sync is doing, pushed to the Sync page as it goes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProgress {
    /// `None` while no run is under way.
    pub run_id: Option<i64>,
    pub phase: String,
    pub windows_done: u64,
    pub windows_total: u64,
    pub requests: u64,
    pub eta_seconds: Option<u64>,
}

/// The Sync page's answer to "sync now".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SyncRequest {
    /// The schedule starts a run now.
    Started,
    /// A run is already under way or queued; nothing more was queued.
    AlreadyRunning,
}
