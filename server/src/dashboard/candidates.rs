//! The Candidates page: the latest report's flagged users grouped by what to do with them, each
//! with the yearly cost the change frees at the seat prices, answered in SQL.

use app::types::{
    CandidateAction, CandidateGroup, CandidateRow, Candidates, SeatType, Signal, Status,
};

use crate::{db::Pool, report::store::latest_id, seats::held};

#[derive(sqlx::FromRow)]
struct Row {
    user_id: String,
    name: String,
    manager_id: Option<String>,
    manager: Option<String>,
    status: Status,
    last_active: Option<String>,
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

pub async fn load(pool: &Pool) -> Result<Candidates, sqlx::Error> {
    let latest = latest_id(pool).await?;
    let currency = crate::seats::store::contract(pool).await?.currency;
    let Some((report_id, as_of)) = latest else {
        return Ok(Candidates {
            as_of: None,
            currency,
            groups: Vec::new(),
            can_propose: false,
        });
    };
    // A user without an assignment row holds a Gong seat only (`seats::held`; flagged users are
    // never deactivated). Deactivating frees every paid seat the user holds; a downgrade to a free
    // collaborator frees the Gong seat alone, since Forecast and Engage usage is not visible and
    // never flagged.
    let rows: Vec<Row> = sqlx::query_as(&format!(
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
            status: status.as_str().to_owned(),
            action,
            rows: Vec::new(),
            total_cents: 0,
        })
        .collect();
    for row in rows {
        let Some(group) = groups.iter_mut().find(|g| g.status == row.status.as_str()) else {
            continue;
        };
        group.total_cents += row.frees_cents;
        group.rows.push(CandidateRow {
            id: row.user_id,
            name: row.name,
            manager_id: row.manager_id,
            manager: row.manager,
            status: row.status.as_str().to_owned(),
            last_active: row.last_active,
            last_active_signal: row.last_active_signal.map(|s| s.as_str().to_owned()),
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
    Ok(Candidates {
        as_of: Some(as_of),
        currency,
        groups,
        can_propose: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::pool;
    use crate::{
        report::{Report, ReportRow, Signal, Status},
        seats::{store, Assignment, SeatSet, SeatTypeSetting},
    };
    use chrono::Utc;

    fn row(id: &str, status: Status) -> ReportRow {
        ReportRow {
            id: id.into(),
            email: format!("{id}@acme.example"),
            name: format!("User {id}"),
            manager_id: Some("boss".into()),
            active: true,
            status,
            last_active: None,
            last_active_signal: None,
            last_hosted_call: None,
            calls_30d: Some(0),
            calls_90d: Some(0),
            calls_365d: Some(0),
            reason: status.is_candidate().then(|| format!("reason of {id}")),
        }
    }

    async fn save(pool: &Pool, rows: Vec<ReportRow>) {
        let report = Report {
            as_of: "2026-11-23T10:00:00Z".parse().unwrap(),
            lookback_days: 365,
            signals: vec![Signal::Hosted],
            rows,
        };
        crate::db::testing::save_report(pool, &report).await;
    }

    async fn price(pool: &Pool, seat_type: SeatType, dollars: i64) {
        store::set_seat_type(
            pool,
            &SeatTypeSetting {
                seat_type,
                purchased: 10,
                price_per_year_cents: dollars * 100,
            },
        )
        .await
        .unwrap();
    }

    async fn seats(pool: &Pool, id: &str, types: &[SeatType]) {
        let seats = types.iter().fold(SeatSet::default(), |set, t| set.with(*t));
        let assignment = Assignment {
            email: format!("{id}@acme.example"),
            seats,
            technical_admin: false,
        };
        store::set_assignment(pool, &assignment, Utc::now())
            .await
            .unwrap();
    }

    /// A group's status, its users with what each frees, and its total, in dollars.
    type GroupSummary<'a> = (&'a str, Vec<(&'a str, i64)>, i64);

    #[tokio::test]
    async fn before_any_report_there_are_no_groups() {
        let (pool, _dir) = pool().await;
        let candidates = load(&pool).await.unwrap();
        assert_eq!(candidates.as_of, None);
        assert!(candidates.groups.is_empty());
    }

    #[tokio::test]
    async fn flagged_users_are_grouped_by_reason_with_the_cost_each_change_frees() {
        let (pool, _dir) = pool().await;
        price(&pool, SeatType::Gong, 1_600).await;
        price(&pool, SeatType::Forecast, 600).await;
        price(&pool, SeatType::Engage, 900).await;
        let mut boss = row("boss", Status::Protected);
        boss.manager_id = None;
        save(
            &pool,
            vec![
                boss,
                row("idle-unset", Status::Inactive),
                row("idle-all", Status::Inactive),
                row("never", Status::NeverActive),
                row("listener-forecast", Status::Listener),
                row("collaborator", Status::Listener),
                row("busy", Status::Active),
                row("gone", Status::Deactivated),
            ],
        )
        .await;
        use SeatType::*;
        seats(&pool, "idle-all", &[Gong, Forecast, Engage]).await;
        seats(&pool, "listener-forecast", &[Gong, Forecast]).await;
        seats(&pool, "collaborator", &[]).await;

        let candidates = load(&pool).await.unwrap();
        let summary: Vec<GroupSummary> = candidates
            .groups
            .iter()
            .map(|g| {
                let rows = g
                    .rows
                    .iter()
                    .map(|r| (r.id.as_str(), r.frees_cents / 100))
                    .collect();
                (g.status.as_str(), rows, g.total_cents / 100)
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "inactive",
                    vec![("idle-all", 3_100), ("idle-unset", 1_600)],
                    4_700
                ),
                ("never_active", vec![("never", 1_600)], 1_600),
                (
                    "listener",
                    vec![("collaborator", 0), ("listener-forecast", 1_600)],
                    1_600
                ),
            ]
        );
        let idle = &candidates.groups[0].rows[0];
        assert_eq!(idle.seat_types, [Gong, Forecast, Engage]);
        assert_eq!(idle.manager.as_deref(), Some("User boss"));
        assert_eq!(idle.reason.as_deref(), Some("reason of idle-all"));
        assert_eq!(candidates.groups[2].action, CandidateAction::Downgrade);
        assert_eq!(candidates.currency, "USD");
    }
}
