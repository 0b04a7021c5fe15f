//! The report rebuild at size: the statements that turn what a sync stored into each user's facts
//! (the last-hosted lookup over `activity_days`, the per-user signal maxima and the per-user sums),
//! timed on a synthetic database, with the stats and without.
//!
//! ```sh
//! cargo bench -p seat-audit --bench report -- [--users 50000] [--calls 5000000] [--data DIR] [--runs 3]
//! ```
//! `--data DIR` keeps the generated database there and reuses it on the next run (generating 5
//! million calls took 15 minutes on a busy 2-core machine). Every figure is the median of `--runs`
//! runs. `scripts/bench-report-rebuild.sh` times the same statements in the sqlite3 shell.

use std::{
    path::PathBuf,
    sync::Arc,
    time::{Duration as StdDuration, Instant},
};

use chrono::{DateTime, Utc};
use seat_audit::{
    config::{Settings, SyncSettings},
    db,
    sync::{facts, plan::Plan, Kind},
};

struct Options {
    users: u32,
    calls: u32,
    data: Option<PathBuf>,
    runs: usize,
}

fn options() -> Options {
    let mut options = Options {
        users: 50_000,
        calls: 5_000_000,
        data: None,
        runs: 3,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().expect("a value after the flag");
        match arg.as_str() {
            "--users" => options.users = value().replace('_', "").parse().expect("a number"),
            "--calls" => options.calls = value().replace('_', "").parse().expect("a number"),
            "--data" => options.data = Some(value().into()),
            "--runs" => options.runs = value().parse().expect("a number"),
            "--bench" => {}
            other => panic!("unknown option {other}"),
        }
    }
    options
}

fn as_of() -> DateTime<Utc> {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

/// Users, then calls spread over the 365 days before `as_of` (a deterministic scatter, hosts and
/// instants from multiplicative hashes of the call's number), then the per-day stats Gong would
/// have given for them: hosted from the calls, attended, coached and listened on a share of the
/// same days. All in SQL, so generating 5 million calls takes minutes, not hours.
async fn generate(pool: &db::Pool, users: u32, calls: u32) {
    let run: i64 = seat_audit::db::query_scalar(
        "INSERT INTO sync_runs (trigger, kind, as_of, started_at, outcome)
         VALUES ('command', 'full', ?1, ?1, 'running') RETURNING id",
    )
    .bind(as_of())
    .fetch_one(pool)
    .await
    .expect("a run");
    let from = as_of().timestamp() - 365 * 86_400;
    let statements = [
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {users})
             INSERT INTO gong_users (id, email, first_name, last_name, active, created_at, recording_off,
                                     last_seen_run_id)
             SELECT printf('%d', 7000000000000000000 + i), printf('user%d@example.com', i),
                    'User', printf('%d', i), 1, '2024-01-15T09:00:00.000Z', i % 50 = 7, {run}
             FROM n"
        ),
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {calls})
             INSERT INTO calls (id, started_at, duration_s, primary_user_id)
             SELECT printf('%d', 8000000000000000000 + i),
                    strftime('%Y-%m-%dT%H:%M:%fZ', {from} + (i * 2654435761) % (365 * 86400), 'unixepoch'),
                    1800, printf('%d', 7000000000000000000 + (i * 40503) % {users})
             FROM n"
        ),
        "INSERT INTO activity_days (user_id, day, hosted, attended, coached, listened, hosted_call_ids)
         SELECT primary_user_id, substr(started_at, 1, 10), COUNT(*),
                (MIN(id) % 3 = 0), (MIN(id) % 7 = 0), (MIN(id) % 5 = 0), json_group_array(id)
         FROM calls GROUP BY primary_user_id, substr(started_at, 1, 10)"
            .to_owned(),
        "ANALYZE".to_owned(),
    ];
    for statement in statements {
        let started = Instant::now();
        seat_audit::db::query(&statement)
            .execute(pool)
            .await
            .expect("the synthetic data goes in");
        eprintln!(
            "generated: {} in {:.1} s",
            statement
                .split_whitespace()
                .take(6)
                .collect::<Vec<_>>()
                .join(" "),
            started.elapsed().as_secs_f64()
        );
    }
}

async fn median<F, Fut>(runs: usize, mut f: F) -> StdDuration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        f().await;
        times.push(started.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

#[tokio::main]
async fn main() {
    let options = options();
    let temp = tempfile::TempDir::new().unwrap();
    let data_dir = options
        .data
        .clone()
        .unwrap_or_else(|| temp.path().to_path_buf());
    let settings = Arc::new(Settings {
        data_dir: data_dir.clone(),
        ..Settings::default()
    });
    let fresh = !data_dir.join("seat-audit.db").exists();
    let pool = db::connect(&settings).await.expect("the database opens");
    if fresh {
        generate(&pool, options.users, options.calls).await;
    }
    let run_id: i64 = seat_audit::db::query_scalar("SELECT MAX(id) FROM sync_runs")
        .fetch_one(&pool)
        .await
        .expect("the run");
    let (users, calls, days): (i64, i64, i64) = seat_audit::db::query_as(
        "SELECT (SELECT COUNT(*) FROM gong_users), (SELECT COUNT(*) FROM calls),
                (SELECT COUNT(*) FROM activity_days)",
    )
    .fetch_one(&pool)
    .await
    .expect("counts");
    let sync = SyncSettings::default();
    let plan = Plan::new(run_id, as_of(), Kind::Full, None, &sync);
    let lookback = plan.lookback_days;

    let lookup = median(options.runs, || async {
        facts::last_hosted_to_look_up(&pool, &plan, plan.tz)
            .await
            .expect("the lookup");
    })
    .await;
    let with_stats = median(options.runs, || async {
        facts::collect(&pool, &plan, lookback, true)
            .await
            .expect("the facts");
    })
    .await;
    let hosted_only = median(options.runs, || async {
        facts::collect(&pool, &plan, lookback, false)
            .await
            .expect("the facts");
    })
    .await;

    println!(
        "users {users}, calls {calls}, activity days {days}; median of {} runs",
        options.runs
    );
    println!("| step | time |");
    println!("|---|---|");
    println!(
        "| last hosted calls to look up (stats) | {:.2} s |",
        lookup.as_secs_f64()
    );
    println!(
        "| facts with the stats (maxima and sums) | {:.2} s |",
        with_stats.as_secs_f64()
    );
    println!(
        "| stats total (lookup + facts) | {:.2} s |",
        (lookup + with_stats).as_secs_f64()
    );
    println!(
        "| facts from hosted calls only | {:.2} s |",
        hosted_only.as_secs_f64()
    );
}
