//! What a page shows when it has nothing to show yet, and what to do about it.

use leptos::prelude::*;

#[component]
pub fn EmptyState(heading: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="empty-state" aria-label=heading>
            <h2>{heading}</h2>
            {children()}
        </section>
    }
}

/// The empty state of every page that reads the latest good report.
#[component]
pub fn NoReportYet(
    /// What the page will list once a report exists.
    shows: &'static str,
) -> impl IntoView {
    view! {
        <EmptyState heading="No report yet">
            <p>{shows}</p>
            <p>
                "A report is produced by a complete sync with Gong. Run "
                <code>"seat-audit sync"</code> " or see the " <a href="/sync">"Sync"</a> " page."
            </p>
        </EmptyState>
    }
}
