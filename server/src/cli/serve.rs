//! `seat-audit serve`: start the web server and stop gracefully on SIGINT or SIGTERM.

use std::io::Write;

use anyhow::Context;

use super::ServeArgs;
use crate::{config::Settings, startup::Server};

pub async fn run(mut settings: Settings, args: ServeArgs) -> anyhow::Result<()> {
    if let Some(addr) = args.addr {
        settings.addr = addr;
    }
    let server = Server::build(settings).await.context("start-up failed")?;
    let shutdown = shutdown_signal()?;
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
        .run(shutdown)
        .await
        .context("the server stopped with an error")
}

/// Resolves on the first SIGINT (Ctrl-C) or SIGTERM. The handlers are installed when this is
/// called, not when the future is first polled, so a signal sent right after the address is printed
/// still stops the server gracefully.
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut terminate = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
        let mut interrupt = signal(SignalKind::interrupt()).context("cannot listen for SIGINT")?;
        Ok(async move {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = interrupt.recv() => {}
            }
            tracing::info!("shutting down: finishing requests in flight");
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            if let Err(error) = tokio::signal::ctrl_c().await {
                tracing::error!(%error, "cannot listen for Ctrl-C");
                std::future::pending::<()>().await;
            }
            tracing::info!("shutting down: finishing requests in flight");
        })
    }
}
