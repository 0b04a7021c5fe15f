//! The company time zone (issue #14 item 6): Gong's own, read from the aggregate stats response,
//! applies without a setting; a setting overrides it; without the stats it is UTC.

use app::types::ZoneSource;
use seat_audit::{
    report::Signal,
    sync::{zone, Trigger},
};

use crate::sync_support::{as_of, assert_same_rows, harness, harness_with, simulator_config};

const AGGREGATE: &str = "/v2/stats/activity/aggregate";

#[tokio::test]
async fn without_a_setting_the_report_counts_days_in_gongs_company_time_zone() {
    let mut config = simulator_config(300);
    config.time_zone = chrono_tz::Asia::Tokyo;
    let h = harness(config).await;
    h.syncer
        .sync_once(Trigger::Command)
        .await
        .expect("the sync completes");

    let in_force = zone::in_force(&h.pool, "").await.unwrap();
    assert_eq!(in_force.name, "Asia/Tokyo");
    assert_eq!(in_force.source, ZoneSource::Gong);
    assert!(
        in_force.describe().contains("Gong's company time zone"),
        "{}",
        in_force.describe()
    );
    let report = h.latest_report().await.expect("a report");
    assert_same_rows(
        &report.rows,
        &h.expected_in(as_of(), chrono_tz::Asia::Tokyo, &Signal::ALL),
    );
    let asked = h
        .simulator
        .requests()
        .iter()
        .filter(|r| r.path == AGGREGATE)
        .count();
    assert_eq!(asked, 1, "one small request reads the zone");
}

#[tokio::test]
async fn a_time_zone_setting_overrides_gongs_and_gong_is_not_asked() {
    let mut config = simulator_config(300);
    config.time_zone = chrono_tz::Asia::Tokyo;
    let h = harness_with(config, |sync| sync.time_zone = "America/New_York".into()).await;
    h.syncer
        .sync_once(Trigger::Command)
        .await
        .expect("the sync completes");

    let in_force = zone::in_force(&h.pool, "America/New_York").await.unwrap();
    assert_eq!(in_force.name, "America/New_York");
    assert_eq!(in_force.source, ZoneSource::Setting);
    assert!(h.simulator.requests().iter().all(|r| r.path != AGGREGATE));
    assert_eq!(zone::stored(&h.pool).await.unwrap(), None);
}

#[tokio::test]
async fn without_the_stats_permission_and_without_a_setting_the_zone_is_utc() {
    let mut config = simulator_config(300);
    config.time_zone = chrono_tz::Asia::Tokyo;
    config.stats_allowed = false;
    let h = harness(config).await;
    h.syncer
        .sync_once(Trigger::Command)
        .await
        .expect("the sync completes");

    let in_force = zone::in_force(&h.pool, "").await.unwrap();
    assert_eq!(in_force.name, "UTC");
    assert_eq!(in_force.source, ZoneSource::Default);
    let report = h.latest_report().await.expect("a report");
    assert_same_rows(&report.rows, &h.expected(&[Signal::Hosted]));
}
