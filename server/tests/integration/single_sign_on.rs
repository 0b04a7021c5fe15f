//! Single sign-on with OpenID Connect against a real provider (npm `oidc-provider` on loopback):
//! the mapped role, refusals that end on the sign-in page with a sentence and no session (a bad
//! signature, a reused or expired code, clock skew among them), roles following the provider's
//! groups but never leaving no admin, discovery kept and read again for a rotated key, sign-out at
//! the provider, SSO-only accounts marked in Settings and by the command line, and a partial
//! configuration.

use serde_json::json;
use tempfile::TempDir;

use crate::support::{
    binary, browser,
    identity_provider::{
        sign_in_through, walk_to_callback, AtProvider, IdentityProvider, PROVIDER_NAME,
    },
    sign_in_attempt, spawn_app, spawn_app_with, test_settings, TestApp, DEMO_ADMIN, DEMO_FINANCE,
};

const ROLE_MAP: &str = "seat-audit-admins=admin,finance=finance";

async fn app_with_provider() -> (TestApp, IdentityProvider) {
    let provider = IdentityProvider::start(json!({
        "ana": { "email": "ana@example.com", "groups": ["seat-audit-admins", "everyone"] },
        "bo": { "email": "bo@example.com", "groups": ["finance"] },
        "cy": { "email": "cy@example.com", "groups": ["marketing"] },
    }));
    let data_dir = TempDir::new().unwrap();
    let settings = provider.settings(test_settings(data_dir.path()), ROLE_MAP);
    (spawn_app_with(settings, data_dir).await, provider)
}

/// The page at `path` (after the redirect to the sign-in page when there is one) as `client` sees it.
async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    match location {
        Some(to) => (status, to),
        None => (status, response.text().await.unwrap()),
    }
}

