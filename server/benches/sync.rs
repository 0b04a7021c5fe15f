//! The sync benchmark: full 365-day syncs of synthetic companies against the simulator, with and
//! without the stats permission, an incremental daily sync, and the seed documents' recipe (one
//! request per user per 90-day window) as the baseline. Prints requests beside their lower bound,
//! 429s and wall time against what the rate limit allows.
//!
//! ```sh
//! cargo bench -p seat-audit --bench sync -- [--users 1000,10000,20000] [--rate 100] [--calls-per-week 2]
//!     [--no-baseline] [--no-hosted] [--jitter-ms 0] [--postgres postgres://user:pw@host/postgres]
//! ```
//! With `--postgres`, each company is synced into a new database on that server (scripts/
//! bench-postgres.sh starts a throwaway one), for the backends side by side.
//! The rate limit is scaled up from Gong's 3 per second so a run takes minutes, not hours; the
//! in-flight cap stays 3, as Gong's.

use std::{
    collections::HashSet,
    net::SocketAddr,
    sync::Arc,
    time::{Duration as StdDuration, Instant},
};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use futures::{stream, StreamExt};
use seat_audit::{
    config::{DatabaseSettings, Secret, Settings, SyncSettings},
    db,
    simulator::{Company, Persona, RateLimits, RunningSimulator, Simulator, SimulatorConfig},
    sync::{
        plan::{midnight, Plan},
        windows::{self, Window},
        GongTarget, Kind, RunOutcome, Syncer, Trigger,
    },
};

const SEED: u64 = 2026;
const PAGE: u64 = 100;
/// Gong's daily quota for the whole company (docs/gong-api.md).
const DAILY_QUOTA: u64 = 10_000;

struct Options {
    users: Vec<u32>,
    rate: u32,
    calls_per_week: u32,
    baseline: bool,
    hosted: bool,
    /// Network jitter the simulator adds before its (strict, sliding-second) rate limiter.
    jitter_ms: u64,
    /// `--postgres URL`: each company's database is a new one on this PostgreSQL server instead
    /// of SQLite in a temporary directory.
    postgres: Option<String>,
}

fn options() -> Options {
    let mut options = Options {
        users: vec![1_000, 10_000, 20_000],
        rate: 100,
        calls_per_week: 2,
        baseline: true,
        hosted: true,
        jitter_ms: 0,
        postgres: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().expect("a value after the flag");
        match arg.as_str() {
            "--users" => {
                options.users = value()
                    .split(',')
                    .map(|n| {
                        n.trim()
                            .replace('_', "")
                            .parse()
                            .expect("a number of users")
                    })
                    .collect()
            }
            "--rate" => options.rate = value().parse().expect("requests per second"),
            "--calls-per-week" => options.calls_per_week = value().parse().expect("a number"),
            "--no-baseline" => options.baseline = false,
            "--no-hosted" => options.hosted = false,
            "--jitter-ms" => options.jitter_ms = value().parse().expect("milliseconds"),
            "--postgres" => options.postgres = Some(value()),
            // cargo bench passes --bench; anything else is a mistake worth hearing about.
            "--bench" => {}
            other => panic!("unknown option {other}"),
        }
    }
    options
}

