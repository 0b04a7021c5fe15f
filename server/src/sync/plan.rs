//! What one run asks Gong for, fixed at its start: a pure function of `as_of`, the kind of run and
//! the settings, so the benchmark can compute the same requests' lower bound.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use super::{
    windows::{self, Window},
    Kind,
};
use crate::config::SyncSettings;

/// The periods the report counts hosted calls over, in days.
pub const COUNTED_PERIODS: [u32; 3] = [30, 90, 365];

/// Calls are paged in windows of this many days, a third of Gong's maximum range: the windows are
/// fetched three at a time, and smaller ones keep all three request slots busy to the end at the
/// cost of at most two part-filled pages per 90 days.
pub const CALL_WINDOW_DAYS: i64 = 30;

/// A stats page holds this many users (docs/gong-api.md: pages of 100).
const USERS_PER_PAGE: i64 = 100;

/// The users of one stats request chain: a hundredth of a day's share in pages, at least one
/// page. A run stopped by its quota loses only the pieces under way (three at most, 3 % of its
/// share), and a company whose users fit in one piece asks for each range whole, as before.
pub fn users_per_stats_piece(daily_budget: i64) -> usize {
    let pages = (daily_budget / 100).clamp(1, 10_000_000);
    (pages * USERS_PER_PAGE) as usize
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub run_id: i64,
    pub as_of: DateTime<Utc>,
    pub kind: Kind,
    /// Every call of the period, for when the stats are not allowed.
    pub call_windows: Vec<Window>,
    /// Per-day stats, whole company-time-zone days `[from, to)`, today excluded.
    pub stats_ranges: Vec<(NaiveDate, NaiveDate)>,
    /// With the stats: the calls of the partial days the stats cannot split (see `Edges`).
    pub edges: Edges,
    pub today: NaiveDate,
    pub first_day: NaiveDate,
    /// The company time zone and look-back the run was planned with.
    pub tz: chrono_tz::Tz,
    pub lookback_days: u32,
    /// Users per stats request chain (see `users_per_stats_piece`).
    pub users_per_stats_piece: usize,
}

/// Hosted calls over `[as_of - N days, as_of)` from per-day stats need the partial days at both
/// ends from the calls endpoint: the day `as_of - N days` falls in, from that instant to its end,
/// and today up to `as_of` (the stats exclude today).
#[derive(Debug, Clone)]
pub struct Edges {
    pub today: Window,
    /// For each counted period N: the day the boundary falls in and its partial window.
    pub boundaries: Vec<(u32, NaiveDate, Window)>,
}

impl Edges {
    /// The distinct partial-day windows, oldest first.
    pub fn windows(&self) -> Vec<Window> {
        let mut windows: Vec<Window> = self.boundaries.iter().map(|(_, _, w)| *w).collect();
        windows.push(self.today);
        windows.retain(|w| w.from < w.to);
        windows.sort();
        windows.dedup();
        windows
    }
}

/// Midnight at the start of `day` in `tz`, as an instant.
pub fn midnight(day: NaiveDate, tz: chrono_tz::Tz) -> DateTime<Utc> {
    let local = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    tz.from_local_datetime(&local)
        .earliest()
        .unwrap_or_else(|| tz.from_utc_datetime(&local))
        .to_utc()
}

