//! `seat-audit simulate`: the Gong simulator on its own, printing where it is and the credentials
//! it accepts, until Ctrl-C.

use std::{process::ExitCode, time::Duration};

use super::SimulateArgs;
use crate::simulator::{CompanySize, Faults, RateLimits, Simulator, SimulatorConfig};

pub async fn run(args: SimulateArgs) -> ExitCode {
    let mut config = SimulatorConfig::demo(args.seed);
    config.size = CompanySize {
        users: args.users,
        months: args.months,
        calls_per_rep_per_week: args.calls_per_week,
    };
    config.limits = RateLimits {
        per_second: args.per_second,
        in_flight: args.in_flight,
        per_day: args.per_day,
    };
    config.faults = Faults {
        error_rate: args.error_rate,
        latency: Duration::from_millis(args.latency_ms),
        jitter: Duration::from_millis(args.jitter_ms),
        malformed_rate: args.malformed_rate,
        reset_rate: args.reset_rate,
        extra_fields: args.extra_fields,
        ..Faults::default()
    };
    config.stats_allowed = !args.no_stats;
    config.logs_allowed = !args.no_logs;
    config.scim_allowed = !args.no_scim;
    config.state_dir = args.state_dir;
    let simulator = match Simulator::start(config, args.addr).await {
        Ok(simulator) => simulator,
        Err(error) => {
            eprintln!("seat-audit simulate: {error}");
            return ExitCode::FAILURE;
        }
    };
    let company = simulator.company();
    let credentials = simulator.credentials();
    println!("Gong simulator listening on {}", simulator.base_url());
    println!(
        "  company:            {} users, {} calls",
        company.users.len(),
        company.calls.len()
    );
    println!("  access key:         {}", credentials.access_key);
    println!("  access key secret:  {}", credentials.access_key_secret);
    println!("  SCIM base URL:      {}", simulator.scim_base_url());
    println!("  SCIM token:         {}", credentials.scim_token);
    println!(
        "Point seat-audit at it with SEAT_AUDIT__GONG__BASE_URL, SEAT_AUDIT__GONG__ACCESS_KEY and"
    );
    println!("SEAT_AUDIT__GONG__ACCESS_KEY_SECRET. Ctrl-C stops it.");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("seat-audit simulate: cannot wait for Ctrl-C: {error}");
    }
    simulator.shutdown().await;
    ExitCode::SUCCESS
}
