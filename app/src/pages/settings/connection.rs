//! The connection fixed at start-up, shown read-only with secrets masked.

use leptos::prelude::*;

use crate::types::{ConnectionInfo, Mode};

fn secret_state(set: bool) -> &'static str {
    if set {
        "set (hidden)"
    } else {
        "not set"
    }
}

#[component]
pub fn Connection(info: ConnectionInfo) -> impl IntoView {
    let mode = match info.mode {
        Mode::Demo => "Demo: the embedded Gong simulator",
        Mode::Live => "Live: a real Gong tenant",
    };
    view! {
        <section aria-labelledby="connection-heading">
            <h2 id="connection-heading">"Connection"</h2>
            <dl class="settings-list">
                <dt>"Mode"</dt>
                <dd>{mode}</dd>
                <dt>"Gong API base URL"</dt>
                <dd><code>{info.gong_base_url}</code></dd>
                <dt>"Gong access key"</dt>
                <dd>{secret_state(info.gong_access_key_set)}</dd>
                <dt>"Gong access key secret"</dt>
                <dd>{secret_state(info.gong_access_key_secret_set)}</dd>
                <dt>"SCIM base URL"</dt>
                <dd>
                    {info.scim_base_url.map(|url| view! { <code>{url}</code> }.into_any())
                        .unwrap_or_else(|| "not set: deactivations are done by hand".into_any())}
                </dd>
                <dt>"SCIM token"</dt>
                <dd>{secret_state(info.scim_token_set)}</dd>
                <dt>"Database"</dt>
                <dd><code>{info.database}</code></dd>
                <dt>"Data directory"</dt>
                <dd><code>{info.data_dir}</code></dd>
                <dt>"Listening on"</dt>
                <dd><code>{info.listen_addr}</code></dd>
            </dl>
            <p class="hint">
                "To change them, set the " <code>"SEAT_AUDIT__…"</code>
                " environment variables or edit the configuration file, then restart."
            </p>
        </section>
    }
}
