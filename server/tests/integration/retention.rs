//! Report snapshots older than the retention period (default two years) are deleted after each
//! sync, and the Sync page says how much is kept.

use chrono::Duration;
use seat_audit::{
    report::{self, Report, Signal, Status},
    sync::Trigger,
};

use crate::{
    support::{report_row, save_report, spawn_app},
    sync_support::{as_of, harness, simulator_config},
};

#[tokio::test]
async fn a_sync_deletes_snapshots_older_than_two_years_and_keeps_the_rest() {
    let harness = harness(simulator_config(10)).await;
    harness.syncer.sync_once(Trigger::Command).await.unwrap();
    let snapshot = |days_ago: i64| Report {
        as_of: as_of() - Duration::days(days_ago),
        lookback_days: 365,
        signals: vec![Signal::Hosted],
        rows: vec![report_row(
            "1",
            "Ada",
            "ada@example.com",
            None,
            Status::NeverActive,
        )],
    };
    save_report(&harness.pool, &snapshot(731)).await;
    save_report(&harness.pool, &snapshot(729)).await;

    harness.syncer.sync_once(Trigger::Command).await.unwrap();

    let kept: Vec<chrono::DateTime<chrono::Utc>> =
        seat_audit::db::query_scalar("SELECT as_of FROM reports ORDER BY as_of")
            .fetch_all(&harness.pool)
            .await
            .unwrap();
    assert_eq!(
        kept.first().copied(),
        Some(as_of() - Duration::days(729)),
        "the snapshot of 731 days ago is gone, the one of 729 days ago kept: {kept:?}"
    );
    let (count, oldest) = report::store::kept(&harness.pool).await.unwrap();
    assert_eq!(count as usize, kept.len());
    assert_eq!(oldest, Some(as_of() - Duration::days(729)));
}

#[tokio::test]
async fn the_sync_page_says_how_long_snapshots_are_kept() {
    let app = spawn_app().await;
    let html = app.get("/sync").await.text().await.unwrap();
    assert!(html.contains("are kept for 730 days (2 years)"), "{html}");
    assert!(html.contains("No snapshot is kept yet."), "{html}");
}
