//! The approval workflow (docs/product.md): an admin proposes a candidate, the user's manager (or the
//! fallback approver) approves or rejects, an admin executes through SCIM or by hand after a last
//! look at the user's activity, the next sync verifies, and any step can be undone. Every guard is
//! checked here, on the server; every transition is appended to the audit log in the same
//! transaction as the change.

mod approver;
pub mod candidates;
mod decide;
mod error;
mod execute;
mod propose;
pub mod scim;
mod settings;
mod state;
mod store;
mod verify;

pub use decide::decide;
pub use error::WorkflowError;
pub use execute::{execute, undo, ActivityCheck, Cancelling, Executed, Executor};
pub use propose::propose;
pub use settings::{save_settings, settings, SettingsForm};
pub use store::{all, awaiting, awaiting_for, expire_due, get};
pub use verify::{freed, verify};

#[cfg(test)]
mod fake_scim;
#[cfg(test)]
mod races;
#[cfg(test)]
mod tests;
