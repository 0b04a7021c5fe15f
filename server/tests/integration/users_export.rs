//! "Export this view" on the Users page (docs/product.md, "Pages"): `/export/users.csv` and
//! `/export/users.xlsx` with the page's URL parameters hold exactly the rows of every page of
//! `/api/users` for the same query, in the same order, within the viewer's scope; a bad parameter
//! is refused with 422 and a sentence naming it.

use std::{
    collections::{BTreeSet, HashMap, HashSet, VecDeque},
    io::Cursor,
};

use app::types::{SeatType, UsersPage};
use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, Utc};
use reqwest::Client;
use seat_audit::{
    report::{Report, ReportRow, Signal, Status},
    seats::{store, Assignment, SeatSet},
};

use crate::support::{spawn_app, TestApp, DEMO_MANAGER_PASSWORD};

/// More than two pages of 50, so a view that spans pages is checked whole.
const USERS: usize = 130;

fn id(i: usize) -> String {
    // Gong ids are numeric strings above 2^53 (docs/gong-api.md).
    format!("{}", 9_100_000_000_000_000_000u64 + i as u64)
}

fn email(i: usize) -> String {
    format!("user{i}@export.example")
}

/// A company several levels deep (each user's manager is an earlier user), with names in mixed
/// case, a comma and quotes in some names (so the CSV's quoting is read too), users never active,
/// ties on the last active day, and deactivated users. User 3's email is `manager_email`.
fn company(manager_email: &str) -> Vec<ReportRow> {
    let statuses = [
        Status::Active,
        Status::Inactive,
        Status::Listener,
        Status::NeverActive,
        Status::New,
        Status::Unmonitored,
        Status::Protected,
    ];
    let first = ["Ann", "bob", "Cyd", "Dee, \"Jr\"", "ANNA"];
    (0..USERS)
        .map(|i| {
            let manager_id = match i {
                0 => None,
                1..=4 => Some(id(0)),
                _ => Some(id((i * 37 + 11) % i.min(25))),
            };
            let active = i % 11 != 6;
            let last_active =
                (i % 6 != 5).then(|| format!("2026-0{}-1{}", 1 + i % 9, i % 10).parse().unwrap());
            ReportRow {
                id: id(i),
                email: if i == 3 {
                    manager_email.to_owned()
                } else {
                    email(i)
                },
                name: format!("{} {i:03}", first[i % first.len()]),
                manager_id,
                active,
                status: if active {
                    statuses[i % statuses.len()]
                } else {
                    Status::Deactivated
                },
                last_active,
                last_active_signal: last_active.map(|_| Signal::Hosted),
                last_hosted_call: None,
                calls_30d: Some((i % 4) as u32),
                calls_90d: (i % 8 != 3).then_some((i % 13) as u32),
                calls_365d: Some(i as u32),
                reason: None,
            }
        })
        .collect()
}

/// The company stored as a complete sync's report, with seat assignments for most users.
async fn seed(app: &TestApp) -> (Vec<ReportRow>, String) {
    let pool = app.pool().await;
    let manager_email: String =
        seat_audit::db::query_scalar("SELECT email FROM accounts WHERE role = 'manager'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let rows = company(&manager_email);
    let as_of: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    let report = Report {
        as_of,
        lookback_days: 365,
        signals: vec![Signal::Hosted],
        rows: rows.clone(),
    };
    crate::support::save_report(&pool, &report).await;
    let none = SeatSet::default();
    for row in &rows {
        let i: usize = row.name[row.name.len() - 3..].parse().unwrap();
        let seats = match i % 4 {
            // No assignment row: a Gong seat only.
            0 => continue,
            1 => none.with(SeatType::Gong).with(SeatType::Forecast),
            2 => none,
            _ => none.with(SeatType::Engage),
        };
        let assignment = Assignment {
            email: row.email.clone(),
            seats,
            technical_admin: false,
        };
        store::set_assignment(&pool, &assignment, Utc::now())
            .await
            .unwrap();
    }
    (rows, manager_email)
}

/// A signed-in browser and its CSRF token.
struct Viewer<'a> {
    app: &'a TestApp,
    client: Client,
    csrf: String,
}

