//! The simulator behaves as docs/gong-api.md says Gong does: auth, envelope, empty-list 404,
//! cursors, range limit, rate limits with Retry-After, SCIM, and the same company for the same seed.

use std::net::SocketAddr;

use chrono::Duration;
use reqwest::StatusCode;
use seat_audit::simulator::{RateLimits, RunningSimulator, Simulator, SimulatorConfig};
use serde_json::{json, Value};

use crate::sync_support::{add_call, as_of, fast_limits, simulator_config};

async fn start(config: SimulatorConfig) -> RunningSimulator {
    let simulator = Simulator::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    simulator.clock().set(as_of());
    simulator
}

fn get(simulator: &RunningSimulator, path: &str) -> reqwest::RequestBuilder {
    let credentials = simulator.credentials();
    reqwest::Client::new()
        .get(format!("{}{path}", simulator.base_url()))
        .basic_auth(
            &credentials.access_key,
            Some(&credentials.access_key_secret),
        )
}

fn post(simulator: &RunningSimulator, path: &str, body: Value) -> reqwest::RequestBuilder {
    let credentials = simulator.credentials();
    reqwest::Client::new()
        .post(format!("{}{path}", simulator.base_url()))
        .basic_auth(
            &credentials.access_key,
            Some(&credentials.access_key_secret),
        )
        .json(&body)
}

fn is_request_id(value: &Value) -> bool {
    value.as_str().is_some_and(|id| {
        id.len() == 19
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    })
}

