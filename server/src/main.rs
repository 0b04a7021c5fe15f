//! The `seat-audit` binary: parse the command line and hand over to the command.

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    // Files and directories the binary creates (the database, its -wal and -shm, the simulator's
    // state) are private to its user: they hold password hashes and session ids.
    // SAFETY: umask only sets the process's file mode creation mask; it cannot fail.
    #[cfg(unix)]
    unsafe {
        libc::umask(0o077);
    }
    let cli = seat_audit::cli::Cli::parse();
    seat_audit::telemetry::init();
    seat_audit::cli::run(cli).await
}
