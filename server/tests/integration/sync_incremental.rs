//! Runs after the first: an incremental run fetches only what is new and still gives the exact
//! report; a call exactly on a window boundary is fetched and counted once.

use chrono::Duration as Days;
use seat_audit::{
    report::Signal,
    sync::{RunOutcome, Trigger},
};

use crate::sync_support::{as_of, assert_same_rows, harness, simulator_config};

/// The run's kind, windows and requests, as the Sync page shows them.
async fn last_run(pool: &seat_audit::db::Pool) -> (String, i64, i64) {
    seat_audit::db::query_as(
        "SELECT kind, windows_total, requests FROM sync_runs ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_run_a_day_later_is_incremental_cheaper_and_equals_the_ground_truth_of_its_day() {
    let mut config = simulator_config(600);
    // The company goes on for two more days after the first run.
    config.reference_now = Some(as_of() + Days::days(2));
    let h = harness(config).await;
    h.syncer
        .sync_once(Trigger::Command)
        .await
        .expect("the first sync");
    let (kind, full_windows, full_requests) = last_run(&h.pool).await;
    assert_eq!(kind, "full", "the first run reads the whole look-back");

    for day in 1..=2 {
        h.simulator.clock().advance(Days::days(1));
        let outcome = h
            .syncer
            .sync_once(Trigger::Schedule)
            .await
            .expect("the next sync");
        assert!(
            matches!(outcome, RunOutcome::Complete { .. }),
            "{outcome:?}"
        );
        let (kind, windows, requests) = last_run(&h.pool).await;
        assert_eq!(kind, "incremental", "day {day}: only what is new is read");
        assert!(
            windows < full_windows,
            "day {day}: {windows} windows, the full run {full_windows}"
        );
        // Users and the edge days are read every run; the look-back's stats only once.
        assert!(
            requests * 3 < full_requests * 2,
            "day {day}: an incremental run made {requests} requests, the full one {full_requests}"
        );
        let at = as_of() + Days::days(day);
        let report = h.latest_report().await.expect("a report");
        assert_eq!(report.as_of, at);
        assert_same_rows(&report.rows, &h.expected_at(at, &Signal::ALL));
    }
}

#[tokio::test]
async fn a_full_recheck_follows_when_the_last_full_run_is_a_week_old() {
    let mut config = simulator_config(200);
    config.reference_now = Some(as_of() + Days::days(8));
    let h = harness(config).await;
    h.syncer
        .sync_once(Trigger::Command)
        .await
        .expect("the first sync");
    h.simulator.clock().advance(Days::days(7));
    h.syncer
        .sync_once(Trigger::Schedule)
        .await
        .expect("the re-check");
    let (kind, _, _) = last_run(&h.pool).await;
    assert_eq!(
        kind, "full",
        "the weekly re-check reads the whole look-back again"
    );
    let report = h.latest_report().await.expect("a report");
    assert_same_rows(
        &report.rows,
        &h.expected_at(as_of() + Days::days(7), &Signal::ALL),
    );
}

#[tokio::test]
async fn a_call_exactly_on_a_window_boundary_is_stored_once_and_counted_in_the_newer_window() {
    let mut config = simulator_config(300);
    // Hosted calls only: every call of the look-back is fetched window by window.
    config.stats_allowed = false;
    let h = harness(config).await;
    let boundary = as_of() - Days::days(90);
    let call = h
        .simulator
        .company()
        .calls
        .iter()
        .find(|c| c.start == boundary.timestamp())
        .copied()
        .expect("the company has a call exactly on the 90-day boundary");
    h.syncer
        .sync_once(Trigger::Command)
        .await
        .expect("the sync");

    let (stored,): (i64,) = seat_audit::db::query_as("SELECT COUNT(*) FROM calls WHERE id = ?")
        .bind(call.id.to_string())
        .fetch_one(&h.pool)
        .await
        .unwrap();
    assert_eq!(stored, 1, "fetched by one window only");

    let host = &h.simulator.company().users[call.host as usize];
    let report = h.latest_report().await.expect("a report");
    let row = report
        .rows
        .iter()
        .find(|r| r.id == host.id)
        .expect("the host");
    let expected = h.expected(&[Signal::Hosted]);
    let truth = expected.iter().find(|r| r.id == host.id).unwrap();
    assert_eq!(row.calls_90d, truth.calls_90d);
    // From inclusive: the call at as_of - 90 days is inside [as_of - 90 d, as_of).
    let after_boundary = h
        .simulator
        .company()
        .calls
        .iter()
        .filter(|c| {
            c.host == call.host && c.start >= boundary.timestamp() && c.start < as_of().timestamp()
        })
        .count() as u32;
    assert_eq!(row.calls_90d, Some(after_boundary));
}
