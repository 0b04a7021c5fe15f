//! What the report needs per user, computed in SQL from what the sync stored, counted back from
//! `as_of` over half-open ranges `[as_of - N days, as_of)`.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{
    plan::{Plan, COUNTED_PERIODS},
    store::instant_text,
};
use crate::{db::Pool, report::UserFacts};

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    email: String,
    first_name: Option<String>,
    last_name: Option<String>,
    title: Option<String>,
    manager_id: Option<String>,
    active: bool,
    created_at: String,
    recording_off: bool,
    last_hosted: Option<String>,
    last_attended: Option<NaiveDate>,
    last_coached: Option<NaiveDate>,
    last_listened: Option<NaiveDate>,
    /// Hosted calls of the stats' whole days after each counted period's boundary day.
    hosted_days_30: i64,
    hosted_days_90: i64,
    hosted_days_365: i64,
}

/// Facts for every user the run saw. Per-day stats stop before `plan.today`, as Gong's do. With
/// `stats`, hosted-call counts are the stats' whole days plus the edge days' calls; without, every
/// call of the period is stored and counted directly.
///
/// Each signal's last day is read backwards from the user's newest day, stopping at the first
/// with the signal, and the hosted sums of all three periods come from one grouped pass, both
/// over the covering index `activity_days_signals`: at 50,000 users a maximum over every day per
/// user and signal, and a sum per period, took seconds each (BENCHMARKS.md, "Report rebuild").
pub async fn collect(
    pool: &Pool,
    plan: &Plan,
    lookback_days: u32,
    stats: bool,
) -> Result<Vec<UserFacts>, sqlx::Error> {
    let as_of = plan.as_of;
    // The last day of a signal: the user's days read backwards from the newest, stopping at the
    // first with the signal (index activity_days_signals).
    let last_day = |signal: &str| {
        format!(
            "(SELECT a.day FROM activity_days a
               WHERE a.user_id = u.id AND a.{signal} > 0 AND a.day >= ?3 AND a.day < ?4 AND ?9
               ORDER BY a.day DESC LIMIT 1)"
        )
    };
    let statement = format!(
        "WITH sums AS (
             SELECT user_id,
                    CAST(SUM(CASE WHEN day > ?6 THEN hosted ELSE 0 END) AS BIGINT) AS hosted_30,
                    CAST(SUM(CASE WHEN day > ?7 THEN hosted ELSE 0 END) AS BIGINT) AS hosted_90,
                    CAST(SUM(CASE WHEN day > ?8 THEN hosted ELSE 0 END) AS BIGINT) AS hosted_365
             FROM activity_days
             WHERE ?9 AND day > ?10 AND day < ?4
             GROUP BY user_id
         )
         SELECT u.id, u.email, u.first_name, u.last_name, u.title, u.manager_id, u.active, u.created_at,
                u.recording_off,
                (SELECT MAX(c.started_at) FROM calls c
                  WHERE c.primary_user_id = u.id AND c.started_at >= ?2 AND c.started_at < ?1) AS last_hosted,
                {attended} AS last_attended, {coached} AS last_coached, {listened} AS last_listened,
                COALESCE(s.hosted_30, 0) AS hosted_days_30,
                COALESCE(s.hosted_90, 0) AS hosted_days_90,
                COALESCE(s.hosted_365, 0) AS hosted_days_365
         FROM gong_users u LEFT JOIN sums s ON s.user_id = u.id
         WHERE u.last_seen_run_id = ?5
         ORDER BY u.id",
        attended = last_day("attended"),
        coached = last_day("coached"),
        listened = last_day("listened"),
    );
    // The sums are cast because PostgreSQL's SUM of a BIGINT is a NUMERIC; ?10 is the earliest
    // boundary day (PostgreSQL's MIN takes one argument).
    let [day_30, day_90, day_365] = COUNTED_PERIODS.map(|days| boundary_day(plan, days));
    let rows: Vec<Row> = crate::db::query_as(&statement)
        .bind(instant_text(as_of))
        .bind(instant_text(
            as_of - Duration::days(i64::from(lookback_days)),
        ))
        .bind(plan.first_day)
        .bind(plan.today)
        .bind(plan.run_id)
        .bind(day_30)
        .bind(day_90)
        .bind(day_365)
        .bind(stats)
        .bind(day_30.min(day_90).min(day_365))
        .fetch_all(pool)
        .await?;

    let periods: Vec<u32> = COUNTED_PERIODS
        .into_iter()
        .filter(|&d| d <= lookback_days)
        .collect();
    let calls = hosted_calls(pool, plan, &periods, stats).await?;
    let count = |days: u32, id: &str, from_days: i64| {
        let slot = COUNTED_PERIODS.iter().position(|&d| d == days)?;
        periods.contains(&days).then(|| {
            let from_calls = calls.get(id).map_or(0, |counts| counts[slot]);
            (from_calls + if stats { from_days } else { 0 }) as u32
        })
    };

    Ok(rows
        .into_iter()
        .map(|row| UserFacts {
            calls_30d: count(30, &row.id, row.hosted_days_30),
            calls_90d: count(90, &row.id, row.hosted_days_90),
            calls_365d: count(365, &row.id, row.hosted_days_365),
            id: row.id,
            email: row.email,
            first_name: row.first_name,
            last_name: row.last_name,
            title: row.title,
            manager_id: row.manager_id,
            active: row.active,
            created: parse_instant(&row.created_at),
            recording_off: row.recording_off,
            last_hosted_call: row.last_hosted.as_deref().map(parse_instant),
            // Without the stats nothing but hosting is visible; stale rows from an earlier run
            // with stats must not speak for this one.
            last_attended: row.last_attended.filter(|_| stats),
            last_coached: row.last_coached.filter(|_| stats),
            last_listened: row.last_listened.filter(|_| stats),
        })
        .collect())
}

