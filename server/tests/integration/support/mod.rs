//! `spawn_app()`: the real server on port 0 against a fresh database, and helpers to run the real
//! binary. The database is SQLite in the test's data directory, or, when `SEAT_AUDIT_TEST_POSTGRES`
//! names a PostgreSQL server (`scripts/test.sh` starts one for the suite's second run), a database
//! of the test's own there: `database_settings(data_dir)` gives every caller the same one.
//! Also the Gong simulator on port 0 with a fixed clock, and requests signed with its access key.

use std::{
    collections::{BTreeMap, HashMap},
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::Mutex,
    time::Duration,
};

use chrono::{DateTime, Utc};
use seat_audit::{
    config::{DatabaseSettings, Settings, SyncSettings},
    db::{self, Pool},
    report::{self, Report, ReportRow, Status},
    simulator::{Company, RunningSimulator, Simulator, SimulatorConfig},
    startup::Server,
    startup::DEMO_SEED,
};
use tempfile::TempDir;
use tokio::sync::oneshot;

pub mod identity_provider;
pub mod mail;

pub struct TestApp {
    pub address: String,
    /// Signed in as the demo admin (cookies kept); `anonymous()` gives one that is not.
    pub client: reqwest::Client,
    /// The session's CSRF token, for posts.
    pub csrf: String,
    pub data_dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
}

/// The demo syncs at Gong's real rate limits; its first sync takes well under this.
pub const SYNC_TIMEOUT: Duration = Duration::from_secs(300);

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the server answers")
    }

    /// Posts `form` to the server function at `/api/{function}` as a script would, expecting 200.
    pub async fn call<T: serde::de::DeserializeOwned>(
        &self,
        function: &str,
        form: &[(&str, &str)],
    ) -> T {
        let response = self
            .client
            .post(format!("{}/api/{function}", self.address))
            .header("accept", "application/json")
            .header("x-csrf-token", &self.csrf)
            .form(form)
            .send()
            .await
            .expect("the server answers");
        assert_eq!(response.status(), 200, "/api/{function}");
        response.json().await.expect("a JSON answer")
    }

    /// A client with no session, as a stranger's browser would be.
    pub fn anonymous(&self) -> reqwest::Client {
        client(false)
    }

    /// A client signed in with `email` and `password`, and its CSRF token.
    pub async fn sign_in(&self, email: &str, password: &str) -> (reqwest::Client, String) {
        sign_in(&self.address, email, password).await
    }

    /// The server's database, opened beside it as a second process would.
    pub async fn pool(&self) -> Pool {
        db::connect(&Settings {
            data_dir: self.data_dir.path().to_path_buf(),
            database: database_settings(self.data_dir.path()),
            ..Settings::default()
        })
        .await
        .expect("the database opens")
    }

    /// Waits until the start-up sync has completed, failing fast if it failed.
    pub async fn wait_for_a_complete_sync(&self) {
        let deadline = tokio::time::Instant::now() + SYNC_TIMEOUT;
        loop {
            let health: serde_json::Value = self.get("/healthz").await.json().await.unwrap();
            match health["last_sync"]["outcome"].as_str() {
                Some("complete") => return,
                Some("failed") => panic!("the demo sync failed: {health}"),
                _ => {}
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no complete sync within {SYNC_TIMEOUT:?}: {health}"
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
}

/// A user of a hand-made report: active, no activity, the reason a never-active user gets.
pub fn report_row(
    id: &str,
    name: &str,
    email: &str,
    manager: Option<&str>,
    status: Status,
) -> ReportRow {
    ReportRow {
        id: id.into(),
        email: email.into(),
        name: name.into(),
        manager_id: manager.map(Into::into),
        active: true,
        status,
        last_active: None,
        last_active_signal: None,
        last_hosted_call: None,
        calls_30d: Some(0),
        calls_90d: Some(0),
        calls_365d: Some(0),
        reason: (status == Status::NeverActive).then(|| "never active in the look-back".into()),
    }
}

/// Stores `report` as a complete sync run's snapshot, as the sync would; returns the report's id.
pub async fn save_report(pool: &Pool, report: &Report) -> i64 {
    let run_id: i64 = seat_audit::db::query_scalar(
        "INSERT INTO sync_runs (trigger, kind, as_of, started_at, outcome)
         VALUES ('command', 'full', ?1, ?1, 'complete') RETURNING id",
    )
    .bind(report.as_of)
    .fetch_one(pool)
    .await
    .unwrap();
    let mut tx = pool.begin().await.unwrap();
    let id = report::store::save(&mut tx, run_id, report).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// The seat types each email holds in the demo company's seat export, read without the product's
/// parser: `email,Gong;Forecast,true`.
pub fn demo_seats() -> HashMap<String, Vec<String>> {
    let company = Company::generate(DEMO_SEED, SimulatorConfig::demo(DEMO_SEED).size, Utc::now());
    company
        .seats_csv()
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            let seats = cells[1]
                .split(';')
                .filter(|s| !s.is_empty())
                .map(str::to_lowercase)
                .collect();
            (cells[0].to_lowercase(), seats)
        })
        .collect()
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The compiled front end, when cargo-leptos has built it; pages render without it too.
pub fn site_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site")
}

/// Whether this run of the suite is against PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var_os("SEAT_AUDIT_TEST_POSTGRES").is_some()
}

