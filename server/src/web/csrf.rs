//! CSRF: each signed-in session carries a random token (a visitor not yet signed in, a cookie's:
//! see the gate); every state-changing request must present it, in the `x-csrf-token` header
//! (scripts, server function calls) or the `csrf` field of a form.

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, StatusCode},
    response::{Html, IntoResponse, Response},
};

/// The form field and the header that carry the token, and the token as a request extension.
pub use app::csrf::{CsrfToken, FIELD as CSRF_FIELD, HEADER as CSRF_HEADER};

/// The largest form body read for its token (a seat CSV pasted into a form fits).
const MAX_FORM: usize = 8 * 1024 * 1024;

/// The token from the `x-csrf-token` header (scripts and the page's server function calls) or the
/// `csrf` field of a form body (forms without JavaScript); the body is read and put back.
pub async fn check_csrf(request: Request, token: Option<&str>) -> Result<Request, Response> {
    let refused = || {
        (
            StatusCode::FORBIDDEN,
            Html(
                "<!DOCTYPE html><title>Refused</title><p>This form had no valid security token (it \
                 may have been open since before you signed in, or come from another site). Nothing \
                 was changed. <a href=\"/\">Reload the page</a> and try again.</p>",
            ),
        )
            .into_response()
    };
    if let Some(presented) = request.headers().get(CSRF_HEADER) {
        return if token.is_some_and(|token| same(presented.as_bytes(), token.as_bytes())) {
            Ok(request)
        } else {
            Err(refused())
        };
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(refused());
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, MAX_FORM).await.map_err(|_| {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            "The form is larger than 8 MB.",
        )
            .into_response()
    })?;
    let presented = url::form_urlencoded::parse(&bytes)
        .find(|(name, _)| name == CSRF_FIELD)
        .map(|(_, value)| value.into_owned());
    match presented {
        Some(value) if token.is_some_and(|token| same(value.as_bytes(), token.as_bytes())) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(refused()),
    }
}

/// Compares in time that depends only on the length.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
    }
}
