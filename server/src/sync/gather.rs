//! Fetching what a run's plan needs from Gong and storing it as it arrives: the users, the
//! activity stats, the calls of each window and each user's last hosted call, checkpointing as it goes.

use std::future::Future;

use chrono::NaiveDate;
use futures::{channel::mpsc, stream, FutureExt, StreamExt};

use super::{
    facts, fetch,
    lock::SyncLock,
    plan::Plan,
    runs::{Checkpoint, StatsSplit},
    store,
    windows::Window,
    Syncer,
};
use crate::gong::{GongClient, GongError};

/// Windows fetched at once; with Gong's 3 requests in flight, 3 keep every slot busy.
const PARALLEL_WINDOWS: usize = 3;

/// Why `gather` stopped.
pub(super) enum Stop {
    Gong(GongError),
    Database(sqlx::Error),
}

impl From<GongError> for Stop {
    fn from(error: GongError) -> Self {
        Stop::Gong(error)
    }
}

impl From<sqlx::Error> for Stop {
    fn from(error: sqlx::Error) -> Self {
        Stop::Database(error)
    }
}

/// Each item with what its fetch returned, in the order they complete.
type Fetched<I, T> = mpsc::UnboundedReceiver<(I, Result<T, GongError>)>;

/// Fetches `items` several at a time and yields each result as it arrives. The fetching future
/// and the consumer are driven together (`join!`), so a consumer awaiting the database never
/// stalls the requests under way.
fn concurrently<I, T, Fut>(
    items: Vec<I>,
    fetch: impl Fn(I) -> Fut,
) -> (impl Future<Output = ()>, Fetched<I, T>)
where
    I: Copy,
    Fut: Future<Output = Result<T, GongError>>,
{
    let (sender, receiver) = mpsc::unbounded();
    let fetching = stream::iter(items)
        .map(move |item| {
            let fetched = fetch(item);
            async move { (item, fetched.await) }
        })
        .buffer_unordered(PARALLEL_WINDOWS)
        .map(Ok)
        .forward(sender)
        // The consumer stopped listening (it hit an error): the remaining results are not needed.
        .map(|_| ());
    (fetching, receiver)
}

impl Syncer {
    /// Fetches and stores everything the plan needs, checkpointing after each window.
    pub(super) async fn gather(
        &self,
        plan: &Plan,
        checkpoint: &mut Checkpoint,
        client: &GongClient,
        lock: &SyncLock,
    ) -> Result<(), Stop> {
        self.publish(plan, checkpoint, client, "users");
        match checkpoint.users_run_id {
            // A resumed run: the chain's user list is stored complete; paging it again would
            // spend the run's share on work already kept.
            Some(earlier) => store::adopt_users(&self.pool, earlier, plan.run_id).await?,
            None => {
                let users = fetch::users(client).await?;
                let mut tx = self.pool.begin().await?;
                store::upsert_users(&mut tx, plan.run_id, &users).await?;
                tx.commit().await?;
            }
        }
        checkpoint.users_run_id = Some(plan.run_id);
        self.checkpoint(plan, checkpoint, client, lock).await?;

        // The stats, where the key may read them, answer every signal per user and day far more
        // cheaply than paging every call; the calls endpoint then serves only the partial days.
        if checkpoint.stats_allowed != Some(false) {
            self.publish(plan, checkpoint, client, "activity stats");
            self.gather_stats(plan, checkpoint, client, lock).await?;
        }
        if checkpoint.stats_allowed == Some(true) {
            self.publish(plan, checkpoint, client, "edge-day calls");
            self.gather_calls(plan.edges.windows(), plan, checkpoint, client, lock)
                .await?;
            self.publish(plan, checkpoint, client, "last hosted calls");
            self.gather_last_hosted(plan, client).await?;
        } else {
            self.publish(plan, checkpoint, client, "hosted calls");
            self.gather_calls(plan.call_windows.clone(), plan, checkpoint, client, lock)
                .await?;
        }
        Ok(())
    }

