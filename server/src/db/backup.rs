//! A consistent copy of the live database, taken while the server runs (`seat-audit backup`).
//!
//! SQLite's `VACUUM INTO` reads the database in one read transaction, so the copy is the database
//! as one committed moment left it, whatever a sync writes meanwhile (WAL readers do not block
//! writers, nor writers them). A PostgreSQL installation is copied the same way into a new SQLite
//! file (`db::copy`, read in one repeatable-read snapshot), which `seat-audit migrate-db` can copy
//! back; `pg_dump` remains the tool for the database server's own backups.

use std::path::Path;

use super::{permissions, Pool};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "{0} already exists; choose a new file for the backup, an old one is never overwritten"
    )]
    Exists(String),
    #[error("the folder {0} for the backup does not exist")]
    NoFolder(String),
    #[error("the backup path {0} is not valid UTF-8; choose a plainer name")]
    NotUtf8(String),
    #[error("cannot write the backup to {path}: {source}")]
    Write { path: String, source: sqlx::Error },
    #[error("cannot write the backup to {path}: {source}")]
    Copy {
        path: String,
        source: super::copy::CopyError,
    },
    #[error("cannot make the backup {path} private to this user: {source}")]
    Permissions {
        path: String,
        source: std::io::Error,
    },
}

/// Writes a compacted copy of the database to `to` (a new file, readable by this user only) and
/// returns its size in bytes.
pub async fn to_file(pool: &Pool, to: &Path) -> Result<u64, BackupError> {
    let shown = to.display().to_string();
    if to.exists() {
        return Err(BackupError::Exists(shown));
    }
    if let Some(folder) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !folder.is_dir() {
            return Err(BackupError::NoFolder(folder.display().to_string()));
        }
    }
    let target = to
        .to_str()
        .ok_or_else(|| BackupError::NotUtf8(shown.clone()))?;
    // Created empty and 0600 first, so the copy of password hashes and sessions is never readable
    // by others, not even while it is written; VACUUM INTO accepts an empty file.
    permissions::private_file(to).map_err(|source| BackupError::Permissions {
        path: shown.clone(),
        source,
    })?;
    if pool.backend() == super::Backend::Postgres {
        let copied = copy_into_sqlite(pool, target).await;
        let mut lock = to.as_os_str().to_owned();
        lock.push("-migrate.lock");
        let _ = std::fs::remove_file(lock);
        if let Err(source) = copied {
            let _ = std::fs::remove_file(to);
            return Err(BackupError::Copy {
                path: shown,
                source,
            });
        }
        return Ok(std::fs::metadata(to).map(|m| m.len()).unwrap_or_default());
    }
    let written = crate::db::query("VACUUM INTO ?")
        .bind(target)
        .execute(pool)
        .await;
    if let Err(source) = written {
        let _ = std::fs::remove_file(to);
        return Err(BackupError::Write {
            path: shown,
            source,
        });
    }
    Ok(std::fs::metadata(to).map(|m| m.len()).unwrap_or_default())
}

/// A new SQLite database at `target`, migrated, with every table of the PostgreSQL `pool`.
async fn copy_into_sqlite(pool: &Pool, target: &str) -> Result<(), super::copy::CopyError> {
    let settings = crate::config::Settings {
        database: crate::config::DatabaseSettings {
            url: Some(format!("sqlite://{target}")),
            max_connections: 1,
        },
        ..crate::config::Settings::default()
    };
    let sqlite = super::connect(&settings).await.map_err(|error| {
        super::copy::CopyError::Database(sqlx::Error::Protocol(error.to_string()))
    })?;
    let copied = super::copy::copy(pool, &sqlite).await;
    sqlite.close().await;
    copied.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing;

    #[tokio::test]
    async fn an_existing_file_is_never_overwritten() {
        let (db, _dir) = testing::pool().await;
        let folder = tempfile::TempDir::new().unwrap();
        let to = folder.path().join("old.db");
        std::fs::write(&to, b"an older backup").unwrap();
        let error = to_file(&db, &to).await.unwrap_err();
        assert!(error.to_string().contains("already exists"), "{error}");
        assert_eq!(std::fs::read(&to).unwrap(), b"an older backup");
    }

    #[tokio::test]
    async fn a_missing_folder_is_named() {
        let (db, _dir) = testing::pool().await;
        let folder = tempfile::TempDir::new().unwrap();
        let to = folder.path().join("nowhere").join("copy.db");
        let error = to_file(&db, &to).await.unwrap_err();
        assert!(error.to_string().contains("nowhere"), "{error}");
    }
}
