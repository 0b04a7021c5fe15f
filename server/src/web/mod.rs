//! All HTTP: the Leptos pages and server functions, sign-in and sign-out (local and OpenID Connect), the gate (session, CSRF,
//! role per page), who may see what (`access`), exports, workflow forms, `/healthz`, `/metrics`
//! and the sync's live progress.

pub mod access;
mod backend;
mod body_limit;
mod client_addr;
mod csrf;
mod exports;
mod gate;
mod health;
mod metrics;
mod notify;
mod oidc;
mod password;
mod refusals;
mod router;
mod security_headers;
mod session;
pub mod session_store;
mod sign_in;
pub mod site;
mod state;
mod sync_events;
mod workflow;

pub use csrf::CsrfKey;
pub use metrics::HttpMetrics;
pub use router::router;
pub use state::AppState;
