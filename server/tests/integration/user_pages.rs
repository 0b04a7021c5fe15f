//! The User and Candidates pages through the running server: after the demo's first sync they agree
//! with the report (groups, demo prices, manager chain to the CRO, direct reports, history).

use std::collections::HashMap;

use app::types::{CandidateAction, Candidates, UserDetail, UserLookup};
use seat_audit::report::{Report, ReportRow, Signal, Status};
use serde_json::Value;
use tempfile::TempDir;

use crate::support::{
    binary, demo_seats, save_report, spawn_app, spawn_app_with, test_settings, TestApp,
};

/// The demo's prices per seat per year, in dollars (`seats::demo`).
const DEMO_PRICES: [(&str, i64); 3] = [("gong", 1_600), ("forecast", 600), ("engage", 900)];

async fn candidates(app: &TestApp) -> Candidates {
    app.call("candidates", &[]).await
}

async fn lookup(app: &TestApp, id: &str) -> UserLookup {
    app.call("user_detail", &[("id", id)]).await
}

async fn user(app: &TestApp, id: &str) -> UserDetail {
    match lookup(app, id).await {
        UserLookup::Found(user) => *user,
        other => panic!("user {id} is in the report, got {other:?}"),
    }
}

fn price_cents(seat: &str) -> i64 {
    DEMO_PRICES
        .iter()
        .find(|(name, _)| *name == seat)
        .map_or(0, |(_, dollars)| dollars * 100)
}

fn text<'a>(user: &'a Value, field: &str) -> Option<&'a str> {
    user[field].as_str()
}

