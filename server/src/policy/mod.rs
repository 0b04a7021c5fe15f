//! What an admin edits on the Settings page and each sync reads at its start (docs/product.md, "Running
//! it"): thresholds, look-back, company time zone, quota share, and the protected list. Until an
//! admin saves them, the configuration's values apply.

pub mod form;
pub mod protected;
pub mod save;
pub mod store;

pub use form::FormError;
pub use store::{load, save, Stored};

use app::types::Policy;

use crate::{
    config::{Settings, SyncSettings},
    report::Thresholds,
};

/// The policy the configuration gives, before an admin has saved one.
pub fn from_settings(settings: &Settings) -> Policy {
    Policy {
        inactivity_days: settings.report.inactivity_days,
        grace_days: settings.report.grace_days,
        lookback_days: settings.sync.lookback_days,
        time_zone: settings.sync.time_zone.clone(),
        quota_share: settings.sync.quota_share,
    }
}

/// The configuration's sync settings with the policy's look-back, time zone and quota share.
pub fn sync_settings(policy: &Policy, base: &SyncSettings) -> SyncSettings {
    SyncSettings {
        lookback_days: policy.lookback_days,
        time_zone: policy.time_zone.clone(),
        quota_share: policy.quota_share,
        ..base.clone()
    }
}

pub fn thresholds(policy: &Policy) -> Thresholds {
    Thresholds {
        inactivity_days: policy.inactivity_days,
        grace_days: policy.grace_days,
        lookback_days: policy.lookback_days,
    }
}
