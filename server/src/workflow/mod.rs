//! The approval workflow (docs/product.md): an admin proposes a candidate, the user's manager (or the
//! fallback approver) approves or rejects, an admin executes through SCIM or by hand after a last
//! look at the user's activity, the next sync verifies, and any step can be undone. Every guard is
//! checked here, on the server; every transition is appended to the audit log in the same
//! transaction as the change.

pub mod scim;

use std::collections::HashSet;

use app::types::{Role, WorkflowItem, WorkflowSettings};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use crate::{
    audit::{self, Entry},
    auth::{accounts, SignedIn},
    dashboard::candidates,
    db::Pool,
};
use scim::{ScimClient, ScimError};

#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    /// What was asked cannot be done; nothing changed. The sentence is for the person.
    #[error("{0}")]
    Refused(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

fn refused(text: impl Into<String>) -> WorkflowError {
    WorkflowError::Refused(text.into())
}

/// States in which an item is still open (one per user at most).
const OPEN: [&str; 4] = ["awaiting", "approved", "failed", "executed"];

pub async fn settings(pool: &Pool) -> Result<WorkflowSettings, sqlx::Error> {
    let (fallback_approver, expiry_days, cooldown_days, live, idp_provisioning): (
        Option<String>,
        i64,
        i64,
        bool,
        bool,
    ) = sqlx::query_as(
        "SELECT fallback_approver, expiry_days, cooldown_days, live, idp_provisioning
         FROM workflow_settings WHERE id = 1",
    )
    .fetch_one(pool)
    .await?;
    Ok(WorkflowSettings {
        fallback_approver,
        expiry_days: u32::try_from(expiry_days).unwrap_or(14),
        cooldown_days: u32::try_from(cooldown_days).unwrap_or(60),
        live,
        idp_provisioning,
    })
}

/// The Settings form's fields, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    pub fallback_approver: String,
    #[serde(default)]
    pub expiry_days: String,
    #[serde(default)]
    pub cooldown_days: String,
    #[serde(default)]
    pub live: Option<String>,
    #[serde(default)]
    pub idp_provisioning: Option<String>,
}

