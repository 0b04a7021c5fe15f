//! The Overview's hosted calls per week over the latest report's look-back: the weeks planned in
//! the company time zone, then counted from the per-day stats and the calls table in one query.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::count;
use crate::{
    dashboard::{charts::WeekCount, sql::Texts},
    db::{numbered_values, Pool},
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

/// Hosted calls per planned week: the per-day stats summed over each week's days, plus the calls
/// table's calls within each week's range, both in one query. The weeks are bound as `VALUES` rows
/// from `?4` on.
pub async fn hosted_per_week(
    pool: &Pool,
    plan: &WeekPlan,
    within: Option<&str>,
) -> Result<Vec<WeekCount>, sqlx::Error> {
    if plan.weeks.is_empty() {
        return Ok(Vec::new());
    }
    // No stats: an empty day range, so only the calls table counts.
    let (days_from, days_to) = plan.stat_days.unwrap_or_default();
    let sql = Texts::new(|list| {
        // The company's days are summed as the sync stores them; a team's are summed here.
        let days = match within {
            None => "activity_day_totals WHERE".to_owned(),
            Some(_) => format!("activity_days WHERE user_id IN ({}) AND", list.ids("?3")),
        };
        format!(
            "WITH weeks (i, monday, next_monday, calls_from, calls_to) AS (VALUES {}),
             stat_days AS (
                 SELECT day, SUM(hosted) AS hosted
                 FROM {days} day >= ?1 AND day < ?2
                 GROUP BY day),
             stat_weeks AS (
                 SELECT w.i, CAST(SUM(s.hosted) AS BIGINT) AS hosted
                 FROM weeks w
                 JOIN stat_days s ON s.day >= w.monday AND s.day < w.next_monday
                 GROUP BY w.i),
             call_weeks AS (
                 SELECT w.i, COUNT(*) AS hosted
                 FROM weeks w
                 JOIN calls c ON c.started_at >= w.calls_from AND c.started_at < w.calls_to
                 WHERE ?3 IS NULL OR c.primary_user_id IN ({})
                 GROUP BY w.i)
             SELECT w.i, COALESCE(s.hosted, 0) + COALESCE(c.hosted, 0)
             FROM weeks w
             LEFT JOIN stat_weeks s ON s.i = w.i
             LEFT JOIN call_weeks c ON c.i = w.i
             ORDER BY w.i",
            numbered_values(4, plan.weeks.len(), 5),
            list.ids("?3")
        )
    });
    let mut query = crate::db::query_as(sql.sql())
        .bind(days_from)
        .bind(days_to)
        .bind(within);
    for (i, week) in plan.weeks.iter().enumerate() {
        query = query
            .bind(i as i64)
            .bind(week.monday)
            .bind(week.monday + Duration::weeks(1))
            .bind(instant_text(week.calls.0))
            .bind(instant_text(week.calls.1));
    }
    let rows: Vec<(i64, i64)> = query.fetch_all(pool).await?;
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
