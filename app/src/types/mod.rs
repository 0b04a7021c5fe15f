//! Types shared by the server functions and the pages.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

mod access;
mod audit;
mod settings;
mod workflow;

pub use access::{AccountInfo, Area, Role, Viewer};
pub use audit::{AuditEntry, AuditPage, AuditQuery};
pub use workflow::{Approvals, WorkflowItem, WorkflowKind, WorkflowSettings, WorkflowState};

pub use settings::{
    ContractForm, Policy, PolicyForm, ProtectForm, ProtectedUser, SeatTypeSetting, SeatTypesForm,
    SettingsData, TechnicalAdmin, UserSeatsForm,
};

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
    /// The signed-in account; `None` on the sign-in page.
    pub viewer: Option<Viewer>,
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
    pub signals: Vec<String>,
    pub error: Option<String>,
}

impl SyncRunSummary {
    /// Whether the run saw hosted calls only, because the key may not read the activity stats.
    pub fn hosted_only(&self) -> bool {
        self.signals == ["hosted"]
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
    SeatTypes,
}

impl UserSort {
    pub const ALL: [UserSort; 10] = [
        UserSort::Name,
        UserSort::Email,
        UserSort::Title,
        UserSort::Manager,
        UserSort::Status,
        UserSort::LastActive,
        UserSort::Calls30,
        UserSort::Calls90,
        UserSort::Calls365,
        UserSort::SeatTypes,
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
            UserSort::SeatTypes => "seat_types",
        }
    }

    pub fn from_key(key: &str) -> Option<UserSort> {
        UserSort::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// What the Users page asks for; every field comes from the URL, so a view can be shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct UsersQuery {
    pub sort: UserSort,
    pub descending: bool,
    pub status: Option<String>,
    /// A seat type's key (`gong`, `forecast`, `engage`), or `none` for free collaborators.
    pub seat_type: Option<String>,
    /// A manager, by name, email or user id: only the people below them, at any depth.
    pub manager: Option<String>,
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
    /// The seat types held: none for a free collaborator, and for a deactivated user (no seat).
    pub seat_types: Vec<SeatType>,
}

/// A user with direct reports in the latest report, as the Users page's manager filter names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagerOption {
    pub id: String,
    pub name: String,
    pub email: String,
    /// Tells apart managers who share a name.
    pub title: Option<String>,
}

/// What the Users page's manager filter found for the name, email or id it was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ManagerMatch {
    Found(ManagerOption),
    /// Nobody with direct reports has that name, email or id.
    NotFound,
    /// Several managers share that name: the page offers each.
    Several(Vec<ManagerOption>),
}

/// A page of the Users table and where it sits in the whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersPage {
    pub as_of: Option<DateTime<Utc>>,
    /// How the manager filter was read, when one was given.
    pub manager: Option<ManagerMatch>,
    pub rows: Vec<UserRow>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

// Seats and money: the Finance page, the Overview's seat figures and the seat CSV import.

/// A paid Gong seat type (docs/product.md, "Seats and money"); a user may hold several, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SeatType {
    Gong,
    Forecast,
    Engage,
}

impl SeatType {
    pub const ALL: [SeatType; 3] = [SeatType::Gong, SeatType::Forecast, SeatType::Engage];

    /// The name in the database and in CSV files.
    pub fn key(self) -> &'static str {
        match self {
            SeatType::Gong => "gong",
            SeatType::Forecast => "forecast",
            SeatType::Engage => "engage",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SeatType::Gong => "Gong",
            SeatType::Forecast => "Forecast",
            SeatType::Engage => "Engage",
        }
    }

    /// Case-insensitive, surrounding spaces ignored.
    pub fn from_key(key: &str) -> Option<SeatType> {
        let key = key.trim();
        SeatType::ALL
            .into_iter()
            .find(|t| t.key().eq_ignore_ascii_case(key))
    }

    /// Only the Gong seat's usage shows in the activity signals: Forecast and Engage seats are
    /// never flagged, their usage is "not visible".
    pub fn usage_visible(self) -> bool {
        self == SeatType::Gong
    }
}

/// How the holders of a seat type use it, where the signals show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SeatUsage {
    /// Active, new, protected and unmonitored holders.
    pub in_use: u32,
    /// Inactive and never-active holders.
    pub idle: u32,
    /// Listeners.
    pub underused: u32,
}

/// The seat figures of one seat type, or of all together.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SeatFigures {
    pub purchased: u32,
    /// Active, non-avatar users holding the type.
    pub assigned: u32,
    /// `None` where usage is not visible (Forecast, Engage, and so the total).
    pub usage: Option<SeatUsage>,
    /// Purchased − assigned, if positive.
    pub spare: u32,
    /// Assigned − purchased, if positive.
    pub over_contract: u32,
    /// What the purchased seats cost per year, in cents.
    pub contract_cost_cents: i64,
    /// What the idle and underused seats cost per year, in cents.
    pub idle_cost_cents: i64,
}

