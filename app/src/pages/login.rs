//! Sign in: a plain form posted to `/auth/login`, so it works before (and without) JavaScript, and
//! a link to single sign-on when the server has an OpenID provider configured.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{api::load_shell_info, components::page::PageHeader, csrf::CsrfField};

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
        "sso-off" => "Single sign-on is not configured on this server: sign in with your email and password.".into(),
        "sso-unavailable" => "The identity provider could not be reached. Try again in a moment, or sign in with a local account.".into(),
        "sso-denied" => "The identity provider did not let you sign in (access was denied or the sign-in was cancelled). Nothing was signed in.".into(),
        "sso-error" => "The identity provider answered with an error. Nothing was signed in; try again.".into(),
        "sso-expired" => "That single sign-on was not started in this browser, or took longer than ten minutes. Start again.".into(),
        "sso-state" => "The answer from the identity provider does not match the sign-in this browser started, so it was refused. Start again.".into(),
        "sso-code" => "The identity provider refused the sign-in code (it expired or was already used). Start again.".into(),
        "sso-token" => "The identity provider's ID token did not pass its checks (signature, audience, expiry or clock), so nothing was signed in. Tell an admin if it happens again.".into(),
        "sso-email" => "The identity provider gave no usable, verified email address for you, so no account can be matched.".into(),
        "sso-no-role" => "You signed in at the identity provider, but none of your groups gives access to seat-audit. Ask an admin to add you to a group that does.".into(),
        _ => "Signing in did not work. Try again.".into(),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let error = move || query.read().get("error").map(|code| problem(&code));
    let signed_out = move || query.read().get("signed_out").is_some();
    let next = move || query.read().get("next").unwrap_or_default();
    let shell = OnceResource::new(load_shell_info());
    let sso_href = move || format!("/auth/oidc/login?next={}", encode(&next()));
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
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    shell.await.ok().and_then(|info| info.sso_provider).map(|name| view! {
                        // rel="external": a server route, not one of the router's pages.
                        <p class="sso">
                            <a href=sso_href rel="external">{format!("Sign in with {name}")}</a>
                        </p>
                    })
                })}
            </Suspense>
            <p class="hint">
                "No account yet? An administrator creates one in Settings, or on the server with "
                <code>"seat-audit user add --email you@example.com --role admin"</code>
                ". The demo prints one account per role when it starts."
            </p>
        </div>
    }
}

/// `text` percent-encoded for a query value: everything but letters, digits and `-._~`.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_asked_for_travels_to_single_sign_on_encoded() {
        assert_eq!(
            encode("/users?sort=name&x=a b"),
            "%2Fusers%3Fsort%3Dname%26x%3Da%20b"
        );
    }

    #[test]
    fn every_single_sign_on_refusal_has_its_own_sentence() {
        for code in [
            "sso-denied",
            "sso-state",
            "sso-no-role",
            "sso-token",
            "sso-code",
            "sso-expired",
        ] {
            assert_ne!(problem(code), problem("unknown"), "{code}");
        }
    }
}
