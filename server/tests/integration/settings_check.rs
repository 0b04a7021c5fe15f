//! The Settings page's "Check the installation": the same findings as `seat-audit check`, for
//! admins only, with no secret in them.

use app::types::{CheckResult, Verdict};

use crate::support::{spawn_app, DEMO_FINANCE};

#[tokio::test]
async fn an_admin_runs_the_check_against_the_demo_simulator_and_every_needed_line_passes() {
    let app = spawn_app().await;
    let result: CheckResult = app.call("check", &[]).await;
    assert!(result.passed(), "{result:?}");
    let sentences: Vec<&str> = result.lines.iter().map(|l| l.sentence.as_str()).collect();
    assert!(
        sentences
            .iter()
            .any(|s| s.contains("accepted the access key")),
        "{sentences:?}"
    );
    assert!(
        sentences.iter().any(|s| s.contains("The database answers")),
        "{sentences:?}"
    );
    assert!(result
        .lines
        .iter()
        .any(|l| l.verdict == Verdict::Passed && l.sentence.starts_with("SCIM at")));
    let json = serde_json::to_string(&result).unwrap();
    assert!(!json.contains("sim-secret-"), "no secret in the findings");
    assert!(!json.contains("sim-scim-"), "no token in the findings");
}

#[tokio::test]
async fn finance_may_not_run_the_check() {
    let app = spawn_app().await;
    let (client, csrf) = app.sign_in(DEMO_FINANCE.0, DEMO_FINANCE.1).await;
    let response = client
        .post(format!("{}/api/check", app.address))
        .header("accept", "application/json")
        .header("x-csrf-token", csrf)
        .form::<[(&str, &str); 0]>(&[])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}
