//! Sign-in and who may do what: local accounts with argon2id hashes, sessions in the database
//! (tower-sessions), a CSRF token per session, login attempts limited per account and address, and
//! the gate every request passes (docs/product.md "Who sees what").

pub mod accounts;
mod gate;
pub mod limiter;
pub mod password;
mod routes;

use app::types::Role;

pub use gate::gate;
pub use routes::router;

/// The session's keys.
const ACCOUNT_KEY: &str = "account";
const CSRF_KEY: &str = "csrf";

/// The form field and the header that carry the CSRF token.
pub use app::csrf::{CsrfToken, FIELD as CSRF_FIELD, HEADER as CSRF_HEADER};

/// The signed-in account of a request, as the gate found it (role read afresh every request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub id: i64,
    pub email: String,
    pub role: Role,
}

/// A fresh random token: 32 bytes as hex.
fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
