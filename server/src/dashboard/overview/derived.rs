//! The utilisation trend before the first stored report, derived from the per-day activity the
//! first sync already read (docs/product.md, "Pages", Overview): a point at each month's end whose
//! whole inactivity window lies inside that read, with no extra Gong request.

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex},
};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use crate::{dashboard::charts::UtilisationPoint, db::Pool, seats::held};
use app::types::SeatType;

/// At most a year of derived months.
const MONTHS: usize = 12;

/// One Gong-seat holder of the latest report, as the months before the first report saw them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub id: String,
    /// The day Gong created them, in the company's zone.
    pub created: NaiveDate,
    /// Protected or unmonitored in the latest report: in use whatever their activity, as in the
    /// stored reports' count.
    pub always_in_use: bool,
    /// For each calendar month with hosted, attended or coached activity, its last such day.
    pub last_active_per_month: Vec<NaiveDate>,
}

/// What the derivation reads from the database, for one report (kept until the next report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    report_id: i64,
    /// The first stored report: derived points stop before it.
    pub first_report: DateTime<Utc>,
    /// The first day the first report's look-back read.
    pub read_from: NaiveDate,
    pub holders: Vec<Holder>,
}

/// One derived month end: its day and the Gong seats in use and assigned then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DerivedMonth {
    pub day: NaiveDate,
    pub in_use: u64,
    pub assigned: u64,
}

/// The last day of each calendar month strictly before `before`, newest last, whose inactivity
/// window (`inactivity_days` days ending on it) starts on or after `read_from`; at most a year.
pub fn month_ends(read_from: NaiveDate, before: NaiveDate, inactivity_days: u32) -> Vec<NaiveDate> {
    let mut ends = Vec::new();
    let mut month_start = before.with_day(1).expect("day 1 exists");
    while ends.len() < MONTHS {
        let end = month_start - Duration::days(1);
        if end + Duration::days(1) - Duration::days(i64::from(inactivity_days)) < read_from {
            break;
        }
        ends.push(end);
        month_start = end.with_day(1).expect("day 1 exists");
    }
    ends.reverse();
    ends
}

/// Seats in use and assigned at each month end, counted as a report on that day would: a holder
/// created by then is assigned; in use when created within the grace period, protected or
/// unmonitored, or active within the inactivity window. `within`: a manager's team only.
pub fn derive(
    holders: &[Holder],
    within: Option<&HashSet<String>>,
    ends: &[NaiveDate],
    inactivity_days: u32,
    grace_days: u32,
) -> Vec<DerivedMonth> {
    let counted: Vec<&Holder> = holders
        .iter()
        .filter(|h| within.is_none_or(|team| team.contains(&h.id)))
        .collect();
    ends.iter()
        .map(|&day| {
            let window_start = day + Duration::days(1) - Duration::days(i64::from(inactivity_days));
            let grace_start = day + Duration::days(1) - Duration::days(i64::from(grace_days));
            let mut month = DerivedMonth {
                day,
                in_use: 0,
                assigned: 0,
            };
            for holder in counted.iter().filter(|h| h.created <= day) {
                month.assigned += 1;
                // `day` ends its month, so each month's last active day says whether that month
                // had activity inside the window: the window's first month is the only partial one,
                // and its last active day is in the window exactly when any of its days is.
                let active = holder
                    .last_active_per_month
                    .iter()
                    .any(|&last| last >= window_start && last <= day);
                if holder.always_in_use || holder.created >= grace_start || active {
                    month.in_use += 1;
                }
            }
            month
        })
        .collect()
}

