//! The workflow's table: item rows and how they read as `WorkflowItem`s, the reads (all, awaiting,
//! one), and the writes that move an item's state with its audit entry in the same transaction.

use app::types::{OnExpiry, WorkflowItem, WorkflowKind, WorkflowSettings, WorkflowState};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::json;

use super::{
    approver::{fallback_for, seen_by},
    error::{refused, WorkflowError},
    state,
};
use crate::{
    audit::{self, Entry},
    auth::SignedIn,
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
    proposed_at: DateTime<Utc>,
    approver: String,
    expires_at: DateTime<Utc>,
    direct_reports: String,
    decided_by: Option<String>,
    decision_reason: Option<String>,
    executed_by: Option<String>,
    executed_how: Option<String>,
    requests: Option<String>,
    error: Option<String>,
    escalated_to: Option<String>,
}

pub(super) const ITEM_COLUMNS: &str =
    "id, user_id, email, name, kind, reason, frees_cents, seats, state,
    proposed_by, proposed_at, approver, expires_at, direct_reports, decided_by, decision_reason,
    executed_by, executed_how, requests, error, escalated_to";

pub(super) fn item(row: ItemRow) -> WorkflowItem {
    // The text SQLite stores (sqlx's for a DateTime), whichever backend the row came from.
    let text = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::AutoSi, false);
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
        proposed_at: text(row.proposed_at),
        approver: row.approver,
        expires_at: text(row.expires_at),
        decided_by: row.decided_by,
        decision_reason: row.decision_reason,
        executed_by: row.executed_by,
        executed_how: row.executed_how,
        requests: row.requests,
        error: row.error,
        escalated_to: row.escalated_to,
    }
}

