//! A sync whose process is killed mid-run leaves a consistent database, and the next run completes.

use std::{net::SocketAddr, process::Stdio, time::Duration};

use seat_audit::simulator::{Faults, Simulator};
use tempfile::TempDir;

use crate::support::binary;
use crate::sync_support::simulator_config;

// The simulator serves from this runtime while the test blocks on the binary: two threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_killed_midway_is_closed_and_the_next_run_completes() {
    let mut config = simulator_config(300);
    config.stats_allowed = false;
    // Slow enough that the run is still under way when it is killed.
    config.faults = Faults {
        latency: Duration::from_millis(40),
        ..Faults::default()
    };
    config.reference_now = None;
    let simulator = Simulator::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let credentials = simulator.credentials().clone();
    let data_dir = TempDir::new().unwrap();
    let base_url = simulator.base_url();
    let vars = [
        ("SEAT_AUDIT__GONG__BASE_URL", base_url.as_str()),
        (
            "SEAT_AUDIT__GONG__ACCESS_KEY",
            credentials.access_key.as_str(),
        ),
        (
            "SEAT_AUDIT__GONG__ACCESS_KEY_SECRET",
            credentials.access_key_secret.as_str(),
        ),
        ("SEAT_AUDIT__SYNC__REQUESTS_PER_SECOND", "1000"),
        ("SEAT_AUDIT__SYNC__DAILY_QUOTA", "1000000"),
    ];

    let mut first = binary(data_dir.path(), &vars)
        .arg("sync")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let db = crate::support::database_url(data_dir.path());
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        assert!(
            std::time::Instant::now() < deadline,
            "the run never got under way"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        let Ok(pool) = seat_audit::db::open(&db).await else {
            continue;
        };
        let done: Option<i64> = seat_audit::db::query_scalar(
            "SELECT windows_done FROM sync_runs WHERE outcome = 'running'",
        )
        .fetch_optional(&pool)
        .await
        .unwrap_or(None);
        pool.close().await;
        if done.is_some_and(|d| d >= 1) {
            break;
        }
    }
    first.kill().unwrap();
    first.wait().unwrap();

    let second = binary(data_dir.path(), &vars).arg("sync").output().unwrap();
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );

    let pool = seat_audit::db::open(&db).await.unwrap();
    let runs: Vec<(String, Option<String>)> =
        seat_audit::db::query_as("SELECT outcome, error FROM sync_runs ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert_eq!(
        runs[0].0, "failed",
        "the killed run is closed, not left running"
    );
    assert!(runs[0]
        .1
        .as_deref()
        .unwrap_or_default()
        .contains("stopped during the run"));
    assert_eq!(runs[1].0, "complete");
    let reports: i64 = seat_audit::db::query_scalar("SELECT COUNT(*) FROM reports")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(reports, 1);
    let report = binary(data_dir.path(), &vars)
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(value["users"].as_array().unwrap().len(), 298);
    simulator.shutdown().await;
}
