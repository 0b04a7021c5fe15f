//! Notifications (docs/product.md, "Notifications"): what an admin chose to send and when, which
//! channels the installation has, and how delivery is going.

use serde::{Deserialize, Serialize};

/// What happens when nobody answers an item before it expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnExpiry {
    /// The item expires and nothing is done (the default).
    Nothing,
    /// The item goes to the fallback approver for one more period; then it expires.
    Escalate,
}

impl OnExpiry {
    pub fn as_str(self) -> &'static str {
        match self {
            OnExpiry::Nothing => "nothing",
            OnExpiry::Escalate => "escalate",
        }
    }

    pub fn parse(text: &str) -> Option<OnExpiry> {
        match text {
            "nothing" => Some(OnExpiry::Nothing),
            "escalate" => Some(OnExpiry::Escalate),
            _ => None,
        }
    }
}

/// What to send and when, edited on the Settings page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyPolicy {
    /// Approvers get one email a day at most listing their open items.
    pub approver_digest: bool,
    /// A digest waits this long after the newest proposal, so a batch goes as one message.
    pub quiet_minutes: u32,
    /// A reminder this many days before an item expires (0: none).
    pub reminder_days: u32,
    /// Admins are told by email, and in the chat channels configured.
    pub admin_email: bool,
    pub admin_chat: bool,
    /// At most this many admin messages an hour; more events are gathered into one message.
    pub admin_per_hour: u32,
}

/// The channels configured at start-up, as the Settings page may show them (no secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyChannels {
    /// The SMTP server without its password, e.g. `smtp://ana:…@mail.example.com:587`.
    pub smtp: Option<String>,
    pub from: Option<String>,
    pub slack: bool,
    pub teams: bool,
    pub webhook: bool,
    /// The address links in messages point at.
    pub public_url: String,
}

impl NotifyChannels {
    /// The channels a test message can go to, as (form value, label).
    pub fn testable(&self) -> Vec<(&'static str, &'static str)> {
        [
            (self.smtp.is_some(), "email", "Email (to you)"),
            (self.slack, "slack", "Slack"),
            (self.teams, "teams", "Microsoft Teams"),
            (self.webhook, "webhook", "Webhook"),
        ]
        .into_iter()
        .filter_map(|(on, value, label)| on.then_some((value, label)))
        .collect()
    }
}

/// The Settings page's notification section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifySettingsData {
    pub policy: NotifyPolicy,
    pub channels: NotifyChannels,
}

/// A message that could not be sent, as admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyProblem {
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub attempts: u32,
    pub error: String,
    /// `true` when it was given up; otherwise another attempt is due at `next_attempt_at`.
    pub given_up: bool,
    pub next_attempt_at: String,
}

/// How delivery is going (admins only; empty for others).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyHealth {
    pub queued: u32,
    pub sent_last_day: u32,
    /// Messages retried or given up, newest first (at most 10).
    pub problems: Vec<NotifyProblem>,
}
