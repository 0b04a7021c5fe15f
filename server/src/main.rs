//! The `seat-audit` binary: parse the command line and hand over to the command.

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = seat_audit::cli::Cli::parse();
    seat_audit::telemetry::init();
    seat_audit::cli::run(cli).await
}
