//! What a session holds: the signed-in account's id and the session's CSRF token.

/// The session's keys.
pub const ACCOUNT_KEY: &str = "account";
pub const CSRF_KEY: &str = "csrf";

/// A fresh random token: 32 bytes as hex.
pub fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