#[tokio::test]
async fn bad_credentials_get_401_with_gongs_error_shape() {
    let simulator = start(simulator_config(50)).await;
    let response = reqwest::Client::new()
        .get(format!("{}/v2/users", simulator.base_url()))
        .basic_auth("wrong", Some("wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert!(is_request_id(&body["requestId"]), "{body}");
    assert!(body["errors"].as_array().is_some_and(|e| e[0].is_string()));
}

#[tokio::test]
async fn users_come_in_pages_of_100_with_a_cursor_until_the_last_and_no_avatars() {
    let simulator = start(simulator_config(250)).await;
    let mut cursor: Option<String> = None;
    let mut ids = Vec::new();
    for page in 0.. {
        let mut request = get(&simulator, "/v2/users");
        if let Some(cursor) = &cursor {
            request = request.query(&[("cursor", cursor)]);
        }
        let body: Value = request.send().await.unwrap().json().await.unwrap();
        assert!(is_request_id(&body["requestId"]));
        assert_eq!(body["records"]["currentPageNumber"], page);
        assert_eq!(
            body["records"]["totalRecords"], 248,
            "250 users less 2 avatars"
        );
        for user in body["users"].as_array().unwrap() {
            let id = user["id"].as_str().expect("ids are strings");
            assert!(id.len() <= 20 && id.chars().all(|c| c.is_ascii_digit()));
            ids.push(id.to_owned());
        }
        match body["records"]["cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(ids.len(), 248);
    assert!(
        ids.iter().any(|id| id.parse::<u64>().unwrap() > 1 << 53),
        "some ids exceed 2^53"
    );
}

#[tokio::test]
async fn an_empty_calls_window_is_a_404_with_gongs_message() {
    let simulator = start(simulator_config(50)).await;
    let response = get(&simulator, "/v2/calls")
        .query(&[
            ("fromDateTime", "2010-01-01T00:00:00Z"),
            ("toDateTime", "2010-02-01T00:00:00Z"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"],
        json!(["No calls found corresponding to the provided filters"])
    );
}

#[tokio::test]
async fn a_range_longer_than_90_days_is_refused() {
    let simulator = start(simulator_config(50)).await;
    let response = get(&simulator, "/v2/calls")
        .query(&[
            ("fromDateTime", "2026-01-01T00:00:00Z"),
            ("toDateTime", "2026-04-02T00:00:00Z"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

async fn first_calls_page(simulator: &RunningSimulator) -> Value {
    get(simulator, "/v2/calls")
        .query(&[
            ("fromDateTime", "2026-09-01T00:00:00Z"),
            ("toDateTime", "2026-11-01T00:00:00Z"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn cursors_expire_are_bound_to_their_inputs_and_to_their_simulator() {
    let simulator = start(simulator_config(100)).await;
    let first = first_calls_page(&simulator).await;
    let cursor = first["records"]["cursor"]
        .as_str()
        .expect("more than one page")
        .to_owned();

    let other_inputs = get(&simulator, "/v2/calls")
        .query(&[
            ("fromDateTime", "2026-09-02T00:00:00Z"),
            ("toDateTime", "2026-11-01T00:00:00Z"),
            ("cursor", &cursor),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(other_inputs.status(), StatusCode::BAD_REQUEST);

    let foreign = start(simulator_config(100)).await;
    let elsewhere = get(&foreign, "/v2/calls")
        .query(&[
            ("fromDateTime", "2026-09-01T00:00:00Z"),
            ("toDateTime", "2026-11-01T00:00:00Z"),
            ("cursor", "bm90LWEtY3Vyc29y"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), StatusCode::BAD_REQUEST);

    simulator.clock().advance(Duration::hours(1));
    let expired = get(&simulator, "/v2/calls")
        .query(&[
            ("fromDateTime", "2026-09-01T00:00:00Z"),
            ("toDateTime", "2026-11-01T00:00:00Z"),
            ("cursor", &cursor),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), StatusCode::BAD_REQUEST);
    let body: Value = expired.json().await.unwrap();
    assert!(body["errors"][0].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn a_cursor_in_a_posts_query_string_is_ignored_and_page_one_comes_back() {
    let simulator = start(simulator_config(100)).await;
    let body = json!({ "filter": { "fromDateTime": "2026-09-01T00:00:00Z", "toDateTime": "2026-11-01T00:00:00Z" } });
    let first: Value = post(&simulator, "/v2/calls/extensive", body.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cursor = first["records"]["cursor"].as_str().unwrap().to_owned();
    let again: Value = post(&simulator, "/v2/calls/extensive", body.clone())
        .query(&[("cursor", &cursor)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["records"]["currentPageNumber"], 0);
    assert_eq!(
        again["calls"][0]["metaData"]["id"],
        first["calls"][0]["metaData"]["id"]
    );
    let mut with_cursor = body;
    with_cursor["cursor"] = json!(cursor);
    let second: Value = post(&simulator, "/v2/calls/extensive", with_cursor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(second["records"]["currentPageNumber"], 1);
}

#[tokio::test]
async fn a_burst_of_ten_gets_exactly_the_429s_the_limits_imply_and_retry_after_works() {
    let mut config = simulator_config(50);
    config.limits = RateLimits {
        per_second: 3,
        in_flight: 3,
        per_day: 10_000,
    };
    config.faults.latency = std::time::Duration::from_millis(1_000);
    let simulator = start(config).await;
    let requests = (0..10).map(|_| get(&simulator, "/v2/workspaces").send());
    let responses = futures::future::join_all(requests).await;
    let throttled: Vec<_> = responses
        .iter()
        .map(|r| r.as_ref().unwrap())
        .filter(|r| r.status() == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    // Three slots and a bucket of three: three are admitted, seven are refused.
    assert_eq!(throttled.len(), 7);
    for response in &throttled {
        let retry_after: u64 = response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .expect("an integer");
        assert!(retry_after >= 1);
    }
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert_eq!(
        get(&simulator, "/v2/workspaces")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_daily_quota_answers_with_the_seconds_until_midnight_and_a_429_uses_none() {
    let mut config = simulator_config(50);
    config.limits = RateLimits {
        per_day: 2,
        ..fast_limits()
    };
    let simulator = start(config).await;
    for _ in 0..2 {
        assert_eq!(
            get(&simulator, "/v2/workspaces")
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::OK
        );
    }
    let refused = get(&simulator, "/v2/workspaces").send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    // as_of is 10:00 UTC: 14 hours to midnight.
    assert_eq!(refused.headers()["retry-after"], "50400");
    assert_eq!(simulator.quota_used_today(), 2);
    simulator.clock().advance(Duration::hours(15));
    assert_eq!(
        get(&simulator, "/v2/workspaces")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn scim_deactivation_shows_in_the_users_list_and_the_settings_history() {
    let simulator = start(simulator_config(50)).await;
    let user = simulator
        .company()
        .users
        .iter()
        .find(|u| u.active)
        .unwrap()
        .clone();
    let scim = reqwest::Client::new();
    let token = &simulator.credentials().scim_token;
    let found: Value = scim
        .get(format!("{}/Users", simulator.scim_base_url()))
        .bearer_auth(token)
        .query(&[("filter", format!("userName eq \"{}\"", user.email))])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let scim_id = found["Resources"][0]["id"].as_str().unwrap().to_owned();
    assert_ne!(scim_id, user.id, "SCIM ids differ from REST ids");
    let patched = scim
        .patch(format!("{}/Users/{scim_id}", simulator.scim_base_url()))
        .bearer_auth(token)
        .json(&json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{ "op": "replace", "value": { "active": false } }]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), StatusCode::OK);
    let rest: Value = get(&simulator, &format!("/v2/users/{}", user.id))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rest["user"]["active"], false);
    let history: Value = get(
        &simulator,
        &format!("/v2/users/{}/settings-history", user.id),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let last = history["userSettingsHistory"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["setting"], "active");
    assert_eq!(last["value"], false);
    let unauthorised = scim
        .get(format!("{}/Users", simulator.scim_base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorised.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_same_seed_and_clock_give_the_same_company_and_pages() {
    let a = start(simulator_config(120)).await;
    let b = start(simulator_config(120)).await;
    let strip = |mut page: Value| {
        page["requestId"] = Value::Null;
        page["records"]["cursor"] = Value::Null;
        page
    };
    assert_eq!(
        strip(first_calls_page(&a).await),
        strip(first_calls_page(&b).await)
    );
    let users = |s: &RunningSimulator| get(s, "/v2/users").send();
    let (ua, ub) = (
        users(&a).await.unwrap().json::<Value>().await.unwrap(),
        users(&b).await.unwrap().json::<Value>().await.unwrap(),
    );
    assert_eq!(strip(ua), strip(ub));
    assert_eq!(a.truth(as_of(), 365), b.truth(as_of(), 365));
}

#[tokio::test]
async fn the_test_hook_adds_a_hosted_call_the_calls_endpoint_returns_for_that_host() {
    let simulator = start(simulator_config(50)).await;
    let user = &simulator.company().users[3];
    let now = simulator.clock().now();
    let body = json!({ "filter": {
        "fromDateTime": (now - Duration::hours(1)).to_rfc3339(),
        "toDateTime": (now + Duration::hours(1)).to_rfc3339(),
        "primaryUserIds": [user.id],
    } });
    let before = post(&simulator, "/v2/calls/extensive", body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        before.status(),
        StatusCode::NOT_FOUND,
        "no call in that hour yet"
    );

    // The hook needs no API credentials: it is not part of Gong's API.
    let added = add_call(
        &simulator,
        json!({ "email": user.email.to_uppercase(), "minutes_ago": 5 }),
    )
    .await;
    assert_eq!(added, StatusCode::OK);
    let after: Value = post(&simulator, "/v2/calls/extensive", body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(after["calls"].as_array().map(Vec::len), Some(1), "{after}");
    assert_eq!(
        after["calls"][0]["metaData"]["primaryUserId"],
        user.id.as_str()
    );

    let unknown = add_call(&simulator, json!({ "email": "nobody@example.com" })).await;
    assert_eq!(unknown, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_call_added_this_moment_is_listed_by_a_range_ending_later_in_the_same_second() {
    let simulator = start(simulator_config(50)).await;
    let user = &simulator.company().users[3];
    let now = as_of() + Duration::milliseconds(400);
    simulator.clock().set(now);
    let added = add_call(&simulator, json!({ "email": user.email, "minutes_ago": 0 })).await;
    assert_eq!(added, StatusCode::OK);
    let until = |to: chrono::DateTime<chrono::Utc>| {
        json!({ "filter": {
            "fromDateTime": (now - Duration::minutes(1)).to_rfc3339(),
            "toDateTime": to.to_rfc3339(),
            "primaryUserIds": [user.id],
        } })
    };
    // Gong lists the calls that started before toDateTime: 10:00:00.400 is before 10:00:00.600.
    let later: Value = post(
        &simulator,
        "/v2/calls/extensive",
        until(now + Duration::milliseconds(200)),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(later["calls"].as_array().map(Vec::len), Some(1), "{later}");
    let started = later["calls"][0]["metaData"]["started"].as_str().unwrap();
    assert!(started.contains("10:00:00.400"), "{started}");
    let earlier = post(
        &simulator,
        "/v2/calls/extensive",
        until(now - Duration::milliseconds(100)),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(
        earlier.status(),
        StatusCode::NOT_FOUND,
        "it had not started by then"
    );
}
