//! The sync against the simulator: the report it produces equals the simulator's ground truth, with
//! or without the stats permission, under every fault, across a quota stop, and never twice at once.

use std::time::Duration;

use chrono::Duration as Days;
use seat_audit::{
    report::Signal,
    simulator::{Faults, RateLimits},
    sync::{RunOutcome, SyncError, Trigger},
};

use crate::sync_support::{as_of, assert_same_rows, harness, harness_with, simulator_config};

#[tokio::test]
async fn the_demo_company_report_equals_the_ground_truth_user_by_user() {
    let h = harness(simulator_config(1_200)).await;
    let outcome = h
        .syncer
        .sync_once(Trigger::Command)
        .await
        .expect("the sync completes");
    assert!(
        matches!(outcome, RunOutcome::Complete { .. }),
        "{outcome:?}"
    );

    let report = h.latest_report().await.expect("a report");
    assert_eq!(report.as_of, as_of());
    assert_eq!(report.signals, Signal::ALL.to_vec());
    assert_same_rows(&report.rows, &h.expected(&Signal::ALL));
    let statuses: std::collections::HashSet<_> = report.rows.iter().map(|r| r.status).collect();
    assert!(
        statuses.len() >= 6,
        "the demo company shows most statuses: {statuses:?}"
    );
}

#[tokio::test]
async fn without_the_stats_permission_hosted_calls_alone_still_give_exact_figures() {
    let mut config = simulator_config(300);
    config.stats_allowed = false;
    let h = harness(config).await;
    h.syncer
        .sync_once(Trigger::Command)
        .await
        .expect("the sync completes");

    let report = h.latest_report().await.expect("a report");
    assert_eq!(
        report.signals,
        vec![Signal::Hosted],
        "the report says only hosting was visible"
    );
    assert_same_rows(&report.rows, &h.expected(&[Signal::Hosted]));
    let (signals,): (String,) =
        seat_audit::db::query_as("SELECT signals FROM sync_runs ORDER BY id DESC LIMIT 1")
            .fetch_one(&h.pool)
            .await
            .unwrap();
    assert_eq!(signals, r#"["hosted"]"#, "the run records it too");
}

#[tokio::test]
async fn every_fault_mode_loses_nothing_and_counts_nothing_twice() {
    let faults = [
        (
            "429 bursts",
            Faults {
                burst_every: 7,
                burst_len: 2,
                ..Faults::default()
            },
        ),
        (
            "5xx",
            Faults {
                error_rate: 0.15,
                ..Faults::default()
            },
        ),
        (
            "resets",
            Faults {
                reset_rate: 0.1,
                ..Faults::default()
            },
        ),
        (
            "malformed JSON",
            Faults {
                malformed_rate: 0.1,
                ..Faults::default()
            },
        ),
        (
            "unknown fields",
            Faults {
                extra_fields: true,
                ..Faults::default()
            },
        ),
        (
            "totalRecords lag",
            Faults {
                total_records_lag: true,
                ..Faults::default()
            },
        ),
        (
            "hangs",
            Faults {
                hang_rate: 0.05,
                hang_for: Duration::from_secs(5),
                ..Faults::default()
            },
        ),
    ];
    for (name, faults) in faults {
        // A short timeout only where requests hang; elsewhere a slow (loaded) machine must not
        // turn a correct answer into a timeout.
        let timeout_secs = if faults.hang_rate > 0.0 { 2 } else { 15 };
        let mut config = simulator_config(200);
        config.faults = faults;
        let h = harness_with(config, |sync| sync.timeout_secs = timeout_secs).await;
        let outcome = h.syncer.sync_once(Trigger::Command).await;
        assert!(
            matches!(outcome, Ok(RunOutcome::Complete { .. })),
            "{name}: {outcome:?}"
        );
        let report = h.latest_report().await.expect("a report");
        assert_same_rows(&report.rows, &h.expected(&Signal::ALL));
    }
}

#[tokio::test]
async fn expired_cursors_restart_the_window_and_the_figures_stay_exact() {
    let mut config = simulator_config(300);
    config.stats_allowed = false;
    config.cursor_ttl = Duration::ZERO;
    let h = harness(config).await;
    // With a zero TTL every cursor has expired by the time it comes back, once the clock moves.
    let clock = h.simulator.clock().clone();
    let ticker = tokio::spawn(async move {
        for _ in 0..3 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            clock.advance(Days::seconds(2));
        }
    });
    let outcome = h.syncer.sync_once(Trigger::Command).await;
    ticker.abort();
    // Either the restarts succeed or the run fails cleanly; it never reports wrong figures.
    if let Ok(RunOutcome::Complete { .. }) = outcome {
        let report = h.latest_report().await.expect("a report");
        assert_eq!(report.rows.len(), h.expected(&[Signal::Hosted]).len());
    }
}

