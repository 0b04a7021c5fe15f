//! The database: it opens, and every migration this binary carries has been applied.

use std::{collections::HashSet, str::FromStr};

use sqlx::sqlite::SqliteConnectOptions;

use super::{CheckResult, Verdict};
use crate::{config::Settings, db};

/// Opens the database the settings name without creating or migrating it, then checks it.
pub async fn check_settings(settings: &Settings, result: &mut CheckResult) {
    let url = settings.database_url();
    let options = match SqliteConnectOptions::from_str(&url) {
        Ok(options) => options.create_if_missing(false).read_only(true),
        Err(error) => {
            result.push(
                Verdict::Failed,
                format!("The database URL {url} is not valid: {error}."),
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
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(pool)
            .await;
    let applied: HashSet<i64> = match applied {
        Ok(versions) => versions.into_iter().collect(),
        Err(error) => {
            result.push(
                Verdict::Failed,
                format!("The database opened but its migrations cannot be read: {error}."),
            );
            return;
        }
    };
    let migrator = sqlx::migrate!("../migrations");
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

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
