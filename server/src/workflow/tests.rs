//! The workflow against a stored report: who approves, every guard, each transition, and what the
//! audit log holds.

use std::sync::Mutex;

use app::types::Role;
use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::{
    auth::{accounts, SignedIn},
    db::{testing, Pool},
    report::{Report, ReportRow, Signal, Status},
    seats::{store as seats, Assignment, SeatSet},
};

/// A re-check that answers what the test sets, and keeps what it was asked.
#[derive(Default)]
pub(super) struct Recheck {
    answer: Option<String>,
    asked_since: Mutex<Vec<DateTime<Utc>>>,
    asked_cancelling: Mutex<Vec<Cancelling>>,
}

#[async_trait::async_trait]
impl ActivityCheck for Recheck {
    async fn activity_since(
        &self,
        _: &str,
        since: DateTime<Utc>,
        cancelling: Cancelling,
    ) -> Result<Option<String>, String> {
        self.asked_since.lock().unwrap().push(since);
        self.asked_cancelling.lock().unwrap().push(cancelling);
        Ok(self.answer.clone())
    }
}

fn row(id: &str, manager: Option<&str>, status: Status, active: bool) -> ReportRow {
    ReportRow {
        id: id.into(),
        email: format!("u{id}@example.com"),
        name: format!("User {id}"),
        manager_id: manager.map(Into::into),
        active,
        status,
        last_active: None,
        last_active_signal: None,
        last_hosted_call: None,
        calls_30d: Some(0),
        calls_90d: Some(0),
        calls_365d: Some(0),
        reason: matches!(
            status,
            Status::Inactive | Status::NeverActive | Status::Listener
        )
        .then(|| "no activity in 60 days".into()),
    }
}

/// 200 manages 300 (who manages 500), 400, 700 (the only Technical Administrator) and 999; 600
/// reports to 999 and 800 to 100, neither of whom has an account.
pub(super) fn company(deactivated: &[&str]) -> Report {
    let rows = [
        ("100", None, Status::Active),
        ("200", Some("100"), Status::Active),
        ("300", Some("200"), Status::Inactive),
        ("400", Some("200"), Status::NeverActive),
        ("500", Some("300"), Status::Active),
        ("600", Some("999"), Status::Listener),
        ("700", Some("200"), Status::Inactive),
        ("800", Some("100"), Status::Inactive),
        ("999", Some("200"), Status::Active),
    ];
    Report {
        as_of: "2026-11-20T00:00:00Z".parse().unwrap(),
        lookback_days: 365,
        signals: vec![Signal::Hosted],
        rows: rows
            .into_iter()
            .map(|(id, manager, status)| {
                let gone = deactivated.contains(&id);
                row(
                    id,
                    manager,
                    if gone { Status::Deactivated } else { status },
                    !gone,
                )
            })
            .collect(),
    }
}

pub(super) struct World {
    pub pool: Pool,
    _dir: tempfile::TempDir,
    pub admin: SignedIn,
    pub manager: SignedIn,
}

pub(super) async fn account(pool: &Pool, email: &str, role: Role) -> SignedIn {
    let id = accounts::add(pool, email, role, "long enough password", "test")
        .await
        .unwrap();
    SignedIn {
        id,
        email: email.into(),
        role,
    }
}

