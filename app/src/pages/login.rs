//! Sign in: a plain form posted to `/auth/login`, so it works before (and without) JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{components::page::PageHeader, csrf::CsrfField};

/// The sentence for the `error` the sign-in handler redirects with.
fn problem(code: &str) -> String {
    if let Some(minutes) = code.strip_prefix("limited-") {
        return format!(
            "Too many failed sign-ins for this account or from this address. Try again in {minutes} minute(s)."
        );
    }
    match code {
        "credentials" => "Wrong email or password, or the account is disabled.".into(),
        "unavailable" => "Signing in is not possible right now (the database could not be read). Try again in a moment.".into(),
        _ => "Signing in did not work. Try again.".into(),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let error = move || query.read().get("error").map(|code| problem(&code));
    let signed_out = move || query.read().get("signed_out").is_some();
    let next = move || query.read().get("next").unwrap_or_default();
    view! {
        <PageHeader title="Sign in" lead="Sign in with your seat-audit account."/>
        <div class="login">
            {move || signed_out().then(|| view! { <p class="notice" role="status">"You are signed out."</p> })}
            {move || error().map(|text| view! { <p class="form-error" role="alert" data-testid="login-error">{text}</p> })}
            <form class="settings-form" method="post" action="/auth/login">
                <CsrfField/>
                <input type="hidden" name="next" value=next/>
                <label>
                    "Email"
                    <input type="email" name="email" autocomplete="username" required/>
                </label>
                <label>
                    "Password"
                    <input type="password" name="password" autocomplete="current-password" required/>
                </label>
                <button type="submit">"Sign in"</button>
            </form>
            <p class="hint">
                "No account yet? An administrator creates one in Settings, or on the server with "
                <code>"seat-audit user add --email you@example.com --role admin"</code>
                ". The demo prints one account per role when it starts."
            </p>
        </div>
    }
}
