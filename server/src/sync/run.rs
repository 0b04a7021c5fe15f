//! One run, start to finish: lock, plan, fetch, store, report, record.

use std::future::Future;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use futures::{channel::mpsc, stream, FutureExt, StreamExt};

use super::{
    facts, fetch,
    lock::SyncLock,
    plan::Plan,
    runs::{self, Checkpoint, Counters, Finish},
    store,
    windows::Window,
    Kind, Progress, RunOutcome, SyncError, Syncer, Trigger,
};
use crate::{
    gong::{GongClient, GongError},
    policy, report,
};

/// A stopped run older than this is not resumed: its `as_of` would be stale.
const RESUME_WITHIN: Duration = Duration::hours(36);

/// Windows fetched at once; with Gong's 3 requests in flight, 3 keep every slot busy.
const PARALLEL_WINDOWS: usize = 3;

/// Signals in the order docs/product.md ranks them.
const ALL_SIGNALS: [&str; 4] = ["hosted", "attended", "coached", "listened"];

/// How this run's report judges users: the Settings page's thresholds and protected list as they
/// were when the run started.
struct Rules {
    thresholds: report::Thresholds,
    protection: report::Protection,
}

/// Why `gather` stopped.
enum Stop {
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
    /// One sync run. Never two at once: a second caller, in this process or another, gets `Busy`.
    pub async fn sync_once(&self, trigger: Trigger) -> Result<RunOutcome, SyncError> {
        let started_at = self.now();
        let Some(lock) = SyncLock::acquire(&self.pool, started_at).await? else {
            return Err(SyncError::Busy);
        };
        let result = self.run_locked(&lock, trigger, started_at).await;
        self.progress.send_replace(Progress::default());
        if let Err(error) = lock.release(&self.pool).await {
            tracing::error!(%error, "cannot release the sync lock; it expires on its own");
        }
        result
    }

