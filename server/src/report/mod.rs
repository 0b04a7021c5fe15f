//! The inactive-seat report: each user's facts classified by docs/product.md's status rules, stored as a
//! snapshot per run, and exported as JSON or CSV.

mod capture;
pub mod export;
mod facts;
mod rules;
pub mod store;

pub use app::types::{Signal, Signals, Status};
pub use capture::CaptureSettings;
pub use facts::{ReportInput, UserFacts};
pub use rules::{classify, Classification, Protection, Thresholds};

use chrono::{DateTime, Utc};

/// One user's line in a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub manager_id: Option<String>,
    pub active: bool,
    pub status: Status,
    pub last_active: Option<chrono::NaiveDate>,
    pub last_active_signal: Option<Signal>,
    pub last_hosted_call: Option<DateTime<Utc>>,
    pub calls_30d: Option<u32>,
    pub calls_90d: Option<u32>,
    pub calls_365d: Option<u32>,
    pub reason: Option<String>,
}

/// A whole report: when it was taken, what it could see, and one row per user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub as_of: DateTime<Utc>,
    pub lookback_days: u32,
    pub signals: Vec<Signal>,
    pub rows: Vec<ReportRow>,
}

/// Classifies every user of `input`.
pub fn build(
    input: ReportInput,
    tz: chrono_tz::Tz,
    thresholds: &Thresholds,
    protection: &Protection,
) -> Report {
    let rows = input
        .users
        .iter()
        .map(|facts| {
            let class = classify(
                facts,
                input.as_of,
                tz,
                thresholds,
                protection,
                &input.signals,
            );
            ReportRow {
                id: facts.id.clone(),
                email: facts.email.clone(),
                name: facts.display_name(),
                manager_id: facts.manager_id.clone(),
                active: facts.active,
                status: class.status,
                last_active: class.last_active,
                last_active_signal: class.last_active_signal,
                last_hosted_call: facts.last_hosted_call,
                calls_30d: facts.calls_30d,
                calls_90d: facts.calls_90d,
                calls_365d: facts.calls_365d,
                reason: class.reason,
            }
        })
        .collect();
    Report {
        as_of: input.as_of,
        lookback_days: input.lookback_days,
        signals: input.signals,
        rows,
    }
}
