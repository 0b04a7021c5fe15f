//! The Candidates page's types: flagged users grouped by what the workflow would do.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{SeatType, Signal, Status};

/// What the workflow would do with a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CandidateAction {
    /// Inactive and never-active users: deactivate in Gong.
    Deactivate,
    /// Listeners: downgrade to a free collaborator seat.
    Downgrade,
}

/// One flagged user on the Candidates page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateRow {
    pub id: String,
    pub name: String,
    pub manager_id: Option<String>,
    pub manager: Option<String>,
    pub status: Status,
    pub last_active: Option<String>,
    pub last_active_signal: Option<Signal>,
    pub reason: Option<String>,
    pub seat_types: Vec<SeatType>,
    /// What the change frees per year, in cents, at today's seat prices.
    pub frees_cents: i64,
}

/// The candidates of one status (`inactive`, `never_active`, `listener`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateGroup {
    pub status: Status,
    pub action: CandidateAction,
    pub rows: Vec<CandidateRow>,
    pub total_cents: i64,
}

/// The Candidates page; `as_of` is `None` (and `groups` empty) before the first report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidates {
    pub as_of: Option<DateTime<Utc>>,
    /// ISO 4217 code of the contract.
    pub currency: String,
    pub groups: Vec<CandidateGroup>,
    /// The signed-in account may propose (admins); the others see the list read-only.
    #[serde(default)]
    pub can_propose: bool,
}
