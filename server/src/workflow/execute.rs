//! Executing and undoing (docs/product.md): a last look at the user's activity, then SCIM or a
//! note of what was done by hand; in dry-run only recorded; a SCIM failure kept for a retry.

use app::types::{WorkflowKind, WorkflowState};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::{
    error::{refused, WorkflowError},
    scim::ScimClient,
    settings::settings,
    state::{EXECUTABLE, UNDOABLE},
    store::{claim, finish, release, renew, set_state, transition, Claim},
};
use crate::{
    audit::{self, Entry},
    auth::SignedIn,
    db::Pool,
};

/// What activity cancels an execution. Any use of Gong cancels a deactivation; a downgrade to a
/// free collaborator seat only what that seat cannot do, since listening is why the user was a
/// listener in the first place (docs/product.md, statuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cancelling {
    AnyActivity,
    BeyondListening,
}

impl Cancelling {
    fn of(kind: WorkflowKind) -> Self {
        if kind == WorkflowKind::Downgrade {
            Self::BeyondListening
        } else {
            Self::AnyActivity
        }
    }
}

/// The last look at a user's activity before acting: `Some(what)` when they were active since.
#[async_trait::async_trait]
pub trait ActivityCheck: Send + Sync {
    async fn activity_since(
        &self,
        user_id: &str,
        since: DateTime<Utc>,
        cancelling: Cancelling,
    ) -> Result<Option<String>, String>;
}

/// What executing (or undoing) needs: the live switch's state, SCIM if configured, the re-check.
pub struct Executor<'a> {
    pub scim: Option<ScimClient>,
    pub recheck: &'a dyn ActivityCheck,
}

/// What an execution did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Executed {
    /// Deactivated through SCIM, or marked done by hand.
    Done,
    /// The user was active again: the item is cancelled, nothing sent.
    Cancelled(String),
    /// Dry-run: recorded, and the requests shown; nothing sent.
    DryRun(String),
    /// SCIM refused or failed; the error is kept and a retry allowed.
    Failed(String),
}

/// Executes an approved (or failed) item, after re-checking the user's activity since the report
/// the proposal was made from (a later sync may have seen them active, and moved on). The item is
/// claimed first, so of two requests at once only one re-checks and acts.
pub async fn execute(
    pool: &Pool,
    actor: &SignedIn,
    id: i64,
    note: &str,
    executor: &Executor<'_>,
) -> Result<Executed, WorkflowError> {
    let claim = claim(
        pool,
        id,
        &EXECUTABLE,
        "only approved items (or failed ones, to retry) are executed",
        "executed",
    )
    .await?;
    let outcome = execute_claimed(pool, actor, &claim, note, executor).await;
    release(pool, &claim).await;
    outcome
}

async fn execute_claimed(
    pool: &Pool,
    actor: &SignedIn,
    claim: &Claim,
    note: &str,
    executor: &Executor<'_>,
) -> Result<Executed, WorkflowError> {
    let item = &claim.item;
    let config = settings(pool).await?;
    let since: DateTime<Utc> = crate::db::query_scalar(
        "SELECT COALESCE(report_as_of, proposed_at) FROM workflow_items WHERE id = ?",
    )
    .bind(item.id)
    .fetch_one(pool)
    .await?;
    let cancelling = Cancelling::of(item.kind);
    match executor
        .recheck
        .activity_since(&item.user_id, since, cancelling)
        .await
    {
        Ok(Some(what)) => {
            let why = format!(
                "active again since the report the proposal was made from ({}): {what}",
                since.format("%Y-%m-%d %H:%M UTC")
            );
            set_state(
                pool,
                &actor.email,
                WorkflowState::Cancelled,
                claim,
                &why,
                None,
            )
            .await?;
            return Ok(Executed::Cancelled(why));
        }
        Ok(None) => {}
        Err(error) => {
            return Err(refused(format!(
            "Nothing was done: the user's activity could not be re-checked ({error}). Try again."
        )))
        }
    }
    let by_hand = item.kind == WorkflowKind::Downgrade || executor.scim.is_none();
    if by_hand {
        if note.trim().is_empty() {
            return Err(refused(if item.kind == WorkflowKind::Downgrade {
                "Note: a downgrade is done by hand in Gong (seats are not in SCIM); follow the checklist, then say what you did."
            } else {
                "Note: without a SCIM token the deactivation is done by hand in Gong; say what you did."
            }));
        }
        if !config.live {
            return dry_run(pool, actor, claim, &format!("by hand: {}", note.trim())).await;
        }
        let by_hand = Some(("by_hand", None));
        set_state(
            pool,
            &actor.email,
            WorkflowState::Executed,
            claim,
            note,
            by_hand,
        )
        .await?;
        return Ok(Executed::Done);
    }
    let scim = executor.scim.as_ref().expect("checked above");
    if !config.live {
        return dry_run(pool, actor, claim, &scim.describe(&item.email, false, None)).await;
    }
    renew(pool, claim).await?;
    match scim.set_active(&item.email, false).await {
        Ok(requests) => {
            let scim = Some(("scim", Some(requests.as_str())));
            set_state(
                pool,
                &actor.email,
                WorkflowState::Executed,
                claim,
                note,
                scim,
            )
            .await?;
            Ok(Executed::Done)
        }
        Err(error) => {
            let text = error.to_string();
            fail(pool, &actor.email, claim, &text).await?;
            Ok(Executed::Failed(text))
        }
    }
}

