//! Unit tests of the seat figures, money and renewal dates (docs/product.md, "Seats and money").

use super::*;

fn holder(status: Status, seats: SeatSet) -> Holder {
    Holder {
        status,
        active: status != Status::Deactivated,
        seats,
    }
}

fn gong_forecast() -> SeatSet {
    SeatSet::UNSET.with(SeatType::Forecast)
}

/// 10 Gong holders: 5 in use (one of each kind), 3 idle, 1 underused, 1 deactivated; two of
/// them also hold Forecast; one collaborator with no seat.
fn holders() -> Vec<Holder> {
    vec![
        holder(Status::Active, gong_forecast()),
        holder(Status::Active, SeatSet::UNSET),
        holder(Status::New, SeatSet::UNSET),
        holder(Status::Protected, SeatSet::UNSET),
        holder(Status::Unmonitored, SeatSet::UNSET),
        holder(Status::Inactive, gong_forecast()),
        holder(Status::Inactive, SeatSet::UNSET),
        holder(Status::NeverActive, SeatSet::UNSET),
        holder(Status::Listener, SeatSet::UNSET),
        holder(Status::Deactivated, gong_forecast()),
        holder(Status::Listener, SeatSet::default()),
    ]
}

fn setting(seat_type: SeatType, purchased: u32, dollars: i64) -> SeatTypeSetting {
    SeatTypeSetting {
        seat_type,
        purchased,
        price_per_year_cents: dollars * 100,
    }
}

fn contract() -> ContractTerms {
    ContractTerms {
        renewal_date: Some(NaiveDate::from_ymd_opt(2027, 3, 31).unwrap()),
        notice_days: 60,
        uplift_pct: 7.0,
        headroom_pct: 10.0,
        currency: "USD".into(),
    }
}

#[test]
fn the_gong_seat_counts_each_status_in_its_bucket_and_deactivated_users_hold_no_seat() {
    let gong = type_figures(&holders(), &setting(SeatType::Gong, 12, 1_600));
    let f = gong.figures;
    assert_eq!(f.purchased, Some(12));
    assert_eq!(f.assigned, 9);
    assert_eq!(
        f.usage,
        Some(SeatUsage {
            in_use: 5,
            idle: 3,
            underused: 1
        })
    );
    assert_eq!(f.spare, Some(3));
    assert_eq!(f.over_contract, Some(0));
    assert_eq!(f.contract_cost_cents, Some(12 * 160_000));
    assert_eq!(f.idle_cost_cents, 4 * 160_000);
    let utilisation = f.utilisation_pct().unwrap();
    assert!((utilisation - 500.0 / 12.0).abs() < 1e-9, "{utilisation}");
}

#[test]
fn more_assigned_than_purchased_is_over_contract_and_leaves_no_spare() {
    let f = type_figures(&holders(), &setting(SeatType::Gong, 7, 1_600)).figures;
    assert_eq!((f.spare, f.over_contract), (Some(0), Some(2)));
}

#[test]
fn forecast_usage_is_not_visible_and_never_costs_as_idle() {
    let forecast = type_figures(&holders(), &setting(SeatType::Forecast, 5, 600));
    let f = forecast.figures;
    assert_eq!(f.assigned, 2, "the deactivated holder holds no seat");
    assert_eq!(f.usage, None);
    assert_eq!(f.utilisation_pct(), None);
    assert_eq!(f.idle_cost_cents, 0);
    assert_eq!(f.spare, Some(3));
}

#[test]
fn nothing_purchased_has_no_utilisation() {
    let f = type_figures(&holders(), &setting(SeatType::Gong, 0, 0)).figures;
    assert_eq!(f.utilisation_pct(), None);
    assert_eq!(f.over_contract, Some(9));
}

#[test]
fn the_total_sums_seats_and_money_but_not_usage() {
    let types: Vec<_> = [
        setting(SeatType::Gong, 12, 1_600),
        setting(SeatType::Forecast, 5, 600),
        setting(SeatType::Engage, 20, 900),
    ]
    .iter()
    .map(|s| type_figures(&holders(), s))
    .collect();
    let t = total(&types);
    assert_eq!(t.purchased, Some(37));
    assert_eq!(t.assigned, 11);
    assert_eq!(t.spare, Some(3 + 3 + 20));
    assert_eq!(t.usage, None);
    assert_eq!(
        t.contract_cost_cents,
        Some((12 * 1_600 + 5 * 600 + 20 * 900) * 100)
    );
    assert_eq!(t.idle_cost_cents, 4 * 160_000);
}

#[test]
fn right_size_is_the_seats_in_use_plus_headroom_rounded_up_with_the_uplifted_saving() {
    let gong = type_figures(&holders(), &setting(SeatType::Gong, 12, 1_600));
    let r = right_size(&gong, &contract());
    // 5 in use + 10 % = 5.5, rounded up to 6; 12 − 6 = 6 seats at $1,600 × 1.07.
    assert!(r.basis_in_use);
    assert_eq!((r.basis, r.recommended, r.purchased), (5, 6, 12));
    assert_eq!(r.change_at_renewal_cents, 6 * 171_200);
}