impl Plan {
    /// An incremental run starts its windows at the last good run, less the overlap; a full run
    /// covers the whole look-back.
    pub fn new(
        run_id: i64,
        as_of: DateTime<Utc>,
        kind: Kind,
        last_good: Option<DateTime<Utc>>,
        sync: &SyncSettings,
    ) -> Plan {
        let tz = sync.tz();
        let today = as_of.with_timezone(&tz).date_naive();
        let lookback_start = as_of - Duration::days(i64::from(sync.lookback_days));
        let start = match (kind, last_good) {
            (Kind::Incremental, Some(last)) => {
                (last - Duration::hours(i64::from(sync.overlap_hours))).max(lookback_start)
            }
            _ => lookback_start,
        };
        let call_windows = windows::chain(start, as_of, CALL_WINDOW_DAYS);
        let first_day = lookback_start.with_timezone(&tz).date_naive();
        let stats_from = start.with_timezone(&tz).date_naive();
        let stats_ranges = windows::chain(
            stats_from.and_hms_opt(0, 0, 0).expect("midnight").and_utc(),
            today.and_hms_opt(0, 0, 0).expect("midnight").and_utc(),
            windows::MAX_WINDOW_DAYS,
        )
        .into_iter()
        .map(|w| (w.from.date_naive(), w.to.date_naive()))
        .collect();
        let boundaries = COUNTED_PERIODS
            .into_iter()
            .filter(|&days| days <= sync.lookback_days)
            .map(|days| {
                let boundary = as_of - Duration::days(i64::from(days));
                let day = boundary.with_timezone(&tz).date_naive();
                let end = midnight(day + Duration::days(1), tz);
                (
                    days,
                    day,
                    Window {
                        from: boundary,
                        to: end,
                    },
                )
            })
            .collect();
        let edges = Edges {
            today: Window {
                from: midnight(today, tz),
                to: as_of,
            },
            boundaries,
        };
        Plan {
            run_id,
            as_of,
            kind,
            call_windows,
            stats_ranges,
            edges,
            today,
            first_day,
            tz,
            lookback_days: sync.lookback_days,
            users_per_stats_piece: users_per_stats_piece(sync.daily_budget()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(time_zone: &str) -> SyncSettings {
        SyncSettings {
            time_zone: time_zone.into(),
            ..SyncSettings::default()
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_full_run_asks_for_whole_days_of_stats_up_to_yesterday_and_the_partial_edge_days() {
        let as_of = at("2026-11-23T10:00:00Z");
        let plan = Plan::new(1, as_of, Kind::Full, None, &settings("UTC"));
        assert_eq!(
            plan.call_windows.len(),
            13,
            "twelve 30-day windows and 5 days"
        );
        assert!(plan
            .call_windows
            .windows(2)
            .all(|pair| pair[0].from == pair[1].to));
        let first = plan.stats_ranges.last().unwrap().0;
        let last = plan.stats_ranges.first().unwrap().1;
        assert_eq!(first.to_string(), "2025-11-23");
        assert_eq!(
            last, plan.today,
            "today is excluded, as Gong's stats exclude it"
        );
        let edges = plan.edges.windows();
        assert_eq!(edges.len(), 4, "30, 90 and 365 days back, and today");
        assert!(edges
            .iter()
            .all(|w| w.to - w.from < Duration::days(1) && w.from < w.to));
        assert_eq!(plan.edges.today.from, at("2026-11-23T00:00:00Z"));
    }

    #[test]
    fn an_incremental_run_reaches_back_only_to_the_last_good_run_less_the_overlap() {
        let as_of = at("2026-11-24T10:00:00Z");
        let last = at("2026-11-23T10:00:00Z");
        let plan = Plan::new(2, as_of, Kind::Incremental, Some(last), &settings("UTC"));
        assert_eq!(plan.call_windows.len(), 1);
        assert_eq!(plan.call_windows[0].from, at("2026-11-21T10:00:00Z"));
        assert_eq!(
            plan.stats_ranges,
            vec![("2026-11-21".parse().unwrap(), "2026-11-24".parse().unwrap())]
        );
        assert_eq!(
            plan.first_day.to_string(),
            "2025-11-24",
            "counts still cover the look-back"
        );
    }

    #[test]
    fn a_small_share_asks_for_the_stats_in_pieces_of_a_hundredth_of_a_day() {
        // 5 % of 10,000 a day: 500 requests, pieces of 5 pages.
        assert_eq!(users_per_stats_piece(500), 500);
        assert_eq!(users_per_stats_piece(8), 100, "at least one page");
        assert_eq!(users_per_stats_piece(5_000), 5_000);
    }

    #[test]
    fn days_follow_the_company_time_zone() {
        // 02:00 UTC is still the previous evening in New York.
        let as_of = at("2026-11-23T02:00:00Z");
        let plan = Plan::new(1, as_of, Kind::Full, None, &settings("America/New_York"));
        assert_eq!(plan.today.to_string(), "2026-11-22");
        assert_eq!(plan.edges.today.from, at("2026-11-22T05:00:00Z"));
    }
}
