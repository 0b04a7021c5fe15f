//! Who may open what (docs/product.md "Who sees what"): every page, server function and export, for
//! anonymous visitors and each role; a manager sees only their subtree; state-changing requests
//! without the CSRF token are refused; sign-ins and changes are in the audit log.

use chrono::{DateTime, Utc};
use reqwest::{Client, StatusCode};
use seat_audit::report::{Report, Signal, Status};

use crate::support::{
    report_row as row, save_report, spawn_app, TestApp, DEMO_ADMIN, DEMO_AUDITOR, DEMO_FINANCE,
    DEMO_MANAGER_PASSWORD,
};

/// A signed-in (or anonymous) client and its CSRF token.
struct As {
    who: &'static str,
    client: Client,
    csrf: String,
}

/// A report where the demo manager account's Gong user manages Alma, who manages Bruno; Xavier
/// and the manager's own manager are outside the subtree.
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
                "Boss Outside",
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
                "Xavier Outsider",
                "xavier@example.com",
                Some("100"),
                Status::NeverActive,
            ),
        ],
    };
    save_report(&pool, &report).await;
    manager_email
}

async fn everyone(app: &TestApp, manager_email: &str) -> Vec<As> {
    let anonymous = app.anonymous();
    let page = anonymous
        .get(format!("{}/login", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    // The anonymous client keeps no cookie, so its token matches no session: the sign-in page of
    // a cookie-keeping stranger gives a session and a token, but no account.
    let stranger = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let html = stranger
        .get(format!("{}/login", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let stranger_csrf = crate::support::csrf_of(&html);
    let (finance, finance_csrf) = app.sign_in(DEMO_FINANCE.0, DEMO_FINANCE.1).await;
    let (manager, manager_csrf) = app.sign_in(manager_email, DEMO_MANAGER_PASSWORD).await;
    let (auditor, auditor_csrf) = app.sign_in(DEMO_AUDITOR.0, DEMO_AUDITOR.1).await;
    vec![
        As {
            who: "anonymous",
            client: stranger,
            csrf: stranger_csrf,
        },
        As {
            who: "admin",
            client: app.client.clone(),
            csrf: app.csrf.clone(),
        },
        As {
            who: "finance",
            client: finance,
            csrf: finance_csrf,
        },
        As {
            who: "manager",
            client: manager,
            csrf: manager_csrf,
        },
        As {
            who: "auditor",
            client: auditor,
            csrf: auditor_csrf,
        },
    ]
}

/// Which of anonymous, admin, finance, manager, auditor may.
type Allowed = [bool; 5];
/// A server function's endpoint, its form, and who may call it.
type Function = (&'static str, Vec<(&'static str, &'static str)>, Allowed);
const ADMIN: Allowed = [false, true, false, false, false];
const FIGURES: Allowed = [false, true, true, true, false];
const PEOPLE: Allowed = [false, true, true, true, false];
const APPROVALS: Allowed = [false, true, false, true, false];
const AUDIT: Allowed = [false, true, false, false, true];

#[tokio::test]
async fn every_page_function_and_export_answers_each_role_as_the_product_table_says() {
    let app = spawn_app().await;
    let manager_email = company(&app).await;
    let people = everyone(&app, &manager_email).await;

    let pages: [(&str, Allowed); 9] = [
        ("/", FIGURES),
        ("/finance", FIGURES),
        ("/users", PEOPLE),
        ("/users/300", PEOPLE),
        ("/candidates", PEOPLE),
        ("/approvals", APPROVALS),
        ("/sync", [false, true, true, false, false]),
        ("/settings", ADMIN),
        ("/audit", AUDIT),
    ];
    for (path, allowed) in pages {
        for (i, person) in people.iter().enumerate() {
            let answer = person
                .client
                .get(format!("{}{path}", app.address))
                .send()
                .await
                .unwrap();
            let status = answer.status();
            if i == 0 {
                assert_eq!(status, StatusCode::SEE_OTHER, "{path} anonymous");
                let to = answer.headers()["location"].to_str().unwrap();
                assert!(to.starts_with("/login?next="), "{path}: {to}");
            } else if allowed[i] {
                assert_eq!(status, StatusCode::OK, "{path} as {}", person.who);
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{path} as {}", person.who);
                let body = answer.text().await.unwrap();
                assert!(
                    !body.contains("Alma Inside"),
                    "{path} as {} leaks: {body}",
                    person.who
                );
            }
        }
    }

    let functions: [Function; 12] = [
        ("seat_summary", vec![], FIGURES),
        ("overview_charts", vec![], FIGURES),
        ("users", vec![("query[page]", "1")], PEOPLE),
        ("user_detail", vec![("id", "300")], PEOPLE),
        ("candidates", vec![], PEOPLE),
        ("sync_runs", vec![], [false, true, true, false, false]),
        ("sync_progress", vec![], [false, true, true, false, false]),
        ("settings", vec![], ADMIN),
        ("connection", vec![], ADMIN),
        ("accounts", vec![], ADMIN),
        ("unprotect_user", vec![("user_id", "nobody")], ADMIN),
        ("audit", vec![("query[page]", "1")], AUDIT),
    ];
    for (function, form, allowed) in &functions {
        for (i, person) in people.iter().enumerate() {
            let answer = person
                .client
                .post(format!("{}/api/{function}", app.address))
                .header("accept", "application/json")
                .header("x-csrf-token", &person.csrf)
                .form(form)
                .send()
                .await
                .unwrap();
            let expected = match (i, allowed[i]) {
                (0, _) => StatusCode::UNAUTHORIZED,
                (_, true) => StatusCode::OK,
                (_, false) => StatusCode::FORBIDDEN,
            };
            let mut status = answer.status();
            let body = answer.text().await.unwrap();
            if allowed[i] && status == StatusCode::UNPROCESSABLE_ENTITY {
                // The function ran and refused a field: that is its own answer, not access.
                status = StatusCode::OK;
            }
            assert_eq!(
                status, expected,
                "/api/{function} as {}: {body}",
                person.who
            );
            if !allowed[i] {
                assert!(
                    !body.contains("Alma"),
                    "/api/{function} as {} leaks: {body}",
                    person.who
                );
            }
        }
    }

    let exports: [(&str, Allowed); 4] = [
        ("/export/seats.csv", FIGURES),
        ("/export/users.csv", PEOPLE),
        ("/export/audit.csv", AUDIT),
        ("/sync/events", [false, true, true, false, false]),
    ];
    for (path, allowed) in exports {
        for (i, person) in people.iter().enumerate() {
            let status = person
                .client
                .get(format!("{}{path}", app.address))
                .send()
                .await
                .unwrap()
                .status();
            let expected = match (i, allowed[i]) {
                (0, _) => StatusCode::UNAUTHORIZED,
                (_, true) => StatusCode::OK,
                (_, false) => StatusCode::FORBIDDEN,
            };
            assert_eq!(status, expected, "{path} as {}", person.who);
        }
    }
}

#[tokio::test]
async fn a_manager_sees_exactly_their_subtree_on_every_page_function_and_export() {
    let app = spawn_app().await;
    let manager_email = company(&app).await;
    let (manager, csrf) = app.sign_in(&manager_email, DEMO_MANAGER_PASSWORD).await;
    let get = |path: &str| {
        let (client, url) = (manager.clone(), format!("{}{path}", app.address));
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };

    let users = get("/users").await;
    assert!(
        users.contains(r#"href="/users/300""#) && users.contains(r#"href="/users/400""#),
        "{users}"
    );
    // The manager's own name shows as Alma's manager, but no row is theirs or an outsider's.
    for outside in ["100", "200", "900"] {
        assert!(
            !users.contains(&format!(r#"href="/users/{outside}""#)),
            "user {outside} on the Users page"
        );
    }
    assert!(!users.contains("Xavier Outsider") && !users.contains("Boss Outside"));
    // Asking for another manager's team, or a search, does not reach outside the subtree.
    let other_team = get("/users?manager=100").await;
    assert!(!other_team.contains("Xavier Outsider"), "{other_team}");
    let searched = get("/users?q=xavier").await;
    assert!(!searched.contains("Xavier Outsider"), "{searched}");

    let candidates = get("/candidates").await;
    assert!(candidates.contains("Alma Inside") && candidates.contains("Bruno Deeper"));
    assert!(!candidates.contains("Xavier Outsider"), "{candidates}");

    let inside = get("/users/400").await;
    assert!(inside.contains("Bruno Deeper"), "{inside}");
    let outside = get("/users/900").await;
    assert!(!outside.contains("Xavier"), "{outside}");
    let by_function = manager
        .post(format!("{}/api/user_detail", app.address))
        .header("accept", "application/json")
        .header("x-csrf-token", &csrf)
        .form(&[("id", "900")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        by_function, r#""NotFound""#,
        "outside the subtree is not found"
    );

    // Overview and Finance count the team alone, without the company's contract.
    let summary: serde_json::Value = manager
        .post(format!("{}/api/seat_summary", app.address))
        .header("accept", "application/json")
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(summary["team"], 2, "{summary}");
    let gong = &summary["types"][0]["figures"];
    assert_eq!(
        (gong["assigned"].as_u64(), gong["usage"]["idle"].as_u64()),
        (Some(2), Some(2)),
        "{summary}"
    );
    let finance = get("/finance").await;
    assert!(finance.contains(r#"data-testid="team-scope""#), "{finance}");
    assert!(
        !finance.contains(r#"data-testid="seats-table""#),
        "no company seats table"
    );
    let overview = get("/").await;
    assert!(
        overview.contains("Gong seats of your team (2 people below you)"),
        "{overview}"
    );
    let seats_csv = get("/export/seats.csv").await;
    let header = seats_csv.lines().next().unwrap_or_default();
    assert!(
        header.starts_with("Seat type,Assigned,In use") && !header.contains("Purchased"),
        "{header}"
    );

    let export = get("/export/users.csv").await;
    let names: Vec<&str> = export
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(names, ["Alma Inside", "Bruno Deeper"], "{export}");
}

#[tokio::test]
async fn a_state_changing_request_without_the_sessions_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let before: serde_json::Value = app.call("settings", &[]).await;
    let form = [
        ("inactivity_days", "10"),
        ("grace_days", "5"),
        ("lookback_days", "365"),
        ("time_zone", "UTC"),
        ("quota_share_pct", "50"),
    ];
    let missing = app
        .client
        .post(format!("{}/api/save_policy", app.address))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::FORBIDDEN);
    let wrong = app
        .client
        .post(format!("{}/api/save_policy", app.address))
        .header("x-csrf-token", "0".repeat(64))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let mut with_field = form.to_vec();
    let wrong_field = "1".repeat(64);
    with_field.push(("csrf", &wrong_field));
    let plain = app
        .client
        .post(format!("{}/api/save_policy", app.address))
        .header("accept", "text/html")
        .form(&with_field)
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), StatusCode::FORBIDDEN);
    let logout = app
        .client
        .post(format!("{}/auth/logout", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(
        logout.status(),
        StatusCode::FORBIDDEN,
        "even signing out needs the token"
    );
    let after: serde_json::Value = app.call("settings", &[]).await;
    assert_eq!(before, after, "nothing was saved");

    // With the token in the form, as a page without JavaScript sends it, the same save works.
    let mut good = form.to_vec();
    good.push(("csrf", &app.csrf));
    let saved = app
        .client
        .post(format!("{}/api/save_policy", app.address))
        .header("accept", "application/json")
        .form(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    let after: serde_json::Value = app.call("settings", &[]).await;
    assert_eq!(after["policy"]["inactivity_days"], 10);
}

#[tokio::test]
async fn sign_ins_failures_and_settings_changes_are_in_the_audit_log_which_refuses_edits() {
    let app = spawn_app().await;
    let stranger =
        crate::support::sign_in_attempt(&app.address, DEMO_ADMIN.0, "wrong password").await;
    assert!(
        stranger.starts_with("/login?error=credentials"),
        "{stranger}"
    );
    app.call::<()>(
        "save_contract",
        &[
            ("renewal_date", "2027-03-01"),
            ("notice_days", "60"),
            ("uplift_pct", "5"),
            ("headroom_pct", "10"),
            ("currency", "EUR"),
        ],
    )
    .await;

    let (auditor, _) = app.sign_in(DEMO_AUDITOR.0, DEMO_AUDITOR.1).await;
    let csv = auditor
        .get(format!("{}/export/audit.csv", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains(&format!("{},sign_in_failed", DEMO_ADMIN.0)),
        "{csv}"
    );
    assert!(csv.contains(&format!("{},sign_in,", DEMO_ADMIN.0)), "{csv}");
    let change = csv
        .lines()
        .find(|l| l.contains("settings_changed") && l.contains("contract"))
        .unwrap_or_else(|| panic!("the contract change in {csv}"));
    assert!(change.contains("2027-03-01"), "after: {change}");

    let filtered = auditor
        .get(format!("{}/audit?action=sign_in_failed", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(filtered.contains("wrong email or password"), "{filtered}");
    assert!(!filtered.contains("settings changed</td>"), "{filtered}");

    let pool = app.pool().await;
    let update = seat_audit::db::query("UPDATE audit_log SET actor = 'nobody'")
        .execute(&pool)
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = seat_audit::db::query("DELETE FROM audit_log")
        .execute(&pool)
        .await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

#[tokio::test]
async fn after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let to =
            crate::support::sign_in_attempt(&app.address, DEMO_FINANCE.0, "not it at all").await;
        assert!(to.contains("error=credentials"), "{to}");
    }
    let to = crate::support::sign_in_attempt(&app.address, DEMO_FINANCE.0, DEMO_FINANCE.1).await;
    assert!(to.contains("error=limited-"), "{to}");
}

#[tokio::test]
async fn workflow_steps_refuse_the_roles_that_may_not_take_them() {
    let app = spawn_app().await;
    let manager_email = company(&app).await;
    let people = everyone(&app, &manager_email).await;
    // Which of anonymous, admin, finance, manager, auditor may take each step.
    let steps: [(&str, Allowed); 7] = [
        ("/workflow/propose", ADMIN),
        ("/workflow/execute", ADMIN),
        ("/workflow/undo", ADMIN),
        ("/workflow/settings", ADMIN),
        ("/workflow/decide", APPROVALS),
        ("/notify/settings", ADMIN),
        ("/notify/test", ADMIN),
    ];
    for (path, allowed) in steps {
        for (i, person) in people.iter().enumerate() {
            let answer = person
                .client
                .post(format!("{}{path}", app.address))
                .form(&[("csrf", person.csrf.as_str()), ("expiry_days", "x")])
                .send()
                .await
                .unwrap();
            assert_eq!(
                answer.status(),
                StatusCode::SEE_OTHER,
                "{path} as {}",
                person.who
            );
            let to = answer.headers()["location"].to_str().unwrap().to_owned();
            let role_refused = to.contains("does%20not%20allow") || to.contains("does+not+allow");
            match (i, allowed[i]) {
                (0, _) => assert!(to.starts_with("/login?next="), "{path} anonymous: {to}"),
                (_, true) => assert!(!role_refused, "{path} as {}: {to}", person.who),
                (_, false) => assert!(role_refused, "{path} as {}: {to}", person.who),
            }
        }
    }
    let pool = app.pool().await;
    let items: i64 = seat_audit::db::query_scalar("SELECT COUNT(*) FROM workflow_items")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(items, 0, "nothing was proposed");
    let saved: i64 = seat_audit::db::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE subject = 'notifications' OR action LIKE 'notification%'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        saved, 0,
        "no notification setting was saved, no test message sent"
    );
}
