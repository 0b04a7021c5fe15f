//! Sessions (issue #13, items 8, 18, 21 and 22): idle means idle, nothing is stored for a visitor
//! who has not signed in, session ids are stored hashed, and an open event stream ends with the
//! session or the account's right to it.

use std::time::Duration;

use reqwest::{header, Client};
use tempfile::TempDir;

use crate::support::{csrf_of, spawn_app, spawn_app_with, test_settings, TestApp, DEMO_FINANCE};

async fn session_rows(app: &TestApp) -> Vec<String> {
    let pool = app.pool().await;
    let table = seat_audit::web::session_store::Sessions::table(&pool);
    seat_audit::db::query_scalar(&format!("SELECT id FROM {table}"))
        .fetch_all(&pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn visitors_who_do_not_sign_in_leave_no_session_rows_and_the_form_stays_protected() {
    let app = spawn_app().await;
    let before = session_rows(&app).await;
    for _ in 0..5 {
        for path in ["/", "/login", "/users", "/settings", "/api/accounts"] {
            // A fresh cookieless client each time, as a crawler or an attacker would be.
            app.anonymous()
                .get(format!("{}{path}", app.address))
                .send()
                .await
                .unwrap();
        }
    }
    assert_eq!(session_rows(&app).await, before);

    // The sign-in form still needs its token: without it, or with another visitor's, refused.
    let forged = app
        .anonymous()
        .post(format!("{}/auth/login", app.address))
        .form(&[
            ("email", DEMO_FINANCE.0),
            ("password", DEMO_FINANCE.1),
            ("csrf", "0"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let page = app
        .anonymous()
        .get(format!("{}/login", app.address))
        .send()
        .await
        .unwrap();
    let someone_elses = csrf_of(&page.text().await.unwrap());
    let replayed = app
        .anonymous()
        .post(format!("{}/auth/login", app.address))
        .form(&[
            ("email", DEMO_FINANCE.0),
            ("password", DEMO_FINANCE.1),
            ("csrf", &someone_elses),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status(), 403);
    assert_eq!(session_rows(&app).await, before);
}

/// The value of cookie `name` among a response's `Set-Cookie` headers.
fn cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next()?.split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
}

#[tokio::test]
async fn the_database_holds_a_hash_of_the_session_id_not_the_cookie() {
    let app = spawn_app().await;
    let client = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(format!("{}/login", app.address))
        .send()
        .await
        .unwrap();
    let pre = cookie(&page, "seat_audit_csrf").expect("a pre-session token cookie");
    let csrf = csrf_of(&page.text().await.unwrap());
    let signed_in = client
        .post(format!("{}/auth/login", app.address))
        .header(header::COOKIE, format!("seat_audit_csrf={pre}"))
        .form(&[
            ("email", DEMO_FINANCE.0),
            ("password", DEMO_FINANCE.1),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.headers()["location"], "/");
    let id = cookie(&signed_in, "seat_audit_session").expect("a session cookie");
    let stored = session_rows(&app).await;
    assert!(!stored.is_empty());
    assert!(!stored.contains(&id), "{id} is stored as it is: {stored:?}");
    let home = client
        .get(format!("{}/", app.address))
        .header(header::COOKIE, format!("seat_audit_session={id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(home.status(), 200, "the cookie still opens the session");
}

#[tokio::test]
async fn a_session_in_use_stays_open_past_its_idle_time_and_an_idle_one_ends() {
    let data_dir = TempDir::new().unwrap();
    let mut settings = test_settings(data_dir.path());
    settings.session.idle_minutes = 1;
    let app = spawn_app_with(settings, data_dir).await;
    let (busy, _) = app.sign_in(DEMO_FINANCE.0, DEMO_FINANCE.1).await;
    let (idle, _) = app.sign_in(DEMO_FINANCE.0, DEMO_FINANCE.1).await;
    let opens = |client: Client| {
        let url = format!("{}/finance", app.address);
        async move { client.get(url).send().await.unwrap().status() == 200 }
    };
    // Time itself is the subject here: a request every 20 seconds for 80 seconds.
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_secs(20)).await;
        assert!(
            opens(busy.clone()).await,
            "a session in use stays signed in"
        );
    }
    assert!(
        !opens(idle.clone()).await,
        "a session unused for 80 s has ended"
    );
    tokio::time::sleep(Duration::from_secs(65)).await;
    assert!(
        !opens(busy).await,
        "after 65 s without a request it has ended too"
    );
}

/// Reads the stream until it ends; false if it is still open after `within`.
async fn ends_within(mut stream: reqwest::Response, within: Duration) -> bool {
    tokio::time::timeout(within, async move {
        while let Ok(Some(_)) = stream.chunk().await {}
    })
    .await
    .is_ok()
}

async fn open_stream(client: &Client, app: &TestApp) -> reqwest::Response {
    let mut stream = client
        .get(format!("{}/sync/events", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let first = stream.chunk().await.unwrap().expect("the first event");
    assert!(String::from_utf8_lossy(&first).contains("progress"));
    stream
}

#[tokio::test]
async fn an_open_event_stream_ends_at_sign_out_and_when_the_role_no_longer_opens_it() {
    let app = spawn_app().await;
    let (finance, csrf) = app.sign_in(DEMO_FINANCE.0, DEMO_FINANCE.1).await;
    let stream = open_stream(&finance, &app).await;
    let signed_out = finance
        .post(format!("{}/auth/logout", app.address))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 303);
    assert!(
        ends_within(stream, Duration::from_secs(12)).await,
        "ends at sign-out"
    );

    let (finance, _) = app.sign_in(DEMO_FINANCE.0, DEMO_FINANCE.1).await;
    let stream = open_stream(&finance, &app).await;
    let id: i64 = seat_audit::db::query_scalar("SELECT id FROM accounts WHERE email = ?")
        .bind(DEMO_FINANCE.0)
        .fetch_one(&app.pool().await)
        .await
        .unwrap();
    let () = app
        .call(
            "update_account",
            &[("id", &id.to_string()), ("role", "auditor")],
        )
        .await;
    assert!(
        ends_within(stream, Duration::from_secs(12)).await,
        "ends at the role change"
    );
}

#[tokio::test]
async fn a_pre_session_cookie_planted_by_someone_else_does_not_let_their_form_sign_in() {
    let app = spawn_app().await;
    let client = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // A value of the attacker's choosing in the cookie, repeated in their form: the old double
    // submit accepted it.
    let planted = "ab".repeat(32);
    let forged = client
        .post(format!("{}/auth/login", app.address))
        .header(header::COOKIE, format!("seat_audit_csrf={planted}"))
        .form(&[
            ("email", DEMO_FINANCE.0),
            ("password", DEMO_FINANCE.1),
            ("csrf", &planted),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        forged.status(),
        403,
        "a planted cookie and its echo are refused"
    );
    assert!(
        cookie(&forged, "seat_audit_session").is_none(),
        "nobody is signed in"
    );

    // The page's own token for the server's cookie still works.
    let page = client
        .get(format!("{}/login", app.address))
        .send()
        .await
        .unwrap();
    let pre = cookie(&page, "seat_audit_csrf").expect("a pre-session cookie");
    let csrf = csrf_of(&page.text().await.unwrap());
    assert_ne!(pre, csrf, "the form's token is not the cookie's value");
    let signed_in = client
        .post(format!("{}/auth/login", app.address))
        .header(header::COOKIE, format!("seat_audit_csrf={pre}"))
        .form(&[
            ("email", DEMO_FINANCE.0),
            ("password", DEMO_FINANCE.1),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.headers()["location"], "/");
}

#[tokio::test]
async fn with_secure_cookies_the_pre_session_cookie_is_host_only() {
    let data_dir = TempDir::new().unwrap();
    let mut settings = test_settings(data_dir.path());
    settings.session.secure_cookie = true;
    let app = spawn_app_with(settings, data_dir).await;
    // A visitor who has not signed in (the app's own client is signed in).
    let page = Client::new()
        .get(format!("{}/login", app.address))
        .send()
        .await
        .unwrap();
    let set: Vec<String> = page
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .filter(|v| v.contains("seat_audit_csrf"))
        .collect();
    assert_eq!(set.len(), 1, "{set:?}");
    assert!(set[0].starts_with("__Host-seat_audit_csrf="), "{set:?}");
    assert!(
        set[0].contains("; Secure") && set[0].contains("Path=/"),
        "{set:?}"
    );
    assert!(!set[0].contains("Domain="), "{set:?}");
}
