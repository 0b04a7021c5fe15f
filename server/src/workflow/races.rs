//! Requests at once on one item (a double click, two admins, two tabs): each step happens once,
//! the others are refused with a sentence, and a request that died holding an item lets it go.

use std::future::Future;

use chrono::{Duration, Utc};
use futures::future::join_all;

use super::{
    fake_scim::FakeScim,
    tests::{actions, company, ids, proposed_and, refusal, set_workflow, world, Recheck},
    *,
};

fn count(actions: &[String], action: &str) -> usize {
    actions.iter().filter(|a| *a == action).count()
}

/// `step`'s outcome; a refused step counts as arrived at `scim`, whose PATCH waits for all.
async fn settled<T>(
    scim: &FakeScim,
    step: impl Future<Output = Result<T, WorkflowError>>,
) -> Result<T, WorkflowError> {
    let outcome = step.await;
    if outcome.is_err() {
        scim.arrive();
    }
    outcome
}

#[tokio::test]
async fn four_executes_at_once_deactivate_the_user_once_and_refuse_the_others() {
    let w = world().await;
    set_workflow(&w, "", true).await;
    let id = proposed_and(&w, "400", true).await;
    let scim = FakeScim::start(&[("s-400", "u400@example.com")], 4).await;
    let recheck = Recheck::default();
    let executor = Executor {
        scim: Some(scim.client()),
        recheck: &recheck,
    };
    let outcomes =
        join_all((0..4).map(|_| settled(&scim, execute(&w.pool, &w.admin, id, "", &executor))))
            .await;

    assert_eq!(scim.patches(), [("s-400".to_owned(), false)]);
    assert_eq!(count(&actions(&w.pool).await, "executed"), 1);
    let done = outcomes.iter().filter(|o| matches!(o, Ok(Executed::Done)));
    assert_eq!(done.count(), 1, "{outcomes:?}");
    for outcome in outcomes.into_iter().filter(Result::is_err) {
        let text = refusal(outcome).await;
        assert!(text.contains("already being executed"), "{text}");
    }
    // Executed once, it is not executed again.
    let again = refusal(execute(&w.pool, &w.admin, id, "", &executor).await).await;
    assert!(again.contains("is executed"), "{again}");
}

#[tokio::test]
async fn four_undos_at_once_re_enable_the_user_once_and_refuse_the_others() {
    let w = world().await;
    set_workflow(&w, "", true).await;
    let id = proposed_and(&w, "400", true).await;
    let users = [("s-400", "u400@example.com")];
    let deactivating = FakeScim::start(&users, 0).await;
    let recheck = Recheck::default();
    let executor = Executor {
        scim: Some(deactivating.client()),
        recheck: &recheck,
    };
    execute(&w.pool, &w.admin, id, "", &executor).await.unwrap();

    let scim = FakeScim::start(&users, 4).await;
    let executor = Executor {
        scim: Some(scim.client()),
        recheck: &recheck,
    };
    let now = Utc::now();
    let outcomes =
        join_all((0..4).map(|_| settled(&scim, undo(&w.pool, &w.admin, id, "", &executor, now))))
            .await;

    assert_eq!(scim.patches(), [("s-400".to_owned(), true)]);
    assert_eq!(count(&actions(&w.pool).await, "reverted"), 1);
    for outcome in outcomes.into_iter().filter(Result::is_err) {
        let text = refusal(outcome).await;
        assert!(text.contains("already being undone"), "{text}");
    }
}

#[tokio::test]
async fn approvals_and_rejections_at_once_decide_the_item_once_and_say_why_not_the_others() {
    let w = world().await;
    let now = Utc::now();
    let item = propose(&w.pool, &w.admin, &ids(&["400"]), true, now)
        .await
        .unwrap();
    // Timing decides who wins, so the race is run a number of times.
    for round in 0..20 {
        crate::db::query("UPDATE workflow_items SET state = 'awaiting' WHERE id = ?")
            .bind(item[0])
            .execute(&w.pool)
            .await
            .unwrap();
        let before = actions(&w.pool).await.len();
        let outcomes = join_all((0..4).map(|i| {
            let approve = i % 2 == 0;
            decide(&w.pool, &w.manager, &item, approve, "still needed", now)
        }))
        .await;
        let decided = actions(&w.pool).await.split_off(before);
        assert_eq!(decided.len(), 1, "round {round}: {decided:?}");
        assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1);
        for outcome in outcomes.into_iter().filter(Result::is_err) {
            let text = refusal(outcome).await;
            assert!(text.contains("nothing was decided"), "{text}");
        }
    }
}

