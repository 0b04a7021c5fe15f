//! PostgreSQL as an installation uses it (docs/product.md, "Storage"): two instances on one
//! database, the copy of a SQLite installation, and the start-up errors. These need the suite's
//! PostgreSQL server (`SEAT_AUDIT_TEST_POSTGRES`, which `scripts/test.sh` sets for its PostgreSQL
//! pass); in the SQLite pass they return at once.

use std::time::Duration;

use sqlx::Connection;

use app::types::{Role, SyncProgress, SyncRequest, WorkflowState};
use chrono::{DateTime, Utc};
use seat_audit::{
    auth::{accounts, SignedIn},
    config::{DatabaseSettings, Settings},
    db,
    simulator::Faults,
    sync::{follow::ELSEWHERE, RunOutcome, Trigger},
    workflow,
};
use tempfile::TempDir;

use crate::support::{
    binary, create_database, sign_in, spawn_app_with, test_settings, TestApp, DEMO_ADMIN,
    DEMO_FINANCE,
};
use crate::sync_support::{harness, simulator_config};

fn server() -> Option<String> {
    std::env::var("SEAT_AUDIT_TEST_POSTGRES").ok()
}

/// `test_settings` for `dir`, on the database `url`.
fn on(url: &str, dir: &TempDir) -> Settings {
    Settings {
        database: DatabaseSettings {
            url: Some(url.to_owned()),
            ..DatabaseSettings::default()
        },
        ..test_settings(dir.path())
    }
}

/// The SCIM changes the demo simulator of `app` received (it keeps them in its data directory).
fn scim_changes(app: &TestApp) -> usize {
    let file = app.data_dir.path().join("simulator/scim-changes.json");
    match std::fs::read_to_string(file) {
        Ok(text) => serde_json::from_str::<Vec<serde_json::Value>>(&text)
            .unwrap()
            .len(),
        Err(_) => 0,
    }
}

