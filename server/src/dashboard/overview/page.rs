//! The Overview page's data: the latest good report's header, then each chart's figures, and the
//! charts drawn from them with their captions.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{derived::Derivation, hosted_per_week, ids_json, last_active, utilisation, week_plan};
use crate::{
    dashboard::charts::{self, LastActiveHistogram, UtilisationTrend, WeekCount, Whose},
    db::Pool,
    report::{store, Signal},
};

/// Everything the Overview charts draw, read from the latest good report and the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewData {
    pub as_of: DateTime<Utc>,
    pub utilisation: UtilisationTrend,
    pub last_active: LastActiveHistogram,
    pub weeks: Vec<WeekCount>,
    /// A manager's team, or the whole company: the charts' words say which.
    pub whose: Whose,
}

impl OverviewData {
    /// The three charts drawn, with their captions.
    pub fn charts(&self) -> app::types::OverviewCharts {
        let chart = |id: &str, caption: String, svg: String, table| app::types::Chart {
            id: id.to_owned(),
            caption,
            svg,
            table,
        };
        let as_of = self.as_of.format("%Y-%m-%d %H:%M UTC");
        let whose = self.whose;
        let utilisation = match whose {
            Whose::Company => {
                "Gong seat utilisation: seats in use and assigned, as a share of the purchased \
                 seats (as counts while none is set), with seat types and purchased seats as set \
                 today. Filled points are stored reports; hollow points, at month ends before the \
                 first report, are derived from the per-day activity the first sync read."
            }
            Whose::Team => {
                "Gong seats of your team: seats in use and assigned, as counts (the purchased \
                 seats are the company's), with seat types as set today. Filled points are stored \
                 reports; hollow points, at month ends before the first report, are derived from \
                 the per-day activity the first sync read."
            }
        };
        let everyone = match whose {
            Whose::Company => "every user",
            Whose::Team => "every user of your team",
        };
        app::types::OverviewCharts {
            as_of: Some(self.as_of),
            charts: vec![
                chart(
                    "utilisation",
                    utilisation.to_owned(),
                    charts::utilisation::render(&self.utilisation, whose),
                    charts::utilisation::table(&self.utilisation),
                ),
                chart(
                    "last-active",
                    format!(
                        "Days since last active for {everyone} not deactivated in Gong, in the \
                         report of {as_of}."
                    ),
                    charts::last_active::render(&self.last_active, whose),
                    charts::last_active::table(&self.last_active),
                ),
                chart(
                    "hosted-per-week",
                    format!(
                        "Hosted calls per week for {} over the look-back of the report of \
                         {as_of}; partial weeks are drawn lighter.",
                        whose.words()
                    ),
                    charts::hosted_per_week::render(&self.weeks, whose),
                    charts::hosted_per_week::table(&self.weeks),
                ),
            ],
        }
    }
}

/// The data of the Overview charts; `None` before the first complete sync.
/// `within`: a manager's team (their subtree's ids); the charts then count those users alone.
/// `derivation`: how to derive the utilisation before the first report (none: stored reports only).
pub async fn load(
    pool: &Pool,
    tz: Tz,
    within: Option<&HashSet<String>>,
    derivation: Option<&Derivation<'_>>,
) -> Result<Option<OverviewData>, sqlx::Error> {
    let whose = match within {
        Some(_) => Whose::Team,
        None => Whose::Company,
    };
    let team = within;
    let within = within.map(ids_json);
    let within = within.as_deref();
    let Some(latest) = store::latest_header(pool).await? else {
        return Ok(None);
    };
    // With the activity stats more than hosted calls are among the report's signals.
    let plan = week_plan(
        latest.as_of,
        latest.lookback_days,
        tz,
        Signal::reads_stats(&latest.signals),
    );
    // The company's report charts are kept while their inputs stay the same; a team's are counted.
    let kept = derivation.and_then(|d| d.kept).filter(|_| within.is_none());
    let version = match kept {
        Some(_) => Some(crate::dashboard::cache::version(pool).await?),
        None => None,
    };
    let found = kept.zip(version).and_then(|(kept, v)| kept.get(&(v, tz)));
    let (mut utilisation, last_active) = match found {
        Some(charts) => charts,
        None => {
            let charts = (
                utilisation(pool, within).await?,
                last_active(
                    pool,
                    latest.id,
                    latest.as_of.with_timezone(&tz).date_naive(),
                    within,
                )
                .await?,
            );
            if let Some((kept, v)) = kept.zip(version) {
                kept.put((v, tz), charts.clone());
            }
            charts
        }
    };
    if let Some(derivation) = derivation {
        let derived = derivation.points(pool, latest.id, tz, team).await?;
        utilisation.points.splice(0..0, derived);
    }
    Ok(Some(OverviewData {
        as_of: latest.as_of,
        utilisation,
        last_active,
        weeks: hosted_per_week(pool, &plan, within).await?,
        whose,
    }))
}
