//! The workflow's table: item rows and how they read as `WorkflowItem`s, the reads (all, awaiting,
//! one), and the writes that move an item's state with its audit entry in the same transaction.

use app::types::{WorkflowItem, WorkflowKind, WorkflowState};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::error::{refused, WorkflowError};
use crate::{
    audit::{self, Entry},
    db::Pool,
};

#[derive(sqlx::FromRow)]
pub(super) struct ItemRow {
    id: i64,
    user_id: String,
    email: String,
    name: String,
    kind: WorkflowKind,
    reason: String,
    frees_cents: i64,
    seats: String,
    state: WorkflowState,
    proposed_by: String,
    proposed_at: String,
    approver: String,
    expires_at: String,
    direct_reports: String,
    decided_by: Option<String>,
    decision_reason: Option<String>,
    executed_by: Option<String>,
    executed_how: Option<String>,
    requests: Option<String>,
    error: Option<String>,
}

pub(super) const ITEM_COLUMNS: &str =
    "id, user_id, email, name, kind, reason, frees_cents, seats, state,
    proposed_by, proposed_at, approver, expires_at, direct_reports, decided_by, decision_reason,
    executed_by, executed_how, requests, error";

pub(super) fn item(row: ItemRow) -> WorkflowItem {
    WorkflowItem {
        direct_reports: serde_json::from_str(&row.direct_reports).unwrap_or_default(),
        id: row.id,
        user_id: row.user_id,
        email: row.email,
        name: row.name,
        kind: row.kind,
        reason: row.reason,
        frees_cents: row.frees_cents,
        seats: row.seats,
        state: row.state,
        proposed_by: row.proposed_by,
        proposed_at: row.proposed_at,
        approver: row.approver,
        expires_at: row.expires_at,
        decided_by: row.decided_by,
        decision_reason: row.decision_reason,
        executed_by: row.executed_by,
        executed_how: row.executed_how,
        requests: row.requests,
        error: row.error,
    }
}

/// Every item, newest first.
pub async fn all(pool: &Pool) -> Result<Vec<WorkflowItem>, sqlx::Error> {
    let rows: Vec<ItemRow> = sqlx::query_as(&format!(
        "SELECT {ITEM_COLUMNS} FROM workflow_items ORDER BY id DESC"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(item).collect())
}

/// The items waiting for `approver`'s decision, oldest first.
pub async fn awaiting(pool: &Pool, approver: &str) -> Result<Vec<WorkflowItem>, sqlx::Error> {
    let rows: Vec<ItemRow> = sqlx::query_as(&format!(
        "SELECT {ITEM_COLUMNS} FROM workflow_items
         WHERE state = 'awaiting' AND approver = ? COLLATE NOCASE ORDER BY id"
    ))
    .bind(approver)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(item).collect())
}

pub async fn get(pool: &Pool, id: i64) -> Result<Option<WorkflowItem>, sqlx::Error> {
    let row: Option<ItemRow> = sqlx::query_as(&format!(
        "SELECT {ITEM_COLUMNS} FROM workflow_items WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(item))
}

/// Items nobody answered in time expire; nothing happens to the user.
pub async fn expire_due(pool: &Pool, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let due: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, email FROM workflow_items WHERE state = 'awaiting' AND expires_at <= ?",
    )
    .bind(now)
    .fetch_all(pool)
    .await?;
    for (id, email) in due {
        let mut tx = pool.begin().await?;
        let changed = sqlx::query(
            "UPDATE workflow_items SET state = 'expired', updated_at = ?
             WHERE id = ? AND state = 'awaiting'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 1 {
            transition(
                &mut tx,
                audit::SYSTEM,
                "expired",
                (id, &email),
                (WorkflowState::Awaiting, WorkflowState::Expired),
                Some("nobody answered in time; nothing was done"),
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// Appends one item's move from state `from` to `to`; `item` is its id and the user's email.
pub(super) async fn transition(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    actor: &str,
    action: &str,
    (id, email): (i64, &str),
    (from, to): (WorkflowState, WorkflowState),
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    let subject = format!("{email} (item #{id})");
    audit::record(
        &mut **tx,
        Entry {
            actor,
            action,
            subject: Some(&subject),
            before: Some(json!({ "state": from })),
            after: Some(json!({ "state": to })),
            reason: reason.filter(|r| !r.trim().is_empty()),
        },
    )
    .await
}

/// Item `id` when it is in one of `states`; otherwise a refusal ending with `rule`.
pub(super) async fn item_in(
    pool: &Pool,
    id: i64,
    states: &[WorkflowState],
    rule: &str,
) -> Result<WorkflowItem, WorkflowError> {
    let item = get(pool, id)
        .await?
        .ok_or_else(|| refused(format!("Item #{id} does not exist.")))?;
    if !states.contains(&item.state) {
        return Err(refused(format!(
            "Item #{id} ({}) is {}: {rule}.",
            item.name, item.state
        )));
    }
    Ok(item)
}

/// How an item was executed: `scim` or `by_hand`, and the SCIM requests sent.
pub(super) type Execution<'a> = (&'a str, Option<&'a str>);

/// Moves `item` to `to`; an execution also records how (and clears an earlier failure's error).
pub(super) async fn set_state(
    pool: &Pool,
    actor: &str,
    to: WorkflowState,
    item: &WorkflowItem,
    why: &str,
    execution: Option<Execution<'_>>,
) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    let (how, requests) = execution.unzip();
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE workflow_items SET state = ?1, executed_by = ?2, executed_at = ?3, updated_at = ?3,
             executed_how = COALESCE(?4, executed_how),
             requests = CASE WHEN ?4 IS NULL THEN requests ELSE ?5 END,
             error = CASE WHEN ?4 IS NULL THEN error END
         WHERE id = ?6",
    )
    .bind(to)
    .bind(actor)
    .bind(now)
    .bind(how)
    .bind(requests.flatten())
    .bind(item.id)
    .execute(&mut *tx)
    .await?;
    transition(
        &mut tx,
        actor,
        to.as_str(),
        (item.id, &item.email),
        (item.state, to),
        Some(why),
    )
    .await?;
    tx.commit().await
}
