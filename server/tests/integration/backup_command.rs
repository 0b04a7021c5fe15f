//! `seat-audit backup --to FILE`: a copy taken while a sync writes opens and holds a whole report.

use std::time::Duration;

use seat_audit::{
    config::{DatabaseSettings, Settings},
    db, report,
    simulator::Faults,
    sync::Trigger,
};
use tempfile::TempDir;

use crate::{
    support::binary,
    sync_support::{harness, simulator_config},
};

#[tokio::test]
async fn a_backup_taken_while_a_sync_writes_opens_and_holds_a_whole_report() {
    let harness = harness(simulator_config(40)).await;
    harness.syncer.sync_once(Trigger::Command).await.unwrap();
    let first = harness.latest_report().await.expect("the first report");

    // Slow answers keep the second sync writing while the backups are taken.
    harness.simulator.set_faults(Faults {
        latency: Duration::from_millis(150),
        ..Faults::default()
    });
    let syncer = harness.syncer.clone();
    let sync = tokio::spawn(async move { syncer.sync_once(Trigger::Command).await });
    let copies = TempDir::new().unwrap();
    let mut taken_during_the_sync = Vec::new();
    for n in 0.. {
        let copy = copies.path().join(format!("copy-{n}.db"));
        let running = !sync.is_finished();
        let output = tokio::process::Command::from(binary(harness.data_dir(), &[]))
            .args(["backup", "--to"])
            .arg(&copy)
            .output()
            .await
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stdout).starts_with("Backed up "));
        if running && !sync.is_finished() {
            taken_during_the_sync.push(copy);
        }
        if sync.is_finished() {
            break;
        }
    }
    sync.await.unwrap().expect("the second sync completes");
    assert!(
        !taken_during_the_sync.is_empty(),
        "at least one backup started and ended while the sync ran"
    );

    for copy in taken_during_the_sync {
        let pool = db::connect(&Settings {
            data_dir: copies.path().to_path_buf(),
            database: DatabaseSettings {
                url: Some(format!("sqlite://{}", copy.display())),
                ..DatabaseSettings::default()
            },
            ..Settings::default()
        })
        .await
        .expect("the copy opens");
        let integrity: String = seat_audit::db::query_scalar("PRAGMA integrity_check")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(integrity, "ok", "{}", copy.display());
        let report = report::store::latest(&pool)
            .await
            .unwrap()
            .expect("the copy holds a report");
        assert_eq!(report.as_of, first.as_of);
        assert_eq!(report.rows, first.rows, "{}", copy.display());
    }
}

#[tokio::test]
async fn a_backup_never_overwrites_a_file() {
    let harness = harness(simulator_config(5)).await;
    let folder = TempDir::new().unwrap();
    let existing = folder.path().join("backup.db");
    std::fs::write(&existing, b"last week's backup").unwrap();
    let output = binary(harness.data_dir(), &[])
        .args(["backup", "--to"])
        .arg(&existing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&existing).unwrap(), b"last week's backup");
}
