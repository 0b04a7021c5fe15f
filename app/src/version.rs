//! The version an operator reports: the crate version and the git commit it was built from.

/// `0.1.0 (commit 1a2b3c4d5e6f)`; the commit is "unknown" when built outside a git checkout.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("SEAT_AUDIT_COMMIT"),
    ")"
);
