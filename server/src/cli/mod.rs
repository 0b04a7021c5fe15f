//! The command line: `serve` (the default), `sync`, `report`, `check`, `backup`, `simulate` and
//! `user add`.

mod backup;
mod check;
mod migrate_db;
mod report;
mod serve;
mod simulate;
mod sync;
mod user;

use std::{net::SocketAddr, path::PathBuf, process::ExitCode};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Settings;

#[derive(Debug, Parser)]
#[command(
    name = "seat-audit",
    version = app::version::VERSION,
    about = "Audits Gong seats and licences"
)]
pub struct Cli {
    /// A TOML configuration file; `SEAT_AUDIT__…` environment variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the dashboard (the default).
    Serve(ServeArgs),
    /// Run one sync with Gong and exit: 0 complete, 2 stopped early on quota, 3 another run in
    /// progress, 1 failed.
    Sync,
    /// Print the latest good report to stdout.
    Report {
        #[arg(long, value_enum, default_value = "json")]
        format: ReportFormat,
    },
    /// Check the configuration, Gong, SCIM, the database and the clock; exit 0 when everything
    /// needed works, 1 otherwise.
    Check,
    /// Write a consistent copy of the database to a new file, while the server runs.
    Backup {
        /// The new file; an existing one is never overwritten.
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Copy a whole installation to a new database, e.g. from SQLite to PostgreSQL, and compare
    /// the row counts of every table.
    MigrateDb {
        /// The installation's database now, e.g. `sqlite://data/seat-audit.db`.
        #[arg(long, value_name = "URL")]
        from: String,
        /// The new, empty database, e.g. `postgres://seat_audit@db.internal/seat_audit`.
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// Run the Gong simulator on its own.
    Simulate(SimulateArgs),
    /// Manage local accounts.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Default, Args)]
pub struct ServeArgs {
    /// Where to listen; wins over SEAT_AUDIT__ADDR, the file and the default 127.0.0.1:3000.
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<SocketAddr>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// Users in the synthetic company.
    #[arg(long, default_value_t = 1200)]
    pub users: u32,
    /// Seed of the synthetic company.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Months of call history.
    #[arg(long, default_value_t = 18)]
    pub months: u32,
    /// Calls each rep hosts per week.
    #[arg(long, default_value_t = 4)]
    pub calls_per_week: u32,
    /// Requests started per second, for the whole company (Gong: 3).
    #[arg(long, default_value_t = 3)]
    pub per_second: u32,
    /// Requests in flight at once (Gong: 3).
    #[arg(long, default_value_t = 3)]
    pub in_flight: u32,
    /// Requests per UTC day (Gong: 10,000).
    #[arg(long, default_value_t = 10_000)]
    pub per_day: u32,
    /// Share of requests answered 500.
    #[arg(long, default_value_t = 0.0)]
    pub error_rate: f64,
    /// Milliseconds added to every response.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Network jitter: each request reaches the rate limiter up to this many milliseconds late.
    #[arg(long, default_value_t = 0)]
    pub jitter_ms: u64,
    /// Share of 200 responses with a JSON body cut short.
    #[arg(long, default_value_t = 0.0)]
    pub malformed_rate: f64,
    /// Share of requests whose connection is reset.
    #[arg(long, default_value_t = 0.0)]
    pub reset_rate: f64,
    /// Add unknown fields to every response.
    #[arg(long)]
    pub extra_fields: bool,
    /// Answer the stats endpoints with 403, as for a key without that permission.
    #[arg(long)]
    pub no_stats: bool,
    /// Answer the logs endpoint with 403, as for a key without that permission.
    #[arg(long)]
    pub no_logs: bool,
    /// Answer every SCIM request with 403, as for a token without the SCIM scope.
    #[arg(long)]
    pub no_scim: bool,
    /// Keep SCIM changes in this directory across restarts.
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a local account; the password is read from stdin, or generated and printed.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long, value_enum)]
        role: Role,
    },
    /// Mark an account SSO only (no password is accepted; it signs in through OpenID Connect), or
    /// with --off give it back to passwords (an admin then resets its password in Settings).
    SsoOnly {
        #[arg(long)]
        email: String,
        #[arg(long)]
        off: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Role {
    Admin,
    Finance,
    Manager,
    Auditor,
}

impl From<Role> for app::types::Role {
    fn from(role: Role) -> Self {
        match role {
            Role::Admin => app::types::Role::Admin,
            Role::Finance => app::types::Role::Finance,
            Role::Manager => app::types::Role::Manager,
            Role::Auditor => app::types::Role::Auditor,
        }
    }
}

/// Runs the command and turns its result into the process exit code.
pub async fn run(cli: Cli) -> ExitCode {
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("seat-audit: {error}");
            return ExitCode::FAILURE;
        }
    };
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(args) => match serve::run(settings, args).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("seat-audit: {error:#}");
                ExitCode::FAILURE
            }
        },
        Command::Sync => sync::run(settings).await,
        Command::Report { format } => report::run(&settings, format).await,
        Command::Check => check::run(&settings).await,
        Command::Backup { to } => backup::run(&settings, &to).await,
        Command::MigrateDb { from, to } => migrate_db::run(&settings, &from, &to).await,
        Command::Simulate(args) => simulate::run(args).await,
        Command::User(UserCommand::Add { email, role }) => {
            user::add(&settings, &email, role.into()).await
        }
        Command::User(UserCommand::SsoOnly { email, off }) => {
            user::sso_only(&settings, &email, !off).await
        }
    }
}
