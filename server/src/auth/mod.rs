//! Accounts and sign-in checks: local accounts with argon2id hashes, failed sign-ins limited per
//! account and address, and single sign-on with OpenID Connect.
//! Sessions, CSRF and the gate are HTTP and live in `web`.

pub mod accounts;
pub mod limiter;
pub mod oidc;
pub mod password;

use app::types::Role;

/// The signed-in account of a request, as the gate found it (role read afresh every request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub id: i64,
    pub email: String,
    pub role: Role,
}