#[test]
fn headroom_of_an_exact_percentage_does_not_round_up_a_whole_seat() {
    let holders: Vec<_> = (0..100)
        .map(|_| holder(Status::Active, SeatSet::UNSET))
        .collect();
    let gong = type_figures(&holders, &setting(SeatType::Gong, 100, 1_000));
    let r = right_size(&gong, &contract());
    assert_eq!(r.recommended, 110);
    assert_eq!(r.change_at_renewal_cents, -10 * 107_000, "an extra cost");
}

#[test]
fn right_size_of_a_type_without_visible_usage_is_based_on_assigned_seats() {
    let forecast = type_figures(&holders(), &setting(SeatType::Forecast, 5, 600));
    let r = right_size(&forecast, &contract());
    assert!(!r.basis_in_use);
    assert_eq!((r.basis, r.recommended), (2, 3));
    assert_eq!(r.change_at_renewal_cents, 2 * 64_200);
}

#[test]
fn no_headroom_and_no_uplift_recommend_exactly_the_seats_in_use() {
    let gong = type_figures(&holders(), &setting(SeatType::Gong, 12, 1_600));
    let terms = ContractTerms {
        headroom_pct: 0.0,
        uplift_pct: 0.0,
        ..contract()
    };
    let r = right_size(&gong, &terms);
    assert_eq!(r.recommended, 5);
    assert_eq!(r.change_at_renewal_cents, 7 * 160_000);
}

#[test]
fn uplift_rounds_to_the_nearest_cent() {
    assert_eq!(with_uplift(1_000, 7.0), 1_070);
    assert_eq!(with_uplift(1, 50.0), 2);
    assert_eq!(with_uplift(-1, 50.0), -2);
    assert_eq!(with_uplift(999, 3.5), 1_034);
    assert_eq!(with_uplift(0, 7.0), 0);
}

#[test]
fn the_notice_deadline_is_the_renewal_date_minus_the_notice_period() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let r = renewal(&contract(), today).unwrap();
    assert_eq!(
        r.notice_deadline,
        NaiveDate::from_ymd_opt(2027, 1, 30).unwrap()
    );
    assert_eq!(r.days_to_renewal, 125);
    assert_eq!(r.days_to_notice_deadline, 65);
    let later = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
    assert_eq!(
        renewal(&contract(), later).unwrap().days_to_notice_deadline,
        -2
    );
    let unset = ContractTerms::default();
    assert_eq!(renewal(&unset, today), None);
}

#[test]
fn the_summary_counts_open_candidates_on_the_gong_seat_and_their_savings() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let settings = [
        setting(SeatType::Gong, 12, 1_600),
        setting(SeatType::Forecast, 5, 600),
    ];
    let s = summary(SummaryInput {
        as_of: "2026-11-26T08:00:00Z".parse().unwrap(),
        today,
        holders: &holders(),
        settings: &settings,
        contract: contract(),
        freed_seats: 0,
        freed_savings_cents: 0,
    });
    assert_eq!(
        s.types.iter().map(|t| t.seat_type).collect::<Vec<_>>(),
        SeatType::ALL
    );
    assert_eq!(
        s.seat_type(SeatType::Engage).unwrap().figures.purchased,
        Some(0)
    );
    assert_eq!(s.open_candidates, 4);
    assert_eq!(s.potential_savings_cents, 4 * 160_000);
    assert_eq!(s.potential_savings_at_renewal_cents, Some(4 * 171_200));
    assert_eq!(s.right_size.len(), 3);
    assert_eq!(s.renewal.unwrap().days_to_renewal, 125);
    assert_eq!(s.freed_seats, 0);
}

#[test]
fn a_teams_summary_keeps_its_own_figures_and_carries_none_of_the_contract() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let settings = [setting(SeatType::Gong, 12, 1_600)];
    let s = summary(SummaryInput {
        as_of: "2026-11-26T08:00:00Z".parse().unwrap(),
        today,
        holders: &holders(),
        settings: &settings,
        contract: contract(),
        freed_seats: 0,
        freed_savings_cents: 0,
    })
    .for_team(9);
    assert_eq!(s.team, Some(9));
    assert_eq!((&s.contract, s.renewal), (&None, None));
    assert!(s.right_size.is_empty());
    assert_eq!(s.potential_savings_at_renewal_cents, None);
    for figures in s.types.iter().map(|t| &t.figures).chain([&s.total]) {
        assert_eq!(figures.purchased, None);
        assert_eq!((figures.spare, figures.over_contract), (None, None));
        assert_eq!(figures.contract_cost_cents, None);
    }
    assert!(s.types.iter().all(|t| t.price_per_year_cents.is_none()));
    let gong = &s.seat_type(SeatType::Gong).unwrap().figures;
    assert_eq!((gong.assigned, gong.idle_cost_cents), (9, 4 * 160_000));
    assert_eq!(s.currency, "USD");
}

#[test]
fn without_a_report_the_summary_has_the_settings_but_no_instant() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let s = no_report(today, &[setting(SeatType::Gong, 50, 1_600)], contract());
    assert_eq!(s.as_of, None);
    assert_eq!(s.total.purchased, Some(50));
    assert_eq!(s.total.assigned, 0);
}

#[test]
fn seat_sets_print_as_the_seat_export_writes_them() {
    assert_eq!(gong_forecast().labels(), "Gong;Forecast");
    assert_eq!(SeatSet::default().labels(), "");
}
