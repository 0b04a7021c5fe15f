//! Security headers on every response: a Content-Security-Policy whose script nonce is fresh per
//! request (Leptos puts the same nonce on its hydration and resource scripts), no framing, no
//! sniffing, the referrer kept on this site, and nothing but the static assets kept in a cache.

use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};

/// The nonce of this request's inline scripts, for the page renderer (`leptos::nonce::Nonce`).
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// The policy: everything from this origin only; scripts also need this response's nonce (Leptos'
/// inline hydration and resource scripts carry it) and `'wasm-unsafe-eval'` to compile the
/// front end's WebAssembly; no inline styles, plugins, `<base>`, framing or foreign form targets.
pub fn policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

pub async fn security_headers(mut request: Request, next: Next) -> Response {
    let nonce = new_nonce();
    let cacheable =
        request.uri().path().starts_with("/pkg/") || request.uri().path() == "/favicon.svg";
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let value = |text: &str| HeaderValue::from_str(text).expect("a header-safe value");
    headers.insert(header::CONTENT_SECURITY_POLICY, value(&policy(&nonce)));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, value("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, value("DENY"));
    headers.insert(header::REFERRER_POLICY, value("same-origin"));
    if !cacheable {
        // Pages, server functions and exports carry personal data: never stored by a browser or proxy.
        headers.insert(header::CACHE_CONTROL, value("no-store"));
    }
    response
}

/// 16 random bytes, base64url: what Leptos' own nonces look like.
fn new_nonce() -> String {
    use base64::Engine as _;
    use rand::RngCore as _;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_differ_and_fit_in_the_policy() {
        let (a, b) = (new_nonce(), new_nonce());
        assert_ne!(a, b);
        assert!(policy(&a).contains(&format!("'nonce-{a}'")));
        assert!(!policy(&a).contains("unsafe-inline"));
    }
}
