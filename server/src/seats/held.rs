//! The one seat rule (docs/product.md, "Seats and money"): a user deactivated in Gong holds no seat,
//! and a user without a `seat_assignments` row holds a Gong seat only. In Rust and as SQL.

use app::types::{SeatType, Status};

use super::SeatSet;

/// Whether a report user holds seats at all.
pub fn holds_seats(active: bool, status: Status) -> bool {
    active && status != Status::Deactivated
}

/// The seat types a report user holds, from their `seat_assignments` columns read through a LEFT
/// JOIN (all `None` when there is no row).
pub fn seat_types(
    active: bool,
    status: Status,
    gong: Option<bool>,
    forecast: Option<bool>,
    engage: Option<bool>,
) -> Vec<SeatType> {
    if !holds_seats(active, status) {
        return Vec::new();
    }
    let seats = SeatSet::from_columns(gong, forecast, engage);
    SeatType::ALL
        .into_iter()
        .filter(|t| seats.holds(*t))
        .collect()
}

/// SQL: whether report user `r` (a `report_users` alias) holds seats at all.
pub fn holds_seats_sql(r: &str) -> String {
    format!("({r}.active AND {r}.status <> 'deactivated')")
}

/// SQL: what no `seat_assignments` row means for `seat_type`.
fn unset_sql(seat_type: SeatType) -> &'static str {
    if SeatSet::UNSET.holds(seat_type) {
        "TRUE"
    } else {
        "FALSE"
    }
}

/// SQL: the assignment's column for `seat_type` (`a` a `seat_assignments` alias, LEFT JOINed), a
/// boolean, with what no row means, regardless of whether the user holds seats at all.
pub fn recorded_sql(a: &str, seat_type: SeatType) -> String {
    let unset = unset_sql(seat_type);
    format!("COALESCE({a}.{}, {unset})", seat_type.key())
}

/// SQL: whether report user `r` holds `seat_type`, `a` being their LEFT JOINed assignment.
pub fn holds_sql(r: &str, a: &str, seat_type: SeatType) -> String {
    format!(
        "({} AND {})",
        holds_seats_sql(r),
        recorded_sql(a, seat_type)
    )
}

/// SQL: whether report user `r` holds `seat_type`, their assignment looked up by email in a
/// subquery (for a condition inside a join, where a second join cannot go).
pub fn holds_by_email_sql(r: &str, seat_type: SeatType) -> String {
    // `a.email` first so the comparison takes its NOCASE collation and its index.
    format!(
        "({} AND COALESCE((SELECT a.{key} FROM seat_assignments a WHERE a.email = {r}.email), {unset}))",
        holds_seats_sql(r),
        key = seat_type.key(),
        unset = unset_sql(seat_type)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deactivated_user_holds_nothing_and_no_row_is_a_gong_seat() {
        assert!(seat_types(false, Status::Deactivated, Some(true), Some(true), None).is_empty());
        assert_eq!(
            seat_types(true, Status::Active, None, None, None),
            [SeatType::Gong]
        );
        assert_eq!(recorded_sql("a", SeatType::Gong), "COALESCE(a.gong, TRUE)");
        assert_eq!(
            recorded_sql("a", SeatType::Engage),
            "COALESCE(a.engage, FALSE)"
        );
    }
}
