//! What every request passes through before its handler: the log, authentication, the rate limits
//! and the injected faults.

use std::{sync::Arc, time::Instant};

use axum::{
    body::{to_bytes, Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::{engine::general_purpose::STANDARD, Engine};

use super::{
    envelope::error,
    faults::Fault,
    state::{LoggedRequest, Shared},
};

pub async fn gate(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let response = admit(&shared, request, next).await;
    shared.record(LoggedRequest {
        method,
        path,
        status: response.status().as_u16(),
        latency: started.elapsed(),
    });
    response
}

fn authorized(shared: &Shared, headers: &HeaderMap, scim: bool) -> bool {
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let credentials = &shared.config.credentials;
    if scim {
        return given.strip_prefix("Bearer ") == Some(credentials.scim_token.as_str());
    }
    let expected = STANDARD.encode(format!(
        "{}:{}",
        credentials.access_key, credentials.access_key_secret
    ));
    given.strip_prefix("Basic ") == Some(expected.as_str())
}

async fn admit(shared: &Arc<Shared>, request: Request, next: Next) -> Response {
    let scim = request.uri().path().starts_with("/scim/");
    if !authorized(shared, request.headers(), scim) {
        return error(StatusCode::UNAUTHORIZED, "Invalid credentials");
    }
    if scim {
        // SCIM is Gong's provisioning service, not the rate-limited REST API.
        return next.run(request).await;
    }
    let jitter = shared.faults.lock().expect("faults lock").jitter;
    if !jitter.is_zero() {
        tokio::time::sleep(jitter.mul_f64(rand::random::<f64>())).await;
    }
    let now = shared.clock.now();
    let arrived = Instant::now();
    if let Err(retry_after) = shared
        .limiter
        .lock()
        .expect("limiter lock")
        .admit(now, arrived)
    {
        return throttled(retry_after);
    }
    let response = faulty(shared, request, next).await;
    shared.limiter.lock().expect("limiter lock").release();
    response
}

fn throttled(retry_after: u64) -> Response {
    let mut response = error(StatusCode::TOO_MANY_REQUESTS, "Too many requests");
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, retry_after.into());
    response
}

async fn faulty(shared: &Arc<Shared>, request: Request, next: Next) -> Response {
    let faults = shared.faults.lock().expect("faults lock").clone();
    let fault = faults.decide(shared.next_sequence());
    if !faults.latency.is_zero() {
        tokio::time::sleep(faults.latency).await;
    }
    match fault {
        Fault::Throttle => {
            shared.limiter.lock().expect("limiter lock").refund();
            return throttled(1);
        }
        Fault::ServerError => {
            return error(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error")
        }
        Fault::Hang => tokio::time::sleep(faults.hang_for).await,
        Fault::Reset => {
            // Headers go out, then the body fails: the client sees the connection drop.
            let broken = futures::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::other(
                    "connection reset by the simulator",
                ))
            });
            return (StatusCode::OK, Body::from_stream(broken)).into_response();
        }
        Fault::Malformed | Fault::None => {}
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || (fault != Fault::Malformed && !faults.extra_fields) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error");
    };
    let bytes = if fault == Fault::Malformed {
        bytes.slice(..bytes.len() / 2)
    } else {
        with_extra_fields(bytes)
    };
    let mut response = Response::from_parts(parts, Body::from(bytes));
    response.headers_mut().remove(header::CONTENT_LENGTH);
    response
}

/// Gong may add fields at any time (docs/gong-api.md): clients must ignore them.
fn with_extra_fields(bytes: Bytes) -> Bytes {
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(mut object)) => {
            object.insert(
                "simulatorAddedField".into(),
                serde_json::json!({"nested": [1, 2, 3]}),
            );
            object.insert("anotherNewField".into(), serde_json::json!("value"));
            Bytes::from(serde_json::to_vec(&object).expect("JSON serialises"))
        }
        _ => bytes,
    }
}
