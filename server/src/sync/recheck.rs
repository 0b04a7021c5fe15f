//! The targeted look at one user's activity right before their deactivation is executed: their
//! hosted calls since the last report, and (where the key may read them) their per-day activity
//! stats since that day. A handful of requests, paced and counted like a sync's.

use chrono::{DateTime, Utc};

use super::{store, Syncer};
use crate::{
    gong::{wire, GongClient, GongError},
    policy,
    workflow::{ActivityCheck, Cancelling},
};

/// At most this many requests per re-check.
const REQUESTS: i64 = 10;

#[async_trait::async_trait]
impl ActivityCheck for Syncer {
    async fn activity_since(
        &self,
        user_id: &str,
        since: DateTime<Utc>,
        cancelling: Cancelling,
    ) -> Result<Option<String>, String> {
        let now = self.now();
        let day = now.date_naive();
        let remaining = self.settings.sync.daily_budget()
            - store::quota_used(&self.pool, day)
                .await
                .map_err(|e| e.to_string())?;
        if remaining < REQUESTS {
            return Err("today's share of the Gong quota is spent".into());
        }
        let client = self.client(REQUESTS);
        let found = self.look(&client, user_id, since, now, cancelling).await;
        if let Err(error) = store::add_quota_used(&self.pool, day, client.budget().spent()).await {
            tracing::warn!(%error, "the re-check's requests were not counted against the quota");
        }
        found.map_err(|e| e.to_string())
    }
}

impl Syncer {
    async fn look(
        &self,
        client: &GongClient,
        user_id: &str,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
        cancelling: Cancelling,
    ) -> Result<Option<String>, GongError> {
        let filter = wire::ExtensiveCallsFilter {
            from_date_time: Some(since.to_rfc3339()),
            to_date_time: Some(now.to_rfc3339()),
            primary_user_ids: Some(vec![user_id.to_owned()]),
            call_ids: None,
        };
        let calls = client.extensive_calls_page(&filter, None).await?;
        if let Some(call) = calls.items.first() {
            return Ok(Some(format!(
                "hosted a call on {}",
                call.meta_data.started.format("%Y-%m-%d")
            )));
        }
        // The stats cover whole days in the company time zone, up to yesterday.
        let tz = match policy::load(&self.pool, &self.settings).await {
            Ok(p) => super::zone::in_force(&self.pool, &p.policy.time_zone)
                .await
                .map(|zone| super::zone::tz(&zone))
                .unwrap_or(chrono_tz::UTC),
            Err(_) => chrono_tz::UTC,
        };
        let (from, to) = (
            since.with_timezone(&tz).date_naive(),
            now.with_timezone(&tz).date_naive(),
        );
        if from >= to {
            return Ok(None);
        }
        let stats = wire::StatsFilter {
            from_date: from.to_string(),
            to_date: to.to_string(),
            user_ids: Some(vec![user_id.to_owned()]),
        };
        match client.day_by_day_page(&stats, None).await {
            Ok(page) => Ok(page
                .items
                .iter()
                .flat_map(|u| &u.user_daily_activity_stats)
                .find(|day| cancels(day, cancelling))
                .map(|d| {
                    format!(
                        "active in Gong on {}",
                        d.from_date.as_deref().unwrap_or("a day since")
                    )
                })),
            // A key without the stats permission: the calls are all there is to go on.
            Err(GongError::Forbidden { .. }) => Ok(None),
            Err(other) => Err(other),
        }
    }
}

/// Whether a day of activity stats cancels the execution.
fn cancels(day: &wire::DayActivity, cancelling: Cancelling) -> bool {
    let beyond_listening = day.calls_as_host.len() + day.calls_attended.len() + day.coached();
    beyond_listening > 0 || (cancelling == Cancelling::AnyActivity && day.listened() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(field: &str) -> wire::DayActivity {
        serde_json::from_value(serde_json::json!({ "fromDate": "2026-11-30", field: ["1"] }))
            .unwrap()
    }

    #[test]
    fn listening_cancels_a_deactivation_but_not_a_listeners_downgrade() {
        let listened = day("othersCallsListenedTo");
        assert!(cancels(&listened, Cancelling::AnyActivity));
        assert!(!cancels(&listened, Cancelling::BeyondListening));
        for field in [
            "callsAsHost",
            "callsAttended",
            "callsGaveFeedback",
            "callsScorecardsFilled",
            "callsCommentsGiven",
        ] {
            assert!(cancels(&day(field), Cancelling::BeyondListening), "{field}");
            assert!(cancels(&day(field), Cancelling::AnyActivity), "{field}");
        }
        let quiet = wire::DayActivity::default();
        assert!(!cancels(&quiet, Cancelling::AnyActivity));
    }
}