#[tokio::test]
async fn four_proposals_of_one_user_at_once_propose_them_once_and_say_why_not_the_others() {
    let w = world().await;
    let now = Utc::now();
    let user = ids(&["400"]);
    let outcomes = join_all((0..4).map(|_| propose(&w.pool, &w.admin, &user, true, now))).await;
    assert_eq!(all(&w.pool).await.unwrap().len(), 1);
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1);
    for outcome in outcomes.into_iter().filter(Result::is_err) {
        let text = refusal(outcome).await;
        assert!(text.contains("User 400 is already proposed"), "{text}");
    }
}

#[tokio::test]
async fn an_item_held_by_a_request_that_died_is_freed_after_ten_minutes() {
    let w = world().await;
    set_workflow(&w, "", true).await;
    let id = proposed_and(&w, "400", true).await;
    let held = |at: chrono::DateTime<Utc>| {
        crate::db::query("UPDATE workflow_items SET claim = claim + 1, claimed_at = ? WHERE id = ?")
            .bind(at)
            .bind(id)
            .execute(&w.pool)
    };
    let recheck = Recheck::default();
    let executor = Executor {
        scim: None,
        recheck: &recheck,
    };
    held(Utc::now() - Duration::minutes(9)).await.unwrap();
    let busy = refusal(execute(&w.pool, &w.admin, id, "removed", &executor).await).await;
    assert!(busy.contains("already being executed"), "{busy}");

    held(Utc::now() - Duration::minutes(11)).await.unwrap();
    let done = execute(&w.pool, &w.admin, id, "removed", &executor).await;
    assert_eq!(done.unwrap(), Executed::Done);
}

#[tokio::test]
async fn the_sync_does_not_verify_an_item_an_undo_is_holding() {
    let w = world().await;
    set_workflow(&w, "", true).await;
    let id = proposed_and(&w, "400", true).await;
    let recheck = Recheck::default();
    let executor = Executor {
        scim: None,
        recheck: &recheck,
    };
    execute(&w.pool, &w.admin, id, "removed", &executor)
        .await
        .unwrap();
    crate::db::query("UPDATE workflow_items SET claim = claim + 1, claimed_at = ? WHERE id = ?")
        .bind(Utc::now())
        .bind(id)
        .execute(&w.pool)
        .await
        .unwrap();
    let report = crate::db::testing::save_report(&w.pool, &company(&["400"])).await;
    assert_eq!(verify(&w.pool, report).await.unwrap(), 0);
    assert_eq!(get(&w.pool, id).await.unwrap().unwrap().state, "executed");
}

/// A re-check so slow that another request took the item over meanwhile.
struct TakenOverMeanwhile {
    pool: crate::db::Pool,
    id: i64,
}

#[async_trait::async_trait]
impl ActivityCheck for TakenOverMeanwhile {
    async fn activity_since(
        &self,
        _: &str,
        _: chrono::DateTime<Utc>,
        _: Cancelling,
    ) -> Result<Option<String>, String> {
        crate::db::query(
            "UPDATE workflow_items SET claim = claim + 1, claimed_at = ? WHERE id = ?",
        )
        .bind(Utc::now())
        .bind(self.id)
        .execute(&self.pool)
        .await
        .map_err(|e| e.to_string())?;
        Ok(None)
    }
}

#[tokio::test]
async fn a_request_whose_item_was_taken_over_sends_nothing_to_scim() {
    let w = world().await;
    set_workflow(&w, "", true).await;
    let id = proposed_and(&w, "400", true).await;
    let scim = FakeScim::start(&[("s-400", "u400@example.com")], 0).await;
    let recheck = TakenOverMeanwhile {
        pool: w.pool.clone(),
        id,
    };
    let executor = Executor {
        scim: Some(scim.client()),
        recheck: &recheck,
    };
    let late = refusal(execute(&w.pool, &w.admin, id, "", &executor).await).await;
    assert!(late.contains("was taken over"), "{late}");
    assert!(scim.patches().is_empty());
    assert_eq!(get(&w.pool, id).await.unwrap().unwrap().state, "approved");
}
