//! The database: a SQLite file in the data directory (WAL, foreign keys on), migrated at start-up;
//! the directory is 0700 and the files 0600.

pub mod backup;
pub mod mode;
pub mod permissions;
pub mod sync_runs;
#[cfg(test)]
pub mod testing;

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    migrate::MigrateError,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    SqlitePool,
};

use crate::config::Settings;

pub type Pool = SqlitePool;

/// The database's file name in the data directory (when no URL is set).
pub const FILE_NAME: &str = "seat-audit.db";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("SEAT_AUDIT__DATABASE__URL: {0}")]
    BadUrl(String),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot make the database file {path} private to this user: {source}")]
    Permissions {
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
        permissions::private_dir(&settings.data_dir).map_err(|source| DbError::DataDir {
            path: settings.data_dir.display().to_string(),
            source,
        })?;
    }
    let options =
        SqliteConnectOptions::from_str(&url).map_err(|e| DbError::BadUrl(e.to_string()))?;
    let file = options.get_filename().to_path_buf();
    let on_disk = !file.as_os_str().is_empty() && file.as_os_str() != ":memory:";
    if on_disk {
        // Created 0600 before SQLite opens it; SQLite gives the -wal and -shm files it creates
        // the database file's mode.
        private_database_files(&file).map_err(|source| DbError::Permissions {
            path: file.display().to_string(),
            source,
        })?;
    }
    // Two processes starting on a new database would otherwise both create it and apply the first
    // migrations (SQLite has no lock of its own for them): the second waits for the first's lock
    // on a file beside the database, then finds everything applied.
    let migrating = match on_disk {
        true => Some(
            migration_lock(&file)
                .await
                .map_err(|source| DbError::Permissions {
                    path: file.display().to_string(),
                    source,
                })?,
        ),
        false => None,
    };
    let options = options
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
    drop(migrating);
    if on_disk {
        private_database_files(&file).map_err(|source| DbError::Permissions {
            path: file.display().to_string(),
            source,
        })?;
    }
    Ok(pool)
}

/// An exclusive lock on `<database>-migrate.lock` (0600), held until the file is dropped; waits
/// for another process holding it.
async fn migration_lock(database: &Path) -> std::io::Result<std::fs::File> {
    let mut path = database.as_os_str().to_owned();
    path.push("-migrate.lock");
    let path = std::path::PathBuf::from(path);
    tokio::task::spawn_blocking(move || {
        permissions::private_file(&path)?;
        let file = std::fs::OpenOptions::new().write(true).open(&path)?;
        file.lock()?;
        Ok(file)
    })
    .await
    .map_err(std::io::Error::other)?
}

/// Begins a transaction that holds SQLite's write lock from its first statement (`BEGIN
/// IMMEDIATE`), waiting for another writer: what it reads cannot change before it writes, so a
/// read-then-write (an audited save's "before") is a compare-and-set.
pub async fn write_transaction(
    pool: &Pool,
) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// The database file 0600 (created if missing), and its -wal and -shm files if present.
fn private_database_files(file: &Path) -> std::io::Result<()> {
    permissions::private_file(file)?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut companion = file.as_os_str().to_owned();
        companion.push(suffix);
        permissions::tighten_if_present(Path::new(&companion), 0o600)?;
    }
    Ok(())
}

/// How errors name the database: its data directory, or the URL it was given.
pub fn describe(settings: &Settings) -> String {
    match &settings.database.url {
        Some(url) => format!("the database {url}"),
        None => format!("the data directory {}", settings.data_dir.display()),
    }
}

/// Whether the database answers a trivial query.
pub async fn ping(pool: &Pool) -> bool {
    sqlx::query("SELECT 1").execute(pool).await.is_ok()
}
