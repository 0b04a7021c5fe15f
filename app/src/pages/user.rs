//! The User page: one user's status and reason, activity per 90-day window, seats, manager chain,
//! direct reports and status history; an unknown id is a "no such user" page with HTTP 404.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{
    api::load_user_detail,
    components::{charts::ChartFigure, empty_state::NoReportYet, error_view::ErrorPanel},
    types::{SeatType, Signal, Status, StatusChange, UserDetail, UserLink, UserLookup},
};

/// The page of a user, for links from other pages.
pub fn user_href(id: &str) -> String {
    format!("/users/{id}")
}

/// A status as people read it: `never active`.
pub fn status_label(status: Status) -> String {
    status.label()
}

/// The signal of a last-active date in words.
pub fn signal_words(signal: Signal) -> &'static str {
    match signal {
        Signal::Hosted => "hosted a call",
        Signal::Attended => "attended a call",
        Signal::Coached => "coached",
        Signal::Listened => "listened to a recording",
    }
}

/// `2026-03-02 (hosted a call)`, or `never`.
pub fn last_active_words(day: Option<&str>, signal: Option<Signal>) -> String {
    match (day, signal) {
        (Some(day), Some(signal)) => format!("{day} ({})", signal_words(signal)),
        (Some(day), None) => day.to_owned(),
        _ => "never".into(),
    }
}

/// The seat types a user holds in words; a deactivated user holds none.
pub fn seat_words(status: Status, seats: &[SeatType]) -> String {
    if status == Status::Deactivated {
        "No seat (deactivated in Gong)".into()
    } else if seats.is_empty() {
        "Collaborator (no paid seat)".into()
    } else {
        seats
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A name fit for the document title. leptos_meta writes the title's text into the server's HTML
/// unescaped, so a Gong name such as `</title><script>…` would become markup: angle brackets are
/// swapped for look-alike quotation marks (the same on server and browser, so hydration agrees).
pub fn title_text(name: &str) -> String {
    name.replace('<', "‹").replace('>', "›")
}

/// A coloured status badge, as the Users table shows it.
#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    view! { <span class=format!("status status-{status}")>{status_label(status)}</span> }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let user = Resource::new(move || id.get(), load_user_detail);
    view! {
        <ErrorPanel>
            <Transition fallback=|| view! { <p>"Loading the user…"</p> }>
                {move || Suspend::new(async move {
                    user.await.map(|lookup| view! { <Lookup lookup/> })
                })}
            </Transition>
        </ErrorPanel>
    }
}

#[component]
fn Lookup(lookup: UserLookup) -> impl IntoView {
    match lookup {
        UserLookup::Found(user) => view! { <UserView user=*user/> }.into_any(),
        UserLookup::NoReport => view! {
            <Title text="User"/>
            <div class="page-header">
                <h1>"User"</h1>
                <p class="lead">"One user's status, activity, manager chain and history."</p>
            </div>
            <NoReportYet shows="Each user's status and reason, activity per 90-day window, manager chain, direct reports and status history will appear here."/>
        }
        .into_any(),
        UserLookup::NotFound => view! { <NoSuchUser/> }.into_any(),
    }
}

#[component]
fn NoSuchUser() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="No such user"/>
        <div class="page-header">
            <h1>"No such user"</h1>
            <p class="lead">"The latest report lists no user with this id."</p>
        </div>
        <p>
            "The link may be mistyped, or the user may no longer be in Gong. Find them by name or email on the "
            <a href="/users">"Users"</a> " page."
        </p>
    }
}

