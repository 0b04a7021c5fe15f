//! Seats and money through the running server: the Finance page's data after a demo sync against
//! the report, the CSV and XLSX exports (formulas neutralised), and the all-or-nothing seat import.

use std::io::Cursor;

use app::types::{SeatImportOutcome, SeatSummary, SeatType};
use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, Utc};
use seat_audit::report::{Report, ReportRow, Signal, Status};
use serde_json::Value;
use tempfile::TempDir;

use crate::support::{
    binary, demo_seats, save_report, spawn_app, spawn_app_with, test_settings, TestApp,
};

impl TestApp {
    async fn seat_summary(&self) -> SeatSummary {
        self.call("seat_summary", &[]).await
    }

    async fn import_seats(&self, csv: &str) -> SeatImportOutcome {
        self.call("import_seats", &[("csv", csv)]).await
    }

    async fn download(&self, path: &str) -> Vec<u8> {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let disposition = response.headers()["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        response.bytes().await.unwrap().to_vec()
    }
}

/// The cells of an XLSX file's first worksheet, as text.
fn xlsx_rows(bytes: Vec<u8>, sheet: &str) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let formulas = workbook.worksheet_formula(sheet).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "an export holds no formula"
    );
    workbook
        .worksheet_range(sheet)
        .unwrap()
        .rows()
        .map(<[Data]>::to_vec)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn after_the_demo_sync_the_seat_figures_and_the_users_export_agree_with_the_report() {
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
    assert!(
        users.len() > 1_000,
        "the demo company has about 1,200 users"
    );

    // Expected, per docs/product.md: deactivated users hold no seat; in use = active, new, protected,
    // unmonitored; idle = inactive, never active; underused = listener.
    let seats = demo_seats();
    let holds = |user: &Value, seat: &str| {
        let email = user["email"].as_str().unwrap().to_lowercase();
        let held = seats
            .get(&email)
            .map_or(seat == "gong", |s| s.iter().any(|t| t == seat));
        user["active"] == true && user["status"] != "deactivated" && held
    };
    let gong: Vec<&Value> = users.iter().filter(|u| holds(u, "gong")).collect();
    let with_status = |statuses: &[&str]| {
        gong.iter()
            .filter(|u| statuses.contains(&u["status"].as_str().unwrap()))
            .count() as u32
    };
    let in_use = with_status(&["active", "new", "protected", "unmonitored"]);
    let idle = with_status(&["inactive", "never_active"]);
    let underused = with_status(&["listener"]);
    let forecast = users.iter().filter(|u| holds(u, "forecast")).count() as u32;
    assert!(idle > 0 && in_use > 0, "the demo has idle and used seats");

    let summary = app.seat_summary().await;
    let as_of: DateTime<Utc> = report["as_of"].as_str().unwrap().parse().unwrap();
    // The report's JSON gives whole seconds.
    assert_eq!(
        summary.as_of.map(|t| t.timestamp()),
        Some(as_of.timestamp())
    );
    let figures = |t: SeatType| summary.seat_type(t).unwrap().figures.clone();
    let g = figures(SeatType::Gong);
    let usage = g.usage.expect("the Gong seat's usage is visible");
    assert_eq!(g.assigned, gong.len() as u32);
    assert_eq!(
        (usage.in_use, usage.idle, usage.underused),
        (in_use, idle, underused)
    );
    assert_eq!(summary.open_candidates, idle + underused);
    let gong_holders_in_export = seats
        .values()
        .filter(|s| s.contains(&"gong".into()))
        .count();
    let purchased = g.purchased.expect("an admin reads the purchased seats");
    assert_eq!(
        purchased as usize,
        gong_holders_in_export.div_ceil(50) * 50,
        "the demo buys the exported Gong seats rounded up to 50"
    );
    assert_eq!(g.spare, Some(purchased.saturating_sub(g.assigned)));
    let price = summary
        .seat_type(SeatType::Gong)
        .unwrap()
        .price_per_year_cents
        .expect("an admin reads the prices");
    assert_eq!(g.idle_cost_cents, i64::from(idle + underused) * price);
    assert_eq!(figures(SeatType::Forecast).assigned, forecast);
    assert_eq!(figures(SeatType::Forecast).usage, None, "usage not visible");
    assert!(summary.renewal.is_some(), "the demo has a renewal date");

    let finance = app.get("/finance").await.text().await.unwrap();
    assert!(
        finance.contains(r#"data-testid="seats-table""#),
        "{finance}"
    );
    assert!(finance.contains("none executed yet"), "{finance}");
    let overview = app.get("/").await.text().await.unwrap();
    assert!(
        overview.contains(r#"data-testid="seat-figures""#),
        "{overview}"
    );

    let csv = String::from_utf8(app.download("/export/users.csv").await).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("Name,Email,Title,Manager,Status,Last active,Calls 30 d"));
    assert_eq!(lines.len() - 1, users.len(), "one row per report user");
    for user in users {
        let email = user["email"].as_str().unwrap();
        assert!(csv.contains(email), "{email} missing from the export");
    }
    let xlsx = xlsx_rows(app.download("/export/users.xlsx").await, "Users");
    assert_eq!(xlsx.len() - 1, users.len());

    let seats_csv = String::from_utf8(app.download("/export/seats.csv").await).unwrap();
    let gong_line = seats_csv.lines().nth(1).unwrap();
    assert!(
        gong_line.starts_with(&format!(
            "Gong,{},{},{in_use},{idle},{underused},",
            purchased, g.assigned
        )),
        "{gong_line}"
    );
    assert_eq!(seats_csv.lines().count(), 5, "three seat types and a total");
}

async fn save_names(app: &TestApp, names: &[&str]) {
    let pool = app.pool().await;
    let as_of: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    let rows = names
        .iter()
        .enumerate()
        .map(|(i, name)| ReportRow {
            id: format!("{}", 9_223_372_036_854_775_800u64 + i as u64),
            email: format!("user{i}@example.com"),
            name: (*name).into(),
            manager_id: None,
            active: true,
            status: Status::Inactive,
            last_active: Some("2026-03-02".parse().unwrap()),
            last_active_signal: Some(Signal::Hosted),
            last_hosted_call: Some("2026-03-02T12:00:00Z".parse().unwrap()),
            calls_30d: Some(0),
            calls_90d: Some(0),
            calls_365d: Some(3),
            reason: Some("no hosted call since 2026-03-02, 266 days".into()),
        })
        .collect();
    let report = Report {
        as_of,
        lookback_days: 365,
        signals: vec![Signal::Hosted],
        rows,
    };
    save_report(&pool, &report).await;
}

#[tokio::test]
async fn exports_before_any_report_say_there_is_none() {
    let app = spawn_app().await;
    for path in [
        "/export/seats.csv",
        "/export/seats.xlsx",
        "/export/users.csv",
        "/export/users.xlsx",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.text().await.unwrap().contains("No report yet"));
    }
    let finance = app.get("/finance").await.text().await.unwrap();
    assert!(finance.contains("No report yet"), "{finance}");
    assert_eq!(app.seat_summary().await.as_of, None);
}

