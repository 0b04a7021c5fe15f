//! Start-up: the server on port 0 against a fresh database, its health and metrics endpoints, and the
//! clear errors that stop it when a setting or the database is wrong.

use std::{process::Stdio, time::Duration};

use tempfile::TempDir;

use crate::support::{binary, spawn_app, start_binary};

#[tokio::test]
async fn a_fresh_server_applies_migrations_and_reports_healthy() {
    let app = spawn_app().await;

    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert!(body["last_sync"].is_null(), "no sync has run: {body}");

    let pool = app.pool().await;
    let tables: Vec<String> = match crate::support::on_postgres() {
        false => {
            let db = app.data_dir.path().join("seat-audit.db");
            assert!(
                db.exists(),
                "the SQLite file is created in the data directory"
            );
            let (mode,): (String,) = seat_audit::db::query_as("PRAGMA journal_mode")
                .fetch_one(&pool)
                .await
                .unwrap();
            assert_eq!(mode, "wal");
            seat_audit::db::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
                .fetch_all(&pool)
                .await
                .unwrap()
        }
        true => seat_audit::db::query_scalar(
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
             WHERE table_schema = 'public'",
        )
        .fetch_all(&pool)
        .await
        .unwrap(),
    };
    for table in [
        "gong_users",
        "calls",
        "activity_days",
        "sync_runs",
        "reports",
        "report_users",
    ] {
        assert!(
            tables.iter().any(|t| t == table),
            "{table} missing from {tables:?}"
        );
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    let id = response
        .headers()
        .get("x-request-id")
        .expect("a request id header");
    assert!(!id.is_empty());
}

#[tokio::test]
async fn metrics_count_requests_in_prometheus_text_format() {
    let app = spawn_app().await;
    app.get("/healthz").await;
    app.get("/healthz").await;

    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(
        text.contains(
            r#"seat_audit_http_requests_total{method="GET",route="/healthz",status="200"} 2"#
        ),
        "{text}"
    );
    assert!(
        text.contains("seat_audit_http_request_duration_seconds_bucket"),
        "{text}"
    );
}

#[test]
fn a_bad_setting_stops_start_up_with_an_error_naming_it() {
    let data_dir = TempDir::new().unwrap();
    let output = binary(data_dir.path(), &[("SEAT_AUDIT__ADDR", "not-an-address")])
        .arg("serve")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("SEAT_AUDIT__ADDR"), "{stderr}");
}

#[test]
fn a_partial_gong_connection_is_refused_rather_than_falling_back_to_the_demo() {
    let data_dir = TempDir::new().unwrap();
    let output = binary(
        data_dir.path(),
        &[
            ("SEAT_AUDIT__GONG__BASE_URL", "https://api.gong.io"),
            ("SEAT_AUDIT__GONG__ACCESS_KEY", "k"),
        ],
    )
    .args(["serve", "--addr", "127.0.0.1:0"])
    .output()
    .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("SEAT_AUDIT__GONG__ACCESS_KEY_SECRET"),
        "{stderr}"
    );
    assert!(!stderr.contains("listening"), "{stderr}");
}

#[tokio::test]
async fn a_failed_migration_stops_the_server_with_a_clear_error() {
    let data_dir = TempDir::new().unwrap();
    drop(
        crate::support::spawn_app_with(
            crate::support::test_settings(data_dir.path()),
            TempDir::new().unwrap(),
        )
        .await,
    );
    let db = crate::support::database_url(data_dir.path());
    let pool = seat_audit::db::open(&db).await.unwrap();
    seat_audit::db::query("UPDATE _sqlx_migrations SET checksum = ?")
        .bind(vec![0u8])
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let output = binary(data_dir.path(), &[])
        .args(["serve", "--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("database migration failed"), "{stderr}");
}

#[test]
fn sigterm_stops_the_server_gracefully() {
    let data_dir = TempDir::new().unwrap();
    let (mut child, url) = start_binary(data_dir.path());
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `user add` with `stdin` as given; its exit code, stdout and stderr.
fn user_add(
    data_dir: &std::path::Path,
    email: &str,
    role: &str,
    stdin: Option<&str>,
) -> (Option<i32>, String, String) {
    use std::io::Write;
    let mut child = binary(data_dir, &[])
        .args(["user", "add", "--email", email, "--role", role])
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn user_add_creates_an_account_that_signs_in_and_refuses_bad_input() {
    let data_dir = TempDir::new().unwrap();
    let (code, stdout, _) = user_add(
        data_dir.path(),
        "it@example.com",
        "admin",
        Some("a long password 1\n"),
    );
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("added it@example.com as admin"), "{stdout}");
    assert!(
        !stdout.contains("a long password 1"),
        "a given password is never echoed"
    );

    let (code, stdout, _) = user_add(data_dir.path(), "fin@example.com", "finance", None);
    assert_eq!(code, Some(0));
    let generated = stdout
        .lines()
        .find_map(|l| l.strip_prefix("password: "))
        .expect("a generated password is printed once")
        .to_owned();

    let (code, _, stderr) = user_add(
        data_dir.path(),
        "IT@example.com",
        "auditor",
        Some("another long one\n"),
    );
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("already exists") && stderr.contains("no account was added"),
        "{stderr}"
    );
    let (code, _, stderr) = user_add(
        data_dir.path(),
        "short@example.com",
        "admin",
        Some("short\n"),
    );
    assert_eq!(code, Some(1));
    assert!(stderr.contains("at least 12 characters"), "{stderr}");
    let (code, _, stderr) = user_add(
        data_dir.path(),
        "x@example.com",
        "owner",
        Some("a long password 1\n"),
    );
    assert_eq!(code, Some(2), "clap refuses an unknown role: {stderr}");

    let (mut child, url) = start_binary(data_dir.path());
    crate::support::sign_in(&url, "it@example.com", "a long password 1").await;
    crate::support::sign_in(&url, "fin@example.com", &generated).await;
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn report_without_any_sync_says_there_is_no_report_yet() {
    let data_dir = TempDir::new().unwrap();
    let output = binary(data_dir.path(), &[])
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no report yet: run `seat-audit sync` first"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}
