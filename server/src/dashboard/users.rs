//! The Users table: one page of the latest report's users, sorted, filtered and searched in SQL so
//! that a 50,000-user report is never loaded whole; every page of a view at once, by the same SQL
//! without its limit, for "Export this view"; and the manager its subtree filter names.

use std::{collections::HashMap, sync::Mutex};

use app::types::{
    ManagerMatch, ManagerOption, SeatType, Signal, Status, UserRow, UserSort, UsersPage, UsersQuery,
};
use chrono::{DateTime, Utc};

use super::{
    scope::{self, Team},
    sql::{IdList, Texts},
};
use crate::{db::Pool, report::store::latest_id, seats::held};

pub const PER_PAGE: u32 = 50;

/// The seat types as one sortable text (`Gong;Forecast`, empty for a collaborator), null for a
/// user who holds no seat (`seats::held`).
fn seat_types_key() -> String {
    let types = SeatType::ALL
        .into_iter()
        .map(|t| {
            format!(
                "(CASE WHEN {} THEN '{};' ELSE '' END)",
                held::recorded_sql("a", t),
                t.label()
            )
        })
        .collect::<Vec<_>>()
        .join(" || ");
    format!(
        "(CASE WHEN NOT {} THEN NULL ELSE rtrim({types}, ';') END)",
        held::holds_seats_sql("r")
    )
}

/// The condition of a seat-type filter (`gong`, `forecast`, `engage`, or `none` for collaborators);
/// `None` for an unknown key. A user who holds no seat (`seats::held`) matches no filter.
fn seat_condition(key: &str) -> Option<String> {
    if key == "none" {
        let none = SeatType::ALL
            .into_iter()
            .map(|t| format!("NOT {}", held::recorded_sql("a", t)))
            .collect::<Vec<_>>()
            .join(" AND ");
        return Some(format!("{} AND {none}", held::holds_seats_sql("r")));
    }
    let seat_type = SeatType::from_key(key).filter(|t| t.key() == key)?;
    Some(held::holds_sql("r", "a", seat_type))
}

/// Everyone below the manager `?4` at any depth, as the CTE `below` (`scope::subtree_of`).
fn subtree() -> String {
    scope::subtree_of("?1", "?4")
}

const TITLE_JOIN: &str = "LEFT JOIN gong_users g ON g.id = r.user_id";
const MANAGER_JOIN: &str =
    "LEFT JOIN report_users m ON m.report_id = r.report_id AND m.user_id = r.manager_id";

/// What a sort reads: the column, the join it needs, and whether it can be null. The first seven
/// have an index `(report_id, column, user_id)` (migration `users_sort`), so a page in either
/// direction is read off the index instead of sorting the report.
struct SortKey {
    column: String,
    /// Sorted ignoring ASCII case, as SQLite's NOCASE does.
    nocase: bool,
    join: Option<&'static str>,
    nullable: bool,
}

impl SortKey {
    /// What the rows are ordered by. On PostgreSQL, ASCII-lower-cased in byte order: the same order
    /// as SQLite's NOCASE (the `nocase` ICU collation would order punctuation and digits apart),
    /// with an index of its own (migrations/postgres).
    fn ordered_by(&self, list: IdList) -> String {
        match (self.nocase, list) {
            (false, _) => self.column.clone(),
            (true, IdList::Sqlite) => format!("{} COLLATE NOCASE", self.column),
            (true, IdList::Postgres) => format!("lower({}) COLLATE \"C\"", self.column),
        }
    }
}

