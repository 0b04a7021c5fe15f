//! `seat-audit report`: the latest good report to stdout, in the public interface's JSON and CSV.

use chrono::{DateTime, Utc};
use seat_audit::{
    config::Settings,
    db,
    report::{Report, ReportRow, Signal, Status},
};
use tempfile::TempDir;

use crate::support::binary;

fn row(id: &str, name: &str, status: Status, reason: Option<&str>) -> ReportRow {
    ReportRow {
        id: id.into(),
        email: format!("{id}@example.com"),
        name: name.into(),
        manager_id: None,
        active: status != Status::Deactivated,
        status,
        last_active: Some("2026-03-02".parse().unwrap()),
        last_active_signal: Some(Signal::Hosted),
        last_hosted_call: Some("2026-03-02T12:00:00Z".parse().unwrap()),
        calls_30d: Some(0),
        calls_90d: Some(1),
        calls_365d: Some(12),
        reason: reason.map(str::to_owned),
    }
}

async fn save_report(data_dir: &std::path::Path) {
    let settings = Settings {
        data_dir: data_dir.to_path_buf(),
        database: crate::support::database_settings(data_dir),
        ..Settings::default()
    };
    let pool = db::connect(&settings).await.unwrap();
    let as_of: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    let report = Report {
        as_of,
        lookback_days: 365,
        signals: vec![Signal::Hosted],
        rows: vec![
            row(
                "9223372036854775809",
                "=cmd|' /C calc'!A0",
                Status::Inactive,
                Some("no hosted call since 2026-03-02, 266 days"),
            ),
            row("42", "Zoë Ångström", Status::Active, None),
        ],
    };
    crate::support::save_report(&pool, &report).await;
}

#[tokio::test]
async fn json_output_has_the_public_fields_for_every_user() {
    let data_dir = TempDir::new().unwrap();
    save_report(data_dir.path()).await;
    let output = binary(data_dir.path(), &[])
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    assert_eq!(value["as_of"], "2026-11-23T10:00:00Z");
    assert_eq!(value["lookback_days"], 365);
    assert_eq!(value["signals"], serde_json::json!(["hosted"]));
    let users = value["users"].as_array().unwrap();
    assert_eq!(users.len(), 2);
    let big = users
        .iter()
        .find(|u| u["id"] == "9223372036854775809")
        .expect("the id keeps every digit");
    assert_eq!(big["status"], "inactive");
    assert_eq!(big["last_active"], "2026-03-02");
    assert_eq!(big["last_hosted_call"], "2026-03-02T12:00:00Z");
    assert_eq!(big["calls_365d"], 12);
    assert_eq!(big["reason"], "no hosted call since 2026-03-02, 266 days");
    let zoe = users.iter().find(|u| u["id"] == "42").unwrap();
    assert_eq!(zoe["name"], "Zoë Ångström");
    assert!(zoe["reason"].is_null());
}

#[tokio::test]
async fn csv_output_has_a_header_and_neutralises_a_formula_name() {
    let data_dir = TempDir::new().unwrap();
    save_report(data_dir.path()).await;
    let output = binary(data_dir.path(), &[])
        .args(["report", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,email,name,manager_id,active,status,last_active,last_active_signal,last_hosted_call,calls_30d,calls_90d,calls_365d,reason"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2);
    let formula = rows
        .iter()
        .find(|r| r.starts_with("9223372036854775809,"))
        .unwrap();
    assert!(formula.contains(",'=cmd|' /C calc'!A0,"), "{formula}");
}
