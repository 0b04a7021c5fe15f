//! `seat-audit backup --to FILE`: a consistent copy of the database, taken while the server runs.

use std::{path::Path, process::ExitCode};

use crate::{config::Settings, db};

pub async fn run(settings: &Settings, to: &Path) -> ExitCode {
    // Opening a missing default database would create an empty one and back that up.
    if settings.database.url.is_none() && !settings.data_dir.join(db::FILE_NAME).exists() {
        eprintln!(
            "seat-audit backup: there is no database in {} (SEAT_AUDIT__DATA_DIR) to back up.",
            settings.data_dir.display()
        );
        return ExitCode::FAILURE;
    }
    let pool = match db::connect(settings).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("seat-audit backup: {error}");
            return ExitCode::FAILURE;
        }
    };
    match db::backup::to_file(&pool, to).await {
        Ok(bytes) => {
            println!(
                "Backed up {} to {} ({bytes} bytes).",
                db::describe(settings),
                to.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("seat-audit backup: {error}");
            ExitCode::FAILURE
        }
    }
}
