//! The Gong REST API client: paced to Gong's limits, retrying what is transient, and reading Gong's
//! quirks (404 for an empty list, cursors in the body of a POST) the way docs/gong-api.md describes.

mod budget;
mod client;
mod company_zone;
mod error;
mod pacer;
mod retry;
pub mod wire;

pub use budget::Budget;
pub use client::{GongClient, Page, RequestStats};
pub use error::GongError;
pub use pacer::{Pacer, PacerLimits};
pub use retry::RetryPolicy;