impl<'a> Viewer<'a> {
    fn admin(app: &'a TestApp) -> Viewer<'a> {
        Viewer {
            app,
            client: app.client.clone(),
            csrf: app.csrf.clone(),
        }
    }

    async fn signed_in(app: &'a TestApp, email: &str, password: &str) -> Viewer<'a> {
        let (client, csrf) = app.sign_in(email, password).await;
        Viewer { app, client, csrf }
    }

    /// Every page of `/api/users` for the page's URL parameters `url` (its page number aside), as
    /// (name, email) in order.
    async fn api_rows(&self, url: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut form: Vec<(String, String)> = url
            .iter()
            .filter(|(name, _)| *name != "page")
            .map(|(name, value)| {
                let field = match *name {
                    "dir" => "descending",
                    "seat" => "seat_type",
                    "q" => "search",
                    other => other,
                };
                (format!("query[{field}]"), value.to_string())
            })
            .collect();
        form.push(("query[page]".into(), String::new()));
        let mut rows = Vec::new();
        for page in 1.. {
            form.last_mut().unwrap().1 = page.to_string();
            let response = self
                .client
                .post(format!("{}/api/users", self.app.address))
                .header("accept", "application/json")
                .header("x-csrf-token", &self.csrf)
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "/api/users {form:?}");
            let answer: UsersPage = response.json().await.unwrap();
            let done = answer.rows.is_empty();
            rows.extend(answer.rows.into_iter().map(|r| (r.name, r.email)));
            if done || rows.len() as u64 >= answer.total {
                assert_eq!(rows.len() as u64, answer.total, "{url:?}: pages add up");
                break;
            }
        }
        rows
    }

    /// `GET path?url` and its status, and its body as bytes.
    async fn get(&self, path: &str, url: &[(&str, &str)]) -> (u16, Vec<u8>) {
        let response = self
            .client
            .get(format!("{}{path}", self.app.address))
            .query(url)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.bytes().await.unwrap().to_vec())
    }

    /// The CSV export of the view `url`, as its header and its rows of cells.
    async fn csv(&self, url: &[(&str, &str)]) -> (Vec<String>, Vec<Vec<String>>) {
        let (status, body) = self.get("/export/users.csv", url).await;
        let text = String::from_utf8(body).unwrap();
        assert_eq!(status, 200, "{url:?}: {text}");
        let mut lines = parse_csv(&text);
        let header = lines.remove(0);
        (header, lines)
    }

    /// The XLSX export of the view `url`, as (name, email) in order.
    async fn xlsx(&self, url: &[(&str, &str)]) -> Vec<(String, String)> {
        let (status, body) = self.get("/export/users.xlsx", url).await;
        assert_eq!(status, 200, "{url:?}");
        let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(body)).unwrap();
        let sheet = workbook.worksheet_range("Users").unwrap();
        let text = |cell: &Data| match cell {
            Data::String(s) => s.clone(),
            other => panic!("{url:?}: a name or email that is not text: {other:?}"),
        };
        let mut rows = sheet.rows();
        assert_eq!(text(&rows.next().unwrap()[1]), "Email");
        rows.map(|row| (text(&row[0]), text(&row[1]))).collect()
    }
}

/// RFC 4180, as the export writes it: quoted cells may hold commas, doubled quotes and line ends.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut lines, mut line, mut cell) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => line.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                line.push(std::mem::take(&mut cell));
                lines.push(std::mem::take(&mut line));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(
        cell.is_empty() && line.is_empty(),
        "the file ends with a line end"
    );
    lines
}

fn names_and_emails(rows: &[Vec<String>]) -> Vec<(String, String)> {
    rows.iter()
        .map(|row| (row[0].clone(), row[1].clone()))
        .collect()
}

