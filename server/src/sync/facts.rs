//! What the report needs per user, computed in SQL from what the sync stored, counted back from
//! `as_of` over half-open ranges `[as_of - N days, as_of)`.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{plan::Plan, store::instant_text};
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
}

/// Facts for every user the run saw. Per-day stats stop before `plan.today`, as Gong's do. With
/// `stats`, hosted-call counts are the stats' whole days plus the edge days' calls; without, every
/// call of the period is stored and counted directly.
pub async fn collect(
    pool: &Pool,
    plan: &Plan,
    lookback_days: u32,
    stats: bool,
) -> Result<Vec<UserFacts>, sqlx::Error> {
    let as_of = plan.as_of;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT u.id, u.email, u.first_name, u.last_name, u.title, u.manager_id, u.active, u.created_at,
                u.recording_off,
                (SELECT MAX(c.started_at) FROM calls c
                  WHERE c.primary_user_id = u.id AND c.started_at >= ?2 AND c.started_at < ?1) AS last_hosted,
                (SELECT MAX(a.day) FROM activity_days a
                  WHERE a.user_id = u.id AND a.attended > 0 AND a.day >= ?3 AND a.day < ?4) AS last_attended,
                (SELECT MAX(a.day) FROM activity_days a
                  WHERE a.user_id = u.id AND a.coached > 0 AND a.day >= ?3 AND a.day < ?4) AS last_coached,
                (SELECT MAX(a.day) FROM activity_days a
                  WHERE a.user_id = u.id AND a.listened > 0 AND a.day >= ?3 AND a.day < ?4) AS last_listened
         FROM gong_users u
         WHERE u.last_seen_run_id = ?5
         ORDER BY u.id",
    )
    .bind(instant_text(as_of))
    .bind(instant_text(as_of - Duration::days(i64::from(lookback_days))))
    .bind(plan.first_day)
    .bind(plan.today)
    .bind(plan.run_id)
    .fetch_all(pool)
    .await?;

    let mut counts = HashMap::new();
    for days in [30u32, 90, 365].into_iter().filter(|&d| d <= lookback_days) {
        counts.insert(days, hosted_counts(pool, plan, days, stats).await?);
    }
    let count = |days: u32, id: &str| {
        counts
            .get(&days)
            .map(|by_user| by_user.get(id).copied().unwrap_or(0) as u32)
    };

    Ok(rows
        .into_iter()
        .map(|row| UserFacts {
            calls_30d: count(30, &row.id),
            calls_90d: count(90, &row.id),
            calls_365d: count(365, &row.id),
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

/// Hosted calls per user over `[as_of - days, as_of)`.
async fn hosted_counts(
    pool: &Pool,
    plan: &Plan,
    days: u32,
    stats: bool,
) -> Result<HashMap<String, i64>, sqlx::Error> {
    let as_of = plan.as_of;
    let boundary = as_of - Duration::days(i64::from(days));
    let mut counts = HashMap::new();
    let calls_between = |from: DateTime<Utc>, to: DateTime<Utc>| {
        sqlx::query_as::<_, (String, i64)>(
            "SELECT primary_user_id, COUNT(*) FROM calls
             WHERE started_at >= ? AND started_at < ? AND primary_user_id IS NOT NULL
             GROUP BY primary_user_id",
        )
        .bind(instant_text(from))
        .bind(instant_text(to))
    };
    let mut add = |rows: Vec<(String, i64)>| {
        for (user, n) in rows {
            *counts.entry(user).or_insert(0) += n;
        }
    };
    if !stats {
        add(calls_between(boundary, as_of).fetch_all(pool).await?);
        return Ok(counts);
    }
    let (_, boundary_day, edge) = plan
        .edges
        .boundaries
        .iter()
        .find(|(d, _, _)| *d == days)
        .copied()
        .expect("an edge for every counted period");
    add(sqlx::query_as::<_, (String, i64)>(
        "SELECT user_id, SUM(hosted) FROM activity_days WHERE day > ? AND day < ? GROUP BY user_id",
    )
    .bind(boundary_day)
    .bind(plan.today)
    .fetch_all(pool)
    .await?);
    add(calls_between(edge.from, edge.to).fetch_all(pool).await?);
    add(calls_between(plan.edges.today.from, as_of)
        .fetch_all(pool)
        .await?);
    Ok(counts)
}

/// For each user whose last hosted call the stats date but the calls table does not hold: that
/// day and the ids of the calls they hosted on it.
pub async fn last_hosted_to_look_up(
    pool: &Pool,
    plan: &Plan,
    tz: chrono_tz::Tz,
) -> Result<Vec<(NaiveDate, Vec<String>)>, sqlx::Error> {
    let rows: Vec<(NaiveDate, String, Option<String>)> = sqlx::query_as(
        "SELECT a.day, a.hosted_call_ids,
                (SELECT MAX(c.started_at) FROM calls c
                  WHERE c.primary_user_id = a.user_id AND c.started_at < ?3) AS known
         FROM activity_days a
         WHERE a.hosted > 0 AND a.day >= ?1 AND a.day < ?2
           AND a.day = (SELECT MAX(b.day) FROM activity_days b
                         WHERE b.user_id = a.user_id AND b.hosted > 0 AND b.day >= ?1 AND b.day < ?2)",
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
