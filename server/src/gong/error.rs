//! What can go wrong talking to Gong, split by what the sync should do about it.

use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum GongError {
    #[error("Gong refused the credentials (401): check the access key and secret")]
    Unauthorized,
    /// The key may not use this endpoint (docs/gong-api.md: "an endpoint the company may not use answers 403").
    #[error("Gong refused access to {path} (403): {message}")]
    Forbidden { path: String, message: String },
    #[error("Gong rejected the request to {path} (HTTP {status}): {message}")]
    Rejected {
        path: String,
        status: u16,
        message: String,
    },
    /// Gong asked to wait longer than this product will inside a run (the daily quota is spent).
    #[error("Gong's rate limit asks to wait {} s, longer than the {} s this run may wait", retry_after.as_secs(), limit.as_secs())]
    QuotaExhausted {
        retry_after: Duration,
        limit: Duration,
    },
    /// This product's share of the daily quota is used up.
    #[error("this installation's share of Gong's daily request quota is used up")]
    BudgetSpent,
    #[error("Gong kept failing on {path} after {attempts} attempts: {last}")]
    GaveUp {
        path: String,
        attempts: u32,
        last: String,
    },
}

impl GongError {
    /// Whether the run should stop cleanly and resume later rather than fail.
    pub fn is_quota(&self) -> bool {
        matches!(
            self,
            GongError::QuotaExhausted { .. } | GongError::BudgetSpent
        )
    }

    /// A 400 mentioning the cursor: it expired or was refused, so pagination restarts from page 1.
    pub fn is_cursor_rejected(&self) -> bool {
        matches!(self, GongError::Rejected { status: 400, message, .. } if message.to_lowercase().contains("cursor"))
    }
}
