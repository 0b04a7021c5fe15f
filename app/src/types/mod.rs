//! Types shared by the server functions and the pages, a file per concern; every type is
//! re-exported here as `app::types::X`.

mod access;
mod audit;
mod candidates;
mod check;
pub mod fields;
mod notify;
mod overview;
mod report;
mod retention;
mod seats;
mod settings;
mod shell;
#[cfg(feature = "ssr")]
mod stored;
mod sync;
mod user;
mod users;
mod workflow;

pub use access::{AccountInfo, Area, Role, Viewer};
pub use audit::{AuditEntry, AuditPage, AuditQuery};
pub use candidates::{CandidateAction, CandidateGroup, CandidateRow, Candidates};
pub use check::{CheckLine, CheckResult, Verdict};
pub use notify::{
    NotifyChannels, NotifyHealth, NotifyPolicy, NotifyProblem, NotifySettingsData, OnExpiry,
};
pub use overview::{Chart, ChartTable, OverviewCharts};
pub use report::{Signal, Signals, Status};
pub use retention::Retention;
pub use seats::{
    ContractTerms, RenewalCountdown, RightSize, SeatFigures, SeatImportOutcome, SeatImportProblem,
    SeatSummary, SeatType, SeatTypeFigures, SeatUsage,
};
pub use settings::{
    ContractForm, Policy, PolicyForm, ProtectForm, ProtectedUser, SeatTypeSetting, SeatTypesForm,
    SettingsData, TechnicalAdmin, UserSeatsForm, ZoneInForce, ZoneSource,
};
pub use shell::{ConnectionInfo, Mode, ShellInfo};
pub use sync::{SyncOutcome, SyncProgress, SyncRequest, SyncRunSummary};
pub use user::{StatusChange, UserDetail, UserLink, UserLookup};
pub use users::{
    ManagerMatch, ManagerOption, UserRow, UserSort, UsersPage, UsersParams, UsersQuery,
};
pub use workflow::{Approvals, WorkflowItem, WorkflowKind, WorkflowSettings, WorkflowState};
