//! The first sync of a large company on a small share of Gong's daily quota, one run a simulated
//! day: each run spends its share, stops, and the next day's run resumes. Prints a row per day and
//! compares the days taken with the fewest the requests allow, ceil(requests / share).
//!
//! ```sh
//! cargo bench -p seat-audit --bench quota -- [--users 50000] [--share 0.05] [--quota 10000]
//! ```
//! The simulator's clock is fixed and moved a day between runs, so days pass in seconds; its own
//! rate limits are lifted (only the share is under test).

use std::{net::SocketAddr, sync::Arc, time::Instant};

use chrono::{DateTime, Duration, Utc};
use seat_audit::{
    config::{Secret, Settings, SyncSettings},
    db,
    simulator::{RateLimits, Simulator, SimulatorConfig},
    sync::{GongTarget, RunOutcome, Syncer, Trigger},
};

const SEED: u64 = 2026;

struct Options {
    users: u32,
    share: f64,
    quota: u32,
}

fn options() -> Options {
    let mut options = Options {
        users: 50_000,
        share: 0.05,
        quota: 10_000,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().expect("a value after the flag");
        match arg.as_str() {
            "--users" => options.users = value().replace('_', "").parse().expect("users"),
            "--share" => options.share = value().parse().expect("a share such as 0.05"),
            "--quota" => options.quota = value().replace('_', "").parse().expect("a quota"),
            // cargo bench passes --bench; anything else is a mistake worth hearing about.
            "--bench" => {}
            other => panic!("unknown option {other}"),
        }
    }
    options
}

/// Just after midnight UTC, so each run has a whole fresh day of quota.
fn first_day() -> DateTime<Utc> {
    "2026-11-23T00:30:00Z".parse().unwrap()
}

#[tokio::main]
async fn main() {
    let options = options();
    let mut config = SimulatorConfig::demo(SEED);
    config.size.users = options.users;
    config.size.months = 13;
    config.size.calls_per_rep_per_week = 2;
    config.limits = RateLimits {
        per_second: 1_000_000,
        in_flight: 3,
        per_day: u32::MAX,
    };
    config.reference_now = Some(first_day() + Duration::days(60));
    let simulator = Simulator::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("the simulator starts");
    simulator.clock().set(first_day());
    let data_dir = tempfile::TempDir::new().unwrap();
    let sync = SyncSettings {
        requests_per_second: 1_000,
        in_flight: 3,
        on_start: false,
        interval_minutes: 0,
        daily_quota: options.quota,
        quota_share: options.share,
        ..SyncSettings::default()
    };
    let share = sync.daily_budget();
    let settings = Arc::new(Settings {
        data_dir: data_dir.path().to_path_buf(),
        sync,
        ..Settings::default()
    });
    let pool = db::connect(&settings).await.expect("the database opens");
    let credentials = simulator.credentials();
    let target = GongTarget {
        base_url: simulator.base_url().parse().unwrap(),
        access_key: Secret::new(credentials.access_key.clone()),
        access_key_secret: Secret::new(credentials.access_key_secret.clone()),
    };
    let clock = simulator.clock().clone();
    let syncer = Syncer::new(pool.clone(), settings, target).with_clock(move || clock.now());

    println!(
        "First sync of {} users on {:.1} % of a {}-a-day quota: {share} requests a day\n",
        options.users,
        options.share * 100.0,
        options.quota
    );
    println!("| day | requests | progress | done |");
    println!("|---|---|---|---|");
    let started = Instant::now();
    let mut total = 0u64;
    let mut day = 0;
    loop {
        day += 1;
        let outcome = syncer
            .sync_once(Trigger::Schedule)
            .await
            .expect("the run ends cleanly");
        let (requests, done, of): (i64, i64, i64) = seat_audit::db::query_as(
            "SELECT requests, windows_done, windows_total FROM sync_runs ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        total += requests as u64;
        let complete = matches!(outcome, RunOutcome::Complete { .. });
        println!(
            "| {day} | {requests} | {done} of {of} pieces ({:.0} %) | {} |",
            100.0 * done as f64 / of.max(1) as f64,
            if complete { "yes" } else { "no" }
        );
        if complete {
            break;
        }
        assert!(day < 365, "no end in sight");
        simulator.clock().advance(Duration::days(1));
    }
    let fewest = total.div_ceil(share.max(1) as u64);
    println!(
        "\n{total} requests in {day} days; the fewest the requests allow: ceil({total} / {share}) = {fewest} days ({:.0} s of machine time)",
        started.elapsed().as_secs_f64()
    );
    simulator.shutdown().await;
}
