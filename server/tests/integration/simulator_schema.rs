//! Every JSON body the simulator serves, checked against the schema Gong's own OpenAPI document
//! gives for that operation and status (`tests/fixtures/gong/openapi.json`, vendored from the crate
//! gong-rs: docs/gong-api.md, "Test data in this repository").

use std::{path::Path, sync::LazyLock};

use reqwest::{Method, RequestBuilder, StatusCode};
use seat_audit::simulator::{Faults, RunningSimulator, SimulatorConfig};
use serde_json::{json, Value};

use crate::support::{simulator_request, start_simulator};
use crate::sync_support::{as_of, simulator_config};

/// openapi.json as Gong behaves, loaded once per test binary.
static OPENAPI: LazyLock<Value> = LazyLock::new(|| {
    let mut document = read_fixture("openapi.json");
    allow_what_gong_sends(&mut document);
    document
});

fn read_fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gong")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Where openapi.json is stricter than the Gong it describes, it is loosened here, never the
/// simulator made less faithful.
fn allow_what_gong_sends(document: &mut Value) {
    let schemas = &mut document["components"]["schemas"];
    // "Many [user fields] may be null" (docs/gong-api.md, doc), yet the document marks none of
    // them `nullable`. A user always has an id.
    let user = schemas["UserMetadata"]["properties"]
        .as_object_mut()
        .expect("UserMetadata has properties");
    for (_, property) in user.iter_mut().filter(|(name, _)| name.as_str() != "id") {
        *property = json!({ "anyOf": [{ "type": "null" }, property.take()] });
    }
    any_object_is_any_value(schemas);
}

/// Gong's generator writes Java's `Object` as a bare `{"type": "object"}`, though such values are
/// strings and numbers too: openapi.json's own example for `ContextField.value` is "Gong Inc.".
/// A bare object schema therefore admits any value (e.g. the AccessLog's `logRecord` fields).
fn any_object_is_any_value(node: &mut Value) {
    match node {
        Value::Object(map) => {
            let bare = map.get("type") == Some(&json!("object"))
                && ![
                    "properties",
                    "additionalProperties",
                    "$ref",
                    "allOf",
                    "items",
                ]
                .iter()
                .any(|k| map.contains_key(*k));
            if bare {
                map.remove("type");
            }
            map.values_mut().for_each(any_object_is_any_value);
        }
        Value::Array(items) => items.iter_mut().for_each(any_object_is_any_value),
        _ => {}
    }
}

/// The schema openapi.json gives for what `method path` answers with `status`. The root is the
/// whole document, so the component `$ref`s inside resolve where they point.
fn response_validator(method: &str, path: &str, status: StatusCode) -> jsonschema::Validator {
    let operation = &OPENAPI["paths"][path][method];
    assert!(
        operation.is_object(),
        "openapi.json does not describe {method} {path}"
    );
    let schema = &operation["responses"][status.as_str()]["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "openapi.json gives no body for {status} from {method} {path}"
    );
    let mut root = OPENAPI.clone();
    root["x-response"] = schema.clone();
    root["$ref"] = json!("#/x-response");
    // OpenAPI 3.0's schema objects are a dialect of JSON Schema draft 4 (`$ref` replaces its
    // siblings, so the document's other keys are not read as keywords).
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("the schema for {method} {path} {status} compiles: {e}"))
}

/// Why `body` is not what openapi.json allows `method path` to answer with `status`; empty if it is.
fn violations(method: &str, path: &str, status: StatusCode, body: &Value) -> Vec<String> {
    response_validator(method, path, status)
        .iter_errors(body)
        .map(|error| format!("at {}: {error}", error.instance_path()))
        .collect()
}

/// Sends `request` for the operation `method path`, expects `status`, and checks the body against
/// the document's schema for that status.
async fn answer(method: &str, path: &str, request: RequestBuilder, status: StatusCode) -> Value {
    let response = request.send().await.expect("the simulator answers");
    assert_eq!(response.status(), status, "{method} {path}");
    let body: Value = response.json().await.expect("a JSON body");
    let wrong = violations(method, path, status, &body);
    assert!(
        wrong.is_empty(),
        "{method} {path} answered {status} with a body openapi.json does not allow ({} places):\n{}",
        wrong.len(),
        wrong[..wrong.len().min(20)].join("\n")
    );
    body
}

async fn start(config: SimulatorConfig) -> RunningSimulator {
    start_simulator(config, as_of()).await
}

fn get(simulator: &RunningSimulator, path: &str) -> RequestBuilder {
    simulator_request(simulator, Method::GET, path)
}

fn post(simulator: &RunningSimulator, path: &str, body: Value) -> RequestBuilder {
    simulator_request(simulator, Method::POST, path).json(&body)
}

