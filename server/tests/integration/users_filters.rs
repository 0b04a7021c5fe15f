//! The Users table's seat-type and manager-subtree filters against a stored report: the subtree is
//! exactly the manager's descendants along the report's `manager_id`, the seat types agree with
//! `seat_assignments`, and the page keeps both filters in its server-rendered HTML.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use app::types::{ManagerMatch, SeatType, UserRow, UserSort, UsersQuery};
use chrono::{DateTime, Utc};
use seat_audit::{
    dashboard::users,
    db::Pool,
    report::{Report, ReportRow, Signal, Status},
    seats::{store, Assignment, SeatSet},
};

use crate::support::{spawn_app, TestApp};

/// Users in the generated company; more than a page, so the filters are checked across pages.
const USERS: usize = 240;

fn id(i: usize) -> String {
    // Gong ids are numeric strings above 2^53 (docs/gong-api.md).
    format!("{}", 9_000_000_000_000_000_000u64 + i as u64)
}

fn email(i: usize) -> String {
    format!("user{i}@filters.example")
}

/// A company whose managers are chosen pseudo-randomly among earlier users, so the tree is several
/// levels deep; one user reports to a manager outside the report, and two managers report to each
/// other (Gong's data is not checked for cycles).
fn company() -> Vec<ReportRow> {
    let statuses = [
        Status::Active,
        Status::Inactive,
        Status::Listener,
        Status::NeverActive,
        Status::New,
        Status::Unmonitored,
        Status::Protected,
    ];
    let mut state = 0x2545_f491_u64;
    let mut rows: Vec<ReportRow> = (0..USERS)
        .map(|i| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let manager_id = match i {
                0 => None,
                7 => Some("404".to_owned()),
                // Mostly the first few dozen users manage, so subtrees have depth.
                _ => Some(id((state >> 33) as usize % i.min(40))),
            };
            let active = i % 9 != 4;
            row(i, manager_id, active, statuses[i % statuses.len()])
        })
        .collect();
    let (a, b) = (USERS, USERS + 1);
    rows.push(row(a, Some(id(b)), true, Status::Active));
    rows.push(row(b, Some(id(a)), true, Status::Inactive));
    rows.push(row(USERS + 2, Some(id(a)), true, Status::Active));
    rows
}

fn row(i: usize, manager_id: Option<String>, active: bool, status: Status) -> ReportRow {
    ReportRow {
        id: id(i),
        email: email(i),
        name: format!("User {i:03}"),
        manager_id,
        active,
        status: if active { status } else { Status::Deactivated },
        last_active: Some("2026-03-02".parse().unwrap()),
        last_active_signal: Some(Signal::Hosted),
        last_hosted_call: Some("2026-03-02T12:00:00Z".parse().unwrap()),
        calls_30d: Some(0),
        calls_90d: Some(1),
        calls_365d: Some(i as u32),
        reason: None,
    }
}

/// The seat types of user `i`, or `None` for no assignment row (a Gong seat only).
fn seats_of(i: usize) -> Option<SeatSet> {
    let none = SeatSet::default();
    match i % 5 {
        0 => None,
        1 => Some(none.with(SeatType::Gong)),
        2 => Some(none.with(SeatType::Gong).with(SeatType::Forecast)),
        3 => Some(none),
        _ => Some(none.with(SeatType::Engage).with(SeatType::Forecast)),
    }
}

/// The generated company stored as a complete sync's report, with seat assignments whose emails
/// differ from the report's in case.
async fn seed(app: &TestApp) -> (Pool, Vec<ReportRow>) {
    seed_rows(app, company()).await
}

async fn seed_rows(app: &TestApp, rows: Vec<ReportRow>) -> (Pool, Vec<ReportRow>) {
    let pool = app.pool().await;
    let as_of: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    let report = Report {
        as_of,
        lookback_days: 365,
        signals: vec![Signal::Hosted],
        rows: rows.clone(),
    };
    crate::support::save_report(&pool, &report).await;
    for i in 0..rows.len() {
        if let Some(seats) = seats_of(i) {
            let assignment = Assignment {
                email: email(i)
                    .replace("user", "User")
                    .replace("filters", "Filters"),
                seats,
                technical_admin: false,
            };
            store::set_assignment(&pool, &assignment, Utc::now())
                .await
                .unwrap();
        }
    }
    (pool, rows)
}

