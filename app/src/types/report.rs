//! The report's statuses and activity signals (docs/product.md, "Statuses"), shared by the report,
//! the pages and the exports: one definition, as enums, with the names the database and files use.

use serde::{Deserialize, Serialize};

/// An activity signal a sync can see, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    Hosted,
    Attended,
    Coached,
    Listened,
}

impl Signal {
    /// Strongest first.
    pub const ALL: [Signal; 4] = [
        Signal::Hosted,
        Signal::Attended,
        Signal::Coached,
        Signal::Listened,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Signal::Hosted => "hosted",
            Signal::Attended => "attended",
            Signal::Coached => "coached",
            Signal::Listened => "listened",
        }
    }

    pub fn parse(text: &str) -> Option<Signal> {
        Signal::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether `signals` are hosted calls only: the key may not read the activity stats
    /// (docs/gong-api.md), so nothing but hosted calls is known. The one place this is decided.
    pub fn hosted_only(signals: &[Signal]) -> bool {
        signals == [Signal::Hosted]
    }

    /// Whether `signals` include the activity stats (more than hosted calls).
    pub fn reads_stats(signals: &[Signal]) -> bool {
        !signals.is_empty() && !Signal::hosted_only(signals)
    }
}

/// A user's status in a report; the first rule that matches wins, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Deactivated,
    Protected,
    New,
    Active,
    Listener,
    Unmonitored,
    Inactive,
    NeverActive,
}

impl Status {
    /// In rule order.
    pub const ALL: [Status; 8] = [
        Status::Deactivated,
        Status::Protected,
        Status::New,
        Status::Active,
        Status::Listener,
        Status::Unmonitored,
        Status::Inactive,
        Status::NeverActive,
    ];

    /// The name in the database, the URL and the report's files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Deactivated => "deactivated",
            Status::Protected => "protected",
            Status::New => "new",
            Status::Active => "active",
            Status::Listener => "listener",
            Status::Unmonitored => "unmonitored",
            Status::Inactive => "inactive",
            Status::NeverActive => "never_active",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// In words, as the pages and the users sheet show it (`never active`).
    pub fn label(self) -> String {
        self.as_str().replace('_', " ")
    }

    /// Flagged for the approval workflow: deactivate (inactive, never active) or downgrade
    /// (listener).
    pub fn is_candidate(self) -> bool {
        matches!(
            self,
            Status::Inactive | Status::NeverActive | Status::Listener
        )
    }
}

/// Compares with the stored name, so a test or a filter can write `status == "inactive"`.
impl PartialEq<&str> for Status {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The signals a sync run could see, as a list with the one "hosted calls only" rule on it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Signals(pub Vec<Signal>);

impl Signals {
    /// The key may not read the stats: see [`Signal::hosted_only`].
    pub fn hosted_only(&self) -> bool {
        Signal::hosted_only(&self.0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The names joined, `hosted, attended`.
    pub fn joined(&self) -> String {
        self.0
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
