//! Single sign-on with OpenID Connect beside the local accounts (issue #15): the protocol with the
//! identity provider, and the account each sign-in lands on. The routes are in `web::oidc`.

pub mod account;
pub mod provider;

pub use provider::{Identity, OidcError, Pending, Provider};
