//! The workflow's error: a refusal meant for the person (nothing changed), or the database.

use super::scim::ScimError;

#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    /// What was asked cannot be done; nothing changed. The sentence is for the person.
    #[error("{0}")]
    Refused(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

pub(super) fn refused(text: impl Into<String>) -> WorkflowError {
    WorkflowError::Refused(text.into())
}

impl From<ScimError> for WorkflowError {
    fn from(error: ScimError) -> Self {
        WorkflowError::Refused(error.to_string())
    }
}
