//! The heading block of a page, which also sets the document title.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PageHeader(
    /// The page name, used for the `<h1>` and the document title.
    title: &'static str,
    /// One sentence on what the page is for.
    lead: &'static str,
) -> impl IntoView {
    view! {
        <Title text=title/>
        <div class="page-header">
            <h1>{title}</h1>
            <p class="lead">{lead}</p>
        </div>
    }
}
