//! docs/product.md's status rules, first match wins: deactivated, protected, new, active, listener,
//! unmonitored, inactive, never active. Avatars never reach the report (the sync excludes them).
//!
//! "Within the threshold" (docs/product.md, "Report", Boundaries): a hosted call counts by its exact
//! start instant, `as_of - inactivity_days` or later, the same half-open windows `calls_30d/90d/365d`
//! count; a signal known only per day counts when its day is on or after the company-time-zone day
//! that instant falls in, because Gong's day-level stats cannot be split more finely.

use std::collections::{HashMap, HashSet};

use app::types::{Signal, Status};
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::UserFacts;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub inactivity_days: u32,
    pub grace_days: u32,
    pub lookback_days: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            inactivity_days: 90,
            grace_days: 30,
            lookback_days: 365,
        }
    }
}

/// Users never flagged: the protected list, and snoozes until a date (leave).
#[derive(Debug, Clone, Default)]
pub struct Protection {
    pub protected: HashSet<String>,
    pub snoozed_until: HashMap<String, NaiveDate>,
}

impl Protection {
    fn covers(&self, id: &str, today: NaiveDate) -> bool {
        self.protected.contains(id)
            || self
                .snoozed_until
                .get(id)
                .is_some_and(|until| today < *until)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub status: Status,
    pub last_active: Option<NaiveDate>,
    pub last_active_signal: Option<Signal>,
    /// In words, for flagged users only.
    pub reason: Option<String>,
}

/// The latest signal day among the visible ones; on a tie, the strongest signal.
fn last_activity(
    facts: &UserFacts,
    tz: chrono_tz::Tz,
    visible: &[Signal],
) -> Option<(NaiveDate, Signal)> {
    let hosted = facts
        .last_hosted_call
        .map(|t| t.with_timezone(&tz).date_naive());
    Signal::ALL
        .into_iter()
        .filter(|s| visible.contains(s))
        .filter_map(|signal| {
            let day = match signal {
                Signal::Hosted => hosted,
                Signal::Attended => facts.last_attended,
                Signal::Coached => facts.last_coached,
                Signal::Listened => facts.last_listened,
            }?;
            Some((day, signal))
        })
        // Later day wins; on the same day the earlier (stronger) signal in ALL wins.
        .fold(
            None,
            |best: Option<(NaiveDate, Signal)>, (day, signal)| match best {
                Some((best_day, _)) if best_day >= day => best,
                _ => Some((day, signal)),
            },
        )
}

/// A strong signal (hosted, attended, coached) on or after `threshold`: hosting by its instant,
/// the per-day signals by their day against the day `threshold` falls in.
fn strong_since(
    facts: &UserFacts,
    threshold: DateTime<Utc>,
    tz: chrono_tz::Tz,
    visible: &[Signal],
) -> bool {
    let threshold_day = threshold.with_timezone(&tz).date_naive();
    let hosted =
        visible.contains(&Signal::Hosted) && facts.last_hosted_call.is_some_and(|t| t >= threshold);
    let by_day = |signal: Signal, day: Option<NaiveDate>| {
        visible.contains(&signal) && day.is_some_and(|day| day >= threshold_day)
    };
    hosted
        || by_day(Signal::Attended, facts.last_attended)
        || by_day(Signal::Coached, facts.last_coached)
}

pub fn classify(
    facts: &UserFacts,
    as_of: DateTime<Utc>,
    tz: chrono_tz::Tz,
    thresholds: &Thresholds,
    protection: &Protection,
    visible: &[Signal],
) -> Classification {
    let day_of = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive();
    let today = day_of(as_of);
    let threshold = as_of - Duration::days(i64::from(thresholds.inactivity_days));
    let threshold_day = day_of(threshold);
    let lookback_start = as_of - Duration::days(i64::from(thresholds.lookback_days));
    let last = last_activity(facts, tz, visible);
    let classification = |status, reason| Classification {
        status,
        last_active: last.map(|(day, _)| day),
        last_active_signal: last.map(|(_, signal)| signal),
        reason,
    };

    if !facts.active {
        return classification(Status::Deactivated, None);
    }
    if protection.covers(&facts.id, today) {
        return classification(Status::Protected, None);
    }
    if facts.created >= as_of - Duration::days(i64::from(thresholds.grace_days)) {
        return classification(Status::New, None);
    }
    if strong_since(facts, threshold, tz, visible) {
        return classification(Status::Active, None);
    }
    if let Some(listened) = facts
        .last_listened
        .filter(|day| visible.contains(&Signal::Listened) && *day >= threshold_day)
    {
        let reason = format!(
            "only listened to recordings in the last {} days (last on {listened}): a free collaborator seat may do",
            thresholds.inactivity_days
        );
        return classification(Status::Listener, Some(reason));
    }
    if facts.recording_off {
        return classification(Status::Unmonitored, None);
    }
    let lookback_day = day_of(lookback_start);
    match last.filter(|(day, _)| *day >= lookback_day) {
        Some((day, signal)) => {
            let days = (today - day).num_days();
            let reason = if Signal::hosted_only(visible) {
                format!("no hosted call since {day}, {days} days")
            } else {
                format!("no activity since {day} ({}), {days} days", signal.as_str())
            };
            classification(Status::Inactive, Some(reason))
        }
        None if facts.created < lookback_start => classification(
            Status::Inactive,
            Some(format!(
                "no activity in over {} days",
                thresholds.lookback_days
            )),
        ),
        None => classification(
            Status::NeverActive,
            Some(format!(
                "never active since created on {}",
                day_of(facts.created)
            )),
        ),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod boundaries;
