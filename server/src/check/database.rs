//! The database: it opens, and every migration this binary carries has been applied.

use std::{collections::HashSet, str::FromStr, time::Duration};

use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::SqliteConnectOptions,
};

use super::{CheckResult, Verdict};
use crate::{config::Settings, db};

/// Opens the database the settings name without creating or migrating it, then checks it.
pub async fn check_settings(settings: &Settings, result: &mut CheckResult) {
    let url = settings.database_url();
    let shown = db::redact_url(&url);
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let options = match PgConnectOptions::from_str(&url) {
            Ok(options) => options,
            Err(error) => {
                result.push(
                    Verdict::Failed,
                    format!("The database URL {shown} is not valid: {error}."),
                );
                return;
            }
        };
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await;
        match pool {
            Ok(pool) => {
                let pool = db::Pool::Postgres(pool);
                check_pool(&pool, result).await;
                pool.close().await;
            }
            Err(error) => result.push(
                Verdict::Failed,
                format!("The database {shown} cannot be opened: {error}."),
            ),
        }
        return;
    }
    let options = match SqliteConnectOptions::from_str(&url) {
        Ok(options) => options.create_if_missing(false).read_only(true),
        Err(error) => {
            result.push(
                Verdict::Failed,
                format!("The database URL {shown} is not valid: {error}."),
            );
            return;
        }
    };
    if settings.database.url.is_none() && !settings.data_dir.join(db::FILE_NAME).exists() {
        result.push(
            Verdict::Warning,
            format!(
                "There is no database in {} yet; `seat-audit serve` creates and migrates it at start.",
                settings.data_dir.display()
            ),
        );
        return;
    }
    match sqlx::SqlitePool::connect_with(options).await {
        Ok(pool) => {
            let pool = db::Pool::Sqlite(pool);
            check_pool(&pool, result).await;
            pool.close().await;
        }
        Err(error) => result.push(
            Verdict::Failed,
            format!(
                "{} cannot be opened: {error}.",
                capitalised(&db::describe(settings))
            ),
        ),
    }
}

/// Whether the pool answers and which of this binary's migrations it lacks.
pub async fn check_pool(pool: &db::Pool, result: &mut CheckResult) {
    let applied: Result<Vec<i64>, sqlx::Error> =
        crate::db::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(pool)
            .await;
    let applied: HashSet<i64> = match applied {
        Ok(versions) => versions.into_iter().collect(),
        Err(error) if never_migrated(&error) => {
            result.push(
                Verdict::Warning,
                "The database answers but holds no tables yet; `seat-audit serve` migrates it at start.",
            );
            return;
        }
        Err(error) => {
            result.push(
                Verdict::Failed,
                format!("The database opened but its migrations cannot be read: {error}."),
            );
            return;
        }
    };
    let migrator = pool.migrator();
    let pending = migrator
        .iter()
        .filter(|m| !applied.contains(&m.version))
        .count();
    if pending == 0 {
        result.push(
            Verdict::Passed,
            format!(
                "The database answers and has all {} migrations applied.",
                migrator.iter().count()
            ),
        );
    } else {
        result.push(
            Verdict::Warning,
            format!(
                "The database answers but lacks {pending} of this version's migrations; \
                 `seat-audit serve` applies them at start."
            ),
        );
    }
}

/// Whether `error` says the migrations' ledger is missing: a new, empty database.
fn never_migrated(error: &sqlx::Error) -> bool {
    match error {
        // PostgreSQL's undefined_table, SQLite's "no such table".
        sqlx::Error::Database(e) => {
            e.code().as_deref() == Some("42P01") || e.message().contains("no such table")
        }
        _ => false,
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
