//! The User page's types: one user of the latest report, their links and status history.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Chart, SeatType, Signal, Status};

/// Another user of the report, as a link: a manager in the chain or a direct report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLink {
    pub id: String,
    pub name: String,
    pub status: Status,
}

/// A user's status in one stored report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub as_of: DateTime<Utc>,
    pub status: Status,
    pub reason: Option<String>,
}

/// Everything the User page shows about one user of the latest good report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDetail {
    /// The latest good report's instant.
    pub as_of: DateTime<Utc>,
    pub id: String,
    pub name: String,
    pub email: String,
    pub title: Option<String>,
    pub status: Status,
    /// In words, when the user is flagged.
    pub reason: Option<String>,
    pub last_active: Option<String>,
    pub last_active_signal: Option<Signal>,
    /// ISO-8601 UTC.
    pub last_hosted_call: Option<String>,
    pub calls_30d: Option<i64>,
    pub calls_90d: Option<i64>,
    pub calls_365d: Option<i64>,
    pub seat_types: Vec<SeatType>,
    /// Whether the seat types were set (by hand or import); otherwise a Gong seat is assumed.
    pub seats_recorded: bool,
    pub technical_admin: bool,
    /// Activity per 90-day window of the look-back.
    pub activity_chart: Chart,
    /// The direct manager first, then theirs, up to the top.
    pub manager_chain: Vec<UserLink>,
    pub direct_reports: Vec<UserLink>,
    /// One entry per stored report that lists the user, newest first.
    pub history: Vec<StatusChange>,
}

/// The User page's answer: the user, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserLookup {
    NoReport,
    NotFound,
    Found(Box<UserDetail>),
}
