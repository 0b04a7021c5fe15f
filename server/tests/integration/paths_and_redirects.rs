//! Where a request may lead (issue #13, items 11 and 12): after sign-in only to a clean path on
//! this site, and past the gate only by a plain path, so `/pkg/../users` is not public.

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::support::{csrf_of, spawn_app, DEMO_ADMIN};

/// Signs in with `next` from a fresh browser; the answer's status and where it leads.
async fn sign_in_to(address: &str, next: &str) -> (u16, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let page = client.get(format!("{address}/login")).send().await.unwrap();
    let csrf = csrf_of(&page.text().await.unwrap());
    let answer = client
        .post(format!("{address}/auth/login"))
        .form(&[
            ("email", DEMO_ADMIN.0),
            ("password", DEMO_ADMIN.1),
            ("csrf", &csrf),
            ("next", next),
        ])
        .send()
        .await
        .unwrap();
    let to = answer
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (answer.status().as_u16(), to)
}

#[tokio::test]
async fn after_sign_in_a_next_a_browser_would_read_as_another_host_leads_home() {
    let app = spawn_app().await;
    for next in [
        "/\t/evil.example/",
        "/\n/evil.example/",
        "/\\/evil.example/",
        "//evil.example/",
        "/users\r\nSet-Cookie: x=1",
    ] {
        let (status, to) = sign_in_to(&app.address, next).await;
        assert_eq!((status, to.as_str()), (303, "/"), "next = {next:?}");
    }
    let (status, to) = sign_in_to(&app.address, "/users?sort=name").await;
    assert_eq!((status, to.as_str()), (303, "/users?sort=name"));
}

/// A request sent as written (clients tidy `..` away before sending).
async fn raw_get(address: &str, path: &str) -> String {
    let host = address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_path_with_dot_segments_is_refused_not_served_as_public() {
    let app = spawn_app().await;
    for path in [
        "/pkg/../users",
        "/pkg/../settings",
        "/pkg/%2e%2e/users",
        "/pkg/..%2fusers",
        "/pkg//../users",
        "/./settings",
    ] {
        let answer = raw_get(&app.address, path).await;
        let status = answer.lines().next().unwrap_or_default();
        assert!(status.contains(" 400 "), "{path}: {status}");
        assert!(!answer.contains("<!DOCTYPE html>"), "{path} sent a page");
    }
    let asset = raw_get(&app.address, "/healthz").await;
    assert!(asset.lines().next().unwrap().contains(" 200 "), "{asset}");
}
