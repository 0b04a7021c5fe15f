//! Two `seat-audit sync` started together on a new data folder: the database is created and
//! migrated once, one run completes, and the other completes after it or exits 3 ("another run in
//! progress", docs/product.md's public interface); never a failed migration.

use std::{net::SocketAddr, process::Stdio};

use seat_audit::simulator::Simulator;
use tempfile::TempDir;

use crate::support::binary;
use crate::sync_support::simulator_config;

// The simulator serves from this runtime while the test waits on the two processes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_syncs_started_together_on_an_empty_folder_migrate_once_and_one_runs() {
    let mut config = simulator_config(60);
    config.stats_allowed = false;
    config.reference_now = None;
    let simulator = Simulator::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let credentials = simulator.credentials().clone();
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
    // The race lost 3 times in 4 before the migrations took a lock: try it several times.
    for attempt in 0..4 {
        let data_dir = TempDir::new().unwrap();
        let start = || {
            binary(data_dir.path(), &vars)
                .arg("sync")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (first, second) = (start(), start());
        let (first, second) = tokio::task::spawn_blocking(move || {
            (
                first.wait_with_output().unwrap(),
                second.wait_with_output().unwrap(),
            )
        })
        .await
        .unwrap();
        let mut codes = [first.status.code(), second.status.code()];
        codes.sort();
        let stderr = format!(
            "{}\n{}",
            String::from_utf8_lossy(&first.stderr),
            String::from_utf8_lossy(&second.stderr)
        );
        assert!(
            codes == [Some(0), Some(0)] || codes == [Some(0), Some(3)],
            "attempt {attempt}: exit codes {codes:?}: {stderr}"
        );
        assert!(!stderr.contains("migration"), "attempt {attempt}: {stderr}");

        let db = crate::support::database_url(data_dir.path());
        let pool = seat_audit::db::open(&db).await.unwrap();
        let complete: i64 = seat_audit::db::query_scalar(
            "SELECT COUNT(*) FROM sync_runs WHERE outcome = 'complete'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert!(complete >= 1, "attempt {attempt}: a run completed");
        pool.close().await;
    }
    simulator.shutdown().await;
}
