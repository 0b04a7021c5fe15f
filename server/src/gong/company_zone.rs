//! The company's time zone as Gong defines it: the `timeZone` field of the aggregate activity
//! stats response (`CompanyUsersAggregateActivityResponse` in Gong's OpenAPI document;
//! docs/gong-api.md, "Activity beyond hosting calls"). Only that response names it.

use chrono::NaiveDate;
use reqwest::Method;
use serde::Deserialize;

use super::{wire, GongClient, GongError};

/// The one field of the aggregate response this request is for.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AggregateZone {
    time_zone: Option<String>,
}

impl GongClient {
    /// Gong's company time zone (an IANA name such as `US/Pacific`), read with one request for
    /// the first page of the aggregate stats over `[from, to)`. `Ok(None)` when the range has no
    /// activity (Gong's empty-list 404) or the response names no zone; `Forbidden` where the key
    /// may not read the stats.
    pub async fn company_time_zone(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Option<String>, GongError> {
        let body = wire::StatsRequest {
            filter: wire::StatsFilter {
                from_date: from.to_string(),
                to_date: to.to_string(),
                user_ids: None,
            },
            cursor: None,
        };
        let page: Option<AggregateZone> = self
            .send(
                Method::POST,
                "/v2/stats/activity/aggregate",
                &[],
                Some(&body),
            )
            .await?;
        Ok(page
            .and_then(|p| p.time_zone)
            .map(|zone| zone.trim().to_owned())
            .filter(|zone| !zone.is_empty()))
    }
}