pub async fn save_settings(
    pool: &Pool,
    actor: &SignedIn,
    form: &SettingsForm,
) -> Result<(), WorkflowError> {
    let days = |text: &str, name: &str, range: std::ops::RangeInclusive<u32>| {
        text.trim()
            .parse::<u32>()
            .ok()
            .filter(|d| range.contains(d))
            .ok_or_else(|| {
                refused(format!(
                    "{name}: “{}” is not a whole number of days from {} to {}",
                    text.trim(),
                    range.start(),
                    range.end()
                ))
            })
    };
    let expiry_days = days(&form.expiry_days, "Proposals expire after", 1..=365)?;
    let cooldown_days = days(&form.cooldown_days, "Cool-down after a rejection", 0..=3650)?;
    let fallback = form.fallback_approver.trim();
    let fallback = if fallback.is_empty() {
        None
    } else {
        match accounts::by_email(pool, fallback).await? {
            Some(a) if !a.disabled && matches!(a.role, Role::Admin | Role::Manager) => {
                Some(a.email)
            }
            _ => {
                return Err(refused(format!(
                    "Fallback approver: “{fallback}” is not an enabled admin or manager account"
                )))
            }
        }
    };
    let next = WorkflowSettings {
        fallback_approver: fallback,
        expiry_days,
        cooldown_days,
        live: form.live.is_some(),
        idp_provisioning: form.idp_provisioning.is_some(),
    };
    let before = settings(pool).await?;
    if before == next {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE workflow_settings SET fallback_approver = ?, expiry_days = ?, cooldown_days = ?,
             live = ?, idp_provisioning = ?, updated_at = ? WHERE id = 1",
    )
    .bind(&next.fallback_approver)
    .bind(next.expiry_days)
    .bind(next.cooldown_days)
    .bind(next.live)
    .bind(next.idp_provisioning)
    .bind(Utc::now())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Entry {
            actor: &actor.email,
            action: if before.live != next.live {
                "execution_mode_changed"
            } else {
                "settings_changed"
            },
            subject: Some("workflow"),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&next).ok(),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    user_id: String,
    email: String,
    name: String,
    kind: String,
    reason: String,
    frees_cents: i64,
    seats: String,
    state: String,
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

const ITEM_COLUMNS: &str = "id, user_id, email, name, kind, reason, frees_cents, seats, state,
    proposed_by, proposed_at, approver, expires_at, direct_reports, decided_by, decision_reason,
    executed_by, executed_how, requests, error";

fn item(row: ItemRow) -> WorkflowItem {
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
                ("awaiting", "expired"),
                Some("nobody answered in time; nothing was done"),
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// Appends one item's move from state `from` to `to`; `item` is its id and the user's email.
async fn transition(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    actor: &str,
    action: &str,
    (id, email): (i64, &str),
    (from, to): (&str, &str),
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

/// What a proposal checks about one user, found in the latest report.
struct Target {
    row: app::types::CandidateRow,
    kind: &'static str,
    email: String,
    direct_reports: Vec<String>,
    approver: String,
}

/// Proposes each user (all or none): each must be a candidate of the latest report, not protected,
/// not the last Technical Administrator, not rejected within the cool-down, not already proposed;
/// their direct reports must be acknowledged; someone other than the proposer must approve.
pub async fn propose(
    pool: &Pool,
    actor: &SignedIn,
    user_ids: &[String],
    acknowledged: bool,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, WorkflowError> {
    let ids: Vec<&String> = {
        let mut seen = HashSet::new();
        user_ids
            .iter()
            .filter(|id| seen.insert(id.as_str()))
            .collect()
    };
    if ids.is_empty() {
        return Err(refused("Select at least one candidate to propose."));
    }
    // An item past its expiry no longer holds its user.
    expire_due(pool, now).await?;
    let config = settings(pool).await?;
    let candidates = candidates::load(pool).await?;
    let (report_id, report_as_of): (i64, Option<DateTime<Utc>>) =
        sqlx::query_as("SELECT id, as_of FROM reports ORDER BY id DESC LIMIT 1")
            .fetch_optional(pool)
            .await?
            .unwrap_or((0, None));
    let proposed: HashSet<&str> = ids.iter().map(|s| s.as_str()).collect();
    let mut problems = Vec::new();
    let mut targets = Vec::new();
    for id in &ids {
        let found = candidates.groups.iter().find_map(|g| {
            g.rows
                .iter()
                .find(|r| &r.id == *id)
                .map(|r| (r.clone(), g.action))
        });
        let Some((row, action)) = found else {
            problems.push(format!("user {id} is not a candidate in the latest report"));
            continue;
        };
        let name = row.name.clone();
        let email: String = sqlx::query_scalar(
            "SELECT email FROM report_users WHERE report_id = ? AND user_id = ?",
        )
        .bind(report_id)
        .bind(*id)
        .fetch_one(pool)
        .await?;
        let protected: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM protected_users WHERE user_id = ?)")
                .bind(*id)
                .fetch_one(pool)
                .await?;
        if protected {
            problems.push(format!("{name} is a protected user"));
        }
        // Technical Administrators still active in Gong, apart from those proposed now.
        let admins: Vec<String> = sqlx::query_scalar(
            "SELECT r.user_id FROM seat_assignments a
             JOIN report_users r ON r.report_id = ? AND r.email = a.email AND r.active = 1
             WHERE a.technical_admin = 1",
        )
        .bind(report_id)
        .fetch_all(pool)
        .await?;
        if admins.contains(id) && admins.iter().all(|a| proposed.contains(a.as_str())) {
            problems.push(format!(
                "{name} is the last Technical Administrator: Gong must keep one"
            ));
        }
        let rejected_at: Option<DateTime<Utc>> = sqlx::query_scalar(
            "SELECT MAX(decided_at) FROM workflow_items WHERE user_id = ? AND state = 'rejected'",
        )
        .bind(*id)
        .fetch_one(pool)
        .await?;
        if let Some(at) = rejected_at {
            let until = at + Duration::days(i64::from(config.cooldown_days));
            if now < until {
                problems.push(format!(
                    "{name} was rejected on {}: not again before {} (cool-down)",
                    at.format("%Y-%m-%d"),
                    until.format("%Y-%m-%d")
                ));
            }
        }
        let open: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM workflow_items WHERE user_id = ? AND state IN ({})",
            OPEN.map(|s| format!("'{s}'")).join(", ")
        ))
        .bind(*id)
        .fetch_optional(pool)
        .await?;
        if let Some(open) = open {
            problems.push(format!("{name} is already proposed (item #{open})"));
        }
        let direct_reports: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM report_users WHERE report_id = ? AND manager_id = ? AND active = 1
             ORDER BY name",
        )
        .bind(report_id)
        .bind(*id)
        .fetch_all(pool)
        .await?;
        if !direct_reports.is_empty() && !acknowledged {
            problems.push(format!(
                "{name} manages {} people who will need a new manager ({}): tick the acknowledgement to propose anyway",
                direct_reports.len(),
                direct_reports.join(", ")
            ));
        }
        match approver_for(pool, report_id, &row, &config, &actor.email).await? {
            Some(approver) => targets.push(Target {
                kind: match action {
                    app::types::CandidateAction::Deactivate => "deactivate",
                    app::types::CandidateAction::Downgrade => "downgrade",
                },
                email,
                direct_reports,
                approver,
                row,
            }),
            None => problems.push(format!(
                "nobody but you can approve {name}: their manager has no account, and the fallback approver (Settings) is unset or is you"
            )),
        }
    }
    if !problems.is_empty() {
        return Err(refused(format!(
            "Nothing was proposed: {}.",
            problems.join("; ")
        )));
    }
    let expires_at = now + Duration::days(i64::from(config.expiry_days));
    let mut tx = pool.begin().await?;
    let mut created = Vec::new();
    for target in targets {
        let seats: Vec<&str> = target.row.seat_types.iter().map(|t| t.label()).collect();
        let reason = target
            .row
            .reason
            .clone()
            .unwrap_or_else(|| target.row.status.replace('_', " "));
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO workflow_items (user_id, email, name, kind, reason, frees_cents, seats,
                 state, proposed_by, proposed_at, approver, expires_at, direct_reports, report_as_of,
                 updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'awaiting', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&target.row.id)
        .bind(&target.email)
        .bind(&target.row.name)
        .bind(target.kind)
        .bind(&reason)
        .bind(target.row.frees_cents)
        .bind(seats.join(";"))
        .bind(&actor.email)
        .bind(now)
        .bind(&target.approver)
        .bind(expires_at)
        .bind(serde_json::to_string(&target.direct_reports).expect("names serialise"))
        .bind(report_as_of)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let subject = format!("{} (item #{id})", target.email);
        audit::record(
            &mut *tx,
            Entry {
                actor: &actor.email,
                action: "proposed",
                subject: Some(&subject),
                before: None,
                after: Some(json!({
                    "state": "awaiting",
                    "kind": target.kind,
                    "approver": target.approver,
                    "frees_cents": target.row.frees_cents,
                    "direct_reports": target.direct_reports,
                })),
                reason: Some(&reason),
            },
        )
        .await?;
        created.push(id);
    }
    tx.commit().await?;
    Ok(created)
}

