//! The Approvals page: the deactivation proposals waiting for the signed-in approver.

use leptos::prelude::*;

use crate::components::{empty_state::EmptyState, page::PageHeader};

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    view! {
        <PageHeader
            title="Approvals"
            lead="Deactivation and downgrade proposals waiting for your decision."
        />
        <EmptyState heading="Nothing is waiting for you">
            <p>
                "When an admin proposes deactivating one of your reports, the proposal appears here "
                "with the reason and the cost, for you to approve or reject."
            </p>
        </EmptyState>
    }
}
