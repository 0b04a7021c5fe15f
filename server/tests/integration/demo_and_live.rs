//! The demo and a live installation never share a database: a server (or sync) in one mode refuses
//! the other's, with a sentence saying what to do, so a live server never accepts the demo's
//! published accounts nor inherits its contract and prices.

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::Stdio,
};

use seat_audit::simulator::RunningSimulator;
use tempfile::TempDir;

use crate::support::{binary, start_binary, start_simulator};
use crate::sync_support::{as_of, simulator_config};

/// A live connection to `simulator`, as an operator would give it.
fn live_vars(simulator: &RunningSimulator) -> Vec<(&'static str, String)> {
    let credentials = simulator.credentials();
    vec![
        ("SEAT_AUDIT__GONG__BASE_URL", simulator.base_url()),
        (
            "SEAT_AUDIT__GONG__ACCESS_KEY",
            credentials.access_key.clone(),
        ),
        (
            "SEAT_AUDIT__GONG__ACCESS_KEY_SECRET",
            credentials.access_key_secret.clone(),
        ),
        ("SEAT_AUDIT__SYNC__ON_START", "false".to_owned()),
    ]
}

/// Runs `seat-audit serve` and returns its stderr if it refused to start; a server that starts
/// is stopped and fails the test.
fn serve_expecting_refusal(data_dir: &Path, vars: &[(&str, String)]) -> String {
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut child = binary(data_dir, &vars)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    if !line.is_empty() {
        child.kill().unwrap();
        child.wait().unwrap();
        panic!("the server started on the other mode's database: {line}");
    }
    let output = child.wait_with_output().unwrap();
    assert!(!output.status.success());
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stop(mut child: std::process::Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

// The simulator serves from this runtime while the test blocks on the binary: two threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_server_refuses_a_data_directory_the_demo_used_and_says_what_to_do() {
    let simulator = start_simulator(simulator_config(50), as_of()).await;
    let data_dir = TempDir::new().unwrap();
    stop(start_binary(data_dir.path()).0);

    let stderr = serve_expecting_refusal(data_dir.path(), &live_vars(&simulator));
    assert!(
        stderr.contains("holds the demo's data, so a live server will not use it")
            && stderr.contains("SEAT_AUDIT__DATA_DIR"),
        "{stderr}"
    );

    let live: Vec<(&str, String)> = live_vars(&simulator);
    let live: Vec<(&str, &str)> = live.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sync = binary(data_dir.path(), &live).arg("sync").output().unwrap();
    assert_eq!(sync.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&sync.stderr);
    assert!(stderr.contains("holds the demo's data"), "{stderr}");
    assert_eq!(
        simulator.request_count(),
        0,
        "nothing was read from the live Gong into the demo's database"
    );
    simulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_refuses_a_data_directory_a_live_server_used() {
    let simulator = start_simulator(simulator_config(50), as_of()).await;
    let data_dir = TempDir::new().unwrap();
    let live: Vec<(&str, String)> = live_vars(&simulator);
    let vars: Vec<(&str, &str)> = live.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut child = binary(data_dir.path(), &vars)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("listening"), "the live server starts: {line}");
    stop(child);

    let stderr = serve_expecting_refusal(data_dir.path(), &[]);
    assert!(
        stderr.contains("holds a live installation's data, so the demo will not use it"),
        "{stderr}"
    );
    let pool = seat_audit::db::open(&crate::support::database_url(data_dir.path()))
        .await
        .unwrap();
    let emails: Vec<String> = seat_audit::db::query_scalar("SELECT email FROM accounts")
        .fetch_all(&pool)
        .await
        .unwrap();
    let demo_accounts = emails
        .iter()
        .filter(|email| email.ends_with("@demo.seat-audit.test"))
        .count();
    assert_eq!(
        demo_accounts, 0,
        "the demo added nothing to the live database"
    );
    simulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_database_from_before_the_mark_is_recognised_by_its_accounts() {
    if crate::support::on_postgres() {
        // A SQLite database from before the `installation` migration; PostgreSQL installations
        // have had the mark from their first migration.
        return;
    }
    let simulator = start_simulator(simulator_config(50), as_of()).await;
    let data_dir = TempDir::new().unwrap();
    stop(start_binary(data_dir.path()).0);
    // As a database written before the mark existed: no mark, the migration not yet applied.
    let pool = seat_audit::db::open(&crate::support::database_url(data_dir.path()))
        .await
        .unwrap();
    seat_audit::db::query("DROP TABLE installation")
        .execute(&pool)
        .await
        .unwrap();
    seat_audit::db::query("DELETE FROM _sqlx_migrations WHERE description = 'installation'")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let stderr = serve_expecting_refusal(data_dir.path(), &live_vars(&simulator));
    assert!(stderr.contains("holds the demo's data"), "{stderr}");
    simulator.shutdown().await;
}
