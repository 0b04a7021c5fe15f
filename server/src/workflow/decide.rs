//! Deciding (docs/product.md): the approver approves or rejects items waiting for them, all or
//! none; a rejection needs a reason.

use app::types::WorkflowState;
use chrono::{DateTime, Utc};

use super::{
    approver::seen_by,
    error::{refused, WorkflowError},
    store::{expire_due, get, transition},
};
use crate::{auth::SignedIn, db::Pool};

/// Approves or rejects items waiting for `actor` (all or none); a rejection needs a reason.
pub async fn decide(
    pool: &Pool,
    actor: &SignedIn,
    ids: &[i64],
    approve: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<usize, WorkflowError> {
    expire_due(pool, now).await?;
    if ids.is_empty() {
        return Err(refused("Select at least one proposal."));
    }
    if !approve && reason.trim().is_empty() {
        return Err(refused(
            "Reason: say why you reject, for the proposer and the audit log.",
        ));
    }
    let seen = seen_by(pool, &actor.email, actor.role).await?;
    let mut items = Vec::new();
    for id in ids {
        let item = get(pool, *id)
            .await?
            .ok_or_else(|| refused(format!("Item #{id} does not exist.")))?;
        if item.state != WorkflowState::Awaiting {
            return Err(refused(format!(
                "Item #{id} ({}) is {}, not awaiting a decision; nothing was decided.",
                item.name, item.state
            )));
        }
        let escalated_to_actor = item
            .escalated_to
            .as_ref()
            .is_some_and(|to| to.eq_ignore_ascii_case(&actor.email));
        if !item.approver.eq_ignore_ascii_case(&actor.email) && !escalated_to_actor {
            return Err(refused(format!(
                "Item #{id} ({}) is for {} to decide, not you; nothing was decided.",
                item.name, item.approver
            )));
        }
        // Routed before the rule, or the team changed since: only who may see the user decides.
        if seen
            .as_ref()
            .is_some_and(|seen| !seen.contains(&item.user_id))
        {
            return Err(refused(format!(
                "Item #{id} ({}) is not in your team: only someone who may see them decides; nothing was decided.",
                item.name
            )));
        }
        if item.proposed_by.eq_ignore_ascii_case(&actor.email) {
            return Err(refused(format!(
                "Item #{id}: nobody approves their own proposal."
            )));
        }
        items.push(item);
    }
    let to = if approve {
        WorkflowState::Approved
    } else {
        WorkflowState::Rejected
    };
    let mut tx = pool.begin().await?;
    for item in &items {
        // Compare-and-set: a decision made meanwhile (a double click, another tab) leaves the
        // item no longer awaiting, and then nothing of this one is kept.
        let changed = crate::db::query(
            "UPDATE workflow_items SET state = ?, decided_by = ?, decided_at = ?,
                 decision_reason = ?, updated_at = ? WHERE id = ? AND state = 'awaiting'",
        )
        .bind(to)
        .bind(&actor.email)
        .bind(now)
        .bind(reason.trim())
        .bind(now)
        .bind(item.id)
        .execute(&mut tx)
        .await?
        .rows_affected();
        if changed != 1 {
            tx.rollback().await?;
            return Err(refused(format!(
                "Item #{} ({}) was decided or expired meanwhile; nothing was decided. Reload the page to see where it stands.",
                item.id, item.name
            )));
        }
        transition(
            &mut tx,
            &actor.email,
            to.as_str(),
            (item.id, &item.email),
            (WorkflowState::Awaiting, to),
            Some(reason),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(items.len())
}
