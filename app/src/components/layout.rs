//! The frame of every page: skip link, header with the navigation, the demo banner and the main landmark.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::{
    api::load_shell_info,
    csrf::CsrfField,
    types::{Area, Mode, ShellInfo},
};

/// The pages in the navigation, in the order docs/product.md lists them.
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
    let info = OnceResource::new(load_shell_info());
    view! {
        <a class="skip-link" href="#content">"Skip to content"</a>
        <header class="site-header">
            <a class="brand" href="/">"seat-audit"</a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    info.await.ok().map(|info| view! {
                        <Nav info=info.clone()/>
                        <Account info/>
                    })
                })}
            </Suspense>
        </header>
        <DemoBanner info/>
        <main id="content" tabindex="-1" data-hydrated=move || hydrated.get().to_string()>{children()}</main>
        <footer class="site-footer">
            <span>"seat-audit: who really uses a paid Gong seat"</span>
            <span class="version">"version " {crate::version::VERSION}</span>
        </footer>
    }
}

/// The pages the signed-in role may open; nothing before signing in.
#[component]
fn Nav(info: ShellInfo) -> impl IntoView {
    let location = use_location();
    let role = info.viewer.map(|v| v.role);
    view! {
        <nav aria-label="Main">
            <ul>
                {NAV_ITEMS
                    .into_iter()
                    .filter(move |(href, _)| {
                        role.is_some_and(|role| Area::of_page(href).is_none_or(|a| role.may(a)))
                    })
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

/// Who is signed in, and signing out (a form post, so it needs no JavaScript).
#[component]
fn Account(info: ShellInfo) -> impl IntoView {
    info.viewer.map(|viewer| {
        view! {
            <form class="account" method="post" action="/auth/logout">
                <CsrfField/>
                <span data-testid="signed-in-as">
                    {viewer.email} " · " {viewer.role.label()}
                </span>
                <a href="/account/password" rel="external">"Change password"</a>
                <button type="submit">"Sign out"</button>
            </form>
        }
    })
}

/// Says plainly, on every page, when the figures come from the simulator's synthetic company.
#[component]
fn DemoBanner(info: OnceResource<Result<ShellInfo, crate::error::AppError>>) -> impl IntoView {
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
