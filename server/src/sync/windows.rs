//! Chained windows over the look-back: `[as_of-90d, as_of)`, `[as_of-180d, as_of-90d)`, … each at most
//! the maximum range Gong accepts (90 days, a seed fact in docs/gong-api.md), from inclusive and to
//! exclusive, so a call on a boundary falls in exactly one window.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Gong's maximum range per request, in days.
pub const MAX_WINDOW_DAYS: i64 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Window {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Window {
    pub fn contains(&self, instant: DateTime<Utc>) -> bool {
        self.from <= instant && instant < self.to
    }

    /// Gong's date-time form, `2026-11-23T10:00:00Z`.
    pub fn from_param(&self) -> String {
        self.from.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    pub fn to_param(&self) -> String {
        self.to.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }
}

/// The windows covering `[start, end)`, newest first, each at most `max_days` long.
pub fn chain(start: DateTime<Utc>, end: DateTime<Utc>, max_days: i64) -> Vec<Window> {
    let step = Duration::days(max_days.max(1));
    let mut windows = Vec::new();
    let mut to = end;
    while to > start {
        let from = (to - step).max(start);
        windows.push(Window { from, to });
        to = from;
    }
    windows
}

/// The windows of a look-back of `lookback_days` ending at `as_of`.
pub fn lookback(as_of: DateTime<Utc>, lookback_days: u32) -> Vec<Window> {
    chain(
        as_of - Duration::days(i64::from(lookback_days)),
        as_of,
        MAX_WINDOW_DAYS,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_year_is_four_ninety_day_windows_and_a_remainder_counted_back_from_as_of() {
        let as_of = at("2026-11-23T10:00:00Z");
        let windows = lookback(as_of, 365);
        assert_eq!(windows.len(), 5);
        assert_eq!(
            windows[0],
            Window {
                from: as_of - Duration::days(90),
                to: as_of
            }
        );
        assert_eq!(
            windows[1].to, windows[0].from,
            "windows are chained without gaps"
        );
        assert_eq!(windows[4].to - windows[4].from, Duration::days(5));
        assert_eq!(windows[4].from, as_of - Duration::days(365));
    }

    #[test]
    fn a_call_exactly_on_a_boundary_belongs_to_the_newer_window_only() {
        let as_of = at("2026-11-23T10:00:00Z");
        let windows = lookback(as_of, 365);
        let boundary = windows[0].from;
        let holding: Vec<_> = windows.iter().filter(|w| w.contains(boundary)).collect();
        assert_eq!(holding, vec![&windows[0]]);
        assert!(
            !windows.iter().any(|w| w.contains(as_of)),
            "as_of itself is excluded"
        );
    }

    #[test]
    fn no_window_is_longer_than_the_maximum() {
        let windows = chain(at("2025-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z"), 90);
        assert!(windows.iter().all(|w| w.to - w.from <= Duration::days(90)));
        assert_eq!(windows.last().unwrap().from, at("2025-01-01T00:00:00Z"));
    }

    #[test]
    fn parameters_are_utc_with_seconds() {
        let window = Window {
            from: at("2026-08-25T10:00:00Z"),
            to: at("2026-11-23T10:00:00Z"),
        };
        assert_eq!(window.from_param(), "2026-08-25T10:00:00Z");
        assert_eq!(window.to_param(), "2026-11-23T10:00:00Z");
    }
}
