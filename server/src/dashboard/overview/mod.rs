//! The Overview page's charts from the database, counted in SQL: Gong seat utilisation per stored
//! report (and per month before the first, derived from activity), days since last active in the
//! latest report, and hosted calls per week over its look-back.

pub mod derived;
mod last_active;
mod page;
#[cfg(test)]
mod tests;
mod utilisation;
mod weeks;

use std::collections::HashSet;

pub use last_active::last_active;
pub use page::{load, OverviewData};
pub use utilisation::utilisation;
pub use weeks::{hosted_per_week, week_plan, PlannedWeek, WeekPlan};

/// Ids as the queries read them (`dashboard::sql::IdList`).
pub fn ids_json(ids: &HashSet<String>) -> String {
    serde_json::to_string(ids).expect("strings serialise")
}

/// A SQL count as the charts take it.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}
