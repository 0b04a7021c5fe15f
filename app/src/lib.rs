//! The seat-audit user interface: the shell, the routes, the pages and the server functions they call.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod csrf;
pub mod error;
pub mod pages;
pub mod types;
pub mod version;

#[cfg(feature = "ssr")]
pub mod backend;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use components::layout::Layout;
use pages::{
    approvals::ApprovalsPage, audit::AuditLogPage, candidates::CandidatesPage,
    finance::FinancePage, login::LoginPage, not_found::NotFoundPage, overview::OverviewPage,
    settings::SettingsPage, sync::SyncPage, user::UserPage, users::UsersPage,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <meta name="csrf-token" content=csrf::token()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Stylesheet id="seat-audit" href="/pkg/seat-audit.css"/>
        <Title formatter=|page: String| format!("{page} · seat-audit")/>
        <Router>
            <Layout>
                // Async: every page's data is in its first HTML, so it reads complete without
                // JavaScript (out-of-order streaming needs a script to fill each Suspense in).
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=OverviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/users") view=UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/users/:id") view=UserPage ssr=SsrMode::Async/>
                    <Route path=path!("/candidates") view=CandidatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/approvals") view=ApprovalsPage ssr=SsrMode::Async/>
                    <Route path=path!("/finance") view=FinancePage ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view=AuditLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/sync") view=SyncPage ssr=SsrMode::Async/>
                    <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
