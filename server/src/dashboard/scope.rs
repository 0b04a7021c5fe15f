//! What a manager account may see: the Gong users below it along the latest report's `managerId`
//! hierarchy, at any depth (docs/product.md "Who sees what").

use std::collections::HashSet;

use crate::{db::Pool, report::store::latest_id};

/// The CTE `below(user_id)`: everyone below the manager `manager` in report `report` (both SQL
/// parameters, e.g. `?1`), at any depth (both steps use the `(report_id, manager_id)` index).
/// `UNION` drops repeats, so a cycle in Gong's data ends it. The one definition of a subtree.
pub fn subtree_of(report: &str, manager: &str) -> String {
    format!(
        "WITH RECURSIVE below(user_id) AS (
        SELECT user_id FROM report_users WHERE report_id = {report} AND manager_id = {manager}
        UNION
        SELECT r.user_id FROM report_users r JOIN below b ON r.manager_id = b.user_id
        WHERE r.report_id = {report}
    )"
    )
}

/// What a manager may see: the users below them, and (only to name as a manager, e.g. in the Users
/// page's manager filter, or to end a manager chain) their own Gong user.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Team {
    pub below: HashSet<String>,
    /// The manager's own Gong user id; `None` when the latest report does not have them.
    pub me: Option<String>,
}

impl Team {
    /// Whether `id` is below the manager or the manager themselves.
    pub fn names(&self, id: &str) -> bool {
        self.below.contains(id) || self.me.as_deref() == Some(id)
    }
}

/// The latest report and the Gong user with the account's email in it, if any.
async fn me_in_latest(pool: &Pool, email: &str) -> Result<Option<(i64, String)>, sqlx::Error> {
    let Some((report_id, _)) = latest_id(pool).await? else {
        return Ok(None);
    };
    crate::db::query_as(
        "SELECT r.report_id, r.user_id FROM report_users r
         WHERE r.report_id = ? AND r.email = ? COLLATE NOCASE
         LIMIT 1",
    )
    .bind(report_id)
    .bind(email.trim())
    .fetch_optional(pool)
    .await
}

/// The Gong user id of the account's email in the latest report.
pub async fn user_id_of_email(pool: &Pool, email: &str) -> Result<Option<String>, sqlx::Error> {
    Ok(me_in_latest(pool, email).await?.map(|(_, id)| id))
}

/// The ids a manager account sees in the latest report: the subtree of the Gong user with the
/// account's email, without that user. Empty when no report has them (they see nobody).
pub async fn subtree_of_email(pool: &Pool, email: &str) -> Result<HashSet<String>, sqlx::Error> {
    let Some((report_id, user_id)) = me_in_latest(pool, email).await? else {
        return Ok(HashSet::new());
    };
    let ids: Vec<String> = crate::db::query_scalar(&format!(
        "{} SELECT user_id FROM below WHERE user_id <> ?2",
        subtree_of("?1", "?2")
    ))
    .bind(report_id)
    .bind(&user_id)
    .fetch_all(pool)
    .await?;
    Ok(ids.into_iter().collect())
}