/// The database of the test whose data directory is `data_dir`: SQLite inside it, or a new
/// PostgreSQL database made for it on the suite's server (the same one at every call).
pub fn database_settings(data_dir: &Path) -> DatabaseSettings {
    DatabaseSettings {
        url: postgres_database(data_dir),
        ..DatabaseSettings::default()
    }
}

/// The URL of the test's database (`database_settings`), as another process would open it.
pub fn database_url(data_dir: &Path) -> String {
    postgres_database(data_dir)
        .unwrap_or_else(|| format!("sqlite://{}", data_dir.join(db::FILE_NAME).display()))
}

fn postgres_database(data_dir: &Path) -> Option<String> {
    static DATABASES: Mutex<BTreeMap<PathBuf, String>> = Mutex::new(BTreeMap::new());
    let server = std::env::var("SEAT_AUDIT_TEST_POSTGRES").ok()?;
    let mut databases = DATABASES.lock().unwrap();
    if let Some(url) = databases.get(data_dir) {
        return Some(url.clone());
    }
    // Made on a thread of its own: callers may be inside a runtime, or not.
    let url = std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(create_database(&server))
    })
    .join()
    .expect("a database is created on the test PostgreSQL server");
    databases.insert(data_dir.to_path_buf(), url.clone());
    Some(url)
}

/// Creates a database with a fresh name on `server` and returns its URL.
pub async fn create_database(server: &str) -> String {
    db::create_database(server)
        .await
        .expect("the test PostgreSQL server makes a database")
}

pub fn test_settings(data_dir: &Path) -> Settings {
    Settings {
        addr: "127.0.0.1:0".parse().unwrap(),
        data_dir: data_dir.to_path_buf(),
        database: database_settings(data_dir),
        site_root: Some(site_root()),
        // Tests that sync start runs themselves.
        sync: SyncSettings {
            on_start: false,
            interval_minutes: 0,
            ..SyncSettings::default()
        },
        ..Settings::default()
    }
}

pub async fn spawn_app() -> TestApp {
    let data_dir = TempDir::new().expect("a temporary directory");
    spawn_app_with(test_settings(data_dir.path()), data_dir).await
}

pub async fn spawn_app_with(settings: Settings, data_dir: TempDir) -> TestApp {
    seat_audit::telemetry::init();
    let server = Server::build(settings).await.expect("the server starts");
    let address = format!("http://{}", server.local_addr());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(server.run(async move {
        let _ = stopped.await;
    }));
    let (client, csrf) = sign_in(&address, DEMO_ADMIN.0, DEMO_ADMIN.1).await;
    TestApp {
        address,
        client,
        csrf,
        data_dir,
        stop: Some(stop),
    }
}

