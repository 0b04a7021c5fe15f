//! Reading the recorded sync runs.

use app::types::{SyncOutcome, SyncRunSummary};
use chrono::{DateTime, Utc};

use super::Pool;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    trigger: String,
    kind: String,
    started_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    outcome: String,
    windows_done: i64,
    windows_total: i64,
    requests: i64,
    throttled: i64,
    quota_used: i64,
    signals: String,
    error: Option<String>,
}

impl From<Row> for SyncRunSummary {
    fn from(row: Row) -> Self {
        SyncRunSummary {
            id: row.id,
            trigger: row.trigger,
            kind: row.kind,
            started_at: row.started_at,
            finished_at: row.finished_at,
            outcome: parse_outcome(&row.outcome),
            windows_done: row.windows_done,
            windows_total: row.windows_total,
            requests: row.requests,
            throttled: row.throttled,
            quota_used: row.quota_used,
            // Written by the sync as a JSON array of names; anything else reads as unknown.
            signals: serde_json::from_str(&row.signals).unwrap_or_default(),
            error: row.error,
        }
    }
}

fn parse_outcome(text: &str) -> SyncOutcome {
    match text {
        "complete" => SyncOutcome::Complete,
        "stopped_on_quota" => SyncOutcome::StoppedOnQuota,
        "failed" => SyncOutcome::Failed,
        _ => SyncOutcome::Running,
    }
}

/// The newest runs first.
pub async fn recent(pool: &Pool, limit: u32) -> Result<Vec<SyncRunSummary>, sqlx::Error> {
    let rows: Vec<Row> = crate::db::query_as(
        "SELECT id, trigger, kind, started_at, finished_at, outcome, windows_done, windows_total,
                requests, throttled, quota_used, signals, error
         FROM sync_runs ORDER BY started_at DESC, id DESC LIMIT ?",
    )
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The newest run, whatever its outcome.
pub async fn latest(pool: &Pool) -> Result<Option<SyncRunSummary>, sqlx::Error> {
    Ok(recent(pool, 1).await?.into_iter().next())
}