/// The user's manager's account when it may approve (an enabled manager or admin account whose
/// Gong user is still active), else the fallback approver; never the proposer.
async fn approver_for(
    pool: &Pool,
    report_id: i64,
    row: &app::types::CandidateRow,
    config: &WorkflowSettings,
    proposer: &str,
) -> Result<Option<String>, sqlx::Error> {
    let manager: Option<(String, bool)> = match &row.manager_id {
        Some(manager_id) => {
            sqlx::query_as(
                "SELECT email, active FROM report_users WHERE report_id = ? AND user_id = ?",
            )
            .bind(report_id)
            .bind(manager_id)
            .fetch_optional(pool)
            .await?
        }
        None => None,
    };
    if let Some((email, true)) = manager {
        if let Some(account) = accounts::by_email(pool, &email).await? {
            if !account.disabled
                && matches!(account.role, Role::Manager | Role::Admin)
                && !account.email.eq_ignore_ascii_case(proposer)
            {
                return Ok(Some(account.email));
            }
        }
    }
    Ok(config
        .fallback_approver
        .clone()
        .filter(|f| !f.eq_ignore_ascii_case(proposer)))
}

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
    let mut items = Vec::new();
    for id in ids {
        let item = get(pool, *id)
            .await?
            .ok_or_else(|| refused(format!("Item #{id} does not exist.")))?;
        if item.state != "awaiting" {
            return Err(refused(format!(
                "Item #{id} ({}) is {}, not awaiting a decision; nothing was decided.",
                item.name, item.state
            )));
        }
        if !item.approver.eq_ignore_ascii_case(&actor.email) {
            return Err(refused(format!(
                "Item #{id} ({}) is for {} to decide, not you; nothing was decided.",
                item.name, item.approver
            )));
        }
        if item.proposed_by.eq_ignore_ascii_case(&actor.email) {
            return Err(refused(format!(
                "Item #{id}: nobody approves their own proposal."
            )));
        }
        items.push(item);
    }
    let to = if approve { "approved" } else { "rejected" };
    let mut tx = pool.begin().await?;
    for item in &items {
        sqlx::query(
            "UPDATE workflow_items SET state = ?, decided_by = ?, decided_at = ?,
                 decision_reason = ?, updated_at = ? WHERE id = ? AND state = 'awaiting'",
        )
        .bind(to)
        .bind(&actor.email)
        .bind(now)
        .bind(reason.trim())
        .bind(now)
        .bind(item.id)
        .execute(&mut *tx)
        .await?;
        transition(
            &mut tx,
            &actor.email,
            to,
            (item.id, &item.email),
            ("awaiting", to),
            Some(reason),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(items.len())
}

/// What activity cancels an execution. Any use of Gong cancels a deactivation; a downgrade to a
/// free collaborator seat only what that seat cannot do, since listening is why the user was a
/// listener in the first place (docs/product.md, statuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cancelling {
    AnyActivity,
    BeyondListening,
}