/// The day a counted period's boundary falls in; for a period the look-back does not reach,
/// `today`, so no day of the stats lies after it.
fn boundary_day(plan: &Plan, days: u32) -> NaiveDate {
    plan.edges
        .boundaries
        .iter()
        .find(|(d, _, _)| *d == days)
        .map_or(plan.today, |(_, day, _)| *day)
}

/// Hosted calls per user from the calls table, per counted period (in `COUNTED_PERIODS` order)
/// over `[as_of - N days, as_of)`. Without the stats that is every call, counted in one pass for
/// all periods; with them only the partial days the stats cannot split: the day each boundary
/// falls in, from the boundary on, and today.
async fn hosted_calls(
    pool: &Pool,
    plan: &Plan,
    periods: &[u32],
    stats: bool,
) -> Result<HashMap<String, [i64; 3]>, sqlx::Error> {
    let as_of = plan.as_of;
    let mut counts: HashMap<String, [i64; 3]> = HashMap::new();
    let from = |days: u32| instant_text(as_of - Duration::days(i64::from(days)));
    let Some(&longest) = periods.iter().max() else {
        return Ok(counts);
    };
    if !stats {
        let rows: Vec<(String, i64, i64, i64)> = crate::db::query_as(
            "SELECT primary_user_id, COUNT(*) FILTER (WHERE started_at >= ?1),
                    COUNT(*) FILTER (WHERE started_at >= ?2), COUNT(*) FILTER (WHERE started_at >= ?3)
             FROM calls
             WHERE started_at >= ?4 AND started_at < ?5 AND primary_user_id IS NOT NULL
             GROUP BY primary_user_id",
        )
        .bind(from(COUNTED_PERIODS[0]))
        .bind(from(COUNTED_PERIODS[1]))
        .bind(from(COUNTED_PERIODS[2]))
        .bind(from(longest))
        .bind(instant_text(as_of))
        .fetch_all(pool)
        .await?;
        for (user, a, b, c) in rows {
            counts.insert(user, [a, b, c]);
        }
        return Ok(counts);
    }
    let calls_between = |from: DateTime<Utc>, to: DateTime<Utc>| {
        crate::db::query_as::<(String, i64)>(
            "SELECT primary_user_id, COUNT(*) FROM calls
             WHERE started_at >= ? AND started_at < ? AND primary_user_id IS NOT NULL
             GROUP BY primary_user_id",
        )
        .bind(instant_text(from))
        .bind(instant_text(to))
    };
    let today = calls_between(plan.edges.today.from, as_of)
        .fetch_all(pool)
        .await?;
    for (slot, days) in COUNTED_PERIODS.into_iter().enumerate() {
        if !periods.contains(&days) {
            continue;
        }
        let (_, _, edge) = plan
            .edges
            .boundaries
            .iter()
            .find(|(d, _, _)| *d == days)
            .copied()
            .expect("an edge for every counted period");
        let edge_rows = calls_between(edge.from, edge.to).fetch_all(pool).await?;
        for (user, n) in edge_rows.into_iter().chain(today.iter().cloned()) {
            counts.entry(user).or_insert([0; 3])[slot] += n;
        }
    }
    Ok(counts)
}

/// For each user whose last hosted call the stats date but the calls table does not hold: that
/// day and the ids of the calls they hosted on it. Each user's last hosted day is read backwards
/// from their newest day, not compared against a maximum per row of `activity_days`.
pub async fn last_hosted_to_look_up(
    pool: &Pool,
    plan: &Plan,
    tz: chrono_tz::Tz,
) -> Result<Vec<(NaiveDate, Vec<String>)>, sqlx::Error> {
    let rows: Vec<(NaiveDate, String, Option<String>)> = crate::db::query_as(
        "WITH last AS (
             SELECT u.id AS user_id,
                    (SELECT a.day FROM activity_days a
                      WHERE a.user_id = u.id AND a.hosted > 0 AND a.day >= ?1 AND a.day < ?2
                      ORDER BY a.day DESC LIMIT 1) AS day
             FROM gong_users u
         )
         SELECT l.day, a.hosted_call_ids,
                (SELECT MAX(c.started_at) FROM calls c
                  WHERE c.primary_user_id = l.user_id AND c.started_at < ?3) AS known
         FROM last l JOIN activity_days a ON a.user_id = l.user_id AND a.day = l.day",
    )
    .bind(plan.first_day)
    .bind(plan.today)
    .bind(instant_text(plan.as_of))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(day, _, known)| {
            known
                .as_deref()
                .map(parse_instant)
                .is_none_or(|known| known.with_timezone(&tz).date_naive() < *day)
        })
        .map(|(day, ids, _)| (day, serde_json::from_str(&ids).unwrap_or_default()))
        .collect())
}

fn parse_instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.to_utc())
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}
