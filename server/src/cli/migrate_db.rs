//! `seat-audit migrate-db --from URL --to URL`: an installation moved to another database, usually
//! from the SQLite file to PostgreSQL (docs/product.md, "Storage"). Both databases are migrated to
//! this version first; the destination must hold no installation yet. Exit 0 when every table's
//! rows were copied and counted equal on both sides, 1 otherwise (a failed copy writes nothing).

use std::process::ExitCode;

use crate::{
    config::{DatabaseSettings, Settings},
    db,
};

pub async fn run(settings: &Settings, from: &str, to: &str) -> ExitCode {
    let open = |url: &str| Settings {
        database: DatabaseSettings {
            url: Some(url.to_owned()),
            ..settings.database.clone()
        },
        ..settings.clone()
    };
    if let Some(path) = from.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap_or_default();
        if !std::path::Path::new(path).exists() {
            eprintln!("seat-audit migrate-db: --from names {path}, which does not exist.");
            return ExitCode::FAILURE;
        }
    }
    let source = match db::connect(&open(from)).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("seat-audit migrate-db: --from: {error}");
            return ExitCode::FAILURE;
        }
    };
    let destination = match db::connect(&open(to)).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("seat-audit migrate-db: --to: {error}");
            return ExitCode::FAILURE;
        }
    };
    let copied = db::copy::copy(&source, &destination).await;
    source.close().await;
    destination.close().await;
    match copied {
        Ok(copied) => {
            for (table, rows) in &copied.tables {
                println!("{table}: {rows} rows copied, {rows} counted in both");
            }
            println!(
                "Copied {} to {}: every table's rows counted equal. Point SEAT_AUDIT__DATABASE__URL at the new database and restart.",
                db::redact_url(from),
                db::redact_url(to)
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("seat-audit migrate-db: {error}");
            ExitCode::FAILURE
        }
    }
}
