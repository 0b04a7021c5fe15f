//! The app shell as a browser without JavaScript sees it: each page server-rendered with its title.

use crate::support::spawn_app;

const PAGES: [(&str, &str); 8] = [
    ("/", "Overview"),
    ("/users", "Users"),
    ("/candidates", "Candidates"),
    ("/approvals", "Approvals"),
    ("/finance", "Finance"),
    ("/audit", "Audit log"),
    ("/sync", "Sync"),
    ("/settings", "Settings"),
];

#[tokio::test]
async fn every_page_renders_on_the_server_with_its_title_and_the_navigation() {
    let app = spawn_app().await;
    for (path, title) in PAGES {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("<title>{title} · seat-audit</title>")),
            "{path}: {html}"
        );
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{path}");
        for (href, label) in PAGES {
            assert!(
                html.contains(&format!(r#"href="{href}""#)),
                "{path} lacks a link to {label}"
            );
        }
    }
}

#[tokio::test]
async fn an_unknown_address_is_a_404_page() {
    let app = spawn_app().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("<title>Page not found · seat-audit</title>"),
        "{html}"
    );
}

#[tokio::test]
async fn the_demo_says_so_on_every_page() {
    let app = spawn_app().await;
    for (path, _) in PAGES {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains("Demo data."), "{path} lacks the demo banner");
    }
}

#[tokio::test]
async fn the_settings_page_shows_the_connection_without_secrets() {
    let app = spawn_app().await;
    let html = app.get("/settings").await.text().await.unwrap();
    assert!(html.contains("Demo: the embedded Gong simulator"), "{html}");
    match crate::support::on_postgres() {
        false => assert!(html.contains("seat-audit.db"), "{html}"),
        true => assert!(html.contains("postgres://[redacted]@127.0.0.1"), "{html}"),
    }
}

#[tokio::test]
async fn the_sync_page_explains_that_no_sync_has_run() {
    let app = spawn_app().await;
    let html = app.get("/sync").await.text().await.unwrap();
    assert!(html.contains("No sync has run yet"), "{html}");
}
