//! A simulator on port 0 with a fixed clock, and a `Syncer` pointed at it over a fresh database.

use std::{net::SocketAddr, sync::Arc};

use chrono::{DateTime, Utc};
use seat_audit::{
    config::{Secret, Settings, SyncSettings},
    db::{self, Pool},
    report::{self, Protection, Report, ReportInput, ReportRow, Signal, Thresholds, UserFacts},
    simulator::{RateLimits, RunningSimulator, Simulator, SimulatorConfig},
    sync::{GongTarget, Syncer},
};
use tempfile::TempDir;

pub const SEED: u64 = 7;

/// A Monday morning, well inside the demo company's history.
pub fn as_of() -> DateTime<Utc> {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

pub struct Harness {
    pub simulator: RunningSimulator,
    pub syncer: Syncer,
    pub pool: Pool,
    /// Holds the database's directory until the harness is dropped.
    _data_dir: TempDir,
}

/// Limits high enough that pacing never slows a test down; tests of pacing set their own.
pub fn fast_limits() -> RateLimits {
    RateLimits {
        per_second: 10_000,
        in_flight: 16,
        per_day: 10_000_000,
    }
}

pub fn simulator_config(users: u32) -> SimulatorConfig {
    let mut config = SimulatorConfig::demo(SEED);
    config.size.users = users;
    config.limits = fast_limits();
    config.reference_now = Some(as_of());
    config
}

pub async fn harness(config: SimulatorConfig) -> Harness {
    harness_with(config, |_| ()).await
}

pub async fn harness_with(
    config: SimulatorConfig,
    tune: impl FnOnce(&mut SyncSettings),
) -> Harness {
    seat_audit::telemetry::init();
    let simulator = Simulator::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("the simulator starts");
    simulator.clock().set(as_of());
    let data_dir = TempDir::new().unwrap();
    let mut sync = SyncSettings {
        requests_per_second: 1_000,
        in_flight: 3,
        max_retry_after_secs: 5,
        on_start: false,
        interval_minutes: 0,
        daily_quota: 10_000_000,
        ..SyncSettings::default()
    };
    tune(&mut sync);
    let settings = Arc::new(Settings {
        data_dir: data_dir.path().to_path_buf(),
        database: crate::support::database_settings(data_dir.path()),
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
    Harness {
        simulator,
        syncer,
        pool,
        _data_dir: data_dir,
    }
}

impl Harness {
    /// The data directory holding the database, for the binary's commands.
    pub fn data_dir(&self) -> &std::path::Path {
        self._data_dir.path()
    }

    pub async fn latest_report(&self) -> Option<Report> {
        report::store::latest(&self.pool)
            .await
            .expect("the report reads")
    }

    /// The report as the simulator's ground truth says it must be, user by user.
    pub fn expected(&self, signals: &[Signal]) -> Vec<ReportRow> {
        self.expected_at(as_of(), signals)
    }

    /// The ground truth of a run whose `as_of` is `at`.
    pub fn expected_at(&self, at: DateTime<Utc>, signals: &[Signal]) -> Vec<ReportRow> {
        self.expected_in(at, chrono_tz::UTC, signals)
    }

    /// The ground truth of a run whose `as_of` is `at`, in a company whose time zone is `tz`.
    pub fn expected_in(
        &self,
        at: DateTime<Utc>,
        tz: chrono_tz::Tz,
        signals: &[Signal],
    ) -> Vec<ReportRow> {
        let truth = self.simulator.truth(at, 365);
        let company = self.simulator.company();
        let input = ReportInput {
            as_of: at,
            lookback_days: 365,
            signals: signals.to_vec(),
            users: truth
                .users
                .iter()
                .map(|t| {
                    let user = company.users.iter().find(|u| u.id == t.id).unwrap();
                    let stats = signals.len() > 1;
                    UserFacts {
                        id: t.id.clone(),
                        email: user.email.clone(),
                        first_name: Some(user.first_name.clone()),
                        last_name: Some(user.last_name.clone()),
                        title: Some(user.title.clone()),
                        manager_id: user.manager.map(|m| company.users[m as usize].id.clone()),
                        active: t.active,
                        created: t.created,
                        recording_off: t.recording_off,
                        last_hosted_call: t.last_hosted_call,
                        last_attended: t.last_attended.filter(|_| stats),
                        last_coached: t.last_coached.filter(|_| stats),
                        last_listened: t.last_listened.filter(|_| stats),
                        calls_30d: Some(t.calls_30d),
                        calls_90d: Some(t.calls_90d),
                        calls_365d: Some(t.calls_365d),
                    }
                })
                .collect(),
        };
        let mut rows =
            report::build(input, tz, &Thresholds::default(), &Protection::default()).rows;
        rows.sort_by(|a, b| a.id.cmp(&b.id));
        rows
    }
}

/// Compares two reports user by user and names the first difference.
pub fn assert_same_rows(actual: &[ReportRow], expected: &[ReportRow]) {
    assert_eq!(actual.len(), expected.len(), "the number of users differs");
    for (a, e) in actual.iter().zip(expected) {
        assert_eq!(a, e, "user {} differs", e.id);
    }
}

/// The simulator's test hook (not Gong's API, no credentials): `body` is `{"email": …,
/// "minutes_ago": N}`; answers the hook's status.
pub async fn add_call(
    simulator: &RunningSimulator,
    body: serde_json::Value,
) -> reqwest::StatusCode {
    reqwest::Client::new()
        .post(format!("{}/simulator/calls", simulator.base_url()))
        .json(&body)
        .send()
        .await
        .expect("the simulator answers")
        .status()
}