/// Re-enables an executed (or verified) item's user: through SCIM, or by hand with a note. The
/// item is claimed first, so of two requests at once only one re-enables.
pub async fn undo(
    pool: &Pool,
    actor: &SignedIn,
    id: i64,
    note: &str,
    executor: &Executor<'_>,
    now: DateTime<Utc>,
) -> Result<Executed, WorkflowError> {
    let claim = claim(
        pool,
        id,
        &UNDOABLE,
        "only executed items are undone",
        "undone",
    )
    .await?;
    let outcome = undo_claimed(pool, actor, &claim, note, executor, now).await;
    release(pool, &claim).await;
    outcome
}

async fn undo_claimed(
    pool: &Pool,
    actor: &SignedIn,
    claim: &Claim,
    note: &str,
    executor: &Executor<'_>,
    now: DateTime<Utc>,
) -> Result<Executed, WorkflowError> {
    let item = &claim.item;
    let config = settings(pool).await?;
    let scim = executor
        .scim
        .as_ref()
        .filter(|_| item.kind == WorkflowKind::Deactivate);
    let requests = match (scim, config.live) {
        (Some(scim), false) => {
            return dry_run(pool, actor, claim, &scim.describe(&item.email, true, None)).await
        }
        (Some(scim), true) => {
            renew(pool, claim).await?;
            match scim.set_active(&item.email, true).await {
                Ok(requests) => Some(requests),
                Err(error) => return Err(refused(format!("Not undone: {error}"))),
            }
        }
        (None, _) if note.trim().is_empty() => {
            return Err(refused("Note: say how you re-enabled the user in Gong."))
        }
        (None, false) => {
            return dry_run(
                pool,
                actor,
                claim,
                &format!("undo by hand: {}", note.trim()),
            )
            .await
        }
        (None, true) => None,
    };
    let mut tx = pool.begin().await?;
    finish(
        &mut tx,
        claim,
        (WorkflowState::Reverted, now),
        "requests = COALESCE(?1, requests)",
        &[requests.as_deref()],
    )
    .await?;
    transition(
        &mut tx,
        &actor.email,
        "reverted",
        (item.id, &item.email),
        (item.state, WorkflowState::Reverted),
        Some(note),
    )
    .await?;
    tx.commit().await?;
    Ok(Executed::Done)
}

/// Dry-run: the step is recorded with what would be sent; the item stays as it is.
async fn dry_run(
    pool: &Pool,
    actor: &SignedIn,
    claim: &Claim,
    requests: &str,
) -> Result<Executed, WorkflowError> {
    let item = &claim.item;
    let mut tx = pool.begin().await?;
    let shown = format!("dry-run, not sent:\n{requests}");
    finish(
        &mut tx,
        claim,
        (item.state, Utc::now()),
        "requests = ?1",
        &[Some(&shown)],
    )
    .await?;
    let subject = format!("{} (item #{})", item.email, item.id);
    audit::record(
        &mut tx,
        Entry {
            actor: &actor.email,
            action: "dry_run",
            subject: Some(&subject),
            before: Some(json!({ "state": item.state })),
            after: Some(json!({ "state": item.state, "would_send": requests })),
            reason: Some("live execution is off (Settings): nothing was sent"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Executed::DryRun(requests.to_owned()))
}

async fn fail(pool: &Pool, actor: &str, claim: &Claim, error: &str) -> Result<(), WorkflowError> {
    let item = &claim.item;
    let mut tx = pool.begin().await?;
    finish(
        &mut tx,
        claim,
        (WorkflowState::Failed, Utc::now()),
        "error = ?1",
        &[Some(error)],
    )
    .await?;
    transition(
        &mut tx,
        actor,
        "execution_failed",
        (item.id, &item.email),
        (item.state, WorkflowState::Failed),
        Some(error),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
