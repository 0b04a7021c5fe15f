//! The Candidates page: the latest report's flagged users grouped by what to do with them
//! (`workflow::candidates`, which proposals are checked against), in the contract's currency.

use app::types::Candidates;

use crate::{db::Pool, workflow};

pub async fn load(pool: &Pool) -> Result<Candidates, sqlx::Error> {
    let latest = crate::report::store::latest_id(pool).await?;
    let currency = crate::seats::store::contract(pool).await?.currency;
    let Some((report_id, as_of)) = latest else {
        return Ok(Candidates {
            as_of: None,
            currency,
            groups: Vec::new(),
            can_propose: false,
        });
    };
    Ok(Candidates {
        as_of: Some(as_of),
        currency,
        groups: workflow::candidates::groups(pool, report_id).await?,
        can_propose: false,
    })
}

#[cfg(test)]
mod tests {
    use app::types::{CandidateAction, SeatType};
    use chrono::Utc;

    use super::*;
    use crate::db::testing::pool;
    use crate::{
        report::{Report, ReportRow, Signal, Status},
        seats::{store, Assignment, SeatSet, SeatTypeSetting},
    };

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
