use super::*;

pub(super) fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

pub(super) fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

const AS_OF: &str = "2026-11-23T10:00:00Z";

pub(super) fn user() -> UserFacts {
    UserFacts {
        id: "7782342274025937895".into(),
        email: "ana@example.com".into(),
        first_name: Some("Ana".into()),
        last_name: Some("Müller".into()),
        title: None,
        manager_id: None,
        active: true,
        created: at("2024-01-15T09:00:00Z"),
        recording_off: false,
        last_hosted_call: None,
        last_attended: None,
        last_coached: None,
        last_listened: None,
        calls_30d: Some(0),
        calls_90d: Some(0),
        calls_365d: Some(0),
    }
}

fn status_of(facts: &UserFacts) -> Classification {
    classify(
        facts,
        at(AS_OF),
        chrono_tz::UTC,
        &Thresholds::default(),
        &Protection::default(),
        &Signal::ALL,
    )
}

#[test]
fn a_user_who_hosted_a_call_within_ninety_days_is_active() {
    let facts = UserFacts {
        last_hosted_call: Some(at("2026-11-20T15:00:00Z")),
        ..user()
    };
    let class = status_of(&facts);
    assert_eq!(class.status, Status::Active);
    assert_eq!(class.last_active, Some(day("2026-11-20")));
    assert_eq!(class.last_active_signal, Some(Signal::Hosted));
    assert_eq!(class.reason, None);
}

#[test]
fn the_threshold_day_itself_still_counts_and_the_day_before_does_not() {
    // as_of - 90 days is 2026-08-25 10:00 UTC: that day counts, the 24th does not.
    let on = UserFacts {
        last_coached: Some(day("2026-08-25")),
        ..user()
    };
    assert_eq!(status_of(&on).status, Status::Active);
    let before = UserFacts {
        last_coached: Some(day("2026-08-24")),
        ..user()
    };
    let class = status_of(&before);
    assert_eq!(class.status, Status::Inactive);
    assert_eq!(
        class.reason.as_deref(),
        Some("no activity since 2026-08-24 (coached), 91 days")
    );
}

#[test]
fn a_manager_who_only_coaches_is_active() {
    let facts = UserFacts {
        last_coached: Some(day("2026-11-02")),
        ..user()
    };
    assert_eq!(status_of(&facts).status, Status::Active);
}

#[test]
fn someone_who_only_listened_is_a_downgrade_candidate() {
    let facts = UserFacts {
        last_listened: Some(day("2026-11-10")),
        last_hosted_call: Some(at("2026-03-02T12:00:00Z")),
        ..user()
    };
    let class = status_of(&facts);
    assert_eq!(class.status, Status::Listener);
    assert!(class.status.is_candidate());
    assert_eq!(class.last_active_signal, Some(Signal::Listened));
    assert!(class.reason.unwrap().contains("free collaborator seat"));
}

#[test]
fn the_reason_names_the_last_hosted_call_when_only_hosting_is_visible() {
    let facts = UserFacts {
        last_hosted_call: Some(at("2026-03-02T12:00:00Z")),
        ..user()
    };
    let class = classify(
        &facts,
        at(AS_OF),
        chrono_tz::UTC,
        &Thresholds::default(),
        &Protection::default(),
        &[Signal::Hosted],
    );
    assert_eq!(class.status, Status::Inactive);
    assert_eq!(
        class.reason.as_deref(),
        Some("no hosted call since 2026-03-02, 266 days")
    );
}

#[test]
fn without_the_stats_a_listener_cannot_be_seen() {
    let facts = UserFacts {
        last_listened: Some(day("2026-11-10")),
        ..user()
    };
    let class = classify(
        &facts,
        at(AS_OF),
        chrono_tz::UTC,
        &Thresholds::default(),
        &Protection::default(),
        &[Signal::Hosted],
    );
    assert_eq!(class.status, Status::Inactive);
    assert_eq!(class.last_active, None);
}

#[test]
fn silence_from_a_user_gong_cannot_capture_proves_nothing() {
    let facts = UserFacts {
        recording_off: true,
        ..user()
    };
    let class = status_of(&facts);
    assert_eq!(class.status, Status::Unmonitored);
    assert!(!class.status.is_candidate());
}

#[test]
fn an_old_user_with_no_activity_in_the_look_back_is_inactive() {
    let class = status_of(&user());
    assert_eq!(class.status, Status::Inactive);
    assert_eq!(
        class.reason.as_deref(),
        Some("no activity in over 365 days")
    );
}

#[test]
fn a_user_created_inside_the_look_back_who_never_did_anything_is_never_active() {
    let facts = UserFacts {
        created: at("2026-05-04T08:00:00Z"),
        ..user()
    };
    let class = status_of(&facts);
    assert_eq!(class.status, Status::NeverActive);
    assert_eq!(
        class.reason.as_deref(),
        Some("never active since created on 2026-05-04")
    );
}

#[test]
fn a_new_hire_inside_the_grace_period_is_new_whatever_their_activity() {
    let facts = UserFacts {
        created: at("2026-11-01T08:00:00Z"),
        ..user()
    };
    assert_eq!(status_of(&facts).status, Status::New);
    let facts = UserFacts {
        created: at("2026-10-24T09:59:59Z"),
        ..user()
    };
    assert_eq!(
        status_of(&facts).status,
        Status::NeverActive,
        "31 days is past the grace period"
    );
}

#[test]
fn deactivated_wins_over_everything_and_protection_over_the_rest() {
    let facts = UserFacts {
        active: false,
        created: at("2026-11-20T00:00:00Z"),
        ..user()
    };
    assert_eq!(status_of(&facts).status, Status::Deactivated);

    let mut protection = Protection::default();
    protection
        .snoozed_until
        .insert(user().id, day("2026-12-01"));
    let class = classify(
        &user(),
        at(AS_OF),
        chrono_tz::UTC,
        &Thresholds::default(),
        &protection,
        &Signal::ALL,
    );
    assert_eq!(class.status, Status::Protected);

    protection
        .snoozed_until
        .insert(user().id, day("2026-11-23"));
    let class = classify(
        &user(),
        at(AS_OF),
        chrono_tz::UTC,
        &Thresholds::default(),
        &protection,
        &Signal::ALL,
    );
    assert_eq!(class.status, Status::Inactive, "a snooze ends on its date");
}

#[test]
fn days_are_counted_in_the_company_time_zone() {
    // 2026-11-23 03:00 UTC is still the 22nd in Los Angeles.
    let facts = UserFacts {
        last_hosted_call: Some(at("2026-11-23T03:00:00Z")),
        ..user()
    };
    let class = classify(
        &facts,
        at(AS_OF),
        chrono_tz::America::Los_Angeles,
        &Thresholds::default(),
        &Protection::default(),
        &Signal::ALL,
    );
    assert_eq!(class.last_active, Some(day("2026-11-22")));
}

#[test]
fn on_the_same_day_the_stronger_signal_is_named() {
    let facts = UserFacts {
        last_listened: Some(day("2026-11-20")),
        last_attended: Some(day("2026-11-20")),
        ..user()
    };
    assert_eq!(status_of(&facts).last_active_signal, Some(Signal::Attended));
}
