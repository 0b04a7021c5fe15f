//! The Overview page: the seat figures at a glance and the state of the last sync.

use leptos::prelude::*;

use crate::{
    api::load_shell_info,
    components::charts::OverviewChartsSection,
    components::{error_view::ErrorPanel, page::PageHeader, seat_figures::SeatFigureCards},
    types::SyncRunSummary,
};

#[component]
pub fn OverviewPage() -> impl IntoView {
    let info = OnceResource::new(load_shell_info());
    view! {
        <PageHeader
            title="Overview"
            lead="Who really uses a paid Gong seat: seat figures, utilisation and what idle seats cost."
        />
        <ErrorPanel>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    info.await.map(|info| view! { <LastSync run=info.last_sync/> })
                })}
            </Suspense>
        </ErrorPanel>
        <SeatFigureCards/>
        <OverviewChartsSection/>
    }
}

#[component]
fn LastSync(run: Option<SyncRunSummary>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="last-sync-heading">
            <h2 id="last-sync-heading">"Last sync"</h2>
            {match run {
                Some(run) => view! {
                    <p>
                        {run.started_at.format("%Y-%m-%d %H:%M UTC").to_string()} ": "
                        {run.outcome.label()}
                    </p>
                }
                .into_any(),
                None => view! { <p>"No sync has run yet."</p> }.into_any(),
            }}
        </section>
    }
}
