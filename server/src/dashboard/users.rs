//! The Users table: one page of the latest report's users, sorted, filtered and searched in SQL so
//! that a 50,000-user report is never loaded whole; and the manager its subtree filter names.

use app::types::{ManagerMatch, ManagerOption, SeatType, UserRow, UserSort, UsersPage, UsersQuery};
use chrono::{DateTime, Utc};

use crate::{db::Pool, seats::SeatSet};

pub const PER_PAGE: u32 = 50;

/// The seat types as one sortable text (`Gong;Forecast`, empty for a collaborator), null for a
/// deactivated user, who holds no seat. No assignment row means a Gong seat only (PRODUCT.md).
const SEAT_TYPES_KEY: &str = "(CASE WHEN r.active = 0 THEN NULL
        WHEN a.email IS NULL THEN 'Gong'
        ELSE rtrim((CASE WHEN a.gong = 1 THEN 'Gong;' ELSE '' END)
            || (CASE WHEN a.forecast = 1 THEN 'Forecast;' ELSE '' END)
            || (CASE WHEN a.engage = 1 THEN 'Engage;' ELSE '' END), ';') END)";

/// The condition of a seat-type filter (`gong`, `forecast`, `engage`, or `none` for collaborators);
/// `None` for an unknown key. Deactivated users hold no seat, so no filter shows them.
fn seat_condition(key: &str) -> Option<&'static str> {
    Some(match key {
        "gong" => "r.active = 1 AND (a.email IS NULL OR a.gong = 1)",
        "forecast" => "r.active = 1 AND a.forecast = 1",
        "engage" => "r.active = 1 AND a.engage = 1",
        "none" => "r.active = 1 AND a.gong = 0 AND a.forecast = 0 AND a.engage = 0",
        _ => return None,
    })
}

/// Everyone below the manager `?4` at any depth, along the report's `manager_id` (both steps use
/// the `(report_id, manager_id)` index). `UNION` drops repeats, so a cycle in Gong's data ends it.
const SUBTREE: &str = "WITH RECURSIVE subtree(user_id) AS (
        SELECT user_id FROM report_users WHERE report_id = ?1 AND manager_id = ?4
        UNION
        SELECT r.user_id FROM report_users r JOIN subtree s ON r.manager_id = s.user_id
        WHERE r.report_id = ?1
    )";

const TITLE_JOIN: &str = "LEFT JOIN gong_users g ON g.id = r.user_id";
const MANAGER_JOIN: &str =
    "LEFT JOIN report_users m ON m.report_id = r.report_id AND m.user_id = r.manager_id";

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
        UserSort::SeatTypes => SEAT_TYPES_KEY,
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
    active: bool,
    gong: Option<bool>,
    forecast: Option<bool>,
    engage: Option<bool>,
}

impl Row {
    fn seat_types(&self) -> Vec<SeatType> {
        if !self.active {
            return Vec::new();
        }
        let seats = SeatSet::from_columns(self.gong, self.forecast, self.engage);
        SeatType::ALL
            .into_iter()
            .filter(|t| seats.holds(*t))
            .collect()
    }
}

async fn latest_report(pool: &Pool) -> Result<Option<(i64, DateTime<Utc>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, as_of FROM reports ORDER BY id DESC LIMIT 1")
        .fetch_optional(pool)
        .await
}

/// The managers (users with direct reports in the report) whose user id, email or name is `text`,
/// any case, by name; a name can be shared, an id or email cannot.
pub async fn find_managers(
    pool: &Pool,
    report_id: i64,
    text: &str,
) -> Result<Vec<ManagerOption>, sqlx::Error> {
    const AT_MOST: i64 = 20;
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT m.user_id, m.name, m.email, g.title FROM report_users m
         LEFT JOIN gong_users g ON g.id = m.user_id
         WHERE m.report_id = ?1
           AND (m.user_id = ?2 OR m.email = ?2 COLLATE NOCASE OR m.name = ?2 COLLATE NOCASE)
           AND EXISTS (SELECT 1 FROM report_users c WHERE c.report_id = ?1 AND c.manager_id = m.user_id)
         ORDER BY m.name COLLATE NOCASE, m.user_id
         LIMIT ?3",
    )
    .bind(report_id)
    .bind(text.trim())
    .bind(AT_MOST)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email, title)| ManagerOption {
            id,
            name,
            email,
            title,
        })
        .collect())
}

/// Gong's `managerId` may name a user the list does not return: their reports are still a team.
async fn manager_outside_the_report(
    pool: &Pool,
    report_id: i64,
    id: &str,
) -> Result<Option<ManagerOption>, sqlx::Error> {
    let has_reports: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM report_users WHERE report_id = ?1 AND manager_id = ?2)",
    )
    .bind(report_id)
    .bind(id.trim())
    .fetch_one(pool)
    .await?;
    Ok(has_reports.then(|| ManagerOption {
        id: id.trim().to_owned(),
        name: format!("user {} (not in the report)", id.trim()),
        email: String::new(),
        title: None,
    }))
}

