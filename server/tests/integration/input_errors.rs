//! Bad input gets a 4xx with a sentence naming the field, never a 500: the Users page and its
//! server function, the audit log's dates, and an oversize request body.

use reqwest::StatusCode;

use crate::support::{spawn_app, TestApp};

/// Posts `form` to `/api/{function}` as a script would; the status and the body.
async fn post(app: &TestApp, function: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let response = app
        .client
        .post(format!("{}/api/{function}", app.address))
        .header("accept", "application/json")
        .header("x-csrf-token", &app.csrf)
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

#[tokio::test]
async fn each_bad_field_of_the_users_function_is_refused_with_422_and_its_name() {
    let app = spawn_app().await;
    let long = "n".repeat(201);
    let cases: [(&str, &str, &str); 8] = [
        ("query[page]", "-1", "Page: "),
        ("query[page]", "1000000000000", "Page: "),
        ("query[page]", "page two", "Page: "),
        ("query[sort]", "salary", "Sort: "),
        ("query[descending]", "sideways", "Descending: "),
        ("query[status]", "retired", "Status: "),
        ("query[seat_type]", "chorus", "Seat type: "),
        ("query[search]", &long, "Search: "),
    ];
    for (field, value, sentence) in cases {
        let (status, body) = post(&app, "users", &[(field, value)]).await;
        assert_eq!(status, 422, "{field}={value}: {body}");
        assert!(body.contains(sentence), "{field}={value}: {body}");
    }
    let (status, body) = post(&app, "users", &[("query[manager]", &"m".repeat(201))]).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("Manager: "), "{body}");

    let (status, body) = post(
        &app,
        "users",
        &[("query[page]", "2"), ("query[sort]", "name")],
    )
    .await;
    assert_eq!(status, 200, "a good query still answers: {body}");
}

#[tokio::test]
async fn the_users_page_clamps_a_bad_page_and_refuses_an_overlong_search_by_name() {
    let app = spawn_app().await;
    for query in [
        "page=-1",
        "page=1000000000000",
        "sort=salary&status=retired&seat=chorus",
    ] {
        let response = app.get(&format!("/users?{query}")).await;
        assert_eq!(response.status(), 200, "/users?{query}");
    }
    let response = app.get(&format!("/users?q={}", "n".repeat(300))).await;
    let status = response.status();
    let html = response.text().await.unwrap();
    assert!(status.is_success() || status.is_client_error(), "{status}");
    assert!(html.contains("Search: at most 200 characters"), "{html}");
}

#[tokio::test]
async fn an_invalid_audit_date_is_refused_with_422_or_400_and_its_name() {
    let app = spawn_app().await;
    let (status, body) = post(&app, "audit", &[("query[from]", "2026-13-45")]).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("From: "), "{body}");
    let (status, body) = post(&app, "audit", &[("query[to]", "tomorrow")]).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("To: "), "{body}");

    let export = app.get("/export/audit.csv?from=2026-13-45").await;
    assert_eq!(export.status(), 400);
    assert!(export.text().await.unwrap().contains("From: "));
}

#[tokio::test]
async fn a_body_over_two_megabytes_is_refused_with_413_and_a_sentence() {
    let app = spawn_app().await;
    let csv = format!(
        "email,seat_types,technical_admin\n{}",
        "a@x.example,Gong,false\n".repeat(120_000)
    );
    assert!(csv.len() > 2 * 1024 * 1024);
    let (status, body) = post(&app, "import_seats", &[("csv", &csv)]).await;
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("larger than 2 MB"), "{body}");
    // Nothing was imported: the demo's assignments are as they were.
    let pool = app.pool().await;
    let rows: i64 = seat_audit::db::query_scalar(
        "SELECT COUNT(*) FROM seat_assignments WHERE email = 'a@x.example'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn a_server_function_field_that_cannot_be_read_is_refused_with_422_and_its_name() {
    let app = spawn_app().await;
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 6] = [
        (
            "audit",
            &[("query[page]", "-1")],
            "Page: -1 is not a page number",
        ),
        (
            "audit",
            &[("query[page]", "two")],
            "Page: “two” is not a whole number",
        ),
        (
            "update_account",
            &[("id", "first"), ("role", "admin")],
            "Account: “first”",
        ),
        (
            "reset_password",
            &[("id", "-x"), ("password", "long enough password")],
            "Account: “-x”",
        ),
        (
            "add_account",
            &[
                ("email", "new@example.com"),
                ("password", "long enough password"),
            ],
            "role",
        ),
        ("user_detail", &[], "id"),
    ];
    for (function, form, sentence) in cases {
        let (status, body) = post(&app, function, form).await;
        assert_eq!(status, 422, "{function} {form:?}: {body}");
        assert!(body.contains(sentence), "{function} {form:?}: {body}");
    }
    let (status, body) = post(&app, "audit", &[("query[page]", "1")]).await;
    assert_eq!(status, 200, "a good page still answers: {body}");
    let accounts: serde_json::Value = app
        .client
        .post(format!("{}/api/accounts", app.address))
        .header("x-csrf-token", &app.csrf)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        !accounts.to_string().contains("new@example.com"),
        "nothing was added by a refused request: {accounts}"
    );
}
