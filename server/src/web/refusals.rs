//! A server function whose fields cannot be read answers 422 with the sentence naming the field,
//! not the 500 the server-function layer gives every error (docs/product.md, "Bad input").

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::Response,
};

use app::error::AppError;

/// The largest error body read back; a server function's refusal is one sentence.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Gives a refusal (`AppError::Invalid`) that left a server function as a 500 its 422.
pub async fn refusal_status(request: Request, next: Next) -> Response {
    let server_function = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !server_function || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::from("The server could not answer."));
    };
    if let Ok(AppError::Invalid(_)) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Response::from_parts(parts, Body::from(bytes))
}