#[tokio::test(flavor = "multi_thread")]
async fn after_the_demo_sync_the_candidates_and_user_pages_agree_with_the_report() {
    let data_dir = TempDir::new().unwrap();
    let mut settings = test_settings(data_dir.path());
    settings.sync.on_start = true;
    let app = spawn_app_with(settings, data_dir).await;
    app.wait_for_a_complete_sync().await;

    let output = binary(app.data_dir.path(), &[])
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let users = report["users"].as_array().unwrap();
    let by_id: HashMap<&str, &Value> = users.iter().map(|u| (text(u, "id").unwrap(), u)).collect();

    // The candidates are the report's flagged users, each in the group of their status.
    let candidates = candidates(&app).await;
    assert!(candidates.as_of.is_some());
    let groups: Vec<(&str, CandidateAction)> = candidates
        .groups
        .iter()
        .map(|g| (g.status.as_str(), g.action))
        .collect();
    assert_eq!(
        groups,
        [
            ("inactive", CandidateAction::Deactivate),
            ("never_active", CandidateAction::Deactivate),
            ("listener", CandidateAction::Downgrade),
        ]
    );
    let seats = demo_seats();
    let mut listed = 0;
    for group in &candidates.groups {
        let mut expected: Vec<&str> = users
            .iter()
            .filter(|u| text(u, "status") == Some(group.status.as_str()))
            .map(|u| text(u, "id").unwrap())
            .collect();
        expected.sort_unstable();
        let mut got: Vec<&str> = group.rows.iter().map(|r| r.id.as_str()).collect();
        got.sort_unstable();
        assert_eq!(got, expected, "the {} group", group.status);
        assert!(
            !group.rows.is_empty(),
            "the demo has {} users",
            group.status
        );
        listed += got.len();

        // Each change frees the demo price of the seats it removes.
        let mut total = 0;
        for row in &group.rows {
            let user = by_id[row.id.as_str()];
            assert_eq!(row.reason.as_deref(), text(user, "reason"), "{}", row.id);
            assert!(row.reason.is_some(), "a flagged user has a reason");
            assert_eq!(row.manager_id.as_deref(), text(user, "manager_id"));
            let email = text(user, "email").unwrap().to_lowercase();
            let held = seats
                .get(&email)
                .cloned()
                .unwrap_or_else(|| vec!["gong".into()]);
            let frees: i64 = held
                .iter()
                .filter(|s| group.action == CandidateAction::Deactivate || *s == "gong")
                .map(|s| price_cents(s))
                .sum();
            assert_eq!(row.frees_cents, frees, "{} holds {held:?}", row.id);
            total += frees;
        }
        assert_eq!(
            group.total_cents, total,
            "the {} group's total",
            group.status
        );
    }
    let flagged = users
        .iter()
        .filter(|u| {
            matches!(
                text(u, "status"),
                Some("inactive" | "never_active" | "listener")
            )
        })
        .count();
    assert_eq!(listed, flagged);

    let page = app.get("/candidates").await.text().await.unwrap();
    for group in &candidates.groups {
        assert!(
            page.contains(&format!(r#"data-testid="candidates-{}""#, group.status)),
            "{page}"
        );
    }
    assert!(page.contains("Inactive (deactivate): "), "{page}");
    assert!(page.contains("Propose selected"));
    assert!(page.contains(r#"action="/workflow/propose""#), "{page}");

    // A flagged user with a manager: their chain climbs to the CRO, each link the previous one's
    // manager in the report.
    let stored_reports: i64 = seat_audit::db::query_scalar("SELECT COUNT(*) FROM reports")
        .fetch_one(&app.pool().await)
        .await
        .unwrap();
    let row = candidates.groups[0]
        .rows
        .iter()
        .find(|r| r.manager_id.is_some())
        .expect("an inactive user with a manager");
    let detail = user(&app, &row.id).await;
    assert_eq!(detail.status, "inactive");
    assert_eq!(detail.reason, row.reason);
    assert_eq!(detail.history.len() as i64, stored_reports);
    assert_eq!(detail.history[0].status, "inactive");
    assert!(!detail.manager_chain.is_empty());
    let mut below = detail.id.as_str();
    for link in &detail.manager_chain {
        assert_eq!(text(by_id[below], "manager_id"), Some(link.id.as_str()));
        assert_eq!(
            text(by_id[link.id.as_str()], "status"),
            Some(link.status.as_str())
        );
        below = &link.id;
    }
    let top = user(&app, &detail.manager_chain.last().unwrap().id).await;
    assert_eq!(top.title.as_deref(), Some("Chief Revenue Officer"));
    assert!(top.manager_chain.is_empty(), "the CRO is the top");
    assert_eq!(top.history.len() as i64, stored_reports);

    // The CRO's direct reports are exactly the report's users whose manager is the CRO.
    let mut expected: Vec<&str> = users
        .iter()
        .filter(|u| text(u, "manager_id") == Some(top.id.as_str()))
        .map(|u| text(u, "id").unwrap())
        .collect();
    expected.sort_unstable();
    let mut got: Vec<&str> = top.direct_reports.iter().map(|l| l.id.as_str()).collect();
    got.sort_unstable();
    assert!(!got.is_empty());
    assert_eq!(got, expected);
    for link in &top.direct_reports {
        assert_eq!(
            text(by_id[link.id.as_str()], "status"),
            Some(link.status.as_str())
        );
    }

    // The page shows the same, with the chart drawn on the server.
    let response = app.get(&format!("/users/{}", detail.id)).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains(r#"data-testid="chart-user-activity""#),
        "{html}"
    );
    assert!(html.contains(
        "<figcaption>Activity per 90-day window of the look-back, oldest first.</figcaption>"
    ));
    assert!(html.contains(r#"data-testid="manager-chain""#));
    assert!(html.contains(&format!(r#"href="/users/{}""#, top.id)));
    assert!(html.contains(r#"data-testid="user-reason""#));
    assert!(html.contains(r#"data-testid="status-history""#));
    let top_html = app
        .get(&format!("/users/{}", top.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        top_html.contains(r#"data-testid="direct-reports""#),
        "{top_html}"
    );
    assert!(top_html.contains("No manager: this user is at the top of the org chart."));

    // The Users table links each name to the User page.
    let users_page = app.get("/users?sort=name").await.text().await.unwrap();
    assert!(users_page.contains(r#"href="/users/"#), "{users_page}");
}

/// Saves a report of `rows` as a complete sync would.
async fn save_rows(app: &TestApp, as_of: &str, rows: Vec<ReportRow>) {
    let report = Report {
        as_of: as_of.parse().unwrap(),
        lookback_days: 365,
        signals: vec![Signal::Hosted],
        rows,
    };
    save_report(&app.pool().await, &report).await;
}

fn row(id: &str, name: &str, manager: Option<&str>, status: Status) -> ReportRow {
    ReportRow {
        id: id.into(),
        email: format!("{id}@acme.example"),
        name: name.into(),
        manager_id: manager.map(Into::into),
        active: status != Status::Deactivated,
        status,
        last_active: Some("2026-11-20".parse().unwrap()),
        last_active_signal: Some(Signal::Hosted),
        last_hosted_call: Some("2026-11-20T12:00:00Z".parse().unwrap()),
        calls_30d: Some(1),
        calls_90d: Some(1),
        calls_365d: Some(1),
        reason: None,
    }
}

#[tokio::test]
async fn before_the_first_report_both_pages_say_there_is_none() {
    let app = spawn_app().await;
    let html = app.get("/candidates").await.text().await.unwrap();
    assert!(html.contains("No report yet"), "{html}");
    let response = app.get("/users/42").await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("No report yet"));
    assert_eq!(lookup(&app, "42").await, UserLookup::NoReport);
}

#[tokio::test]
async fn an_unknown_user_is_a_404_page_that_says_so() {
    let app = spawn_app().await;
    save_rows(
        &app,
        "2026-11-23T10:00:00Z",
        vec![row("1", "Ada", None, Status::Active)],
    )
    .await;
    let response = app.get("/users/999").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("<title>No such user · seat-audit</title>"),
        "{html}"
    );
    assert!(html.contains("<h1>No such user</h1>"), "{html}");
    assert_eq!(app.get("/users/1").await.status(), 200);
}

#[tokio::test]
async fn without_flagged_users_the_candidates_page_says_every_seat_is_in_use() {
    let app = spawn_app().await;
    save_rows(
        &app,
        "2026-11-23T10:00:00Z",
        vec![
            row("1", "Ada", None, Status::Protected),
            row("2", "Bo", Some("1"), Status::Active),
        ],
    )
    .await;
    let listed = candidates(&app).await;
    assert!(listed.groups.iter().all(|g| g.rows.is_empty()));
    let html = app.get("/candidates").await.text().await.unwrap();
    assert!(
        html.contains("No candidates: every seat is in use"),
        "{html}"
    );
    assert!(!html.contains("Propose selected"));
}

#[tokio::test]
async fn a_name_that_is_markup_is_text_on_the_user_page_and_the_history_counts_every_report() {
    let app = spawn_app().await;
    let name = "<script>alert(1)</script>";
    save_rows(
        &app,
        "2026-10-23T10:00:00Z",
        vec![row("1", name, None, Status::Active)],
    )
    .await;
    let mut flagged = row("1", name, None, Status::Inactive);
    flagged.reason = Some("no hosted call since 2026-07-01, 145 days".into());
    save_rows(
        &app,
        "2026-11-23T10:00:00Z",
        vec![flagged, row("2", "Bo", Some("1"), Status::Listener)],
    )
    .await;
    let ada = user(&app, "1").await;
    let history: Vec<&str> = ada.history.iter().map(|h| h.status.as_str()).collect();
    assert_eq!(history, ["inactive", "active"]);
    assert_eq!(ada.direct_reports.len(), 1);
    let html = app.get("/users/1").await.text().await.unwrap();
    assert!(!html.contains(name), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("no hosted call since 2026-07-01, 145 days"));
    let bo = app.get("/users/2").await.text().await.unwrap();
    assert!(
        bo.contains(r#"href="/users/1""#),
        "the chain links the manager: {bo}"
    );
    let listed = candidates(&app).await;
    let ids: Vec<(&str, usize)> = listed
        .groups
        .iter()
        .map(|g| (g.status.as_str(), g.rows.len()))
        .collect();
    assert_eq!(ids, [("inactive", 1), ("never_active", 0), ("listener", 1)]);
}
