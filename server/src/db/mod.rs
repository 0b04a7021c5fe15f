//! The database: a SQLite file in the data directory (WAL, foreign keys on), or a PostgreSQL
//! database named by `SEAT_AUDIT__DATABASE__URL` (docs/product.md, "Storage"); migrated at
//! start-up. The SQLite directory is 0700 and its files 0600.

pub mod backup;
pub mod copy;
pub mod mode;
pub mod permissions;
mod query;
pub mod sync_runs;
#[cfg(test)]
pub mod testing;

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    migrate::{MigrateError, Migrator},
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    PgPool, SqlitePool,
};

pub use query::{
    numbered_values, postgres_text, query, query_as, query_scalar, values, Column, Done, Ex, Param,
    Query, QueryAs, QueryScalar, Record, Row, Sql,
};

use crate::config::Settings;

/// The SQLite migrations; PostgreSQL has its own, with the same tables.
pub static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
pub static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

/// The database's file name in the data directory (when no URL is set).
pub const FILE_NAME: &str = "seat-audit.db";

/// Which database an installation uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pool of connections to the installation's database.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open transaction; dropped without `commit`, it rolls back.
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Pool {
    pub fn backend(&self) -> Backend {
        match self {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn begin(&self) -> sqlx::Result<Tx> {
        Ok(match self {
            Pool::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Pool::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    pub async fn close(&self) {
        match self {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }

    /// The migrations this binary carries for the pool's backend.
    pub fn migrator(&self) -> &'static Migrator {
        match self {
            Pool::Sqlite(_) => &SQLITE_MIGRATIONS,
            Pool::Postgres(_) => &POSTGRES_MIGRATIONS,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> sqlx::Result<()> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }

    pub async fn rollback(self) -> sqlx::Result<()> {
        match self {
            Tx::Sqlite(tx) => tx.rollback().await,
            Tx::Postgres(tx) => tx.rollback().await,
        }
    }
}

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

/// Drops any `user:password@` part of a database URL before it is shown.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}[redacted]@{}", &url[..scheme_end + 3], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// Opens a database by URL as it is, without creating or migrating it (another process's
/// database, a copy's source).
pub async fn open(url: &str) -> sqlx::Result<Pool> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Pool::Postgres(PgPool::connect(url).await?))
    } else {
        Ok(Pool::Sqlite(SqlitePool::connect(url).await?))
    }
}

/// Creates a database with a fresh name on the PostgreSQL server `server` (the URL of any database
/// there) and returns its URL: the tests' and benchmarks' throwaway databases.
pub async fn create_database(server: &str) -> sqlx::Result<String> {
    use sqlx::Connection;
    let name = format!("t{:032x}", rand::random::<u128>());
    let mut admin = sqlx::PgConnection::connect(server).await?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    let mut url = url::Url::parse(server).map_err(|e| sqlx::Error::Configuration(e.into()))?;
    url.set_path(&name);
    Ok(url.to_string())
}

/// Opens the pool and applies every pending migration; either failing stops start-up.
pub async fn connect(settings: &Settings) -> Result<Pool, DbError> {
    let url = settings.database_url();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return connect_postgres(settings, &url).await;
    }
    if !url.starts_with("sqlite:") {
        return Err(DbError::BadUrl(format!(
            "{} is neither a sqlite:// nor a postgres:// URL",
            redact_url(&url)
        )));
    }
    connect_sqlite(settings, &url).await
}

/// PostgreSQL: sqlx's migrator holds an advisory lock while it migrates, so two instances
/// starting together migrate once.
async fn connect_postgres(settings: &Settings, url: &str) -> Result<Pool, DbError> {
    // The data directory still holds the demo simulator's state: private when it exists.
    if settings.data_dir.exists() {
        permissions::private_dir(&settings.data_dir).map_err(|source| DbError::DataDir {
            path: settings.data_dir.display().to_string(),
            source,
        })?;
    }
    let options = PgConnectOptions::from_str(url).map_err(|e| {
        DbError::BadUrl(format!(
            "{} is not a valid PostgreSQL URL: {e}",
            redact_url(url)
        ))
    })?;
    // One connection first: the pool would retry a wrong password or a refused connection until
    // its timeout, and then report only the timeout.
    let first: sqlx::PgConnection =
        sqlx::Connection::connect_with(&options)
            .await
            .map_err(|source| DbError::Open {
                url: redact_url(url),
                source,
            })?;
    sqlx::Connection::close(first).await.ok();
    let pool = PgPoolOptions::new()
        .max_connections(settings.database.max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|source| DbError::Open {
            url: redact_url(url),
            source,
        })?;
    POSTGRES_MIGRATIONS.run(&pool).await?;
    Ok(Pool::Postgres(pool))
}

async fn connect_sqlite(settings: &Settings, url: &str) -> Result<Pool, DbError> {
    if settings.database.url.is_none() {
        permissions::private_dir(&settings.data_dir).map_err(|source| DbError::DataDir {
            path: settings.data_dir.display().to_string(),
            source,
        })?;
    }
    let options =
        SqliteConnectOptions::from_str(url).map_err(|e| DbError::BadUrl(e.to_string()))?;
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
            url: url.to_owned(),
            source,
        })?;
    SQLITE_MIGRATIONS.run(&pool).await?;
    drop(migrating);
    if on_disk {
        private_database_files(&file).map_err(|source| DbError::Permissions {
            path: file.display().to_string(),
            source,
        })?;
    }
    Ok(Pool::Sqlite(pool))
}