pub async fn page(pool: &Pool, query: &UsersQuery) -> Result<UsersPage, sqlx::Error> {
    let page = query.page.max(1);
    let Some((report_id, as_of)) = latest_report(pool).await? else {
        return Ok(UsersPage {
            as_of: None,
            manager: None,
            rows: Vec::new(),
            total: 0,
            page,
            per_page: PER_PAGE,
        });
    };
    let (manager, manager_id) = match query.manager.as_deref() {
        None => (None, None),
        Some(text) => {
            let mut found = find_managers(pool, report_id, text).await?;
            if found.is_empty() {
                found.extend(manager_outside_the_report(pool, report_id, text).await?);
            }
            match found.len() {
                1 => {
                    let only = found.remove(0);
                    let id = only.id.clone();
                    (Some(ManagerMatch::Found(only)), Some(id))
                }
                n => {
                    // Nobody, or several: the page asks which one instead of guessing.
                    let unresolved = if n == 0 {
                        ManagerMatch::NotFound
                    } else {
                        ManagerMatch::Several(found)
                    };
                    return Ok(UsersPage {
                        as_of: Some(as_of),
                        manager: Some(unresolved),
                        rows: Vec::new(),
                        total: 0,
                        page,
                        per_page: PER_PAGE,
                    });
                }
            }
        }
    };
    let search = query.search.as_deref().map(|s| {
        format!(
            "%{}%",
            s.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    });
    let seat = query.seat_type.as_deref().and_then(seat_condition);
    // Without `OR`, so that SQLite walks the subtree and looks its users up by key instead of
    // scanning the whole report; `?4 IS NULL` keeps the parameter used when no manager is chosen.
    let below = match manager_id {
        Some(_) => "r.user_id IN (SELECT user_id FROM subtree) AND r.user_id <> ?4",
        None => "?4 IS NULL",
    };
    let mut filter = format!(
        "r.report_id = ?1
        AND (?2 IS NULL OR r.status = ?2)
        AND (?3 IS NULL OR r.name LIKE ?3 ESCAPE '\\' OR r.email LIKE ?3 ESCAPE '\\')
        AND ({below})"
    );
    if let Some(seat) = seat {
        filter.push_str(&format!(" AND ({seat})"));
    }
    // `a.email` first so the comparison takes its NOCASE collation and its index.
    let seats_join = "LEFT JOIN seat_assignments a ON a.email = r.email";
    let total: i64 = sqlx::query_scalar(&format!(
        "{SUBTREE} SELECT COUNT(*) FROM report_users r {} WHERE {filter}",
        if seat.is_some() { seats_join } else { "" }
    ))
    .bind(report_id)
    .bind(&query.status)
    .bind(&search)
    .bind(&manager_id)
    .fetch_one(pool)
    .await?;
    // The page's 50 users are chosen first, joining only what the filter and the sort read; the
    // other columns are joined for those 50 alone, never for the whole report.
    let order = order_by(query.sort, query.descending);
    let mut page_joins = Vec::new();
    if seat.is_some() || query.sort == UserSort::SeatTypes {
        page_joins.push(seats_join);
    }
    if query.sort == UserSort::Title {
        page_joins.push(TITLE_JOIN);
    }
    if query.sort == UserSort::Manager {
        page_joins.push(MANAGER_JOIN);
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SUBTREE},
         chosen(user_id) AS (
             SELECT r.user_id FROM report_users r {page_joins}
             WHERE {filter}
             ORDER BY {order}
             LIMIT ?5 OFFSET ?6)
         SELECT r.user_id, r.name, r.email, g.title, m.name AS manager, r.status, r.last_active,
                r.last_active_signal, r.calls_30d, r.calls_90d, r.calls_365d, r.reason,
                r.active, a.gong, a.forecast, a.engage
         FROM chosen c
         JOIN report_users r ON r.report_id = ?1 AND r.user_id = c.user_id
         {TITLE_JOIN} {MANAGER_JOIN} {seats_join}
         ORDER BY {order}",
        page_joins = page_joins.join(" "),
    ))
    .bind(report_id)
    .bind(&query.status)
    .bind(&search)
    .bind(&manager_id)
    .bind(PER_PAGE)
    .bind(i64::from(page - 1) * i64::from(PER_PAGE))
    .fetch_all(pool)
    .await?;
    Ok(UsersPage {
        as_of: Some(as_of),
        manager,
        rows: rows
            .into_iter()
            .map(|r| UserRow {
                seat_types: r.seat_types(),
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