async fn audit(app: &TestApp, subject: &str) -> Vec<(String, String)> {
    seat_audit::db::query_as("SELECT actor, action FROM audit_log WHERE subject = ? ORDER BY id")
        .bind(subject)
        .fetch_all(&app.pool().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn signing_in_through_the_provider_creates_the_account_with_the_mapped_role_on_the_page_asked_for(
) {
    let (app, _provider) = app_with_provider().await;
    let (_, login) = page(&app.anonymous(), &app, "/login").await;
    assert!(
        login.contains(&format!("Sign in with {PROVIDER_NAME}")),
        "{login}"
    );

    let ana = browser();
    let to = sign_in_through(&ana, &app.address, "/settings", AtProvider::SignIn("ana")).await;
    assert_eq!(to, "/settings");
    let (status, settings) = page(&ana, &app, "/settings").await;
    assert_eq!(status, 200, "an admin opens Settings");
    assert!(settings.contains("ana@example.com"), "signed in as ana");

    let (role, sso_only): (String, bool) = seat_audit::db::query_as(
        "SELECT role, sso_only FROM accounts WHERE email = 'ana@example.com'",
    )
    .fetch_one(&app.pool().await)
    .await
    .unwrap();
    assert_eq!((role.as_str(), sso_only), ("admin", true));
    assert_eq!(
        audit(&app, "ana@example.com").await,
        [
            ("single sign-on".to_owned(), "account_added".to_owned()),
            ("ana@example.com".to_owned(), "sign_in".to_owned()),
        ]
    );
    // An SSO-only account has no password to sign in with.
    let with_password =
        sign_in_attempt(&app.address, "ana@example.com", "any password at all").await;
    assert!(
        with_password.starts_with("/login?error="),
        "{with_password}"
    );
}

#[tokio::test]
async fn a_person_whose_groups_map_to_no_role_is_told_so_and_nothing_is_signed_in() {
    let (app, _provider) = app_with_provider().await;
    let cy = browser();
    let to = sign_in_through(&cy, &app.address, "/", AtProvider::SignIn("cy")).await;
    assert!(to.starts_with("/login?error=sso-no-role"), "{to}");
    let (_, login) = page(&cy, &app, &to).await;
    assert!(
        login.contains("none of your groups gives access to seat-audit"),
        "{login}"
    );
    let (status, to) = page(&cy, &app, "/users").await;
    assert_eq!((status, to.as_str()), (303, "/login?next=%2Fusers"));
    let accounts: i64 = seat_audit::db::query_scalar(
        "SELECT COUNT(*) FROM accounts WHERE email = 'cy@example.com'",
    )
    .fetch_one(&app.pool().await)
    .await
    .unwrap();
    assert_eq!(accounts, 0, "no account is created");
    assert_eq!(
        audit(&app, "cy@example.com").await,
        [("single sign-on".to_owned(), "sign_in_refused".to_owned())]
    );
}

#[tokio::test]
async fn a_tampered_state_is_refused_and_nothing_is_signed_in() {
    let (app, _provider) = app_with_provider().await;
    let ana = browser();
    let mut callback = walk_to_callback(&ana, &app.address, "/", AtProvider::SignIn("ana")).await;
    let pairs: Vec<(String, String)> = callback
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" {
                format!("{v}x")
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    callback.query_pairs_mut().clear().extend_pairs(pairs);
    let response = ana.get(callback).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let to = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/login?error=sso-state"), "{to}");
    let (_, login) = page(&ana, &app, &to).await;
    assert!(
        login.contains("does not match the sign-in this browser started"),
        "{login}"
    );
    let (status, _) = page(&ana, &app, "/").await;
    assert_eq!(status, 303, "not signed in");
}

#[tokio::test]
async fn a_role_removed_at_the_provider_is_removed_here_at_the_next_sign_in() {
    let (app, provider) = app_with_provider().await;
    let first = browser();
    sign_in_through(&first, &app.address, "/", AtProvider::SignIn("ana")).await;
    assert_eq!(page(&first, &app, "/settings").await.0, 200);

    provider.set_groups("ana", &["finance"]);
    let second = browser();
    let to = sign_in_through(&second, &app.address, "", AtProvider::SignIn("ana")).await;
    assert_eq!(to, "/", "Finance's start page");
    assert_eq!(
        page(&second, &app, "/settings").await.0,
        403,
        "Settings is no longer for ana"
    );
    assert_eq!(page(&second, &app, "/finance").await.0, 200);
    let changes: Vec<(String, String, String)> = seat_audit::db::query_as(
        "SELECT actor, before, after FROM audit_log
         WHERE action = 'role_changed' AND subject = 'ana@example.com'",
    )
    .fetch_all(&app.pool().await)
    .await
    .unwrap();
    assert_eq!(
        changes,
        [(
            "single sign-on".to_owned(),
            r#"{"role":"admin"}"#.to_owned(),
            r#"{"role":"finance"}"#.to_owned()
        )]
    );

    provider.set_groups("ana", &["marketing"]);
    let third = browser();
    let to = sign_in_through(&third, &app.address, "", AtProvider::SignIn("ana")).await;
    assert!(to.starts_with("/login?error=sso-no-role"), "{to}");
}

#[tokio::test]
async fn the_last_enabled_admin_stays_admin_when_the_provider_would_remove_the_role() {
    let (app, provider) = app_with_provider().await;
    sign_in_through(&browser(), &app.address, "", AtProvider::SignIn("ana")).await;
    // The demo's admin is disabled: ana is the only admin left who can sign in.
    let demo_admin: i64 = seat_audit::db::query_scalar("SELECT id FROM accounts WHERE email = ?")
        .bind(DEMO_ADMIN.0)
        .fetch_one(&app.pool().await)
        .await
        .unwrap();
    let () = app
        .call(
            "update_account",
            &[
                ("id", &demo_admin.to_string()),
                ("role", "admin"),
                ("disabled", "on"),
            ],
        )
        .await;

    provider.set_groups("ana", &["finance"]);
    let ana = browser();
    let to = sign_in_through(&ana, &app.address, "/settings", AtProvider::SignIn("ana")).await;
    assert_eq!(to, "/settings", "signed in");
    assert_eq!(page(&ana, &app, "/settings").await.0, 200, "still an admin");
    let logged: Vec<(String, String)> = seat_audit::db::query_as(
        "SELECT action, reason FROM audit_log
         WHERE subject = 'ana@example.com' AND action IN ('role_kept', 'sign_in') ORDER BY id",
    )
    .fetch_all(&app.pool().await)
    .await
    .unwrap();
    let actions: Vec<&str> = logged.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["sign_in", "role_kept", "sign_in"], "{logged:?}");
    assert!(
        logged[1]
            .1
            .contains("give finance, but ana@example.com is the last enabled admin"),
        "{logged:?}"
    );
    assert!(logged[2].1.contains(" as admin,"), "{logged:?}");
}

#[tokio::test]
async fn a_denied_sign_in_at_the_provider_ends_on_the_sign_in_page_with_a_sentence() {
    let (app, _provider) = app_with_provider().await;
    let someone = browser();
    let to = sign_in_through(&someone, &app.address, "/users", AtProvider::Cancel).await;
    assert!(to.starts_with("/login?error=sso-denied"), "{to}");
    assert!(
        to.ends_with("next=%2Fusers"),
        "keeps the page asked for: {to}"
    );
    let (status, login) = page(&someone, &app, &to).await;
    assert_eq!(status, 200);
    assert!(
        login.contains("did not let you sign in (access was denied or the sign-in was cancelled)"),
        "{login}"
    );
    assert_eq!(page(&someone, &app, "/").await.0, 303, "not signed in");
}

#[tokio::test]
async fn a_callback_nobody_started_and_an_unknown_error_end_on_the_sign_in_page_not_in_a_500() {
    let (app, _provider) = app_with_provider().await;
    let stranger = browser();
    for (query, code) in [
        ("code=abc&state=def", "sso-expired"),
        (
            "error=server_error&error_description=%3Cb%3Eboom",
            "sso-error",
        ),
        ("", "sso-expired"),
    ] {
        let (status, to) = page(&stranger, &app, &format!("/auth/oidc/callback?{query}")).await;
        assert_eq!(status, 303, "{query}");
        assert!(
            to.starts_with(&format!("/login?error={code}")),
            "{query}: {to}"
        );
    }
}

#[tokio::test]
async fn signing_out_after_single_sign_on_ends_the_session_at_the_provider_too() {
    let (app, provider) = app_with_provider().await;
    let bo = browser();
    sign_in_through(&bo, &app.address, "", AtProvider::SignIn("bo")).await;
    let (_, login) = page(&bo, &app, "/login").await;
    let csrf = crate::support::csrf_of(&login);
    let response = bo
        .post(format!("{}/auth/logout", app.address))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let to = response.headers()["location"].to_str().unwrap();
    assert!(
        to.starts_with(&format!("{}/session/end?", provider.issuer)),
        "{to}"
    );
    assert!(to.contains("id_token_hint="), "{to}");
    assert_eq!(page(&bo, &app, "/").await.0, 303, "signed out here");
}

#[test]
fn a_partial_oidc_configuration_stops_start_up_naming_what_is_missing() {
    let data_dir = TempDir::new().unwrap();
    let output = binary(
        data_dir.path(),
        &[
            ("SEAT_AUDIT__OIDC__ISSUER_URL", "https://example.okta.com"),
            ("SEAT_AUDIT__OIDC__CLIENT_ID", "0oa1seataudit"),
        ],
    )
    .args(["serve", "--addr", "127.0.0.1:0"])
    .output()
    .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("SEAT_AUDIT__OIDC__CLIENT_SECRET, SEAT_AUDIT__OIDC__ROLE_MAP not set"),
        "{stderr}"
    );
    assert!(!stderr.contains("listening"), "{stderr}");
}

