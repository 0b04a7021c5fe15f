//! How much report history is kept, as the Sync page says it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// Snapshots older than this many days are deleted after each complete sync.
    pub days: u32,
    /// Snapshots kept now.
    pub snapshots: u32,
    /// The oldest kept snapshot's `as_of`, `YYYY-MM-DD` (UTC).
    pub oldest: Option<String>,
}

impl Retention {
    /// "Report snapshots are kept for 730 days (about 2 years) ..." for the Sync page.
    pub fn sentence(&self) -> String {
        let period = if self.days >= 365 && self.days.is_multiple_of(365) {
            format!("{} days ({} years)", self.days, self.days / 365)
        } else {
            format!("{} days", self.days)
        };
        let kept = match (&self.oldest, self.snapshots) {
            (Some(oldest), 1) => format!(" One snapshot is kept now, from {oldest}."),
            (Some(oldest), n) => format!(" {n} snapshots are kept now, the oldest from {oldest}."),
            (None, _) => " No snapshot is kept yet.".to_owned(),
        };
        format!(
            "Report snapshots, from which the trends are drawn, are kept for {period}; older ones \
             are deleted after each complete sync, always keeping the latest.{kept}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_two_years_read_as_years_with_the_count_and_the_oldest() {
        let retention = Retention {
            days: 730,
            snapshots: 12,
            oldest: Some("2026-01-03".into()),
        };
        assert_eq!(
            retention.sentence(),
            "Report snapshots, from which the trends are drawn, are kept for 730 days (2 years); \
             older ones are deleted after each complete sync, always keeping the latest. 12 \
             snapshots are kept now, the oldest from 2026-01-03."
        );
    }

    #[test]
    fn a_fresh_installation_says_nothing_is_kept_yet() {
        let retention = Retention {
            days: 90,
            snapshots: 0,
            oldest: None,
        };
        assert!(retention.sentence().contains("kept for 90 days;"));
        assert!(retention.sentence().ends_with("No snapshot is kept yet."));
    }
}
