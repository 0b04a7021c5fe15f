//! Gong's users endpoints: the list, the extensive filter, one user and a user's settings history.

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use chrono::Duration;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::simulator::{
    company::Persona,
    envelope::{error, ok, paginate, parse_instant, timestamp, SimState},
    state::Shared,
};

const NO_USERS: &str = "No users found corresponding to the provided filters";

fn user_json(shared: &Shared, index: u32) -> Value {
    let user = &shared.company.users[index as usize];
    let (recorded, prevented, telephony, meetings) = capture_settings(user.persona, index);
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
            "preventWebConferenceRecording": prevented,
            "telephonyCallsImported": telephony,
            "emailsImported": true,
            "preventEmailImport": false,
            "nonRecordedMeetingsImported": meetings,
            "gongConnectEnabled": true
        },
        "managerId": user.manager.map(|m| shared.company.users[m as usize].id.clone()),
        "meetingConsentPageUrl": null,
        "spokenLanguages": [{ "language": "en-US", "primary": true }]
    })
}

/// `webConferencesRecorded`, `preventWebConferenceRecording`, `telephonyCallsImported` and
/// `nonRecordedMeetingsImported`. Unrecorded users alternate between recording switched off and
/// recording prevented while set to record; one in nine other users records no web conferences
/// and imports no telephony but imports non-recorded meetings, which keeps them monitored
/// (docs/product.md, "Activity and statuses").
fn capture_settings(persona: Persona, index: u32) -> (bool, bool, bool, bool) {
    match persona {
        Persona::Unrecorded if index.is_multiple_of(2) => (false, false, false, false),
        Persona::Unrecorded => (true, true, false, false),
        _ if index % 9 == 4 => (false, false, false, true),
        _ => (true, false, true, true),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct UsersQuery {
    cursor: Option<String>,
    include_avatars: Option<bool>,
}

pub(super) async fn list_users(
    State(shared): SimState,
    Query(query): Query<UsersQuery>,
) -> Response {
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

pub(super) async fn get_user(State(shared): SimState, Path(id): Path<String>) -> Response {
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
pub(super) struct UsersBody {
    #[serde(default)]
    filter: UsersFilter,
    cursor: Option<String>,
}

/// A POST's cursor is read from the body only: one in the query string is ignored, as Gong does.
pub(super) async fn users_extensive(
    State(shared): SimState,
    body: Option<Json<UsersBody>>,
) -> Response {
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
            (avatars || user.persona != Persona::Avatar)
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

pub(super) async fn settings_history(State(shared): SimState, Path(id): Path<String>) -> Response {
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