/// The demo's accounts (`startup::demo::ensure_demo_accounts`).
pub const DEMO_ADMIN: (&str, &str) = ("admin@demo.seat-audit.test", "demo-admin-password");
pub const DEMO_FINANCE: (&str, &str) = ("finance@demo.seat-audit.test", "demo-finance-password");
pub const DEMO_AUDITOR: (&str, &str) = ("auditor@demo.seat-audit.test", "demo-auditor-password");
pub const DEMO_MANAGER_PASSWORD: &str = "demo-manager-password";

/// A fresh browser: keeps cookies, follows no redirects.
pub fn browser() -> reqwest::Client {
    client(true)
}

fn client(cookies: bool) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(cookies)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// The CSRF token a page carries in its `csrf-token` meta tag.
pub fn csrf_of(html: &str) -> String {
    let start = html
        .find(r#"<meta name="csrf-token" content=""#)
        .unwrap_or_else(|| panic!("a csrf-token meta tag in {html}"))
        + r#"<meta name="csrf-token" content=""#.len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// One sign-in attempt from a fresh browser; where it redirects to.
pub async fn sign_in_attempt(address: &str, email: &str, password: &str) -> String {
    attempt(&client(true), address, email, password).await
}

/// Posts the sign-in form with the token of a freshly loaded sign-in page; the redirect's target.
async fn attempt(client: &reqwest::Client, address: &str, email: &str, password: &str) -> String {
    let page = client.get(format!("{address}/login")).send().await.unwrap();
    let token = csrf_of(&page.text().await.unwrap());
    let answer = client
        .post(format!("{address}/auth/login"))
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf", &token),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 303, "signing in as {email} redirects");
    answer.headers()["location"].to_str().unwrap().to_owned()
}

/// Signs in through the sign-in form as a browser would; the client keeps the session cookie.
pub async fn sign_in(address: &str, email: &str, password: &str) -> (reqwest::Client, String) {
    let client = client(true);
    let to = attempt(&client, address, email, password).await;
    assert!(
        !to.starts_with("/login"),
        "signed in as {email}: went to {to}"
    );
    // Signing in gives the session a new token.
    let page = client.get(format!("{address}/login")).send().await.unwrap();
    let token = csrf_of(&page.text().await.unwrap());
    (client, token)
}

/// The real `seat-audit` binary with a clean environment apart from the given variables.
pub fn binary(data_dir: &Path, vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_seat-audit"));
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("SEAT_AUDIT__DATA_DIR", data_dir)
        .env("SEAT_AUDIT__SITE_ROOT", site_root());
    if let Some(url) = postgres_database(data_dir) {
        command.env("SEAT_AUDIT__DATABASE__URL", url);
    }
    for (name, value) in vars {
        command.env(name, value);
    }
    command
}

/// Starts `seat-audit serve` on port 0 and returns the child with the URL it printed.
pub fn start_binary(data_dir: &Path) -> (Child, String) {
    let mut child = binary(data_dir, &[])
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .expect("the binary prints its address");
    // The rest (the demo accounts) is read and dropped, so the pipe never fills or closes.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let url = line
        .trim()
        .strip_prefix("seat-audit listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_owned();
    (child, url)
}

/// A simulator on port 0 whose clock stands still at `now`.
pub async fn start_simulator(config: SimulatorConfig, now: DateTime<Utc>) -> RunningSimulator {
    let simulator = Simulator::start(config, std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("the simulator starts");
    simulator.clock().set(now);
    simulator
}

/// A request to the simulator's REST API with its access key, as Gong's Basic auth wants it.
pub fn simulator_request(
    simulator: &RunningSimulator,
    method: reqwest::Method,
    path: &str,
) -> reqwest::RequestBuilder {
    let credentials = simulator.credentials();
    reqwest::Client::new()
        .request(method, format!("{}{path}", simulator.base_url()))
        .basic_auth(
            &credentials.access_key,
            Some(&credentials.access_key_secret),
        )
}
