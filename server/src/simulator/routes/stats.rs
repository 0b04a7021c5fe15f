//! Gong's activity stats: day-by-day and aggregate, per user over company-time-zone days.

mod days;

use std::ops::Range;

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use chrono::{Duration, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::simulator::{
    envelope::{ok, paginate, request_id, Refusal, SimState},
    state::Shared,
};
use days::{active_users, user_days, Day, DayRange};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatsFilter {
    from_date: String,
    to_date: String,
    user_ids: Option<Vec<String>>,
}

#[derive(Deserialize)]
pub(super) struct StatsBody {
    filter: StatsFilter,
    cursor: Option<String>,
}

/// Checks a stats date range; `Err` is the 400 or the 403.
fn checked_dates(shared: &Shared, filter: &StatsFilter) -> Result<(NaiveDate, NaiveDate), Refusal> {
    if !shared
        .stats_allowed
        .load(std::sync::atomic::Ordering::Relaxed)
    {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "This API key is not authorized to access this endpoint",
        ));
    }
    let parse =
        |text: &str| NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok();
    let (Some(from), Some(to)) = (parse(&filter.from_date), parse(&filter.to_date)) else {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "fromDate and toDate must be dates (YYYY-MM-DD)",
        ));
    };
    let today = shared
        .clock
        .now()
        .with_timezone(&shared.config.time_zone)
        .date_naive();
    if from >= to {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "fromDate must be before toDate",
        ));
    }
    if to > today {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "toDate may not be after today",
        ));
    }
    if (to - from).num_days() > i64::from(shared.config.max_range_days) {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            &format!(
                "The date range may not exceed {} days",
                shared.config.max_range_days
            ),
        ));
    }
    Ok((from, to))
}

/// The users with activity in a stats request's dates, the page asked for, and its `records`.
struct StatsPage {
    users: Vec<u32>,
    range: DayRange,
    page: Range<usize>,
    records: Value,
    from: NaiveDate,
    to: NaiveDate,
}

fn stats_page(
    shared: &Shared,
    endpoint: &str,
    body: Option<Json<StatsBody>>,
) -> Result<StatsPage, Refusal> {
    let Some(Json(body)) = body else {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "The request body is not valid JSON",
        ));
    };
    let (from, to) = checked_dates(shared, &body.filter)?;
    let range = DayRange::new(shared, from, to);
    let users = active_users(shared, &range, body.filter.user_ids.as_deref());
    let inputs = format!("{endpoint}:{from}:{to}:{:?}", body.filter.user_ids);
    let (page, records) = paginate(
        shared,
        &inputs,
        body.cursor.as_deref(),
        users.len(),
        users.len(),
    )?;
    Ok(StatsPage {
        users,
        range,
        page,
        records,
        from,
        to,
    })
}

pub(super) async fn day_by_day(State(shared): SimState, body: Option<Json<StatsBody>>) -> Response {
    let StatsPage {
        users,
        range,
        page,
        records,
        ..
    } = match stats_page(&shared, "day-by-day", body) {
        Ok(page) => page,
        Err(refusal) => return refusal.into_response(),
    };
    let entries: Vec<UserDetailed> = users[page]
        .iter()
        .map(|&index| {
            let user = &shared.company.users[index as usize];
            UserDetailed {
                user_id: &user.id,
                user_email_address: &user.email,
                user_daily_activity_stats: user_days(&shared, &range, index)
                    .into_iter()
                    .map(|(day, a)| DayStats::new(day, a))
                    .collect(),
            }
        })
        .collect();
    // Serialised straight from typed records: pages of a hundred users' days are the largest
    // bodies the simulator sends, and building them as `Value` trees made it the bottleneck.
    let body = DayByDayBody {
        records,
        users_detailed_activities: entries,
        request_id: request_id(),
    };
    (StatusCode::OK, Json(body)).into_response()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DayByDayBody<'a> {
    records: Value,
    users_detailed_activities: Vec<UserDetailed<'a>>,
    request_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UserDetailed<'a> {
    user_id: &'a str,
    user_email_address: &'a str,
    user_daily_activity_stats: Vec<DayStats>,
}

