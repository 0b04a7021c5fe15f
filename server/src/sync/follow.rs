//! Another process's run, seen from this one. Several instances on one PostgreSQL database, or a
//! `seat-audit sync` beside the server, run syncs this process does not: while it runs none itself,
//! the progress its Sync page shows follows the run that holds the database lock, read from
//! `sync_runs` every few seconds (docs/product.md, "Storage").

use std::{sync::atomic::Ordering, time::Duration};

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;

use super::{lock::STALE_AFTER, Progress, Syncer};
use crate::db::Pool;

/// How often an idle instance looks for another's run.
pub const FOLLOW_EVERY: Duration = Duration::from_secs(2);

/// What the pages call a run another process is making.
pub const ELSEWHERE: &str = "running in another seat-audit process";

impl Syncer {
    /// Until `stop`, publishes the progress of any run another process holds the lock for.
    pub async fn follow_other_runs(self, stop: CancellationToken) {
        let mut ticks = tokio::time::interval(FOLLOW_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = stop.cancelled() => return,
                _ = ticks.tick() => {}
            }
            if self.local.load(Ordering::SeqCst) {
                continue;
            }
            let seen = match running_elsewhere(&self.pool, self.now()).await {
                Ok(seen) => seen,
                Err(error) => {
                    tracing::debug!(%error, "cannot read other processes' runs");
                    continue;
                }
            };
            let next = seen.unwrap_or_default();
            // A run of this process started meanwhile publishes its own progress.
            if self.local.load(Ordering::SeqCst) {
                continue;
            }
            self.progress.send_if_modified(|shown| {
                let changed = *shown != next;
                *shown = next;
                changed
            });
        }
    }
}

/// The run a live holder of the sync lock is making, as far as its last checkpoint.
async fn running_elsewhere(
    pool: &Pool,
    now: DateTime<Utc>,
) -> Result<Option<Progress>, sqlx::Error> {
    let row: Option<(i64, i64, i64, i64)> = crate::db::query_as(
        "SELECT r.id, r.windows_done, r.windows_total, r.requests
         FROM sync_lock l JOIN sync_runs r ON r.id = l.run_id
         WHERE r.outcome = 'running' AND l.heartbeat_at >= ?",
    )
    .bind(now - STALE_AFTER)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id, done, total, requests)| Progress {
        run_id: Some(id),
        phase: ELSEWHERE.to_owned(),
        windows_done: u64::try_from(done).unwrap_or_default(),
        windows_total: u64::try_from(total).unwrap_or_default(),
        requests: u64::try_from(requests).unwrap_or_default(),
        eta_seconds: None,
    }))
}
