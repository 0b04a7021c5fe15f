//! Gong's REST endpoints as the simulator answers them: envelope with `requestId`, pages of 100 with
//! cursors, the 404 for an empty list, ids as numeric strings, timestamps with offsets.

use std::{collections::BTreeMap, ops::Range, sync::Arc};

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    middleware,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{company::Call, cursor, middleware::gate, scim, state::Shared};

const PAGE: usize = 100;
const NO_CALLS: &str = "No calls found corresponding to the provided filters";
const NO_USERS: &str = "No users found corresponding to the provided filters";

type SimState = State<Arc<Shared>>;

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v2/users", get(list_users))
        .route("/v2/users/extensive", post(users_extensive))
        .route("/v2/users/{id}", get(get_user))
        .route("/v2/users/{id}/settings-history", get(settings_history))
        .route("/v2/calls", get(list_calls))
        .route("/v2/calls/extensive", post(calls_extensive))
        .route("/v2/calls/{id}", get(get_call))
        .route("/v2/stats/activity/day-by-day", post(day_by_day))
        .route("/v2/stats/activity/aggregate", post(aggregate))
        .route("/v2/workspaces", get(workspaces))
        .route("/v2/logs", get(logs))
        .merge(scim::router())
        .fallback(|| async { error(StatusCode::NOT_FOUND, "Not found") })
        .layer(middleware::from_fn_with_state(shared.clone(), gate))
        // The test hook is not Gong's: outside the API's credentials, limits and request log.
        .route("/simulator/calls", post(add_call))
        .with_state(shared)
}

#[derive(Deserialize)]
struct AddCall {
    email: String,
    #[serde(default)]
    minutes_ago: u32,
}

/// A test hook: `{"email": …, "minutes_ago": N}` adds a call that user hosted N minutes ago (by the
/// simulator's clock), so a test can make a user active again after a sync. The calls endpoints
/// list it, after the generated calls; the activity stats do not.
async fn add_call(State(shared): SimState, Json(body): Json<AddCall>) -> Response {
    let Some(&host) = shared.by_email.get(&body.email.to_lowercase()) else {
        return error(StatusCode::NOT_FOUND, "No user with that email");
    };
    let start = shared.clock.now() - Duration::minutes(i64::from(body.minutes_ago));
    let mut added = shared.added_calls.lock().unwrap_or_else(|e| e.into_inner());
    // Generated call ids stay below 10^18; these are above.
    let id = 5_000_000_000_000_000_000 + added.len() as u64;
    added.push(Call {
        id,
        start: start.timestamp(),
        duration: 1_800,
        host,
        attendees: [u32::MAX; 2],
        offset_hours: 0,
        // To the millisecond: a re-check right after the call must find it in `[from, now)`.
        millis: start.timestamp_subsec_millis() as u16,
    });
    ok(json!({ "callId": id.to_string() }))
}

/// The added calls a filter of `[from, to)` and optional hosts (user ids) matches.
fn added_calls(
    shared: &Shared,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    hosts: Option<&Vec<String>>,
) -> Vec<Call> {
    let hosts: Option<Vec<u32>> =
        hosts.map(|ids| ids.iter().filter_map(|id| shared.user_index(id)).collect());
    shared
        .added_calls
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .filter(|c| (from.timestamp_millis()..to.timestamp_millis()).contains(&c.started_ms()))
        .filter(|c| hosts.as_ref().is_none_or(|h| h.contains(&c.host)))
        .copied()
        .collect()
}

/// 19 lowercase letters and digits, like Gong's (docs/gong-api.md).
pub fn request_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..19)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// A request refused with a Gong error body; small, unlike a whole `Response`.
struct Refusal(StatusCode, String);

impl Refusal {
    fn new(status: StatusCode, message: &str) -> Self {
        Refusal(status, message.to_owned())
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        error(self.0, &self.1)
    }
}

pub fn error(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({ "requestId": request_id(), "errors": [message] })),
    )
        .into_response()
}

fn ok(mut body: Value) -> Response {
    body["requestId"] = json!(request_id());
    (StatusCode::OK, Json(body)).into_response()
}

