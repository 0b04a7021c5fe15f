//! `/metrics` stays small whatever clients send: every label takes a bounded set of values.

use crate::support::spawn_app;

#[tokio::test]
async fn requests_with_invented_methods_and_paths_leave_metrics_a_handful_of_series() {
    let app = spawn_app().await;
    let client = app.anonymous();
    for i in 0..200 {
        let method = reqwest::Method::from_bytes(format!("INVENTED{i}").as_bytes()).unwrap();
        for path in ["/healthz".to_owned(), format!("/no/such/page/{i}")] {
            client
                .request(method.clone(), format!("{}{path}", app.address))
                .send()
                .await
                .expect("the server answers");
        }
    }

    let text = app.get("/metrics").await.text().await.unwrap();
    let series: Vec<&str> = text
        .lines()
        .filter(|line| line.starts_with("seat_audit_http_requests_total{"))
        .collect();
    assert!(
        series.len() <= 6,
        "{} request series: {series:#?}",
        series.len()
    );
    assert!(!text.contains("INVENTED"), "an invented method is a label");
    assert!(!text.contains("/no/such/page"), "a raw path is a label");
    assert!(
        series
            .iter()
            .any(|s| s.contains(r#"method="other",route="/healthz""#)),
        "{series:#?}"
    );
    assert!(text.len() < 20_000, "/metrics is {} bytes", text.len());
}
