//! How a failed request is shown to a person: what went wrong in one sentence, never a stack trace.

use leptos::prelude::*;

/// An error boundary showing what failed, for any page section.
#[component]
pub fn ErrorPanel(children: Children) -> impl IntoView {
    view! {
        <ErrorBoundary fallback=|errors| {
            view! {
                <div class="error-notice" role="alert">
                    <h2>"Something went wrong"</h2>
                    <ul>
                        {move || {
                            errors
                                .get()
                                .into_iter()
                                .map(|(_, e)| view! { <li>{e.to_string()}</li> })
                                .collect_view()
                        }}
                    </ul>
                    <p>"Reload the page to try again. If it keeps happening, the server log has the details."</p>
                </div>
            }
        }>{children()}</ErrorBoundary>
    }
}