/// ISO-8601 with the call's offset, sometimes with milliseconds.
fn timestamp(epoch: i64, offset_hours: i8, millis: u16) -> String {
    let offset = FixedOffset::east_opt(i32::from(offset_hours) * 3600).expect("a valid offset");
    let at = offset
        .timestamp_opt(epoch, u32::from(millis) * 1_000_000)
        .single()
        .expect("a valid instant");
    if millis > 0 {
        at.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string()
    } else {
        at.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.to_utc())
}

/// The page of `total` items a cursor points at, and the `records` object describing it.
fn paginate(
    shared: &Shared,
    inputs: &str,
    cursor: Option<&str>,
    total: usize,
    reported_total: usize,
) -> Result<(Range<usize>, Value), Refusal> {
    let fingerprint = cursor::fingerprint(inputs);
    let now = shared.clock.now();
    let ttl = Duration::from_std(shared.config.cursor_ttl).unwrap_or(Duration::minutes(5));
    let offset = match cursor.filter(|c| !c.is_empty()) {
        None => 0,
        Some(cursor) => cursor::redeem(shared.cursor_key, fingerprint, cursor, now, ttl)
            .map_err(|message| Refusal::new(StatusCode::BAD_REQUEST, message))?,
    };
    let end = (offset + PAGE).min(total);
    let mut records = json!({
        "totalRecords": reported_total,
        "currentPageSize": end.saturating_sub(offset),
        "currentPageNumber": offset / PAGE,
    });
    if end < total {
        records["cursor"] = json!(cursor::issue(shared.cursor_key, fingerprint, end, now));
    }
    Ok((offset.min(total)..end, records))
}