/// Every item, newest first.
pub async fn all(pool: &Pool) -> Result<Vec<WorkflowItem>, sqlx::Error> {
    let rows: Vec<ItemRow> = crate::db::query_as(&format!(
        "SELECT {ITEM_COLUMNS} FROM workflow_items ORDER BY id DESC"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(item).collect())
}

/// The items waiting for `approver`'s decision (routed to them, or escalated to them as the
/// fallback approver), oldest first: only those for users the account may see (an item routed
/// before that rule, or whose user moved teams since, is not shown).
pub async fn awaiting(pool: &Pool, approver: &SignedIn) -> Result<Vec<WorkflowItem>, sqlx::Error> {
    awaiting_for(pool, &approver.email, approver.role).await
}

/// [`awaiting`] for the account `email` with `role` (a digest's recipient).
pub async fn awaiting_for(
    pool: &Pool,
    email: &str,
    role: app::types::Role,
) -> Result<Vec<WorkflowItem>, sqlx::Error> {
    let rows: Vec<ItemRow> = crate::db::query_as(&format!(
        "SELECT {ITEM_COLUMNS} FROM workflow_items
         WHERE state = 'awaiting'
           AND (approver = ?1 COLLATE NOCASE OR escalated_to = ?1 COLLATE NOCASE)
         ORDER BY id"
    ))
    .bind(email)
    .fetch_all(pool)
    .await?;
    let seen = seen_by(pool, email, role).await?;
    Ok(rows
        .into_iter()
        .filter(|row| seen.as_ref().is_none_or(|seen| seen.contains(&row.user_id)))
        .map(item)
        .collect())
}

pub async fn get(pool: &Pool, id: i64) -> Result<Option<WorkflowItem>, sqlx::Error> {
    let row: Option<ItemRow> = crate::db::query_as(&format!(
        "SELECT {ITEM_COLUMNS} FROM workflow_items WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(item))
}

/// Items nobody answered: after the settings' escalation delay an item is also shown to the
/// fallback approver; at its expiry it expires, or (when the settings say escalate) goes to the
/// fallback approver for one more period first. Nothing is ever done to the user on silence.
pub async fn expire_due(pool: &Pool, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let config = super::settings(pool).await?;
    if config.escalate_after_days > 0 {
        let since = now - Duration::days(i64::from(config.escalate_after_days));
        let due: Vec<(i64, String, String, String, String)> = crate::db::query_as(
            "SELECT id, email, user_id, approver, proposed_by FROM workflow_items
             WHERE state = 'awaiting' AND escalated_to IS NULL AND proposed_at <= ?",
        )
        .bind(since)
        .fetch_all(pool)
        .await?;
        for (id, email, user_id, approver, proposer) in due {
            let reason = format!(
                "unanswered for {} days; also shown to the fallback approver",
                config.escalate_after_days
            );
            escalate(
                pool,
                &config,
                (id, &email, &user_id),
                [&approver, &proposer],
                now,
                None,
                &reason,
            )
            .await?;
        }
    }
    let due: Vec<(i64, String, String, String, String, bool)> = crate::db::query_as(
        "SELECT id, email, user_id, approver, proposed_by, expiry_extended FROM workflow_items
         WHERE state = 'awaiting' AND expires_at <= ?",
    )
    .bind(now)
    .fetch_all(pool)
    .await?;
    for (id, email, user_id, approver, proposer, extended) in due {
        if config.on_expiry == OnExpiry::Escalate && !extended {
            let until = now + Duration::days(i64::from(config.expiry_days));
            let reason = format!(
                "nobody answered before the expiry; escalated to the fallback approver until {}",
                until.format("%Y-%m-%d")
            );
            let item = (id, email.as_str(), user_id.as_str());
            if escalate(
                pool,
                &config,
                item,
                [&approver, &proposer],
                now,
                Some(until),
                &reason,
            )
            .await?
            {
                continue;
            }
        }
        let mut tx = pool.begin().await?;
        let changed = crate::db::query(
            "UPDATE workflow_items SET state = 'expired', updated_at = ?
             WHERE id = ? AND state = 'awaiting'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut tx)
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

/// Shows item `id` to the fallback approver too (`until`: and gives it one more period, at its
/// expiry), with an audit entry; `false` when no fallback approver may take it.
async fn escalate(
    pool: &Pool,
    config: &WorkflowSettings,
    (id, email, user_id): (i64, &str, &str),
    not: [&str; 2],
    now: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let Some(fallback) = fallback_for(pool, config, user_id, not).await? else {
        return Ok(false);
    };
    let mut tx = pool.begin().await?;
    // Compare-and-set: only an item still awaiting (and not extended before) moves.
    let changed = match until {
        None => crate::db::query(
            "UPDATE workflow_items SET escalated_to = ?, escalated_at = ?, updated_at = ?
             WHERE id = ? AND state = 'awaiting' AND escalated_to IS NULL",
        )
        .bind(&fallback)
        .bind(now)
        .bind(now)
        .bind(id),
        Some(until) => crate::db::query(
            "UPDATE workflow_items SET escalated_to = ?, escalated_at = ?, expires_at = ?,
                 expiry_extended = TRUE, escalation_told_at = NULL, reminded_at = NULL,
                 updated_at = ?
             WHERE id = ? AND state = 'awaiting' AND NOT expiry_extended",
        )
        .bind(&fallback)
        .bind(now)
        .bind(until)
        .bind(now)
        .bind(id),
    }
    .execute(&mut tx)
    .await?
    .rows_affected();
    if changed == 1 {
        let subject = format!("{email} (item #{id})");
        audit::record(
            &mut tx,
            Entry {
                actor: audit::SYSTEM,
                action: "escalated",
                subject: Some(&subject),
                before: None,
                after: Some(json!({ "escalated_to": fallback, "expires_at": until })),
                reason: Some(reason),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(changed == 1)
}

/// Appends one item's move from state `from` to `to`; `item` is its id and the user's email.
pub(super) async fn transition(
    tx: &mut crate::db::Tx,
    actor: &str,
    action: &str,
    (id, email): (i64, &str),
    (from, to): (WorkflowState, WorkflowState),
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    let subject = format!("{email} (item #{id})");
    audit::record(
        &mut *tx,
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

/// How long a claim holds its item. Longer than any step takes (the SCIM client gives up after 30
/// seconds), so only a request that died mid-step (a crash, a restart) loses its claim to another.
const CLAIM_HOLDS: Duration = Duration::minutes(10);

/// SQL true when the item is held by no live claim; `?stale` is the time before which claims lapse.
pub(super) const UNCLAIMED: &str = "(claimed_at IS NULL OR claimed_at <= ?)";

/// The time before which a claim has lapsed.
pub(super) fn lapsed(now: DateTime<Utc>) -> DateTime<Utc> {
    now - CLAIM_HOLDS
}

/// One request's hold on an item for one step: only the holder moves the item on.
#[derive(Debug)]
pub(super) struct Claim {
    pub item: WorkflowItem,
    number: i64,
}

/// Claims item `id` when it is in one of `states` and no other request holds it (compare-and-set,
/// so of two requests at once only one gets it); otherwise a refusal ending with `rule`, or saying
/// another request is at it (`doing`: "executed", "undone").
pub(super) async fn claim(
    pool: &Pool,
    id: i64,
    states: &[WorkflowState],
    rule: &str,
    doing: &str,
) -> Result<Claim, WorkflowError> {
    let now = Utc::now();
    let number: Option<i64> = crate::db::query_scalar(&format!(
        "UPDATE workflow_items SET claim = claim + 1, claimed_at = ?
         WHERE id = ? AND state IN ({}) AND {UNCLAIMED} RETURNING claim",
        state::sql_list(states)
    ))
    .bind(now)
    .bind(id)
    .bind(lapsed(now))
    .fetch_optional(pool)
    .await?;
    let item = get(pool, id)
        .await?
        .ok_or_else(|| refused(format!("Item #{id} does not exist.")))?;
    match number {
        Some(number) => Ok(Claim { item, number }),
        None if !states.contains(&item.state) => Err(refused(format!(
            "Item #{id} ({}) is {}: {rule}.",
            item.name, item.state
        ))),
        None => Err(refused(format!(
            "Item #{id} ({}) is already being {doing} by another request; nothing was done. Reload the page in a moment to see how it went.",
            item.name
        ))),
    }
}

/// Right before acting outside the database: checks that `claim` still holds and restarts its
/// clock, so a request that lost its item (it took so long another took it over) sends nothing, and
/// the one that holds it has the whole time for the request.
pub(super) async fn renew(pool: &Pool, claim: &Claim) -> Result<(), WorkflowError> {
    let renewed = crate::db::query(
        "UPDATE workflow_items SET claimed_at = ?
         WHERE id = ? AND claim = ? AND claimed_at IS NOT NULL",
    )
    .bind(Utc::now())
    .bind(claim.item.id)
    .bind(claim.number)
    .execute(pool)
    .await?
    .rows_affected();
    if renewed == 1 {
        Ok(())
    } else {
        Err(taken_over(claim))
    }
}

fn taken_over(claim: &Claim) -> WorkflowError {
    refused(format!(
        "Item #{} ({}) was taken over by another request after this one took too long; this one sent nothing and changed nothing. Reload the page to see where it stands.",
        claim.item.id, claim.item.name
    ))
}

/// Lets go of `claim` if it still holds (a step that stopped without moving the item on). Failing
/// to is only logged: the step's own outcome is what the person needs, and the claim lapses anyway.
pub(super) async fn release(pool: &Pool, claim: &Claim) {
    let released =
        crate::db::query("UPDATE workflow_items SET claimed_at = NULL WHERE id = ? AND claim = ?")
            .bind(claim.item.id)
            .bind(claim.number)
            .execute(pool)
            .await;
    if let Err(error) = released {
        tracing::warn!(%error, item = claim.item.id, "a workflow claim could not be released; it lapses");
    }
}

/// In `tx`, moves the claimed item to `to` at `now` with `set` (SQL assignments whose numbered
/// parameters `binds` fills), and lets go of the claim: only if the claim still holds and the item is still in the
/// state it was claimed in. Otherwise a refusal, and nothing changes.
pub(super) async fn finish(
    tx: &mut crate::db::Tx,
    claim: &Claim,
    (to, now): (WorkflowState, DateTime<Utc>),
    set: &str,
    binds: &[Option<&str>],
) -> Result<(), WorkflowError> {
    // Numbered after `set`'s own: sqlx counts a bare `?` from 1 whatever numbers came before.
    let n = binds.len();
    let sql = format!(
        "UPDATE workflow_items SET {set}, state = ?{}, claimed_at = NULL, updated_at = ?{}
         WHERE id = ?{} AND state = ?{} AND claim = ?{} AND claimed_at IS NOT NULL",
        n + 1,
        n + 2,
        n + 3,
        n + 4,
        n + 5
    );
    let mut query = crate::db::query(&sql);
    for bind in binds {
        query = query.bind(*bind);
    }
    let changed = query
        .bind(to)
        .bind(now)
        .bind(claim.item.id)
        .bind(claim.item.state)
        .bind(claim.number)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 1 {
        Ok(())
    } else {
        Err(taken_over(claim))
    }
}

/// How an item was executed: `scim` or `by_hand`, and the SCIM requests sent.
pub(super) type Execution<'a> = (&'a str, Option<&'a str>);

/// Moves the claimed item to `to` with its audit entry; an execution also records how (and clears
/// an earlier failure's error).
pub(super) async fn set_state(
    pool: &Pool,
    actor: &str,
    to: WorkflowState,
    claim: &Claim,
    why: &str,
    execution: Option<Execution<'_>>,
) -> Result<(), WorkflowError> {
    let now = Utc::now();
    let at = now.to_rfc3339();
    let (how, requests) = execution.unzip();
    let mut tx = pool.begin().await?;
    finish(
        &mut tx,
        claim,
        (to, now),
        "executed_by = ?1, executed_at = ?2,
             executed_how = COALESCE(?3, executed_how),
             requests = CASE WHEN ?3 IS NULL THEN requests ELSE ?4 END,
             error = CASE WHEN ?3 IS NULL THEN error END",
        &[Some(actor), Some(&at), how, requests.flatten()],
    )
    .await?;
    let item = &claim.item;
    transition(
        &mut tx,
        actor,
        to.as_str(),
        (item.id, &item.email),
        (item.state, to),
        Some(why),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