pub(super) async fn world() -> World {
    let (pool, dir) = testing::pool().await;
    testing::save_report(&pool, &company(&[])).await;
    seats::set_assignment(
        &pool,
        &Assignment {
            email: "u700@example.com".into(),
            seats: SeatSet::default().with(app::types::SeatType::Gong),
            technical_admin: true,
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let admin = account(&pool, "admin@example.com", Role::Admin).await;
    let manager = account(&pool, "u200@example.com", Role::Manager).await;
    World {
        pool,
        _dir: dir,
        admin,
        manager,
    }
}

pub(super) fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

pub(super) async fn refusal(result: Result<impl std::fmt::Debug, WorkflowError>) -> String {
    match result {
        Err(WorkflowError::Refused(text)) => text,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

pub(super) async fn actions(pool: &Pool) -> Vec<String> {
    crate::db::query_scalar(
        "SELECT action FROM audit_log WHERE subject LIKE '%item #%' ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// The workflow settings with the default expiry and cool-down.
pub(super) async fn set_workflow(w: &World, fallback_approver: &str, live: bool) {
    let form = SettingsForm {
        fallback_approver: fallback_approver.into(),
        expiry_days: "14".into(),
        cooldown_days: "60".into(),
        live: live.then(|| "on".into()),
        idp_provisioning: None,
        ..SettingsForm::default()
    };
    save_settings(&w.pool, &w.admin, &form).await.unwrap();
}

#[tokio::test]
async fn a_proposal_goes_to_the_manager_is_executed_by_hand_verified_and_undone_on_record() {
    let w = world().await;
    let now = Utc::now();
    let created = propose(&w.pool, &w.admin, &ids(&["400"]), false, now)
        .await
        .unwrap();
    let item = get(&w.pool, created[0]).await.unwrap().unwrap();
    assert_eq!(item.approver, "u200@example.com");
    assert_eq!(
        (item.state.as_str(), item.kind.as_str()),
        ("awaiting", "deactivate")
    );

    // Only the approver decides, and an admin cannot approve their own proposal.
    let not_theirs = refusal(decide(&w.pool, &w.admin, &created, true, "", now).await).await;
    assert!(
        not_theirs.contains("for u200@example.com to decide"),
        "{not_theirs}"
    );
    let no_reason = refusal(decide(&w.pool, &w.manager, &created, false, " ", now).await).await;
    assert!(no_reason.starts_with("Reason"), "{no_reason}");
    decide(&w.pool, &w.manager, &created, true, "agreed", now)
        .await
        .unwrap();

    // No SCIM here: by hand, with a note; in dry-run it is only recorded.
    let recheck = Recheck::default();
    let executor = Executor {
        scim: None,
        recheck: &recheck,
    };
    let no_note = refusal(execute(&w.pool, &w.admin, created[0], "", &executor).await).await;
    assert!(no_note.starts_with("Note"), "{no_note}");
    let dry = execute(&w.pool, &w.admin, created[0], "removed in Gong", &executor)
        .await
        .unwrap();
    assert!(matches!(dry, Executed::DryRun(_)), "{dry:?}");
    assert_eq!(
        get(&w.pool, created[0]).await.unwrap().unwrap().state,
        "approved"
    );

    set_workflow(&w, "", true).await;
    let done = execute(&w.pool, &w.admin, created[0], "removed in Gong", &executor)
        .await
        .unwrap();
    assert_eq!(done, Executed::Done);
    let executed = get(&w.pool, created[0]).await.unwrap().unwrap();
    assert_eq!(
        (executed.state.as_str(), executed.executed_how.as_deref()),
        ("executed", Some("by_hand"))
    );
    assert_eq!(freed(&w.pool).await.unwrap().len(), 1);

    // The next sync sees the user deactivated.
    let report_id = testing::save_report(&w.pool, &company(&["400"])).await;
    assert_eq!(verify(&w.pool, report_id).await.unwrap(), 1);
    assert_eq!(
        get(&w.pool, created[0]).await.unwrap().unwrap().state,
        "verified"
    );

    undo(
        &w.pool,
        &w.admin,
        created[0],
        "re-enabled in Gong: wrong person",
        &executor,
        now,
    )
    .await
    .unwrap();
    assert_eq!(
        get(&w.pool, created[0]).await.unwrap().unwrap().state,
        "reverted"
    );
    assert_eq!(
        actions(&w.pool).await,
        ["proposed", "approved", "dry_run", "executed", "verified", "reverted"]
    );
}

#[tokio::test]
async fn each_guard_refuses_the_whole_batch_and_proposes_nobody() {
    let w = world().await;
    let now = Utc::now();
    crate::db::query(
        "INSERT INTO protected_users (user_id, email, name, note, added_at)
         VALUES ('400', 'u400@example.com', 'User 400', 'CEO office', ?)",
    )
    .bind(now)
    .execute(&w.pool)
    .await
    .unwrap();

    let protected = refusal(propose(&w.pool, &w.admin, &ids(&["400"]), true, now).await).await;
    assert!(
        protected.contains("User 400 is a protected user"),
        "{protected}"
    );
    let last_admin = refusal(propose(&w.pool, &w.admin, &ids(&["700"]), true, now).await).await;
    assert!(
        last_admin.contains("last Technical Administrator"),
        "{last_admin}"
    );
    let reports = refusal(propose(&w.pool, &w.admin, &ids(&["300"]), false, now).await).await;
    assert!(
        reports.contains("manages 1 people") && reports.contains("User 500"),
        "{reports}"
    );
    let no_approver = refusal(propose(&w.pool, &w.admin, &ids(&["600"]), true, now).await).await;
    assert!(
        no_approver.contains("nobody but you can approve User 600"),
        "{no_approver}"
    );
    let not_flagged = refusal(propose(&w.pool, &w.admin, &ids(&["500"]), true, now).await).await;
    assert!(not_flagged.contains("not a candidate"), "{not_flagged}");
    // One bad user in a batch: nobody is proposed.
    let batch = refusal(propose(&w.pool, &w.admin, &ids(&["300", "700"]), true, now).await).await;
    assert!(batch.starts_with("Nothing was proposed"), "{batch}");
    assert!(all(&w.pool).await.unwrap().is_empty());

    // Acknowledged, 300 is proposed; a listener without a manager account goes to the fallback.
    proposed_and(&w, "300", true).await;
    set_workflow(&w, "u200@example.com", false).await;
    let listener = propose(&w.pool, &w.admin, &ids(&["600"]), false, now)
        .await
        .unwrap();
    let item = get(&w.pool, listener[0]).await.unwrap().unwrap();
    assert_eq!(
        (item.kind.as_str(), item.approver.as_str()),
        ("downgrade", "u200@example.com")
    );
    let again = refusal(propose(&w.pool, &w.admin, &ids(&["600"]), false, now).await).await;
    assert!(again.contains("already proposed"), "{again}");
}

pub(super) async fn proposed_and(w: &World, user: &str, approve: bool) -> i64 {
    let now = Utc::now();
    let id = propose(&w.pool, &w.admin, &ids(&[user]), true, now)
        .await
        .unwrap()[0];
    let reason = if approve { "" } else { "still needed for Q1" };
    decide(&w.pool, &w.manager, &[id], approve, reason, now)
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_rejected_user_waits_out_the_cool_down_and_an_unanswered_item_expires() {
    let w = world().await;
    let rejected = proposed_and(&w, "400", false).await;
    assert_eq!(
        get(&w.pool, rejected)
            .await
            .unwrap()
            .unwrap()
            .decision_reason
            .as_deref(),
        Some("still needed for Q1")
    );
    let soon = Utc::now() + Duration::days(59);
    let cool = refusal(propose(&w.pool, &w.admin, &ids(&["400"]), true, soon).await).await;
    assert!(cool.contains("cool-down"), "{cool}");
    let later = Utc::now() + Duration::days(61);
    let id = propose(&w.pool, &w.admin, &ids(&["400"]), true, later)
        .await
        .unwrap()[0];

    // Nobody answers within 14 days: it expires, and then nobody can approve it.
    let past_expiry = later + Duration::days(15);
    expire_due(&w.pool, past_expiry).await.unwrap();
    assert_eq!(get(&w.pool, id).await.unwrap().unwrap().state, "expired");
    let late = refusal(decide(&w.pool, &w.manager, &[id], true, "", past_expiry).await).await;
    assert!(late.contains("is expired"), "{late}");

    // An item past its expiry does not hold its user, even before anyone opens the Approvals page.
    let second = propose(&w.pool, &w.admin, &ids(&["400"]), true, past_expiry)
        .await
        .unwrap()[0];
    let third = past_expiry + Duration::days(15);
    propose(&w.pool, &w.admin, &ids(&["400"]), true, third)
        .await
        .unwrap();
    assert_eq!(
        get(&w.pool, second).await.unwrap().unwrap().state,
        "expired"
    );
}

#[tokio::test]
async fn a_user_active_again_is_cancelled_and_nothing_is_executed() {
    let w = world().await;
    set_workflow(&w, "", true).await;
    let id = proposed_and(&w, "400", true).await;
    let recheck = Recheck {
        answer: Some("hosted a call on 2026-11-24".into()),
        ..Recheck::default()
    };
    let executor = Executor {
        scim: None,
        recheck: &recheck,
    };
    let outcome = execute(&w.pool, &w.admin, id, "removed in Gong", &executor)
        .await
        .unwrap();
    assert!(
        matches!(&outcome, Executed::Cancelled(why) if why.contains("hosted a call")),
        "{outcome:?}"
    );
    let item = get(&w.pool, id).await.unwrap().unwrap();
    assert_eq!(item.state, "cancelled");
    assert!(item.executed_how.is_none());
    assert!(freed(&w.pool).await.unwrap().is_empty());
    let again = refusal(execute(&w.pool, &w.admin, id, "x", &executor).await).await;
    assert!(again.contains("is cancelled"), "{again}");
}

#[tokio::test]
async fn the_re_check_looks_from_the_report_the_proposal_was_made_from_not_a_later_sync() {
    let w = world().await;
    let id = proposed_and(&w, "400", true).await;
    // A sync after the approval: its report is newer than the one the proposal read.
    let mut later = company(&[]);
    later.as_of = "2026-11-27T00:00:00Z".parse().unwrap();
    testing::save_report(&w.pool, &later).await;
    let recheck = Recheck::default();
    let executor = Executor {
        scim: None,
        recheck: &recheck,
    };
    execute(&w.pool, &w.admin, id, "removed in Gong", &executor)
        .await
        .unwrap();
    assert_eq!(
        *recheck.asked_since.lock().unwrap(),
        vec![company(&[]).as_of],
        "activity after the proposal's report and before the later sync would be missed"
    );
    assert_eq!(
        *recheck.asked_cancelling.lock().unwrap(),
        vec![Cancelling::AnyActivity]
    );
}

#[tokio::test]
async fn a_listeners_downgrade_is_re_checked_for_more_than_listening() {
    let w = world().await;
    set_workflow(&w, "u200@example.com", false).await;
    let id = proposed_and(&w, "600", true).await;
    assert_eq!(get(&w.pool, id).await.unwrap().unwrap().kind, "downgrade");
    let recheck = Recheck::default();
    let executor = Executor {
        scim: None,
        recheck: &recheck,
    };
    execute(
        &w.pool,
        &w.admin,
        id,
        "collaborator seat in Gong",
        &executor,
    )
    .await
    .unwrap();
    assert_eq!(
        *recheck.asked_cancelling.lock().unwrap(),
        vec![Cancelling::BeyondListening]
    );
}

#[tokio::test]
async fn a_manager_as_fallback_approver_approves_only_users_below_them() {
    let w = world().await;
    let now = Utc::now();
    set_workflow(&w, "u200@example.com", false).await;
    // 600 is below 200 (through 999, who has no account): theirs to approve.
    let below = propose(&w.pool, &w.admin, &ids(&["600"]), false, now)
        .await
        .unwrap();
    assert_eq!(
        get(&w.pool, below[0]).await.unwrap().unwrap().approver,
        "u200@example.com"
    );
    // 800 is not: 200 may not see them, so may not approve them either.
    let outside = refusal(propose(&w.pool, &w.admin, &ids(&["800"]), false, now).await).await;
    assert!(
        outside.contains("u200@example.com is a manager they are not below"),
        "{outside}"
    );

    // An admin fallback approves anyone.
    account(&w.pool, "head@example.com", Role::Admin).await;
    set_workflow(&w, "head@example.com", false).await;
    let id = propose(&w.pool, &w.admin, &ids(&["800"]), false, now)
        .await
        .unwrap()[0];
    assert_eq!(
        get(&w.pool, id).await.unwrap().unwrap().approver,
        "head@example.com"
    );
}

#[tokio::test]
async fn a_manager_neither_sees_nor_decides_an_item_for_someone_outside_their_team() {
    let w = world().await;
    let now = Utc::now();
    account(&w.pool, "head@example.com", Role::Admin).await;
    set_workflow(&w, "head@example.com", false).await;
    let id = propose(&w.pool, &w.admin, &ids(&["800"]), false, now)
        .await
        .unwrap()[0];
    // As the old routing sent it: to a manager fallback outside whose team 800 is.
    crate::db::query("UPDATE workflow_items SET approver = 'u200@example.com' WHERE id = ?")
        .bind(id)
        .execute(&w.pool)
        .await
        .unwrap();

    assert!(awaiting(&w.pool, &w.manager).await.unwrap().is_empty());
    let refused = refusal(decide(&w.pool, &w.manager, &[id], true, "", now).await).await;
    assert!(refused.contains("is not in your team"), "{refused}");
    assert_eq!(get(&w.pool, id).await.unwrap().unwrap().state, "awaiting");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saves_of_the_workflow_settings_at_once_each_record_what_they_replaced() {
    let w = world().await;
    let saves = (1..=12u32).map(|expiry| {
        let (pool, admin) = (w.pool.clone(), w.admin.clone());
        tokio::spawn(async move {
            let form = SettingsForm {
                fallback_approver: String::new(),
                expiry_days: expiry.to_string(),
                cooldown_days: "60".into(),
                live: None,
                idp_provisioning: None,
                ..SettingsForm::default()
            };
            save_settings(&pool, &admin, &form).await
        })
    });
    for save in futures::future::join_all(saves).await {
        save.unwrap().expect("every save is applied, none fails");
    }
    let entries: Vec<(String, String)> = crate::db::query_as(
        "SELECT before, after FROM audit_log WHERE subject = 'workflow' ORDER BY id",
    )
    .fetch_all(&w.pool)
    .await
    .unwrap();
    assert_eq!(entries.len(), 12, "one entry per save");
    let expiry = |json: &str| {
        serde_json::from_str::<serde_json::Value>(json).unwrap()["expiry_days"].clone()
    };
    assert_eq!(
        expiry(&entries[0].0),
        14,
        "the first save replaced the default"
    );
    for pair in entries.windows(2) {
        assert_eq!(
            expiry(&pair[1].0),
            expiry(&pair[0].1),
            "each save's before is the previous save's after"
        );
    }
    let last = settings(&w.pool).await.unwrap();
    assert_eq!(serde_json::json!(last.expiry_days), expiry(&entries[11].1));
}
