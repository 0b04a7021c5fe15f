//! Report snapshots in the database: one per complete run, kept for the retention period.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use super::{Report, ReportRow, Signal, Status};
use crate::db::Pool;

/// Saves `report` as run `run_id`'s snapshot, inside the caller's transaction.
pub async fn save(
    tx: &mut crate::db::Tx,
    run_id: i64,
    report: &Report,
) -> Result<i64, sqlx::Error> {
    let signals: Vec<&str> = report.signals.iter().map(|s| s.as_str()).collect();
    let report_id: i64 = crate::db::query_scalar(
        "INSERT INTO reports (run_id, as_of, lookback_days, signals, created_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(run_id)
    .bind(report.as_of)
    .bind(i64::from(report.lookback_days))
    .bind(serde_json::to_string(&signals).expect("strings serialise"))
    .bind(Utc::now())
    .fetch_one(&mut *tx)
    .await?;
    for row in &report.rows {
        crate::db::query(
            "INSERT INTO report_users (report_id, user_id, email, name, manager_id, active, status,
                 last_active, last_active_signal, last_hosted_call, calls_30d, calls_90d, calls_365d, reason)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(report_id)
        .bind(&row.id)
        .bind(&row.email)
        .bind(&row.name)
        .bind(&row.manager_id)
        .bind(row.active)
        .bind(row.status.as_str())
        .bind(row.last_active)
        .bind(row.last_active_signal.map(Signal::as_str))
        .bind(row.last_hosted_call.map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)))
        .bind(row.calls_30d.map(i64::from))
        .bind(row.calls_90d.map(i64::from))
        .bind(row.calls_365d.map(i64::from))
        .bind(&row.reason)
        .execute(&mut *tx)
        .await?;
    }
    Ok(report_id)
}

#[derive(sqlx::FromRow)]
struct Row {
    user_id: String,
    email: String,
    name: String,
    manager_id: Option<String>,
    active: bool,
    status: String,
    last_active: Option<NaiveDate>,
    last_active_signal: Option<String>,
    last_hosted_call: Option<String>,
    calls_30d: Option<i64>,
    calls_90d: Option<i64>,
    calls_365d: Option<i64>,
    reason: Option<String>,
}

/// The latest good report: its id and `as_of`. Only complete runs save a snapshot, so the newest
/// one is it. Every reader of "the latest report" starts here.
pub async fn latest_id<'e>(
    executor: impl Into<crate::db::Ex<'e>>,
) -> Result<Option<(i64, DateTime<Utc>)>, sqlx::Error> {
    crate::db::query_as("SELECT id, as_of FROM reports ORDER BY id DESC LIMIT 1")
        .fetch_optional(executor)
        .await
}

/// The latest good report's header: what it could see and over how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub id: i64,
    pub as_of: DateTime<Utc>,
    pub lookback_days: u32,
    /// Strongest first; names the sync did not write are left out.
    pub signals: Vec<Signal>,
}

/// The latest good report's header (see [`latest_id`]); `None` before the first report.
pub async fn latest_header(pool: &Pool) -> Result<Option<Header>, sqlx::Error> {
    let header: Option<(i64, DateTime<Utc>, i64, String)> = crate::db::query_as(
        "SELECT id, as_of, lookback_days, signals FROM reports ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    Ok(header.map(|(id, as_of, lookback_days, signals)| Header {
        id,
        as_of,
        lookback_days: u32::try_from(lookback_days).unwrap_or(0),
        signals: serde_json::from_str::<Vec<String>>(&signals)
            .unwrap_or_default()
            .iter()
            .filter_map(|s| Signal::parse(s))
            .collect(),
    }))
}

/// The newest snapshot: only complete runs save one, so it is the latest good report.
pub async fn latest(pool: &Pool) -> Result<Option<Report>, sqlx::Error> {
    let Some(Header {
        id: report_id,
        as_of,
        lookback_days,
        signals,
    }) = latest_header(pool).await?
    else {
        return Ok(None);
    };
    let rows: Vec<Row> = crate::db::query_as(
        "SELECT user_id, email, name, manager_id, active, status, last_active, last_active_signal,
                last_hosted_call, calls_30d, calls_90d, calls_365d, reason
         FROM report_users WHERE report_id = ? ORDER BY user_id",
    )
    .bind(report_id)
    .fetch_all(pool)
    .await?;
    Ok(Some(Report {
        as_of,
        lookback_days,
        signals,
        rows: rows
            .into_iter()
            .map(|row| ReportRow {
                id: row.user_id,
                email: row.email,
                name: row.name,
                manager_id: row.manager_id,
                active: row.active,
                status: Status::parse(&row.status).unwrap_or(Status::Active),
                last_active: row.last_active,
                last_active_signal: row.last_active_signal.as_deref().and_then(Signal::parse),
                last_hosted_call: row
                    .last_hosted_call
                    .as_deref()
                    .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                    .map(|t| t.to_utc()),
                calls_30d: row.calls_30d.and_then(|n| u32::try_from(n).ok()),
                calls_90d: row.calls_90d.and_then(|n| u32::try_from(n).ok()),
                calls_365d: row.calls_365d.and_then(|n| u32::try_from(n).ok()),
                reason: row.reason,
            })
            .collect(),
    }))
}

/// How many snapshots are kept, and the oldest one's `as_of`.
pub async fn kept(pool: &Pool) -> Result<(u32, Option<DateTime<Utc>>), sqlx::Error> {
    let (count, oldest): (i64, Option<DateTime<Utc>>) =
        crate::db::query_as("SELECT COUNT(*), MIN(as_of) FROM reports")
            .fetch_one(pool)
            .await?;
    Ok((u32::try_from(count).unwrap_or(u32::MAX), oldest))
}

/// Deletes snapshots taken before `cutoff`, always keeping the newest.
pub async fn delete_older_than(pool: &Pool, cutoff: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    Ok(crate::db::query(
        "DELETE FROM reports WHERE as_of < ? AND id <> (SELECT MAX(id) FROM reports)",
    )
    .bind(cutoff)
    .execute(pool)
    .await?
    .rows_affected())
}