/// The end of `day` in `tz` as an instant, where a derived point is drawn.
pub fn end_of(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let next = (day + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists");
    tz.from_local_datetime(&next)
        .earliest()
        .unwrap_or_else(|| Utc.from_utc_datetime(&next).with_timezone(&tz))
        .with_timezone(&Utc)
        - Duration::seconds(1)
}

/// Reads the latest report's Gong-seat holders and their months of activity: one pass over the
/// per-day activity, so the Overview keeps it for as long as the latest report stays the same.
async fn read(pool: &Pool, report_id: i64, tz: Tz) -> Result<Option<History>, sqlx::Error> {
    let first: Option<(DateTime<Utc>, i64)> =
        crate::db::query_as("SELECT as_of, lookback_days FROM reports ORDER BY as_of, id LIMIT 1")
            .fetch_optional(pool)
            .await?;
    let Some((first_report, lookback_days)) = first else {
        return Ok(None);
    };
    let read_from =
        first_report.with_timezone(&tz).date_naive() - Duration::days(lookback_days.max(0));
    // `created_at` is instant text (`sync::store::instant_text`).
    let rows: Vec<(String, String, bool)> = crate::db::query_as(&format!(
        "SELECT u.user_id, g.created_at, u.status IN ('protected', 'unmonitored')
         FROM report_users u JOIN gong_users g ON g.id = u.user_id
         WHERE u.report_id = ?1 AND {}",
        held::holds_by_email_sql("u", SeatType::Gong)
    ))
    .bind(report_id)
    .fetch_all(pool)
    .await?;
    // A day's text starts with its month (`YYYY-MM`).
    let months: Vec<(String, NaiveDate)> = crate::db::query_as(
        "SELECT user_id, MAX(day) FROM activity_days
         WHERE day >= ?1 AND hosted + attended + coached > 0
         GROUP BY user_id, substr(CAST(day AS TEXT), 1, 7)",
    )
    .bind(read_from)
    .fetch_all(pool)
    .await?;
    let mut per_user: HashMap<String, Vec<NaiveDate>> = HashMap::new();
    for (user, day) in months {
        per_user.entry(user).or_default().push(day);
    }
    let holders = rows
        .into_iter()
        .map(|(id, created, always_in_use)| {
            let created = DateTime::parse_from_rfc3339(&created)
                .map_err(|e| sqlx::Error::Decode(e.into()))?;
            Ok(Holder {
                last_active_per_month: per_user.remove(&id).unwrap_or_default(),
                id,
                created: created.with_timezone(&tz).date_naive(),
                always_in_use,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Some(History {
        report_id,
        first_report,
        read_from,
        holders,
    }))
}

/// How the months before the first report are derived: the cache and the thresholds in force.
pub struct Derivation<'a> {
    pub cache: &'a HistoryCache,
    pub inactivity_days: u32,
    pub grace_days: u32,
    /// The company-wide report charts kept between requests (none: always counted afresh).
    pub kept: Option<&'a KeptCharts>,
}

/// The company's stored-report utilisation and last-active histogram, per `figures_version` and
/// time zone.
pub type KeptCharts = crate::dashboard::cache::Kept<
    (i64, Tz),
    (
        crate::dashboard::charts::UtilisationTrend,
        crate::dashboard::charts::LastActiveHistogram,
    ),
>;

impl Derivation<'_> {
    /// The derived month ends of the latest report `report_id`, as chart points, oldest first.
    pub async fn points(
        &self,
        pool: &Pool,
        report_id: i64,
        tz: Tz,
        within: Option<&HashSet<String>>,
    ) -> Result<Vec<UtilisationPoint>, sqlx::Error> {
        let Some(history) = self.cache.get(pool, report_id, tz).await? else {
            return Ok(Vec::new());
        };
        let first_day = history.first_report.with_timezone(&tz).date_naive();
        let ends = month_ends(history.read_from, first_day, self.inactivity_days);
        Ok(derive(
            &history.holders,
            within,
            &ends,
            self.inactivity_days,
            self.grace_days,
        )
        .into_iter()
        .map(|month| UtilisationPoint {
            as_of: end_of(month.day, tz),
            in_use: month.in_use,
            assigned: month.assigned,
            derived: true,
        })
        .collect())
    }
}

/// The history of the latest report, read once per report (5 million activity days at 50,000
/// users take about a second to read; a page must not).
#[derive(Debug, Default)]
pub struct HistoryCache(Mutex<Option<(Tz, Arc<History>)>>);

impl HistoryCache {
    pub async fn get(
        &self,
        pool: &Pool,
        report_id: i64,
        tz: Tz,
    ) -> Result<Option<Arc<History>>, sqlx::Error> {
        if let Some((cached_tz, history)) = self.0.lock().expect("not poisoned").as_ref() {
            if history.report_id == report_id && *cached_tz == tz {
                return Ok(Some(history.clone()));
            }
        }
        let Some(history) = read(pool, report_id, tz).await? else {
            return Ok(None);
        };
        let history = Arc::new(history);
        *self.0.lock().expect("not poisoned") = Some((tz, history.clone()));
        Ok(Some(history))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn holder(id: &str, created: &str, always: bool, months: &[&str]) -> Holder {
        Holder {
            id: id.into(),
            created: d(created),
            always_in_use: always,
            last_active_per_month: months.iter().map(|m| d(m)).collect(),
        }
    }

    #[test]
    fn month_ends_stop_where_the_inactivity_window_leaves_what_was_read() {
        // Read from 2025-06-01 (a 365-day look-back of a report on 2026-06-01), 90-day window:
        // the first month end whose 90 days are all read is 2025-08-31 (window from 2025-06-03).
        let ends = month_ends(d("2025-06-01"), d("2026-06-01"), 90);
        assert_eq!(ends.first(), Some(&d("2025-08-31")));
        assert_eq!(ends.last(), Some(&d("2026-05-31")));
        assert_eq!(ends.len(), 10);
        // A report on the 15th: its own month's end is after it, so not derived.
        let ends = month_ends(d("2025-06-01"), d("2026-06-15"), 90);
        assert_eq!(ends.last(), Some(&d("2026-05-31")));
        // Never more than a year, and nothing when the look-back is shorter than the window.
        assert_eq!(month_ends(d("2020-01-01"), d("2026-06-01"), 30).len(), 12);
        assert!(month_ends(d("2026-04-01"), d("2026-06-01"), 90).is_empty());
    }

    /// A hand-counted company of five Gong-seat holders over three month ends (30-day window,
    /// 30-day grace).
    #[test]
    fn a_small_company_counts_as_worked_out_by_hand() {
        let holders = [
            // Active in January only (last on Jan 20): in use at Jan 31 (window Jan 2..31), not
            // at Feb 28 (window Jan 30..Feb 28), not at Mar 31.
            holder("a", "2025-01-01", false, &["2026-01-20"]),
            // Active on Feb 1 and Mar 30: in use at Feb 28 and Mar 31, not at Jan 31.
            holder("b", "2025-01-01", false, &["2026-02-01", "2026-03-30"]),
            // Created Feb 20: not assigned at Jan 31; new (within grace) at Feb 28 and Mar 31
            // (grace from Mar 2 ... created Feb 20 is before: not new at Mar 31).
            holder("c", "2026-02-20", false, &[]),
            // Protected: in use whenever assigned.
            holder("d", "2025-01-01", true, &[]),
            // Never active, created long ago: assigned, never in use.
            holder("e", "2024-05-05", false, &[]),
        ];
        let ends = [d("2026-01-31"), d("2026-02-28"), d("2026-03-31")];
        let months = derive(&holders, None, &ends, 30, 30);
        let got: Vec<(u64, u64)> = months.iter().map(|m| (m.in_use, m.assigned)).collect();
        // Jan 31: a, d in use; a b d e assigned. Feb 28: b, c, d; all five. Mar 31: b, d; five.
        assert_eq!(got, vec![(2, 4), (3, 5), (2, 5)]);

        let team: HashSet<String> = ["a".to_owned(), "e".to_owned()].into();
        let months = derive(&holders, Some(&team), &ends, 30, 30);
        let got: Vec<(u64, u64)> = months.iter().map(|m| (m.in_use, m.assigned)).collect();
        assert_eq!(got, vec![(1, 2), (0, 2), (0, 2)]);
    }

    #[test]
    fn a_derived_point_is_drawn_at_the_end_of_its_day_in_the_company_zone() {
        let tz: Tz = "America/New_York".parse().unwrap();
        assert_eq!(
            end_of(d("2026-01-31"), tz).to_rfc3339(),
            "2026-02-01T04:59:59+00:00"
        );
    }
}
