//! A small quota share still finishes: every run stopped by its share keeps the work of the
//! requests it made, so the first sync takes as many days as its requests need and no more.

use chrono::Duration as Days;
use seat_audit::{
    report::Signal,
    sync::{RunOutcome, Trigger},
};

use crate::sync_support::{as_of, assert_same_rows, harness_with, simulator_config};

#[tokio::test]
async fn with_eight_requests_a_day_each_run_makes_progress_and_the_sync_ends_in_the_fewest_days() {
    // 500 users: 5 pages of users, and about 5 pages per 90-day stats range. 0.08 % of the
    // company's quota is 8 requests a day, less than the users and one range together: a run that
    // paged the users again, or restarted a range it had half read, would never finish.
    let h = harness_with(simulator_config(500), |sync| {
        sync.daily_quota = 10_000;
        sync.quota_share = 0.0008;
    })
    .await;

    let mut runs = 0;
    let mut done_before = 0;
    loop {
        runs += 1;
        assert!(runs <= 20, "the sync never finished");
        let outcome = h
            .syncer
            .sync_once(Trigger::Schedule)
            .await
            .expect("the run ends cleanly");
        let (requests, quota_used, windows_done): (i64, i64, i64) = seat_audit::db::query_as(
            "SELECT requests, quota_used, windows_done FROM sync_runs ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&h.pool)
        .await
        .unwrap();
        assert!(quota_used <= 8, "run {runs} spent {quota_used} of 8");
        match outcome {
            RunOutcome::Complete { .. } => break,
            RunOutcome::StoppedOnQuota { .. } => {
                assert_eq!(requests, 8, "run {runs} used its whole share");
                assert!(
                    windows_done > done_before,
                    "run {runs} kept some work: {windows_done} pieces done, {done_before} before"
                );
                done_before = windows_done;
            }
        }
        h.simulator.clock().advance(Days::days(1));
    }

    let total: i64 =
        seat_audit::db::query_scalar("SELECT CAST(SUM(requests) AS BIGINT) FROM sync_runs")
            .fetch_one(&h.pool)
            .await
            .unwrap();
    assert!(total > 24, "the sync needed several days: {total} requests");
    assert_eq!(
        runs,
        (total as usize).div_ceil(8),
        "{total} requests at 8 a day"
    );
    let report = h.latest_report().await.expect("a report");
    assert_eq!(
        report.as_of,
        as_of(),
        "the chain kept the first run's as_of"
    );
    assert_same_rows(&report.rows, &h.expected(&Signal::ALL));
}
