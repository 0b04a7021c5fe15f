//! "Check the installation": the same findings as `seat-audit check`, run on request (each run
//! sends a handful of read-only requests to Gong and SCIM).

use leptos::prelude::*;

use crate::{
    api::RunCheck,
    types::{CheckResult, Verdict},
};

#[component]
pub fn CheckSection() -> impl IntoView {
    let action = ServerAction::<RunCheck>::new();
    let pending = action.pending();
    view! {
        <section aria-labelledby="check-heading">
            <h2 id="check-heading">"Check the installation"</h2>
            <p class="hint">
                "Whether Gong is reached and accepts the key, which endpoints the key may use and so "
                "which signals the report has, SCIM, the database and the clock: the same as "
                <code>"seat-audit check"</code> " on the server."
            </p>
            <ActionForm action attr:class="inline-form">
                <crate::csrf::CsrfField/>
                <button type="submit" disabled=pending>
                    {move || if pending.get() { "Checking…" } else { "Run the check" }}
                </button>
            </ActionForm>
            {move || {
                action.value().get().map(|answer| match answer {
                    Ok(result) => view! { <Findings result/> }.into_any(),
                    Err(error) => view! {
                        <p class="outcome bad" role="alert">{format!("The check did not run. {error}")}</p>
                    }
                    .into_any(),
                })
            }}
        </section>
    }
}

#[component]
fn Findings(result: CheckResult) -> impl IntoView {
    let summary = if result.passed() {
        ("outcome ok", "Everything seat-audit needs works.")
    } else {
        (
            "outcome bad",
            "Something seat-audit needs does not work: see the lines marked failed.",
        )
    };
    view! {
        <p class=summary.0 role="status">{summary.1}</p>
        <ul class="check-findings" data-testid="check-findings">
            {result
                .lines
                .into_iter()
                .map(|line| {
                    let class = match line.verdict {
                        Verdict::Passed => "check-ok",
                        Verdict::Warning => "check-warning",
                        Verdict::Failed => "check-failed",
                    };
                    view! {
                        <li class=class>
                            <strong>{line.verdict.label()} ": "</strong>
                            {line.sentence}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
