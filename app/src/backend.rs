//! The contract between the server functions and the back end (server side only).
//!
//! The `server` crate implements [`Backend`] and provides it as context, so server functions stay thin
//! and the logic lives, with its tests, in the back end.

use std::sync::Arc;

use crate::{
    error::AppError,
    types::{
        ConnectionInfo, ContractForm, PolicyForm, ProtectForm, SeatTypesForm, SettingsData,
        ShellInfo, SyncRunSummary, UserSeatsForm, UsersPage, UsersQuery,
    },
};

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    async fn shell_info(&self) -> Result<ShellInfo, AppError>;
    async fn sync_runs(&self, limit: u32) -> Result<Vec<SyncRunSummary>, AppError>;
    fn connection_info(&self) -> Result<ConnectionInfo, AppError>;
    /// A page of the latest good report's users, sorted, filtered and searched in SQL.
    async fn users_page(&self, query: UsersQuery) -> Result<UsersPage, AppError>;
    /// What the running sync is doing, if one is.
    fn sync_progress(&self) -> Result<crate::types::SyncProgress, AppError>;
    /// "Sync now": asks the schedule for a run unless one is under way.
    fn request_sync(&self) -> Result<crate::types::SyncRequest, AppError>;
    /// The seat figures, money and renewal of the latest good report (Finance, Overview).
    async fn seat_summary(&self) -> Result<crate::types::SeatSummary, AppError>;
    /// Replaces the imported seat assignments with a CSV file's, all rows or none.
    async fn import_seats(&self, csv: String) -> Result<crate::types::SeatImportOutcome, AppError>;
    /// The Overview charts of the latest good report and the stored history, drawn as SVG.
    async fn overview_charts(&self) -> Result<crate::types::OverviewCharts, AppError>;
    /// One user of the latest good report for the User page, with their activity chart.
    async fn user_detail(&self, id: String) -> Result<crate::types::UserLookup, AppError>;
    /// The latest good report's flagged users, grouped by reason, with what each change frees.
    async fn candidates(&self) -> Result<crate::types::Candidates, AppError>;
    /// What the Settings page edits, as stored.
    async fn settings(&self) -> Result<SettingsData, AppError>;
    async fn save_policy(&self, form: PolicyForm) -> Result<(), AppError>;
    async fn save_seat_types(&self, form: SeatTypesForm) -> Result<(), AppError>;
    async fn save_contract(&self, form: ContractForm) -> Result<(), AppError>;
    async fn protect_user(&self, form: ProtectForm) -> Result<(), AppError>;
    async fn unprotect_user(&self, user_id: String) -> Result<(), AppError>;
    async fn set_user_seats(&self, form: UserSeatsForm) -> Result<(), AppError>;
    /// The local accounts (Settings, admins only).
    async fn accounts(&self) -> Result<Vec<crate::types::AccountInfo>, AppError>;
    async fn add_account(
        &self,
        email: String,
        role: String,
        password: String,
    ) -> Result<(), AppError>;
    async fn update_account(&self, id: i64, role: String, disabled: bool) -> Result<(), AppError>;
    /// Marks an account SSO only, or gives it back to passwords (admins only).
    async fn set_sso_only(&self, id: i64, on: bool) -> Result<(), AppError>;
    /// An admin's reset: a new password its owner must change at their next sign-in.
    async fn reset_password(&self, id: i64, password: String) -> Result<(), AppError>;
    /// How notification delivery is going (admins; empty for other roles).
    async fn notify_health(&self) -> Result<crate::types::NotifyHealth, AppError>;
    /// The Approvals page: the signed-in approver's queue and (admins) every item.
    async fn approvals(&self) -> Result<crate::types::Approvals, AppError>;
    /// A page of the audit log, newest first, filtered.
    async fn audit_page(
        &self,
        query: crate::types::AuditQuery,
    ) -> Result<crate::types::AuditPage, AppError>;
    /// How much report history is kept (the Sync page).
    async fn retention(&self) -> Result<crate::types::Retention, AppError>;
    /// What `seat-audit check` finds, run now against the connection the server uses (admins).
    async fn run_check(&self) -> Result<crate::types::CheckResult, AppError>;
}

/// The handle server functions take from context.
pub type SharedBackend = Arc<dyn Backend>;

/// The back end provided to this request; its absence is a wiring bug in the server.
pub fn backend() -> Result<SharedBackend, AppError> {
    leptos::prelude::use_context::<SharedBackend>()
        .ok_or_else(|| AppError::Unavailable("the server is not fully started".into()))
}
