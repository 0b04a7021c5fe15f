//! The database: a SQLite file in the data directory (WAL, foreign keys on), migrated at start-up.

pub mod sync_runs;
#[cfg(test)]
pub mod testing;

use std::{str::FromStr, time::Duration};

use sqlx::{
    migrate::MigrateError,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    SqlitePool,
};

use crate::config::Settings;

pub type Pool = SqlitePool;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("SEAT_AUDIT__DATABASE__URL: {0}")]
    BadUrl(String),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("database migration failed, the server will not start: {0}")]
    Migrate(#[from] MigrateError),
}

/// Opens the pool and applies every pending migration; either failing stops start-up.
pub async fn connect(settings: &Settings) -> Result<Pool, DbError> {
    let url = settings.database_url();
    if !url.starts_with("sqlite:") {
        return Err(DbError::BadUrl(format!(
            "{url} is not a sqlite: URL; this build supports SQLite only"
        )));
    }
    if settings.database.url.is_none() {
        std::fs::create_dir_all(&settings.data_dir).map_err(|source| DbError::DataDir {
            path: settings.data_dir.display().to_string(),
            source,
        })?;
    }
    let options = SqliteConnectOptions::from_str(&url)
        .map_err(|e| DbError::BadUrl(e.to_string()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        .max_connections(settings.database.max_connections)
        .connect_with(options)
        .await
        .map_err(|source| DbError::Open {
            url: url.clone(),
            source,
        })?;
    sqlx::migrate!("../migrations").run(&pool).await?;
    Ok(pool)
}

/// Whether the database answers a trivial query.
pub async fn ping(pool: &Pool) -> bool {
    sqlx::query("SELECT 1").execute(pool).await.is_ok()
}
