//! Charts drawn on the server, each shown as a figure with its caption; the SVG carries its own
//! title and text alternative. The Overview's charts section loads its own data.

use leptos::prelude::*;

use crate::{
    api::load_overview_charts,
    components::error_view::ErrorPanel,
    types::{Chart, OverviewCharts},
};

/// One chart: the server's SVG (its texts escaped there) and a visible caption.
#[component]
pub fn ChartFigure(chart: Chart) -> impl IntoView {
    view! {
        <figure class="chart-figure" data-testid=format!("chart-{}", chart.id)>
            <div class="chart-image" inner_html=chart.svg></div>
            <figcaption>{chart.caption}</figcaption>
        </figure>
    }
}

/// The Overview's charts: utilisation trend, days since last active, hosted calls per week.
#[component]
pub fn OverviewChartsSection() -> impl IntoView {
    let charts = OnceResource::new(load_overview_charts());
    view! {
        <section class="charts" aria-labelledby="charts-heading" data-testid="overview-charts">
            <h2 id="charts-heading">"Trends and activity"</h2>
            <ErrorPanel>
                <Suspense fallback=|| view! { <p>"Loading charts…"</p> }>
                    {move || Suspend::new(async move {
                        charts.await.map(|charts| view! { <Figures charts/> })
                    })}
                </Suspense>
            </ErrorPanel>
        </section>
    }
}

#[component]
fn Figures(charts: OverviewCharts) -> impl IntoView {
    if charts.as_of.is_none() || charts.charts.is_empty() {
        return view! {
            <p class="hint">
                "The utilisation trend, the days since each user was last active and the hosted calls per week appear after the first complete sync."
            </p>
        }
        .into_any();
    }
    view! {
        <div class="chart-grid">
            {charts
                .charts
                .into_iter()
                .map(|chart| view! { <ChartFigure chart/> })
                .collect_view()}
        </div>
    }
    .into_any()
}
