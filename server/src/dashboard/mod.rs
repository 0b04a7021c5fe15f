//! Read models behind the dashboard's pages, each answered in SQL from the latest good report.

pub mod cache;
pub mod candidates;
pub mod charts;
pub mod overview;
pub mod scope;
pub mod settings;
mod sql;
pub mod user_activity;
pub mod user_detail;
pub mod users;