fn sort_key(sort: UserSort) -> SortKey {
    let (column, nocase, join, nullable) = match sort {
        UserSort::Name => ("r.name".into(), true, None, false),
        UserSort::Email => ("r.email".into(), true, None, false),
        UserSort::Status => ("r.status".into(), false, None, false),
        UserSort::LastActive => ("r.last_active".into(), false, None, true),
        UserSort::Calls30 => ("r.calls_30d".into(), false, None, true),
        UserSort::Calls90 => ("r.calls_90d".into(), false, None, true),
        UserSort::Calls365 => ("r.calls_365d".into(), false, None, true),
        UserSort::Title => ("g.title".into(), true, Some(TITLE_JOIN), true),
        UserSort::Manager => ("m.name".into(), true, Some(MANAGER_JOIN), true),
        UserSort::SeatTypes => (seat_types_key(), false, Some(SEATS_JOIN), true),
    };
    SortKey {
        column,
        nocase,
        join,
        nullable,
    }
}

/// `a.email` first so the comparison takes its NOCASE collation and its index.
const SEATS_JOIN: &str = "LEFT JOIN seat_assignments a ON a.email = r.email";

/// How many users a filter matches in a report. A report never changes once written, so a count is
/// kept per report and filter: paging and sorting do not count the report again. Counts that read
/// the seat assignments (which Settings changes) are never kept. What is kept is bounded in entries
/// and in bytes (the search text is at most `MAX_TEXT` characters, but a manager's team is a list
/// of ids), and starts over when full.
#[derive(Default)]
pub struct Counts {
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    report_id: i64,
    counts: HashMap<String, i64>,
    /// The keys' lengths together.
    bytes: usize,
}

impl Counts {
    /// Enough for every status × seat filter × a few hundred searches.
    const AT_MOST: usize = 4096;
    /// The keys together, at most; a key longer than a sixteenth of it is never kept.
    const AT_MOST_BYTES: usize = 4 << 20;

    fn get(&self, report_id: i64, key: &str) -> Option<i64> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        (kept.report_id == report_id)
            .then(|| kept.counts.get(key).copied())
            .flatten()
    }

    fn keep(&self, report_id: i64, key: String, count: i64) {
        if key.len() > Self::AT_MOST_BYTES / 16 {
            return;
        }
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.report_id != report_id
            || kept.counts.len() >= Self::AT_MOST
            || kept.bytes + key.len() > Self::AT_MOST_BYTES
        {
            *kept = Kept {
                report_id,
                ..Kept::default()
            };
        }
        let bytes = key.len();
        if kept.counts.insert(key, count).is_none() {
            kept.bytes += bytes;
        }
    }

    /// How many counts are kept, and their keys' bytes.
    #[cfg(test)]
    fn size(&self) -> (usize, usize) {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        (kept.counts.len(), kept.bytes)
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    user_id: String,
    name: String,
    email: String,
    title: Option<String>,
    manager: Option<String>,
    status: Status,
    /// Read as text (`CAST`), as PostgreSQL keeps a date.
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
    fn seat_types(&self) -> Vec<SeatType> {
        held::seat_types(
            self.active,
            self.status,
            self.gong,
            self.forecast,
            self.engage,
        )
    }
}

/// The managers (users with direct reports in the report) whose user id, email or name is `text`,
/// any case, by name; a name can be shared, an id or email cannot.
pub async fn find_managers(
    pool: &Pool,
    report_id: i64,
    text: &str,
) -> Result<Vec<ManagerOption>, sqlx::Error> {
    find_managers_among(pool, report_id, text, None).await
}