/// One user's day as Gong's day-by-day stats give it: call ids per kind of activity.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DayStats {
    calls_as_host: Vec<String>,
    calls_gave_feedback: Vec<String>,
    calls_requested_feedback: [String; 0],
    calls_received_feedback: [String; 0],
    own_calls_listened_to: Vec<String>,
    others_calls_listened_to: Vec<String>,
    calls_shared_internally: [String; 0],
    calls_shared_externally: [String; 0],
    calls_attended: Vec<String>,
    calls_comments_given: [String; 0],
    calls_comments_received: [String; 0],
    calls_marked_as_feedback_given: [String; 0],
    calls_marked_as_feedback_received: [String; 0],
    calls_scorecards_filled: [String; 0],
    calls_scorecards_received: [String; 0],
    from_date: String,
    to_date: String,
}

impl DayStats {
    fn new(day: NaiveDate, activity: Day) -> Self {
        DayStats {
            calls_as_host: activity.hosted,
            calls_gave_feedback: activity.feedback,
            calls_requested_feedback: [],
            calls_received_feedback: [],
            own_calls_listened_to: activity.own_listened,
            others_calls_listened_to: activity.others_listened,
            calls_shared_internally: [],
            calls_shared_externally: [],
            calls_attended: activity.attended,
            calls_comments_given: [],
            calls_comments_received: [],
            calls_marked_as_feedback_given: [],
            calls_marked_as_feedback_received: [],
            calls_scorecards_filled: [],
            calls_scorecards_received: [],
            from_date: day.to_string(),
            to_date: (day + Duration::days(1)).to_string(),
        }
    }
}

/// Midnight starting `day` in `tz`, as ISO-8601 with the zone's offset.
fn range_edge(tz: chrono_tz::Tz, day: NaiveDate) -> String {
    tz.from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
        .earliest()
        .expect("a midnight")
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

pub(super) async fn aggregate(State(shared): SimState, body: Option<Json<StatsBody>>) -> Response {
    let StatsPage {
        users,
        range,
        page,
        records,
        from,
        to,
    } = match stats_page(&shared, "aggregate", body) {
        Ok(page) => page,
        Err(refusal) => return refusal.into_response(),
    };
    let entries: Vec<Value> = users[page]
        .iter()
        .map(|&index| {
            let user = &shared.company.users[index as usize];
            let days = user_days(&shared, &range, index);
            let sum = |f: fn(&Day) -> usize| days.values().map(f).sum::<usize>();
            json!({
                "userId": user.id,
                "userEmailAddress": user.email,
                "userAggregateActivityStats": {
                    "callsAsHost": sum(|d| d.hosted.len()), "callsGaveFeedback": sum(|d| d.feedback.len()),
                    "callsRequestedFeedback": 0, "callsReceivedFeedback": 0,
                    "ownCallsListenedTo": sum(|d| d.own_listened.len()),
                    "othersCallsListenedTo": sum(|d| d.others_listened.len()),
                    "callsSharedInternally": 0, "callsSharedExternally": 0,
                    "callsScorecardsFilled": 0, "callsScorecardsReceived": 0,
                    "callsAttended": sum(|d| d.attended.len()), "callsCommentsGiven": 0,
                    "callsCommentsReceived": 0, "callsMarkedAsFeedbackGiven": 0, "callsMarkedAsFeedbackReceived": 0
                }
            })
        })
        .collect();
    let tz = shared.config.time_zone;
    ok(json!({
        "records": records,
        "usersAggregateActivityStats": entries,
        "timeZone": tz.name(),
        // Midnight in the company's time zone, with its offset, as Gong's example shows it.
        "fromDateTime": range_edge(tz, from),
        "toDateTime": range_edge(tz, to),
    }))
}