/// The emails of everyone below the user `manager` along `manager_id`, computed without SQL.
fn descendants(rows: &[ReportRow], manager: &str) -> BTreeSet<String> {
    let mut reports: HashMap<&str, Vec<&str>> = HashMap::new();
    for row in rows {
        if let Some(m) = &row.manager_id {
            reports.entry(m.as_str()).or_default().push(&row.email);
        }
    }
    let ids: HashMap<&str, &str> = rows
        .iter()
        .map(|r| (r.email.as_str(), r.id.as_str()))
        .collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut queue = VecDeque::from([manager]);
    let mut below = BTreeSet::new();
    while let Some(next) = queue.pop_front() {
        for &report in reports.get(next).into_iter().flatten() {
            if seen.insert(report) {
                below.insert(report.to_owned());
                queue.push_back(ids[report]);
            }
        }
    }
    below
}

/// Views of the Users page, as the page writes them in its URL; one asks for page 2, which the
/// export ignores.
fn views(rows: &[ReportRow]) -> Vec<Vec<(&'static str, String)>> {
    let s = |v: &str| v.to_owned();
    vec![
        vec![],
        vec![("q", s("ann"))],
        vec![("q", s("1")), ("sort", s("name")), ("page", s("2"))],
        vec![("status", s("inactive"))],
        vec![("status", s("never_active")), ("sort", s("calls_90d"))],
        vec![
            ("seat", s("forecast")),
            ("sort", s("email")),
            ("dir", s("desc")),
        ],
        vec![("seat", s("none")), ("sort", s("seat_types"))],
        vec![("manager", rows[1].email.clone()), ("sort", s("manager"))],
        vec![("sort", s("last_active")), ("dir", s("desc"))],
        vec![
            ("manager", rows[0].name.clone()),
            ("seat", s("gong")),
            ("q", s("user")),
            ("sort", s("last_active")),
            ("dir", s("desc")),
        ],
    ]
}

fn pairs<'a>(view: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    view.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn the_csv_export_of_a_view_holds_every_page_of_that_view_in_the_same_order() {
    let app = spawn_app().await;
    let (rows, _) = seed(&app).await;
    let admin = Viewer::admin(&app);

    let mut longest = 0;
    for view in views(&rows) {
        let url = pairs(&view);
        let expected = admin.api_rows(&url).await;
        let (header, exported) = admin.csv(&url).await;
        assert_eq!(header[..2], ["Name", "Email"]);
        assert!(!expected.is_empty(), "{url:?} matches somebody");
        assert_eq!(names_and_emails(&exported), expected, "{url:?}");
        longest = longest.max(expected.len());
        if let Some((_, status)) = url.iter().find(|(name, _)| *name == "status") {
            let column = header.iter().position(|h| h == "Status").unwrap();
            assert!(
                exported
                    .iter()
                    .all(|row| row[column] == status.replace('_', " ")),
                "{url:?}: every row has the status asked for"
            );
        }
    }
    assert!(longest > 50, "some view spans more than one page");

    // No parameters: every user of the report, as the whole-table export always gave.
    let (_, everyone) = admin.csv(&[]).await;
    assert_eq!(everyone.len(), rows.len());
    // The default sort, last active day first to last with the never active last, ties by id.
    let mut by_last_active: Vec<&ReportRow> = rows.iter().collect();
    by_last_active.sort_by_key(|r| (r.last_active.is_none(), r.last_active, r.id.clone()));
    let emails: Vec<&str> = everyone.iter().map(|r| r[1].as_str()).collect();
    let expected: Vec<&str> = by_last_active.iter().map(|r| r.email.as_str()).collect();
    assert_eq!(emails, expected);
}

#[tokio::test]
async fn the_xlsx_export_of_a_view_holds_the_same_rows_as_the_csv() {
    let app = spawn_app().await;
    let (rows, _) = seed(&app).await;
    let admin = Viewer::admin(&app);

    for view in views(&rows) {
        let url = pairs(&view);
        let expected = admin.api_rows(&url).await;
        assert_eq!(admin.xlsx(&url).await, expected, "{url:?}");
    }
}

