//! The Finance page: seats, cost and the renewal.

use leptos::prelude::*;

use crate::components::{empty_state::NoReportYet, page::PageHeader};

#[component]
pub fn FinancePage() -> impl IntoView {
    view! {
        <PageHeader title="Finance" lead="Purchased, assigned and used seats per seat type, the cost of idle seats and the renewal."/>
        <NoReportYet shows="Seat figures per seat type, the yearly cost of idle and underused seats, the savings at the next renewal and a right-size recommendation will appear here."/>
    }
}