impl SeatFigures {
    /// In use ÷ purchased, in per cent; none when nothing is purchased or usage is not visible.
    pub fn utilisation_pct(&self) -> Option<f64> {
        let usage = self.usage?;
        (self.purchased > 0).then(|| f64::from(usage.in_use) * 100.0 / f64::from(self.purchased))
    }
}

/// One seat type's row of the Finance table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatTypeFigures {
    pub seat_type: SeatType,
    pub price_per_year_cents: i64,
    pub figures: SeatFigures,
}

/// The contract terms, as the Settings page sets them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContractTerms {
    pub renewal_date: Option<chrono::NaiveDate>,
    pub notice_days: u32,
    pub uplift_pct: f64,
    pub headroom_pct: f64,
    /// ISO 4217 code, e.g. `USD`.
    pub currency: String,
}

impl Default for ContractTerms {
    fn default() -> Self {
        ContractTerms {
            renewal_date: None,
            notice_days: 90,
            uplift_pct: 0.0,
            headroom_pct: 10.0,
            currency: "USD".into(),
        }
    }
}

/// The renewal date, the last day to give notice, and how far away both are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalCountdown {
    pub renewal_date: chrono::NaiveDate,
    /// The renewal date minus the notice period.
    pub notice_deadline: chrono::NaiveDate,
    /// Negative once the day has passed.
    pub days_to_renewal: i64,
    pub days_to_notice_deadline: i64,
}

/// How many seats of a type to renew: the seats in use plus the headroom, rounded up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RightSize {
    pub seat_type: SeatType,
    /// Whether the basis is the seats in use; where usage is not visible it is the assigned seats.
    pub basis_in_use: bool,
    pub basis: u32,
    pub purchased: u32,
    pub recommended: u32,
    /// Per year at the renewal price (uplift included): positive is a saving, negative an extra cost.
    pub change_at_renewal_cents: i64,
}

/// Everything the Finance page shows, from the latest good report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatSummary {
    /// The latest good report's instant; `None` when there is no report yet.
    pub as_of: Option<DateTime<Utc>>,
    /// The day the countdowns are counted from, in the company time zone.
    pub today: chrono::NaiveDate,
    pub contract: ContractTerms,
    pub renewal: Option<RenewalCountdown>,
    pub types: Vec<SeatTypeFigures>,
    pub total: SeatFigures,
    /// Flagged holders of the Gong seat (idle and underused) no workflow item has freed yet.
    pub open_candidates: u32,
    /// What the open candidates' Gong seats cost per year at today's price.
    pub potential_savings_cents: i64,
    /// The same at the renewal price, uplift included.
    pub potential_savings_at_renewal_cents: i64,
    /// Seats freed by executed workflow items: to reassign now, saved only at the next renewal.
    pub freed_seats: u32,
    /// What the freed seats save per year from the next renewal, at today's prices.
    #[serde(default)]
    pub freed_savings_cents: i64,
    /// `Some(people)` when the figures are a manager's team alone (their subtree); purchased seats
    /// and the contract are then company-wide and not shown.
    #[serde(default)]
    pub team: Option<u32>,
    pub right_size: Vec<RightSize>,
}

impl SeatSummary {
    pub fn seat_type(&self, seat_type: SeatType) -> Option<&SeatTypeFigures> {
        self.types.iter().find(|t| t.seat_type == seat_type)
    }
}

/// What became of a seat CSV import: all rows saved, or none because of the listed rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeatImportOutcome {
    Imported { rows: u32 },
    Refused { problems: Vec<SeatImportProblem> },
}

/// A line of a seat CSV that cannot be imported (line 1 is the header), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatImportProblem {
    pub line: u32,
    pub reason: String,
}

/// A chart drawn on the server: an SVG made by the server's chart renderer (plotters), with every
/// text in it escaped there, and the caption shown under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    /// Unique on the page, e.g. `utilisation`.
    pub id: String,
    pub caption: String,
    pub svg: String,
}

/// The Overview page's charts; `as_of` is `None` (and `charts` empty) before the first report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OverviewCharts {
    pub as_of: Option<DateTime<Utc>>,
    pub charts: Vec<Chart>,
}

// The User page and the Candidates page.

/// Another user of the report, as a link: a manager in the chain or a direct report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLink {
    pub id: String,
    pub name: String,
    pub status: String,
}

/// A user's status in one stored report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub as_of: DateTime<Utc>,
    pub status: String,
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
    pub status: String,
    /// In words, when the user is flagged.
    pub reason: Option<String>,
    pub last_active: Option<String>,
    pub last_active_signal: Option<String>,
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
    pub status: String,
    pub last_active: Option<String>,
    pub last_active_signal: Option<String>,
    pub reason: Option<String>,
    pub seat_types: Vec<SeatType>,
    /// What the change frees per year, in cents, at today's seat prices.
    pub frees_cents: i64,
}

/// The candidates of one status (`inactive`, `never_active`, `listener`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateGroup {
    pub status: String,
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
