//! The activity the stats endpoints report, computed from the company: each user's calls hosted and
//! attended and the listens and feedback they gave, per company-time-zone day.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone};

use crate::simulator::state::Shared;

/// One user's activity on one company-time-zone day: call ids per kind.
#[derive(Default)]
pub(super) struct Day {
    pub(super) hosted: Vec<String>,
    pub(super) attended: Vec<String>,
    pub(super) feedback: Vec<String>,
    pub(super) own_listened: Vec<String>,
    pub(super) others_listened: Vec<String>,
}

/// The company-time-zone days `[from, to)` as epoch seconds.
pub(super) struct DayRange {
    start: i64,
    end: i64,
    tz: chrono_tz::Tz,
}

impl DayRange {
    pub(super) fn new(shared: &Shared, from: NaiveDate, to: NaiveDate) -> Self {
        let tz = shared.config.time_zone;
        let midnight = |day: NaiveDate| {
            tz.from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
                .earliest()
                .expect("a midnight")
                .timestamp()
        };
        DayRange {
            start: midnight(from),
            end: midnight(to),
            tz,
        }
    }

    fn day_of(&self, epoch: i64) -> NaiveDate {
        self.tz
            .timestamp_opt(epoch, 0)
            .single()
            .expect("a valid instant")
            .date_naive()
    }

    /// The part of a time-sorted list inside the range.
    fn slice<'a>(&self, list: &'a [u32], at: impl Fn(u32) -> i64) -> &'a [u32] {
        let lo = list.partition_point(|&i| at(i) < self.start);
        let hi = list.partition_point(|&i| at(i) < self.end);
        &list[lo..hi.max(lo)]
    }
}

/// The users with any activity in the range, in list order. Cheap: only their days on the page
/// asked for are built (`user_days`), so paging a large company does not rebuild every user's days.
pub(super) fn active_users(shared: &Shared, range: &DayRange, only: Option<&[String]>) -> Vec<u32> {
    let calls = &shared.company.calls;
    let actions = &shared.company.actions;
    let only: Option<std::collections::HashSet<&str>> =
        only.map(|ids| ids.iter().map(String::as_str).collect());
    shared
        .listed
        .iter()
        .copied()
        .filter(|&index| {
            let user = &shared.company.users[index as usize];
            if only
                .as_ref()
                .is_some_and(|ids| !ids.contains(user.id.as_str()))
            {
                return false;
            }
            let i = index as usize;
            !range
                .slice(&shared.hosted[i], |c| calls[c as usize].start)
                .is_empty()
                || !range
                    .slice(&shared.attended[i], |c| calls[c as usize].start)
                    .is_empty()
                || !range
                    .slice(&shared.actions[i], |a| actions[a as usize].at)
                    .is_empty()
        })
        .collect()
}

/// One user's days with activity in the range.
pub(super) fn user_days(shared: &Shared, range: &DayRange, index: u32) -> BTreeMap<NaiveDate, Day> {
    let calls = &shared.company.calls;
    let actions = &shared.company.actions;
    let i = index as usize;
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    for &c in range.slice(&shared.hosted[i], |c| calls[c as usize].start) {
        let call = &calls[c as usize];
        days.entry(range.day_of(call.start))
            .or_default()
            .hosted
            .push(call.id.to_string());
    }
    for &c in range.slice(&shared.attended[i], |c| calls[c as usize].start) {
        let call = &calls[c as usize];
        days.entry(range.day_of(call.start))
            .or_default()
            .attended
            .push(call.id.to_string());
    }
    for &a in range.slice(&shared.actions[i], |a| actions[a as usize].at) {
        let action = &actions[a as usize];
        let call = &calls[action.call as usize];
        let day = days.entry(range.day_of(action.at)).or_default();
        let id = call.id.to_string();
        match (action.coaching, call.host == index) {
            (true, _) => day.feedback.push(id),
            (false, true) => day.own_listened.push(id),
            (false, false) => day.others_listened.push(id),
        }
    }
    days
}
