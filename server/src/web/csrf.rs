//! CSRF: each signed-in session carries a random token (a visitor not yet signed in, one signed
//! from a cookie's random value: see the gate and [`CsrfKey`]); every state-changing request must
//! present it, in the `x-csrf-token` header (scripts, server function calls) or the `csrf` field of
//! a form.

use hmac::{Hmac, Mac};
use sha2::Sha256;

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

/// The installation's key that signs pre-session tokens. Before sign-in there is no session to hold
/// a token, so the page's token is an HMAC of the random value in the visitor's cookie: a value
/// planted in the cookie by another site or host, and repeated in a forged form, is refused,
/// because only the server can compute its token. Kept in the database (one row), so restarts and
/// other instances agree.
#[derive(Clone)]
pub struct CsrfKey([u8; 32]);

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfKey([redacted])")
    }
}

impl CsrfKey {
    /// A key for this process only (tests, or until the stored one is read).
    pub fn random() -> CsrfKey {
        use rand::RngCore;
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        CsrfKey(key)
    }

    /// The database's key, made on first use.
    pub async fn stored(pool: &crate::db::Pool) -> sqlx::Result<CsrfKey> {
        crate::db::query(
            "INSERT INTO csrf_key (id, key) VALUES (1, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(CsrfKey::random().0.to_vec())
        .execute(pool)
        .await?;
        let key: Vec<u8> = crate::db::query_scalar("SELECT key FROM csrf_key WHERE id = 1")
            .fetch_one(pool)
            .await?;
        let key = <[u8; 32]>::try_from(key.as_slice())
            .map_err(|_| sqlx::Error::Decode("the CSRF key is not 32 bytes".into()))?;
        Ok(CsrfKey(key))
    }

    /// The token a form must repeat for the pre-session cookie's `nonce` (hex).
    pub fn token_for(&self, nonce: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(b"seat-audit pre-session csrf\0");
        mac.update(nonce.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
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
    fn a_pre_session_token_depends_on_the_key_and_the_cookie() {
        let key = CsrfKey::random();
        let nonce = "ab".repeat(32);
        assert_eq!(key.token_for(&nonce), key.token_for(&nonce));
        assert_eq!(key.token_for(&nonce).len(), 64);
        assert_ne!(key.token_for(&nonce), nonce, "the token is not the cookie");
        assert_ne!(key.token_for(&nonce), key.token_for(&"cd".repeat(32)));
        assert_ne!(key.token_for(&nonce), CsrfKey::random().token_for(&nonce));
        assert_eq!(format!("{key:?}"), "CsrfKey([redacted])");
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
    }
}
