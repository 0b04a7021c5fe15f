//! Seats and money: the Finance page, the Overview's seat figures and the seat CSV import.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A paid Gong seat type (docs/product.md, "Seats and money"); a user may hold several, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SeatType {
    Gong,
    Forecast,
    Engage,
}

impl SeatType {
    pub const ALL: [SeatType; 3] = [SeatType::Gong, SeatType::Forecast, SeatType::Engage];

    /// The name in the database and in CSV files.
    pub fn key(self) -> &'static str {
        match self {
            SeatType::Gong => "gong",
            SeatType::Forecast => "forecast",
            SeatType::Engage => "engage",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SeatType::Gong => "Gong",
            SeatType::Forecast => "Forecast",
            SeatType::Engage => "Engage",
        }
    }

    /// Case-insensitive, surrounding spaces ignored.
    pub fn from_key(key: &str) -> Option<SeatType> {
        let key = key.trim();
        SeatType::ALL
            .into_iter()
            .find(|t| t.key().eq_ignore_ascii_case(key))
    }

    /// Only the Gong seat's usage shows in the activity signals: Forecast and Engage seats are
    /// never flagged, their usage is "not visible".
    pub fn usage_visible(self) -> bool {
        self == SeatType::Gong
    }
}

/// How the holders of a seat type use it, where the signals show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SeatUsage {
    /// Active, new, protected and unmonitored holders.
    pub in_use: u32,
    /// Inactive and never-active holders.
    pub idle: u32,
    /// Listeners.
    pub underused: u32,
}

/// The seat figures of one seat type, or of all together.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SeatFigures {
    /// `None` for a manager's team: the purchased seats are the company's contract.
    pub purchased: Option<u32>,
    /// Active, non-avatar users holding the type.
    pub assigned: u32,
    /// `None` where usage is not visible (Forecast, Engage, and so the total).
    pub usage: Option<SeatUsage>,
    /// Purchased − assigned, if positive; `None` for a team.
    pub spare: Option<u32>,
    /// Assigned − purchased, if positive; `None` for a team.
    pub over_contract: Option<u32>,
    /// What the purchased seats cost per year, in cents; `None` for a team.
    pub contract_cost_cents: Option<i64>,
    /// What the idle and underused seats cost per year, in cents.
    pub idle_cost_cents: i64,
}

impl SeatFigures {
    fn without_contract(&mut self) {
        self.purchased = None;
        self.spare = None;
        self.over_contract = None;
        self.contract_cost_cents = None;
    }

    /// In use ÷ purchased, in per cent; none when nothing is purchased or usage is not visible.
    pub fn utilisation_pct(&self) -> Option<f64> {
        let usage = self.usage?;
        let purchased = self.purchased.filter(|p| *p > 0)?;
        Some(f64::from(usage.in_use) * 100.0 / f64::from(purchased))
    }
}

/// One seat type's row of the Finance table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatTypeFigures {
    pub seat_type: SeatType,
    /// The contract's price; `None` for a manager's team.
    pub price_per_year_cents: Option<i64>,
    pub figures: SeatFigures,
}

/// The contract terms, as the Settings page sets them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContractTerms {
    pub renewal_date: Option<chrono::NaiveDate>,
    pub notice_days: u32,
    pub uplift_pct: f64,
    pub headroom_pct: f64,
    /// ISO 4217 code, e.g. `USD`.
    pub currency: String,
}

impl Default for ContractTerms {
    fn default() -> Self {
        ContractTerms {
            renewal_date: None,
            notice_days: 90,
            uplift_pct: 0.0,
            headroom_pct: 10.0,
            currency: "USD".into(),
        }
    }
}

/// The renewal date, the last day to give notice, and how far away both are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalCountdown {
    pub renewal_date: chrono::NaiveDate,
    /// The renewal date minus the notice period.
    pub notice_deadline: chrono::NaiveDate,
    /// Negative once the day has passed.
    pub days_to_renewal: i64,
    pub days_to_notice_deadline: i64,
}

/// How many seats of a type to renew: the seats in use plus the headroom, rounded up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RightSize {
    pub seat_type: SeatType,
    /// Whether the basis is the seats in use; where usage is not visible it is the assigned seats.
    pub basis_in_use: bool,
    pub basis: u32,
    pub purchased: u32,
    pub recommended: u32,
    /// Per year at the renewal price (uplift included): positive is a saving, negative an extra cost.
    pub change_at_renewal_cents: i64,
}

/// Everything the Finance page shows, from the latest good report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatSummary {
    /// The latest good report's instant; `None` when there is no report yet.
    pub as_of: Option<DateTime<Utc>>,
    /// The day the countdowns are counted from, in the company time zone.
    pub today: chrono::NaiveDate,
    /// The contract's currency, which every amount is in.
    pub currency: String,
    /// The contract terms; `None` for a manager's team (never sent to their browser).
    pub contract: Option<ContractTerms>,
    /// `None` without a renewal date, and for a manager's team.
    pub renewal: Option<RenewalCountdown>,
    pub types: Vec<SeatTypeFigures>,
    pub total: SeatFigures,
    /// Flagged holders of the Gong seat (idle and underused) no workflow item has freed yet.
    pub open_candidates: u32,
    /// What the open candidates' Gong seats cost per year at today's price.
    pub potential_savings_cents: i64,
    /// The same at the renewal price, uplift included; `None` for a team (it tells the uplift).
    pub potential_savings_at_renewal_cents: Option<i64>,
    /// Seats freed by executed workflow items: to reassign now, saved only at the next renewal.
    pub freed_seats: u32,
    /// What the freed seats save per year from the next renewal, at today's prices.
    #[serde(default)]
    pub freed_savings_cents: i64,
    /// `Some(people)` when the figures are a manager's team alone (their subtree); purchased seats,
    /// prices and the contract are then company-wide and not sent (`SeatSummary::for_team`).
    #[serde(default)]
    pub team: Option<u32>,
    /// Empty for a manager's team.
    pub right_size: Vec<RightSize>,
}

impl SeatSummary {
    /// The summary a manager may read: their team's own figures, and none of the company's
    /// contract (purchased seats, prices, renewal, uplift, right-size).
    pub fn for_team(mut self, people: u32) -> SeatSummary {
        self.team = Some(people);
        self.contract = None;
        self.renewal = None;
        self.right_size.clear();
        self.potential_savings_at_renewal_cents = None;
        for t in &mut self.types {
            t.price_per_year_cents = None;
            t.figures.without_contract();
        }
        self.total.without_contract();
        self
    }

    pub fn seat_type(&self, seat_type: SeatType) -> Option<&SeatTypeFigures> {
        self.types.iter().find(|t| t.seat_type == seat_type)
    }
}

/// What became of a seat CSV import: all rows saved, or none because of the listed rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeatImportOutcome {
    Imported { rows: u32 },
    Refused { problems: Vec<SeatImportProblem> },
}

/// A line of a seat CSV that cannot be imported (line 1 is the header), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatImportProblem {
    pub line: u32,
    pub reason: String,
}
