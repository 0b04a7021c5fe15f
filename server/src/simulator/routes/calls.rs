//! Gong's calls endpoints: the list by date range, the extensive filter (with parties) and one call.

use std::ops::Range;

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

use super::test_hook::added_calls;
use crate::simulator::{
    company::Call,
    envelope::{checked_range, error, ok, paginate, timestamp, SimState},
    state::Shared,
};

const NO_CALLS: &str = "No calls found corresponding to the provided filters";

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

fn lagging_total(shared: &Shared, total: usize) -> usize {
    if shared.faults.lock().expect("faults lock").total_records_lag {
        total + 1
    } else {
        total
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CallsQuery {
    from_date_time: Option<String>,
    to_date_time: Option<String>,
    cursor: Option<String>,
    workspace_id: Option<String>,
}

pub(super) async fn list_calls(
    State(shared): SimState,
    Query(query): Query<CallsQuery>,
) -> Response {
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

pub(super) async fn get_call(State(shared): SimState, Path(id): Path<String>) -> Response {
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
pub(super) struct CallsBody {
    #[serde(default)]
    filter: CallsFilter,
    #[serde(default)]
    content_selector: Value,
    cursor: Option<String>,
}

pub(super) async fn calls_extensive(
    State(shared): SimState,
    body: Option<Json<CallsBody>>,
) -> Response {
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
