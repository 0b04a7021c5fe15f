//! Types shared by the server functions and the pages.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whether the product reads a real Gong tenant or the embedded simulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    Demo,
    Live,
}

/// What every page needs to know about the installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShellInfo {
    pub mode: Mode,
    pub last_sync: Option<SyncRunSummary>,
}

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
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub outcome: SyncOutcome,
    pub requests: i64,
    pub throttled: i64,
    pub error: Option<String>,
}

/// The connection settings fixed at start-up, with secrets reduced to whether they are set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionInfo {
    pub mode: Mode,
    pub gong_base_url: String,
    pub gong_access_key_set: bool,
    pub gong_access_key_secret_set: bool,
    pub scim_base_url: Option<String>,
    pub scim_token_set: bool,
    pub database: String,
    pub data_dir: String,
    pub listen_addr: String,
}
