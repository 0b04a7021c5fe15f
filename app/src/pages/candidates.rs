//! The Candidates page: the users the report flags, grouped by reason.

use leptos::prelude::*;

use crate::components::{empty_state::NoReportYet, page::PageHeader};

#[component]
pub fn CandidatesPage() -> impl IntoView {
    view! {
        <PageHeader title="Candidates" lead="Users flagged for deactivation or for a downgrade to a free collaborator seat."/>
        <NoReportYet shows="Flagged users will be grouped by reason (inactive, never active, listener) with the reason in words and the yearly cost each seat frees."/>
    }
}
