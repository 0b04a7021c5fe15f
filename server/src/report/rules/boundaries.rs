//! docs/product.md, "Report", Boundaries: hosted calls by their instant against `as_of - N days`,
//! per-day signals by the company-time-zone day that instant falls in.

use super::tests::{at, day, user};
use super::*;

fn status(facts: &UserFacts, as_of: &str, tz: chrono_tz::Tz, inactivity_days: u32) -> Status {
    let thresholds = Thresholds {
        inactivity_days,
        ..Thresholds::default()
    };
    classify(
        facts,
        at(as_of),
        tz,
        &thresholds,
        &Protection::default(),
        &Signal::ALL,
    )
    .status
}

fn hosted(instant: &str) -> UserFacts {
    UserFacts {
        last_hosted_call: Some(at(instant)),
        ..user()
    }
}

fn attended(on: &str) -> UserFacts {
    UserFacts {
        last_attended: Some(day(on)),
        ..user()
    }
}

const AS_OF: &str = "2026-11-23T10:00:00Z";

#[test]
fn a_call_hosted_sixteen_seconds_before_as_of_less_ninety_days_does_not_make_the_user_active() {
    // as_of - 90 days is 2026-08-25 10:00:00 UTC; the call is on that day but before the instant,
    // so calls_90d does not count it and neither may the status.
    let facts = hosted("2026-08-25T09:59:44Z");
    assert_eq!(status(&facts, AS_OF, chrono_tz::UTC, 90), Status::Inactive);
}

#[test]
fn a_call_hosted_at_or_after_as_of_less_n_days_makes_the_user_active() {
    for (instant, days) in [
        ("2026-08-25T10:00:00Z", 90),
        ("2026-08-25T10:00:01Z", 90),
        ("2026-10-24T10:00:00Z", 30),
        ("2025-11-23T10:00:00Z", 365),
    ] {
        assert_eq!(
            status(&hosted(instant), AS_OF, chrono_tz::UTC, days),
            Status::Active,
            "{instant} within {days} days"
        );
    }
}

#[test]
fn a_call_hosted_a_millisecond_before_as_of_less_n_days_does_not_count_at_every_threshold() {
    for (instant, days) in [
        ("2026-08-25T09:59:59.999Z", 90),
        ("2026-10-24T09:59:59.999Z", 30),
        ("2025-11-23T09:59:59.999Z", 365),
    ] {
        assert_ne!(
            status(&hosted(instant), AS_OF, chrono_tz::UTC, days),
            Status::Active,
            "{instant} outside {days} days"
        );
    }
}

#[test]
fn a_signal_known_per_day_counts_on_the_whole_day_the_boundary_falls_in() {
    // The day is judged as a whole: attended on 2026-08-25 counts even though the boundary
    // instant is 10:00 that day; the day before does not.
    assert_eq!(
        status(&attended("2026-08-25"), AS_OF, chrono_tz::UTC, 90),
        Status::Active
    );
    assert_eq!(
        status(&attended("2026-08-24"), AS_OF, chrono_tz::UTC, 90),
        Status::Inactive
    );
    let coached_on_the_day = UserFacts {
        last_coached: Some(day("2026-08-25")),
        ..user()
    };
    assert_eq!(
        status(&coached_on_the_day, AS_OF, chrono_tz::UTC, 90),
        Status::Active
    );
}

#[test]
fn listening_on_the_boundary_day_makes_a_listener_and_the_day_before_does_not() {
    let on = UserFacts {
        last_listened: Some(day("2026-08-25")),
        ..user()
    };
    assert_eq!(status(&on, AS_OF, chrono_tz::UTC, 90), Status::Listener);
    let before = UserFacts {
        last_listened: Some(day("2026-08-24")),
        ..user()
    };
    assert_eq!(status(&before, AS_OF, chrono_tz::UTC, 90), Status::Inactive);
}

