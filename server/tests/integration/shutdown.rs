//! Graceful shutdown does not wait for long-lived responses: the sync's event stream ends when
//! shutdown starts, and the process exits.

use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::support::{sign_in, start_binary, DEMO_ADMIN};

#[tokio::test]
async fn sigterm_stops_the_server_within_seconds_while_a_sync_events_client_is_connected() {
    let data_dir = TempDir::new().unwrap();
    let (mut child, url) = start_binary(data_dir.path());
    let (client, _) = sign_in(&url, DEMO_ADMIN.0, DEMO_ADMIN.1).await;
    let mut events = client
        .get(format!("{url}/sync/events"))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(events.status(), 200);
    let first = events.chunk().await.unwrap().expect("a first event");
    assert!(
        String::from_utf8_lossy(&first).contains("progress"),
        "{first:?}"
    );

    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("still running 5 s after SIGTERM with a /sync/events client connected");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(exit.success(), "exit status {exit}");
    // The stream was ended by the server, not cut by a crash.
    while let Ok(Some(_)) = events.chunk().await {}
}
