//! The page for any address the app does not know, answered with HTTP 404.

use leptos::prelude::*;

use crate::components::page::PageHeader;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }

    view! {
        <PageHeader title="Page not found" lead="There is no page at this address."/>
        <p>
            "Check the address, or go back to the " <a href="/">"Overview"</a>
            " and use the navigation above."
        </p>
    }
}
