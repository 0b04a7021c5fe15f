//! The loop that owns the timing of syncs: once at start (if configured), then every interval, and
//! whenever "sync now" asks; it stops on shutdown, letting a run under way checkpoint first.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::{RunOutcome, SyncError, Syncer, Trigger};

/// Asks the schedule for a run now; cloned into the web state for the Sync page.
#[derive(Clone)]
pub struct SyncNow(mpsc::Sender<()>);

impl SyncNow {
    /// `false` when a request is already queued.
    pub fn request(&self) -> bool {
        self.0.try_send(()).is_ok()
    }
}

pub fn channel() -> (SyncNow, mpsc::Receiver<()>) {
    let (sender, receiver) = mpsc::channel(1);
    (SyncNow(sender), receiver)
}

pub async fn run_schedule(
    syncer: Syncer,
    mut requests: mpsc::Receiver<()>,
    shutdown: CancellationToken,
) {
    let sync = &syncer.settings.sync;
    let interval = (sync.interval_minutes > 0)
        .then(|| Duration::from_secs(u64::from(sync.interval_minutes) * 60));
    let mut next = if sync.on_start {
        Some(Trigger::Startup)
    } else {
        None
    };
    loop {
        if let Some(trigger) = next.take() {
            tokio::select! {
                result = syncer.sync_once(trigger) => log(trigger, result),
                () = shutdown.cancelled() => {
                    // Dropping the run's future stops it between requests; its last checkpoint
                    // stays, and the next start resumes from it.
                    tracing::info!("shutdown during a sync; it resumes at the next start");
                    return;
                }
            }
        }
        let wait = async {
            match interval {
                Some(interval) => tokio::time::sleep(interval).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = wait => next = Some(Trigger::Schedule),
            request = requests.recv() => match request {
                Some(()) => next = Some(Trigger::Manual),
                None => return,
            },
        }
    }
}

fn log(trigger: Trigger, result: Result<RunOutcome, SyncError>) {
    match result {
        Ok(RunOutcome::Complete { run_id, report_id }) => {
            tracing::info!(
                trigger = trigger.as_str(),
                run_id,
                report_id,
                "scheduled sync complete"
            )
        }
        Ok(RunOutcome::StoppedOnQuota { run_id, reason }) => {
            tracing::warn!(trigger = trigger.as_str(), run_id, %reason, "scheduled sync stopped early")
        }
        Err(SyncError::Busy) => tracing::info!("a sync is already running elsewhere; skipped"),
        Err(error) => tracing::error!(trigger = trigger.as_str(), %error, "scheduled sync failed"),
    }
}
