//! The Users table: one page of the latest report's users, sorted, filtered and searched in SQL so
//! that a 50,000-user report is never loaded whole.

use app::types::{UserRow, UserSort, UsersPage, UsersQuery};
use chrono::{DateTime, Utc};

use crate::db::Pool;

pub const PER_PAGE: u32 = 50;

/// The SQL ordering for a column; nulls last whichever the direction, then by id for a stable order.
fn order_by(sort: UserSort, descending: bool) -> String {
    let column = match sort {
        UserSort::Name => "r.name COLLATE NOCASE",
        UserSort::Email => "r.email COLLATE NOCASE",
        UserSort::Title => "g.title COLLATE NOCASE",
        UserSort::Manager => "m.name COLLATE NOCASE",
        UserSort::Status => "r.status",
        UserSort::LastActive => "r.last_active",
        UserSort::Calls30 => "r.calls_30d",
        UserSort::Calls90 => "r.calls_90d",
        UserSort::Calls365 => "r.calls_365d",
    };
    let direction = if descending { "DESC" } else { "ASC" };
    format!("{column} IS NULL, {column} {direction}, r.user_id")
}

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
}

pub async fn page(pool: &Pool, query: &UsersQuery) -> Result<UsersPage, sqlx::Error> {
    let latest: Option<(i64, DateTime<Utc>)> =
        sqlx::query_as("SELECT id, as_of FROM reports ORDER BY id DESC LIMIT 1")
            .fetch_optional(pool)
            .await?;
    let page = query.page.max(1);
    let Some((report_id, as_of)) = latest else {
        return Ok(UsersPage {
            as_of: None,
            rows: Vec::new(),
            total: 0,
            page,
            per_page: PER_PAGE,
        });
    };
    let search = query.search.as_deref().map(|s| {
        format!(
            "%{}%",
            s.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    });
    let filter = "r.report_id = ?1
        AND (?2 IS NULL OR r.status = ?2)
        AND (?3 IS NULL OR r.name LIKE ?3 ESCAPE '\\' OR r.email LIKE ?3 ESCAPE '\\')";
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM report_users r WHERE {filter}"
    ))
    .bind(report_id)
    .bind(&query.status)
    .bind(&search)
    .fetch_one(pool)
    .await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT r.user_id, r.name, r.email, g.title, m.name AS manager, r.status, r.last_active,
                r.last_active_signal, r.calls_30d, r.calls_90d, r.calls_365d, r.reason
         FROM report_users r
         LEFT JOIN gong_users g ON g.id = r.user_id
         LEFT JOIN report_users m ON m.report_id = r.report_id AND m.user_id = r.manager_id
         WHERE {filter}
         ORDER BY {}
         LIMIT ?4 OFFSET ?5",
        order_by(query.sort, query.descending)
    ))
    .bind(report_id)
    .bind(&query.status)
    .bind(&search)
    .bind(PER_PAGE)
    .bind(i64::from(page - 1) * i64::from(PER_PAGE))
    .fetch_all(pool)
    .await?;
    Ok(UsersPage {
        as_of: Some(as_of),
        rows: rows
            .into_iter()
            .map(|r| UserRow {
                id: r.user_id,
                name: r.name,
                email: r.email,
                title: r.title,
                manager: r.manager,
                status: r.status,
                last_active: r.last_active,
                last_active_signal: r.last_active_signal,
                calls_30d: r.calls_30d,
                calls_90d: r.calls_90d,
                calls_365d: r.calls_365d,
                reason: r.reason,
            })
            .collect(),
        total: total as u64,
        page,
        per_page: PER_PAGE,
    })
}
