//! The Overview's hosted calls per week over the latest report's look-back: the weeks planned in
//! the company time zone, then counted from the per-day stats and the calls table in one query.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::count;
use crate::{
    dashboard::charts::WeekCount,
    db::Pool,
    sync::{plan::midnight, store::instant_text},
};

/// The ISO weeks of a look-back and where each one's hosted calls are counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekPlan {
    pub weeks: Vec<PlannedWeek>,
    /// With the activity stats: the whole company-time-zone days `[from, to)` whose per-day
    /// hosted counts are summed into their week.
    pub stat_days: Option<(NaiveDate, NaiveDate)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedWeek {
    /// The Monday it starts on, in the company time zone.
    pub monday: NaiveDate,
    /// Only part of the week lies in the look-back.
    pub partial: bool,
    /// Calls counted from the calls table: those starting in `[from, to)` (empty when equal).
    pub calls: (DateTime<Utc>, DateTime<Utc>),
}

/// The weeks of `[as_of - lookback_days, as_of)` in `tz`. Without the stats every hosted call of
/// the period is in the calls table. With them, the calls table holds only the edge days the sync
/// fetched (docs/gong-api.md: the stats cover whole days and exclude today), so the stats' days
/// count up to yesterday and the calls table only for today, up to `as_of`.
pub fn week_plan(as_of: DateTime<Utc>, lookback_days: u32, tz: Tz, stats: bool) -> WeekPlan {
    let start = as_of - Duration::days(i64::from(lookback_days));
    let first_day = start.with_timezone(&tz).date_naive();
    let today = as_of.with_timezone(&tz).date_naive();
    let today_from = midnight(today, tz);
    let mut monday =
        first_day - Duration::days(i64::from(first_day.weekday().num_days_from_monday()));
    let mut weeks = Vec::new();
    while monday <= today && start < as_of {
        let next = monday + Duration::weeks(1);
        let (week_from, week_to) = (midnight(monday, tz), midnight(next, tz));
        let (from, to) = (week_from.max(start), week_to.min(as_of));
        if from < to {
            let calls_from = if stats { from.max(today_from) } else { from };
            weeks.push(PlannedWeek {
                monday,
                partial: from > week_from || to < week_to,
                calls: (calls_from.min(to), to),
            });
        }
        monday = next;
    }
    WeekPlan {
        weeks,
        stat_days: stats.then_some((first_day, today)),
    }
}

/// Hosted calls per planned week: the per-day stats grouped by their Monday, plus the calls table's
/// calls within each week's range, both in one query.
pub async fn hosted_per_week(
    pool: &Pool,
    plan: &WeekPlan,
    within: Option<&str>,
) -> Result<Vec<WeekCount>, sqlx::Error> {
    let weeks: Vec<(String, String, String)> = plan
        .weeks
        .iter()
        .map(|w| {
            (
                w.monday.format("%Y-%m-%d").to_string(),
                instant_text(w.calls.0),
                instant_text(w.calls.1),
            )
        })
        .collect();
    let weeks_json = serde_json::to_string(&weeks).expect("strings serialise");
    // No stats: an empty day range, so only the calls table counts.
    let (days_from, days_to) = plan.stat_days.unwrap_or_default();
    // The company's days are summed as the sync stores them; a team's are summed here.
    let days = match within {
        None => "activity_day_totals WHERE",
        Some(_) => "activity_days WHERE user_id IN (SELECT value FROM json_each(?4)) AND",
    };
    let rows: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "WITH weeks AS (
             SELECT CAST(key AS INTEGER) AS i,
                    json_extract(value, '$[0]') AS monday,
                    json_extract(value, '$[1]') AS calls_from,
                    json_extract(value, '$[2]') AS calls_to
             FROM json_each(?1)),
         stat_weeks AS (
             SELECT date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')
                        AS monday,
                    SUM(hosted) AS hosted
             FROM {days} day >= ?2 AND day < ?3
             GROUP BY 1),
         call_weeks AS (
             SELECT w.i, COUNT(*) AS hosted
             FROM weeks w
             JOIN calls c ON c.started_at >= w.calls_from AND c.started_at < w.calls_to
             WHERE ?4 IS NULL OR c.primary_user_id IN (SELECT value FROM json_each(?4))
             GROUP BY w.i)
         SELECT w.i, COALESCE(s.hosted, 0) + COALESCE(c.hosted, 0)
         FROM weeks w
         LEFT JOIN stat_weeks s ON s.monday = w.monday
         LEFT JOIN call_weeks c ON c.i = w.i
         ORDER BY w.i"
    ))
    .bind(weeks_json)
    .bind(days_from)
    .bind(days_to)
    .bind(within)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(i, hosted)| {
            let week = plan.weeks.get(usize::try_from(i).ok()?)?;
            Some(WeekCount {
                week_start: week.monday,
                hosted: count(hosted),
                partial: week.partial,
            })
        })
        .collect())
}