/// A check of an empty list proves nothing about the items' schema.
fn non_empty<'a>(body: &'a Value, list: &str) -> &'a Vec<Value> {
    let items = body[list].as_array().unwrap_or_else(|| panic!("no {list}"));
    assert!(!items.is_empty(), "{list} is empty");
    items
}

#[test]
fn the_schemas_take_gongs_own_examples_and_refuse_wrong_shapes() {
    let user = read_fixture("examples/GET_v2_users_id_200.json");
    let user_schema = |body: &Value| violations("get", "/v2/users/{id}", StatusCode::OK, body);
    assert_eq!(user_schema(&user), Vec::<String>::new());
    let mut nameless = user.clone();
    nameless["user"]["lastName"] = Value::Null;
    assert_eq!(
        user_schema(&nameless),
        Vec::<String>::new(),
        "user fields may be null"
    );
    for (field, wrong) in [("active", json!("yes")), ("id", Value::Null)] {
        let mut body = user.clone();
        body["user"][field] = wrong;
        assert!(!user_schema(&body).is_empty(), "{field} is checked");
    }

    let calls = read_fixture("examples/GET_v2_calls_200.json");
    let calls_schema = |body: &Value| violations("get", "/v2/calls", StatusCode::OK, body);
    assert_eq!(calls_schema(&calls), Vec::<String>::new());
    for (pointer, wrong) in [
        ("/calls/0/direction", json!("Sideways")),
        ("/calls/0/started", json!("yesterday")),
        ("/calls/0/sdrDisposition", Value::Null),
        ("/records/totalRecords", json!("263")),
    ] {
        let mut body = calls.clone();
        *body.pointer_mut(pointer).unwrap() = wrong;
        assert!(!calls_schema(&body).is_empty(), "{pointer} is checked");
    }
}

#[tokio::test]
async fn users_pages_match_users_metadata_on_the_first_page_and_a_cursor_page() {
    let simulator = start(simulator_config(250)).await;
    let first = answer(
        "get",
        "/v2/users",
        get(&simulator, "/v2/users"),
        StatusCode::OK,
    )
    .await;
    non_empty(&first, "users");
    let cursor = first["records"]["cursor"].as_str().expect("a second page");
    let second = answer(
        "get",
        "/v2/users",
        get(&simulator, "/v2/users").query(&[("cursor", cursor)]),
        StatusCode::OK,
    )
    .await;
    non_empty(&second, "users");
    assert_eq!(second["records"]["currentPageNumber"], 1);
}

#[tokio::test]
async fn a_user_by_id_matches_the_user_schema() {
    let simulator = start(simulator_config(50)).await;
    // The CRO has no manager: a null `managerId` must pass too.
    for user in &simulator.company().users[..2] {
        let body = answer(
            "get",
            "/v2/users/{id}",
            get(&simulator, &format!("/v2/users/{}", user.id)),
            StatusCode::OK,
        )
        .await;
        assert_eq!(body["user"]["id"], json!(user.id));
    }
}

#[tokio::test]
async fn users_extensive_matches_users_metadata() {
    let simulator = start(simulator_config(50)).await;
    let ids: Vec<&str> = simulator.company().users[..5]
        .iter()
        .map(|u| u.id.as_str())
        .collect();
    let body = answer(
        "post",
        "/v2/users/extensive",
        post(
            &simulator,
            "/v2/users/extensive",
            json!({ "filter": { "userIds": ids, "createdToDateTime": "2026-11-23T00:00:00Z" } }),
        ),
        StatusCode::OK,
    )
    .await;
    assert_eq!(non_empty(&body, "users").len(), 5);
}

#[tokio::test]
async fn a_users_settings_history_matches_the_settings_history_schema() {
    let simulator = start(simulator_config(50)).await;
    let user = simulator
        .company()
        .users
        .iter()
        .find(|u| !u.active)
        .unwrap();
    let body = answer(
        "get",
        "/v2/users/{id}/settings-history",
        get(
            &simulator,
            &format!("/v2/users/{}/settings-history", user.id),
        ),
        StatusCode::OK,
    )
    .await;
    assert_eq!(non_empty(&body, "userSettingsHistory").len(), 2);
}

#[tokio::test]
async fn calls_pages_match_calls_response_on_the_first_page_and_a_cursor_page() {
    let simulator = start(simulator_config(100)).await;
    let window = [
        ("fromDateTime", "2026-09-01T00:00:00Z"),
        ("toDateTime", "2026-11-01T00:00:00Z"),
    ];
    let first = answer(
        "get",
        "/v2/calls",
        get(&simulator, "/v2/calls").query(&window),
        StatusCode::OK,
    )
    .await;
    non_empty(&first, "calls");
    let cursor = first["records"]["cursor"].as_str().expect("a second page");
    let second = answer(
        "get",
        "/v2/calls",
        get(&simulator, "/v2/calls")
            .query(&window)
            .query(&[("cursor", cursor)]),
        StatusCode::OK,
    )
    .await;
    non_empty(&second, "calls");
}

