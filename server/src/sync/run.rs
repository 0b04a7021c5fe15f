//! One run, start to finish: lock, plan, fetch, store, report, record.

use chrono::{DateTime, Duration, Utc};

use super::{
    facts,
    gather::Stop,
    lock::SyncLock,
    plan::Plan,
    runs::{self, Checkpoint, Counters, Finish},
    store, zone, Kind, Progress, RunOutcome, SyncError, Syncer, Trigger,
};
use crate::{config::SyncSettings, gong::GongClient, policy, report, report::Signal};
use app::types::ZoneSource;

/// A stopped incremental run older than this is not resumed: its `as_of` would be stale. A full
/// run is resumed whatever its age: with a small quota share its first sync takes days, and the
/// incremental run after it brings the report up to date.
const RESUME_WITHIN: Duration = Duration::hours(36);

/// How this run's report judges users: the Settings page's thresholds and protected list as they
/// were when the run started.
struct Rules {
    thresholds: report::Thresholds,
    protection: report::Protection,
}

impl Syncer {
    /// One sync run. Never two at once: a second caller, in this process or another, gets `Busy`.
    pub async fn sync_once(&self, trigger: Trigger) -> Result<RunOutcome, SyncError> {
        let started_at = self.now();
        let Some(lock) = SyncLock::acquire(&self.pool, started_at).await? else {
            return Err(SyncError::Busy);
        };
        self.local.store(true, std::sync::atomic::Ordering::SeqCst);
        let result = self.run_locked(&lock, trigger, started_at).await;
        self.progress.send_replace(Progress::default());
        self.local.store(false, std::sync::atomic::Ordering::SeqCst);
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
                (c.kind == Some(Kind::Full) || started_at - as_of < RESUME_WITHIN)
                    && reread_since.is_none_or(|t| t <= as_of)
            })
        });

        let quota_day = started_at.date_naive();
        let remaining = sync.daily_budget() - store::quota_used(&self.pool, quota_day).await?;
        let client = self.client(remaining);
        let (sync, zone_changed) = &self
            .company_zone(sync, &client, resume.is_some(), started_at)
            .await?;
        let mut checkpoint = match resume {
            Some(checkpoint) => checkpoint,
            None => {
                let full_due = last_full.is_none_or(|full| {
                    started_at - full >= Duration::days(i64::from(sync.full_recheck_days))
                        || reread_since.is_some_and(|since| full < since)
                        || *zone_changed
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

        let gathered = self.gather(&plan, &mut checkpoint, &client, lock).await;
        store::add_quota_used(&self.pool, quota_day, client.budget().spent()).await?;
        let counters = self.counters(&plan, &checkpoint, &client);
        // Without the stats permission hosted calls are the only signal (docs/gong-api.md).
        let signals: Vec<Signal> = if checkpoint.stats_allowed == Some(true) {
            Signal::ALL.to_vec()
        } else {
            vec![Signal::Hosted]
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

    /// The sync settings with the company time zone in force (docs/product.md, "Report"), and
    /// whether Gong's zone differs from the one the stored days were counted in. Without a
    /// setting, a run that starts afresh reads Gong's zone (one request); a resumed run keeps
    /// the zone it was planned with. Failing to read it keeps the stored zone.
    async fn company_zone(
        &self,
        sync: &SyncSettings,
        client: &GongClient,
        resuming: bool,
        now: DateTime<Utc>,
    ) -> Result<(SyncSettings, bool), sqlx::Error> {
        let before = zone::stored(&self.pool).await?;
        let mut after = before.clone();
        if sync.time_zone.trim().is_empty() && !resuming {
            match zone::refresh(&self.pool, client, now).await {
                Ok(zone) => after = zone,
                Err(zone::RefreshError::Database(error)) => return Err(error),
                Err(zone::RefreshError::Gong(error)) => {
                    tracing::warn!(%error, "cannot read Gong's company time zone; keeping the last one read")
                }
            }
        }
        let in_force = zone::resolve(&sync.time_zone, after.as_deref());
        let changed = in_force.source != ZoneSource::Setting && before.is_some() && before != after;
        Ok((
            SyncSettings {
                time_zone: in_force.name,
                ..sync.clone()
            },
            changed,
        ))
    }

    /// Builds the report and closes the run in one transaction, so the pages switch at once.
    async fn complete(
        &self,
        plan: &Plan,
        rules: &Rules,
        counters: Counters,
        signals: &[Signal],
    ) -> Result<i64, SyncError> {
        let stats = Signal::reads_stats(signals);
        let users = facts::collect(&self.pool, plan, plan.lookback_days, stats).await?;
        let built = report::build(
            report::ReportInput {
                as_of: plan.as_of,
                lookback_days: plan.lookback_days,
                signals: signals.to_vec(),
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
            crate::db::query("DELETE FROM calls WHERE started_at < ?")
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
        signals: &[Signal],
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
}