fn user_json(shared: &Shared, index: u32) -> Value {
    let user = &shared.company.users[index as usize];
    let recorded = user.persona != super::Persona::Unrecorded;
    json!({
        "id": user.id,
        "emailAddress": user.email,
        "created": timestamp(user.created.timestamp(), -8, 0),
        "active": shared.active_at(index, shared.clock.now()),
        "emailAliases": [],
        "trustedEmailAddress": user.email,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "title": user.title,
        "phoneNumber": user.phone,
        "extension": null,
        "personalMeetingUrls": [format!("https://zoom.example/j/{}", &user.id[..10])],
        "settings": {
            "webConferencesRecorded": recorded,
            "preventWebConferenceRecording": !recorded,
            "telephonyCallsImported": recorded,
            "emailsImported": true,
            "preventEmailImport": false,
            "nonRecordedMeetingsImported": recorded,
            "gongConnectEnabled": true
        },
        "managerId": user.manager.map(|m| shared.company.users[m as usize].id.clone()),
        "meetingConsentPageUrl": null,
        "spokenLanguages": [{ "language": "en-US", "primary": true }]
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UsersQuery {
    cursor: Option<String>,
    include_avatars: Option<bool>,
}

async fn list_users(State(shared): SimState, Query(query): Query<UsersQuery>) -> Response {
    let avatars = query.include_avatars.unwrap_or(false);
    let indexes: Vec<u32> = if avatars {
        (0..shared.company.users.len() as u32).collect()
    } else {
        shared.listed.clone()
    };
    users_page(
        &shared,
        &format!("users:{avatars}"),
        query.cursor.as_deref(),
        &indexes,
    )
}

fn users_page(shared: &Shared, inputs: &str, cursor: Option<&str>, indexes: &[u32]) -> Response {
    if indexes.is_empty() {
        return error(StatusCode::NOT_FOUND, NO_USERS);
    }
    match paginate(shared, inputs, cursor, indexes.len(), indexes.len()) {
        Ok((range, records)) => ok(json!({
            "records": records,
            "users": indexes[range].iter().map(|&i| user_json(shared, i)).collect::<Vec<_>>(),
        })),
        Err(refusal) => refusal.into_response(),
    }
}

async fn get_user(State(shared): SimState, Path(id): Path<String>) -> Response {
    match shared.user_index(&id) {
        Some(index) => ok(json!({ "user": user_json(&shared, index) })),
        None => error(StatusCode::NOT_FOUND, NO_USERS),
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct UsersFilter {
    user_ids: Option<Vec<String>>,
    created_from_date_time: Option<String>,
    created_to_date_time: Option<String>,
    include_avatars: Option<bool>,
}

#[derive(Deserialize)]
struct UsersBody {
    #[serde(default)]
    filter: UsersFilter,
    cursor: Option<String>,
}

/// A POST's cursor is read from the body only: one in the query string is ignored, as Gong does.
async fn users_extensive(State(shared): SimState, body: Option<Json<UsersBody>>) -> Response {
    let Some(Json(body)) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "The request body is not valid JSON",
        );
    };
    let filter = body.filter;
    let from = filter.created_from_date_time.as_deref().map(parse_instant);
    let to = filter.created_to_date_time.as_deref().map(parse_instant);
    if matches!(from, Some(None)) || matches!(to, Some(None)) {
        return error(
            StatusCode::BAD_REQUEST,
            "createdFromDateTime and createdToDateTime must be ISO-8601",
        );
    }
    let avatars = filter.include_avatars.unwrap_or(false);
    let wanted: Option<Vec<u32>> = filter
        .user_ids
        .as_ref()
        .map(|ids| ids.iter().filter_map(|id| shared.user_index(id)).collect());
    let indexes: Vec<u32> = (0..shared.company.users.len() as u32)
        .filter(|&i| {
            let user = &shared.company.users[i as usize];
            (avatars || user.persona != super::Persona::Avatar)
                && wanted.as_ref().is_none_or(|w| w.contains(&i))
                && from.flatten().is_none_or(|f| user.created >= f)
                && to.flatten().is_none_or(|t| user.created < t)
        })
        .collect();
    let inputs = format!(
        "users-extensive:{:?}:{from:?}:{to:?}:{avatars}",
        filter.user_ids
    );
    users_page(&shared, &inputs, body.cursor.as_deref(), &indexes)
}

async fn settings_history(State(shared): SimState, Path(id): Path<String>) -> Response {
    let Some(index) = shared.user_index(&id) else {
        return error(StatusCode::NOT_FOUND, NO_USERS);
    };
    let user = &shared.company.users[index as usize];
    let mut history = vec![
        json!({ "setting": "active", "value": true, "time": timestamp(user.created.timestamp(), 0, 0) }),
    ];
    if !user.active {
        let at =
            user.created + Duration::days(200).min(shared.company.reference_now - user.created);
        history.push(
            json!({ "setting": "active", "value": false, "time": timestamp(at.timestamp(), 0, 0) }),
        );
    }
    for change in shared.changes_of(index) {
        history.push(json!({ "setting": "active", "value": change.active, "time": timestamp(change.at.timestamp(), 0, 0) }));
    }
    ok(json!({ "userSettingsHistory": history }))
}

/// A call's metadata. Fields the call has no value for (SDR disposition, client id, custom data,
/// purpose, calendar event) are left out, not null: openapi.json types them as plain strings, and
/// docs/gong-api.md documents nulls for user fields only.
fn call_json(shared: &Shared, call: &Call) -> Value {
    let host = &shared.company.users[call.host as usize];
    json!({
        "id": call.id.to_string(),
        "url": format!("https://app.gong.io/call?id={}", call.id),
        "title": format!("Discovery call with {}", host.last_name),
        "scheduled": timestamp(call.start - 300, call.offset_hours, 0),
        "started": timestamp(call.start, call.offset_hours, call.millis),
        "duration": call.duration,
        "primaryUserId": host.id,
        "direction": "Conference",
        "system": "Zoom",
        "scope": "External",
        "media": "Video",
        "language": "eng",
        "workspaceId": shared.company.workspace_id,
        "meetingUrl": format!("https://zoom.example/j/{}", call.id % 10_000_000_000),
        "isPrivate": false
    })
}

fn parties_json(shared: &Shared, call: &Call) -> Value {
    let internal = std::iter::once(call.host)
        .chain(call.attendees.iter().copied().filter(|a| *a != u32::MAX))
        .map(|index| {
            let user = &shared.company.users[index as usize];
            json!({
                "id": format!("{}{}", call.id % 1_000_000, index),
                "emailAddress": user.email,
                "name": format!("{} {}", user.first_name, user.last_name),
                "title": user.title,
                "userId": user.id,
                "speakerId": format!("{}", call.id / 3 + u64::from(index)),
                "context": [],
                "affiliation": "Internal",
                "phoneNumber": user.phone,
                "methods": ["Invitee"]
            })
        });
    let external = json!({
        "id": format!("{}", call.id % 1_000_000 + 999),
        "emailAddress": format!("buyer{}@customer.example", call.id % 97),
        "name": "Pat Buyer",
        "title": "Head of Operations",
        "speakerId": format!("{}", call.id / 5),
        "context": [],
        "affiliation": "External",
        "phoneNumber": "+44 20 7946 0000",
        "methods": ["Attendee"]
    });
    Value::Array(internal.chain(std::iter::once(external)).collect())
}

/// The calls that started in `[from, to)`, by index, oldest first. Generated calls start on whole
/// minutes and are compared by their second: a range ending inside a call's first second, after its
/// milliseconds, is the one case this misses (calls added by the test hook are compared to the
/// millisecond).
fn calls_between(shared: &Shared, from: DateTime<Utc>, to: DateTime<Utc>) -> Range<usize> {
    let calls = &shared.company.calls;
    let start = calls.partition_point(|c| c.start < from.timestamp());
    let end = calls.partition_point(|c| c.start < to.timestamp());
    start..end.max(start)
}

/// The calls these users hosted in `[from, to)`, by index, oldest first.
fn hosted_between(
    shared: &Shared,
    hosts: &[String],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<usize> {
    let calls = &shared.company.calls;
    let mut found: Vec<usize> = hosts
        .iter()
        .filter_map(|id| shared.user_index(id))
        .flat_map(|user| {
            let list = &shared.hosted[user as usize];
            let lo = list.partition_point(|&i| calls[i as usize].start < from.timestamp());
            let hi = list.partition_point(|&i| calls[i as usize].start < to.timestamp());
            list[lo..hi.max(lo)].iter().map(|&i| i as usize)
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Checks a date-time range the way Gong does; `Err` is the 400.
fn checked_range(
    shared: &Shared,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), Refusal> {
    let from = from.and_then(parse_instant).ok_or_else(|| {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            "fromDateTime is required and must be ISO-8601",
        )
    })?;
    let to = match to {
        Some(text) => parse_instant(text)
            .ok_or_else(|| Refusal::new(StatusCode::BAD_REQUEST, "toDateTime must be ISO-8601"))?,
        None if shared.config.strict_to_date => {
            return Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                "toDateTime is required",
            ));
        }
        None => shared.clock.now(),
    };
    if from >= to {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "fromDateTime must be before toDateTime",
        ));
    }
    if to - from > Duration::days(i64::from(shared.config.max_range_days)) {
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

fn lagging_total(shared: &Shared, total: usize) -> usize {
    if shared.faults.lock().expect("faults lock").total_records_lag {
        total + 1
    } else {
        total
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CallsQuery {
    from_date_time: Option<String>,
    to_date_time: Option<String>,
    cursor: Option<String>,
    workspace_id: Option<String>,
}

async fn list_calls(State(shared): SimState, Query(query): Query<CallsQuery>) -> Response {
    let (from, to) = match checked_range(
        &shared,
        query.from_date_time.as_deref(),
        query.to_date_time.as_deref(),
    ) {
        Ok(range) => range,
        Err(refusal) => return refusal.into_response(),
    };
    if query
        .workspace_id
        .as_ref()
        .is_some_and(|w| *w != shared.company.workspace_id)
    {
        return error(StatusCode::NOT_FOUND, NO_CALLS);
    }
    let range = calls_between(&shared, from, to);
    if range.is_empty() {
        return error(StatusCode::NOT_FOUND, NO_CALLS);
    }
    let inputs = format!("calls:{from}:{to}:{:?}", query.workspace_id);
    let total = range.len();
    match paginate(
        &shared,
        &inputs,
        query.cursor.as_deref(),
        total,
        lagging_total(&shared, total),
    ) {
        Ok((page, records)) => {
            let calls = &shared.company.calls[range.start + page.start..range.start + page.end];
            ok(json!({
                "records": records,
                "calls": calls.iter().map(|c| call_json(&shared, c)).collect::<Vec<_>>(),
            }))
        }
        Err(refusal) => refusal.into_response(),
    }
}

/// Call ids encode their index (see `Company::generate`), so no map of millions is needed.
fn call_index(shared: &Shared, id: &str) -> Option<usize> {
    let id: u64 = id.parse().ok()?;
    let offset = id.checked_sub(5_000_000_000_000_000_000 + shared.config.seed % 7)?;
    (offset % 7 == 0)
        .then_some((offset / 7) as usize)
        .filter(|&i| i < shared.company.calls.len())
}

async fn get_call(State(shared): SimState, Path(id): Path<String>) -> Response {
    match call_index(&shared, &id) {
        Some(index) => ok(json!({ "call": call_json(&shared, &shared.company.calls[index]) })),
        None => error(StatusCode::NOT_FOUND, NO_CALLS),
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct CallsFilter {
    from_date_time: Option<String>,
    to_date_time: Option<String>,
    workspace_id: Option<String>,
    call_ids: Option<Vec<String>>,
    primary_user_ids: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CallsBody {
    #[serde(default)]
    filter: CallsFilter,
    #[serde(default)]
    content_selector: Value,
    cursor: Option<String>,
}

async fn calls_extensive(State(shared): SimState, body: Option<Json<CallsBody>>) -> Response {
    let Some(Json(body)) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "The request body is not valid JSON",
        );
    };
    let filter = &body.filter;
    let mut indexes: Vec<usize> = match (&filter.call_ids, &filter.from_date_time) {
        (Some(ids), None) => {
            let mut found: Vec<usize> = ids
                .iter()
                .filter_map(|id| call_index(&shared, id))
                .collect();
            found.sort_unstable();
            found.dedup();
            found
        }
        _ => match checked_range(
            &shared,
            filter.from_date_time.as_deref(),
            filter.to_date_time.as_deref(),
        ) {
            // A host filter reads the hosts' own call lists, so a request per user (the seed
            // documents' recipe, which the sync benchmark replays) costs what one user's calls do.
            Ok((from, to)) => match &filter.primary_user_ids {
                Some(hosts) => hosted_between(&shared, hosts, from, to),
                None => calls_between(&shared, from, to).collect(),
            },
            Err(refusal) => return refusal.into_response(),
        },
    };
    if let Some(ids) = &filter.call_ids {
        indexes.retain(|&i| ids.contains(&shared.company.calls[i].id.to_string()));
    }
    if let Some(hosts) = &filter.primary_user_ids {
        let hosts: Vec<u32> = hosts
            .iter()
            .filter_map(|id| shared.user_index(id))
            .collect();
        indexes.retain(|&i| hosts.contains(&shared.company.calls[i].host));
    }
    if filter
        .workspace_id
        .as_ref()
        .is_some_and(|w| *w != shared.company.workspace_id)
    {
        indexes.clear();
    }
    // Calls added through the test hook come after the generated ones, on the first page.
    let added = match (&filter.call_ids, body.cursor.as_deref()) {
        (None, None) => checked_range(
            &shared,
            filter.from_date_time.as_deref(),
            filter.to_date_time.as_deref(),
        )
        .map(|(from, to)| added_calls(&shared, from, to, filter.primary_user_ids.as_ref()))
        .unwrap_or_default(),
        _ => Vec::new(),
    };
    if indexes.is_empty() && added.is_empty() {
        return error(StatusCode::NOT_FOUND, NO_CALLS);
    }
    let parties = body.content_selector["exposedFields"]["parties"].as_bool() == Some(true);
    let inputs = format!(
        "calls-extensive:{:?}:{:?}:{:?}:{:?}:{:?}:{parties}",
        filter.from_date_time,
        filter.to_date_time,
        filter.workspace_id,
        filter.call_ids,
        filter.primary_user_ids
    );
    let total = indexes.len();
    match paginate(
        &shared,
        &inputs,
        body.cursor.as_deref(),
        total,
        lagging_total(&shared, total),
    ) {
        Ok((page, records)) => {
            let calls: Vec<Value> = indexes[page]
                .iter()
                .map(|&i| &shared.company.calls[i])
                .chain(&added)
                .map(|call| {
                    let mut entry = json!({ "metaData": call_json(&shared, call) });
                    if parties {
                        entry["parties"] = parties_json(&shared, call);
                    }
                    entry
                })
                .collect();
            ok(json!({ "records": records, "calls": calls }))
        }
        Err(refusal) => refusal.into_response(),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatsFilter {
    from_date: String,
    to_date: String,
    user_ids: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct StatsBody {
    filter: StatsFilter,
    cursor: Option<String>,
}

/// One user's activity on one company-time-zone day: call ids per kind.
#[derive(Default)]
struct Day {
    hosted: Vec<String>,
    attended: Vec<String>,
    feedback: Vec<String>,
    own_listened: Vec<String>,
    others_listened: Vec<String>,
}

/// The company-time-zone days `[from, to)` as epoch seconds.
struct DayRange {
    start: i64,
    end: i64,
    tz: chrono_tz::Tz,
}

impl DayRange {
    fn new(shared: &Shared, from: NaiveDate, to: NaiveDate) -> Self {
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
fn active_users(shared: &Shared, range: &DayRange, only: Option<&[String]>) -> Vec<u32> {
    let calls = &shared.company.calls;
    let actions = &shared.company.actions;
    shared
        .listed
        .iter()
        .copied()
        .filter(|&index| {
            let user = &shared.company.users[index as usize];
            if only.is_some_and(|ids| !ids.contains(&user.id)) {
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
fn user_days(shared: &Shared, range: &DayRange, index: u32) -> BTreeMap<NaiveDate, Day> {
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

async fn day_by_day(State(shared): SimState, body: Option<Json<StatsBody>>) -> Response {
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

async fn aggregate(State(shared): SimState, body: Option<Json<StatsBody>>) -> Response {
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

async fn workspaces(State(shared): SimState) -> Response {
    ok(json!({ "workspaces": [{
        "id": shared.company.workspace_id,
        "name": "Acme Sales",
        "description": "The simulated company's only workspace"
    }]}))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LogsQuery {
    log_type: Option<String>,
    from_date_time: Option<String>,
    to_date_time: Option<String>,
    cursor: Option<String>,
}

/// The AccessLog: sign-ins, kept by Gong for 14 days only (docs/gong-api.md).
async fn logs(State(shared): SimState, Query(query): Query<LogsQuery>) -> Response {
    // The five log types openapi.json lists. This company shares no call outside it, so the two
    // external-sharing logs are always empty; a call play is a listen.
    let keep: fn(&super::company::Action) -> bool = match query.log_type.as_deref() {
        Some("AccessLog" | "UserActivityLog") => |_| true,
        Some("UserCallPlay") => |a| !a.coaching,
        Some("ExternallySharedCallAccess" | "ExternallySharedCallPlay") => |_| false,
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                "logType must be one of AccessLog, UserActivityLog, UserCallPlay, \
                 ExternallySharedCallAccess, ExternallySharedCallPlay",
            )
        }
    };
    let (from, to) = match checked_range(
        &shared,
        query.from_date_time.as_deref(),
        query.to_date_time.as_deref(),
    ) {
        Ok(range) => range,
        Err(refusal) => return refusal.into_response(),
    };
    let kept_from = (shared.clock.now() - Duration::days(14))
        .timestamp()
        .max(from.timestamp());
    let entries: Vec<&super::company::Action> = shared
        .company
        .actions
        .iter()
        .filter(|a| a.at >= kept_from && a.at < to.timestamp() && keep(a))
        .collect();
    if entries.is_empty() {
        return error(
            StatusCode::NOT_FOUND,
            "No logs found corresponding to the provided filters",
        );
    }
    let inputs = format!("logs:{:?}:{from}:{to}", query.log_type);
    match paginate(
        &shared,
        &inputs,
        query.cursor.as_deref(),
        entries.len(),
        entries.len(),
    ) {
        Ok((page, records)) => {
            let entries: Vec<Value> = entries[page]
                .iter()
                .map(|a| {
                    let user = &shared.company.users[a.user as usize];
                    json!({
                        "userId": user.id, "userEmailAddress": user.email,
                        "userFullName": format!("{} {}", user.first_name, user.last_name),
                        "eventTime": timestamp(a.at, 0, 0),
                        "logRecord": { "type": "LOGIN", "ip": "192.0.2.10" }
                    })
                })
                .collect();
            ok(json!({ "records": records, "logEntries": entries }))
        }
        Err(refusal) => refusal.into_response(),
    }
}
