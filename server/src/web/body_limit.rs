//! One limit on request bodies, answered 413 with a sentence before any handler reads them (a
//! server function would otherwise fail to read an oversize body and answer 500).

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The largest request body, the same as axum's default limit that the server functions apply.
pub const MAX_BODY: usize = 2 * 1024 * 1024;

fn too_large() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        "Body: the request is larger than 2 MB, so nothing was read or changed.",
    )
        .into_response()
}

/// Refuses a body declared or found larger than `MAX_BODY`.
pub async fn refuse_oversize(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(length) if length > MAX_BODY as u64 => too_large(),
        Some(_) => next.run(request).await,
        None if matches!(*request.method(), Method::GET | Method::HEAD) => next.run(request).await,
        // Without a declared length (chunked) the body is read here, up to the limit.
        None => {
            let (parts, body) = request.into_parts();
            match to_bytes(body, MAX_BODY).await {
                Ok(bytes) => {
                    next.run(Request::from_parts(parts, Body::from(bytes)))
                        .await
                }
                Err(_) => too_large(),
            }
        }
    }
}