impl Cancelling {
    fn of(kind: &str) -> Self {
        if kind == "downgrade" {
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

/// Item `id` when it is in one of `states`; otherwise a refusal ending with `rule`.
async fn item_in(
    pool: &Pool,
    id: i64,
    states: &[&str],
    rule: &str,
) -> Result<WorkflowItem, WorkflowError> {
    let item = get(pool, id)
        .await?
        .ok_or_else(|| refused(format!("Item #{id} does not exist.")))?;
    if !states.contains(&item.state.as_str()) {
        return Err(refused(format!(
            "Item #{id} ({}) is {}: {rule}.",
            item.name, item.state
        )));
    }
    Ok(item)
}

/// Executes an approved (or failed) item, after re-checking the user's activity since the report
/// the proposal was made from (a later sync may have seen them active, and moved on).
pub async fn execute(
    pool: &Pool,
    actor: &SignedIn,
    id: i64,
    note: &str,
    executor: &Executor<'_>,
) -> Result<Executed, WorkflowError> {
    let item = item_in(
        pool,
        id,
        &["approved", "failed"],
        "only approved items (or failed ones, to retry) are executed",
    )
    .await?;
    let config = settings(pool).await?;
    let since: DateTime<Utc> = sqlx::query_scalar(
        "SELECT COALESCE(report_as_of, proposed_at) FROM workflow_items WHERE id = ?",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    let cancelling = Cancelling::of(&item.kind);
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
            set_state(pool, &actor.email, "cancelled", &item, &why, None).await?;
            return Ok(Executed::Cancelled(why));
        }
        Ok(None) => {}
        Err(error) => {
            return Err(refused(format!(
            "Nothing was done: the user's activity could not be re-checked ({error}). Try again."
        )))
        }
    }
    let by_hand = item.kind == "downgrade" || executor.scim.is_none();
    if by_hand {
        if note.trim().is_empty() {
            return Err(refused(if item.kind == "downgrade" {
                "Note: a downgrade is done by hand in Gong (seats are not in SCIM); follow the checklist, then say what you did."
            } else {
                "Note: without a SCIM token the deactivation is done by hand in Gong; say what you did."
            }));
        }
        if !config.live {
            return dry_run(pool, actor, &item, &format!("by hand: {}", note.trim())).await;
        }
        let by_hand = Some(("by_hand", None));
        set_state(pool, &actor.email, "executed", &item, note, by_hand).await?;
        return Ok(Executed::Done);
    }
    let scim = executor.scim.as_ref().expect("checked above");
    if !config.live {
        return dry_run(pool, actor, &item, &scim.describe(&item.email, false, None)).await;
    }
    match scim.set_active(&item.email, false).await {
        Ok(requests) => {
            let scim = Some(("scim", Some(requests.as_str())));
            set_state(pool, &actor.email, "executed", &item, note, scim).await?;
            Ok(Executed::Done)
        }
        Err(error) => {
            let text = error.to_string();
            fail(pool, &actor.email, &item, &text).await?;
            Ok(Executed::Failed(text))
        }
    }
}

/// Re-enables an executed (or verified) item's user: through SCIM, or by hand with a note.
pub async fn undo(
    pool: &Pool,
    actor: &SignedIn,
    id: i64,
    note: &str,
    executor: &Executor<'_>,
    now: DateTime<Utc>,
) -> Result<Executed, WorkflowError> {
    let item = item_in(
        pool,
        id,
        &["executed", "verified"],
        "only executed items are undone",
    )
    .await?;
    let config = settings(pool).await?;
    let scim = executor.scim.as_ref().filter(|_| item.kind == "deactivate");
    let requests = match (scim, config.live) {
        (Some(scim), false) => {
            return dry_run(pool, actor, &item, &scim.describe(&item.email, true, None)).await
        }
        (Some(scim), true) => match scim.set_active(&item.email, true).await {
            Ok(requests) => Some(requests),
            Err(error) => return Err(refused(format!("Not undone: {error}"))),
        },
        (None, _) if note.trim().is_empty() => {
            return Err(refused("Note: say how you re-enabled the user in Gong."))
        }
        (None, false) => {
            return dry_run(
                pool,
                actor,
                &item,
                &format!("undo by hand: {}", note.trim()),
            )
            .await
        }
        (None, true) => None,
    };
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE workflow_items SET state = 'reverted', requests = COALESCE(?, requests), updated_at = ? WHERE id = ?")
        .bind(&requests)
        .bind(now)
        .bind(item.id)
        .execute(&mut *tx)
        .await?;
    transition(
        &mut tx,
        &actor.email,
        "reverted",
        (item.id, &item.email),
        (&item.state, "reverted"),
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
    item: &WorkflowItem,
    requests: &str,
) -> Result<Executed, WorkflowError> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE workflow_items SET requests = ?, updated_at = ? WHERE id = ?")
        .bind(format!("dry-run, not sent:\n{requests}"))
        .bind(Utc::now())
        .bind(item.id)
        .execute(&mut *tx)
        .await?;
    let subject = format!("{} (item #{})", item.email, item.id);
    audit::record(
        &mut *tx,
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

async fn fail(
    pool: &Pool,
    actor: &str,
    item: &WorkflowItem,
    error: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE workflow_items SET state = 'failed', error = ?, updated_at = ? WHERE id = ?",
    )
    .bind(error)
    .bind(Utc::now())
    .bind(item.id)
    .execute(&mut *tx)
    .await?;
    transition(
        &mut tx,
        actor,
        "execution_failed",
        (item.id, &item.email),
        (&item.state, "failed"),
        Some(error),
    )
    .await?;
    tx.commit().await
}

/// How an item was executed: `scim` or `by_hand`, and the SCIM requests sent.
type Execution<'a> = (&'a str, Option<&'a str>);

/// Moves `item` to `to`; an execution also records how (and clears an earlier failure's error).
async fn set_state(
    pool: &Pool,
    actor: &str,
    to: &str,
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
        to,
        (item.id, &item.email),
        (&item.state, to),
        Some(why),
    )
    .await?;
    tx.commit().await
}

/// After a sync: executed deactivations that Gong now shows `active: false` are verified.
pub async fn verify(pool: &Pool, report_id: i64) -> Result<usize, sqlx::Error> {
    let done: Vec<(i64, String)> = sqlx::query_as(
        "SELECT w.id, w.email FROM workflow_items w
         JOIN report_users r ON r.report_id = ? AND r.user_id = w.user_id
         WHERE w.state = 'executed' AND w.kind = 'deactivate' AND r.active = 0",
    )
    .bind(report_id)
    .fetch_all(pool)
    .await?;
    let now = Utc::now();
    for (id, email) in &done {
        let mut tx = pool.begin().await?;
        sqlx::query("UPDATE workflow_items SET state = 'verified', verified_at = ?, updated_at = ? WHERE id = ?")
            .bind(now)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        transition(
            &mut tx,
            audit::SYSTEM,
            "verified",
            (*id, email),
            ("executed", "verified"),
            Some("the sync shows the user deactivated in Gong"),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(done.len())
}

/// Seats freed by executed and verified items, per seat type label, and what they save a year.
pub async fn freed(pool: &Pool) -> Result<Vec<WorkflowItem>, sqlx::Error> {
    let rows: Vec<ItemRow> = sqlx::query_as(&format!(
        "SELECT {ITEM_COLUMNS} FROM workflow_items WHERE state IN ('executed', 'verified') ORDER BY id"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(item).collect())
}

impl From<ScimError> for WorkflowError {
    fn from(error: ScimError) -> Self {
        WorkflowError::Refused(error.to_string())
    }
}

#[cfg(test)]
mod tests;
