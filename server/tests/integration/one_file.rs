//! The release binary of `cargo leptos build --release` is the one file to deploy: started from an
//! empty directory, it serves a page and the page's wasm, JS and CSS from the site it embeds,
//! precompressed and cached. Ignored in a plain `cargo test` (there is no release build yet);
//! scripts/test.sh runs it after the release build:
//! `cargo test -p seat-audit --test integration -- --ignored one_file::`

use std::{
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Child, Command, Stdio},
};

use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE};
use tempfile::TempDir;

/// `target/release/seat-audit`, beside the `target/debug/seat-audit` this test binary was built with.
fn release_binary() -> PathBuf {
    let debug = PathBuf::from(env!("CARGO_BIN_EXE_seat-audit"));
    let target = debug
        .parent()
        .and_then(|p| p.parent())
        .expect("target/debug");
    target.join("release").join("seat-audit")
}

/// Stops the server when the test ends, passed or not.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_in(dir: &TempDir) -> (Running, String) {
    let binary = release_binary();
    assert!(
        binary.exists(),
        "{} is missing: run `cargo leptos build --release` first",
        binary.display()
    );
    let mut child = Command::new(&binary)
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("SEAT_AUDIT__DATA_DIR", dir.path().join("data"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the release binary starts");
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let url = line
        .trim()
        .strip_prefix("seat-audit listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_owned();
    (Running(child), url)
}

/// The first `href="/pkg/…<ending>"` in the page.
fn asset(html: &str, ending: &str) -> String {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.starts_with("/pkg/") && href.ends_with(ending))
        .unwrap_or_else(|| panic!("a /pkg/…{ending} link in {html}"))
        .to_owned()
}

#[tokio::test]
#[ignore = "needs `cargo leptos build --release` first; scripts/test.sh runs it"]
async fn the_release_binary_serves_a_page_and_its_wasm_from_an_empty_directory() {
    let dir = TempDir::new().unwrap();
    assert!(!dir.path().join("target").exists());
    let (_server, url) = start_in(&dir);
    let client = reqwest::Client::new();

    let page = client.get(format!("{url}/login")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let wasm = asset(&html, ".wasm");
    let js = asset(&html, ".js");
    // Hashed names: the file name changes with the content, so a year's caching is safe.
    assert_ne!(wasm, "/pkg/seat-audit.wasm", "the wasm has a hashed name");

    let plain = client.get(format!("{url}{wasm}")).send().await.unwrap();
    assert_eq!(plain.status(), 200);
    assert_eq!(plain.headers()[CONTENT_TYPE], "application/wasm");
    assert_eq!(
        plain.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert!(plain.headers().get(CONTENT_ENCODING).is_none());
    let body = plain.bytes().await.unwrap();
    assert!(body.starts_with(b"\0asm"), "a WebAssembly module");

    let brotli = client
        .get(format!("{url}{wasm}"))
        .header(ACCEPT_ENCODING, "gzip, deflate, br")
        .send()
        .await
        .unwrap();
    assert_eq!(brotli.headers()[CONTENT_ENCODING], "br");
    assert_eq!(brotli.headers()[CONTENT_TYPE], "application/wasm");
    assert!(brotli.bytes().await.unwrap().len() < body.len());

    let gzip = client
        .get(format!("{url}{js}"))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzip.status(), 200);
    assert_eq!(gzip.headers()[CONTENT_ENCODING], "gzip");
    assert_eq!(
        gzip.headers()[CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );

    let css = client
        .get(format!("{url}/pkg/seat-audit.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()[CONTENT_TYPE], "text/css; charset=utf-8");
    assert_eq!(css.headers()[CACHE_CONTROL], "public, max-age=300");

    let icon = client
        .get(format!("{url}/favicon.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(icon.headers()[CONTENT_TYPE], "image/svg+xml");
}
