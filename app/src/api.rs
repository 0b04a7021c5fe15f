//! Server functions: thin calls from the pages into the back end.

use leptos::prelude::*;

use crate::{
    error::AppError,
    types::{ConnectionInfo, ShellInfo, SyncRunSummary, UsersPage, UsersQuery},
};

#[server]
pub async fn load_shell_info() -> Result<ShellInfo, AppError> {
    crate::backend::backend()?.shell_info().await
}

#[server]
pub async fn list_sync_runs() -> Result<Vec<SyncRunSummary>, AppError> {
    crate::backend::backend()?.sync_runs(50).await
}

#[server]
pub async fn load_connection_info() -> Result<ConnectionInfo, AppError> {
    Ok(crate::backend::backend()?.connection_info())
}

#[server]
pub async fn list_users(query: UsersQuery) -> Result<UsersPage, AppError> {
    crate::backend::backend()?.users_page(query).await
}

/// The managers the Users page can filter on (everyone with direct reports).
#[server]
pub async fn list_managers() -> Result<Vec<crate::types::ManagerOption>, AppError> {
    crate::backend::backend()?.managers().await
}

/// The Finance page's data; a fixed endpoint (`/api/seat_summary`) so scripts and tests can read it.
#[server(endpoint = "seat_summary")]
pub async fn load_seat_summary() -> Result<crate::types::SeatSummary, AppError> {
    crate::backend::backend()?.seat_summary().await
}

/// Imports a seat CSV (email, seat_types, technical_admin): all rows or none.
#[server(endpoint = "import_seats")]
pub async fn import_seats(csv: String) -> Result<crate::types::SeatImportOutcome, AppError> {
    crate::backend::backend()?.import_seats(csv).await
}

/// What the running sync is doing; the Sync page also listens to `/sync/events` for pushes.
#[server(endpoint = "sync_progress")]
pub async fn load_sync_progress() -> Result<crate::types::SyncProgress, AppError> {
    Ok(crate::backend::backend()?.sync_progress())
}

/// "Sync now" from the Sync page (a form post, so it works without JavaScript).
#[server(endpoint = "start_sync")]
pub async fn start_sync() -> Result<crate::types::SyncRequest, AppError> {
    Ok(crate::backend::backend()?.request_sync())
}

/// The Overview charts, drawn on the server; a fixed endpoint (`/api/overview_charts`).
#[server(endpoint = "overview_charts")]
pub async fn load_overview_charts() -> Result<crate::types::OverviewCharts, AppError> {
    crate::backend::backend()?.overview_charts().await
}

/// The User page's data; a fixed endpoint (`/api/user_detail`).
#[server(endpoint = "user_detail")]
pub async fn load_user_detail(id: String) -> Result<crate::types::UserLookup, AppError> {
    crate::backend::backend()?.user_detail(id).await
}

/// The Candidates page's data; a fixed endpoint (`/api/candidates`).
#[server(endpoint = "candidates")]
pub async fn load_candidates() -> Result<crate::types::Candidates, AppError> {
    crate::backend::backend()?.candidates().await
}