/// The reasons of the refused single sign-ons, oldest first.
async fn refusals(app: &TestApp) -> Vec<String> {
    seat_audit::db::query_scalar(
        "SELECT reason FROM audit_log WHERE action = 'sign_in_refused' AND actor = 'single sign-on'
         ORDER BY id",
    )
    .fetch_all(&app.pool().await)
    .await
    .unwrap()
}

/// `to` is the sign-in page with `code`'s sentence, and `client` is not signed in.
async fn refused_with(
    client: &reqwest::Client,
    app: &TestApp,
    to: &str,
    code: &str,
    sentence: &str,
) {
    assert!(to.starts_with(&format!("/login?error={code}")), "{to}");
    let (status, login) = page(client, app, to).await;
    assert_eq!(status, 200, "the sign-in page, not a 500");
    assert!(login.contains(sentence), "{login}");
    assert_eq!(page(client, app, "/").await.0, 303, "not signed in");
}

async fn accounts_named(app: &TestApp, email: &str) -> i64 {
    seat_audit::db::query_scalar("SELECT COUNT(*) FROM accounts WHERE email = ?")
        .bind(email)
        .fetch_one(&app.pool().await)
        .await
        .unwrap()
}

const TOKEN_SENTENCE: &str = "ID token did not pass its checks";
const CODE_SENTENCE: &str = "refused the sign-in code (it expired or was already used)";

