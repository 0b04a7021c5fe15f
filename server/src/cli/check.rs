//! `seat-audit check`: one sentence per finding for an operator; exit 0 when everything needed
//! works (warnings allowed), 1 otherwise.

use std::process::ExitCode;

use crate::{
    check::{self, Database, Targets},
    config::Settings,
};

pub async fn run(settings: &Settings) -> ExitCode {
    let (gong, scim) = match check::targets_from(settings) {
        Ok(targets) => targets,
        Err(error) => {
            println!("failed: the configuration is not valid: {error}.");
            return ExitCode::FAILURE;
        }
    };
    println!("ok: the configuration is valid.");
    // Valid settings have valid channels (checked with the rest above).
    let channels = settings.channels().ok();
    let result = check::run(Targets {
        gong: gong.as_ref(),
        scim: scim.as_ref(),
        database: Database::FromSettings(settings),
        notify: channels.as_ref(),
    })
    .await;
    for line in &result.lines {
        println!("{}: {}", line.verdict.label(), line.sentence);
    }
    if result.passed() {
        println!("ok: everything seat-audit needs works.");
        ExitCode::SUCCESS
    } else {
        println!("failed: something seat-audit needs does not work; see the lines marked failed.");
        ExitCode::FAILURE
    }
}
