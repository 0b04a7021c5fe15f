//! The User page: one user of the latest good report with their seats, activity per window,
//! manager chain, direct reports and status across every stored report, each answered in SQL.

use app::types::{Signal, Status, StatusChange, UserDetail, UserLink, UserLookup};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::user_activity;
use crate::{db::Pool, report::store::latest_id, seats::held};

/// Org charts are shallow; a longer chain means Gong's `managerId`s form a loop.
const MAX_CHAIN: i64 = 50;

#[derive(sqlx::FromRow)]
struct Row {
    name: String,
    email: String,
    title: Option<String>,
    status: Status,
    reason: Option<String>,
    /// Read as text (`CAST`), as PostgreSQL keeps a date.
    last_active: Option<String>,
    last_active_signal: Option<Signal>,
    last_hosted_call: Option<String>,
    calls_30d: Option<i64>,
    calls_90d: Option<i64>,
    calls_365d: Option<i64>,
    active: bool,
    gong: Option<bool>,
    forecast: Option<bool>,
    engage: Option<bool>,
    technical_admin: Option<bool>,
}

/// `stop_at`: the viewing manager's own user id; their chain ends there, as nobody above them is
/// theirs to see.
pub async fn load(
    pool: &Pool,
    user_id: &str,
    tz: Tz,
    stop_at: Option<&str>,
) -> Result<UserLookup, sqlx::Error> {
    let Some((report_id, as_of)) = latest_id(pool).await? else {
        return Ok(UserLookup::NoReport);
    };
    let row: Option<Row> = crate::db::query_as(
        // `a.email` first so the comparison takes its NOCASE collation and its index.
        "SELECT r.name, r.email, g.title, r.status, r.reason,
                CAST(r.last_active AS TEXT) AS last_active, r.last_active_signal,
                r.last_hosted_call, r.calls_30d, r.calls_90d, r.calls_365d,
                r.active, a.gong, a.forecast, a.engage, a.technical_admin
         FROM report_users r
         LEFT JOIN gong_users g ON g.id = r.user_id
         LEFT JOIN seat_assignments a ON a.email = r.email
         WHERE r.report_id = ? AND r.user_id = ?",
    )
    .bind(report_id)
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(UserLookup::NotFound);
    };
    // Without a recorded assignment a user counts as holding a Gong seat (`seats::held`).
    let seats_recorded = row.gong.is_some();
    let seat_types = held::seat_types(row.active, row.status, row.gong, row.forecast, row.engage);
    let windows = user_activity::windows(pool, user_id, tz).await?;
    let mut chain = manager_chain(pool, report_id, user_id).await?;
    if let Some(me) = stop_at {
        let end = chain.iter().position(|link| link.id == me);
        chain.truncate(end.map_or(0, |at| at + 1));
    }
    Ok(UserLookup::Found(Box::new(UserDetail {
        as_of,
        id: user_id.to_owned(),
        activity_chart: user_activity::chart(&row.name, &windows),
        name: row.name,
        email: row.email,
        title: row.title.filter(|t| !t.trim().is_empty()),
        status: row.status,
        reason: row.reason,
        last_active: row.last_active,
        last_active_signal: row.last_active_signal,
        last_hosted_call: row.last_hosted_call,
        calls_30d: row.calls_30d,
        calls_90d: row.calls_90d,
        calls_365d: row.calls_365d,
        seat_types,
        seats_recorded,
        technical_admin: row.technical_admin.unwrap_or(false),
        manager_chain: chain,
        direct_reports: direct_reports(pool, report_id, user_id).await?,
        history: history(pool, user_id).await?,
    })))
}

/// The user's manager, their manager, and so on up to the top of the report's org chart. A
/// manager Gong names but the report lacks ends the chain; a loop ends it at its first repeat.
pub async fn manager_chain(
    pool: &Pool,
    report_id: i64,
    user_id: &str,
) -> Result<Vec<UserLink>, sqlx::Error> {
    let rows: Vec<(String, String, Status)> = crate::db::query_as(
        "WITH RECURSIVE chain (depth, user_id) AS (
             SELECT 1, r.manager_id FROM report_users r
             WHERE r.report_id = ?1 AND r.user_id = ?2 AND r.manager_id IS NOT NULL
             UNION ALL
             SELECT c.depth + 1, r.manager_id FROM chain c
             JOIN report_users r ON r.report_id = ?1 AND r.user_id = c.user_id
             WHERE r.manager_id IS NOT NULL AND c.depth < ?3)
         SELECT m.user_id, m.name, m.status FROM chain c
         JOIN report_users m ON m.report_id = ?1 AND m.user_id = c.user_id
         ORDER BY c.depth",
    )
    .bind(report_id)
    .bind(user_id)
    .bind(MAX_CHAIN)
    .fetch_all(pool)
    .await?;
    let mut chain: Vec<UserLink> = Vec::with_capacity(rows.len());
    for (id, name, status) in rows {
        if id == user_id || chain.iter().any(|link| link.id == id) {
            break;
        }
        chain.push(UserLink { id, name, status });
    }
    Ok(chain)
}