/// Held while an instance prepares the database at start (the installation's mode, the first
/// admin, the demo's accounts, the session table): instances starting together take turns, so
/// each finds what the one before it made instead of making it twice.
pub struct SetupLock {
    held: Held,
}

enum Held {
    /// The file lock beside a SQLite database, released when the file is closed.
    File(Option<std::fs::File>),
    /// A PostgreSQL session holding an advisory lock; closing the connection releases it too,
    /// should `release` never run.
    Postgres(sqlx::PgConnection),
}

/// The advisory-lock key of start-up preparation on PostgreSQL ("seat-stp" in ASCII).
const SETUP_LOCK: i64 = 0x7365_6174_2d73_7470;

impl SetupLock {
    /// Waits for any other instance's preparation to finish, then holds the lock.
    pub async fn take(pool: &Pool) -> sqlx::Result<SetupLock> {
        let held = match pool {
            Pool::Sqlite(sqlite) => {
                let file = sqlite.connect_options().get_filename().to_path_buf();
                let on_disk = !file.as_os_str().is_empty() && file.as_os_str() != ":memory:";
                Held::File(match on_disk {
                    true => Some(migration_lock(&file).await?),
                    false => None,
                })
            }
            Pool::Postgres(postgres) => {
                let mut conn = postgres.acquire().await?.detach();
                sqlx::query("SELECT pg_advisory_lock($1)")
                    .bind(SETUP_LOCK)
                    .execute(&mut conn)
                    .await?;
                Held::Postgres(conn)
            }
        };
        Ok(SetupLock { held })
    }

    pub async fn release(self) {
        match self.held {
            Held::File(file) => drop(file),
            Held::Postgres(mut conn) => {
                let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
                    .bind(SETUP_LOCK)
                    .execute(&mut conn)
                    .await;
                let _ = sqlx::Connection::close(conn).await;
            }
        }
    }
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
///
/// On PostgreSQL the same holds through a transaction-scoped advisory lock that every write
/// transaction takes first: writers across instances go one at a time, as on SQLite.
pub async fn write_transaction(pool: &Pool) -> sqlx::Result<Tx> {
    match pool {
        Pool::Sqlite(pool) => Ok(Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?)),
        Pool::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK)
                .execute(&mut *tx)
                .await?;
            Ok(Tx::Postgres(tx))
        }
    }
}

/// The advisory-lock key of write transactions on PostgreSQL ("seat-aud" in ASCII).
const WRITE_LOCK: i64 = 0x7365_6174_2d61_7564;

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
    query("SELECT 1").execute(pool).await.is_ok()
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn database_credentials_are_hidden() {
        assert_eq!(
            redact_url("postgres://audit:pw@db.internal/seats"),
            "postgres://[redacted]@db.internal/seats"
        );
        assert_eq!(
            redact_url("sqlite://data/seat-audit.db"),
            "sqlite://data/seat-audit.db"
        );
    }
}
