//! The seat figures, money and renewal dates of docs/product.md's "Seats and money", as pure functions of
//! the latest report's users, their seat types, the purchased seats and the contract.

pub use app::types::SeatTypeSetting;
use app::types::{
    ContractTerms, RenewalCountdown, RightSize, SeatFigures, SeatSummary, SeatType,
    SeatTypeFigures, SeatUsage,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::report::Status;

/// The seat types a user holds; no types at all is a free collaborator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SeatSet {
    pub gong: bool,
    pub forecast: bool,
    pub engage: bool,
}

impl SeatSet {
    /// What a user without a recorded assignment holds: "until set, an active user counts as
    /// holding a Gong seat" (docs/product.md).
    pub const UNSET: SeatSet = SeatSet {
        gong: true,
        forecast: false,
        engage: false,
    };

    /// The seat types from a `seat_assignments` row read through a LEFT JOIN: no row is `UNSET`.
    pub fn from_columns(
        gong: Option<bool>,
        forecast: Option<bool>,
        engage: Option<bool>,
    ) -> SeatSet {
        match (gong, forecast, engage) {
            (Some(gong), Some(forecast), Some(engage)) => SeatSet {
                gong,
                forecast,
                engage,
            },
            _ => SeatSet::UNSET,
        }
    }

    pub fn holds(self, seat_type: SeatType) -> bool {
        match seat_type {
            SeatType::Gong => self.gong,
            SeatType::Forecast => self.forecast,
            SeatType::Engage => self.engage,
        }
    }

    pub fn with(mut self, seat_type: SeatType) -> SeatSet {
        match seat_type {
            SeatType::Gong => self.gong = true,
            SeatType::Forecast => self.forecast = true,
            SeatType::Engage => self.engage = true,
        }
        self
    }

    /// The labels joined as the simulator's seat export writes them (`Gong;Forecast`).
    pub fn labels(self) -> String {
        SeatType::ALL
            .into_iter()
            .filter(|t| self.holds(*t))
            .map(SeatType::label)
            .collect::<Vec<_>>()
            .join(";")
    }
}

/// One user of the report, as the seat figures see them (avatars are never in a report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holder {
    pub status: Status,
    pub active: bool,
    pub seats: SeatSet,
}

impl Holder {
    /// A deactivated user holds no seat.
    fn holds(&self, seat_type: SeatType) -> bool {
        super::held::holds_seats(self.active, self.status) && self.seats.holds(seat_type)
    }
}

pub fn type_figures(holders: &[Holder], setting: &SeatTypeSetting) -> SeatTypeFigures {
    let seat_type = setting.seat_type;
    let mut assigned = 0u32;
    let mut usage = SeatUsage::default();
    for holder in holders.iter().filter(|h| h.holds(seat_type)) {
        assigned += 1;
        match holder.status {
            Status::Active | Status::New | Status::Protected | Status::Unmonitored => {
                usage.in_use += 1
            }
            Status::Inactive | Status::NeverActive => usage.idle += 1,
            Status::Listener => usage.underused += 1,
            Status::Deactivated => {}
        }
    }
    let price = setting.price_per_year_cents;
    let visible = seat_type.usage_visible().then_some(usage);
    SeatTypeFigures {
        seat_type,
        price_per_year_cents: Some(price),
        figures: SeatFigures {
            purchased: Some(setting.purchased),
            assigned,
            usage: visible,
            spare: Some(setting.purchased.saturating_sub(assigned)),
            over_contract: Some(assigned.saturating_sub(setting.purchased)),
            contract_cost_cents: Some(i64::from(setting.purchased) * price),
            idle_cost_cents: visible.map_or(0, |u| i64::from(u.idle + u.underused) * price),
        },
    }
}

/// The sums over all seat types. Usage is left out: it is visible for the Gong seat only, and a
/// sum of it against every purchased seat would understate the utilisation.
pub fn total(types: &[SeatTypeFigures]) -> SeatFigures {
    fn add<N: std::ops::Add<Output = N>>(sum: Option<N>, n: Option<N>) -> Option<N> {
        Some(sum? + n?)
    }
    let start = SeatFigures {
        purchased: Some(0),
        spare: Some(0),
        over_contract: Some(0),
        contract_cost_cents: Some(0),
        ..SeatFigures::default()
    };
    types.iter().fold(start, |mut sum, t| {
        let f = &t.figures;
        sum.purchased = add(sum.purchased, f.purchased);
        sum.assigned += f.assigned;
        sum.spare = add(sum.spare, f.spare);
        sum.over_contract = add(sum.over_contract, f.over_contract);
        sum.contract_cost_cents = add(sum.contract_cost_cents, f.contract_cost_cents);
        sum.idle_cost_cents += f.idle_cost_cents;
        sum
    })
}

/// A percentage as basis points, so that 10 % of 100 seats is exactly 10 seats.
fn basis_points(pct: f64) -> i128 {
    (pct * 100.0).round() as i128
}

