//! The recorded runs: one row per run, its counters, its outcome, and how far a stopped run got.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{windows::Window, Kind, Trigger};
use crate::{db::Pool, report::Signal};

/// How far a run got, so that the next run resumes instead of starting over.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub as_of: Option<DateTime<Utc>>,
    pub kind: Option<Kind>,
    pub call_windows_done: Vec<Window>,
    /// Date ranges `[from, to)` of per-day activity already stored.
    pub stats_ranges_done: Vec<(NaiveDate, NaiveDate)>,
    /// Whether the key may read the activity stats; `None` until the run has asked.
    pub stats_allowed: Option<bool>,
    /// The run whose user list is stored complete: a resumed run reuses it instead of paging the
    /// users again (it is as of the same `as_of` as everything else the runs keep).
    #[serde(default)]
    pub users_run_id: Option<i64>,
    /// How the stats' users are split into pieces (fixed for the whole chain of resumed runs, so
    /// the pieces done stay the same pieces): users per piece, and the number of pieces.
    #[serde(default)]
    pub stats_split: Option<StatsSplit>,
    /// Pieces of a date range already stored: the range and the piece's index.
    #[serde(default)]
    pub stats_pieces_done: Vec<(NaiveDate, NaiveDate, usize)>,
}

/// The users of each stats range asked for in pieces of `users_per_piece` (by id order), so a run
/// that stops on its quota keeps every piece it finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsSplit {
    pub users_per_piece: usize,
    pub pieces: usize,
}

/// The figures a run records as it goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counters {
    pub windows_total: i64,
    pub windows_done: i64,
    pub requests: i64,
    pub throttled: i64,
    pub quota_used: i64,
}

pub async fn start(
    pool: &Pool,
    trigger: Trigger,
    kind: Kind,
    as_of: DateTime<Utc>,
    started_at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    crate::db::query_scalar(
        "INSERT INTO sync_runs (trigger, kind, as_of, started_at) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(trigger.as_str())
    .bind(kind.as_str())
    .bind(as_of)
    .bind(started_at)
    .fetch_one(pool)
    .await
}

pub async fn save_progress(
    pool: &Pool,
    run_id: i64,
    counters: Counters,
    checkpoint: &Checkpoint,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "UPDATE sync_runs SET windows_total = ?, windows_done = ?, requests = ?, throttled = ?,
             quota_used = ?, checkpoint = ? WHERE id = ?",
    )
    .bind(counters.windows_total)
    .bind(counters.windows_done)
    .bind(counters.requests)
    .bind(counters.throttled)
    .bind(counters.quota_used)
    .bind(serde_json::to_string(checkpoint).expect("a checkpoint serialises"))
    .bind(run_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// How a run ended.
pub struct Finish<'a> {
    /// One of the outcomes the schema allows.
    pub outcome: &'a str,
    pub finished_at: DateTime<Utc>,
    pub counters: Counters,
    pub signals: &'a [Signal],
    pub checkpoint: Option<&'a Checkpoint>,
    pub error: Option<&'a str>,
}

pub async fn finish(
    tx: &mut crate::db::Tx,
    run_id: i64,
    end: Finish<'_>,
) -> Result<(), sqlx::Error> {
    let Finish {
        outcome,
        finished_at,
        counters,
        signals,
        checkpoint,
        error,
    } = end;
    crate::db::query(
        "UPDATE sync_runs SET outcome = ?, finished_at = ?, windows_total = ?, windows_done = ?,
             requests = ?, throttled = ?, quota_used = ?, signals = ?, checkpoint = ?, error = ?
         WHERE id = ?",
    )
    .bind(outcome)
    .bind(finished_at)
    .bind(counters.windows_total)
    .bind(counters.windows_done)
    .bind(counters.requests)
    .bind(counters.throttled)
    .bind(counters.quota_used)
    .bind(serde_json::to_string(signals).expect("signals serialise"))
    .bind(checkpoint.map(|c| serde_json::to_string(c).expect("a checkpoint serialises")))
    .bind(error)
    .bind(run_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A run left `running` by a process that died is marked failed, so it never looks alive.
pub async fn close_abandoned(pool: &Pool, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    Ok(crate::db::query(
        "UPDATE sync_runs SET outcome = 'failed', finished_at = ?,
             error = 'the process stopped during the run; the next run resumes from its checkpoint'
         WHERE outcome = 'running'",
    )
    .bind(now)
    .execute(pool)
    .await?
    .rows_affected())
}

/// The checkpoint to resume from: the newest run, if it did not complete and saved one.
pub async fn resumable(pool: &Pool) -> Result<Option<Checkpoint>, sqlx::Error> {
    let row: Option<(String, Option<String>)> =
        crate::db::query_as("SELECT outcome, checkpoint FROM sync_runs ORDER BY id DESC LIMIT 1")
            .fetch_optional(pool)
            .await?;
    Ok(match row {
        Some((outcome, Some(checkpoint))) if outcome != "complete" => {
            serde_json::from_str(&checkpoint).ok()
        }
        _ => None,
    })
}

/// The `as_of` and kind of the newest complete run, and of the newest complete full run.
pub async fn last_good(
    pool: &Pool,
) -> Result<(Option<DateTime<Utc>>, Option<DateTime<Utc>>), sqlx::Error> {
    let last: Option<DateTime<Utc>> = crate::db::query_scalar(
        "SELECT as_of FROM sync_runs WHERE outcome = 'complete' ORDER BY as_of DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    let last_full: Option<DateTime<Utc>> = crate::db::query_scalar(
        "SELECT as_of FROM sync_runs WHERE outcome = 'complete' AND kind = 'full' ORDER BY as_of DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    Ok((last, last_full))
}
