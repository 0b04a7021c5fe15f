//! The latest report's candidates grouped by what to do with them, each with the yearly cost the
//! change frees at the seat prices, answered in SQL: what a proposal is checked against, and what
//! the Candidates page lists.

use app::types::{CandidateAction, CandidateGroup, CandidateRow, SeatType, Signal, Status};
use chrono::NaiveDate;

use crate::{db::Pool, seats::held};

#[derive(sqlx::FromRow)]
struct Row {
    user_id: String,
    name: String,
    manager_id: Option<String>,
    manager: Option<String>,
    status: Status,
    last_active: Option<NaiveDate>,
    last_active_signal: Option<Signal>,
    reason: Option<String>,
    gong: bool,
    forecast: bool,
    engage: bool,
    frees_cents: i64,
}

/// The groups in the order the page shows them; every group is present, empty or not.
pub const GROUPS: [(Status, CandidateAction); 3] = [
    (Status::Inactive, CandidateAction::Deactivate),
    (Status::NeverActive, CandidateAction::Deactivate),
    (Status::Listener, CandidateAction::Downgrade),
];

/// Report `report_id`'s candidates, in `GROUPS` order.
pub async fn groups(pool: &Pool, report_id: i64) -> Result<Vec<CandidateGroup>, sqlx::Error> {
    // A user without an assignment row holds a Gong seat only (`seats::held`; flagged users are
    // never deactivated). Deactivating frees every paid seat the user holds; a downgrade to a free
    // collaborator frees the Gong seat alone, since Forecast and Engage usage is not visible and
    // never flagged.
    let rows: Vec<Row> = crate::db::query_as(&format!(
        "WITH price AS (
             SELECT COALESCE(MAX(CASE name WHEN 'gong' THEN price_per_year_cents END), 0) AS gong,
                    COALESCE(MAX(CASE name WHEN 'forecast' THEN price_per_year_cents END), 0) AS forecast,
                    COALESCE(MAX(CASE name WHEN 'engage' THEN price_per_year_cents END), 0) AS engage
             FROM seat_types),
         flagged AS (
             SELECT r.user_id, r.name, r.manager_id, m.name AS manager, r.status, r.last_active,
                    r.last_active_signal, r.reason,
                    {} AS gong, {} AS forecast, {} AS engage
             FROM report_users r
             LEFT JOIN seat_assignments a ON a.email = r.email
             LEFT JOIN report_users m ON m.report_id = r.report_id AND m.user_id = r.manager_id
             WHERE r.report_id = ?1 AND r.status IN ('inactive', 'never_active', 'listener'))
         SELECT f.*,
                CASE WHEN f.gong THEN p.gong ELSE 0 END
                + CASE WHEN f.status = 'listener' THEN 0
                       ELSE (CASE WHEN f.forecast THEN p.forecast ELSE 0 END)
                          + (CASE WHEN f.engage THEN p.engage ELSE 0 END) END AS frees_cents
         FROM flagged f CROSS JOIN price p
         ORDER BY f.name COLLATE NOCASE, f.user_id",
        held::recorded_sql("a", SeatType::Gong),
        held::recorded_sql("a", SeatType::Forecast),
        held::recorded_sql("a", SeatType::Engage),
    ))
    .bind(report_id)
    .fetch_all(pool)
    .await?;
    let mut groups: Vec<CandidateGroup> = GROUPS
        .into_iter()
        .map(|(status, action)| CandidateGroup {
            status,
            action,
            rows: Vec::new(),
            total_cents: 0,
        })
        .collect();
    for row in rows {
        let Some(group) = groups.iter_mut().find(|g| g.status == row.status) else {
            continue;
        };
        group.total_cents += row.frees_cents;
        group.rows.push(CandidateRow {
            id: row.user_id,
            name: row.name,
            manager_id: row.manager_id,
            manager: row.manager,
            status: row.status,
            last_active: row
                .last_active
                .map(|day| day.format("%Y-%m-%d").to_string()),
            last_active_signal: row.last_active_signal,
            reason: row.reason,
            seat_types: held::seat_types(
                true,
                row.status,
                Some(row.gong),
                Some(row.forecast),
                Some(row.engage),
            ),
            frees_cents: row.frees_cents,
        });
    }
    Ok(groups)
}
