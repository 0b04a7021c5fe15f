//! The Overview page's charts from the database, counted in SQL: Gong seat utilisation per stored
//! report, days since last active in the latest report, and hosted calls per week over its look-back.

use std::collections::HashSet;

use crate::sync::plan::midnight;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::charts::{
    self, last_active::BUCKETS, LastActiveHistogram, UtilisationPoint, UtilisationTrend, WeekCount,
};
use crate::{db::Pool, sync::store::instant_text};

/// Everything the Overview charts draw, read from the latest good report and the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewData {
    pub as_of: DateTime<Utc>,
    pub utilisation: UtilisationTrend,
    pub last_active: LastActiveHistogram,
    pub weeks: Vec<WeekCount>,
}

impl OverviewData {
    /// The three charts drawn, with their captions.
    pub fn charts(&self) -> app::types::OverviewCharts {
        let chart = |id: &str, caption: String, svg: String| app::types::Chart {
            id: id.to_owned(),
            caption,
            svg,
        };
        let as_of = self.as_of.format("%Y-%m-%d %H:%M UTC");
        app::types::OverviewCharts {
            as_of: Some(self.as_of),
            charts: vec![
                chart(
                    "utilisation",
                    "Gong seat utilisation per stored report: seats in use and assigned, as a \
                     share of the purchased seats (as counts while none is set), with seat types \
                     and purchased seats as set today."
                        .to_owned(),
                    charts::utilisation::render(&self.utilisation),
                ),
                chart(
                    "last-active",
                    format!(
                        "Days since last active for every user not deactivated in Gong, in the \
                         report of {as_of}."
                    ),
                    charts::last_active::render(&self.last_active),
                ),
                chart(
                    "hosted-per-week",
                    format!(
                        "Hosted calls per week for the whole company over the look-back of the \
                         report of {as_of}; partial weeks are drawn lighter."
                    ),
                    charts::hosted_per_week::render(&self.weeks),
                ),
            ],
        }
    }
}

/// The latest good report's header.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Latest {
    id: i64,
    as_of: DateTime<Utc>,
    lookback_days: i64,
    signals: String,
}

impl Latest {
    /// Whether the run read the activity stats: then more than hosted calls are among its signals.
    fn has_stats(&self) -> bool {
        serde_json::from_str::<Vec<String>>(&self.signals)
            .is_ok_and(|signals| signals.iter().any(|s| s != "hosted"))
    }
}

/// The data of the Overview charts; `None` before the first complete sync.
/// `within`: a manager's team (their subtree's ids); the charts then count those users alone.
pub async fn load(
    pool: &Pool,
    tz: Tz,
    within: Option<&HashSet<String>>,
) -> Result<Option<OverviewData>, sqlx::Error> {
    let within = within.map(ids_json);
    let within = within.as_deref();
    let latest: Option<Latest> = sqlx::query_as(
        "SELECT id, as_of, lookback_days, signals FROM reports ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    let Some(latest) = latest else {
        return Ok(None);
    };
    let plan = week_plan(
        latest.as_of,
        u32::try_from(latest.lookback_days).unwrap_or(0),
        tz,
        latest.has_stats(),
    );
    Ok(Some(OverviewData {
        as_of: latest.as_of,
        utilisation: utilisation(pool, within).await?,
        last_active: last_active(
            pool,
            latest.id,
            latest.as_of.with_timezone(&tz).date_naive(),
            within,
        )
        .await?,
        weeks: hosted_per_week(pool, &plan, within).await?,
    }))
}

