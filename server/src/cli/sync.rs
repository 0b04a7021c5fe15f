//! `seat-audit sync`: one run, with a progress bar on a terminal, and the exit codes of docs/product.md's
//! public interface: 0 complete, 2 stopped early on quota, 3 another run in progress, 1 failed.

use std::{io::IsTerminal, process::ExitCode, sync::Arc, time::Duration};

use indicatif::{ProgressBar, ProgressStyle};

use crate::{
    config::Settings,
    db::{self, mode::Mode},
    startup::gong,
    sync::{RunOutcome, SyncError, Syncer, Trigger},
};

pub async fn run(settings: Settings) -> ExitCode {
    match run_inner(settings).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("seat-audit sync: {error:#}");
            ExitCode::from(1)
        }
    }
}

async fn run_inner(settings: Settings) -> anyhow::Result<ExitCode> {
    let connection = settings.gong_connection()?;
    let pool = db::connect(&settings).await?;
    db::mode::claim(&pool, Mode::of(&connection), &db::describe(&settings)).await?;
    let connected = gong::connect(&settings, &connection).await?;
    let syncer = Syncer::new(pool, Arc::new(settings), connected.target.clone());

    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg:<16} [{bar:30}] {pos}/{len} windows, {prefix}",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    });
    let mut progress = syncer.progress();
    let watcher = bar.clone().map(|bar| {
        tokio::spawn(async move {
            while progress.changed().await.is_ok() {
                let p = progress.borrow_and_update().clone();
                bar.set_length(p.windows_total);
                bar.set_position(p.windows_done);
                bar.set_message(p.phase.clone());
                let eta = p
                    .eta_seconds
                    .map(|s| format!(", about {s} s left"))
                    .unwrap_or_default();
                bar.set_prefix(format!("{} requests{eta}", p.requests));
            }
        })
    });

    let result = syncer.sync_once(Trigger::Command).await;
    if let Some(watcher) = watcher {
        watcher.abort();
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(simulator) = connected.simulator {
        simulator.shutdown().await;
    }
    Ok(match result {
        Ok(RunOutcome::Complete { run_id, report_id }) => {
            println!("sync run {run_id} complete: report {report_id}");
            ExitCode::SUCCESS
        }
        Ok(RunOutcome::StoppedOnQuota { run_id, reason }) => {
            println!("sync run {run_id} stopped early: {reason}. The next run resumes from here.");
            ExitCode::from(2)
        }
        Err(SyncError::Busy) => {
            eprintln!("seat-audit sync: another sync run is in progress");
            ExitCode::from(3)
        }
        Err(error) => {
            eprintln!("seat-audit sync: {error}");
            ExitCode::from(1)
        }
    })
}
