//! The contract between the server functions and the back end (server side only).
//!
//! The `server` crate implements [`Backend`] and provides it as context, so server functions stay thin
//! and the logic lives, with its tests, in the back end.

use std::sync::Arc;

use crate::{
    error::AppError,
    types::{ConnectionInfo, ShellInfo, SyncRunSummary, UsersPage, UsersQuery},
};

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    async fn shell_info(&self) -> Result<ShellInfo, AppError>;
    async fn sync_runs(&self, limit: u32) -> Result<Vec<SyncRunSummary>, AppError>;
    fn connection_info(&self) -> ConnectionInfo;
    /// A page of the latest good report's users, sorted, filtered and searched in SQL.
    async fn users_page(&self, query: UsersQuery) -> Result<UsersPage, AppError>;
}

/// The handle server functions take from context.
pub type SharedBackend = Arc<dyn Backend>;

/// The back end provided to this request; its absence is a wiring bug in the server.
pub fn backend() -> Result<SharedBackend, AppError> {
    leptos::prelude::use_context::<SharedBackend>()
        .ok_or_else(|| AppError::Unavailable("the server is not fully started".into()))
}
