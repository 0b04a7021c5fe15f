//! One module per page of the dashboard.

pub mod approvals;
pub mod audit;
pub mod candidates;
pub mod finance;
pub mod login;
pub mod not_found;
pub mod overview;
pub mod settings;
pub mod sync;
pub mod user;
pub mod users;
