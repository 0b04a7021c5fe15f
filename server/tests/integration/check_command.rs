//! `seat-audit check` against the simulator: every permission granted, then each one missing.

use chrono::Utc;
use seat_audit::simulator::{RunningSimulator, SimulatorConfig};
use tempfile::TempDir;

use crate::{
    support::{binary, start_simulator},
    sync_support::fast_limits,
};

/// The check's exit code and what it printed, run against `simulator` with its own credentials
/// except where `vars` overrides them.
async fn check(simulator: &RunningSimulator, vars: &[(&str, &str)]) -> (i32, String) {
    let data_dir = TempDir::new().unwrap();
    let credentials = simulator.credentials();
    let base_url = simulator.base_url();
    let scim_url = simulator.scim_base_url();
    let mut all = vec![
        ("SEAT_AUDIT__GONG__BASE_URL", base_url.as_str()),
        (
            "SEAT_AUDIT__GONG__ACCESS_KEY",
            credentials.access_key.as_str(),
        ),
        (
            "SEAT_AUDIT__GONG__ACCESS_KEY_SECRET",
            credentials.access_key_secret.as_str(),
        ),
        ("SEAT_AUDIT__SCIM__BASE_URL", scim_url.as_str()),
        ("SEAT_AUDIT__SCIM__TOKEN", credentials.scim_token.as_str()),
    ];
    all.retain(|(name, _)| !vars.iter().any(|(n, _)| n == name));
    all.extend_from_slice(vars);
    let output = tokio::process::Command::from(binary(data_dir.path(), &all))
        .arg("check")
        .output()
        .await
        .expect("the binary runs");
    (
        output.status.code().expect("an exit code"),
        String::from_utf8(output.stdout).unwrap(),
    )
}

async fn simulator(tune: impl FnOnce(&mut SimulatorConfig)) -> RunningSimulator {
    let mut config = SimulatorConfig::demo(3);
    config.size.users = 20;
    config.size.months = 2;
    config.limits = fast_limits();
    tune(&mut config);
    start_simulator(config, Utc::now()).await
}

fn line_with<'a>(output: &'a str, text: &str) -> &'a str {
    output
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("a line with {text:?} in:\n{output}"))
}

#[tokio::test]
async fn with_every_permission_the_check_passes_and_names_each_endpoint() {
    let simulator = simulator(|_| ()).await;
    let (code, output) = check(&simulator, &[]).await;
    assert_eq!(code, 0, "{output}");
    assert!(line_with(&output, "accepted the access key").starts_with("ok: Reached Gong at"));
    assert!(line_with(&output, "list calls").starts_with("ok:"));
    assert!(line_with(&output, "read calls in detail").starts_with("ok:"));
    assert!(line_with(&output, "read activity stats").starts_with("ok:"));
    assert!(line_with(&output, "read the logs").starts_with("ok:"));
    assert!(line_with(&output, "clock agrees").starts_with("ok:"));
    assert!(line_with(&output, "SCIM at").starts_with("ok:"));
    assert!(!output.contains(&simulator.credentials().access_key_secret));
    for line in output.lines() {
        assert!(line.ends_with('.'), "each line is a sentence: {line}");
    }
}

#[tokio::test]
async fn without_the_stats_permission_the_check_passes_but_says_only_hosted_calls_count() {
    let simulator = simulator(|c| c.stats_allowed = false).await;
    let (code, output) = check(&simulator, &[]).await;
    assert_eq!(code, 0, "{output}");
    assert!(line_with(&output, "read activity stats").starts_with("warning: The key may not"));
    assert!(line_with(&output, "one signal, hosted calls").starts_with("warning:"));
}

#[tokio::test]
async fn without_the_logs_permission_the_check_passes_with_a_warning() {
    let simulator = simulator(|c| c.logs_allowed = false).await;
    let (code, output) = check(&simulator, &[]).await;
    assert_eq!(code, 0, "{output}");
    assert!(line_with(&output, "read the logs").starts_with("warning: The key may not"));
}

#[tokio::test]
async fn a_scim_token_without_the_scope_fails_the_check() {
    let simulator = simulator(|c| c.scim_allowed = false).await;
    let (code, output) = check(&simulator, &[]).await;
    assert_eq!(code, 1, "{output}");
    assert!(line_with(&output, "SCIM at").contains("lacks the SCIM scope"));
}

#[tokio::test]
async fn a_wrong_scim_token_fails_the_check() {
    let simulator = simulator(|_| ()).await;
    let (code, output) = check(&simulator, &[("SEAT_AUDIT__SCIM__TOKEN", "not-the-token")]).await;
    assert_eq!(code, 1, "{output}");
    assert!(line_with(&output, "SCIM at").contains("refused the token"));
}

#[tokio::test]
async fn a_wrong_secret_fails_the_check_and_names_the_settings_to_fix() {
    let simulator = simulator(|_| ()).await;
    let (code, output) = check(
        &simulator,
        &[("SEAT_AUDIT__GONG__ACCESS_KEY_SECRET", "not-the-secret")],
    )
    .await;
    assert_eq!(code, 1, "{output}");
    assert!(line_with(&output, "refused the credentials")
        .contains("SEAT_AUDIT__GONG__ACCESS_KEY_SECRET"));
}

#[tokio::test]
async fn an_unreachable_gong_fails_the_check() {
    let simulator = simulator(|_| ()).await;
    // A port nothing listens on: bind one, then let it go.
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", free.local_addr().unwrap());
    drop(free);
    let (code, output) = check(&simulator, &[("SEAT_AUDIT__GONG__BASE_URL", &url)]).await;
    assert_eq!(code, 1, "{output}");
    assert!(line_with(&output, "could not be reached").starts_with("failed:"));
}

#[tokio::test]
async fn a_migrated_database_is_reported_as_such() {
    let simulator = simulator(|_| ()).await;
    let data_dir = TempDir::new().unwrap();
    seat_audit::db::connect(&crate::support::test_settings(data_dir.path()))
        .await
        .unwrap()
        .close()
        .await;
    let credentials = simulator.credentials();
    let output = tokio::process::Command::from(binary(
        data_dir.path(),
        &[
            ("SEAT_AUDIT__GONG__BASE_URL", &simulator.base_url()),
            ("SEAT_AUDIT__GONG__ACCESS_KEY", &credentials.access_key),
            (
                "SEAT_AUDIT__GONG__ACCESS_KEY_SECRET",
                &credentials.access_key_secret,
            ),
        ],
    ))
    .arg("check")
    .output()
    .await
    .unwrap();
    let output = String::from_utf8(output.stdout).unwrap();
    assert!(line_with(&output, "The database answers").starts_with("ok:"));
    assert!(line_with(&output, "SCIM is not configured").starts_with("warning:"));
}