#[tokio::test]
async fn a_name_starting_with_a_formula_character_comes_out_as_text_in_csv_and_xlsx() {
    let app = spawn_app().await;
    let names = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1",
        "-2",
        "@SUM(A1)",
        "Zoë",
    ];
    save_names(&app, &names).await;

    let csv = String::from_utf8(app.download("/export/users.csv").await).unwrap();
    let first_cells: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|line| line.rsplit_once(",user").unwrap().0)
        .collect();
    assert_eq!(
        first_cells,
        [
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            "'+1",
            "'-2",
            "'@SUM(A1)",
            "Zoë"
        ]
    );

    let rows = xlsx_rows(app.download("/export/users.xlsx").await, "Users");
    let names_read: Vec<&Data> = rows.iter().skip(1).map(|row| &row[0]).collect();
    let expected: Vec<Data> = [
        "'=HYPERLINK(\"http://x\",\"y\")",
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "Zoë",
    ]
    .into_iter()
    .map(|s| Data::String(s.into()))
    .collect();
    assert_eq!(names_read, expected.iter().collect::<Vec<_>>());
    assert_eq!(rows[1][6], Data::Float(0.0), "calls are numbers");
}

#[tokio::test]
async fn a_seat_csv_with_one_bad_row_is_refused_whole_with_its_line_number() {
    let app = spawn_app().await;
    let pool = app.pool().await;
    let count = || async {
        seat_audit::db::query_scalar::<i64>("SELECT COUNT(*) FROM seat_assignments")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let demo_rows = count().await;
    assert!(demo_rows > 1_000, "the demo imported its seat export");

    let bad = "email,seat_types,technical_admin\n\
        new.one@acme.example,Gong,false\n\
        new.two@acme.example,Gong;Forecast,yes\n\
        new.three@acme.example,Gong;Chorus,no\n\
        new.four@acme.example,Engage,0\n";
    let outcome = app.import_seats(bad).await;
    let SeatImportOutcome::Refused { problems } = outcome else {
        panic!("a file with a bad row was imported: {outcome:?}");
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, 4);
    assert!(problems[0].reason.contains("Chorus"), "{problems:?}");
    assert_eq!(count().await, demo_rows, "nothing was imported");
    let new: i64 = seat_audit::db::query_scalar(
        "SELECT COUNT(*) FROM seat_assignments WHERE substr(email, 1, 4) = 'new.'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(new, 0);

    let good = bad.replace("Gong;Chorus", "Gong");
    assert_eq!(
        app.import_seats(&good).await,
        SeatImportOutcome::Imported { rows: 4 }
    );
    assert_eq!(count().await, 4, "an import replaces the imported rows");
}

/// The company's figures are kept between requests; each change of what they count shows at once.
#[tokio::test]
async fn the_seat_figures_follow_every_change_of_prices_assignments_and_reports_at_once() {
    let app = spawn_app().await;
    save_names(&app, &["Ann", "Bob", "Cy"]).await;
    let gong = |summary: &SeatSummary| {
        summary
            .types
            .iter()
            .find(|t| t.seat_type == SeatType::Gong)
            .map(|t| (t.figures.purchased, t.figures.assigned))
            .unwrap()
    };
    let first = app.seat_summary().await;
    assert_eq!(
        app.seat_summary().await,
        first,
        "asked twice, the same answer"
    );
    assert_eq!(gong(&first).1, 3);

    app.submit(
        "save_seat_types",
        &[
            ("gong_purchased", "40"),
            ("gong_price", "1000"),
            ("forecast_purchased", "0"),
            ("forecast_price", "0"),
            ("engage_purchased", "0"),
            ("engage_price", "0"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        gong(&app.seat_summary().await),
        (Some(40), 3),
        "a new purchased number"
    );

    let outcome: SeatImportOutcome = app
        .call(
            "import_seats",
            &[(
                "csv",
                "email,seat_types,technical_admin\nuser0@example.com,forecast,no\n",
            )],
        )
        .await;
    assert!(
        matches!(outcome, SeatImportOutcome::Imported { .. }),
        "{outcome:?}"
    );
    assert_eq!(
        gong(&app.seat_summary().await),
        (Some(40), 2),
        "Ann holds Forecast only now"
    );

    save_names(&app, &["Ann", "Bob", "Cy", "Dee", "Eve"]).await;
    assert_eq!(
        gong(&app.seat_summary().await),
        (Some(40), 4),
        "a new report"
    );
}
