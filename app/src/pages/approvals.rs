//! The Approvals page: the proposals waiting for the signed-in approver (approve or reject, one or
//! many, with a reason), and for admins every item with its state, the execution step (SCIM or by
//! hand, after a last look at the user's activity) and undo. Every action is a plain form post.

use leptos::prelude::*;

use crate::components::table_scroll::TableScroll;
use leptos_router::hooks::use_query_map;

use crate::{
    api::load_approvals,
    components::{
        empty_state::EmptyState, error_view::ErrorPanel, page::PageHeader, seat_figures::money,
    },
    csrf::CsrfField,
    pages::user::user_href,
    types::{Approvals, WorkflowItem, WorkflowKind, WorkflowState},
};

/// The notice or refusal a workflow step redirected back with.
#[component]
pub fn StepOutcome() -> impl IntoView {
    let query = use_query_map();
    move || {
        query.with(|q| {
            if let Some(text) = q.get("refused") {
                Some(view! { <p class="outcome bad" role="alert" data-testid="step-refused">{text}</p> }.into_any())
            } else {
                q.get("notice").map(|text| {
                    view! { <pre class="outcome ok" role="status" data-testid="step-notice">{text}</pre> }.into_any()
                })
            }
        })
    }
}

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let data = OnceResource::new(load_approvals());
    view! {
        <PageHeader
            title="Approvals"
            lead="Deactivation and downgrade proposals: yours to decide, and (for admins) every item from proposal to execution."
        />
        <StepOutcome/>
        <ErrorPanel>
            <Suspense fallback=|| view! { <p>"Loading approvals…"</p> }>
                {move || Suspend::new(async move { data.await.map(|data| view! { <ApprovalsView data/> }) })}
            </Suspense>
        </ErrorPanel>
    }
}

#[component]
fn ApprovalsView(data: Approvals) -> impl IntoView {
    let currency = data.currency.clone();
    let mode = if data.settings.live {
        view! { <p class="notice" data-testid="execution-mode">"Live execution is on: executing sends the SCIM request to Gong."</p> }.into_any()
    } else {
        view! {
            <p class="notice" data-testid="execution-mode">
                "Dry-run: every step is recorded and the SCIM request that would be sent is shown; nothing is sent to Gong. An admin turns live execution on in "
                <a href="/settings#workflow-heading">"Settings"</a> "."
            </p>
        }
        .into_any()
    };
    let idp = data.settings.idp_provisioning.then(|| view! {
        <p class="notice" role="note" data-testid="idp-warning">
            "Gong is provisioned from an identity provider with automatic updates: the provider may re-activate a user deactivated here. Deactivate them there too."
        </p>
    });
    let problems = view! {
        <crate::components::notify_health::NotifyProblems health=data.notifications/>
    };
    view! {
        {data.operator.then_some(mode)}
        {idp}
        {problems}
        <Mine items=data.mine currency=currency.clone()/>
        {data.operator.then(|| view! { <Every items=data.all currency scim=data.scim/> })}
    }
}