    async fn run_locked(
        &self,
        lock: &SyncLock,
        trigger: Trigger,
        started_at: DateTime<Utc>,
    ) -> Result<RunOutcome, SyncError> {
        // Holding the lock, any run still marked running belongs to a process that died.
        runs::close_abandoned(&self.pool, started_at).await?;
        // What an admin set in Settings applies from the start of the next run.
        let policy = policy::load(&self.pool, &self.settings).await?;
        let protection = policy::protected::protection(&self.pool).await?;
        let sync = &policy::sync_settings(&policy.policy, &self.settings.sync);
        let reread_since = policy.full_needed_since;
        let (last_good, last_full) = runs::last_good(&self.pool).await?;
        let resume = runs::resumable(&self.pool).await?.filter(|c| {
            c.as_of.is_some_and(|as_of| {
                started_at - as_of < RESUME_WITHIN && reread_since.is_none_or(|t| t <= as_of)
            })
        });
        let mut checkpoint = match resume {
            Some(checkpoint) => checkpoint,
            None => {
                let full_due = last_full.is_none_or(|full| {
                    started_at - full >= Duration::days(i64::from(sync.full_recheck_days))
                        || reread_since.is_some_and(|since| full < since)
                });
                Checkpoint {
                    as_of: Some(started_at),
                    kind: Some(if full_due || last_good.is_none() {
                        Kind::Full
                    } else {
                        Kind::Incremental
                    }),
                    ..Checkpoint::default()
                }
            }
        };
        let as_of = checkpoint.as_of.unwrap_or(started_at);
        let kind = checkpoint.kind.unwrap_or(Kind::Full);
        let run_id = runs::start(&self.pool, trigger, kind, as_of, started_at).await?;
        lock.attach_run(&self.pool, run_id).await?;
        let plan = Plan::new(run_id, as_of, kind, last_good, sync);
        tracing::info!(run_id, kind = kind.as_str(), %as_of, windows = plan.call_windows.len(), "sync started");

        let quota_day = started_at.date_naive();
        let remaining = sync.daily_budget() - store::quota_used(&self.pool, quota_day).await?;
        let client = self.client(remaining);

        let gathered = self.gather(&plan, &mut checkpoint, &client, lock).await;
        store::add_quota_used(&self.pool, quota_day, client.budget().spent()).await?;
        let counters = self.counters(&plan, &checkpoint, &client);
        let signals: Vec<&str> = if checkpoint.stats_allowed == Some(true) {
            ALL_SIGNALS.to_vec()
        } else {
            vec!["hosted"]
        };

        match gathered {
            Ok(()) => {
                self.publish(&plan, &checkpoint, &client, "building the report");
                let rules = Rules {
                    thresholds: policy::thresholds(&policy.policy),
                    protection,
                };
                let report_id = self.complete(&plan, &rules, counters, &signals).await?;
                // Executed deactivations that Gong now shows inactive are verified; a failure
                // here leaves them executed for the next run to verify.
                match crate::workflow::verify(&self.pool, report_id).await {
                    Ok(0) => {}
                    Ok(verified) => tracing::info!(verified, "workflow items verified"),
                    Err(error) => tracing::warn!(%error, "workflow items not verified"),
                }
                // Unanswered proposals expire on time even when nobody opens the Approvals page.
                if let Err(error) = crate::workflow::expire_due(&self.pool, self.now()).await {
                    tracing::warn!(%error, "expired proposals not closed");
                }
                tracing::info!(
                    run_id,
                    report_id,
                    requests = counters.requests,
                    "sync complete"
                );
                Ok(RunOutcome::Complete { run_id, report_id })
            }
            Err(Stop::Gong(error)) if error.is_quota() => {
                let reason = error.to_string();
                self.close(
                    run_id,
                    "stopped_on_quota",
                    counters,
                    &signals,
                    &checkpoint,
                    Some(&reason),
                )
                .await?;
                tracing::warn!(run_id, %reason, "sync stopped early; the next run resumes");
                Ok(RunOutcome::StoppedOnQuota { run_id, reason })
            }
            Err(Stop::Gong(source)) => {
                self.close(
                    run_id,
                    "failed",
                    counters,
                    &signals,
                    &checkpoint,
                    Some(&source.to_string()),
                )
                .await?;
                Err(SyncError::Gong { run_id, source })
            }
            Err(Stop::Database(error)) => {
                let message = format!("database error: {error}");
                self.close(
                    run_id,
                    "failed",
                    counters,
                    &signals,
                    &checkpoint,
                    Some(&message),
                )
                .await?;
                Err(SyncError::Database(error))
            }
        }
    }