/// Every row the query matches, page by page.
async fn all_rows(pool: &Pool, query: UsersQuery) -> Vec<UserRow> {
    let mut rows = Vec::new();
    let mut page = 1;
    loop {
        let answer = users::page(
            pool,
            &users::Counts::default(),
            &UsersQuery {
                page,
                ..query.clone()
            },
            None,
        )
        .await
        .unwrap();
        let done = answer.rows.is_empty();
        rows.extend(answer.rows);
        if done || rows.len() as u64 >= answer.total {
            assert_eq!(
                rows.len() as u64,
                answer.total,
                "the pages add up to the total"
            );
            return rows;
        }
        page += 1;
    }
}

fn ids(rows: &[UserRow]) -> BTreeSet<String> {
    rows.iter().map(|r| r.id.clone()).collect()
}

/// Everyone below `manager` along `manager_id`, computed without SQL.
fn descendants(rows: &[ReportRow], manager: &str) -> BTreeSet<String> {
    let mut reports: HashMap<&str, Vec<&str>> = HashMap::new();
    for row in rows {
        if let Some(m) = &row.manager_id {
            reports.entry(m.as_str()).or_default().push(&row.id);
        }
    }
    let mut seen: HashSet<&str> = HashSet::from([manager]);
    let mut queue = VecDeque::from([manager]);
    let mut below = BTreeSet::new();
    while let Some(next) = queue.pop_front() {
        for &report in reports.get(next).into_iter().flatten() {
            if seen.insert(report) {
                below.insert(report.to_owned());
                queue.push_back(report);
            }
        }
    }
    below
}

#[tokio::test]
async fn the_manager_filter_shows_exactly_everyone_below_that_manager_at_any_depth() {
    let app = spawn_app().await;
    let (pool, rows) = seed(&app).await;

    let report_id: i64 = seat_audit::db::query_scalar("SELECT MAX(id) FROM reports")
        .fetch_one(&pool)
        .await
        .unwrap();
    let with_reports: BTreeSet<String> = rows
        .iter()
        .filter(|m| rows.iter().any(|r| r.manager_id.as_ref() == Some(&m.id)))
        .map(|m| m.id.clone())
        .collect();
    for row in &rows {
        let by_id = users::find_managers(&pool, report_id, &row.id)
            .await
            .unwrap();
        let by_email = users::find_managers(&pool, report_id, &row.email.to_uppercase())
            .await
            .unwrap();
        if with_reports.contains(&row.id) {
            assert_eq!(by_id.len(), 1, "{} by id", row.name);
            assert_eq!(by_email, by_id, "{} by email, any case", row.name);
        } else {
            assert!(by_id.is_empty(), "{} has no reports", row.name);
        }
    }
    let managers: Vec<&ReportRow> = rows
        .iter()
        .filter(|r| with_reports.contains(&r.id))
        .collect();

    let mut deep = false;
    for manager in &managers {
        let expected = descendants(&rows, &manager.id);
        let direct = rows
            .iter()
            .filter(|r| r.manager_id.as_ref() == Some(&manager.id))
            .count();
        deep |= expected.len() > direct;
        let found = all_rows(
            &pool,
            UsersQuery {
                manager: Some(manager.id.clone()),
                ..UsersQuery::default()
            },
        )
        .await;
        assert_eq!(ids(&found), expected, "below {}", manager.name);
    }
    assert!(deep, "some subtree is deeper than the direct reports");

    let cycle = descendants(&rows, &id(USERS));
    assert_eq!(
        cycle,
        BTreeSet::from([id(USERS + 1), id(USERS + 2)]),
        "a manager is never below themself, even in a cycle"
    );
    let orphan = users::page(
        &pool,
        &users::Counts::default(),
        &UsersQuery {
            manager: Some("404".into()),
            ..UsersQuery::default()
        },
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        ids(&orphan.rows),
        descendants(&rows, "404"),
        "a manager outside the report still has a subtree"
    );
    let unknown = users::page(
        &pool,
        &users::Counts::default(),
        &UsersQuery {
            manager: Some("Nobody At All".into()),
            ..UsersQuery::default()
        },
        None,
    )
    .await
    .unwrap();
    assert_eq!(unknown.manager, Some(ManagerMatch::NotFound));
    assert!(unknown.rows.is_empty(), "no guess at whose team was meant");
}

