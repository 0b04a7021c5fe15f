//! The saved policy: one row, absent until an admin saves the Settings page's thresholds.

use app::types::Policy;
use chrono::{DateTime, Utc};

use crate::config::Settings;

/// The policy in force, and since when the next run must be a full one.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub policy: Policy,
    /// Set when the look-back or the time zone changed: every stored day must be read again.
    pub full_needed_since: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct Row {
    inactivity_days: i64,
    grace_days: i64,
    lookback_days: i64,
    time_zone: String,
    quota_share: f64,
    full_needed_since: Option<DateTime<Utc>>,
}

fn days(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

/// The saved policy, or the configuration's until one is saved.
pub async fn load<'e>(
    executor: impl Into<crate::db::Ex<'e>>,
    settings: &Settings,
) -> Result<Stored, sqlx::Error> {
    let row: Option<Row> = crate::db::query_as(
        "SELECT inactivity_days, grace_days, lookback_days, time_zone, quota_share, full_needed_since
         FROM policy WHERE id = 1",
    )
    .fetch_optional(executor)
    .await?;
    Ok(match row {
        Some(row) => Stored {
            policy: Policy {
                inactivity_days: days(row.inactivity_days),
                grace_days: days(row.grace_days),
                lookback_days: days(row.lookback_days),
                time_zone: row.time_zone,
                quota_share: row.quota_share,
            },
            full_needed_since: row.full_needed_since,
        },
        None => Stored {
            policy: super::from_settings(settings),
            full_needed_since: None,
        },
    })
}

/// Saves `policy` over `previous`; a new look-back or time zone asks the next run to be full.
pub async fn save<'e>(
    executor: impl Into<crate::db::Ex<'e>>,
    previous: &Stored,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let reread = policy.lookback_days != previous.policy.lookback_days
        || policy.time_zone != previous.policy.time_zone;
    let full_needed_since = if reread {
        Some(now)
    } else {
        previous.full_needed_since
    };
    crate::db::query(
        "INSERT INTO policy (id, inactivity_days, grace_days, lookback_days, time_zone, quota_share,
             full_needed_since, updated_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET inactivity_days = excluded.inactivity_days,
             grace_days = excluded.grace_days, lookback_days = excluded.lookback_days,
             time_zone = excluded.time_zone, quota_share = excluded.quota_share,
             full_needed_since = excluded.full_needed_since, updated_at = excluded.updated_at",
    )
    .bind(i64::from(policy.inactivity_days))
    .bind(i64::from(policy.grace_days))
    .bind(i64::from(policy.lookback_days))
    .bind(&policy.time_zone)
    .bind(policy.quota_share)
    .bind(full_needed_since)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::pool;

    fn settings() -> Settings {
        Settings::default()
    }

    #[tokio::test]
    async fn the_configuration_applies_until_a_policy_is_saved() {
        let (pool, _dir) = pool().await;
        let stored = load(&pool, &settings()).await.unwrap();
        assert_eq!(stored.policy, super::super::from_settings(&settings()));
        assert_eq!(stored.full_needed_since, None);
    }

    #[tokio::test]
    async fn a_saved_policy_wins_and_only_a_new_look_back_or_time_zone_asks_for_a_full_run() {
        let (pool, _dir) = pool().await;
        let first = load(&pool, &settings()).await.unwrap();
        let t1: DateTime<Utc> = "2026-11-20T09:00:00Z".parse().unwrap();
        let stricter = Policy {
            inactivity_days: 60,
            ..first.policy.clone()
        };
        save(&pool, &first, &stricter, t1).await.unwrap();
        let second = load(&pool, &settings()).await.unwrap();
        assert_eq!(second.policy, stricter);
        assert_eq!(second.full_needed_since, None, "thresholds need no re-read");

        let t2: DateTime<Utc> = "2026-11-21T09:00:00Z".parse().unwrap();
        let berlin = Policy {
            time_zone: "Europe/Berlin".into(),
            ..stricter.clone()
        };
        save(&pool, &second, &berlin, t2).await.unwrap();
        let third = load(&pool, &settings()).await.unwrap();
        assert_eq!(third.full_needed_since, Some(t2));

        let t3: DateTime<Utc> = "2026-11-22T09:00:00Z".parse().unwrap();
        let looser = Policy {
            grace_days: 14,
            ..berlin
        };
        save(&pool, &third, &looser, t3).await.unwrap();
        let fourth = load(&pool, &settings()).await.unwrap();
        assert_eq!(
            fourth.full_needed_since,
            Some(t2),
            "kept: the next full run after it satisfies it"
        );
    }
}
