//! Accounts and sign-in checks: local accounts with argon2id hashes, and failed sign-ins limited
//! per account and address. Sessions, CSRF and the gate are HTTP and live in `web`.

pub mod accounts;
pub mod limiter;
pub mod password;

use app::types::Role;

/// The signed-in account of a request, as the gate found it (role read afresh every request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub id: i64,
    pub email: String,
    pub role: Role,
}
