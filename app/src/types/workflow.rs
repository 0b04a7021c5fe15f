//! The approval workflow as the pages show it: proposals, their state, and its settings.

use serde::{Deserialize, Serialize};

/// What a proposal asks for. Stored, and sent as JSON, as the snake_case name (`deactivate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkflowKind {
    /// Deactivate the user in Gong.
    Deactivate,
    /// Downgrade a listener to a free collaborator seat.
    Downgrade,
}

impl WorkflowKind {
    pub const ALL: [WorkflowKind; 2] = [WorkflowKind::Deactivate, WorkflowKind::Downgrade];

    /// The kind whose stored text is `text`.
    pub fn parse(text: &str) -> Option<WorkflowKind> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// The text stored in the database and sent as JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Deactivate => "deactivate",
            Self::Downgrade => "downgrade",
        }
    }

    /// What the pages call the change.
    pub fn label(self) -> &'static str {
        match self {
            Self::Deactivate => "Deactivate in Gong",
            Self::Downgrade => "Downgrade to a free collaborator seat",
        }
    }
}

/// Where a proposal stands (docs/product.md). Stored, and sent as JSON, as the snake_case name
/// (`awaiting`), which is also what the pages print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkflowState {
    Awaiting,
    Approved,
    Rejected,
    Expired,
    Executed,
    Verified,
    Failed,
    Cancelled,
    Reverted,
}

impl WorkflowState {
    pub const ALL: [WorkflowState; 9] = [
        WorkflowState::Awaiting,
        WorkflowState::Approved,
        WorkflowState::Rejected,
        WorkflowState::Expired,
        WorkflowState::Executed,
        WorkflowState::Verified,
        WorkflowState::Failed,
        WorkflowState::Cancelled,
        WorkflowState::Reverted,
    ];

    /// The state whose stored text is `text`.
    pub fn parse(text: &str) -> Option<WorkflowState> {
        Self::ALL.into_iter().find(|state| state.as_str() == text)
    }

    /// The text stored in the database, sent as JSON and shown on the pages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Awaiting => "awaiting",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Expired => "expired",
            Self::Executed => "executed",
            Self::Verified => "verified",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Reverted => "reverted",
        }
    }
}

impl std::fmt::Display for WorkflowState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares with the stored text, so a test can say `state == "expired"`.
impl PartialEq<&str> for WorkflowState {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Compares with the stored text, so a test can say `kind == "downgrade"`.
impl PartialEq<&str> for WorkflowKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One proposal to deactivate a user (or downgrade a listener to a free collaborator seat).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowItem {
    pub id: i64,
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub kind: WorkflowKind,
    pub reason: String,
    pub frees_cents: i64,
    pub seats: String,
    pub state: WorkflowState,
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
    /// The fallback approver it was escalated to after a silence, who may decide it too.
    pub escalated_to: Option<String>,
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
    /// An item unanswered this many days is also shown to the fallback approver (0: never).
    pub escalate_after_days: u32,
    /// What happens when nobody answers before the expiry.
    pub on_expiry: super::OnExpiry,
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
    /// Notifications that could not be sent (admins only; empty for others).
    pub notifications: super::NotifyHealth,
}
