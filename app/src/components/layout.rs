//! The frame of every page: skip link, header with the navigation, the demo banner and the main landmark.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::{api::load_shell_info, types::Mode};

/// The pages in the navigation, in the order PRODUCT.md lists them.
pub const NAV_ITEMS: [(&str, &str); 8] = [
    ("/", "Overview"),
    ("/users", "Users"),
    ("/candidates", "Candidates"),
    ("/approvals", "Approvals"),
    ("/finance", "Finance"),
    ("/audit", "Audit log"),
    ("/sync", "Sync"),
    ("/settings", "Settings"),
];

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    // Effects run only in the browser, so this turns true once the page has hydrated; the
    // end-to-end tests wait for it before they click.
    let hydrated = RwSignal::new(false);
    Effect::new(move || hydrated.set(true));
    view! {
        <a class="skip-link" href="#content">"Skip to content"</a>
        <header class="site-header">
            <a class="brand" href="/">"seat-audit"</a>
            <Nav/>
        </header>
        <DemoBanner/>
        <main id="content" tabindex="-1" data-hydrated=move || hydrated.get().to_string()>{children()}</main>
        <footer class="site-footer">
            <span>"seat-audit: who really uses a paid Gong seat"</span>
        </footer>
    }
}

#[component]
fn Nav() -> impl IntoView {
    let location = use_location();
    view! {
        <nav aria-label="Main">
            <ul>
                {NAV_ITEMS
                    .into_iter()
                    .map(|(href, label)| {
                        let current = move || {
                            (location.pathname.get() == href).then_some("page")
                        };
                        view! {
                            <li>
                                <a href=href aria-current=current>{label}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// Says plainly, on every page, when the figures come from the simulator's synthetic company.
#[component]
fn DemoBanner() -> impl IntoView {
    let info = OnceResource::new(load_shell_info());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(info) if info.mode == Mode::Demo => Some(view! {
                        <p class="demo-banner" role="note">
                            <strong>"Demo data. "</strong>
                            "This installation reads a simulated Gong company, not your tenant. "
                            "Set the Gong connection settings to audit real seats."
                        </p>
                    }),
                    _ => None,
                }
            })}
        </Suspense>
    }
}
