//! The Users page: every seat holder and how they use the seat.

use leptos::prelude::*;

use crate::components::{empty_state::NoReportYet, page::PageHeader};

#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <PageHeader title="Users" lead="Every Gong seat holder with their seat type, status and last activity."/>
        <NoReportYet shows="Each seat holder will be listed with name, email, manager, seat type, status, last active date and hosted calls over 30, 90 and 365 days."/>
    }
}
