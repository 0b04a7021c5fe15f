//! A run's counters, its checkpoint and the progress it publishes for the Sync page and the
//! command line.

use super::{
    lock::SyncLock,
    plan::Plan,
    runs::{self, Checkpoint, Counters},
    Progress, Syncer,
};
use crate::gong::GongClient;

impl Syncer {
    pub(super) async fn checkpoint(
        &self,
        plan: &Plan,
        checkpoint: &Checkpoint,
        client: &GongClient,
        lock: &SyncLock,
    ) -> Result<(), sqlx::Error> {
        runs::save_progress(
            &self.pool,
            plan.run_id,
            self.counters(plan, checkpoint, client),
            checkpoint,
        )
        .await?;
        lock.heartbeat(&self.pool, self.now()).await?;
        // Clone the phase first: publishing while the channel is borrowed would deadlock.
        let phase = self.progress.borrow().phase.clone();
        self.publish(plan, checkpoint, client, &phase);
        Ok(())
    }

    pub(super) fn counters(
        &self,
        plan: &Plan,
        checkpoint: &Checkpoint,
        client: &GongClient,
    ) -> Counters {
        // A stats range counts once per piece of its users (once when it is asked for whole).
        let stats_pieces = plan.stats_ranges.len() * checkpoint.stats_split.map_or(1, |s| s.pieces);
        Counters {
            windows_total: match checkpoint.stats_allowed {
                Some(true) => stats_pieces + plan.edges.windows().len(),
                Some(false) => plan.call_windows.len(),
                None => stats_pieces + plan.call_windows.len(),
            } as i64,
            windows_done: (checkpoint.call_windows_done.len() + checkpoint.stats_pieces_done.len())
                as i64,
            requests: client.stats().requests() as i64,
            throttled: client.stats().throttled() as i64,
            quota_used: client.budget().spent(),
        }
    }

    pub(super) fn publish(
        &self,
        plan: &Plan,
        checkpoint: &Checkpoint,
        client: &GongClient,
        phase: &str,
    ) {
        let counters = self.counters(plan, checkpoint, client);
        let rate = f64::from(self.settings.sync.requests_per_second.max(1));
        let left = (counters.windows_total - counters.windows_done).max(0) as f64;
        let per_window = if counters.windows_done > 0 {
            counters.requests as f64 / counters.windows_done as f64
        } else {
            1.0
        };
        self.progress.send_replace(Progress {
            run_id: Some(plan.run_id),
            phase: phase.to_owned(),
            windows_done: counters.windows_done as u64,
            windows_total: counters.windows_total as u64,
            requests: counters.requests as u64,
            eta_seconds: Some((left * per_window / rate).ceil() as u64),
        });
    }
}
