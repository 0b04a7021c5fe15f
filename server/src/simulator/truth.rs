//! The ground truth for tests: what the report must say about each user, computed straight from
//! the generated data rather than through the API the product pages through.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use super::{company::Persona, state::Shared};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthUser {
    pub id: String,
    pub active: bool,
    pub created: DateTime<Utc>,
    pub recording_off: bool,
    pub last_hosted_call: Option<DateTime<Utc>>,
    /// Company-time-zone days before `as_of`'s day: Gong's stats stop before today.
    pub last_attended: Option<NaiveDate>,
    pub last_coached: Option<NaiveDate>,
    pub last_listened: Option<NaiveDate>,
    pub calls_30d: u32,
    pub calls_90d: u32,
    pub calls_365d: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroundTruth {
    pub as_of: DateTime<Utc>,
    /// Every non-avatar user, in list order.
    pub users: Vec<TruthUser>,
}

pub fn compute(shared: &Shared, as_of: DateTime<Utc>, lookback_days: u32) -> GroundTruth {
    let tz = shared.config.time_zone;
    let today = as_of.with_timezone(&tz).date_naive();
    let lookback_start = as_of - Duration::days(i64::from(lookback_days));
    let first_day = lookback_start.with_timezone(&tz).date_naive();
    let day_of = |epoch: i64| {
        tz.timestamp_opt(epoch, 0)
            .single()
            .expect("a valid instant")
            .date_naive()
    };
    let calls = &shared.company.calls;
    let users = shared
        .listed
        .iter()
        .map(|&index| {
            let user = &shared.company.users[index as usize];
            let instant = |i: u32| {
                let call = &calls[i as usize];
                Utc.timestamp_opt(call.start, u32::from(call.millis) * 1_000_000)
                    .single()
                    .expect("a valid instant")
            };
            let hosted: Vec<DateTime<Utc>> = shared.hosted[index as usize]
                .iter()
                .map(|&i| instant(i))
                .filter(|&t| t < as_of && t >= lookback_start)
                .collect();
            let count = |days: i64| {
                hosted
                    .iter()
                    .filter(|&&t| t >= as_of - Duration::days(days))
                    .count() as u32
            };
            let in_stats = |day: NaiveDate| day >= first_day && day < today;
            let last_attended = shared.attended[index as usize]
                .iter()
                .map(|&i| day_of(calls[i as usize].start))
                .filter(|d| in_stats(*d))
                .max();
            let last_action = |coaching: bool| {
                shared.actions[index as usize]
                    .iter()
                    .map(|&i| &shared.company.actions[i as usize])
                    .filter(|a| a.coaching == coaching)
                    .map(|a| day_of(a.at))
                    .filter(|d| in_stats(*d))
                    .max()
            };
            TruthUser {
                id: user.id.clone(),
                active: shared.active_at(index, as_of),
                created: user.created,
                recording_off: user.persona == Persona::Unrecorded,
                last_hosted_call: hosted.iter().max().copied(),
                last_attended,
                last_coached: last_action(true),
                last_listened: last_action(false),
                calls_30d: count(30),
                calls_90d: count(90),
                calls_365d: count(365),
            }
        })
        .collect();
    GroundTruth { as_of, users }
}
