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

/// The columns the Users table sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum UserSort {
    Name,
    Email,
    Title,
    Manager,
    Status,
    #[default]
    LastActive,
    Calls30,
    Calls90,
    Calls365,
}

impl UserSort {
    pub const ALL: [UserSort; 9] = [
        UserSort::Name,
        UserSort::Email,
        UserSort::Title,
        UserSort::Manager,
        UserSort::Status,
        UserSort::LastActive,
        UserSort::Calls30,
        UserSort::Calls90,
        UserSort::Calls365,
    ];

    /// The name used in the page's URL.
    pub fn key(self) -> &'static str {
        match self {
            UserSort::Name => "name",
            UserSort::Email => "email",
            UserSort::Title => "title",
            UserSort::Manager => "manager",
            UserSort::Status => "status",
            UserSort::LastActive => "last_active",
            UserSort::Calls30 => "calls_30d",
            UserSort::Calls90 => "calls_90d",
            UserSort::Calls365 => "calls_365d",
        }
    }

    pub fn from_key(key: &str) -> Option<UserSort> {
        UserSort::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// What the Users page asks for; every field comes from the URL, so a view can be shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct UsersQuery {
    pub sort: UserSort,
    pub descending: bool,
    pub status: Option<String>,
    pub search: Option<String>,
    pub page: u32,
}

/// One row of the Users table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub title: Option<String>,
    pub manager: Option<String>,
    pub status: String,
    pub last_active: Option<String>,
    pub last_active_signal: Option<String>,
    pub calls_30d: Option<i64>,
    pub calls_90d: Option<i64>,
    pub calls_365d: Option<i64>,
    pub reason: Option<String>,
}

/// A page of the Users table and where it sits in the whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersPage {
    pub as_of: Option<DateTime<Utc>>,
    pub rows: Vec<UserRow>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}
