//! The re-check right before an execution, against the simulator: a call hosted since the
//! proposal's report cancels; listening cancels a deactivation but not a listener's downgrade.

use chrono::{Duration, NaiveTime};
use seat_audit::workflow::{ActivityCheck, Cancelling};
use serde_json::json;

use crate::sync_support::{add_call, as_of, harness, simulator_config};

#[tokio::test]
async fn a_call_hosted_since_the_report_is_found_and_nothing_before_it_counts() {
    let h = harness(simulator_config(200)).await;
    let truth = h.simulator.truth(as_of(), 365);
    // Someone silent for the last month: hosted nothing, and no other signal either.
    let since = as_of() - Duration::days(30);
    let quiet = truth
        .users
        .iter()
        .find(|t| {
            t.active
                && t.last_hosted_call.is_none_or(|c| c < since)
                && [t.last_attended, t.last_coached, t.last_listened]
                    .iter()
                    .all(|d| d.is_none_or(|d| d < since.date_naive() - Duration::days(1)))
        })
        .expect("the company has a user silent for a month");
    for cancelling in [Cancelling::AnyActivity, Cancelling::BeyondListening] {
        let found = h.syncer.activity_since(&quiet.id, since, cancelling).await;
        assert_eq!(found, Ok(None), "{cancelling:?}");
    }

    let email = &h
        .simulator
        .company()
        .users
        .iter()
        .find(|u| u.id == quiet.id)
        .unwrap()
        .email;
    let added = add_call(&h.simulator, json!({ "email": email, "minutes_ago": 60 })).await;
    assert!(added.is_success());
    let found = h
        .syncer
        .activity_since(&quiet.id, since, Cancelling::BeyondListening)
        .await
        .unwrap();
    let day = as_of().format("%Y-%m-%d");
    assert_eq!(found, Some(format!("hosted a call on {day}")));
}

#[tokio::test]
async fn listening_since_the_report_cancels_a_deactivation_but_not_a_listeners_downgrade() {
    let h = harness(simulator_config(400)).await;
    let truth = h.simulator.truth(as_of(), 365);
    // A listener: their last listen comes days after anything else they did.
    let (listener, listened) = truth
        .users
        .iter()
        .filter(|t| t.active)
        .find_map(|t| {
            let listened = t.last_listened?;
            let before = listened - Duration::days(3);
            let quiet_before = t.last_hosted_call.is_none_or(|c| c.date_naive() < before)
                && [t.last_attended, t.last_coached]
                    .iter()
                    .all(|d| d.is_none_or(|d| d < before));
            (quiet_before && listened < as_of().date_naive()).then_some((t, listened))
        })
        .expect("the company has a listener");
    let since = (listened - Duration::days(1))
        .and_time(NaiveTime::MIN)
        .and_utc();

    let deactivation = h
        .syncer
        .activity_since(&listener.id, since, Cancelling::AnyActivity)
        .await
        .unwrap();
    let found = deactivation.expect("listening cancels a deactivation");
    assert!(found.starts_with("active in Gong on "), "{found}");
    let downgrade = h
        .syncer
        .activity_since(&listener.id, since, Cancelling::BeyondListening)
        .await;
    assert_eq!(downgrade, Ok(None), "a listener's downgrade goes on");
}
