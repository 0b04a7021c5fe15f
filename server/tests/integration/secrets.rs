//! The Gong key and secret, the SCIM token, the admin password and the metrics token appear in no
//! page, response, log line or error message: the real binary runs the demo with every log level
//! on, serves every page, function and export (and a failed sign-in), and all it printed and
//! answered is searched for them.

use std::{
    io::Read,
    process::{Command, Stdio},
    time::Duration,
};

use seat_audit::{simulator::SimulatorConfig, startup::DEMO_SEED};
use tempfile::TempDir;

use crate::support::{binary, sign_in, sign_in_attempt, DEMO_ADMIN};

#[tokio::test]
async fn no_secret_appears_in_any_page_response_or_log_line() {
    let data_dir = TempDir::new().unwrap();
    let credentials = SimulatorConfig::demo(DEMO_SEED).credentials;
    let admin_password = "first-admin-secret-password-7731";
    let metrics_token = "metrics-secret-token-5520";
    let secrets = [
        credentials.access_key.as_str(),
        credentials.access_key_secret.as_str(),
        credentials.scim_token.as_str(),
        admin_password,
        metrics_token,
    ];
    let log_path = data_dir.path().join("server.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut child = binary(
        data_dir.path(),
        &[
            ("RUST_LOG", "trace,hyper=debug,h2=debug,rustls=debug"),
            ("SEAT_AUDIT__ADMIN__EMAIL", "first-admin@example.com"),
            ("SEAT_AUDIT__ADMIN__PASSWORD", admin_password),
            ("SEAT_AUDIT__METRICS__TOKEN", metrics_token),
        ],
    )
    .args(["serve", "--addr", "127.0.0.1:0"])
    .stdout(Stdio::piped())
    .stderr(log.try_clone().unwrap())
    .spawn()
    .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut printed = String::new();
    let url = loop {
        let mut byte = [0u8; 1];
        assert_eq!(
            stdout.read(&mut byte).unwrap(),
            1,
            "the server printed its address"
        );
        printed.push(byte[0] as char);
        if let Some(line) = printed
            .lines()
            .find(|l| l.starts_with("seat-audit listening on "))
        {
            if printed.ends_with('\n') {
                break line
                    .trim_start_matches("seat-audit listening on ")
                    .trim()
                    .to_owned();
            }
        }
    };
    let drain = std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = stdout.read_to_string(&mut rest);
        rest
    });

    let mut answers = String::new();
    answers.push_str(&sign_in_attempt(&url, "first-admin@example.com", "wrong password").await);
    let (client, csrf) = sign_in(&url, DEMO_ADMIN.0, DEMO_ADMIN.1).await;
    // The demo syncs on start: wait for its report, so the pages show data.
    let deadline = tokio::time::Instant::now() + crate::support::SYNC_TIMEOUT;
    loop {
        let health = client
            .get(format!("{url}/healthz"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if health.contains(r#""outcome":"complete""#) {
            answers.push_str(&health);
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "no sync: {health}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    for path in [
        "/",
        "/users",
        "/candidates",
        "/approvals",
        "/finance",
        "/audit",
        "/sync",
        "/settings",
        "/login",
        "/export/seats.csv",
        "/export/users.csv",
        "/export/audit.csv",
        "/metrics",
        "/sync/events?once=1",
    ] {
        let answer = client
            .get(format!("{url}{path}"))
            .timeout(Duration::from_secs(5))
            .send()
            .await;
        if let Ok(answer) = answer {
            let headers = format!("{:?}", answer.headers());
            answers.push_str(&headers);
            if let Ok(body) = tokio::time::timeout(Duration::from_secs(2), answer.text()).await {
                answers.push_str(&body.unwrap_or_default());
            }
        }
    }
    for function in [
        "connection",
        "settings",
        "shell",
        "sync_runs",
        "approvals",
        "accounts",
    ] {
        let body = client
            .post(format!("{url}/api/{function}"))
            .header("x-csrf-token", &csrf)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        answers.push_str(&body);
    }
    assert!(answers.contains("Connection") || answers.contains("connection"));

    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    child.wait().unwrap();
    let printed = printed + &drain.join().unwrap();
    let logged = std::fs::read_to_string(&log_path).unwrap();
    assert!(logged.contains("sync complete"), "the log was captured");
    for secret in secrets {
        assert!(!answers.contains(secret), "a response holds a secret");
        assert!(!printed.contains(secret), "stdout holds a secret");
        assert!(!logged.contains(secret), "a log line holds a secret");
    }
}
