//! Read models behind the dashboard's pages, each answered in SQL from the latest good report.

pub mod users;
