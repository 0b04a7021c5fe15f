//! Security headers (issue #13, item 19): a Content-Security-Policy whose nonce every inline
//! script of the page carries, no framing, no sniffing, and nothing personal kept in a cache.

use crate::support::spawn_app;

#[tokio::test]
async fn pages_carry_a_nonce_policy_that_every_inline_script_matches() {
    let app = spawn_app().await;
    for path in ["/", "/login", "/settings", "/users"] {
        let page = app.get(path).await;
        let headers = page.headers().clone();
        let policy = headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("{path}: a nonce in {policy}"))
            .to_owned();
        for directive in [
            "default-src 'self'",
            "'wasm-unsafe-eval'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(
                policy.contains(directive),
                "{path}: {directive} in {policy}"
            );
        }
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert_eq!(headers["cache-control"], "no-store", "{path}");
        let html = page.text().await.unwrap();
        let scripts = html.matches("<script").count();
        assert!(scripts > 0, "{path} hydrates with scripts");
        let tagged = html
            .split("<script")
            .skip(1)
            .filter(|tag| {
                let tag = tag.split('>').next().unwrap_or_default();
                tag.contains(&format!("nonce=\"{nonce}\""))
            })
            .count();
        assert_eq!(
            tagged, scripts,
            "{path}: every script has this response's nonce"
        );
        assert!(
            !html.contains(" style=\""),
            "{path}: no inline style for style-src 'self' to block"
        );
    }
    let second = app.get("/").await.headers()["content-security-policy"].clone();
    let first = app.get("/").await.headers()["content-security-policy"].clone();
    assert_ne!(first, second, "a fresh nonce per response");
}

#[tokio::test]
async fn exports_and_server_functions_are_not_stored_and_assets_may_be() {
    let app = spawn_app().await;
    for path in ["/export/audit.csv", "/api/accounts"] {
        let answer = if path.starts_with("/api/") {
            app.client
                .post(format!("{}{path}", app.address))
                .header("x-csrf-token", &app.csrf)
                .send()
                .await
                .unwrap()
        } else {
            app.get(path).await
        };
        assert_eq!(answer.headers()["cache-control"], "no-store", "{path}");
        assert_eq!(
            answer.headers()["x-content-type-options"],
            "nosniff",
            "{path}"
        );
    }
    let icon = app.get("/favicon.svg").await;
    assert!(icon
        .headers()
        .get("cache-control")
        .is_none_or(|v| v != "no-store"));
}