#[tokio::test]
async fn an_id_token_signed_with_a_key_the_provider_does_not_publish_is_refused() {
    let (app, provider) = app_with_provider().await;
    provider.switch(json!({ "bad_signature": true })).await;
    let ana = browser();
    let to = sign_in_through(&ana, &app.address, "/", AtProvider::SignIn("ana")).await;
    refused_with(&ana, &app, &to, "sso-token", TOKEN_SENTENCE).await;
    assert_eq!(accounts_named(&app, "ana@example.com").await, 0);
    let reasons = refusals(&app).await;
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].contains("Signature verification failed"),
        "{reasons:?}"
    );
}

#[tokio::test]
async fn an_authorization_code_used_twice_is_refused_the_second_time() {
    let (app, _provider) = app_with_provider().await;
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let first = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_provider(jar.clone())
        .build()
        .unwrap();
    let callback = walk_to_callback(&first, &app.address, "/", AtProvider::SignIn("bo")).await;
    // What this browser sends back with the code (the sign-in's state and verifier), replayed later.
    let cookies = reqwest::cookie::CookieStore::cookies(&*jar, &callback).unwrap();
    let response = first.get(callback.clone()).send().await.unwrap();
    assert_eq!(
        response.headers()["location"],
        "/",
        "the first use signs in"
    );

    let replay = browser();
    let response = replay
        .get(callback)
        .header("cookie", cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let to = response.headers()["location"].to_str().unwrap().to_owned();
    refused_with(&replay, &app, &to, "sso-code", CODE_SENTENCE).await;
    let reasons = refusals(&app).await;
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].contains("authorization code was refused"),
        "{reasons:?}"
    );
}

#[tokio::test]
async fn an_authorization_code_that_expired_at_the_provider_is_refused() {
    let (app, provider) = app_with_provider().await;
    provider.switch(json!({ "code_ttl": 1 })).await;
    let bo = browser();
    let callback = walk_to_callback(&bo, &app.address, "/", AtProvider::SignIn("bo")).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let response = bo.get(callback).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let to = response.headers()["location"].to_str().unwrap().to_owned();
    refused_with(&bo, &app, &to, "sso-code", CODE_SENTENCE).await;
    assert_eq!(accounts_named(&app, "bo@example.com").await, 0);
    assert_eq!(refusals(&app).await.len(), 1);
}