#[tokio::test]
async fn a_call_by_id_matches_the_specific_call_schema() {
    let simulator = start(simulator_config(50)).await;
    let call = simulator.company().calls.last().unwrap().id;
    let body = answer(
        "get",
        "/v2/calls/{id}",
        get(&simulator, &format!("/v2/calls/{call}")),
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["call"]["id"], json!(call.to_string()));
}

#[tokio::test]
async fn extensive_calls_with_parties_match_the_calls_schema() {
    let simulator = start(simulator_config(100)).await;
    let body = answer(
        "post",
        "/v2/calls/extensive",
        post(
            &simulator,
            "/v2/calls/extensive",
            json!({
                "filter": { "fromDateTime": "2026-10-01T00:00:00Z", "toDateTime": "2026-10-15T00:00:00Z" },
                "contentSelector": { "exposedFields": { "parties": true } }
            }),
        ),
        StatusCode::OK,
    )
    .await;
    for call in non_empty(&body, "calls") {
        non_empty(call, "parties");
    }
}

fn stats_filter() -> Value {
    json!({ "filter": { "fromDate": "2026-10-01", "toDate": "2026-11-01" } })
}

#[tokio::test]
async fn aggregate_activity_matches_its_schema() {
    let simulator = start(simulator_config(100)).await;
    let body = answer(
        "post",
        "/v2/stats/activity/aggregate",
        post(&simulator, "/v2/stats/activity/aggregate", stats_filter()),
        StatusCode::OK,
    )
    .await;
    non_empty(&body, "usersAggregateActivityStats");
}

#[tokio::test]
async fn day_by_day_activity_matches_its_schema() {
    let simulator = start(simulator_config(100)).await;
    let body = answer(
        "post",
        "/v2/stats/activity/day-by-day",
        post(&simulator, "/v2/stats/activity/day-by-day", stats_filter()),
        StatusCode::OK,
    )
    .await;
    for user in non_empty(&body, "usersDetailedActivities") {
        non_empty(user, "userDailyActivityStats");
    }
}

#[tokio::test]
async fn workspaces_match_workspaces_metadata() {
    let simulator = start(simulator_config(50)).await;
    let body = answer(
        "get",
        "/v2/workspaces",
        get(&simulator, "/v2/workspaces"),
        StatusCode::OK,
    )
    .await;
    non_empty(&body, "workspaces");
}

#[tokio::test]
async fn the_access_log_matches_logs_response() {
    let simulator = start(simulator_config(100)).await;
    let body = answer(
        "get",
        "/v2/logs",
        get(&simulator, "/v2/logs").query(&[
            ("logType", "AccessLog"),
            ("fromDateTime", "2026-11-09T10:00:00Z"),
            ("toDateTime", "2026-11-23T10:00:00Z"),
        ]),
        StatusCode::OK,
    )
    .await;
    non_empty(&body, "logEntries");
}

#[tokio::test]
async fn error_bodies_match_the_error_schema_of_each_documented_status() {
    let simulator = start(simulator_config(50)).await;
    let empty_window = [
        ("fromDateTime", "2010-01-01T00:00:00Z"),
        ("toDateTime", "2010-02-01T00:00:00Z"),
    ];
    let too_long = [
        ("fromDateTime", "2026-01-01T00:00:00Z"),
        ("toDateTime", "2026-05-01T00:00:00Z"),
    ];
    let call = simulator.company().calls[0].id;
    let cases = [
        (
            "get",
            "/v2/calls",
            get(&simulator, "/v2/calls").query(&empty_window),
            StatusCode::NOT_FOUND,
        ),
        (
            "get",
            "/v2/calls",
            get(&simulator, "/v2/calls").query(&too_long),
            StatusCode::BAD_REQUEST,
        ),
        (
            "get",
            "/v2/calls/{id}",
            reqwest::Client::new()
                .get(format!("{}/v2/calls/{call}", simulator.base_url()))
                .basic_auth("wrong", Some("wrong")),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "get",
            "/v2/users/{id}",
            get(&simulator, "/v2/users/1"),
            StatusCode::NOT_FOUND,
        ),
        (
            "post",
            "/v2/users/extensive",
            post(
                &simulator,
                "/v2/users/extensive",
                json!({ "filter": { "userIds": ["1"] } }),
            ),
            StatusCode::NOT_FOUND,
        ),
    ];
    for (method, path, request, status) in cases {
        let body = answer(method, path, request, status).await;
        non_empty(&body, "errors");
    }

    // Every request throttled, as after a burst: the 429's body is Gong's error too.
    simulator.set_faults(Faults {
        burst_every: 1,
        burst_len: 1,
        ..Faults::default()
    });
    let body = answer(
        "get",
        "/v2/users",
        get(&simulator, "/v2/users"),
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
    non_empty(&body, "errors");
}
