//! What the sync knows about each user, the input of the report.

use chrono::{DateTime, NaiveDate, Utc};

use super::Signal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFacts {
    pub id: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub title: Option<String>,
    pub manager_id: Option<String>,
    pub active: bool,
    pub created: DateTime<Utc>,
    /// Recording and call import are both off in the user's Gong settings.
    pub recording_off: bool,
    pub last_hosted_call: Option<DateTime<Utc>>,
    /// Company-time-zone days, known only when the stats are visible.
    pub last_attended: Option<NaiveDate>,
    pub last_coached: Option<NaiveDate>,
    pub last_listened: Option<NaiveDate>,
    /// Hosted calls in `[as_of - N days, as_of)`; `None` where N exceeds the look-back.
    pub calls_30d: Option<u32>,
    pub calls_90d: Option<u32>,
    pub calls_365d: Option<u32>,
}

impl UserFacts {
    /// "First Last", or the email when Gong has no name.
    pub fn display_name(&self) -> String {
        let name = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            self.email.clone()
        } else {
            name
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportInput {
    pub as_of: DateTime<Utc>,
    pub lookback_days: u32,
    /// The signals the run could see, strongest first.
    pub signals: Vec<Signal>,
    pub users: Vec<UserFacts>,
}