/// Gong seats in use and assigned per stored report. Seat assignments and the purchased number are
/// today's (no history of them is kept); a user without an assignment row holds a Gong seat.
/// With `within` (a JSON array of user ids) only those users count, and no purchased line is drawn
/// (a team has no contract of its own).
pub async fn utilisation(
    pool: &Pool,
    within: Option<&str>,
) -> Result<UtilisationTrend, sqlx::Error> {
    let purchased: Option<i64> = match within {
        Some(_) => None,
        None => {
            sqlx::query_scalar("SELECT purchased FROM seat_types WHERE name = 'gong'")
                .fetch_optional(pool)
                .await?
        }
    };
    let rows: Vec<(DateTime<Utc>, i64, i64)> = sqlx::query_as(
        // `a.email` first so the comparison takes its NOCASE collation and its index.
        "SELECT r.as_of,
                COALESCE(SUM(u.status IN ('active', 'new', 'protected', 'unmonitored')), 0),
                COUNT(u.user_id)
         FROM reports r
         LEFT JOIN report_users u
                ON u.report_id = r.id AND u.active = 1 AND u.status <> 'deactivated'
               AND COALESCE((SELECT a.gong FROM seat_assignments a WHERE a.email = u.email), 1) = 1
               AND (?1 IS NULL OR u.user_id IN (SELECT value FROM json_each(?1)))
         GROUP BY r.id
         ORDER BY r.as_of, r.id",
    )
    .bind(within)
    .fetch_all(pool)
    .await?;
    Ok(UtilisationTrend {
        purchased: purchased.map_or(0, count),
        points: rows
            .into_iter()
            .map(|(as_of, in_use, assigned)| UtilisationPoint {
                as_of,
                in_use: count(in_use),
                assigned: count(assigned),
            })
            .collect(),
    })
}

/// Users of report `report_id` not deactivated, by days from their last active day to `as_of_day`
/// (both company-time-zone days); no activity in the look-back falls in the last bucket.
pub async fn last_active(
    pool: &Pool,
    report_id: i64,
    as_of_day: NaiveDate,
    within: Option<&str>,
) -> Result<LastActiveHistogram, sqlx::Error> {
    let last = BUCKETS.len() - 1;
    let mut bucket = format!("CASE WHEN last_active IS NULL THEN {last}");
    for (i, max_days) in BUCKETS
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.max_days.map(|d| (i, d)))
    {
        bucket.push_str(&format!(
            " WHEN julianday(?2) - julianday(last_active) <= {max_days} THEN {i}"
        ));
    }
    bucket.push_str(&format!(" ELSE {last} END"));
    let rows: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT {bucket} AS bucket, COUNT(*) FROM report_users
         WHERE report_id = ?1 AND status <> 'deactivated'
           AND (?3 IS NULL OR user_id IN (SELECT value FROM json_each(?3)))
         GROUP BY bucket"
    ))
    .bind(report_id)
    .bind(as_of_day)
    .bind(within)
    .fetch_all(pool)
    .await?;
    let mut counts = [0; BUCKETS.len()];
    for (bucket, n) in rows {
        if let Some(slot) = usize::try_from(bucket).ok().and_then(|b| counts.get_mut(b)) {
            *slot = count(n);
        }
    }
    Ok(LastActiveHistogram {
        as_of: Some(as_of_day),
        counts,
    })
}

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

/// Ids as the queries' `json_each` reads them.
pub fn ids_json(ids: &HashSet<String>) -> String {
    serde_json::to_string(ids).expect("strings serialise")
}

