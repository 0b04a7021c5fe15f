//! Notifications that could not be sent, for admins on the Approvals and Sync pages: which
//! message, to whom, why, and whether another attempt comes.

use leptos::prelude::*;

use crate::types::NotifyHealth;

#[component]
pub fn NotifyProblems(health: NotifyHealth) -> impl IntoView {
    if health.problems.is_empty() {
        return ().into_any();
    }
    let given_up = health.problems.iter().filter(|p| p.given_up).count();
    let retrying = health.problems.len() - given_up;
    let summary = match (given_up, retrying) {
        (0, n) => format!("{n} notification(s) failed and will be retried."),
        (n, 0) => format!("{n} notification(s) could not be sent and were given up."),
        (g, r) => format!("{g} notification(s) were given up; {r} will be retried."),
    };
    view! {
        <section class="card notify-problems" aria-labelledby="notify-problems-heading"
            data-testid="notify-problems">
            <h2 id="notify-problems-heading">"Notifications not delivered"</h2>
            <p class="outcome bad" role="status">{summary}
                " Check the channel's settings and use “Send a test message” on the Settings page."</p>
            <ul>
                {health
                    .problems
                    .into_iter()
                    .map(|p| {
                        let when = if p.given_up {
                            format!("given up after {} attempts", p.attempts)
                        } else {
                            format!("attempt {} failed; next at {}", p.attempts, p.next_attempt_at)
                        };
                        view! {
                            <li>
                                <strong>{format!("{} to {}", p.channel, p.recipient)}</strong>
                                {format!(" — “{}”: {when}. ", p.subject)}
                                <span class="hint">{p.error}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
