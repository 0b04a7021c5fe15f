//! A real OpenID provider for the tests: the npm package `oidc-provider`, started by
//! `end2end/oidc/provider.mjs` on 127.0.0.1 port 0, and a browser-like walk through its login form.

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
};

use seat_audit::config::{OidcSettings, RoleMap, Secret, Settings};
use serde_json::{json, Value};
use tempfile::TempDir;
use url::Url;

pub const CLIENT_ID: &str = "seat-audit-tests";
pub const CLIENT_SECRET: &str = "a-client-secret-only-the-tests-know";
pub const PROVIDER_NAME: &str = "Test IdP";

pub struct IdentityProvider {
    pub issuer: String,
    child: Child,
    users: PathBuf,
    _dir: TempDir,
}

impl IdentityProvider {
    /// Starts the provider with `users` (`{"ana": {"email": …, "groups": […]}}`).
    pub fn start(users: Value) -> IdentityProvider {
        let end2end = Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end");
        assert!(
            end2end.join("node_modules/oidc-provider").exists(),
            "the OpenID provider package is missing: run scripts/setup.sh (npm ci in end2end/)"
        );
        let dir = TempDir::new().unwrap();
        let file = dir.path().join("users.json");
        std::fs::write(&file, users.to_string()).unwrap();
        let mut child = Command::new("node")
            .current_dir(&end2end)
            .args(["oidc/provider.mjs", "--client-id", CLIENT_ID])
            .args(["--client-secret", CLIENT_SECRET, "--users"])
            .arg(&file)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs end2end/oidc/provider.mjs");
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout
            .read_line(&mut line)
            .expect("the provider prints its issuer");
        // The rest is read and dropped: a closed pipe would kill the provider at its next line.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        assert!(line.starts_with("http://127.0.0.1:"), "issuer: {line:?}");
        IdentityProvider {
            issuer: line.trim().to_owned(),
            child,
            users: file,
            _dir: dir,
        }
    }

    /// Changes someone's groups at the provider; their next sign-in carries them.
    pub fn set_groups(&self, user: &str, groups: &[&str]) {
        let mut users: Value =
            serde_json::from_str(&std::fs::read_to_string(&self.users).unwrap()).unwrap();
        users[user]["groups"] = json!(groups);
        std::fs::write(&self.users, users.to_string()).unwrap();
    }

    /// Sets the provider's test switches (`end2end/oidc/provider.mjs`): `clock_offset` (seconds
    /// its ID tokens' clock is off), `bad_signature`, `code_ttl` (seconds a code lives).
    pub async fn switch(&self, switches: Value) {
        let response = reqwest::Client::new()
            .post(format!("{}/test/switches", self.issuer))
            .json(&switches)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
    }

    /// A new signing key at the provider, first in its JWKS; tokens are signed with it from now on.
    pub async fn rotate_keys(&self) {
        let response = reqwest::Client::new()
            .post(format!("{}/test/rotate", self.issuer))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
    }

    /// How many times the discovery document and the JWKS were fetched.
    pub async fn fetches(&self) -> (u64, u64) {
        let counts: Value = reqwest::get(format!("{}/test/requests", self.issuer))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (
            counts["discovery"].as_u64().unwrap(),
            counts["jwks"].as_u64().unwrap(),
        )
    }

    /// `settings` signing in through this provider, `role_map` as the environment writes it.
    pub fn settings(&self, mut settings: Settings, role_map: &str) -> Settings {
        settings.oidc = OidcSettings {
            issuer_url: Some(self.issuer.clone()),
            client_id: Some(CLIENT_ID.into()),
            client_secret: Some(Secret::new(CLIENT_SECRET)),
            role_map: role_map_of(role_map),
            provider_name: Some(PROVIDER_NAME.into()),
            ..OidcSettings::default()
        };
        settings
    }
}

fn role_map_of(text: &str) -> RoleMap {
    serde_json::from_value(json!(text)).expect("a role map")
}

impl Drop for IdentityProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the person does at the provider's login page.
#[derive(Clone, Copy)]
pub enum AtProvider<'a> {
    /// Signs in as this user (the development form takes any password).
    SignIn(&'a str),
    /// Follows the page's Cancel link: the provider answers `access_denied`.
    Cancel,
}

/// Starts single sign-on at `app` asking for `next`, goes through the provider as a browser
/// would, and stops at the address the provider sends the browser back to (not fetched).
pub async fn walk_to_callback(
    client: &reqwest::Client,
    app: &str,
    next: &str,
    choice: AtProvider<'_>,
) -> Url {
    let next: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
    let mut url: Url = format!("{app}/auth/oidc/login?next={next}")
        .parse()
        .unwrap();
    for _ in 0..20 {
        if url
            .as_str()
            .starts_with(&format!("{app}/auth/oidc/callback"))
        {
            return url;
        }
        let response = client.get(url.clone()).send().await.unwrap();
        let status = response.status();
        if status.is_redirection() {
            url = url.join(location(&response)).unwrap();
            continue;
        }
        assert_eq!(status, 200, "{url}");
        let page = response.text().await.unwrap();
        url = match choice {
            AtProvider::SignIn(user) => {
                let action = url.join(attribute(&page, "action")).unwrap();
                let answer = client
                    .post(action)
                    .form(&[("prompt", "login"), ("login", user), ("password", "any")])
                    .send()
                    .await
                    .unwrap();
                assert!(answer.status().is_redirection(), "{}", answer.status());
                url.join(location(&answer)).unwrap()
            }
            AtProvider::Cancel => {
                let cancel = page
                    .split("<a href=\"")
                    .skip(1)
                    .map(|rest| rest.split('"').next().unwrap())
                    .find(|href| href.ends_with("/abort"))
                    .unwrap_or_else(|| panic!("a Cancel link in {page}"));
                url.join(&cancel.replace("&amp;", "&")).unwrap()
            }
        };
    }
    panic!("the provider never sent the browser back to {app}");
}

/// Goes through the provider and back; where the server then sends the browser.
pub async fn sign_in_through(
    client: &reqwest::Client,
    app: &str,
    next: &str,
    choice: AtProvider<'_>,
) -> String {
    let callback = walk_to_callback(client, app, next, choice).await;
    let response = client.get(callback).send().await.unwrap();
    assert_eq!(response.status(), 303, "the callback redirects");
    location(&response).to_owned()
}

fn location(response: &reqwest::Response) -> &str {
    response.headers()["location"].to_str().unwrap()
}

fn attribute<'a>(html: &'a str, name: &str) -> &'a str {
    let marker = format!("{name}=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} in {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap()
}
