//! What the Settings page edits: the policy each sync reads, seats and prices, and the protected list.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{ContractTerms, SeatType};

/// The thresholds and sync limits an admin edits in Settings; each sync reads them at its start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// No hosted, attended or coached activity for this many days makes a user inactive.
    pub inactivity_days: u32,
    /// Users created this recently are new, whatever their activity.
    pub grace_days: u32,
    /// How far back the sync reads activity.
    pub lookback_days: u32,
    /// The company's IANA time zone as set here, overriding Gong's; empty when not set, so Gong's
    /// own zone applies (UTC where the stats are not allowed).
    pub time_zone: String,
    /// The share of Gong's daily request quota the sync may spend (other integrations share it).
    pub quota_share: f64,
}

/// Where the company time zone in force came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ZoneSource {
    /// The time-zone setting, which overrides Gong's.
    Setting,
    /// Gong's own, read by the last sync from the aggregate activity stats.
    Gong,
    /// UTC, because neither a setting nor Gong gives one.
    Default,
}

/// The company time zone the next sync and the pages count days in, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneInForce {
    pub name: String,
    pub source: ZoneSource,
}

impl ZoneInForce {
    /// For the Settings page: the zone and, in words, where it came from.
    pub fn describe(&self) -> String {
        let from = match self.source {
            ZoneSource::Setting => "from the setting below, which overrides Gong's",
            ZoneSource::Gong => "Gong's company time zone, read by the last sync",
            ZoneSource::Default => {
                "the default: no setting, and Gong's zone is not known (no sync has read it, or \
                 the key may not read the activity stats)"
            }
        };
        format!("{} ({from})", self.name)
    }
}

/// Purchased seats and price per seat per year of one seat type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatTypeSetting {
    pub seat_type: SeatType,
    pub purchased: u32,
    pub price_per_year_cents: i64,
}

/// A user who is never flagged: for good, or snoozed until a day (leave).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtectedUser {
    pub user_id: String,
    pub email: String,
    pub name: String,
    /// The first day the user is judged again; none for good.
    pub until: Option<NaiveDate>,
    pub note: String,
    pub added_at: DateTime<Utc>,
}

/// A user marked as a Technical Administrator (by hand or by the seat CSV).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnicalAdmin {
    pub email: String,
    /// From the latest report; none when no Gong user has this email.
    pub name: Option<String>,
    /// Whether Gong shows the user active in the latest report.
    pub active: Option<bool>,
}

/// Everything the Settings page shows besides the connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsData {
    pub policy: Policy,
    /// The company time zone in force and its source.
    pub time_zone_in_force: ZoneInForce,
    pub seat_types: Vec<SeatTypeSetting>,
    pub contract: ContractTerms,
    pub protected: Vec<ProtectedUser>,
    pub technical_admins: Vec<TechnicalAdmin>,
    /// Users whose seat types were set by hand or imported; everyone else holds a Gong seat only.
    pub assignments: u32,
    /// The approval workflow's approver, deadlines and execution mode.
    pub workflow: super::WorkflowSettings,
    /// What notifications are sent and when, and the channels configured.
    pub notify: super::NotifySettingsData,
}

/// The Settings page's forms as a person typed them: every field is text, checked on the server so
/// a bad value gets a sentence naming the field instead of a decoding error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyForm {
    pub inactivity_days: String,
    pub grace_days: String,
    pub lookback_days: String,
    pub time_zone: String,
    pub quota_share_pct: String,
}

/// Purchased seats and yearly price (in the contract's currency) per seat type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatTypesForm {
    pub gong_purchased: String,
    pub gong_price: String,
    pub forecast_purchased: String,
    pub forecast_price: String,
    pub engage_purchased: String,
    pub engage_price: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractForm {
    /// `YYYY-MM-DD`, or empty when not known.
    pub renewal_date: String,
    pub notice_days: String,
    pub uplift_pct: String,
    pub headroom_pct: String,
    pub currency: String,
}

/// Protects a Gong user, for good or (with `until`) until a day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtectForm {
    pub email: String,
    /// `YYYY-MM-DD`, or empty for good.
    pub until: String,
    pub note: String,
}

/// One user's seat types and Technical Administrator mark, set by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSeatsForm {
    pub email: String,
    pub gong: bool,
    pub forecast: bool,
    pub engage: bool,
    pub technical_admin: bool,
}