#[component]
fn Mine(items: Vec<WorkflowItem>, currency: String) -> impl IntoView {
    if items.is_empty() {
        return view! {
            <section class="card" aria-labelledby="mine-heading">
                <h2 id="mine-heading">"Waiting for you"</h2>
                <EmptyState heading="Nothing is waiting for you">
                    <p>"When an admin proposes deactivating one of your reports, the proposal appears here with the reason and the cost, for you to approve or reject."</p>
                </EmptyState>
            </section>
        }
        .into_any();
    }
    let rows = items
        .into_iter()
        .map(|item| {
            let label = format!("Select {}", item.name);
            let reports = (!item.direct_reports.is_empty())
                .then(|| format!("Manages {}: they will need a new manager.", item.direct_reports.join(", ")));
            let escalated = item.escalated_to.as_ref().map(|to| {
                format!("Escalated to {to} (fallback approver) after no answer from {}: either may decide.", item.approver)
            });
            view! {
                <tr>
                    <td><input type="checkbox" name="item" value=item.id aria-label=label/></td>
                    <td><a href=user_href(&item.user_id)>{item.name.clone()}</a><br/><span class="hint">{item.email.clone()}</span></td>
                    <td>{item.kind.label()}</td>
                    <td>
                        {item.reason.clone()} {reports.map(|r| view! { <br/><strong>{r}</strong> })}
                        {escalated.map(|e| view! { <br/><span class="badge" data-testid="escalated">{e}</span> })}
                    </td>
                    <td class="num">{money(item.frees_cents, &currency)}</td>
                    <td>{item.proposed_by.clone()}</td>
                    <td>{day(&item.expires_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="mine-heading">
            <h2 id="mine-heading">"Waiting for you"</h2>
            <form method="post" action="/workflow/decide" aria-label="Approve or reject proposals">
                <CsrfField/>
                <TableScroll label="Proposals waiting for you">
                    <table class="data-table" data-testid="my-approvals">
                        <caption>"Proposals waiting for your decision"</caption>
                        <thead>
                            <tr>
                                <th scope="col"><span class="visually-hidden">"Select"</span></th>
                                <th scope="col">"User"</th>
                                <th scope="col">"Change"</th>
                                <th scope="col">"Reason"</th>
                                <th scope="col" class="num">"Frees per year"</th>
                                <th scope="col">"Proposed by"</th>
                                <th scope="col">"Expires"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </TableScroll>
                <label for="decision_reason">"Reason (required to reject)"</label>
                <input id="decision_reason" name="reason" type="text" maxlength="300"/>
                <div class="form-actions">
                    <button type="submit" name="decision" value="approve">"Approve selected"</button>
                    <button type="submit" name="decision" value="reject">"Reject selected"</button>
                </div>
            </form>
        </section>
    }
    .into_any()
}

fn day(instant: &str) -> String {
    instant.chars().take(10).collect()
}

#[component]
fn Every(items: Vec<WorkflowItem>, currency: String, scim: bool) -> impl IntoView {
    if items.is_empty() {
        return view! {
            <section class="card" aria-labelledby="all-heading">
                <h2 id="all-heading">"Every proposal"</h2>
                <p>"Nothing proposed yet: select candidates on the " <a href="/candidates">"Candidates"</a> " page."</p>
            </section>
        }
        .into_any();
    }
    let rows = items
        .into_iter()
        .map(|item| view! { <ItemRow item currency=currency.clone() scim/> })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="all-heading">
            <h2 id="all-heading">"Every proposal"</h2>
            <p class="hint">
                "Execute first asks Gong what the user did since the report the proposal was made from: "
                "any activity cancels a deactivation, and hosting, attending or coaching cancels a downgrade. "
                "A cancelled item sends nothing."
            </p>
            <TableScroll label="Every item">
                <table class="data-table" data-testid="all-items">
                    <caption>"Every proposal, newest first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col">"User"</th>
                            <th scope="col">"Change"</th>
                            <th scope="col">"State"</th>
                            <th scope="col">"Approver"</th>
                            <th scope="col" class="num">"Frees per year"</th>
                            <th scope="col">"Next step"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
        </section>
    }
    .into_any()
}

#[component]
fn ItemRow(item: WorkflowItem, currency: String, scim: bool) -> impl IntoView {
    let by_hand = item.kind == WorkflowKind::Downgrade || !scim;
    let step = match item.state {
        WorkflowState::Approved | WorkflowState::Failed => {
            let label = if by_hand { "Mark done by hand" } else { "Execute" };
            let checklist = (item.kind == WorkflowKind::Downgrade).then(|| view! {
                <ol class="hint">
                    <li>"In Gong: Company settings → Users → find " {item.email.clone()} "."</li>
                    <li>"Change the seat to a free collaborator seat and save."</li>
                    <li>"Say below what you did."</li>
                </ol>
            });
            Some(view! {
                {checklist}
                <form method="post" action="/workflow/execute" class="inline-form">
                    <CsrfField/>
                    <input type="hidden" name="item" value=item.id/>
                    <label class="visually-hidden" for=format!("note-{}", item.id)>{format!("Note for #{}", item.id)}</label>
                    <input id=format!("note-{}", item.id) type="text" name="note" maxlength="300"
                        placeholder=if by_hand { "What you did (required)" } else { "Note (optional)" }/>
                    <button type="submit" aria-label=format!("{label} #{}", item.id)>{label}</button>
                </form>
            }.into_any())
        }
        WorkflowState::Executed | WorkflowState::Verified => Some(view! {
            <form method="post" action="/workflow/undo" class="inline-form">
                <CsrfField/>
                <input type="hidden" name="item" value=item.id/>
                <label class="visually-hidden" for=format!("undo-{}", item.id)>{format!("Undo note for #{}", item.id)}</label>
                <input id=format!("undo-{}", item.id) type="text" name="note" maxlength="300" placeholder="Why undo"/>
                <button type="submit" aria-label=format!("Undo #{}", item.id)>"Undo"</button>
            </form>
        }.into_any()),
        _ => None,
    };
    let detail = [
        item.decision_reason
            .clone()
            .map(|r| format!("Decision: {r}")),
        item.error.clone().map(|e| format!("Error: {e}")),
        item.executed_how.clone().map(|h| {
            format!(
                "Executed {} by {}",
                h.replace('_', " "),
                item.executed_by.clone().unwrap_or_default()
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <tr data-testid=format!("item-{}", item.id)>
            <td>{item.id}</td>
            <td><a href=user_href(&item.user_id)>{item.name.clone()}</a></td>
            <td>{item.kind.label()}</td>
            <td><span class=format!("badge state-{}", item.state.as_str()) data-testid="item-state">{item.state.as_str()}</span></td>
            <td>{item.approver.clone()}</td>
            <td class="num">{money(item.frees_cents, &currency)}</td>
            <td>
                {step}
                {(!detail.is_empty()).then(|| view! { <p class="hint">{detail}</p> })}
                {item.requests.clone().map(|r| view! { <pre class="requests" data-testid="item-requests">{r}</pre> })}
            </td>
        </tr>
    }
}