#[test]
fn in_a_company_west_of_utc_the_boundary_day_is_the_local_day() {
    // as_of 2026-11-23 03:00 UTC; as_of - 90 days is 2026-08-25 03:00 UTC, which is still
    // 2026-08-24 20:00 in Los Angeles (PDT): the local 24th counts, the local 23rd does not.
    let as_of = "2026-11-23T03:00:00Z";
    let la = chrono_tz::America::Los_Angeles;
    assert_eq!(
        status(&attended("2026-08-24"), as_of, la, 90),
        Status::Active
    );
    assert_eq!(
        status(&attended("2026-08-23"), as_of, la, 90),
        Status::Inactive
    );
    // Hosting still goes by the instant: 02:59:59 UTC is before it, on the same local day.
    assert_eq!(
        status(&hosted("2026-08-25T02:59:59Z"), as_of, la, 90),
        Status::Inactive
    );
    assert_eq!(
        status(&hosted("2026-08-25T03:00:00Z"), as_of, la, 90),
        Status::Active
    );
}

#[test]
fn in_a_company_east_of_utc_the_boundary_day_is_the_local_day() {
    // as_of - 90 days is 2026-08-25 22:30 UTC, already 2026-08-26 07:30 in Tokyo.
    let as_of = "2026-11-23T22:30:00Z";
    let tokyo = chrono_tz::Asia::Tokyo;
    assert_eq!(
        status(&attended("2026-08-26"), as_of, tokyo, 90),
        Status::Active
    );
    assert_eq!(
        status(&attended("2026-08-25"), as_of, tokyo, 90),
        Status::Inactive
    );
    assert_eq!(
        status(&hosted("2026-08-25T22:29:59Z"), as_of, tokyo, 90),
        Status::Inactive
    );
    assert_eq!(
        status(&hosted("2026-08-25T22:30:00Z"), as_of, tokyo, 90),
        Status::Active
    );
}

#[test]
fn across_a_daylight_saving_change_the_boundary_is_ninety_times_twenty_four_hours_back() {
    // as_of is 2026-11-22 23:30 in Berlin (CET, UTC+1) = 22:30 UTC. Ninety days of 24 hours back
    // is 2026-08-24 22:30 UTC, which in summer time (CEST, UTC+2) is 2026-08-25 00:30: the
    // boundary day is the 25th, not the 24th a local-calendar subtraction would give.
    let as_of = "2026-11-22T22:30:00Z";
    let berlin = chrono_tz::Europe::Berlin;
    assert_eq!(
        status(&attended("2026-08-25"), as_of, berlin, 90),
        Status::Active
    );
    assert_eq!(
        status(&attended("2026-08-24"), as_of, berlin, 90),
        Status::Inactive
    );
    // 00:15 CEST on the 25th is before the boundary instant, 00:45 after it.
    assert_eq!(
        status(&hosted("2026-08-24T22:15:00Z"), as_of, berlin, 90),
        Status::Inactive
    );
    assert_eq!(
        status(&hosted("2026-08-24T22:45:00Z"), as_of, berlin, 90),
        Status::Active
    );
}

#[test]
fn a_boundary_falling_on_the_night_clocks_go_back_is_judged_by_the_instant() {
    // Berlin's clocks went back on 2026-10-25 at 03:00 CEST (01:00 UTC), so 02:30 local happened
    // twice: 00:30 UTC (CEST) and 01:30 UTC (CET). With as_of 2026-11-24 01:30 UTC and a 30-day
    // threshold, the boundary is the second 02:30; a call at the first 02:30 is before it.
    let as_of = "2026-11-24T01:30:00Z";
    let berlin = chrono_tz::Europe::Berlin;
    assert_eq!(
        status(&hosted("2026-10-25T00:30:00Z"), as_of, berlin, 30),
        Status::Inactive
    );
    assert_eq!(
        status(&hosted("2026-10-25T01:30:00Z"), as_of, berlin, 30),
        Status::Active
    );
    assert_eq!(
        status(&attended("2026-10-25"), as_of, berlin, 30),
        Status::Active
    );
    assert_eq!(
        status(&attended("2026-10-24"), as_of, berlin, 30),
        Status::Inactive
    );
}

#[test]
fn a_hosted_call_before_the_boundary_on_its_day_is_still_named_as_the_last_activity() {
    let class = classify(
        &hosted("2026-08-25T09:59:44Z"),
        at(AS_OF),
        chrono_tz::UTC,
        &Thresholds::default(),
        &Protection::default(),
        &Signal::ALL,
    );
    assert_eq!(class.status, Status::Inactive);
    assert_eq!(class.last_active, Some(day("2026-08-25")));
    assert_eq!(
        class.reason.as_deref(),
        Some("no activity since 2026-08-25 (hosted), 90 days")
    );
}
