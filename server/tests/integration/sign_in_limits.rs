//! Sign-in limits under attack (issue #13, items 2, 3 and 16): parallel guesses cannot pass the
//! per-account limit, anonymous visitors cannot fill the audit log, and behind a trusted proxy the
//! limit and `/metrics` see the real client's address.

use reqwest::Client;
use seat_audit::config::{HttpSettings, Settings};
use tempfile::TempDir;

use crate::support::{csrf_of, spawn_app, spawn_app_with, test_settings, DEMO_ADMIN, DEMO_FINANCE};

fn browser() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

/// The sign-in page's token for `client`.
async fn token(client: &Client, address: &str) -> String {
    let page = client.get(format!("{address}/login")).send().await.unwrap();
    csrf_of(&page.text().await.unwrap())
}

/// One sign-in post, optionally as if forwarded for `forwarded_for`; where it redirects to.
async fn post_sign_in(
    client: &Client,
    address: &str,
    csrf: &str,
    email: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> String {
    let mut request = client.post(format!("{address}/auth/login")).form(&[
        ("email", email),
        ("password", password),
        ("csrf", csrf),
        ("next", ""),
    ]);
    if let Some(address) = forwarded_for {
        request = request.header("x-forwarded-for", address);
    }
    let answer = request.send().await.unwrap();
    assert_eq!(answer.status(), 303, "a sign-in answers with a redirect");
    answer.headers()["location"].to_str().unwrap().to_owned()
}

async fn rows(app: &crate::support::TestApp, action: &str) -> i64 {
    seat_audit::db::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = ?")
        .bind(action)
        .fetch_one(&app.pool().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn forty_parallel_wrong_passwords_for_one_account_check_at_most_five() {
    let app = spawn_app().await;
    let client = browser();
    let csrf = token(&client, &app.address).await;
    let attempts = (0..40).map(|i| {
        let (client, address, csrf) = (client.clone(), app.address.clone(), csrf.clone());
        tokio::spawn(async move {
            let guess = format!("wrong guess number {i}");
            post_sign_in(&client, &address, &csrf, DEMO_FINANCE.0, &guess, None).await
        })
    });
    let answers = futures::future::join_all(attempts).await;
    let checked = answers
        .iter()
        .filter(|to| to.as_ref().unwrap().contains("error=credentials"))
        .count();
    let limited = answers
        .iter()
        .filter(|to| to.as_ref().unwrap().contains("error=limited-"))
        .count();
    assert_eq!((checked, limited), (5, 35), "{answers:?}");
    assert_eq!(rows(&app, "sign_in_failed").await, 5);
    assert_eq!(
        rows(&app, "sign_in_locked").await,
        1,
        "one row when the lock starts"
    );
    assert_eq!(
        rows(&app, "sign_in_refused").await,
        0,
        "no row per refused attempt"
    );
}

#[tokio::test]
async fn a_megabyte_email_is_cut_in_the_log_and_refused_attempts_write_nothing() {
    let app = spawn_app().await;
    let client = browser();
    let csrf = token(&client, &app.address).await;
    let huge = format!("{}@example.com", "x".repeat(1_000_000));
    for _ in 0..5 {
        let to = post_sign_in(&client, &app.address, &csrf, &huge, "wrong password!", None).await;
        assert!(to.contains("error=credentials"), "{to}");
    }
    let before: i64 = seat_audit::db::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&app.pool().await)
        .await
        .unwrap();
    for _ in 0..30 {
        let to = post_sign_in(&client, &app.address, &csrf, &huge, "wrong password!", None).await;
        assert!(to.contains("error=limited-"), "{to}");
    }
    let pool = app.pool().await;
    let (count, actor, subject): (i64, i64, i64) = seat_audit::db::query_as(
        "SELECT COUNT(*), CAST(MAX(length(actor)) AS BIGINT), CAST(MAX(length(subject)) AS BIGINT)
         FROM audit_log",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let longest = actor.max(subject);
    assert_eq!(count, before, "refused attempts add no rows");
    assert!(
        longest <= 320,
        "the longest actor or subject has {longest} characters"
    );
}

fn behind_proxy(data_dir: &TempDir) -> Settings {
    Settings {
        http: HttpSettings {
            trusted_proxies: serde_json::from_value(serde_json::json!("127.0.0.1")).unwrap(),
        },
        ..test_settings(data_dir.path())
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_clients_failures_do_not_lock_out_the_others() {
    let data_dir = TempDir::new().unwrap();
    let app = spawn_app_with(behind_proxy(&data_dir), data_dir).await;
    let client = browser();
    let csrf = token(&client, &app.address).await;
    for i in 0..20 {
        let email = format!("nobody{i}@example.com");
        let to = post_sign_in(
            &client,
            &app.address,
            &csrf,
            &email,
            "wrong password!",
            Some("198.51.100.1"),
        )
        .await;
        assert!(to.contains("error=credentials"), "{to}");
    }
    let (email, password) = DEMO_ADMIN;
    let attacker = post_sign_in(
        &client,
        &app.address,
        &csrf,
        email,
        password,
        Some("198.51.100.1"),
    )
    .await;
    assert!(attacker.contains("error=limited-"), "{attacker}");
    let colleague = browser();
    let csrf = token(&colleague, &app.address).await;
    let to = post_sign_in(
        &colleague,
        &app.address,
        &csrf,
        email,
        password,
        Some("203.0.113.7"),
    )
    .await;
    assert_eq!(to, "/", "another client behind the same proxy signs in");

    // The proxy's own address is loopback; the client it forwards for is not.
    let metrics = |forwarded: Option<&'static str>| {
        let mut request = Client::new().get(format!("{}/metrics", app.address));
        if let Some(forwarded) = forwarded {
            request = request.header("x-forwarded-for", forwarded);
        }
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(metrics(Some("203.0.113.7")).await, 403);
    assert_eq!(metrics(None).await, 200);
}

#[tokio::test]
async fn without_trusted_proxies_a_forwarded_address_is_ignored() {
    let app = spawn_app().await;
    let client = browser();
    let csrf = token(&client, &app.address).await;
    for i in 0..20 {
        let email = format!("nobody{i}@example.com");
        let forged = format!("198.51.100.{i}");
        let to = post_sign_in(
            &client,
            &app.address,
            &csrf,
            &email,
            "wrong password!",
            Some(&forged),
        )
        .await;
        assert!(to.contains("error=credentials"), "{to}");
    }
    let to = post_sign_in(
        &client,
        &app.address,
        &csrf,
        "new@example.com",
        "wrong password!",
        Some("203.0.113.99"),
    )
    .await;
    assert!(
        to.contains("error=limited-"),
        "a forged address does not escape the limit: {to}"
    );
    let metrics = Client::new()
        .get(format!("{}/metrics", app.address))
        .header("x-forwarded-for", "203.0.113.7")
        .send()
        .await
        .unwrap();
    assert_eq!(
        metrics.status(),
        200,
        "the peer is loopback, whatever it forwards"
    );
}