#[component]
fn UserView(user: UserDetail) -> impl IntoView {
    let count = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_else(|| "–".into());
    let last_hosted = user
        .last_hosted_call
        .as_deref()
        .map(|t| {
            chrono::DateTime::parse_from_rfc3339(t)
                .map(|t| t.to_utc().format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_else(|_| t.to_owned())
        })
        .unwrap_or_else(|| "none in the look-back".into());
    let mut seats = seat_words(user.status, &user.seat_types);
    if !user.seats_recorded && user.status != Status::Deactivated {
        seats.push_str(" (assumed: no seat types recorded)");
    }
    let last_active = last_active_words(user.last_active.as_deref(), user.last_active_signal);
    let admin = if user.technical_admin { "Yes" } else { "No" };
    let facts: Vec<(&'static str, String, &'static str)> = vec![
        ("Email", user.email.clone(), "user-email"),
        (
            "Title",
            user.title.clone().unwrap_or_else(|| "–".into()),
            "user-title",
        ),
        ("Last active", last_active, "user-last-active"),
        ("Last hosted call", last_hosted, "user-last-hosted"),
        ("Hosted calls, 30 days", count(user.calls_30d), "calls-30d"),
        ("Hosted calls, 90 days", count(user.calls_90d), "calls-90d"),
        (
            "Hosted calls, 365 days",
            count(user.calls_365d),
            "calls-365d",
        ),
        ("Seat types", seats, "user-seats"),
        (
            "Technical Administrator",
            admin.into(),
            "user-technical-admin",
        ),
    ];
    let name = user.name.clone();
    view! {
        <Title text=title_text(&user.name)/>
        <div class="page-header">
            <h1>{user.name.clone()}</h1>
            <p class="lead">
                {user.title.clone()}
                {user
                    .technical_admin
                    .then(|| view! { <span class="badge">"Technical Administrator"</span> })}
            </p>
        </div>
        <section class="card" aria-labelledby="user-status-heading">
            <h2 id="user-status-heading">"Status and activity"</h2>
            <dl class="settings-list user-facts">
                <dt>"Status"</dt>
                <dd data-testid="user-status">
                    <StatusBadge status=user.status/>
                </dd>
                {user
                    .reason
                    .clone()
                    .map(|reason| {
                        view! {
                            <dt>"Reason"</dt>
                            <dd data-testid="user-reason">{reason}</dd>
                        }
                    })}
                {facts
                    .into_iter()
                    .map(|(label, value, test_id)| {
                        view! {
                            <dt>{label}</dt>
                            <dd data-testid=test_id>{value}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
            <p class="hint">
                {format!("From the report of {}.", user.as_of.format("%Y-%m-%d %H:%M UTC"))}
            </p>
        </section>
        <section class="charts" aria-labelledby="user-activity-heading">
            <h2 id="user-activity-heading">"Activity per 90-day window"</h2>
            <ChartFigure chart=user.activity_chart/>
        </section>
        <ManagerChain chain=user.manager_chain/>
        <DirectReports name=name.clone() reports=user.direct_reports/>
        <History name history=user.history/>
    }
}

#[component]
fn ManagerChain(chain: Vec<UserLink>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="manager-chain-heading" data-testid="manager-chain">
            <h2 id="manager-chain-heading">"Manager chain"</h2>
            {if chain.is_empty() {
                view! { <p>"No manager: this user is at the top of the org chart."</p> }.into_any()
            } else {
                view! {
                    <p class="hint">"From the direct manager up to the top of the org chart."</p>
                    <ol class="manager-chain">
                        {chain
                            .into_iter()
                            .map(|link| {
                                view! {
                                    <li>
                                        <a href=user_href(&link.id)>{link.name}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn DirectReports(name: String, reports: Vec<UserLink>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="direct-reports-heading">
            <h2 id="direct-reports-heading">"Direct reports"</h2>
            {if reports.is_empty() {
                view! { <p data-testid="no-direct-reports">"No direct reports."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" data-testid="direct-reports">
                        <caption>{format!("Direct reports of {name}")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Status"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {reports
                                .into_iter()
                                .map(|link| {
                                    view! {
                                        <tr>
                                            <td>
                                                <a href=user_href(&link.id)>{link.name}</a>
                                            </td>
                                            <td>
                                                <StatusBadge status=link.status/>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn History(name: String, history: Vec<StatusChange>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="status-history-heading">
            <h2 id="status-history-heading">"Status history"</h2>
            <table class="data-table" data-testid="status-history">
                <caption>{format!("Status of {name} in each stored report, newest first")}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Report date"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Reason"</th>
                    </tr>
                </thead>
                <tbody>
                    {history
                        .into_iter()
                        .map(|change| {
                            view! {
                                <tr>
                                    <td>{change.as_of.format("%Y-%m-%d %H:%M UTC").to_string()}</td>
                                    <td>
                                        <StatusBadge status=change.status/>
                                    </td>
                                    <td>{change.reason.unwrap_or_else(|| "–".into())}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_activity_and_seats_are_said_in_words() {
        assert_eq!(
            last_active_words(Some("2026-03-02"), Some(Signal::Listened)),
            "2026-03-02 (listened to a recording)"
        );
        assert_eq!(last_active_words(None, None), "never");
        assert_eq!(
            seat_words(Status::Inactive, &[SeatType::Gong, SeatType::Engage]),
            "Gong, Engage"
        );
        assert_eq!(
            seat_words(Status::Listener, &[]),
            "Collaborator (no paid seat)"
        );
        assert_eq!(
            seat_words(Status::Deactivated, &[SeatType::Gong]),
            "No seat (deactivated in Gong)"
        );
        assert_eq!(status_label(Status::NeverActive), "never active");
        assert_eq!(
            title_text("</title><script>x</script>"),
            "‹/title›‹script›x‹/script›"
        );
    }
}