#[tokio::test]
async fn a_managers_export_of_a_view_holds_only_their_team() {
    let app = spawn_app().await;
    let (rows, manager_email) = seed(&app).await;
    let team = descendants(&rows, &id(3));
    assert!(team.len() > 5, "the manager has a team several levels deep");
    let manager = Viewer::signed_in(&app, &manager_email, DEMO_MANAGER_PASSWORD).await;
    let admin = Viewer::admin(&app);

    let views: [&[(&str, &str)]; 4] = [
        &[],
        &[("sort", "name"), ("dir", "desc")],
        &[("q", "ann"), ("sort", "calls_365d")],
        &[("status", "inactive")],
    ];
    for url in views {
        let (_, exported) = manager.csv(url).await;
        let exported = names_and_emails(&exported);
        assert_eq!(exported, manager.api_rows(url).await, "{url:?}");
        assert_eq!(manager.xlsx(url).await, exported, "{url:?}");
        let emails: BTreeSet<String> = exported.iter().map(|(_, e)| e.clone()).collect();
        assert!(emails.is_subset(&team), "{url:?}: {emails:?}");
        let (_, everyone) = admin.csv(url).await;
        assert!(
            everyone.len() > exported.len(),
            "{url:?}: the admin's view holds people outside the team"
        );
    }
    let (_, whole) = manager.csv(&[]).await;
    let whole: BTreeSet<String> = whole.iter().map(|row| row[1].clone()).collect();
    assert_eq!(whole, team, "no parameters: the whole team, nobody else");

    // A manager outside the team is nobody the manager may name.
    let (status, body) = manager
        .get("/export/users.csv", &[("manager", &rows[1].email)])
        .await;
    let body = String::from_utf8(body).unwrap();
    assert_eq!(status, 422, "{body}");
    assert!(body.starts_with("Manager: "), "{body}");
}

#[tokio::test]
async fn a_bad_parameter_of_the_users_export_is_refused_with_422_naming_it() {
    let app = spawn_app().await;
    let (rows, _) = seed(&app).await;
    let admin = Viewer::admin(&app);
    let long = "n".repeat(201);

    let cases: [(&str, &str, &str); 7] = [
        ("sort", "nonsense", "Sort: "),
        ("dir", "sideways", "Descending: "),
        ("status", "retired", "Status: "),
        ("seat", "chorus", "Seat type: "),
        ("q", &long, "Search: "),
        ("manager", &long, "Manager: "),
        ("manager", "Nobody At All", "Manager: "),
    ];
    for path in ["/export/users.csv", "/export/users.xlsx"] {
        for (name, value, sentence) in cases {
            let (status, body) = admin.get(path, &[(name, value)]).await;
            let body = String::from_utf8(body).unwrap();
            assert_eq!(status, 422, "{path} {name}={value}: {body}");
            assert!(body.starts_with(sentence), "{path} {name}={value}: {body}");
        }
    }

    // The page number is no part of a view: any value is ignored and every page comes.
    let (_, whole) = admin.csv(&[("sort", "name")]).await;
    for page in ["nonsense", "-1", "3"] {
        let (_, paged) = admin.csv(&[("sort", "name"), ("page", page)]).await;
        assert_eq!(paged, whole, "page={page}");
    }
    assert_eq!(whole.len(), rows.len());
}

#[tokio::test]
async fn the_users_page_links_its_view_to_the_exports_without_the_page_number() {
    let app = spawn_app().await;
    seed(&app).await;

    let html = app
        .get("/users?sort=name&dir=desc&status=inactive&q=ann%20&page=2")
        .await
        .text()
        .await
        .unwrap()
        .replace("&amp;", "&");
    for extension in ["csv", "xlsx"] {
        let link =
            format!(r#"href="/export/users.{extension}?sort=name&dir=desc&status=inactive&q=ann""#);
        assert!(html.contains(&link), "{link} missing: {html}");
    }
    assert!(html.contains(r#"data-testid="export-view""#), "{html}");

    let finance = app.get("/finance").await.text().await.unwrap();
    assert!(
        finance.contains(r#"href="/export/users.csv" download"#),
        "the Finance page keeps the whole-table export: {finance}"
    );

    let nobody = app.get("/users?q=zzz-nobody").await.text().await.unwrap();
    assert!(
        !nobody.contains(r#"data-testid="export-view""#),
        "no links when no user matches"
    );
}
