//! The state machine (docs/product.md): which states hold a user open, and which states each step
//! may start from.

use app::types::WorkflowState::{self, *};

/// States in which an item is still open (one per user at most).
pub const OPEN: [WorkflowState; 4] = [Awaiting, Approved, Failed, Executed];

/// Only approved items (or failed ones, to retry) are executed.
pub const EXECUTABLE: [WorkflowState; 2] = [Approved, Failed];

/// Only executed (or verified) items are undone.
pub const UNDOABLE: [WorkflowState; 2] = [Executed, Verified];

/// `states` as an SQL list of their stored text: `'awaiting', 'approved'`.
pub fn sql_list(states: &[WorkflowState]) -> String {
    states
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_open_states_are_listed_as_the_database_stores_them() {
        assert_eq!(
            sql_list(&OPEN),
            "'awaiting', 'approved', 'failed', 'executed'"
        );
    }
}
