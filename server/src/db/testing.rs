//! Unit tests' database: a fresh, migrated SQLite file, and reports stored as a complete run's.

use chrono::{DateTime, Utc};
use tempfile::TempDir;

use super::Pool;
use crate::{
    config::Settings,
    report::{self, Report},
};

/// A migrated database in a temporary directory, which lives as long as the `TempDir`; or, when
/// `SEAT_AUDIT_TEST_POSTGRES` names a PostgreSQL server (`scripts/test.sh` starts one), a new
/// database of its own there.
pub async fn pool() -> (Pool, TempDir) {
    let dir = TempDir::new().unwrap();
    let settings = Settings {
        data_dir: dir.path().to_path_buf(),
        database: crate::config::DatabaseSettings {
            url: postgres_database().await,
            ..Default::default()
        },
        ..Settings::default()
    };
    (super::connect(&settings).await.unwrap(), dir)
}

/// A new, empty database on the test PostgreSQL server, if one is set.
pub async fn postgres_database() -> Option<String> {
    let server = std::env::var("SEAT_AUDIT_TEST_POSTGRES").ok()?;
    Some(super::create_database(&server).await.unwrap())
}

/// A complete sync run as of `as_of`; returns its id.
pub async fn complete_run(pool: &Pool, as_of: DateTime<Utc>) -> i64 {
    crate::db::query_scalar(
        "INSERT INTO sync_runs (trigger, kind, as_of, started_at, outcome)
         VALUES ('command', 'full', ?1, ?1, 'complete') RETURNING id",
    )
    .bind(as_of)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Stores `report` as a complete run's snapshot, as the sync would; returns the report's id.
pub async fn save_report(pool: &Pool, report: &Report) -> i64 {
    let run_id = complete_run(pool, report.as_of).await;
    let mut tx = pool.begin().await.unwrap();
    let id = report::store::save(&mut tx, run_id, report).await.unwrap();
    tx.commit().await.unwrap();
    id
}