/// `cents` raised by `pct` per cent, rounded to the nearest cent (halves away from zero).
pub fn with_uplift(cents: i64, pct: f64) -> i64 {
    let scaled = i128::from(cents) * (10_000 + basis_points(pct));
    let rounded = if scaled >= 0 {
        (scaled + 5_000) / 10_000
    } else {
        (scaled - 5_000) / 10_000
    };
    rounded as i64
}

/// Seats to renew: the basis (seats in use, or assigned where usage is not visible) plus the
/// headroom, rounded up, and what that changes per year at the renewal price.
pub fn right_size(figures: &SeatTypeFigures, contract: &ContractTerms) -> RightSize {
    let f = &figures.figures;
    let (basis_in_use, basis) = match f.usage {
        Some(usage) => (true, usage.in_use),
        None => (false, f.assigned),
    };
    let headroom = basis_points(contract.headroom_pct).max(0);
    let recommended = (i128::from(basis) * (10_000 + headroom) + 9_999) / 10_000;
    let recommended = u32::try_from(recommended).unwrap_or(u32::MAX);
    let purchased = f.purchased.unwrap_or(0);
    let fewer = i64::from(purchased) - i64::from(recommended);
    RightSize {
        seat_type: figures.seat_type,
        basis_in_use,
        basis,
        purchased,
        recommended,
        change_at_renewal_cents: with_uplift(
            fewer * figures.price_per_year_cents.unwrap_or(0),
            contract.uplift_pct,
        ),
    }
}

/// The renewal date, its notice deadline and the days left to each from `today`.
pub fn renewal(contract: &ContractTerms, today: NaiveDate) -> Option<RenewalCountdown> {
    let renewal_date = contract.renewal_date?;
    let notice_deadline = renewal_date - Duration::days(i64::from(contract.notice_days));
    Some(RenewalCountdown {
        renewal_date,
        notice_deadline,
        days_to_renewal: (renewal_date - today).num_days(),
        days_to_notice_deadline: (notice_deadline - today).num_days(),
    })
}

/// Idle and underused holders of the Gong seat: the candidates the workflow may free.
pub fn flagged_gong_seats(types: &[SeatTypeFigures]) -> u32 {
    types
        .iter()
        .find(|t| t.seat_type == SeatType::Gong)
        .and_then(|t| t.figures.usage)
        .map_or(0, |u| u.idle + u.underused)
}

/// What the Finance page needs to know besides the report's users.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryInput<'a> {
    pub as_of: DateTime<Utc>,
    pub today: NaiveDate,
    pub holders: &'a [Holder],
    pub settings: &'a [SeatTypeSetting],
    pub contract: ContractTerms,
    /// Seats freed by executed workflow items, and what they save a year at the next renewal.
    pub freed_seats: u32,
    pub freed_savings_cents: i64,
}

pub fn summary(input: SummaryInput<'_>) -> SeatSummary {
    let types: Vec<SeatTypeFigures> = SeatType::ALL
        .into_iter()
        .map(|seat_type| {
            let setting = input
                .settings
                .iter()
                .find(|s| s.seat_type == seat_type)
                .copied()
                .unwrap_or(SeatTypeSetting {
                    seat_type,
                    purchased: 0,
                    price_per_year_cents: 0,
                });
            type_figures(input.holders, &setting)
        })
        .collect();
    let gong_price = types
        .iter()
        .find(|t| t.seat_type == SeatType::Gong)
        .and_then(|t| t.price_per_year_cents)
        .unwrap_or(0);
    let open_candidates = flagged_gong_seats(&types);
    let potential_savings_cents = i64::from(open_candidates) * gong_price;
    SeatSummary {
        as_of: Some(input.as_of),
        today: input.today,
        renewal: renewal(&input.contract, input.today),
        total: total(&types),
        right_size: types
            .iter()
            .map(|t| right_size(t, &input.contract))
            .collect(),
        types,
        open_candidates,
        potential_savings_cents,
        potential_savings_at_renewal_cents: Some(with_uplift(
            potential_savings_cents,
            input.contract.uplift_pct,
        )),
        freed_seats: input.freed_seats,
        freed_savings_cents: input.freed_savings_cents,
        team: None,
        currency: input.contract.currency.clone(),
        contract: Some(input.contract),
    }
}

/// The summary when there is no report yet: the settings, and no figures.
pub fn no_report(
    today: NaiveDate,
    settings: &[SeatTypeSetting],
    contract: ContractTerms,
) -> SeatSummary {
    let mut summary = summary(SummaryInput {
        as_of: DateTime::<Utc>::MIN_UTC,
        today,
        holders: &[],
        settings,
        contract,
        freed_seats: 0,
        freed_savings_cents: 0,
    });
    summary.as_of = None;
    summary
}

#[cfg(test)]
mod tests;
