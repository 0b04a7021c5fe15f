//! The users table as a sheet: every user of the latest good report, the Users page's columns in
//! its order (and its default sort), then the signal, the reason and the seat types.

use chrono::{DateTime, Utc};

use super::{Cell, Sheet};
use crate::{db::Pool, seats::SeatSet};

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
    status: String,
    last_active: Option<String>,
    last_active_signal: Option<String>,
    calls_30d: Option<i64>,
    calls_90d: Option<i64>,
    calls_365d: Option<i64>,
    reason: Option<String>,
    gong: Option<bool>,
    forecast: Option<bool>,
    engage: Option<bool>,
}

impl Row {
    /// A deactivated user holds no seat; an unset one holds a Gong seat.
    fn seats(&self) -> String {
        if self.status == "deactivated" {
            return String::new();
        }
        SeatSet::from_columns(self.gong, self.forecast, self.engage).labels()
    }
}

/// The latest report's instant and every user as a sheet; `None` without a report.
/// `within`: the only users the viewer may see (a manager's subtree), or `None` for everyone.
pub async fn sheet(
    pool: &Pool,
    within: Option<&std::collections::HashSet<String>>,
) -> Result<Option<(DateTime<Utc>, Sheet)>, sqlx::Error> {
    let latest: Option<(i64, DateTime<Utc>)> =
        sqlx::query_as("SELECT id, as_of FROM reports ORDER BY id DESC LIMIT 1")
            .fetch_optional(pool)
            .await?;
    let Some((report_id, as_of)) = latest else {
        return Ok(None);
    };
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.user_id, r.name, r.email, g.title, m.name AS manager, r.status, r.last_active,
                r.last_active_signal, r.calls_30d, r.calls_90d, r.calls_365d, r.reason,
                a.gong, a.forecast, a.engage
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
                Cell::Text(row.status.replace('_', " ")),
                Cell::optional_text(row.last_active),
                Cell::optional_integer(row.calls_30d),
                Cell::optional_integer(row.calls_90d),
                Cell::optional_integer(row.calls_365d),
                Cell::optional_text(row.last_active_signal),
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
