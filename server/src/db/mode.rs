//! Which Gong a database belongs to, the demo's or a live tenant's, so neither mode starts on the
//! other's data: the demo's accounts have published passwords and its contract and prices are made up.

use crate::config::GongConnection;

use super::Pool;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Demo,
    Live,
}

impl Mode {
    pub fn of(connection: &GongConnection) -> Mode {
        if connection.is_live() {
            Mode::Live
        } else {
            Mode::Demo
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Mode::Demo => "demo",
            Mode::Live => "live",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ModeError {
    #[error(
        "{database} holds the demo's data, so a live server will not use it (the demo's accounts \
         have published passwords, and its contract and prices are made up). Give the live \
         installation its own data directory (SEAT_AUDIT__DATA_DIR, e.g. data-live) or database \
         (SEAT_AUDIT__DATABASE__URL), or delete this demo data directory first: everything in it \
         is synthetic"
    )]
    LiveOnDemo { database: String },
    #[error(
        "{database} holds a live installation's data, so the demo will not use it (it would add \
         its accounts, which have published passwords, and its made-up contract and prices). \
         Start the demo with its own data directory (SEAT_AUDIT__DATA_DIR, e.g. data-demo), or \
         set SEAT_AUDIT__GONG__BASE_URL, SEAT_AUDIT__GONG__ACCESS_KEY and \
         SEAT_AUDIT__GONG__ACCESS_KEY_SECRET to run live"
    )]
    DemoOnLive { database: String },
    #[error("cannot read or mark the database's mode: {0}")]
    Sql(#[from] sqlx::Error),
}

/// Marks an unmarked database with `mode`, and refuses one marked with the other mode.
/// `database` names it in the error (the data directory or the URL).
pub async fn claim(pool: &Pool, mode: Mode, database: &str) -> Result<(), ModeError> {
    crate::db::query("INSERT INTO installation (id, mode, marked_at) VALUES (1, ?1, ?2) ON CONFLICT (id) DO NOTHING")
        .bind(mode.as_str())
        .bind(chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .execute(pool)
        .await?;
    let marked: String = crate::db::query_scalar("SELECT mode FROM installation WHERE id = 1")
        .fetch_one(pool)
        .await?;
    let database = database.to_owned();
    match (mode, marked.as_str()) {
        (Mode::Live, "demo") => Err(ModeError::LiveOnDemo { database }),
        (Mode::Demo, "live") => Err(ModeError::DemoOnLive { database }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing;

    #[tokio::test]
    async fn the_first_mode_marks_the_database_and_the_other_is_refused() {
        let (pool, _dir) = testing::pool().await;
        claim(&pool, Mode::Demo, "d").await.unwrap();
        claim(&pool, Mode::Demo, "d").await.unwrap();
        let error = claim(&pool, Mode::Live, "d").await.unwrap_err();
        assert!(matches!(error, ModeError::LiveOnDemo { .. }), "{error}");
        assert!(
            error.to_string().contains("SEAT_AUDIT__DATA_DIR"),
            "{error}"
        );

        let (pool, _dir) = testing::pool().await;
        claim(&pool, Mode::Live, "l").await.unwrap();
        let error = claim(&pool, Mode::Demo, "l").await.unwrap_err();
        assert!(matches!(error, ModeError::DemoOnLive { .. }), "{error}");
    }
}