    /// Fetches and stores everything the plan needs, checkpointing after each window.
    async fn gather(
        &self,
        plan: &Plan,
        checkpoint: &mut Checkpoint,
        client: &GongClient,
        lock: &SyncLock,
    ) -> Result<(), Stop> {
        self.publish(plan, checkpoint, client, "users");
        let users = fetch::users(client).await?;
        let mut tx = self.pool.begin().await?;
        store::upsert_users(&mut tx, plan.run_id, &users).await?;
        tx.commit().await?;

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

    /// The per-day stats of each range, several ranges at once, each stored as it completes.
    async fn gather_stats(
        &self,
        plan: &Plan,
        checkpoint: &mut Checkpoint,
        client: &GongClient,
        lock: &SyncLock,
    ) -> Result<(), Stop> {
        let pending: Vec<(NaiveDate, NaiveDate)> = plan
            .stats_ranges
            .iter()
            .copied()
            .filter(|range| !checkpoint.stats_ranges_done.contains(range))
            .collect();
        let (fetching, mut results) =
            concurrently(pending, |(from, to)| fetch::activity(client, from, to));
        let storing = async move {
            let mut first_error = None;
            while let Some((range, days)) = results.next().await {
                match days {
                    Ok(days) => {
                        let mut tx = self.pool.begin().await?;
                        store::upsert_activity(&mut tx, &days).await?;
                        tx.commit().await?;
                        checkpoint.stats_allowed = Some(true);
                        checkpoint.stats_ranges_done.push(range);
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
    /// ids of that day's calls, looked up a hundred at a time.
    async fn gather_last_hosted(&self, plan: &Plan, client: &GongClient) -> Result<(), Stop> {
        let tz = plan.tz;
        let wanted = facts::last_hosted_to_look_up(&self.pool, plan, tz).await?;
        let batches = facts::batch_by_range(wanted, tz);
        let mut fetched = stream::iter(batches)
            .map(|(ids, range)| fetch::calls_by_id(client, ids, range))
            .buffer_unordered(PARALLEL_WINDOWS);
        while let Some(calls) = fetched.next().await {
            let calls = calls?;
            let mut tx = self.pool.begin().await?;
            store::upsert_calls(&mut tx, &calls).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Builds the report and closes the run in one transaction, so the pages switch at once.
    async fn complete(
        &self,
        plan: &Plan,
        rules: &Rules,
        counters: Counters,
        signals: &[&str],
    ) -> Result<i64, SyncError> {
        let stats = signals.len() > 1;
        let users = facts::collect(&self.pool, plan, plan.lookback_days, stats).await?;
        let built = report::build(
            report::ReportInput {
                as_of: plan.as_of,
                lookback_days: plan.lookback_days,
                signals: signals
                    .iter()
                    .filter_map(|s| report::Signal::parse(s))
                    .collect(),
                users,
            },
            plan.tz,
            &rules.thresholds,
            &rules.protection,
        );
        let mut tx = self.pool.begin().await?;
        let report_id = report::store::save(&mut tx, plan.run_id, &built)
            .await
            .map_err(|e| SyncError::Invalid {
                run_id: plan.run_id,
                message: e.to_string(),
            })?;
        runs::finish(
            &mut tx,
            plan.run_id,
            Finish {
                outcome: "complete",
                finished_at: self.now(),
                counters,
                signals,
                checkpoint: None,
                error: None,
            },
        )
        .await?;
        tx.commit().await?;
        let cutoff = plan.as_of - Duration::days(i64::from(self.settings.report.retention_days));
        if let Err(error) = report::store::delete_older_than(&self.pool, cutoff).await {
            tracing::warn!(%error, "cannot delete old report snapshots");
        }
        if plan.kind == Kind::Full {
            let oldest =
                store::instant_text(plan.as_of - Duration::days(i64::from(plan.lookback_days) + 1));
            sqlx::query("DELETE FROM calls WHERE started_at < ?")
                .bind(oldest)
                .execute(&self.pool)
                .await?;
        }
        Ok(report_id)
    }

    async fn close(
        &self,
        run_id: i64,
        outcome: &str,
        counters: Counters,
        signals: &[&str],
        checkpoint: &Checkpoint,
        error: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        runs::finish(
            &mut tx,
            run_id,
            Finish {
                outcome,
                finished_at: self.now(),
                counters,
                signals,
                checkpoint: Some(checkpoint),
                error,
            },
        )
        .await?;
        tx.commit().await
    }

    async fn checkpoint(
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

    fn counters(&self, plan: &Plan, checkpoint: &Checkpoint, client: &GongClient) -> Counters {
        Counters {
            windows_total: match checkpoint.stats_allowed {
                Some(true) => plan.stats_ranges.len() + plan.edges.windows().len(),
                Some(false) => plan.call_windows.len(),
                None => plan.stats_ranges.len() + plan.call_windows.len(),
            } as i64,
            windows_done: (checkpoint.call_windows_done.len() + checkpoint.stats_ranges_done.len())
                as i64,
            requests: client.stats().requests() as i64,
            throttled: client.stats().throttled() as i64,
            quota_used: client.budget().spent(),
        }
    }

    fn publish(&self, plan: &Plan, checkpoint: &Checkpoint, client: &GongClient, phase: &str) {
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