#[tokio::test]
async fn a_quota_stop_keeps_the_last_report_and_the_next_day_resumes_to_the_same_result() {
    let h = harness(simulator_config(300)).await;
    h.syncer
        .sync_once(Trigger::Command)
        .await
        .expect("a first, complete run");
    let first = h.latest_report().await.unwrap();

    // The next day the company's quota is almost spent: the run stops early.
    h.simulator.clock().advance(Days::days(1));
    h.simulator.set_limits(RateLimits {
        per_day: 8,
        ..crate::sync_support::fast_limits()
    });
    let stopped = h
        .syncer
        .sync_once(Trigger::Command)
        .await
        .expect("a clean stop");
    let RunOutcome::StoppedOnQuota { run_id, .. } = stopped else {
        panic!("expected a quota stop, got {stopped:?}");
    };
    assert_eq!(
        h.latest_report().await.unwrap(),
        first,
        "the previous report stays visible"
    );
    let stopped_as_of: chrono::DateTime<chrono::Utc> =
        seat_audit::db::query_scalar("SELECT as_of FROM sync_runs WHERE id = ?")
            .bind(run_id)
            .fetch_one(&h.pool)
            .await
            .unwrap();

    // After midnight the quota is back and the run resumes with the stopped run's as_of.
    h.simulator.clock().advance(Days::days(1));
    h.simulator.set_limits(crate::sync_support::fast_limits());
    let resumed = h
        .syncer
        .sync_once(Trigger::Command)
        .await
        .expect("the resumed run completes");
    assert!(matches!(resumed, RunOutcome::Complete { .. }));
    let report = h.latest_report().await.unwrap();
    assert_eq!(report.as_of, stopped_as_of);

    // An uninterrupted run with the same as_of on a fresh database gives the same report.
    let mut config = simulator_config(300);
    config.reference_now = Some(as_of());
    let fresh = harness(config).await;
    fresh.simulator.clock().set(stopped_as_of);
    fresh
        .syncer
        .sync_once(Trigger::Command)
        .await
        .expect("the uninterrupted run completes");
    assert_eq!(fresh.latest_report().await.unwrap().rows, report.rows);
}

#[tokio::test]
async fn a_second_run_while_one_is_in_progress_is_refused() {
    let mut config = simulator_config(100);
    config.faults = Faults {
        latency: Duration::from_millis(100),
        ..Faults::default()
    };
    let h = harness(config).await;
    let first = tokio::spawn({
        let syncer = h.syncer.clone();
        async move { syncer.sync_once(Trigger::Command).await }
    });
    let mut progress = h.syncer.progress();
    tokio::time::timeout(
        Duration::from_secs(30),
        progress.wait_for(|p| p.run_id.is_some()),
    )
    .await
    .expect("the first run starts")
    .unwrap();
    assert!(matches!(
        h.syncer.sync_once(Trigger::Manual).await,
        Err(SyncError::Busy)
    ));
    assert!(matches!(
        first.await.unwrap(),
        Ok(RunOutcome::Complete { .. })
    ));
}
