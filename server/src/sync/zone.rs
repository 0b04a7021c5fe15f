//! The company time zone in force (docs/product.md, "Report"): the time-zone setting when there is
//! one, else Gong's own as the last sync read it from the aggregate stats, else UTC.

use app::types::{ZoneInForce, ZoneSource};
use chrono::{DateTime, Duration, Utc};

use crate::{
    db::Pool,
    gong::{GongClient, GongError},
};

/// The zone a setting and Gong's stored zone give; a name that does not parse counts as absent.
pub fn resolve(setting: &str, gong: Option<&str>) -> ZoneInForce {
    let valid = |name: &str| name.trim().parse::<chrono_tz::Tz>().ok();
    if let Some(tz) = valid(setting) {
        return ZoneInForce {
            name: tz.name().to_owned(),
            source: ZoneSource::Setting,
        };
    }
    match gong.and_then(valid) {
        Some(tz) => ZoneInForce {
            name: tz.name().to_owned(),
            source: ZoneSource::Gong,
        },
        None => ZoneInForce {
            name: chrono_tz::UTC.name().to_owned(),
            source: ZoneSource::Default,
        },
    }
}

/// The zone's `Tz`; `resolve` only names zones that parse.
pub fn tz(zone: &ZoneInForce) -> chrono_tz::Tz {
    zone.name.parse().unwrap_or(chrono_tz::UTC)
}

/// Gong's zone as the last sync read it.
pub async fn stored<'e>(
    executor: impl Into<crate::db::Ex<'e>>,
) -> Result<Option<String>, sqlx::Error> {
    crate::db::query_scalar("SELECT time_zone FROM company_time_zone WHERE id = 1")
        .fetch_optional(executor)
        .await
}

/// The zone in force for `setting`, with Gong's stored zone behind it.
pub async fn in_force(pool: &Pool, setting: &str) -> Result<ZoneInForce, sqlx::Error> {
    Ok(resolve(setting, stored(pool).await?.as_deref()))
}

/// The company zone in force now: the stored policy's setting, else Gong's, else UTC (pages and
/// notifications count days in it).
pub async fn company_tz(
    pool: &Pool,
    settings: &crate::config::Settings,
) -> Result<chrono_tz::Tz, sqlx::Error> {
    let stored = crate::policy::load(pool, settings).await?;
    Ok(tz(&in_force(pool, &stored.policy.time_zone).await?))
}

/// Asks Gong for its company time zone (one request) and stores it. Where the key may not read
/// the stats the stored zone is dropped, since Gong no longer vouches for it; where Gong answers
/// without a zone (no activity in the week asked about) the stored one stays. Answers the zone
/// stored afterwards.
pub async fn refresh(
    pool: &Pool,
    client: &GongClient,
    now: DateTime<Utc>,
) -> Result<Option<String>, RefreshError> {
    // A week ending yesterday in UTC is never after today in any zone, as Gong's `toDate` must
    // not be, and in a company that uses Gong someone was active in it.
    let to = now.date_naive() - Duration::days(1);
    let from = to - Duration::days(7);
    match client.company_time_zone(from, to).await {
        Ok(Some(name)) if name.parse::<chrono_tz::Tz>().is_ok() => {
            crate::db::query(
                "INSERT INTO company_time_zone (id, time_zone, read_at) VALUES (1, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone,
                     read_at = excluded.read_at",
            )
            .bind(&name)
            .bind(now)
            .execute(pool)
            .await?;
        }
        Ok(Some(name)) => {
            tracing::warn!(zone = %name, "Gong named a time zone that is not an IANA name; ignored")
        }
        Ok(None) => {}
        Err(GongError::Forbidden { .. }) => {
            crate::db::query("DELETE FROM company_time_zone")
                .execute(pool)
                .await?;
        }
        Err(error) => return Err(RefreshError::Gong(error)),
    }
    Ok(stored(pool).await?)
}

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error(transparent)]
    Gong(GongError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_wins_over_gongs_zone() {
        let zone = resolve("Europe/Berlin", Some("US/Pacific"));
        assert_eq!(zone.name, "Europe/Berlin");
        assert_eq!(zone.source, ZoneSource::Setting);
    }

    #[test]
    fn without_a_setting_gongs_zone_applies() {
        let zone = resolve("", Some("US/Pacific"));
        assert_eq!(zone.name, "US/Pacific");
        assert_eq!(zone.source, ZoneSource::Gong);
        assert_eq!(tz(&zone), chrono_tz::US::Pacific);
    }

    #[test]
    fn without_either_the_zone_is_utc_by_default() {
        for gong in [None, Some(""), Some("Mars/Olympus")] {
            let zone = resolve("  ", gong);
            assert_eq!(zone.name, "UTC");
            assert_eq!(zone.source, ZoneSource::Default);
        }
    }
}