    /// The per-day stats of each range, several pieces at once, each stored as it completes. A
    /// range's users are asked for in pieces when one run's share cannot be sure to cover a whole
    /// range (`Plan::users_per_stats_piece`), so a run stopped by its quota keeps what it read.
    async fn gather_stats(
        &self,
        plan: &Plan,
        checkpoint: &mut Checkpoint,
        client: &GongClient,
        lock: &SyncLock,
    ) -> Result<(), Stop> {
        let users = store::user_ids(&self.pool, plan.run_id).await?;
        let split = *checkpoint.stats_split.get_or_insert(StatsSplit {
            users_per_piece: plan.users_per_stats_piece,
            pieces: users
                .len()
                .div_ceil(plan.users_per_stats_piece.max(1))
                .max(1),
        });
        let piece_ids = |piece: usize| {
            (split.pieces > 1).then(|| {
                users
                    .chunks(split.users_per_piece.max(1))
                    .nth(piece)
                    .unwrap_or_default()
                    .to_vec()
            })
        };
        let pending: Vec<(NaiveDate, NaiveDate, usize)> = plan
            .stats_ranges
            .iter()
            .copied()
            .filter(|range| !checkpoint.stats_ranges_done.contains(range))
            .flat_map(|(from, to)| (0..split.pieces).map(move |piece| (from, to, piece)))
            .filter(|piece| !checkpoint.stats_pieces_done.contains(piece))
            .collect();
        let (fetching, mut results) = concurrently(pending, |(from, to, piece)| {
            fetch::activity(client, from, to, piece_ids(piece))
        });
        let storing = async move {
            let mut first_error = None;
            while let Some(((from, to, piece), days)) = results.next().await {
                match days {
                    Ok(days) => {
                        let mut tx = self.pool.begin().await?;
                        store::upsert_activity(&mut tx, &days).await?;
                        tx.commit().await?;
                        checkpoint.stats_allowed = Some(true);
                        checkpoint.stats_pieces_done.push((from, to, piece));
                        let pieces_of_range = checkpoint
                            .stats_pieces_done
                            .iter()
                            .filter(|(f, t, _)| (*f, *t) == (from, to))
                            .count();
                        if pieces_of_range == split.pieces {
                            checkpoint.stats_ranges_done.push((from, to));
                        }
                        self.checkpoint(plan, checkpoint, client, lock).await?;
                    }
                    // An access key the company may not use for stats gets 403
                    // (docs/gong-api.md): hosted calls alone are then the only signal, and the
                    // report says so.
                    Err(GongError::Forbidden { .. }) => {
                        tracing::warn!(
                            "the Gong key may not read activity stats; using hosted calls only"
                        );
                        checkpoint.stats_allowed = Some(false);
                        checkpoint.stats_ranges_done.clear();
                        checkpoint.stats_pieces_done.clear();
                        return Ok(());
                    }
                    // Let the ranges under way finish and keep their work before stopping.
                    Err(error) => {
                        first_error.get_or_insert(error);
                    }
                }
            }
            if let Some(error) = first_error {
                return Err(Stop::from(error));
            }
            if checkpoint.stats_allowed.is_none() {
                // Nothing to ask (a look-back of less than a day): hosted calls answer everything.
                checkpoint.stats_allowed = Some(false);
            }
            Ok(())
        };
        let ((), stored) = futures::join!(fetching, storing);
        stored
    }

    /// Every call of each window, several windows at once, each stored as it completes.
    async fn gather_calls(
        &self,
        windows: Vec<Window>,
        plan: &Plan,
        checkpoint: &mut Checkpoint,
        client: &GongClient,
        lock: &SyncLock,
    ) -> Result<(), Stop> {
        let pending: Vec<Window> = windows
            .into_iter()
            .filter(|w| !checkpoint.call_windows_done.contains(w))
            .collect();
        let (fetching, mut results) = concurrently(pending, |window| fetch::calls(client, window));
        let storing = async move {
            let mut first_error = None;
            while let Some((window, calls)) = results.next().await {
                match calls {
                    Ok(calls) => {
                        let mut tx = self.pool.begin().await?;
                        store::upsert_calls(&mut tx, &calls).await?;
                        tx.commit().await?;
                        checkpoint.call_windows_done.push(window);
                        self.checkpoint(plan, checkpoint, client, lock).await?;
                    }
                    // Let the windows under way finish and keep their work before stopping.
                    Err(error) => {
                        first_error.get_or_insert(error);
                    }
                }
            }
            match first_error {
                Some(error) => Err(Stop::from(error)),
                None => Ok(()),
            }
        };
        let ((), stored) = futures::join!(fetching, storing);
        stored
    }

    /// The exact start of each user's last hosted call, where the stats name only its day: the
    /// ids of that day's calls, looked up a hundred at a time whatever their days. A user's ids
    /// share a request: once one of their calls of that day is stored, they are not looked up
    /// again, so a run stopped between two requests must not have stored only some of them.
    async fn gather_last_hosted(&self, plan: &Plan, client: &GongClient) -> Result<(), Stop> {
        let wanted = facts::last_hosted_to_look_up(&self.pool, plan, plan.tz).await?;
        let batches = fetch::id_batches(wanted.into_iter().map(|(_, ids)| ids).collect());
        let mut fetched = stream::iter(batches)
            .map(|ids| fetch::calls_by_id(client, ids))
            .buffer_unordered(PARALLEL_WINDOWS);
        while let Some(calls) = fetched.next().await {
            let calls = calls?;
            let mut tx = self.pool.begin().await?;
            store::upsert_calls(&mut tx, &calls).await?;
            tx.commit().await?;
        }
        Ok(())
    }
}
