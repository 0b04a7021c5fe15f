//! `seat-audit --version` and the page footer name the version and the git commit it was built from.

use crate::support::{binary, spawn_app};

const EXPECTED: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ");

#[test]
fn the_version_option_names_the_version_and_the_commit() {
    let dir = tempfile::TempDir::new().unwrap();
    let output = binary(dir.path(), &[]).arg("--version").output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with(&format!("seat-audit {EXPECTED}")),
        "{text}"
    );
    let commit = text
        .trim()
        .trim_end_matches(')')
        .rsplit(' ')
        .next()
        .unwrap();
    assert!(
        commit == "unknown" || commit.chars().all(|c| c.is_ascii_hexdigit()),
        "a commit hash or unknown: {text}"
    );
}

#[tokio::test]
async fn every_page_footer_shows_the_same_version() {
    let app = spawn_app().await;
    let html = app
        .anonymous()
        .get(format!("{}/login", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(app::version::VERSION.starts_with(EXPECTED));
    assert!(html.contains(app::version::VERSION), "{html}");
}