#[tokio::test]
async fn an_id_token_from_a_provider_whose_clock_is_more_than_a_minute_off_is_refused() {
    let (app, provider) = app_with_provider().await;
    // Issued five minutes ahead of this server's clock; then expired an hour and five minutes ago
    // (the provider's ID tokens live an hour).
    for (offset, why) in [(300, "ahead of this server's clock"), (-3900, "Expired")] {
        provider.switch(json!({ "clock_offset": offset })).await;
        let bo = browser();
        let to = sign_in_through(&bo, &app.address, "/", AtProvider::SignIn("bo")).await;
        refused_with(&bo, &app, &to, "sso-token", TOKEN_SENTENCE).await;
        let reasons = refusals(&app).await;
        assert!(
            reasons.last().unwrap().contains(why),
            "{offset}: {reasons:?}"
        );
    }
    assert_eq!(accounts_named(&app, "bo@example.com").await, 0);

    // Within a minute either way is allowed.
    provider.switch(json!({ "clock_offset": 45 })).await;
    let bo = browser();
    let to = sign_in_through(&bo, &app.address, "", AtProvider::SignIn("bo")).await;
    assert_eq!(to, "/", "signed in");
    assert_eq!(page(&bo, &app, "/finance").await.0, 200);
}

#[tokio::test]
async fn two_sign_ins_read_the_providers_discovery_document_once() {
    let (app, provider) = app_with_provider().await;
    assert_eq!(
        provider.fetches().await,
        (0, 0),
        "nothing is read at start-up"
    );
    for user in ["ana", "bo"] {
        let person = browser();
        let to = sign_in_through(&person, &app.address, "", AtProvider::SignIn(user)).await;
        assert!(!to.starts_with("/login"), "{user}: {to}");
    }
    assert_eq!(provider.fetches().await, (1, 1));
}

#[tokio::test]
async fn a_key_rotated_at_the_provider_is_read_when_a_token_is_signed_with_it() {
    let (app, provider) = app_with_provider().await;
    let ana = browser();
    sign_in_through(&ana, &app.address, "", AtProvider::SignIn("ana")).await;
    assert_eq!(provider.fetches().await, (1, 1));

    provider.rotate_keys().await;
    let bo = browser();
    let to = sign_in_through(&bo, &app.address, "", AtProvider::SignIn("bo")).await;
    assert_eq!(to, "/", "signed in with the new key");
    assert_eq!(page(&bo, &app, "/finance").await.0, 200);
    assert_eq!(provider.fetches().await, (2, 2), "read again once");
    assert!(refusals(&app).await.is_empty());
}

async fn account_id(app: &TestApp, email: &str) -> String {
    let id: i64 = seat_audit::db::query_scalar("SELECT id FROM accounts WHERE email = ?")
        .bind(email)
        .fetch_one(&app.pool().await)
        .await
        .unwrap();
    id.to_string()
}