/// `find_managers` among `among` alone (a JSON array of user ids), when given.
async fn find_managers_among(
    pool: &Pool,
    report_id: i64,
    text: &str,
    among: Option<&str>,
) -> Result<Vec<ManagerOption>, sqlx::Error> {
    const AT_MOST: i64 = 20;
    let sql = Texts::new(|list| {
        format!(
            "SELECT m.user_id, m.name, m.email, g.title FROM report_users m
             LEFT JOIN gong_users g ON g.id = m.user_id
             WHERE m.report_id = ?1
               AND (m.user_id = ?2 OR m.email = ?2 COLLATE NOCASE OR m.name = ?2 COLLATE NOCASE)
               AND EXISTS (SELECT 1 FROM report_users c WHERE c.report_id = ?1 AND c.manager_id = m.user_id)
               AND (?4 IS NULL OR m.user_id IN ({}))
             ORDER BY m.name COLLATE NOCASE, m.user_id
             LIMIT ?3",
            list.ids("?4")
        )
    });
    let rows: Vec<(String, String, String, Option<String>)> = crate::db::query_as(sql.sql())
        .bind(report_id)
        .bind(text.trim())
        .bind(AT_MOST)
        .bind(among)
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
    let has_reports: bool = crate::db::query_scalar(
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

/// A set of ids as a JSON array, sorted so that the same set is the same text.
fn ids_json<'a>(ids: impl Iterator<Item = &'a String>) -> String {
    let mut ids: Vec<&String> = ids.collect();
    ids.sort();
    serde_json::to_string(&ids).expect("a list of strings serialises")
}

/// `team`: the only users this viewer may see (a manager's subtree, and themselves only as a
/// manager to filter on), or `None` for everyone.
pub async fn page(
    pool: &Pool,
    counts: &Counts,
    query: &UsersQuery,
    team: Option<&Team>,
) -> Result<UsersPage, sqlx::Error> {
    let page = query.page.max(1);
    let empty = |as_of, manager| UsersPage {
        as_of,
        manager,
        rows: Vec::new(),
        total: 0,
        page,
        per_page: PER_PAGE,
    };
    let (as_of, manager, filter) = match select(pool, query, team).await? {
        Selection::NoReport => return Ok(empty(None, None)),
        // Nobody, or several: the page asks which one instead of guessing.
        Selection::Unresolved { as_of, manager } => return Ok(empty(Some(as_of), Some(manager))),
        Selection::Chosen {
            as_of,
            manager,
            filter,
        } => (as_of, manager, filter),
    };
    let total = filter.count(pool, counts, None).await?;
    let offset = i64::from(page - 1) * i64::from(PER_PAGE);
    let window = Some((i64::from(PER_PAGE), offset));
    let chosen = filter.ordered(pool, counts, query, window).await?;
    Ok(UsersPage {
        as_of: Some(as_of),
        manager,
        rows: rows_of(pool, filter.report_id, &chosen).await?,
        total: total as u64,
        page,
        per_page: PER_PAGE,
    })
}

/// Every row of a view of the Users table, all its pages in its order: what "Export this view"
/// downloads (docs/product.md, "Pages").
pub struct View {
    pub as_of: DateTime<Utc>,
    /// How the manager filter was read, when one was given; the rows are empty unless `Found`.
    pub manager: Option<ManagerMatch>,
    pub rows: Vec<UserRow>,
}

/// The users `page` would show on every page of `query` (its page number ignored), in the same
/// order, by the same SQL without its LIMIT; `None` without a report.
pub async fn view(
    pool: &Pool,
    counts: &Counts,
    query: &UsersQuery,
    team: Option<&Team>,
) -> Result<Option<View>, sqlx::Error> {
    Ok(Some(match select(pool, query, team).await? {
        Selection::NoReport => return Ok(None),
        Selection::Unresolved { as_of, manager } => View {
            as_of,
            manager: Some(manager),
            rows: Vec::new(),
        },
        Selection::Chosen {
            as_of,
            manager,
            filter,
        } => {
            let chosen = filter.ordered(pool, counts, query, None).await?;
            View {
                as_of,
                manager,
                rows: rows_of(pool, filter.report_id, &chosen).await?,
            }
        }
    }))
}

/// What a query selects from the latest report, before any paging.
enum Selection<'q> {
    NoReport,
    /// The manager filter names nobody, or several managers.
    Unresolved {
        as_of: DateTime<Utc>,
        manager: ManagerMatch,
    },
    Chosen {
        as_of: DateTime<Utc>,
        manager: Option<ManagerMatch>,
        filter: Filter<'q>,
    },
}

