//! The Overview's utilisation trend: Gong seats in use and assigned per stored report.

use chrono::{DateTime, Utc};

use super::count;
use crate::{
    dashboard::{
        charts::{UtilisationPoint, UtilisationTrend},
        sql::Texts,
    },
    db::Pool,
    seats::held,
};
use app::types::SeatType;

/// Gong seats in use and assigned per stored report. Seat assignments and the purchased number are
/// today's (no history of them is kept); a user without an assignment row holds a Gong seat.
/// With `within` (a JSON array of user ids) only those users count, and no purchased line is drawn
/// (a team has no contract of its own).
pub async fn utilisation(
    pool: &Pool,
    within: Option<&str>,
) -> Result<UtilisationTrend, sqlx::Error> {
    let purchased: Option<i64> = match within {
        Some(_) => None,
        None => {
            crate::db::query_scalar("SELECT purchased FROM seat_types WHERE name = 'gong'")
                .fetch_optional(pool)
                .await?
        }
    };
    let sql = Texts::new(|list| {
        format!(
            "SELECT r.as_of,
                    COUNT(*) FILTER (WHERE u.status IN ('active', 'new', 'protected', 'unmonitored')),
                    COUNT(u.user_id)
             FROM reports r
             LEFT JOIN report_users u
                    ON u.report_id = r.id AND {}
                   AND (?1 IS NULL OR u.user_id IN ({}))
             GROUP BY r.id
             ORDER BY r.as_of, r.id",
            held::holds_by_email_sql("u", SeatType::Gong),
            list.ids("?1")
        )
    });
    let rows: Vec<(DateTime<Utc>, i64, i64)> = crate::db::query_as(sql.sql())
        .bind(within)
        .fetch_all(pool)
        .await?;
    Ok(UtilisationTrend {
        purchased: purchased.map_or(0, count),
        points: rows
            .into_iter()
            .map(|(as_of, in_use, assigned)| UtilisationPoint {
                as_of,
                in_use: count(in_use),
                assigned: count(assigned),
                derived: false,
            })
            .collect(),
    })
}