/// The users whose Gong `managerId` is this user in the report, by name.
pub async fn direct_reports(
    pool: &Pool,
    report_id: i64,
    user_id: &str,
) -> Result<Vec<UserLink>, sqlx::Error> {
    let rows: Vec<(String, String, Status)> = crate::db::query_as(
        "SELECT user_id, name, status FROM report_users
         WHERE report_id = ? AND manager_id = ?
         ORDER BY name COLLATE NOCASE, user_id",
    )
    .bind(report_id)
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, status)| UserLink { id, name, status })
        .collect())
}

/// The user's status in every stored report that lists them, newest first.
pub async fn history(pool: &Pool, user_id: &str) -> Result<Vec<StatusChange>, sqlx::Error> {
    // Driven by the few reports, each looked up by the (report_id, user_id) primary key.
    let rows: Vec<(DateTime<Utc>, Status, Option<String>)> = crate::db::query_as(
        "SELECT rep.as_of, r.status, r.reason FROM reports rep
         JOIN report_users r ON r.report_id = rep.id AND r.user_id = ?
         ORDER BY rep.id DESC",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(as_of, status, reason)| StatusChange {
            as_of,
            status,
            reason,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::pool;
    use crate::report::{Report, ReportRow, Signal, Status};
    use app::types::SeatType;

    fn row(id: &str, manager: Option<&str>, status: Status) -> ReportRow {
        ReportRow {
            id: id.into(),
            email: format!("{id}@acme.example"),
            name: format!("User {id}"),
            manager_id: manager.map(Into::into),
            active: true,
            status,
            last_active: None,
            last_active_signal: None,
            last_hosted_call: None,
            calls_30d: Some(0),
            calls_90d: Some(0),
            calls_365d: Some(0),
            reason: None,
        }
    }

    async fn save(pool: &Pool, as_of: &str, rows: Vec<ReportRow>) -> i64 {
        let report = Report {
            as_of: as_of.parse().unwrap(),
            lookback_days: 365,
            signals: vec![Signal::Hosted],
            rows,
        };
        crate::db::testing::save_report(pool, &report).await
    }

    fn ids(links: &[UserLink]) -> Vec<&str> {
        links.iter().map(|l| l.id.as_str()).collect()
    }

    #[tokio::test]
    async fn before_any_report_there_is_no_user_and_an_unknown_id_is_not_found_after() {
        let (pool, _dir) = pool().await;
        assert_eq!(
            load(&pool, "1", chrono_tz::UTC, None).await.unwrap(),
            UserLookup::NoReport
        );
        save(
            &pool,
            "2026-11-23T10:00:00Z",
            vec![row("1", None, Status::Active)],
        )
        .await;
        assert_eq!(
            load(&pool, "2", chrono_tz::UTC, None).await.unwrap(),
            UserLookup::NotFound
        );
    }

    #[tokio::test]
    async fn the_chain_climbs_to_the_top_and_stops_at_a_loop_or_an_unknown_manager() {
        let (pool, _dir) = pool().await;
        let report = save(
            &pool,
            "2026-11-23T10:00:00Z",
            vec![
                row("ceo", None, Status::Protected),
                row("vp", Some("ceo"), Status::Active),
                row("rep", Some("vp"), Status::Inactive),
                row("loop-a", Some("loop-b"), Status::Active),
                row("loop-b", Some("loop-a"), Status::Active),
                row("orphan", Some("not-listed"), Status::Active),
            ],
        )
        .await;
        let chain = manager_chain(&pool, report, "rep").await.unwrap();
        assert_eq!(ids(&chain), ["vp", "ceo"]);
        assert_eq!(chain[1].status, "protected");
        assert_eq!(
            ids(&manager_chain(&pool, report, "loop-a").await.unwrap()),
            ["loop-b"]
        );
        assert!(manager_chain(&pool, report, "orphan")
            .await
            .unwrap()
            .is_empty());
        assert!(manager_chain(&pool, report, "ceo")
            .await
            .unwrap()
            .is_empty());
        let reports = direct_reports(&pool, report, "vp").await.unwrap();
        assert_eq!(ids(&reports), ["rep"]);
        assert_eq!(reports[0].status, "inactive");
    }

    #[tokio::test]
    async fn the_history_lists_every_report_newest_first_and_seats_default_to_gong() {
        let (pool, _dir) = pool().await;
        save(
            &pool,
            "2026-10-23T10:00:00Z",
            vec![row("1", None, Status::Active)],
        )
        .await;
        save(
            &pool,
            "2026-11-01T10:00:00Z",
            vec![row("2", None, Status::Active)],
        )
        .await;
        let mut flagged = row("1", None, Status::Inactive);
        flagged.reason = Some("no hosted call since 2026-08-01, 114 days".into());
        save(&pool, "2026-11-23T10:00:00Z", vec![flagged]).await;
        let UserLookup::Found(user) = load(&pool, "1", chrono_tz::UTC, None).await.unwrap() else {
            panic!("user 1 is in the latest report");
        };
        let history: Vec<(&str, bool)> = user
            .history
            .iter()
            .map(|h| (h.status.as_str(), h.reason.is_some()))
            .collect();
        assert_eq!(history, [("inactive", true), ("active", false)]);
        assert_eq!(user.seat_types, [SeatType::Gong]);
        assert!(!user.seats_recorded && !user.technical_admin);
        assert_eq!(user.activity_chart.id, "user-activity");
    }
}
