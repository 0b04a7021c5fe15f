//! What a session holds: the signed-in account's id, the session's CSRF token, when its expiry
//! was last pushed back, and after a single sign-on its ID token.

/// The session's keys.
pub const ACCOUNT_KEY: &str = "account";
pub const CSRF_KEY: &str = "csrf";
/// When the session's expiry was last pushed back (Unix seconds).
pub const REFRESHED_KEY: &str = "refreshed";
/// The ID token of a single sign-on, sent back to the identity provider at sign-out.
pub const ID_TOKEN_KEY: &str = "oidc_id_token";

/// The cookie holding a visitor's CSRF token before they sign in (no session is stored until then).
pub const PRE_SESSION_COOKIE: &str = "seat_audit_csrf";

/// A fresh random token: 32 bytes as hex.
pub fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
