//! The seat summary as a sheet: one row per seat type and a total, the columns of the Finance page.

use app::types::{RightSize, SeatFigures, SeatSummary};

use super::{Cell, Sheet};

/// Where usage is not visible, the usage cells say so rather than show a count.
const NOT_VISIBLE: &str = "not visible";

pub fn sheet(summary: &SeatSummary) -> Sheet {
    let currency = &summary.currency;
    let header = [
        "Seat type".to_owned(),
        "Purchased".into(),
        "Assigned".into(),
        "In use".into(),
        "Idle".into(),
        "Underused".into(),
        "Spare".into(),
        "Over contract".into(),
        "Utilisation (%)".into(),
        format!("Price per seat per year ({currency})"),
        format!("Contract cost per year ({currency})"),
        format!("Yearly cost of idle and underused seats ({currency})"),
        "Recommended at renewal".into(),
        format!("Saving at renewal per year ({currency})"),
    ]
    .into();
    let mut rows: Vec<Vec<Cell>> = summary
        .types
        .iter()
        .map(|t| {
            let right_size = summary
                .right_size
                .iter()
                .find(|r| r.seat_type == t.seat_type);
            row(
                t.seat_type.label(),
                &t.figures,
                t.price_per_year_cents,
                right_size,
                NOT_VISIBLE,
            )
        })
        .collect();
    rows.push(row("Total", &summary.total, None, None, ""));
    let mut sheet = Sheet {
        name: "Seats",
        header,
        rows,
    };
    if summary.team.is_some() {
        // A manager's team: only its own columns; the summary carries none of the company's
        // contract (its cells would be empty), so the columns are left out too.
        keep_columns(&mut sheet, &TEAM_COLUMNS);
    }
    sheet
}

/// Seat type, assigned, in use, idle, underused, and the yearly cost of idle seats.
const TEAM_COLUMNS: [usize; 6] = [0, 2, 3, 4, 5, 11];

fn keep_columns(sheet: &mut Sheet, keep: &[usize]) {
    fn pick<T>(cells: &mut Vec<T>, keep: &[usize]) {
        let mut i = 0;
        cells.retain(|_| {
            i += 1;
            keep.contains(&(i - 1))
        });
    }
    pick(&mut sheet.header, keep);
    for row in &mut sheet.rows {
        pick(row, keep);
    }
}

fn row(
    label: &str,
    f: &SeatFigures,
    price_cents: Option<i64>,
    right_size: Option<&RightSize>,
    without_usage: &str,
) -> Vec<Cell> {
    let usage = |count: fn(&app::types::SeatUsage) -> u32| match &f.usage {
        Some(usage) => Cell::Integer(i64::from(count(usage))),
        None if without_usage.is_empty() => Cell::Empty,
        None => Cell::text(without_usage),
    };
    let optional_money = |cents: Option<i64>| cents.map_or(Cell::Empty, Cell::Money);
    vec![
        Cell::text(label),
        Cell::optional_integer(f.purchased.map(i64::from)),
        Cell::Integer(i64::from(f.assigned)),
        usage(|u| u.in_use),
        usage(|u| u.idle),
        usage(|u| u.underused),
        Cell::optional_integer(f.spare.map(i64::from)),
        Cell::optional_integer(f.over_contract.map(i64::from)),
        f.utilisation_pct().map_or(Cell::Empty, Cell::Percent),
        optional_money(price_cents),
        optional_money(f.contract_cost_cents),
        Cell::Money(f.idle_cost_cents),
        right_size.map_or(Cell::Empty, |r| Cell::Integer(i64::from(r.recommended))),
        optional_money(right_size.map(|r| r.change_at_renewal_cents)),
    ]
}

#[cfg(test)]
mod tests {
    use app::types::{ContractTerms, SeatType};

    use super::*;
    use crate::{
        exports::sheet::to_csv,
        report::Status,
        seats::figures::{self, Holder, SeatSet, SeatTypeSetting},
    };

    #[test]
    fn the_seat_csv_has_a_row_per_seat_type_and_a_total() {
        let holders = [
            Holder {
                status: Status::Active,
                active: true,
                seats: SeatSet::UNSET.with(SeatType::Forecast),
            },
            Holder {
                status: Status::Inactive,
                active: true,
                seats: SeatSet::UNSET,
            },
        ];
        let settings = [SeatTypeSetting {
            seat_type: SeatType::Gong,
            purchased: 4,
            price_per_year_cents: 160_000,
        }];
        let summary = figures::summary(figures::SummaryInput {
            as_of: "2026-11-26T08:00:00Z".parse().unwrap(),
            today: "2026-11-26".parse().unwrap(),
            holders: &holders,
            settings: &settings,
            contract: ContractTerms::default(),
            freed_seats: 0,
            freed_savings_cents: 0,
        });
        let csv = to_csv(&sheet(&summary));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 5);
        assert!(lines[0].starts_with("Seat type,Purchased,Assigned,In use,Idle"));
        assert!(lines[0].contains("Price per seat per year (USD)"));
        assert_eq!(
            lines[1],
            "Gong,4,2,1,1,0,2,0,25.0,1600.00,6400.00,1600.00,2,3200.00"
        );
        assert!(
            lines[2].starts_with("Forecast,0,1,not visible,not visible,not visible,0,1,,"),
            "{}",
            lines[2]
        );
        assert!(
            lines[4].starts_with("Total,4,3,,,,2,1,,,6400.00,1600.00,,"),
            "{}",
            lines[4]
        );
    }
}
