//! The Candidates page: the latest report's flagged users grouped by reason, with the yearly cost
//! each change frees, and (for admins) the selection proposed to the approval workflow.

use leptos::prelude::*;

use crate::components::table_scroll::TableScroll;

use crate::{
    api::load_candidates,
    components::{
        empty_state::{EmptyState, NoReportYet},
        error_view::ErrorPanel,
        page::PageHeader,
        seat_figures::{count, money},
    },
    pages::user::{last_active_words, seat_words, user_href, StatusBadge},
    types::{CandidateAction, CandidateGroup, CandidateRow, Candidates, Status},
};

/// The label of the propose button.
pub const PROPOSE_LABEL: &str = "Propose selected";

/// A group's name and what its table's caption calls its users.
fn group_names(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Inactive => ("Inactive", "Inactive users"),
        Status::NeverActive => ("Never active", "Never-active users"),
        _ => ("Listeners", "Listeners"),
    }
}

fn action_words(action: CandidateAction) -> &'static str {
    match action {
        CandidateAction::Deactivate => "deactivate",
        CandidateAction::Downgrade => "downgrade to a free collaborator seat",
    }
}

/// `Inactive (deactivate): 12 users, $19,200 a year`.
pub fn group_heading(group: &CandidateGroup, currency: &str) -> String {
    let n = group.rows.len();
    format!(
        "{} ({}): {} {}, {} a year",
        group_names(group.status).0,
        action_words(group.action),
        count(n as u64),
        if n == 1 { "user" } else { "users" },
        money(group.total_cents, currency)
    )
}

#[component]
pub fn CandidatesPage() -> impl IntoView {
    let candidates = OnceResource::new(load_candidates());
    view! {
        <PageHeader title="Candidates" lead="Users flagged for deactivation or for a downgrade to a free collaborator seat."/>
        <crate::pages::approvals::StepOutcome/>
        <ErrorPanel>
            <Suspense fallback=|| view! { <p>"Loading candidates…"</p> }>
                {move || Suspend::new(async move {
                    candidates.await.map(|candidates| view! { <CandidateList candidates/> })
                })}
            </Suspense>
        </ErrorPanel>
    }
}

#[component]
fn CandidateList(candidates: Candidates) -> impl IntoView {
    if candidates.as_of.is_none() {
        return view! {
            <NoReportYet shows="Flagged users will be grouped by reason (inactive, never active, listener) with the reason in words and the yearly cost each seat frees."/>
        }
        .into_any();
    }
    let total_users: usize = candidates.groups.iter().map(|g| g.rows.len()).sum();
    if total_users == 0 {
        return view! {
            <EmptyState heading="No candidates: every seat is in use">
                <p>
                    "The latest report flags nobody: every seat holder was active within the inactivity threshold, or is new, protected or unmonitored."
                </p>
                <p>
                    "Review the " <a href="/users?status=unmonitored">"unmonitored users"</a>
                    " (silence proves nothing for them), check the thresholds and protected users in "
                    <a href="/settings">"Settings"</a> ", and look again after the next "
                    <a href="/sync">"sync"</a> "."
                </p>
            </EmptyState>
        }
        .into_any();
    }
    let total_cents: i64 = candidates.groups.iter().map(|g| g.total_cents).sum();
    let can_propose = candidates.can_propose;
    let currency = candidates.currency;
    let summary = format!(
        "{} {}, freeing {} a year at today's seat prices. A seat removed mid-term lowers the bill at the next renewal, not before.",
        count(total_users as u64),
        if total_users == 1 { "candidate" } else { "candidates" },
        money(total_cents, &currency)
    );
    view! {
        <form class="candidates" method="post" action="/workflow/propose" aria-label="Select candidates to propose">
            <crate::csrf::CsrfField/>
            <p class="table-summary" data-testid="candidates-summary">{summary}</p>
            <p class="hint">
                "Deactivating frees every paid seat the user holds; a downgrade frees the Gong seat only. Protected users are never candidates."
            </p>
            {candidates
                .groups
                .into_iter()
                .map(|group| view! { <Group group currency=currency.clone()/> })
                .collect_view()}
            {can_propose.then(|| view! {
                <div class="propose">
                    <label>
                        <input type="checkbox" name="acknowledge" value="on"/>
                        " I have checked who the selected users manage: their direct reports will need a new manager in Gong."
                    </label>
                    <p class="hint">
                        "Each selected user goes to their manager for approval (or to the fallback approver). Protected users, the last Technical Administrator and users rejected within the cool-down are refused, and nothing is proposed."
                    </p>
                    <button type="submit">{PROPOSE_LABEL}</button>
                </div>
            })}
        </form>
    }
    .into_any()
}