/// Reads the query's filters into SQL over the latest report, resolving the manager it names.
async fn select<'q>(
    pool: &Pool,
    query: &'q UsersQuery,
    team: Option<&Team>,
) -> Result<Selection<'q>, sqlx::Error> {
    let within = team.map(|team| &team.below);
    let Some((report_id, as_of)) = latest_id(pool).await? else {
        return Ok(Selection::NoReport);
    };
    let (manager, manager_id) = match query.manager.as_deref() {
        None => (None, None),
        Some(text) => {
            // A manager names only managers of their own team, or themselves.
            let among = team.map(|team| ids_json(team.below.iter().chain(&team.me)));
            let mut found = find_managers_among(pool, report_id, text, among.as_deref()).await?;
            if found.is_empty() && team.is_none_or(|team| team.names(text.trim())) {
                found.extend(manager_outside_the_report(pool, report_id, text).await?);
            }
            match found.len() {
                1 => {
                    let only = found.remove(0);
                    let id = only.id.clone();
                    (Some(ManagerMatch::Found(only)), Some(id))
                }
                n => {
                    let manager = if n == 0 {
                        ManagerMatch::NotFound
                    } else {
                        ManagerMatch::Several(found)
                    };
                    return Ok(Selection::Unresolved { as_of, manager });
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
    Ok(Selection::Chosen {
        as_of,
        manager,
        filter: Filter {
            report_id,
            status: query.status.as_deref(),
            search,
            manager_id,
            within: within.map(|ids| ids_json(ids.iter())),
            seat: query.seat_type.as_deref().and_then(seat_condition),
        },
    })
}

/// The rows of the users `ids`, in that order, with every column the table shows.
async fn rows_of(pool: &Pool, report_id: i64, ids: &[String]) -> Result<Vec<UserRow>, sqlx::Error> {
    let ids = serde_json::to_string(ids).expect("a list of strings serialises");
    let sql = Texts::new(|list| {
        format!(
            "SELECT r.user_id, r.name, r.email, g.title, m.name AS manager, r.status,
                    CAST(r.last_active AS TEXT) AS last_active, r.last_active_signal,
                    r.calls_30d, r.calls_90d, r.calls_365d, r.reason,
                    r.active, a.gong, a.forecast, a.engage
             FROM {}
             JOIN report_users r ON r.report_id = ?1 AND r.user_id = c.value
             {TITLE_JOIN} {MANAGER_JOIN} {SEATS_JOIN}
             ORDER BY c.key",
            list.table("?2", "c")
        )
    });
    let rows: Vec<Row> = crate::db::query_as(sql.sql())
        .bind(report_id)
        .bind(ids)
        .fetch_all(pool)
        .await?;
    Ok(rows
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
        .collect())
}

/// The users a page asks for: the report, its conditions and their parameters (`?1` to `?5`).
struct Filter<'q> {
    report_id: i64,
    status: Option<&'q str>,
    search: Option<String>,
    manager_id: Option<String>,
    /// The ids the viewer may see, as a JSON array (`?5`).
    within: Option<String>,
    /// The seat-type filter's condition.
    seat: Option<String>,
}

impl Filter<'_> {
    /// The filter's condition on `r`. Only the conditions asked for, so that SQLite can pick the
    /// index that serves them; an absent one keeps its parameter used (`?n IS NULL`). Without `OR`
    /// for the manager, so that SQLite walks the subtree and looks its users up by key instead of
    /// scanning the whole report.
    fn condition(&self, list: IdList) -> String {
        let status = match self.status {
            Some(_) => "r.status = ?2",
            None => "?2 IS NULL",
        };
        let searched = match self.search {
            Some(_) => "r.name LIKE ?3 ESCAPE '\\' OR r.email LIKE ?3 ESCAPE '\\'",
            None => "?3 IS NULL",
        };
        let below = match self.manager_id {
            Some(_) => "r.user_id IN (SELECT user_id FROM below) AND r.user_id <> ?4",
            None => "?4 IS NULL",
        };
        let allowed = match self.within {
            Some(_) => format!("r.user_id IN ({})", list.ids("?5")),
            None => "?5 IS NULL".into(),
        };
        let mut condition = format!(
            "r.report_id = ?1 AND ({status}) AND ({searched}) AND ({below}) AND ({allowed})"
        );
        if let Some(seat) = &self.seat {
            condition.push_str(&format!(" AND ({seat})"));
        }
        condition
    }

    /// Whether the filter reads the seat assignments (which Settings changes: its counts are never
    /// kept).
    fn reads_seats(&self) -> bool {
        self.seat.is_some()
    }

    fn joins(&self, key: Option<&SortKey>) -> String {
        let mut joins = Vec::new();
        if self.reads_seats() {
            joins.push(SEATS_JOIN);
        }
        if let Some(join) = key.and_then(|k| k.join) {
            if !joins.contains(&join) {
                joins.push(join);
            }
        }
        joins.join(" ")
    }

    /// The number of users matched, and also `valued` by a sort key when given; kept in `counts`.
    async fn count(
        &self,
        pool: &Pool,
        counts: &Counts,
        valued: Option<(&SortKey, &str)>,
    ) -> Result<i64, sqlx::Error> {
        let (key, extra) = valued.unzip();
        let sql = Texts::new(|list| {
            format!(
                "{} SELECT COUNT(*) FROM report_users r {} WHERE {} AND ({})",
                subtree(),
                self.joins(key),
                self.condition(list),
                extra.unwrap_or("TRUE"),
            )
        });
        let kept_as = format!(
            "{}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}",
            sql.sqlite, self.status, self.search, self.manager_id, self.within
        );
        if !self.reads_seats() {
            if let Some(count) = counts.get(self.report_id, &kept_as) {
                return Ok(count);
            }
        }
        let count: i64 = crate::db::query_scalar(sql.sql())
            .bind(self.report_id)
            .bind(self.status)
            .bind(&self.search)
            .bind(&self.manager_id)
            .bind(&self.within)
            .fetch_one(pool)
            .await?;
        if !self.reads_seats() {
            counts.keep(self.report_id, kept_as, count);
        }
        Ok(count)
    }

    /// The ids of the users matched, in the query's sort: `window` is a page's `(limit, offset)`,
    /// `None` every user. Only what the filter and the sort read is joined, in the sort's index
    /// order; users without a value come last in either direction, so a nullable column is read in
    /// two parts. The other columns are joined afterwards (`rows_of`) for the users chosen alone.
    async fn ordered(
        &self,
        pool: &Pool,
        counts: &Counts,
        query: &UsersQuery,
        window: Option<(i64, i64)>,
    ) -> Result<Vec<String>, sqlx::Error> {
        // Without a window, a limit no report reaches.
        let (limit, offset) = window.unwrap_or((i64::MAX, 0));
        let key = sort_key(query.sort);
        let direction = if query.descending { "DESC" } else { "ASC" };
        let by_value = |list| {
            format!(
                "{} {direction}, r.user_id {direction}",
                key.ordered_by(list)
            )
        };
        if !key.nullable {
            return self
                .choose(pool, &key, "TRUE", by_value, limit, offset)
                .await;
        }
        let valued = format!("{} IS NOT NULL", key.column);
        let mut chosen = self
            .choose(pool, &key, &valued, by_value, limit, offset)
            .await?;
        let missing = limit - chosen.len() as i64;
        if missing != 0 {
            let skip = if chosen.is_empty() && offset > 0 {
                offset - self.count(pool, counts, Some((&key, &valued))).await?
            } else {
                0
            };
            let without = format!("{} IS NULL", key.column);
            let by_id = |_| format!("r.user_id {direction}");
            chosen.extend(
                self.choose(pool, &key, &without, by_id, missing, skip.max(0))
                    .await?,
            );
        }
        Ok(chosen)
    }

    /// The ids of `limit` users after `offset`, of those also matching `extra`, in `order`.
    async fn choose(
        &self,
        pool: &Pool,
        key: &SortKey,
        extra: &str,
        order: impl Fn(IdList) -> String,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<String>, sqlx::Error> {
        let sql = Texts::new(|list| {
            format!(
                "{} SELECT r.user_id FROM report_users r {} WHERE {} AND ({extra})
                 ORDER BY {} LIMIT ?6 OFFSET ?7",
                subtree(),
                self.joins(Some(key)),
                self.condition(list),
                order(list),
            )
        });
        crate::db::query_scalar(sql.sql())
            .bind(self.report_id)
            .bind(self.status)
            .bind(&self.search)
            .bind(&self.manager_id)
            .bind(&self.within)
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        report::{Report, ReportRow},
        seats::{store, Assignment, SeatSet},
    };

    fn row(
        id: &str,
        manager: Option<&str>,
        status: Status,
        last_active: Option<&str>,
    ) -> ReportRow {
        ReportRow {
            id: id.into(),
            email: format!("{id}@acme.example"),
            name: format!("User {id}"),
            manager_id: manager.map(Into::into),
            active: status != Status::Deactivated,
            status,
            last_active: last_active.map(|d| d.parse().unwrap()),
            last_active_signal: None,
            last_hosted_call: None,
            calls_30d: Some(0),
            calls_90d: Some(0),
            calls_365d: Some(0),
            reason: None,
        }
    }

    /// boss manages a, b and c; c manages d; e has no manager. b holds Forecast only, d no seat.
    async fn company() -> (Pool, tempfile::TempDir) {
        let (pool, dir) = crate::db::testing::pool().await;
        let report = Report {
            as_of: "2026-11-23T10:00:00Z".parse().unwrap(),
            lookback_days: 365,
            signals: vec![crate::report::Signal::Hosted],
            rows: vec![
                row("boss", None, Status::Protected, Some("2026-11-20")),
                row("a", Some("boss"), Status::Active, Some("2026-11-02")),
                row("b", Some("boss"), Status::Inactive, None),
                row("c", Some("boss"), Status::Inactive, Some("2026-07-01")),
                row("d", Some("c"), Status::NeverActive, None),
                row("e", None, Status::Deactivated, None),
            ],
        };
        crate::db::testing::save_report(&pool, &report).await;
        for (id, seats) in [
            ("b", SeatSet::default().with(SeatType::Forecast)),
            ("d", SeatSet::default()),
        ] {
            let assignment = Assignment {
                email: format!("{id}@ACME.example"),
                seats,
                technical_admin: false,
            };
            store::set_assignment(&pool, &assignment, Utc::now())
                .await
                .unwrap();
        }
        (pool, dir)
    }

    async fn ids(pool: &Pool, query: UsersQuery, team: Option<&Team>) -> Vec<String> {
        let page = page(pool, &Counts::default(), &query, team).await.unwrap();
        let view = view(pool, &Counts::default(), &query, team).await.unwrap();
        let ids: Vec<String> = page.rows.iter().map(|r| r.id.clone()).collect();
        assert_eq!(page.total, ids.len() as u64);
        let viewed: Vec<String> = view.unwrap().rows.into_iter().map(|r| r.id).collect();
        assert_eq!(viewed, ids, "the export has the page's rows");
        ids
    }

    #[tokio::test]
    async fn a_view_is_sorted_filtered_and_searched_in_sql_with_the_days_and_seats_it_shows() {
        let (pool, _dir) = company().await;
        let sorted = |sort, descending| UsersQuery {
            sort,
            descending,
            page: 1,
            ..UsersQuery::default()
        };
        // Users without a value come last in either direction.
        let by_day = ids(&pool, sorted(UserSort::LastActive, true), None).await;
        assert_eq!(by_day, ["boss", "a", "c", "e", "d", "b"]);
        let by_day = ids(&pool, sorted(UserSort::LastActive, false), None).await;
        assert_eq!(by_day, ["c", "a", "boss", "b", "d", "e"]);
        let by_seats = ids(&pool, sorted(UserSort::SeatTypes, false), None).await;
        assert_eq!(by_seats, ["d", "b", "a", "boss", "c", "e"]);
        for sort in UserSort::ALL {
            for descending in [false, true] {
                assert_eq!(ids(&pool, sorted(sort, descending), None).await.len(), 6);
            }
        }

        let by_name = sorted(UserSort::Name, false);
        let shown = page(&pool, &Counts::default(), &by_name, None)
            .await
            .unwrap();
        let a = &shown.rows[0];
        assert_eq!(a.last_active.as_deref(), Some("2026-11-02"));
        assert_eq!(
            (a.seat_types.as_slice(), a.manager.as_deref()),
            (&[SeatType::Gong][..], Some("User boss"))
        );
        assert_eq!(shown.rows[1].seat_types, [SeatType::Forecast]);

        let filtered = |f: fn(&mut UsersQuery)| {
            let mut query = sorted(UserSort::Name, false);
            f(&mut query);
            query
        };
        let below_boss = filtered(|q| q.manager = Some("BOSS@acme.example".into()));
        assert_eq!(ids(&pool, below_boss, None).await, ["a", "b", "c", "d"]);
        let searched = filtered(|q| q.search = Some("USER b".into()));
        assert_eq!(ids(&pool, searched, None).await, ["b", "boss"]);
        let inactive = filtered(|q| q.status = Some("inactive".into()));
        assert_eq!(ids(&pool, inactive, None).await, ["b", "c"]);
        let forecast = filtered(|q| q.seat_type = Some("forecast".into()));
        assert_eq!(ids(&pool, forecast, None).await, ["b"]);
        let gong = filtered(|q| q.seat_type = Some("gong".into()));
        assert_eq!(ids(&pool, gong, None).await, ["a", "boss", "c"]);
        let collaborators = filtered(|q| q.seat_type = Some("none".into()));
        assert_eq!(ids(&pool, collaborators, None).await, ["d"]);

        // A manager sees their team alone, and names only managers within it.
        let team = Team {
            below: ["a", "c", "d"].map(String::from).into(),
            me: Some("boss".into()),
        };
        let everyone = sorted(UserSort::Name, false);
        assert_eq!(ids(&pool, everyone, Some(&team)).await, ["a", "c", "d"]);
        let below_c = filtered(|q| q.manager = Some("c".into()));
        assert_eq!(ids(&pool, below_c, Some(&team)).await, ["d"]);
    }

    #[tokio::test]
    async fn a_window_across_the_users_without_a_value_continues_with_them() {
        let (pool, _dir) = company().await;
        let query = UsersQuery {
            sort: UserSort::LastActive,
            descending: true,
            page: 1,
            ..UsersQuery::default()
        };
        let Selection::Chosen { filter, .. } = select(&pool, &query, None).await.unwrap() else {
            panic!("a report");
        };
        let counts = Counts::default();
        let window = |limit, offset| filter.ordered(&pool, &counts, &query, Some((limit, offset)));
        assert_eq!(window(2, 2).await.unwrap(), ["c", "e"]);
        assert_eq!(window(2, 4).await.unwrap(), ["d", "b"]);
        assert!(window(2, 6).await.unwrap().is_empty());
    }

    #[test]
    fn the_kept_counts_stay_within_their_entries_and_bytes() {
        let counts = Counts::default();
        for i in 0..3_000 {
            counts.keep(1, format!("{i}{}", "x".repeat(49_000)), 1);
            let (entries, bytes) = counts.size();
            assert!(entries <= Counts::AT_MOST && bytes <= Counts::AT_MOST_BYTES);
        }
        for i in 0..10_000 {
            counts.keep(1, format!("search {i}"), 1);
            assert!(counts.size().0 <= Counts::AT_MOST);
        }
        counts.keep(1, "y".repeat(Counts::AT_MOST_BYTES), 7);
        assert_eq!(counts.get(1, &"y".repeat(Counts::AT_MOST_BYTES)), None);
        counts.keep(2, "kept".into(), 3);
        assert_eq!(
            (counts.get(2, "kept"), counts.get(1, "kept")),
            (Some(3), None)
        );
    }
}
