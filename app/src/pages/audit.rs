//! The Audit log page: every sign-in, proposal, decision, execution and settings change, append-only.

use leptos::prelude::*;

use crate::components::{empty_state::EmptyState, page::PageHeader};

#[component]
pub fn AuditLogPage() -> impl IntoView {
    view! {
        <PageHeader
            title="Audit log"
            lead="Who did what, when and why: an append-only record nobody can edit."
        />
        <EmptyState heading="No entries yet">
            <p>
                "Sign-ins, proposals, approvals, rejections, executions, undos and settings changes are "
                "recorded here with who, when, what changed and why."
            </p>
        </EmptyState>
    }
}
