//! Who approves a proposal (docs/product.md, "Approver"): the user's manager, else the fallback
//! approver, and only an account allowed to see the user (a manager, their own subtree).

use std::collections::HashSet;

use app::types::{CandidateRow, Role, WorkflowSettings};

use crate::{auth::accounts, dashboard::scope::subtree_of_email, db::Pool};

/// The Gong users the account `email` with `role` may see, and so decide for: `None` for an admin
/// (everyone), a manager's `managerId` subtree in the latest report, nobody for the other roles.
pub(super) async fn seen_by(
    pool: &Pool,
    email: &str,
    role: Role,
) -> Result<Option<HashSet<String>>, sqlx::Error> {
    Ok(match role {
        Role::Admin => None,
        Role::Manager => Some(subtree_of_email(pool, email).await?),
        Role::Finance | Role::Auditor => Some(HashSet::new()),
    })
}

/// Whether the account `email` with `role` may see (and so decide for) the Gong user `user_id`.
async fn sees(pool: &Pool, email: &str, role: Role, user_id: &str) -> Result<bool, sqlx::Error> {
    Ok(seen_by(pool, email, role)
        .await?
        .is_none_or(|seen| seen.contains(user_id)))
}

/// The user's manager's account when it may approve (an enabled manager or admin account whose
/// Gong user is still active), else the fallback approver when it is an enabled account that sees
/// the user; never the proposer. `Err` says why nobody else can.
pub(super) async fn approver_for(
    pool: &Pool,
    report_id: i64,
    row: &CandidateRow,
    config: &WorkflowSettings,
    proposer: &str,
) -> Result<Result<String, String>, sqlx::Error> {
    let manager: Option<(String, bool)> = match &row.manager_id {
        Some(manager_id) => {
            crate::db::query_as(
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
                && sees(pool, &account.email, account.role, &row.id).await?
            {
                return Ok(Ok(account.email));
            }
        }
    }
    let no_manager = "their manager has no account";
    let Some(fallback) = &config.fallback_approver else {
        return Ok(Err(format!(
            "{no_manager}, and no fallback approver is set (Settings)"
        )));
    };
    if fallback.eq_ignore_ascii_case(proposer) {
        return Ok(Err(format!(
            "{no_manager}, and the fallback approver (Settings) is you"
        )));
    }
    // The setting was checked when saved; the account may have changed since.
    let account = accounts::by_email(pool, fallback)
        .await?
        .filter(|a| !a.disabled && matches!(a.role, Role::Manager | Role::Admin));
    Ok(match account {
        None => Err(format!(
            "{no_manager}, and the fallback approver (Settings) {fallback} is no longer an enabled admin or manager account"
        )),
        Some(a) if !sees(pool, &a.email, a.role, &row.id).await? => Err(format!(
            "{no_manager}, and the fallback approver (Settings) {fallback} is a manager they are not below, who may not see them; set an admin as the fallback approver"
        )),
        Some(a) => Ok(a.email),
    })
}

/// The fallback approver of `config` when it may take over the user `user_id`'s item: an enabled
/// admin or manager account that sees the user and is neither the proposer nor the approver.
pub(super) async fn fallback_for(
    pool: &Pool,
    config: &WorkflowSettings,
    user_id: &str,
    not: [&str; 2],
) -> Result<Option<String>, sqlx::Error> {
    let Some(fallback) = &config.fallback_approver else {
        return Ok(None);
    };
    if not.iter().any(|n| n.eq_ignore_ascii_case(fallback)) {
        return Ok(None);
    }
    let Some(account) = accounts::by_email(pool, fallback)
        .await?
        .filter(|a| !a.disabled && matches!(a.role, Role::Manager | Role::Admin))
    else {
        return Ok(None);
    };
    Ok(sees(pool, &account.email, account.role, user_id)
        .await?
        .then_some(account.email))
}