/// A SQL count as the charts take it.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::pool;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// The signals of a report made with the stats permission.
    const ALL_SIGNALS: &str = r#"["hosted","attended","coached","listened"]"#;

    /// A stored report with its run; returns its id.
    async fn report(pool: &Pool, as_of: &str, lookback_days: u32, signals: &str) -> i64 {
        let as_of = at(as_of);
        let run_id = crate::db::testing::complete_run(pool, as_of).await;
        sqlx::query_scalar(
            "INSERT INTO reports (run_id, as_of, lookback_days, signals, created_at)
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(run_id)
        .bind(as_of)
        .bind(lookback_days)
        .bind(signals)
        .bind(as_of)
        .fetch_one(pool)
        .await
        .unwrap()
    }

    async fn user(
        pool: &Pool,
        report_id: i64,
        email: &str,
        status: &str,
        last_active: Option<&str>,
    ) {
        sqlx::query(
            "INSERT INTO report_users (report_id, user_id, email, name, active, status, last_active)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(report_id)
        .bind(email)
        .bind(email)
        .bind(email)
        .bind(status != "deactivated")
        .bind(status)
        .bind(last_active)
        .execute(pool)
        .await
        .unwrap();
    }

    async fn seats(pool: &Pool, email: &str, gong: bool) {
        sqlx::query(
            "INSERT INTO seat_assignments (email, gong, forecast, engage, technical_admin, source, updated_at)
             VALUES (?, ?, 1, 0, 0, 'manual', '2026-11-01T00:00:00Z')",
        )
        .bind(email)
        .bind(gong)
        .execute(pool)
        .await
        .unwrap();
    }

    async fn purchase(pool: &Pool, gong: i64) {
        sqlx::query("UPDATE seat_types SET purchased = ? WHERE name = 'gong'")
            .bind(gong)
            .execute(pool)
            .await
            .unwrap();
    }

    async fn call(pool: &Pool, id: &str, started_at: &str) {
        sqlx::query("INSERT INTO calls (id, started_at, primary_user_id) VALUES (?, ?, 'u1')")
            .bind(id)
            .bind(instant_text(at(started_at)))
            .execute(pool)
            .await
            .unwrap();
    }

    async fn hosted_on(pool: &Pool, user_id: &str, day: &str, hosted: i64) {
        sqlx::query("INSERT INTO activity_days (user_id, day, hosted) VALUES (?, ?, ?)")
            .bind(user_id)
            .bind(day)
            .bind(hosted)
            .execute(pool)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn before_the_first_report_there_is_nothing_to_chart() {
        let (pool, _dir) = pool().await;
        assert_eq!(load(&pool, chrono_tz::UTC, None).await.unwrap(), None);
    }

    #[tokio::test]
    async fn utilisation_counts_gong_seat_holders_in_use_per_report() {
        let (pool, _dir) = pool().await;
        let first = report(&pool, "2026-10-01T06:00:00Z", 365, r#"["hosted"]"#).await;
        for (email, status) in [
            ("a@x.io", "active"),
            ("b@x.io", "new"),
            ("c@x.io", "inactive"),
            ("d@x.io", "deactivated"),
        ] {
            user(&pool, first, email, status, None).await;
        }
        let second = report(&pool, "2026-11-01T06:00:00Z", 365, r#"["hosted"]"#).await;
        for (email, status) in [
            ("a@x.io", "active"),
            ("b@x.io", "protected"),
            ("c@x.io", "listener"),
            ("d@x.io", "deactivated"),
            ("E@x.io", "unmonitored"),
            ("f@x.io", "active"),
        ] {
            user(&pool, second, email, status, None).await;
        }
        // A Forecast-only user (matched whatever the case of the email) holds no Gong seat.
        seats(&pool, "e@X.io", false).await;
        seats(&pool, "f@x.io", true).await;

        let trend = utilisation(&pool, None).await.unwrap();
        assert_eq!(trend.purchased, 0, "nothing purchased is set yet");
        assert_eq!(
            trend.points,
            vec![
                UtilisationPoint {
                    as_of: at("2026-10-01T06:00:00Z"),
                    in_use: 2,
                    assigned: 3,
                },
                UtilisationPoint {
                    as_of: at("2026-11-01T06:00:00Z"),
                    in_use: 3,
                    assigned: 4,
                },
            ]
        );
        purchase(&pool, 5).await;
        assert_eq!(utilisation(&pool, None).await.unwrap().purchased, 5);
    }

    #[tokio::test]
    async fn a_report_without_users_is_a_point_at_zero() {
        let (pool, _dir) = pool().await;
        report(&pool, "2026-10-01T06:00:00Z", 365, r#"["hosted"]"#).await;
        let trend = utilisation(&pool, None).await.unwrap();
        assert_eq!(trend.points.len(), 1);
        assert_eq!((trend.points[0].in_use, trend.points[0].assigned), (0, 0));
    }

    #[tokio::test]
    async fn days_since_last_active_fall_in_their_buckets_counted_from_the_company_day() {
        let (pool, _dir) = pool().await;
        // 02:00 UTC is still the evening of 22 November in New York.
        let id = report(&pool, "2026-11-23T02:00:00Z", 365, r#"["hosted"]"#).await;
        for (i, (status, last_active)) in [
            ("active", Some("2026-11-22")),   // 0 days
            ("active", Some("2026-10-23")),   // 30 days
            ("listener", Some("2026-10-22")), // 31 days
            ("inactive", Some("2026-08-24")), // 90 days
            ("inactive", Some("2026-08-23")), // 91 days
            ("inactive", Some("2025-11-22")), // 365 days
            ("never_active", None),
            ("deactivated", Some("2026-11-20")),
        ]
        .into_iter()
        .enumerate()
        {
            user(&pool, id, &format!("u{i}@x.io"), status, last_active).await;
        }
        let tz: Tz = "America/New_York".parse().unwrap();
        let data = load(&pool, tz, None).await.unwrap().expect("a report");
        assert_eq!(data.last_active.as_of, Some(day("2026-11-22")));
        assert_eq!(data.last_active.counts, [2, 1, 1, 1, 1, 1]);

        // A manager's team: only its users are counted, and no purchased line is drawn.
        let team: HashSet<String> = ["u0@x.io", "u6@x.io"].map(String::from).into();
        let data = load(&pool, tz, Some(&team))
            .await
            .unwrap()
            .expect("a report");
        assert_eq!(data.last_active.counts, [1, 0, 0, 0, 0, 1]);
        assert_eq!(data.utilisation.purchased, 0);
        assert_eq!(data.utilisation.points[0].assigned, 2);
    }

    #[test]
    fn a_year_of_look_back_is_53_or_54_weeks_partial_at_both_ends() {
        let plan = week_plan(at("2026-11-25T15:00:00Z"), 365, chrono_tz::UTC, false);
        assert_eq!(plan.weeks.len(), 53);
        assert_eq!(plan.weeks[0].monday, day("2025-11-24"));
        assert_eq!(plan.weeks[52].monday, day("2026-11-23"));
        assert!(plan.weeks[0].partial && plan.weeks[52].partial);
        assert!(plan.weeks[1..52].iter().all(|w| !w.partial));
        assert_eq!(plan.weeks[0].calls.0, at("2025-11-25T15:00:00Z"));
        assert_eq!(plan.weeks[52].calls.1, at("2026-11-25T15:00:00Z"));
        assert_eq!(plan.stat_days, None);
        // Weeks follow one another without a gap.
        assert!(plan.weeks.windows(2).all(|w| w[0].calls.1 == w[1].calls.0));
    }

    #[test]
    fn weeks_start_at_midnight_on_monday_in_the_company_time_zone() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let plan = week_plan(at("2026-11-25T15:00:00Z"), 14, tz, false);
        assert_eq!(plan.weeks.len(), 3);
        assert_eq!(plan.weeks[1].monday, day("2026-11-16"));
        assert_eq!(
            plan.weeks[1].calls,
            (at("2026-11-15T23:00:00Z"), at("2026-11-22T23:00:00Z"))
        );
    }

    #[test]
    fn with_the_stats_the_calls_table_counts_only_today() {
        let plan = week_plan(at("2026-11-25T15:00:00Z"), 30, chrono_tz::UTC, true);
        assert_eq!(plan.stat_days, Some((day("2026-10-26"), day("2026-11-25"))));
        let last = plan.weeks.last().unwrap();
        assert_eq!(
            last.calls,
            (at("2026-11-25T00:00:00Z"), at("2026-11-25T15:00:00Z"))
        );
        assert!(plan.weeks[..plan.weeks.len() - 1]
            .iter()
            .all(|w| w.calls.0 == w.calls.1));
    }

    #[test]
    fn a_report_taken_at_monday_midnight_ends_with_the_week_before() {
        let plan = week_plan(at("2026-11-23T00:00:00Z"), 7, chrono_tz::UTC, false);
        assert_eq!(plan.weeks.len(), 1);
        assert_eq!(plan.weeks[0].monday, day("2026-11-16"));
        assert!(!plan.weeks[0].partial);
        assert!(
            week_plan(at("2026-11-23T00:00:00Z"), 0, chrono_tz::UTC, false)
                .weeks
                .is_empty()
        );
    }

    #[tokio::test]
    async fn without_the_stats_hosted_calls_are_counted_per_week_from_the_calls_table() {
        let (pool, _dir) = pool().await;
        report(&pool, "2026-11-25T15:00:00Z", 14, r#"["hosted"]"#).await;
        // Sunday 23:30 in New York is Monday 04:30 UTC: it belongs to the week before.
        call(&pool, "c1", "2026-11-16T04:30:00Z").await;
        call(&pool, "c2", "2026-11-16T05:30:00Z").await;
        call(&pool, "c3", "2026-11-24T12:00:00Z").await;
        call(&pool, "c4", "2026-11-25T14:59:59Z").await;
        // Outside the look-back, and after as_of.
        call(&pool, "old", "2026-11-01T12:00:00Z").await;
        call(&pool, "late", "2026-11-25T15:00:00Z").await;
        // Ignored without the stats.
        hosted_on(&pool, "u1", "2026-11-20", 40).await;
        let tz: Tz = "America/New_York".parse().unwrap();
        let weeks = load(&pool, tz, None).await.unwrap().unwrap().weeks;
        let got: Vec<(NaiveDate, u64, bool)> = weeks
            .iter()
            .map(|w| (w.week_start, w.hosted, w.partial))
            .collect();
        assert_eq!(
            got,
            vec![
                (day("2026-11-09"), 1, true),
                (day("2026-11-16"), 1, false),
                (day("2026-11-23"), 2, true),
            ]
        );
    }

    #[tokio::test]
    async fn with_the_stats_per_day_counts_are_summed_per_week_plus_todays_calls() {
        let (pool, _dir) = pool().await;
        report(&pool, "2026-11-25T15:00:00Z", 14, ALL_SIGNALS).await;
        hosted_on(&pool, "u1", "2026-11-11", 3).await; // first day of the look-back
        hosted_on(&pool, "u2", "2026-11-15", 4).await; // Sunday
        hosted_on(&pool, "u1", "2026-11-16", 5).await; // Monday
        hosted_on(&pool, "u2", "2026-11-24", 6).await; // yesterday
        hosted_on(&pool, "u1", "2026-11-10", 100).await; // before the look-back
                                                         // An edge-day call the sync looked up, already in the stats: not counted twice.
        call(&pool, "edge", "2026-11-16T10:00:00Z").await;
        // Today: only in the calls table.
        call(&pool, "today", "2026-11-25T09:00:00Z").await;
        let weeks = load(&pool, chrono_tz::UTC, None)
            .await
            .unwrap()
            .unwrap()
            .weeks;
        let got: Vec<(NaiveDate, u64)> = weeks.iter().map(|w| (w.week_start, w.hosted)).collect();
        assert_eq!(
            got,
            vec![
                (day("2026-11-09"), 7),
                (day("2026-11-16"), 5),
                (day("2026-11-23"), 7),
            ]
        );
    }

    #[tokio::test]
    async fn the_companys_day_sums_follow_every_change_to_the_days_and_match_the_teams() {
        let (pool, _dir) = pool().await;
        report(&pool, "2026-11-25T15:00:00Z", 14, ALL_SIGNALS).await;
        hosted_on(&pool, "u1", "2026-11-16", 5).await;
        hosted_on(&pool, "u2", "2026-11-16", 2).await;
        hosted_on(&pool, "u2", "2026-11-17", 9).await;
        hosted_on(&pool, "u3", "2026-11-24", 4).await;
        // A later sync restates a day (its upsert), and a day goes.
        sqlx::query(
            "INSERT INTO activity_days (user_id, day, hosted) VALUES ('u1', '2026-11-16', 1)
             ON CONFLICT (user_id, day) DO UPDATE SET hosted = excluded.hosted",
        )
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query("DELETE FROM activity_days WHERE user_id = 'u2' AND day = '2026-11-17'")
            .execute(&pool)
            .await
            .unwrap();
        let weeks = |within: Option<HashSet<String>>| {
            let pool = pool.clone();
            async move {
                load(&pool, chrono_tz::UTC, within.as_ref())
                    .await
                    .unwrap()
                    .unwrap()
                    .weeks
                    .iter()
                    .map(|w| (w.week_start, w.hosted))
                    .collect::<Vec<_>>()
            }
        };
        let company = weeks(None).await;
        assert_eq!(
            company,
            vec![
                (day("2026-11-09"), 0),
                (day("2026-11-16"), 3),
                (day("2026-11-23"), 4),
            ]
        );
        let everyone = ["u1", "u2", "u3"].map(String::from).into();
        assert_eq!(weeks(Some(everyone)).await, company);
    }

    #[tokio::test]
    async fn the_overview_charts_are_drawn_from_the_data() {
        let (pool, _dir) = pool().await;
        let id = report(&pool, "2026-11-25T15:00:00Z", 30, r#"["hosted"]"#).await;
        user(&pool, id, "a@x.io", "active", Some("2026-11-20")).await;
        call(&pool, "c1", "2026-11-20T12:00:00Z").await;
        let charts = load(&pool, chrono_tz::UTC, None)
            .await
            .unwrap()
            .unwrap()
            .charts();
        assert_eq!(charts.as_of, Some(at("2026-11-25T15:00:00Z")));
        let ids: Vec<&str> = charts.charts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["utilisation", "last-active", "hosted-per-week"]);
        for chart in &charts.charts {
            charts::check::accessible(&chart.svg);
            assert!(!chart.caption.is_empty());
        }
    }
}
