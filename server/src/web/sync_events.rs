//! `GET /sync/events`: the running sync's progress as server-sent events, so the Sync page shows it
//! live. One event now, then one on every change; a keep-alive comment keeps proxies from closing it.

use std::{convert::Infallible, time::Duration};

use app::types::{Area, SyncProgress};
use axum::{
    extract::State,
    http::StatusCode,
    response::sse::{Event, KeepAlive, Sse},
    Extension,
};
use futures::{stream, Stream, StreamExt};

use super::{
    access::{self, Refusal},
    AppState,
};
use crate::auth::SignedIn;

/// Only roles that may view the Sync page get its progress (the gate has required a session).
pub async fn sync_events(
    State(state): State<AppState>,
    account: Option<Extension<SignedIn>>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, StatusCode> {
    match access::require(account.as_ref().map(|Extension(a)| a), Area::SyncView) {
        Ok(_) => {}
        Err(Refusal::Role(_)) => return Err(StatusCode::FORBIDDEN),
        Err(Refusal::SignedOut) => return Err(StatusCode::UNAUTHORIZED),
    }
    let receiver = state.syncer.progress();
    let events = stream::unfold((receiver, true), |(mut receiver, first)| async move {
        if !first && receiver.changed().await.is_err() {
            return None;
        }
        let progress = receiver.borrow_and_update().clone();
        Some((Ok(event(&progress)), (receiver, false)))
    })
    // The stream ends when shutdown starts, or the graceful shutdown would wait for it forever.
    .take_until(state.shutdown.clone().cancelled_owned());
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn event(progress: &SyncProgress) -> Event {
    Event::default()
        .event("progress")
        .json_data(progress)
        .unwrap_or_else(|_| Event::default().comment("unserialisable progress"))
}
