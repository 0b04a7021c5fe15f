//! The Overview's charts through the running server: an explanation before the first report, then
//! three server-drawn SVG figures with their text alternatives, in the page and from the API.

use app::types::OverviewCharts;
use chrono::{DateTime, Utc};
use seat_audit::report::{Report, ReportRow, Signal, Status};

use crate::support::{spawn_app, TestApp};

async fn overview_charts(app: &TestApp) -> OverviewCharts {
    app.call("overview_charts", &[]).await
}

/// A report of three users and two hosted calls, stored as a complete sync would.
async fn save_three_users(app: &TestApp) {
    let pool = app.pool().await;
    let as_of: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    let row = |i: u32, name: &str, status: Status, last_active: Option<&str>| ReportRow {
        id: format!("{}", 1000 + i),
        email: format!("user{i}@example.com"),
        name: name.into(),
        manager_id: None,
        active: status != Status::Deactivated,
        status,
        last_active: last_active.map(|d| d.parse().unwrap()),
        last_active_signal: last_active.map(|_| Signal::Hosted),
        last_hosted_call: None,
        calls_30d: Some(0),
        calls_90d: Some(0),
        calls_365d: Some(0),
        reason: None,
    };
    let report = Report {
        as_of,
        lookback_days: 365,
        signals: vec![Signal::Hosted],
        rows: vec![
            row(
                1,
                "<script>alert(1)</script>",
                Status::Active,
                Some("2026-11-20"),
            ),
            row(2, "Ada", Status::Inactive, Some("2026-03-02")),
            row(3, "Bo", Status::Deactivated, None),
        ],
    };
    crate::support::save_report(&pool, &report).await;
    for (id, started_at) in [
        ("c1", "2026-11-20T12:00:00.000Z"),
        ("c2", "2026-11-21T12:00:00.000Z"),
    ] {
        seat_audit::db::query(
            "INSERT INTO calls (id, started_at, primary_user_id) VALUES (?, ?, '1001')",
        )
        .bind(id)
        .bind(started_at)
        .execute(&pool)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn before_the_first_report_the_overview_explains_where_the_charts_come_from() {
    let app = spawn_app().await;
    let charts = overview_charts(&app).await;
    assert_eq!(charts, OverviewCharts::default());
    let html = app.get("/").await.text().await.unwrap();
    assert!(html.contains("Trends and activity"), "{html}");
    assert!(
        html.contains("appear after the first complete sync"),
        "{html}"
    );
    assert!(!html.contains(r#"role="img""#));
}

#[tokio::test]
async fn after_a_report_the_overview_shows_three_accessible_svg_charts() {
    let app = spawn_app().await;
    save_three_users(&app).await;

    let charts = overview_charts(&app).await;
    assert_eq!(charts.as_of, Some("2026-11-23T10:00:00Z".parse().unwrap()));
    let ids: Vec<&str> = charts.charts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["utilisation", "last-active", "hosted-per-week"]);
    for chart in &charts.charts {
        let doc = roxmltree::Document::parse(&chart.svg).expect("well-formed SVG");
        assert_eq!(doc.root_element().attribute("role"), Some("img"));
        assert!(!chart.svg.contains("<script>"));
    }
    let last_active = &charts.charts[1].svg;
    assert!(
        last_active.contains("Days since last active for the 2 users not deactivated in Gong"),
        "{last_active}"
    );
    assert!(charts.charts[2].svg.contains("2 in total"));

    let html = app.get("/").await.text().await.unwrap();
    for (id, title) in [
        ("utilisation", "Gong seat utilisation over time"),
        ("last-active", "Days since last active"),
        ("hosted-per-week", "Hosted calls per week"),
    ] {
        assert!(
            html.contains(&format!(r#"data-testid="chart-{id}""#)),
            "{id}: {html}"
        );
        assert!(html.contains(&format!(r#"<title id="chart-{id}-title">{title}</title>"#)));
    }
    assert_eq!(html.matches("<figcaption>").count(), 3);
}

#[tokio::test]
async fn each_chart_carries_its_numbers_as_a_table_for_those_who_cannot_see_it() {
    let app = spawn_app().await;
    save_three_users(&app).await;
    let charts = overview_charts(&app).await;
    let table = |id: &str| {
        charts
            .charts
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.table.clone())
            .unwrap()
    };

    // Ada was last active 266 days before the report, the first user 3 days; Bo is deactivated.
    let last_active = table("last-active");
    assert_eq!(last_active.columns, ["Days since last active", "Users"]);
    let users: Vec<(&str, &str)> = last_active
        .rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        users,
        [
            ("0 to 30 days", "1"),
            ("31 to 60 days", "0"),
            ("61 to 90 days", "0"),
            ("91 to 180 days", "0"),
            ("181 to 365 days", "1"),
            ("never active or not in the last 365 days", "0"),
        ]
    );

    let weeks = table("hosted-per-week");
    let hosted: u64 = weeks
        .rows
        .iter()
        .map(|r| r[1].parse::<u64>().unwrap())
        .sum();
    assert_eq!(hosted, 2, "the two calls, week by week");
    assert!(
        weeks.rows.len() >= 52,
        "every week of the look-back: {}",
        weeks.rows.len()
    );

    let utilisation = table("utilisation");
    assert_eq!(utilisation.columns, ["Date", "In use", "Assigned", "From"]);
    let stored = utilisation.rows.last().unwrap();
    assert_eq!(stored[0], "2026-11-23");
    assert_eq!(stored[3], "stored report");

    // The page puts each table behind a toggle under its chart.
    let html = app.get("/").await.text().await.unwrap();
    assert_eq!(
        html.matches("<summary>Show the numbers</summary>").count(),
        3
    );
    assert!(html.contains("never active or not in the last 365 days"));
}
