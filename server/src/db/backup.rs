//! A consistent copy of the live database, taken while the server runs (`seat-audit backup`).
//!
//! SQLite's `VACUUM INTO` reads the database in one read transaction, so the copy is the database
//! as one committed moment left it, whatever a sync writes meanwhile (WAL readers do not block
//! writers, nor writers them).

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
    let written = sqlx::query("VACUUM INTO ?")
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
