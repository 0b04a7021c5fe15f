//! What a manager's browser receives (docs/product.md "Who sees what"): their team's figures and
//! people, never the company's contract, nor the people above or beside them, and words that say
//! "your team" where the numbers are the team's.

use chrono::{DateTime, Utc};
use reqwest::Client;
use seat_audit::report::{Report, Signal, Status};

use crate::support::{report_row as row, save_report, spawn_app, TestApp, DEMO_MANAGER_PASSWORD};

/// The demo manager account's Gong user (200) manages Alma (300), who manages Bruno (400). Their
/// own manager (100) also manages Xavier (900), who manages Yuri (901): both outside the team.
async fn company(app: &TestApp) -> String {
    let pool = app.pool().await;
    let manager_email: String =
        seat_audit::db::query_scalar("SELECT email FROM accounts WHERE role = 'manager'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let as_of: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    let report = Report {
        as_of,
        lookback_days: 365,
        signals: vec![Signal::Hosted],
        rows: vec![
            row(
                "100",
                "Boss Above",
                "boss@example.com",
                None,
                Status::Active,
            ),
            row(
                "200",
                "Mara Manager",
                &manager_email,
                Some("100"),
                Status::Active,
            ),
            row(
                "300",
                "Alma Inside",
                "alma@example.com",
                Some("200"),
                Status::NeverActive,
            ),
            row(
                "400",
                "Bruno Deeper",
                "bruno@example.com",
                Some("300"),
                Status::NeverActive,
            ),
            row(
                "900",
                "Xavier Beside",
                "xavier@example.com",
                Some("100"),
                Status::Active,
            ),
            row(
                "901",
                "Yuri Beside",
                "yuri@example.com",
                Some("900"),
                Status::NeverActive,
            ),
        ],
    };
    save_report(&pool, &report).await;
    manager_email
}

/// The manager's client, signed in, and its CSRF token.
async fn as_manager(app: &TestApp) -> (Client, String) {
    let email = company(app).await;
    app.sign_in(&email, DEMO_MANAGER_PASSWORD).await
}

async fn post(
    app: &TestApp,
    client: &Client,
    csrf: &str,
    function: &str,
    form: &[(&str, &str)],
) -> String {
    let response = client
        .post(format!("{}/api/{function}", app.address))
        .header("accept", "application/json")
        .header("x-csrf-token", csrf)
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "/api/{function}");
    response.text().await.unwrap()
}

async fn page(app: &TestApp, client: &Client, path: &str) -> String {
    let response = client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

/// Every `"key":` in `text` (JSON, or JSON escaped in a page's hydration data) is `null`.
fn all_null(text: &str, key: &str) -> bool {
    let text = text.replace('\\', "");
    let pattern = format!("\"{key}\":");
    text.match_indices(&pattern)
        .all(|(at, _)| text[at + pattern.len()..].starts_with("null"))
}

#[tokio::test]
async fn a_manager_receives_none_of_the_company_contract_from_the_seat_summary_overview_or_finance()
{
    let app = spawn_app().await;
    let pool = app.pool().await;
    let renewal: Option<chrono::NaiveDate> =
        seat_audit::db::query_scalar("SELECT renewal_date FROM contract WHERE id = 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    let renewal = renewal.expect("the demo sets a renewal date").to_string();
    let (manager, csrf) = as_manager(&app).await;

    let summary = post(&app, &manager, &csrf, "seat_summary", &[]).await;
    let overview = page(&app, &manager, "/").await;
    let finance = page(&app, &manager, "/finance").await;
    for (what, text) in [
        ("/api/seat_summary", &summary),
        ("/", &overview),
        ("/finance", &finance),
    ] {
        assert!(
            !text.contains(&renewal),
            "{what} has the renewal date: {text}"
        );
        for key in [
            "purchased",
            "spare",
            "over_contract",
            "contract_cost_cents",
            "price_per_year_cents",
            "potential_savings_at_renewal_cents",
            "contract",
            "renewal",
        ] {
            assert!(all_null(text, key), "{what} sends {key}: {text}");
        }
        for key in [
            "uplift_pct",
            "notice_days",
            "headroom_pct",
            "recommended",
            "notice_deadline",
        ] {
            assert!(!text.contains(key), "{what} sends {key}: {text}");
        }
        assert!(
            !text.contains("$1,600") && !text.contains("160000"),
            "{what} has a price"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(json["team"], 2, "{json}");
    assert_eq!(json["right_size"], serde_json::json!([]), "{json}");
    assert_eq!(json["types"][0]["figures"]["assigned"], 2, "{json}");
}

#[tokio::test]
async fn a_managers_manager_filter_finds_only_their_team_and_themselves() {
    let app = spawn_app().await;
    let (manager, csrf) = as_manager(&app).await;
    let filter = |text: &'static str| {
        let (manager, csrf, app) = (manager.clone(), csrf.clone(), &app);
        async move {
            let answer = post(app, &manager, &csrf, "users", &[("query[manager]", text)]).await;
            serde_json::from_str::<serde_json::Value>(&answer).unwrap()["manager"].clone()
        }
    };
    for outside in [
        "Xavier Beside",
        "xavier@example.com",
        "900",
        "Boss Above",
        "100",
    ] {
        let found = filter(outside).await;
        assert_eq!(found, "NotFound", "{outside}: {found}");
    }
    assert_eq!(filter("Alma Inside").await["Found"]["id"], "300");
    assert_eq!(
        filter("Mara Manager").await["Found"]["id"],
        "200",
        "themselves"
    );

    let html = page(&app, &manager, "/users?manager=Xavier+Beside").await;
    assert!(!html.contains("xavier@example.com"), "{html}");
    assert!(!html.contains("Yuri"), "{html}");
}

#[tokio::test]
async fn a_managers_view_of_a_user_ends_the_manager_chain_at_the_manager() {
    let app = spawn_app().await;
    let (manager, csrf) = as_manager(&app).await;
    let detail = post(&app, &manager, &csrf, "user_detail", &[("id", "400")]).await;
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    let chain: Vec<&str> = detail["Found"]["manager_chain"]
        .as_array()
        .unwrap_or_else(|| panic!("{detail}"))
        .iter()
        .map(|link| link["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        chain,
        ["300", "200"],
        "Alma, then the manager; nobody above"
    );
    let html = page(&app, &manager, "/users/400").await;
    assert!(!html.contains("Boss Above"), "{html}");

    // An admin still sees the whole chain.
    let admin: serde_json::Value = app.call("user_detail", &[("id", "400")]).await;
    assert_eq!(
        admin["Found"]["manager_chain"].as_array().unwrap().len(),
        3,
        "{admin}"
    );
}

#[tokio::test]
async fn a_managers_overview_charts_say_your_team_and_not_the_whole_company() {
    let app = spawn_app().await;
    let (manager, csrf) = as_manager(&app).await;
    let charts = post(&app, &manager, &csrf, "overview_charts", &[]).await;
    assert!(!charts.contains("whole company"), "{charts}");
    let charts: app::types::OverviewCharts = serde_json::from_str(&charts).unwrap();
    let hosted = charts
        .charts
        .iter()
        .find(|c| c.id == "hosted-per-week")
        .expect("the hosted calls chart");
    assert!(hosted.caption.contains("your team"), "{}", hosted.caption);
    assert!(hosted.svg.contains("your team"), "{}", hosted.svg);
    let overview = page(&app, &manager, "/").await;
    assert!(!overview.contains("whole company"), "{overview}");

    let company: app::types::OverviewCharts = app.call("overview_charts", &[]).await;
    assert!(company.charts[2].caption.contains("whole company"));
}