#[tokio::test]
async fn an_admin_marks_an_account_sso_only_in_settings_and_its_password_stops_working() {
    let (app, _provider) = app_with_provider().await;
    let finance = account_id(&app, DEMO_FINANCE.0).await;
    let (_, settings) = page(&app.client, &app, "/settings").await;
    assert!(
        settings.contains(&format!("Make {} SSO only", DEMO_FINANCE.0)),
        "the Settings page offers it"
    );

    // Not for anyone but an admin.
    let (finance_client, finance_csrf) = app.sign_in(DEMO_FINANCE.0, DEMO_FINANCE.1).await;
    let answer = finance_client
        .post(format!("{}/api/set_sso_only", app.address))
        .header("accept", "application/json")
        .header("x-csrf-token", &finance_csrf)
        .form(&[("id", finance.as_str()), ("sso_only", "on")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 403);

    app.submit("set_sso_only", &[("id", &finance), ("sso_only", "on")])
        .await
        .unwrap();
    let listed: Vec<app::types::AccountInfo> = app.call("accounts", &[]).await;
    let marked = listed.iter().find(|a| a.email == DEMO_FINANCE.0).unwrap();
    assert!(marked.sso_only, "the list says so");
    let with_password = sign_in_attempt(&app.address, DEMO_FINANCE.0, DEMO_FINANCE.1).await;
    assert!(
        with_password.starts_with("/login?error="),
        "{with_password}"
    );

    // Without `sso_only`: back to passwords, and the account's password works again.
    app.submit("set_sso_only", &[("id", &finance)])
        .await
        .unwrap();
    let with_password = sign_in_attempt(&app.address, DEMO_FINANCE.0, DEMO_FINANCE.1).await;
    assert!(!with_password.starts_with("/login"), "{with_password}");

    let logged: Vec<(String, String)> = seat_audit::db::query_as(
        "SELECT actor, after FROM audit_log WHERE action = 'account_sso_only' AND subject = ?
         ORDER BY id",
    )
    .bind(DEMO_FINANCE.0)
    .fetch_all(&app.pool().await)
    .await
    .unwrap();
    assert_eq!(
        logged,
        [
            (DEMO_ADMIN.0.to_owned(), r#"{"sso_only":true}"#.to_owned()),
            (DEMO_ADMIN.0.to_owned(), r#"{"sso_only":false}"#.to_owned()),
        ]
    );
}

#[tokio::test]
async fn without_single_sign_on_settings_refuses_to_make_the_last_password_admin_sso_only() {
    let app = spawn_app().await;
    let admin = account_id(&app, DEMO_ADMIN.0).await;
    let refused = app
        .submit("set_sso_only", &[("id", &admin), ("sso_only", "on")])
        .await;
    let sentence = refused.unwrap_err();
    assert!(
        sentence.contains(&format!(
            "{} is the last admin who can sign in with a password, and single sign-on is not \
             configured",
            DEMO_ADMIN.0
        )),
        "{sentence}"
    );
    let marks: i64 = seat_audit::db::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'account_sso_only'",
    )
    .fetch_one(&app.pool().await)
    .await
    .unwrap();
    assert_eq!(marks, 0, "nothing changed");
    let with_password = sign_in_attempt(&app.address, DEMO_ADMIN.0, DEMO_ADMIN.1).await;
    assert!(!with_password.starts_with("/login"), "{with_password}");

    // A second admin with a password: the first may then go.
    app.submit(
        "add_account",
        &[
            ("email", "break-glass@example.com"),
            ("role", "admin"),
            ("password", "a long enough password"),
        ],
    )
    .await
    .unwrap();
    app.submit("set_sso_only", &[("id", &admin), ("sso_only", "on")])
        .await
        .unwrap();
    // Now the break-glass admin is the last with a password: it is not disabled or demoted either.
    let break_glass = account_id(&app, "break-glass@example.com").await;
    for (role, disabled) in [("admin", Some("on")), ("finance", None)] {
        let mut form = vec![("id", break_glass.as_str()), ("role", role)];
        form.extend(disabled.map(|on| ("disabled", on)));
        let sentence = app.submit("update_account", &form).await.unwrap_err();
        assert!(
            sentence.contains(
                "break-glass@example.com is the last admin who can sign in with a password"
            ),
            "{sentence}"
        );
    }
}

#[test]
fn the_command_line_keeps_a_password_for_the_last_admin_when_single_sign_on_is_not_configured() {
    let data_dir = TempDir::new().unwrap();
    let added = binary(data_dir.path(), &[])
        .args([
            "user",
            "add",
            "--email",
            "it@example.com",
            "--role",
            "admin",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");

    let refused = binary(data_dir.path(), &[])
        .args(["user", "sso-only", "--email", "it@example.com"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("it@example.com is the last admin who can sign in with a password")
            && stderr.ends_with("nothing was changed\n"),
        "{stderr}"
    );

    let oidc = [
        ("SEAT_AUDIT__OIDC__ISSUER_URL", "https://example.okta.com"),
        ("SEAT_AUDIT__OIDC__CLIENT_ID", "0oa1seataudit"),
        ("SEAT_AUDIT__OIDC__CLIENT_SECRET", "a secret"),
        ("SEAT_AUDIT__OIDC__ROLE_MAP", "seat-audit-admins=admin"),
    ];
    let marked = binary(data_dir.path(), &oidc)
        .args(["user", "sso-only", "--email", "it@example.com"])
        .output()
        .unwrap();
    assert!(marked.status.success(), "{marked:?}");
}
