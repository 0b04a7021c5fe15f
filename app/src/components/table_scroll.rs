//! A wide table's own scrolling box: on a narrow screen the table scrolls inside it, not the page.
//! The box is a labelled region that takes keyboard focus, so someone without a mouse can scroll
//! it with the arrow keys (axe-core's `scrollable-region-focusable`).

use leptos::prelude::*;

#[component]
pub fn TableScroll(#[prop(into)] label: String, children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
            {children()}
        </div>
    }
}
