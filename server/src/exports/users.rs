//! The users table as a sheet: every user of the latest good report, the Users page's columns in
//! its order (and its default sort), then the signal, the reason and the seat types.

use chrono::{DateTime, Utc};

use super::{Cell, Sheet};
use app::types::{SeatType, Signal, Status};

use crate::{db::Pool, report::store::latest_id, seats::held};

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

#[derive(sqlx::FromRow)]
struct Row {
    user_id: String,
    name: String,
    email: String,
    title: Option<String>,
    manager: Option<String>,
    status: Status,
    last_active: Option<String>,
    last_active_signal: Option<Signal>,
    calls_30d: Option<i64>,
    calls_90d: Option<i64>,
    calls_365d: Option<i64>,
    reason: Option<String>,
    active: bool,
    gong: Option<bool>,
    forecast: Option<bool>,
    engage: Option<bool>,
}

impl Row {
    /// The seat types held (`seats::held`), as the seat export writes them (`Gong;Forecast`).
    fn seats(&self) -> String {
        held::seat_types(
            self.active,
            self.status,
            self.gong,
            self.forecast,
            self.engage,
        )
        .into_iter()
        .map(SeatType::label)
        .collect::<Vec<_>>()
        .join(";")
    }
}

/// The latest report's instant and every user as a sheet; `None` without a report.
/// `within`: the only users the viewer may see (a manager's subtree), or `None` for everyone.
pub async fn sheet(
    pool: &Pool,
    within: Option<&std::collections::HashSet<String>>,
) -> Result<Option<(DateTime<Utc>, Sheet)>, sqlx::Error> {
    let Some((report_id, as_of)) = latest_id(pool).await? else {
        return Ok(None);
    };
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.user_id, r.name, r.email, g.title, m.name AS manager, r.status, r.last_active,
                r.last_active_signal, r.calls_30d, r.calls_90d, r.calls_365d, r.reason,
                r.active, a.gong, a.forecast, a.engage
         FROM report_users r
         LEFT JOIN gong_users g ON g.id = r.user_id
         LEFT JOIN report_users m ON m.report_id = r.report_id AND m.user_id = r.manager_id
         LEFT JOIN seat_assignments a ON a.email = r.email
         WHERE r.report_id = ?
         ORDER BY r.last_active IS NULL, r.last_active, r.user_id",
    )
    .bind(report_id)
    .fetch_all(pool)
    .await?;
    let rows = rows
        .into_iter()
        .filter(|row| within.is_none_or(|ids| ids.contains(&row.user_id)))
        .map(|row| {
            let seats = row.seats();
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
    Ok(Some((
        as_of,
        Sheet {
            name: "Users",
            header: HEADER.iter().map(|h| h.to_string()).collect(),
            rows,
        },
    )))
}
