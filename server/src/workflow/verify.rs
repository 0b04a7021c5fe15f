//! After a sync (docs/product.md): executed deactivations that Gong shows inactive are verified;
//! and the items whose seats are freed.

use app::types::{WorkflowItem, WorkflowState};
use chrono::Utc;

use super::store::{item, lapsed, transition, ItemRow, ITEM_COLUMNS, UNCLAIMED};
use crate::{audit, db::Pool};

/// After a sync: executed deactivations that Gong now shows `active: false` are verified.
pub async fn verify(pool: &Pool, report_id: i64) -> Result<usize, sqlx::Error> {
    let done: Vec<(i64, String)> = crate::db::query_as(
        "SELECT w.id, w.email FROM workflow_items w
         JOIN report_users r ON r.report_id = ? AND r.user_id = w.user_id
         WHERE w.state = 'executed' AND w.kind = 'deactivate' AND NOT r.active",
    )
    .bind(report_id)
    .fetch_all(pool)
    .await?;
    let now = Utc::now();
    let mut verified = 0;
    for (id, email) in &done {
        let mut tx = pool.begin().await?;
        // Compare-and-set: an undo since the read (or one under way, holding its claim) wins.
        let changed = crate::db::query(&format!(
            "UPDATE workflow_items SET state = 'verified', verified_at = ?, updated_at = ?
             WHERE id = ? AND state = 'executed' AND {UNCLAIMED}"
        ))
        .bind(now)
        .bind(now)
        .bind(id)
        .bind(lapsed(now))
        .execute(&mut tx)
        .await?
        .rows_affected();
        if changed != 1 {
            continue;
        }
        transition(
            &mut tx,
            audit::SYSTEM,
            "verified",
            (*id, email),
            (WorkflowState::Executed, WorkflowState::Verified),
            Some("the sync shows the user deactivated in Gong"),
        )
        .await?;
        tx.commit().await?;
        verified += 1;
    }
    Ok(verified)
}

/// Seats freed by executed and verified items, per seat type label, and what they save a year.
pub async fn freed(pool: &Pool) -> Result<Vec<WorkflowItem>, sqlx::Error> {
    let rows: Vec<ItemRow> = crate::db::query_as(&format!(
        "SELECT {ITEM_COLUMNS} FROM workflow_items WHERE state IN ('executed', 'verified') ORDER BY id"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(item).collect())
}
