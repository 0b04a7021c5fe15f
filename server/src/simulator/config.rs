//! How a simulator is set up: the company's seed and size, limits, faults, cursor lifetime, range
//! rules and the credentials it accepts; `demo` is the demo company.

use std::{path::PathBuf, time::Duration as StdDuration};

use chrono::{DateTime, Utc};

use super::{company::CompanySize, faults::Faults, limits::RateLimits};

/// The credentials the simulator accepts.
#[derive(Debug, Clone)]
pub struct SimCredentials {
    pub access_key: String,
    pub access_key_secret: String,
    pub scim_token: String,
}

#[derive(Debug, Clone)]
pub struct SimulatorConfig {
    pub seed: u64,
    pub size: CompanySize,
    pub limits: RateLimits,
    pub faults: Faults,
    /// How long a cursor stays valid (Gong's is undocumented: ours).
    pub cursor_ttl: StdDuration,
    /// The longest date range one request may ask for (a seed fact: 90 days).
    pub max_range_days: u32,
    /// Whether `GET /v2/calls` without `toDateTime` is refused (Gong's current docs) or allowed.
    pub strict_to_date: bool,
    /// `false` makes the stats endpoints answer 403, as for a key the company may not use for them.
    pub stats_allowed: bool,
    /// `false` makes `GET /v2/logs` answer 403, as for a key without the logs permission.
    pub logs_allowed: bool,
    /// `false` makes every SCIM request answer 403, as for a token without the SCIM scope.
    pub scim_allowed: bool,
    /// Where SCIM changes persist across restarts.
    pub state_dir: Option<PathBuf>,
    pub credentials: SimCredentials,
    /// The "now" the company is generated up to; the clock's now when unset.
    pub reference_now: Option<DateTime<Utc>>,
    /// The company time zone the per-day stats use.
    pub time_zone: chrono_tz::Tz,
}

impl SimulatorConfig {
    /// The demo company: about 1,200 users and 18 months of calls at Gong's real limits.
    pub fn demo(seed: u64) -> Self {
        SimulatorConfig {
            seed,
            size: CompanySize {
                users: 1_200,
                months: 18,
                calls_per_rep_per_week: 4,
            },
            limits: RateLimits::default(),
            faults: Faults::default(),
            cursor_ttl: StdDuration::from_secs(300),
            max_range_days: 90,
            strict_to_date: false,
            stats_allowed: true,
            logs_allowed: true,
            scim_allowed: true,
            state_dir: None,
            credentials: SimCredentials {
                access_key: format!("SIMKEY{seed:08}"),
                access_key_secret: format!(
                    "sim-secret-{:016x}",
                    seed.wrapping_mul(0x9e37_79b9_7f4a_7c15)
                ),
                scim_token: format!("sim-scim-{:016x}", seed.wrapping_mul(0xc2b2_ae3d_27d4_eb4f)),
            },
            reference_now: None,
            time_zone: chrono_tz::UTC,
        }
    }
}
