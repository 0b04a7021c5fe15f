//! `seat-audit serve`: start the web server and stop gracefully on SIGINT or SIGTERM.

use std::io::Write;

use anyhow::Context;

use super::ServeArgs;
use crate::{config::Settings, web::Server};

pub async fn run(mut settings: Settings, args: ServeArgs) -> anyhow::Result<()> {
    if let Some(addr) = args.addr {
        settings.addr = addr;
    }
    let server = Server::build(settings).await.context("start-up failed")?;
    // The one line scripts and the end-to-end tests read to find the server.
    // A closed stdout (a parent that read only the address) must not stop the server: write
    // errors are ignored rather than panicking as `println!` would.
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "seat-audit listening on http://{}",
        server.local_addr()
    );
    if !server.demo_accounts.is_empty() {
        let _ = writeln!(
            out,
            "demo accounts (synthetic data only; sign in as any of them):"
        );
        for account in &server.demo_accounts {
            let _ = writeln!(
                out,
                "  {:<8} {}  password: {}",
                account.role.as_str(),
                account.email,
                account.password
            );
        }
    }
    let _ = out.flush();
    server
        .run(shutdown_signal())
        .await
        .context("the server stopped with an error")
}

/// Resolves on the first SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing requests in flight");
}
