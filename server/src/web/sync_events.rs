//! `GET /sync/events`: the running sync's progress as server-sent events, so the Sync page shows it
//! live. One event now, then one on every change; a keep-alive comment keeps proxies from closing it.
//! The stream ends when its session no longer holds an account that may view the Sync page (signed
//! out, expired, disabled, role changed, password reset): checked on each event and every few seconds.

use std::{convert::Infallible, time::Duration};

use app::types::{Area, SyncProgress};
use axum::{
    extract::State,
    http::StatusCode,
    response::sse::{Event, KeepAlive, Sse},
    Extension,
};
use futures::{stream, Stream, StreamExt};
use tokio::sync::watch;
use tower_sessions::{session::Id, Session, SessionStore};

use super::{
    access::{self, Refusal},
    session::ACCOUNT_KEY,
    session_store::HashedIds,
    AppState,
};
use crate::auth::{accounts, SignedIn};

/// How often an open stream re-checks its session when no event comes.
const RECHECK: Duration = Duration::from_secs(3);

/// Only roles that may view the Sync page get its progress (the gate has required a session).
pub async fn sync_events(
    State(state): State<AppState>,
    Extension(store): Extension<HashedIds>,
    session: Session,
    account: Option<Extension<SignedIn>>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, StatusCode> {
    match access::require(account.as_ref().map(|Extension(a)| a), Area::SyncView) {
        Ok(_) => {}
        Err(Refusal::Role(_)) => return Err(StatusCode::FORBIDDEN),
        Err(Refusal::SignedOut) => return Err(StatusCode::UNAUTHORIZED),
    }
    let Some(id) = session.id() else {
        return Err(StatusCode::UNAUTHORIZED);
    };
    let shutdown = state.shutdown.clone();
    let mut checks = tokio::time::interval(RECHECK);
    checks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let watch = Watch {
        receiver: state.syncer.progress(),
        first: true,
        checks,
        state,
        store,
        id,
    };
    let events = stream::unfold(watch, |mut watch| async move {
        if !watch.first {
            loop {
                tokio::select! {
                    changed = watch.receiver.changed() => {
                        if changed.is_err() {
                            return None;
                        }
                        break;
                    }
                    _ = watch.checks.tick() => {
                        if !watch.still_allowed().await {
                            return None;
                        }
                    }
                }
            }
            if !watch.still_allowed().await {
                return None;
            }
        }
        watch.first = false;
        let progress = watch.receiver.borrow_and_update().clone();
        Some((Ok(event(&progress)), watch))
    })
    // The stream ends when shutdown starts, or the graceful shutdown would wait for it forever.
    .take_until(shutdown.cancelled_owned());
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

struct Watch {
    receiver: watch::Receiver<SyncProgress>,
    first: bool,
    checks: tokio::time::Interval,
    state: AppState,
    store: HashedIds,
    id: Id,
}

impl Watch {
    /// Whether the session, read afresh from the store, still holds an account that may view the
    /// Sync page; a store or database error ends the stream too (the page reconnects).
    async fn still_allowed(&self) -> bool {
        let Ok(Some(record)) = self.store.load(&self.id).await else {
            return false;
        };
        let Some(id) = record.data.get(ACCOUNT_KEY).and_then(|v| v.as_i64()) else {
            return false;
        };
        match accounts::by_id(&self.state.pool, id).await {
            Ok(Some(account)) => {
                !account.disabled
                    && !account.must_change_password
                    && account.role.may(Area::SyncView)
            }
            _ => false,
        }
    }
}

fn event(progress: &SyncProgress) -> Event {
    Event::default()
        .event("progress")
        .json_data(progress)
        .unwrap_or_else(|_| Event::default().comment("unserialisable progress"))
}