#[tokio::test]
async fn the_seat_type_filter_agrees_with_the_seat_assignments() {
    let app = spawn_app().await;
    let (pool, rows) = seed(&app).await;

    let assigned: HashMap<String, (bool, bool, bool)> =
        seat_audit::db::query_as::<(String, bool, bool, bool)>(
            "SELECT email, gong, forecast, engage FROM seat_assignments",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
        .into_iter()
        .map(|(email, g, f, e)| (email.to_lowercase(), (g, f, e)))
        .collect();
    // No assignment row: a Gong seat only; deactivated: no seat at all (docs/product.md).
    let held = |row: &ReportRow| -> Vec<SeatType> {
        if !row.active {
            return Vec::new();
        }
        let (g, f, e) = assigned
            .get(&row.email.to_lowercase())
            .copied()
            .unwrap_or((true, false, false));
        [
            (SeatType::Gong, g),
            (SeatType::Forecast, f),
            (SeatType::Engage, e),
        ]
        .into_iter()
        .filter_map(|(t, holds)| holds.then_some(t))
        .collect()
    };

    let everyone = all_rows(&pool, UsersQuery::default()).await;
    assert_eq!(everyone.len(), rows.len());
    for row in &everyone {
        let report_row = rows.iter().find(|r| r.id == row.id).unwrap();
        assert_eq!(row.seat_types, held(report_row), "{}", row.email);
    }

    // The filter's key and the seat type it asks for; `none` asks for no seat type at all.
    let filters = [
        ("gong", Some(SeatType::Gong)),
        ("forecast", Some(SeatType::Forecast)),
        ("engage", Some(SeatType::Engage)),
        ("none", None),
    ];
    for (key, wanted) in filters {
        let holds = |seats: &[SeatType]| match wanted {
            Some(seat_type) => seats.contains(&seat_type),
            None => seats.is_empty(),
        };
        let expected: BTreeSet<String> = rows
            .iter()
            .filter(|r| r.active && holds(&held(r)))
            .map(|r| r.id.clone())
            .collect();
        assert!(!expected.is_empty(), "the company has {key} seats");
        let found = all_rows(
            &pool,
            UsersQuery {
                seat_type: Some(key.into()),
                ..UsersQuery::default()
            },
        )
        .await;
        assert_eq!(ids(&found), expected, "seat type {key}");
    }
    let unknown = users::page(
        &pool,
        &users::Counts::default(),
        &UsersQuery {
            seat_type: Some("chorus".into()),
            ..UsersQuery::default()
        },
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        unknown.total,
        rows.len() as u64,
        "an unknown seat type filters nothing"
    );
}

#[tokio::test]
async fn the_filters_combine_and_the_seat_types_column_sorts_deactivated_users_last() {
    let app = spawn_app().await;
    let (pool, rows) = seed(&app).await;

    let manager = id(0);
    let below = descendants(&rows, &manager);
    let query = UsersQuery {
        manager: Some(manager),
        seat_type: Some("forecast".into()),
        status: Some("inactive".into()),
        ..UsersQuery::default()
    };
    let found = all_rows(&pool, query).await;
    assert!(!found.is_empty());
    for row in &found {
        assert!(below.contains(&row.id));
        assert_eq!(row.status, "inactive");
        assert!(row.seat_types.contains(&SeatType::Forecast));
    }

    let sorted = all_rows(
        &pool,
        UsersQuery {
            sort: UserSort::SeatTypes,
            ..UsersQuery::default()
        },
    )
    .await;
    let keys: Vec<Option<String>> = sorted
        .iter()
        .map(|r| {
            (r.status != "deactivated").then(|| {
                r.seat_types
                    .iter()
                    .map(|t| t.label())
                    .collect::<Vec<_>>()
                    .join(";")
            })
        })
        .collect();
    let first_deactivated = keys.iter().position(Option::is_none).unwrap();
    assert!(keys[first_deactivated..].iter().all(Option::is_none));
    let held = &keys[..first_deactivated];
    assert!(held.windows(2).all(|w| w[0] <= w[1]), "{held:?}");
    assert_eq!(held[0].as_deref(), Some(""), "collaborators first");
}

#[tokio::test]
async fn the_users_page_renders_the_new_filters_and_column_without_javascript() {
    let app = spawn_app().await;
    let (_pool, rows) = seed(&app).await;
    let manager = rows.iter().find(|m| m.id == id(0)).unwrap();

    let html = app
        .get(&format!(
            "/users?seat=none&manager={}",
            manager.email.replace('@', "%40")
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"data-testid="users-table""#), "{html}");
    assert!(html.contains("Seat types"), "{html}");
    assert!(
        html.contains(r#"data-testid="seat-types">Collaborator"#),
        "{html}"
    );
    assert!(
        !html.contains(r#"data-testid="seat-types">Gong"#),
        "only collaborators: {html}"
    );
    assert!(
        html.contains(&format!(
            r#"name="manager" autocomplete="off" value="{}""#,
            manager.email
        )),
        "the manager asked for stays in the field: {html}"
    );
    assert!(
        html.contains(&format!("Everyone below {}", manager.name)),
        "the page says whose team it shows: {html}"
    );
    assert!(html.contains(r#"<option value="none" selected"#), "{html}");
}

/// A value a column sorts by, as the page shows it; `None` sorts last in either direction.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Text(String),
    Number(i64),
}

fn sort_value(sort: UserSort, row: &UserRow) -> Option<Key> {
    let text = |s: &str| Some(Key::Text(s.to_lowercase()));
    let number = |n: Option<i64>| n.map(Key::Number);
    match sort {
        UserSort::Name => text(&row.name),
        UserSort::Email => text(&row.email),
        UserSort::Title => row.title.as_deref().and_then(text),
        UserSort::Manager => row.manager.as_deref().and_then(text),
        UserSort::Status => text(row.status.as_str()),
        UserSort::LastActive => row.last_active.as_deref().and_then(text),
        UserSort::Calls30 => number(row.calls_30d),
        UserSort::Calls90 => number(row.calls_90d),
        UserSort::Calls365 => number(row.calls_365d),
        UserSort::SeatTypes => (row.status != "deactivated").then(|| {
            let labels: Vec<&str> = row.seat_types.iter().map(|t| t.label()).collect();
            Key::Text(labels.join(";"))
        }),
    }
}

#[tokio::test]
async fn every_sort_pages_through_each_user_once_in_order_with_missing_values_last() {
    let app = spawn_app().await;
    // Names in mixed case, users never active, and users without call counts.
    let rows = company()
        .into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            if i % 4 == 1 {
                row.name = row.name.to_lowercase();
            }
            if i % 6 == 5 {
                row.last_active = None;
                row.last_active_signal = None;
            } else {
                row.last_active = Some(format!("2026-0{}-1{}", 1 + i % 9, i % 10).parse().unwrap());
            }
            if i % 8 == 3 {
                row.calls_30d = None;
                row.calls_90d = None;
            }
            row
        })
        .collect();
    let (pool, rows) = seed_rows(&app, rows).await;

    for sort in UserSort::ALL {
        for descending in [false, true] {
            for status in [None, Some("active".to_owned())] {
                let found = all_rows(
                    &pool,
                    UsersQuery {
                        sort,
                        descending,
                        status: status.clone(),
                        ..UsersQuery::default()
                    },
                )
                .await;
                let expected = rows
                    .iter()
                    .filter(|r| {
                        status
                            .as_ref()
                            .is_none_or(|s| r.status.as_str() == s.as_str())
                    })
                    .count();
                let what = format!("{sort:?}, descending {descending}, status {status:?}");
                assert_eq!(found.len(), expected, "{what}");
                assert_eq!(ids(&found).len(), expected, "{what}: each user once");
                for pair in found.windows(2) {
                    let (a, b) = (sort_value(sort, &pair[0]), sort_value(sort, &pair[1]));
                    let in_order = match (&a, &b) {
                        (Some(_), None) => true,
                        (None, Some(_)) => false,
                        _ if descending => (&b, &pair[1].id) <= (&a, &pair[0].id),
                        _ => (&a, &pair[0].id) <= (&b, &pair[1].id),
                    };
                    assert!(
                        in_order,
                        "{what}: {a:?} {} then {b:?} {}",
                        pair[0].id, pair[1].id
                    );
                }
            }
        }
    }
}
