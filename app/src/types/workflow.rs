//! The approval workflow as the pages show it: proposals, their state, and its settings.

use serde::{Deserialize, Serialize};

/// One proposal to deactivate a user (or downgrade a listener to a free collaborator seat).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowItem {
    pub id: i64,
    pub user_id: String,
    pub email: String,
    pub name: String,
    /// `deactivate` or `downgrade`.
    pub kind: String,
    pub reason: String,
    pub frees_cents: i64,
    pub seats: String,
    /// `awaiting`, `approved`, `rejected`, `expired`, `executed`, `verified`, `failed`,
    /// `cancelled` or `reverted`.
    pub state: String,
    pub proposed_by: String,
    pub proposed_at: String,
    pub approver: String,
    pub expires_at: String,
    pub direct_reports: Vec<String>,
    pub decided_by: Option<String>,
    pub decision_reason: Option<String>,
    pub executed_by: Option<String>,
    pub executed_how: Option<String>,
    pub requests: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowSettings {
    /// The account that approves when a user's manager has no account or is deactivated.
    pub fallback_approver: Option<String>,
    pub expiry_days: u32,
    pub cooldown_days: u32,
    /// Off (dry-run) until an admin turns it on: steps are recorded, SCIM requests only shown.
    pub live: bool,
    pub idp_provisioning: bool,
}

/// The Approvals page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approvals {
    /// Waiting for the signed-in account's decision.
    pub mine: Vec<WorkflowItem>,
    /// Every item (admins only; empty for others), newest first.
    pub all: Vec<WorkflowItem>,
    pub settings: WorkflowSettings,
    /// A SCIM base URL and token are configured (execution can be through SCIM).
    pub scim: bool,
    /// The signed-in account may propose, execute and undo.
    pub operator: bool,
    pub currency: String,
}
