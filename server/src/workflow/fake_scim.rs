//! A small SCIM server for the workflow's tests: its filter query answers the users it is given,
//! whatever the filter (as a server with a looser match would), and it keeps every request. Its
//! PATCH can hold each change until a number of requests have arrived, so tests can line up
//! concurrent steps without sleeping.

use std::sync::{Arc, Mutex};

use axum::{
    extract::{Path, Query, State},
    routing::get,
    Json, Router,
};
use serde_json::{json, Value};
use tokio::sync::watch;

use super::scim::{ScimClient, ScimTarget};
use crate::config::Secret;

#[derive(Clone)]
pub struct FakeScim {
    inner: Arc<Inner>,
    pub base: url::Url,
}

struct Inner {
    /// Each user as (SCIM id, userName).
    users: Vec<(String, String)>,
    filters: Mutex<Vec<String>>,
    patches: Mutex<Vec<(String, bool)>>,
    /// Requests arrived so far (patches, and whatever the test counts with `arrive`).
    arrived: watch::Sender<usize>,
    /// A PATCH is answered once this many have arrived.
    hold_until: usize,
}

impl FakeScim {
    /// Starts a server on port 0 whose filter query answers `users` (SCIM id, userName).
    pub async fn start(users: &[(&str, &str)], hold_until: usize) -> Self {
        let inner = Arc::new(Inner {
            users: users
                .iter()
                .map(|(id, name)| (id.to_string(), name.to_string()))
                .collect(),
            filters: Mutex::default(),
            patches: Mutex::default(),
            arrived: watch::Sender::new(0),
            hold_until,
        });
        let app = Router::new()
            .route("/scim/v2/Users", get(list))
            .route("/scim/v2/Users/{id}", axum::routing::patch(patch))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        FakeScim {
            inner,
            base: format!("http://127.0.0.1:{port}/scim/v2").parse().unwrap(),
        }
    }

    pub fn client(&self) -> ScimClient {
        ScimClient::new(ScimTarget {
            base_url: self.base.clone(),
            token: Secret::new("scim-token"),
        })
    }

    /// Counts one more arrival (a step that finished without reaching the PATCH).
    pub fn arrive(&self) {
        self.inner.arrived.send_modify(|n| *n += 1);
    }

    /// The filters received, as decoded from the query string.
    pub fn filters(&self) -> Vec<String> {
        self.inner.filters.lock().unwrap().clone()
    }

    /// The PATCHes received: (SCIM id, active).
    pub fn patches(&self) -> Vec<(String, bool)> {
        self.inner.patches.lock().unwrap().clone()
    }
}

async fn list(
    State(inner): State<Arc<Inner>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Json<Value> {
    if let Some((_, filter)) = query.iter().find(|(k, _)| k == "filter") {
        inner.filters.lock().unwrap().push(filter.clone());
    }
    let resources: Vec<Value> = inner
        .users
        .iter()
        .map(|(id, name)| json!({ "id": id, "userName": name, "active": true }))
        .collect();
    Json(json!({ "totalResults": resources.len(), "Resources": resources }))
}

async fn patch(
    State(inner): State<Arc<Inner>>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Json<Value> {
    let active = body["Operations"][0]["value"]["active"]
        .as_bool()
        .expect("the product sends a replace of active");
    inner.patches.lock().unwrap().push((id.clone(), active));
    inner.arrived.send_modify(|n| *n += 1);
    let mut arrived = inner.arrived.subscribe();
    arrived
        .wait_for(|n| *n >= inner.hold_until)
        .await
        .expect("the sender lives in the state");
    let name = inner
        .users
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, name)| name.clone());
    Json(json!({ "id": id, "userName": name, "active": active }))
}
