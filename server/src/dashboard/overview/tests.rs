//! The Overview's queries against a real database, and its week plan.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::*;
use crate::dashboard::charts::{self, UtilisationPoint};
use crate::db::{testing::pool, Pool};
use crate::sync::store::instant_text;

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
    crate::db::query_scalar(
        "INSERT INTO reports (run_id, as_of, lookback_days, signals, created_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(run_id)
    .bind(as_of)
    .bind(i64::from(lookback_days))
    .bind(signals)
    .bind(as_of)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn user(pool: &Pool, report_id: i64, email: &str, status: &str, last_active: Option<&str>) {
    crate::db::query(
        "INSERT INTO report_users (report_id, user_id, email, name, active, status, last_active)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(report_id)
    .bind(email)
    .bind(email)
    .bind(email)
    .bind(status != "deactivated")
    .bind(status)
    .bind(last_active.map(day))
    .execute(pool)
    .await
    .unwrap();
}

async fn seats(pool: &Pool, email: &str, gong: bool) {
    crate::db::query(
        "INSERT INTO seat_assignments (email, gong, forecast, engage, technical_admin, source, updated_at)
         VALUES (?, ?, TRUE, FALSE, FALSE, 'manual', '2026-11-01T00:00:00Z')",
    )
    .bind(email)
    .bind(gong)
    .execute(pool)
    .await
    .unwrap();
}

async fn purchase(pool: &Pool, gong: i64) {
    crate::db::query("UPDATE seat_types SET purchased = ? WHERE name = 'gong'")
        .bind(gong)
        .execute(pool)
        .await
        .unwrap();
}

async fn call(pool: &Pool, id: &str, started_at: &str) {
    crate::db::query("INSERT INTO calls (id, started_at, primary_user_id) VALUES (?, ?, 'u1')")
        .bind(id)
        .bind(instant_text(at(started_at)))
        .execute(pool)
        .await
        .unwrap();
}

async fn hosted_on(pool: &Pool, user_id: &str, on: &str, hosted: i64) {
    crate::db::query("INSERT INTO activity_days (user_id, day, hosted) VALUES (?, ?, ?)")
        .bind(user_id)
        .bind(day(on))
        .bind(hosted)
        .execute(pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn before_the_first_report_there_is_nothing_to_chart() {
    let (pool, _dir) = pool().await;
    assert_eq!(load(&pool, chrono_tz::UTC, None, None).await.unwrap(), None);
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
                derived: false,
            },
            UtilisationPoint {
                as_of: at("2026-11-01T06:00:00Z"),
                in_use: 3,
                assigned: 4,
                derived: false,
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
    let data = load(&pool, tz, None, None)
        .await
        .unwrap()
        .expect("a report");
    assert_eq!(data.last_active.as_of, Some(day("2026-11-22")));
    assert_eq!(data.last_active.counts, [2, 1, 1, 1, 1, 1]);

    // A manager's team: only its users are counted, and no purchased line is drawn.
    let team: HashSet<String> = ["u0@x.io", "u6@x.io"].map(String::from).into();
    let data = load(&pool, tz, Some(&team), None)
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
    let weeks = load(&pool, tz, None, None).await.unwrap().unwrap().weeks;
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
    let weeks = load(&pool, chrono_tz::UTC, None, None)
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
    crate::db::query(
        "INSERT INTO activity_days (user_id, day, hosted) VALUES ('u1', '2026-11-16', 1)
         ON CONFLICT (user_id, day) DO UPDATE SET hosted = excluded.hosted",
    )
    .execute(&pool)
    .await
    .unwrap();
    crate::db::query("DELETE FROM activity_days WHERE user_id = 'u2' AND day = '2026-11-17'")
        .execute(&pool)
        .await
        .unwrap();
    let weeks = |within: Option<HashSet<String>>| {
        let pool = pool.clone();
        async move {
            load(&pool, chrono_tz::UTC, within.as_ref(), None)
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
    let charts = load(&pool, chrono_tz::UTC, None, None)
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

async fn gong_user(pool: &Pool, id: &str, created_at: &str) {
    crate::db::query(
        "INSERT INTO gong_users (id, email, active, created_at) VALUES (?1, ?1, TRUE, ?2)",
    )
    .bind(id)
    .bind(instant_text(at(created_at)))
    .execute(pool)
    .await
    .unwrap();
}

/// A first report on 2026-05-10 that read 120 days (from 2026-01-10), a 30-day inactivity window
/// and a 30-day grace: month ends 2026-02-28 (window from Jan 30), 03-31 and 04-30 are derived,
/// counted by hand below, and drawn before the stored report.
#[tokio::test]
async fn the_first_report_brings_a_trend_derived_from_its_activity_counted_by_hand() {
    let (pool, _dir) = pool().await;
    let id = report(&pool, "2026-05-10T06:00:00Z", 120, r#"["hosted"]"#).await;
    for (user_id, created, status) in [
        ("a@x.io", "2025-01-01T00:00:00Z", "inactive"),
        ("b@x.io", "2025-01-01T00:00:00Z", "active"),
        ("c@x.io", "2026-03-20T00:00:00Z", "new"),
        ("d@x.io", "2025-01-01T00:00:00Z", "protected"),
    ] {
        gong_user(&pool, user_id, created).await;
        user(&pool, id, user_id, status, None).await;
    }
    // a: hosted in February only; b: hosted on Mar 5 and Apr 29; an attended-only day counts too.
    hosted_on(&pool, "a@x.io", "2026-02-10", 1).await;
    hosted_on(&pool, "b@x.io", "2026-03-05", 2).await;
    hosted_on(&pool, "b@x.io", "2026-04-29", 1).await;
    crate::db::query(
        "INSERT INTO activity_days (user_id, day, attended) VALUES ('a@x.io', '2026-01-31', 1)",
    )
    .execute(&pool)
    .await
    .unwrap();
    // A day before what the report read is not used.
    hosted_on(&pool, "d@x.io", "2025-12-01", 1).await;

    let cache = derived::HistoryCache::default();
    let derivation = derived::Derivation {
        cache: &cache,
        inactivity_days: 30,
        grace_days: 30,
        kept: None,
    };
    let data = load(&pool, chrono_tz::UTC, None, Some(&derivation))
        .await
        .unwrap()
        .unwrap();
    let points: Vec<(String, u64, u64, bool)> = data
        .utilisation
        .points
        .iter()
        .map(|p| {
            (
                p.as_of.format("%Y-%m-%d").to_string(),
                p.in_use,
                p.assigned,
                p.derived,
            )
        })
        .collect();
    // Feb 28 (window Jan 30..Feb 28): a (Jan 31, Feb 10), d protected; c not yet created.
    // Mar 31 (Mar 2..31): b (Mar 5), c new (created Mar 20), d. Apr 30 (Apr 1..30): b, d (c's
    // grace ended Apr 18). The stored report: b, c, d in use (statuses), all four assigned.
    assert_eq!(
        points,
        vec![
            ("2026-02-28".into(), 2, 3, true),
            ("2026-03-31".into(), 3, 4, true),
            ("2026-04-30".into(), 2, 4, true),
            ("2026-05-10".into(), 3, 4, false),
        ]
    );
    // A manager's team counts its own people only.
    let team: HashSet<String> = ["a@x.io".to_owned()].into();
    let data = load(&pool, chrono_tz::UTC, Some(&team), Some(&derivation))
        .await
        .unwrap()
        .unwrap();
    let in_use: Vec<u64> = data.utilisation.points.iter().map(|p| p.in_use).collect();
    assert_eq!(in_use, vec![1, 0, 0, 0]);
}