#[component]
fn Group(group: CandidateGroup, currency: String) -> impl IntoView {
    let heading = group_heading(&group, &currency);
    let (name, caption_users) = group_names(group.status);
    let heading_id = format!("candidates-{}-heading", group.status);
    let labelled_by = heading_id.clone();
    let caption = format!("{caption_users} to {}", action_words(group.action));
    let size = group.rows.len();
    let selected: Vec<RwSignal<bool>> = group.rows.iter().map(|_| RwSignal::new(false)).collect();
    let body = if group.rows.is_empty() {
        view! { <p>"No user in this group."</p> }.into_any()
    } else {
        let all = selected.clone();
        let set_all = selected.clone();
        let rows = group
            .rows
            .into_iter()
            .zip(selected)
            .map(|(row, checked)| view! { <Row row checked currency=currency.clone()/> })
            .collect_view();
        view! {
            <TableScroll label=caption.clone()>
                <table class="data-table" data-testid=format!("candidates-{}", group.status)>
                    <caption>{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">
                                <input
                                    type="checkbox"
                                    aria-label=format!("Select all in {name}")
                                    prop:checked=move || all.iter().all(|s| s.get())
                                    on:change=move |ev| {
                                        let checked = event_target_checked(&ev);
                                        for s in &set_all {
                                            s.set(checked);
                                        }
                                    }
                                />
                            </th>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Manager"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Last active"</th>
                            <th scope="col">"Reason"</th>
                            <th scope="col">"Seat types"</th>
                            <th scope="col" class="num">"Frees per year"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
        }
        .into_any()
    };
    view! {
        <section
            class="candidate-group"
            aria-labelledby=labelled_by
            data-count=size.to_string()
        >
            <h2 id=heading_id>{heading}</h2>
            {body}
        </section>
    }
}

#[component]
fn Row(row: CandidateRow, checked: RwSignal<bool>, currency: String) -> impl IntoView {
    let manager = match (row.manager_id, row.manager) {
        (Some(id), Some(name)) => view! { <a href=user_href(&id)>{name}</a> }.into_any(),
        _ => "–".into_any(),
    };
    let last_active = last_active_words(row.last_active.as_deref(), row.last_active_signal);
    let seats = seat_words(row.status, &row.seat_types);
    view! {
        <tr>
            <td>
                <input
                    type="checkbox"
                    name="user"
                    value=row.id.clone()
                    aria-label=format!("Select {}", row.name)
                    prop:checked=move || checked.get()
                    on:change=move |ev| checked.set(event_target_checked(&ev))
                />
            </td>
            <td>
                <a href=user_href(&row.id)>{row.name}</a>
            </td>
            <td>{manager}</td>
            <td>
                <StatusBadge status=row.status/>
            </td>
            <td>{last_active}</td>
            <td data-testid="candidate-reason">{row.reason}</td>
            <td>{seats}</td>
            <td class="num">{money(row.frees_cents, &currency)}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(status: Status, action: CandidateAction, rows: usize, total: i64) -> CandidateGroup {
        let row = CandidateRow {
            id: "1".into(),
            name: "Ada".into(),
            manager_id: None,
            manager: None,
            status,
            last_active: None,
            last_active_signal: None,
            reason: None,
            seat_types: Vec::new(),
            frees_cents: 0,
        };
        CandidateGroup {
            status,
            action,
            rows: vec![row; rows],
            total_cents: total,
        }
    }

    #[test]
    fn a_group_heading_gives_the_action_the_count_and_the_yearly_cost() {
        assert_eq!(
            group_heading(
                &group(Status::Inactive, CandidateAction::Deactivate, 12, 1_920_000),
                "USD"
            ),
            "Inactive (deactivate): 12 users, $19,200 a year"
        );
        assert_eq!(
            group_heading(
                &group(Status::Listener, CandidateAction::Downgrade, 1, 160_000),
                "USD"
            ),
            "Listeners (downgrade to a free collaborator seat): 1 user, $1,600 a year"
        );
        assert_eq!(
            group_heading(
                &group(Status::NeverActive, CandidateAction::Deactivate, 0, 0),
                "EUR"
            ),
            "Never active (deactivate): 0 users, €0 a year"
        );
    }
}
