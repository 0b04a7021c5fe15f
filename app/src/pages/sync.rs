//! The Sync page: every recorded run, newest first.

use leptos::prelude::*;

use crate::{
    api::list_sync_runs,
    components::{empty_state::EmptyState, error_view::ErrorPanel, page::PageHeader},
    types::SyncRunSummary,
};

#[component]
pub fn SyncPage() -> impl IntoView {
    let runs = Resource::new(|| (), |_| list_sync_runs());
    view! {
        <PageHeader
            title="Sync"
            lead="Each run that pulled users and activity from Gong: when, how long, how many requests, and how it ended."
        />
        <ErrorPanel>
            <Suspense fallback=|| view! { <p>"Loading runs…"</p> }>
                {move || Suspend::new(async move {
                    runs.await.map(|runs| view! { <RunsTable runs/> })
                })}
            </Suspense>
        </ErrorPanel>
    }
}

#[component]
fn RunsTable(runs: Vec<SyncRunSummary>) -> impl IntoView {
    if runs.is_empty() {
        return view! {
            <EmptyState heading="No sync has run yet">
                <p>
                    "Run " <code>"seat-audit sync"</code>
                    " to pull users and activity from Gong; each run will be listed here."
                </p>
            </EmptyState>
        }
        .into_any();
    }
    view! {
        <table class="data-table">
            <caption>"Sync runs, newest first"</caption>
            <thead>
                <tr>
                    <th scope="col">"Started (UTC)"</th>
                    <th scope="col">"Trigger"</th>
                    <th scope="col">"Duration"</th>
                    <th scope="col">"Requests"</th>
                    <th scope="col">"429s"</th>
                    <th scope="col">"Outcome"</th>
                </tr>
            </thead>
            <tbody>
                {runs
                    .into_iter()
                    .map(|run| {
                        let duration = run
                            .finished_at
                            .map(|end| format!("{} s", (end - run.started_at).num_seconds()))
                            .unwrap_or_else(|| "–".into());
                        view! {
                            <tr>
                                <td>{run.started_at.format("%Y-%m-%d %H:%M").to_string()}</td>
                                <td>{run.trigger}</td>
                                <td>{duration}</td>
                                <td class="num">{run.requests}</td>
                                <td class="num">{run.throttled}</td>
                                <td>
                                    {run.outcome.label()}
                                    {run.error.map(|e| view! { <span class="run-error">": " {e}</span> })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
