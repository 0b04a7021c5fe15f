//! `seat-audit report --format csv|json`: the latest good report to stdout.

use std::process::ExitCode;

use super::ReportFormat;
use crate::{config::Settings, db, report};

pub async fn run(settings: &Settings, format: ReportFormat) -> ExitCode {
    let pool = match db::connect(settings).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("seat-audit report: {error}");
            return ExitCode::FAILURE;
        }
    };
    match report::store::latest(&pool).await {
        Ok(Some(latest)) => {
            let text = match format {
                ReportFormat::Json => report::export::to_json(&latest) + "\n",
                ReportFormat::Csv => report::export::to_csv(&latest),
            };
            print!("{text}");
            ExitCode::SUCCESS
        }
        Ok(None) => {
            eprintln!("seat-audit report: no report yet: run `seat-audit sync` first");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("seat-audit report: cannot read the report: {error}");
            ExitCode::FAILURE
        }
    }
}
