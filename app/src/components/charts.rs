//! Charts drawn on the server, each shown as a figure with its caption; the SVG carries its own
//! title and text alternative. The Overview's charts section loads its own data.

use leptos::prelude::*;

use crate::{
    api::load_overview_charts,
    components::error_view::ErrorPanel,
    types::{Chart, OverviewCharts},
};

/// One chart: the server's SVG (its texts escaped there), a visible caption, and its numbers as
/// a table behind a toggle (a `details` element: it opens from the keyboard and without script).
#[component]
pub fn ChartFigure(chart: Chart) -> impl IntoView {
    let table = chart.table;
    let numbers = (!table.rows.is_empty()).then(|| {
        view! {
            <details class="chart-numbers" data-testid=format!("chart-{}-numbers", chart.id)>
                <summary>"Show the numbers"</summary>
                <table class="data-table">
                    <thead>
                        <tr>
                            {table
                                .columns
                                .into_iter()
                                .enumerate()
                                .map(|(i, c)| {
                                    let class = if i == 0 { "" } else { "num" };
                                    view! { <th scope="col" class=class>{c}</th> }
                                })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {table
                            .rows
                            .into_iter()
                            .map(|row| {
                                view! {
                                    <tr>
                                        {row
                                            .into_iter()
                                            .enumerate()
                                            .map(|(i, cell)| {
                                                if i == 0 {
                                                    view! { <th scope="row">{cell}</th> }.into_any()
                                                } else {
                                                    view! { <td class="num">{cell}</td> }.into_any()
                                                }
                                            })
                                            .collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        }
    });
    view! {
        <figure class="chart-figure" data-testid=format!("chart-{}", chart.id)>
            <div class="chart-image" inner_html=chart.svg></div>
            <figcaption>{chart.caption}</figcaption>
            {numbers}
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
