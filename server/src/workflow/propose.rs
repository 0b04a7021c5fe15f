//! Proposing (docs/product.md): each user must be a candidate of the latest report, pass every
//! guard, and have someone other than the proposer to approve.

use std::collections::HashSet;

use app::types::{CandidateAction, CandidateRow, WorkflowKind, WorkflowState};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::{
    approver, candidates,
    error::{refused, WorkflowError},
    settings::settings,
    state::{self, OPEN},
    store::expire_due,
};
use crate::{
    audit::{self, Entry},
    auth::SignedIn,
    db::Pool,
    report,
};

/// What a proposal checks about one user, found in the latest report.
struct Target {
    row: CandidateRow,
    kind: WorkflowKind,
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
    let latest = report::store::latest_id(pool).await?;
    let (report_id, report_as_of) = latest.map_or((0, None), |(id, as_of)| (id, Some(as_of)));
    let groups = match latest {
        Some((id, _)) => candidates::groups(pool, id).await?,
        None => Vec::new(),
    };
    let proposed: HashSet<&str> = ids.iter().map(|s| s.as_str()).collect();
    let mut problems = Vec::new();
    let mut targets = Vec::new();
    for id in &ids {
        let found = groups.iter().find_map(|g| {
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
        let email: String = crate::db::query_scalar(
            "SELECT email FROM report_users WHERE report_id = ? AND user_id = ?",
        )
        .bind(report_id)
        .bind(*id)
        .fetch_one(pool)
        .await?;
        let protected: bool = crate::db::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM protected_users WHERE user_id = ?)",
        )
        .bind(*id)
        .fetch_one(pool)
        .await?;
        if protected {
            problems.push(format!("{name} is a protected user"));
        }
        // Technical Administrators still active in Gong, apart from those proposed now.
        let admins: Vec<String> = crate::db::query_scalar(
            "SELECT r.user_id FROM seat_assignments a
             JOIN report_users r ON r.report_id = ? AND r.email = a.email AND r.active
             WHERE a.technical_admin",
        )
        .bind(report_id)
        .fetch_all(pool)
        .await?;
        if admins.contains(id) && admins.iter().all(|a| proposed.contains(a.as_str())) {
            problems.push(format!(
                "{name} is the last Technical Administrator: Gong must keep one"
            ));
        }
        let rejected_at: Option<DateTime<Utc>> = crate::db::query_scalar(
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
        let open: Option<i64> = crate::db::query_scalar(&format!(
            "SELECT id FROM workflow_items WHERE user_id = ? AND state IN ({})",
            state::sql_list(&OPEN)
        ))
        .bind(*id)
        .fetch_optional(pool)
        .await?;
        if let Some(open) = open {
            problems.push(format!("{name} is already proposed (item #{open})"));
        }
        let direct_reports: Vec<String> = crate::db::query_scalar(
            "SELECT name FROM report_users WHERE report_id = ? AND manager_id = ? AND active
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
        match approver::approver_for(pool, report_id, &row, &config, &actor.email).await? {
            Ok(approver) => targets.push(Target {
                kind: match action {
                    CandidateAction::Deactivate => WorkflowKind::Deactivate,
                    CandidateAction::Downgrade => WorkflowKind::Downgrade,
                },
                email,
                direct_reports,
                approver,
                row,
            }),
            Err(why) => problems.push(format!("nobody but you can approve {name}: {why}")),
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
            .unwrap_or_else(|| target.row.status.label());
        let id: i64 = crate::db::query_scalar(
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
        .fetch_one(&mut tx)
        .await
        .map_err(|error| match error.as_database_error() {
            // The one-open-item index: another request proposed them since the check above.
            Some(db) if db.is_unique_violation() => refused(format!(
                "Nothing was proposed: {} is already proposed (just now, by another request).",
                target.row.name
            )),
            _ => error.into(),
        })?;
        let subject = format!("{} (item #{id})", target.email);
        audit::record(
            &mut tx,
            Entry {
                actor: &actor.email,
                action: "proposed",
                subject: Some(&subject),
                before: None,
                after: Some(json!({
                    "state": WorkflowState::Awaiting,
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
