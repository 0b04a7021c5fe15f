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
