//! Changing one's password and an admin's reset (issue #13, item 20): the current password is
//! needed for a change, a reset sends the person to the change form until they have chosen their
//! own, both are audited, and the form works without JavaScript and needs its token.

use reqwest::Client;

use crate::support::{sign_in_attempt, spawn_app, TestApp, DEMO_FINANCE};

async fn change(client: &Client, app: &TestApp, csrf: &str, current: &str, new: &str) -> String {
    let answer = client
        .post(format!("{}/account/password", app.address))
        .form(&[
            ("csrf", csrf),
            ("current", current),
            ("new", new),
            ("confirm", new),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 303);
    answer.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_reset_password_must_be_changed_before_anything_else_and_both_are_audited() {
    let app = spawn_app().await;
    let pool = app.pool().await;
    let id: i64 = seat_audit::db::query_scalar("SELECT id FROM accounts WHERE email = ?")
        .bind(DEMO_FINANCE.0)
        .fetch_one(&pool)
        .await
        .unwrap();
    let short: reqwest::Response = app
        .client
        .post(format!("{}/api/reset_password", app.address))
        .header("x-csrf-token", &app.csrf)
        .header("accept", "application/json")
        .form(&[("id", id.to_string().as_str()), ("password", "short")])
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), 422, "a short password is refused by name");
    assert!(short.text().await.unwrap().contains("at least 12"));
    let () = app
        .call(
            "reset_password",
            &[("id", &id.to_string()), ("password", "temporary password")],
        )
        .await;

    let old = sign_in_attempt(&app.address, DEMO_FINANCE.0, DEMO_FINANCE.1).await;
    assert!(
        old.contains("error=credentials"),
        "the old password no longer works: {old}"
    );
    let (finance, _) = app.sign_in(DEMO_FINANCE.0, "temporary password").await;
    let home = finance
        .get(format!("{}/finance", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(home.headers()["location"], "/account/password");
    let api = finance
        .get(format!("{}/export/users.csv", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 403);
    let form = finance
        .get(format!("{}/account/password", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("An admin has reset your password"), "{form}");
    let csrf = csrf_of_form(&form);

    let unprotected = finance
        .post(format!("{}/account/password", app.address))
        .form(&[
            ("current", "temporary password"),
            ("new", "my own password"),
            ("confirm", "my own password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(unprotected.status(), 403, "no token, no change");
    let wrong = change(&finance, &app, &csrf, "not the password", "my own password").await;
    assert!(wrong.ends_with("error=current"), "{wrong}");
    let short = change(&finance, &app, &csrf, "temporary password", "short").await;
    assert!(short.ends_with("error=short"), "{short}");
    let done = change(
        &finance,
        &app,
        &csrf,
        "temporary password",
        "my own password",
    )
    .await;
    assert!(done.ends_with("changed=1"), "{done}");
    let home = finance
        .get(format!("{}/finance", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(home.status(), 200);
    app.sign_in(DEMO_FINANCE.0, "my own password").await;

    let logged: Vec<(String, String)> = seat_audit::db::query_as(
        "SELECT actor, action FROM audit_log WHERE action LIKE 'password_%' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        logged,
        [
            (
                "admin@demo.seat-audit.test".to_owned(),
                "password_reset".to_owned()
            ),
            (DEMO_FINANCE.0.to_owned(), "password_changed".to_owned()),
        ]
    );
}

#[tokio::test]
async fn only_an_admin_may_reset_a_password() {
    let app = spawn_app().await;
    let (finance, csrf) = app.sign_in(DEMO_FINANCE.0, DEMO_FINANCE.1).await;
    let refused = finance
        .post(format!("{}/api/reset_password", app.address))
        .header("x-csrf-token", &csrf)
        .header("accept", "application/json")
        .form(&[("id", "1"), ("password", "someone else's now")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}

/// The token in the change form's hidden field.
fn csrf_of_form(html: &str) -> String {
    let start =
        html.find(r#"name="csrf" value=""#).expect("a csrf field") + r#"name="csrf" value=""#.len();
    html[start..].split('"').next().unwrap().to_owned()
}