fn as_of() -> DateTime<Utc> {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

/// What one sync run cost, from the simulator's own request log.
struct Measured {
    requests: u64,
    throttled: u64,
    wall: StdDuration,
    /// Each phase the run published and how long it lasted.
    phases: Vec<(String, StdDuration)>,
    /// The simulator's own time to answer, mean and slowest.
    answer_mean: StdDuration,
    answer_max: StdDuration,
}

struct Bench {
    simulator: RunningSimulator,
    syncer: Syncer,
    sync: SyncSettings,
    _data_dir: tempfile::TempDir,
}

async fn bench(options: &Options, users: u32, stats: bool) -> Bench {
    let (calls_per_week, rate) = (options.calls_per_week, options.rate);
    let mut config = SimulatorConfig::demo(SEED);
    config.size.users = users;
    config.size.months = 13;
    config.size.calls_per_rep_per_week = calls_per_week;
    config.limits = RateLimits {
        per_second: rate,
        in_flight: 3,
        per_day: u32::MAX,
    };
    config.stats_allowed = stats;
    config.faults.jitter = StdDuration::from_millis(options.jitter_ms);
    // The company reaches a day past the first sync, so the incremental run has a day of news.
    config.reference_now = Some(as_of() + Duration::days(1));
    let simulator = Simulator::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("the simulator starts");
    simulator.clock().set(as_of());
    let data_dir = tempfile::TempDir::new().unwrap();
    let sync = SyncSettings {
        requests_per_second: rate,
        in_flight: 3,
        on_start: false,
        interval_minutes: 0,
        // The quota is not under test here: the counts are.
        daily_quota: u32::MAX,
        ..SyncSettings::default()
    };
    let database = match &options.postgres {
        Some(server) => DatabaseSettings {
            url: Some(
                db::create_database(server)
                    .await
                    .expect("the PostgreSQL server makes a database"),
            ),
            ..DatabaseSettings::default()
        },
        None => DatabaseSettings::default(),
    };
    let settings = Arc::new(Settings {
        data_dir: data_dir.path().to_path_buf(),
        database,
        sync: sync.clone(),
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
    let syncer = Syncer::new(pool, settings, target).with_clock(move || clock.now());
    Bench {
        simulator,
        syncer,
        sync,
        _data_dir: data_dir,
    }
}

impl Bench {
    async fn sync(&self) -> Measured {
        self.simulator.reset_request_log();
        let mut progress = self.syncer.progress();
        let watcher = tokio::spawn(async move {
            let mut phases: Vec<(String, Instant)> = Vec::new();
            while progress.changed().await.is_ok() {
                let (phase, running) = {
                    let now = progress.borrow_and_update();
                    (now.phase.clone(), now.run_id.is_some())
                };
                if phases.last().is_none_or(|(last, _)| *last != phase) {
                    phases.push((phase, Instant::now()));
                }
                // The run publishes an empty progress when it ends.
                if !running && phases.len() > 1 {
                    break;
                }
            }
            phases
        });
        let started = Instant::now();
        let outcome = self
            .syncer
            .sync_once(Trigger::Command)
            .await
            .expect("the sync completes");
        let wall = started.elapsed();
        let marks = watcher
            .await
            .expect("the progress watcher ends with the run");
        let phases = marks
            .windows(2)
            .map(|pair| (pair[0].0.clone(), pair[1].1 - pair[0].1))
            .collect();
        assert!(
            matches!(outcome, RunOutcome::Complete { .. }),
            "{outcome:?}"
        );
        let log = self.simulator.requests();
        Measured {
            requests: log.len() as u64,
            throttled: log.iter().filter(|r| r.status == 429).count() as u64,
            wall,
            phases,
            answer_mean: log.iter().map(|r| r.latency).sum::<StdDuration>()
                / log.len().max(1) as u32,
            answer_max: log.iter().map(|r| r.latency).max().unwrap_or_default(),
        }
    }
}

fn pages(items: u64) -> u64 {
    items.div_ceil(PAGE).max(1)
}

/// The lower bounds, computed from the simulator's data rather than from what the sync did.
struct Bounds<'a> {
    company: &'a Company,
}

impl Bounds<'_> {
    fn user_pages(&self) -> u64 {
        let listed = self
            .company
            .users
            .iter()
            .filter(|u| u.persona != Persona::Avatar)
            .count() as u64;
        pages(listed)
    }

    fn calls_in(&self, window: Window) -> u64 {
        let calls = &self.company.calls;
        let from = calls.partition_point(|c| c.start < window.from.timestamp());
        let to = calls.partition_point(|c| c.start < window.to.timestamp());
        to.saturating_sub(from) as u64
    }

    fn call_pages(&self, windows: &[Window]) -> u64 {
        windows.iter().map(|&w| pages(self.calls_in(w))).sum()
    }

    /// Users with any activity (hosted, attended, listened, coached) on the days `[from, to)`.
    fn active_users(&self, from: NaiveDate, to: NaiveDate) -> u64 {
        let window = Window {
            from: midnight(from, chrono_tz::UTC),
            to: midnight(to, chrono_tz::UTC),
        };
        let (lo, hi) = (window.from.timestamp(), window.to.timestamp());
        let mut users = HashSet::new();
        for call in self
            .company
            .calls
            .iter()
            .filter(|c| c.start >= lo && c.start < hi)
        {
            users.insert(call.host);
            users.extend(call.attendees.iter().copied().filter(|&a| a != u32::MAX));
        }
        for action in self
            .company
            .actions
            .iter()
            .filter(|a| a.at >= lo && a.at < hi)
        {
            users.insert(action.user);
        }
        users
            .iter()
            .filter(|&&u| self.company.users[u as usize].persona != Persona::Avatar)
            .count() as u64
    }

    /// User pages and every call of the look-back in Gong's 90-day windows.
    fn hosted_only(&self, lookback: &[Window]) -> u64 {
        self.user_pages() + self.call_pages(lookback)
    }

    fn with_stats(&self, plan: &Plan) -> u64 {
        let stats: u64 = plan
            .stats_ranges
            .iter()
            .map(|&(from, to)| pages(self.active_users(from, to)))
            .sum();
        self.user_pages() + stats + self.call_pages(&plan.edges.windows())
    }
}

/// The seed documents' recipe: list the users, then per active user and 90-day window ask for the
/// calls they hosted (`POST /v2/calls/extensive` with `primaryUserIds`, the working form of the
/// recipe's `GET /v2/calls?primaryUserIds=`, which Gong ignores). Returns the requests it made.
async fn baseline(simulator: &RunningSimulator, lookback: &[Window]) -> u64 {
    let client = reqwest::Client::new();
    let credentials = simulator.credentials();
    let base = simulator.base_url();
    let auth = |request: reqwest::RequestBuilder| {
        request.basic_auth(
            &credentials.access_key,
            Some(&credentials.access_key_secret),
        )
    };
    let mut requests = 0u64;
    let mut active = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut request = auth(client.get(format!("{base}/v2/users")));
        if let Some(cursor) = &cursor {
            request = request.query(&[("cursor", cursor)]);
        }
        let body: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
        requests += 1;
        for user in body["users"].as_array().into_iter().flatten() {
            if user["active"] == true {
                active.push(user["id"].as_str().unwrap().to_owned());
            }
        }
        match body["records"]["cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let asks: Vec<(String, Window)> = active
        .iter()
        .flat_map(|id| lookback.iter().map(move |&w| (id.clone(), w)))
        .collect();
    let per_ask = stream::iter(asks)
        .map(|(id, window)| {
            let client = &client;
            let base = &base;
            async move {
                let mut made = 0u64;
                let mut cursor: Option<String> = None;
                loop {
                    let mut body = serde_json::json!({
                        "filter": {
                            "fromDateTime": window.from_param(),
                            "toDateTime": window.to_param(),
                            "primaryUserIds": [id],
                        }
                    });
                    if let Some(cursor) = &cursor {
                        body["cursor"] = cursor.clone().into();
                    }
                    let response = auth(client.post(format!("{base}/v2/calls/extensive")))
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    made += 1;
                    let status = response.status();
                    let body: serde_json::Value = response.json().await.unwrap();
                    assert!(status.is_success() || status == 404, "{status}: {body}");
                    match body["records"]["cursor"].as_str() {
                        Some(next) => cursor = Some(next.to_owned()),
                        None => return made,
                    }
                }
            }
        })
        .buffer_unordered(3);
    requests + per_ask.fold(0, |sum, made| async move { sum + made }).await
}

fn ratio(a: u64, b: u64) -> f64 {
    a as f64 / b.max(1) as f64
}

#[tokio::main]
async fn main() {
    let options = options();
    let rate = options.rate;
    println!(
        "Sync benchmark: 365-day look-back, {} calls per rep per week, {rate} requests/s (in flight 3), {} ms jitter, {}\n",
        options.calls_per_week,
        options.jitter_ms,
        match options.postgres {
            Some(_) => "PostgreSQL",
            None => "SQLite",
        }
    );
    println!("| users | calls in look-back | signals | requests | lower bound | ratio | 429s | wall | requests ÷ rate | time ratio | quota share |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut baselines = Vec::new();
    for &users in &options.users {
        // With the stats: a full sync, then a day later an incremental one.
        let with_stats = bench(&options, users, true).await;
        let full = with_stats.sync().await;
        let plan = Plan::new(0, as_of(), Kind::Full, None, &with_stats.sync);
        let company = with_stats.simulator.company();
        let bounds = Bounds { company };
        let lookback = windows::lookback(as_of(), with_stats.sync.lookback_days);
        let calls: u64 = lookback.iter().map(|&w| bounds.calls_in(w)).sum();
        row(
            users,
            calls,
            "stats + edge calls",
            &full,
            bounds.with_stats(&plan),
            rate,
        );
        with_stats.simulator.clock().advance(Duration::days(1));
        let incremental = with_stats.sync().await;
        let plan = Plan::new(
            0,
            as_of() + Duration::days(1),
            Kind::Incremental,
            Some(as_of()),
            &with_stats.sync,
        );
        row(
            users,
            calls,
            "incremental, a day later",
            &incremental,
            bounds.with_stats(&plan),
            rate,
        );
        if options.baseline && Some(&users) == options.users.last() {
            // The recipe is about requests, not time: let it run as fast as the machine allows.
            with_stats.simulator.set_limits(RateLimits {
                per_second: 1_000_000,
                in_flight: 1_000,
                per_day: u32::MAX,
            });
            with_stats.simulator.clock().set(as_of());
            let made = baseline(&with_stats.simulator, &lookback).await;
            baselines.push((users, made, full.requests));
        }
        with_stats.simulator.shutdown().await;

        if !options.hosted {
            continue;
        }
        // Without the stats: every hosted call of the look-back.
        let hosted = bench(&options, users, false).await;
        let measured = hosted.sync().await;
        let bounds = Bounds {
            company: hosted.simulator.company(),
        };
        row(
            users,
            calls,
            "hosted calls only",
            &measured,
            bounds.hosted_only(&lookback),
            rate,
        );
        hosted.simulator.shutdown().await;
    }
    println!(
        "\nBaseline: the seed documents' recipe (one request per active user per 90-day window)\n"
    );
    println!("| users | recipe requests | seat-audit requests (stats) | fewer by |");
    println!("|---|---|---|---|");
    for (users, recipe, ours) in baselines {
        println!(
            "| {users} | {recipe} | {ours} | {:.1}× |",
            ratio(recipe, ours)
        );
    }
}

fn row(users: u32, calls: u64, signals: &str, measured: &Measured, bound: u64, rate: u32) {
    let ideal = measured.requests as f64 / f64::from(rate);
    let wall = measured.wall.as_secs_f64();
    println!(
        "| {users} | {calls} | {signals} | {} | {bound} | {:.2} | {} | {wall:.1} s | {ideal:.1} s | {:.2} | {:.1} % |",
        measured.requests,
        ratio(measured.requests, bound),
        measured.throttled,
        wall / ideal,
        100.0 * measured.requests as f64 / DAILY_QUOTA as f64,
    );
    let phases: Vec<String> = measured
        .phases
        .iter()
        .map(|(phase, took)| format!("{phase} {:.1} s", took.as_secs_f64()))
        .collect();
    eprintln!(
        "    {users} users, {signals}: {}; the simulator answered in {:.1} ms on average, {:.1} ms at most",
        phases.join(", "),
        measured.answer_mean.as_secs_f64() * 1e3,
        measured.answer_max.as_secs_f64() * 1e3,
    );
}
