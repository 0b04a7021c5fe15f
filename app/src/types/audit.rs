//! The audit log as its page and export read it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// ISO-8601 UTC.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
}

/// The Audit log page's filters, as its URL carries them; each empty one is ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    pub actor: Option<String>,
    /// A Gong user or account the entry is about (email or id), any part of it.
    pub subject: Option<String>,
    pub action: Option<String>,
    /// Days `YYYY-MM-DD`, inclusive, in UTC.
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(deserialize_with = "super::fields::page")]
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    /// Every action recorded so far, for the filter.
    pub actions: Vec<String>,
}