async fn signed_in(pool: &db::Pool, email: &str) -> SignedIn {
    let account = accounts::by_email(pool, email)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{email} has an account"));
    SignedIn {
        id: account.id,
        email: account.email,
        role: account.role,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_share_sessions_sync_progress_and_execute_an_item_once() {
    let Some(server) = server() else { return };
    let url = create_database(&server).await;
    let (dir_a, dir_b) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let (settings_a, settings_b) = (on(&url, &dir_a), on(&url, &dir_b));
    // Started together on a new database, as a rolling deployment may: one migrates, both serve.
    let (a, b) = tokio::join!(
        spawn_app_with(settings_a, dir_a),
        spawn_app_with(settings_b, dir_b)
    );

    // Signed in on one instance, the same browser is signed in on the other.
    let (browser, _) = sign_in(&a.address, DEMO_FINANCE.0, DEMO_FINANCE.1).await;
    let page = browser
        .get(format!("{}/finance", b.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "B knows the session A made");
    assert!(page.text().await.unwrap().contains(DEMO_FINANCE.0));

    // A sync started on A is seen on B as it goes, and B starts no second one.
    let started: SyncRequest = a.call("start_sync", &[]).await;
    assert_eq!(started, SyncRequest::Started);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    let seen = loop {
        let progress: SyncProgress = b.call("sync_progress", &[]).await;
        // Counted as of the run's last checkpoint.
        if progress.run_id.is_some() && progress.phase == ELSEWHERE && progress.windows_done > 0 {
            break progress;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "B never showed A's run: {progress:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(seen.windows_total >= seen.windows_done, "{seen:?}");
    let again: SyncRequest = b.call("start_sync", &[]).await;
    assert_eq!(again, SyncRequest::AlreadyRunning);
    a.wait_for_a_complete_sync().await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let progress: SyncProgress = b.call("sync_progress", &[]).await;
        if progress.run_id.is_none() {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "B still shows a finished run: {progress:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // One approved item, executed from both instances at once: executed once.
    let pool = db::open(&url).await.unwrap();
    db::query("UPDATE workflow_settings SET live = TRUE")
        .execute(&pool)
        .await
        .unwrap();
    let user: String = db::query_scalar(
        "SELECT r.user_id FROM report_users r
         JOIN report_users m ON m.report_id = r.report_id AND m.user_id = r.manager_id
         JOIN accounts a ON a.email = m.email
         WHERE r.report_id = (SELECT MAX(id) FROM reports) AND r.active
           AND r.status IN ('inactive', 'never_active')
         ORDER BY r.user_id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let admin = signed_in(&pool, DEMO_ADMIN.0).await;
    let ids = workflow::propose(&pool, &admin, &[user], true, Utc::now())
        .await
        .unwrap();
    let item = workflow::get(&pool, ids[0]).await.unwrap().unwrap();
    let approver = signed_in(&pool, &item.approver).await;
    workflow::decide(&pool, &approver, &ids, true, "", Utc::now())
        .await
        .unwrap();
    let id = ids[0].to_string();
    let execute = |app: &TestApp| {
        app.client
            .post(format!("{}/workflow/execute", app.address))
            .form(&[("csrf", app.csrf.as_str()), ("item", &id), ("note", "")])
            .send()
    };
    let (on_a, on_b) = tokio::join!(execute(&a), execute(&b));
    let said: Vec<String> = [on_a.unwrap(), on_b.unwrap()]
        .iter()
        .map(|answer| answer.headers()["location"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        said.iter().filter(|to| to.contains("notice=")).count(),
        1,
        "one instance executed it: {said:?}"
    );
    assert_eq!(
        said.iter().filter(|to| to.contains("refused=")).count(),
        1,
        "the other said why not: {said:?}"
    );
    let item = workflow::get(&pool, ids[0]).await.unwrap().unwrap();
    assert!(
        matches!(
            item.state,
            WorkflowState::Executed | WorkflowState::Verified
        ),
        "{:?}",
        item.state
    );
    assert_eq!(
        scim_changes(&a) + scim_changes(&b),
        1,
        "Gong was asked to deactivate the user once"
    );
}

#[tokio::test]
async fn a_sqlite_installation_is_copied_to_postgresql_with_its_history_and_audit_order() {
    let Some(server) = server() else { return };
    // A SQLite installation with a report, accounts and an audit log.
    let sqlite_dir = TempDir::new().unwrap();
    let settings = Settings {
        database: DatabaseSettings::default(),
        ..test_settings(sqlite_dir.path())
    };
    let app = spawn_app_with(settings, sqlite_dir).await;
    let started: SyncRequest = app.call("start_sync", &[]).await;
    assert_eq!(started, SyncRequest::Started);
    app.wait_for_a_complete_sync().await;
    let from = format!(
        "sqlite://{}",
        app.data_dir.path().join(db::FILE_NAME).display()
    );
    let source = db::open(&from).await.unwrap();
    let audit = |pool: db::Pool| async move {
        db::query_as::<(i64, String, String)>(
            "SELECT id, action, subject FROM audit_log ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    let users_page = app
        .get("/users?status=never_active")
        .await
        .text()
        .await
        .unwrap();
    let before = audit(source.clone()).await;
    assert!(before.len() > 3, "{before:?}");

    let to = create_database(&server).await;
    let output = binary(app.data_dir.path(), &[])
        .args(["migrate-db", "--from", &from, "--to", &to])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("report_users: "), "{stdout}");
    assert!(
        stdout.contains("every table's rows counted equal"),
        "{stdout}"
    );
    assert!(
        !stdout.contains(&server),
        "no password is printed: {stdout}"
    );

    let copy = db::open(&to).await.unwrap();
    assert_eq!(
        audit(copy.clone()).await,
        before,
        "the audit log in its order"
    );
    for table in db::copy::TABLES {
        let count = |pool: db::Pool| async move {
            db::query_scalar::<i64>(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&pool)
                .await
                .unwrap()
        };
        assert_eq!(
            count(copy.clone()).await,
            count(source.clone()).await,
            "{table}"
        );
    }
    // Derived on the way in: the per-day totals the overview reads.
    let totals = |pool: db::Pool| async move {
        db::query_scalar::<i64>("SELECT COUNT(*) FROM activity_day_totals")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    assert_eq!(totals(copy.clone()).await, totals(source.clone()).await);

    // A server on the copy shows what the SQLite one showed, and writes after the copied ids.
    let dir = TempDir::new().unwrap();
    let moved = spawn_app_with(on(&to, &dir), dir).await;
    let page = moved
        .get("/users?status=never_active")
        .await
        .text()
        .await
        .unwrap();
    let rows = |html: &str| html.matches("<tr").count();
    assert_eq!(rows(&page), rows(&users_page), "the same Users page");
    let before = audit(copy.clone()).await;
    let newest_account: i64 = db::query_scalar("SELECT MAX(id) FROM accounts")
        .fetch_one(&copy)
        .await
        .unwrap();
    let added = accounts::add(
        &copy,
        "new.auditor@corp.example",
        Role::Auditor,
        "a-long-enough-password",
        "system",
    )
    .await
    .unwrap();
    assert!(
        added > newest_account,
        "new accounts continue after the copied ids"
    );
    let after = audit(copy.clone()).await;
    assert_eq!(after.len(), before.len() + 1, "the new account was audited");
    assert!(after[before.len()].0 > before.last().unwrap().0);

    // Copying into a database that holds an installation is refused and changes nothing.
    let again = binary(app.data_dir.path(), &[])
        .args(["migrate-db", "--from", &from, "--to", &to])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already holds an installation"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(audit(copy).await.len(), after.len());
}

#[tokio::test]
async fn a_wrong_password_or_an_unreachable_server_stops_start_up_naming_the_url_without_its_password(
) {
    let Some(server) = server() else { return };
    let dir = TempDir::new().unwrap();
    let mut url = url::Url::parse(&server).unwrap();
    url.set_password(Some("not-the-password")).unwrap();
    let wrong = url.to_string();
    let mut unreachable = url::Url::parse(&server).unwrap();
    // A loopback port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    unreachable.set_port(Some(port)).unwrap();
    for (url, says) in [
        (wrong.as_str(), "password authentication failed"),
        (unreachable.as_str(), "Connection refused"),
    ] {
        let output = binary(dir.path(), &[("SEAT_AUDIT__DATABASE__URL", url)])
            .args(["serve", "--addr", "127.0.0.1:0"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert!(
            stderr.contains("cannot open the database postgres://[redacted]@127.0.0.1:"),
            "{stderr}"
        );
        assert!(stderr.contains(says), "{stderr}");
        assert!(!stderr.contains("not-the-password"), "{stderr}");
        let real = url::Url::parse(&server).unwrap();
        assert!(!stderr.contains(real.password().unwrap()), "{stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_that_loses_its_database_connection_fails_and_the_next_run_resumes() {
    if server().is_none() {
        return;
    }
    let mut config = simulator_config(300);
    config.stats_allowed = false;
    // Slow enough that the run is still under way when its connections are cut.
    config.faults = Faults {
        latency: Duration::from_millis(40),
        ..Faults::default()
    };
    let h = harness(config).await;
    let run = tokio::spawn({
        let syncer = h.syncer.clone();
        async move { syncer.sync_once(Trigger::Command).await }
    });
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let done: Option<i64> =
            db::query_scalar("SELECT windows_done FROM sync_runs WHERE outcome = 'running'")
                .fetch_optional(&h.pool)
                .await
                .unwrap();
        if done.is_some_and(|d| d >= 1) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the run never got under way"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The run's next checkpoint waits on a lock held here, so a statement of the run is in flight
    // when every connection of the installation is cut, as a fail-over or restart would cut them.
    let url = crate::support::database_url(h.data_dir());
    let mut holder = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::query("BEGIN").execute(&mut holder).await.unwrap();
    sqlx::query("LOCK TABLE sync_runs IN ACCESS EXCLUSIVE MODE")
        .execute(&mut holder)
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(&mut holder)
        .await
        .unwrap();
        if waiting > 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the run never waited on the lock"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&mut holder)
    .await
    .unwrap();
    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    let outcome = run.await.unwrap();
    assert!(outcome.is_err(), "{outcome:?}");

    let runs: Vec<(String, Option<String>, DateTime<Utc>)> =
        db::query_as("SELECT outcome, error, as_of FROM sync_runs ORDER BY id")
            .fetch_all(&h.pool)
            .await
            .unwrap();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].0, "failed", "{runs:?}");
    assert!(
        h.latest_report().await.is_none(),
        "no report from a partial run"
    );

    // An hour later the next run picks up where the failed one stopped: its as_of, not a new one.
    h.simulator.clock().advance(chrono::Duration::hours(1));
    let resumed = h.syncer.sync_once(Trigger::Command).await.unwrap();
    assert!(
        matches!(resumed, RunOutcome::Complete { .. }),
        "{resumed:?}"
    );
    assert_eq!(h.latest_report().await.unwrap().as_of, runs[0].2);
}
