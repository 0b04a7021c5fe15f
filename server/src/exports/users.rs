//! The users table as a sheet: the rows of a view of the Users page (every user of the latest good
//! report without filters), the page's columns in its order, then the signal, the reason and the
//! seat types.

use super::{Cell, Sheet};
use app::types::UserRow;

/// The Users table's columns first, then what the table shows inside a cell or not at all.
pub const HEADER: [&str; 12] = [
    "Name",
    "Email",
    "Title",
    "Manager",
    "Status",
    "Last active",
    "Calls 30 d",
    "Calls 90 d",
    "Calls 365 d",
    "Last active signal",
    "Reason",
    "Seat types",
];

/// The rows of a view of the Users table (`dashboard::users::view`), in its order, as a sheet; the
/// seat types as the seat export writes them (`Gong;Forecast`).
pub fn sheet(rows: Vec<UserRow>) -> Sheet {
    let rows = rows
        .into_iter()
        .map(|row| {
            let seats = row
                .seat_types
                .iter()
                .map(|t| t.label())
                .collect::<Vec<_>>()
                .join(";");
            vec![
                Cell::Text(row.name),
                Cell::Text(row.email),
                Cell::optional_text(row.title),
                Cell::optional_text(row.manager),
                Cell::Text(row.status.label()),
                Cell::optional_text(row.last_active),
                Cell::optional_integer(row.calls_30d),
                Cell::optional_integer(row.calls_90d),
                Cell::optional_integer(row.calls_365d),
                Cell::optional_text(row.last_active_signal.map(|s| s.as_str().to_owned())),
                Cell::optional_text(row.reason),
                Cell::Text(seats),
            ]
        })
        .collect();
    Sheet {
        name: "Users",
        header: HEADER.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}
