//! The Audit log page: every sign-in, decision, execution and settings change, newest first, filtered
//! by actor, user, action and day; the same filters export CSV. The state lives in the URL (a GET form).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    api::load_audit,
    components::{empty_state::EmptyState, error_view::ErrorPanel, page::PageHeader},
    pages::users::encode,
    types::{AuditPage, AuditQuery},
};

fn parse_query(get: impl Fn(&str) -> Option<String>) -> AuditQuery {
    let nonempty = |key: &str| {
        get(key)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    AuditQuery {
        actor: nonempty("actor"),
        subject: nonempty("subject"),
        action: nonempty("action"),
        from: nonempty("from"),
        to: nonempty("to"),
        page: nonempty("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .max(1),
    }
}

/// The query string of `query` (without the page), for paging links and the export.
fn params(query: &AuditQuery) -> String {
    [
        ("actor", &query.actor),
        ("subject", &query.subject),
        ("action", &query.action),
        ("from", &query.from),
        ("to", &query.to),
    ]
    .into_iter()
    .filter_map(|(key, value)| value.as_ref().map(|v| format!("{key}={}", encode(v))))
    .collect::<Vec<_>>()
    .join("&")
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let url = use_query_map();
    let query = Memo::new(move |_| url.with(|p| parse_query(|key| p.get(key))));
    let page = Resource::new(move || query.get(), load_audit);
    view! {
        <PageHeader
            title="Audit log"
            lead="Who did what, when and why: an append-only record nobody can edit."
        />
        <ErrorPanel>
            <Transition fallback=|| view! { <p>"Loading the audit log…"</p> }>
                {move || Suspend::new(async move {
                    page.await.map(|page| view! { <AuditView page query=query.get_untracked()/> })
                })}
            </Transition>
        </ErrorPanel>
    }
}

#[component]
fn AuditView(page: AuditPage, query: AuditQuery) -> impl IntoView {
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let export = format!("/export/audit.csv?{}", params(&query));
    let pages = page.total.div_ceil(u64::from(page.per_page)).max(1);
    let link = {
        let base = params(&query);
        move |n: u64| format!("/audit?{base}&page={n}")
    };
    view! {
        <form class="filters" method="get" action="/audit" role="search" aria-label="Filter the audit log">
            <label>"Actor (email)" <input type="text" name="actor" value=value(&query.actor)/></label>
            <label>"User or account" <input type="text" name="subject" value=value(&query.subject)/></label>
            <label>
                "Action"
                <select name="action">
                    <option value="" selected=query.action.is_none()>"Any"</option>
                    {page
                        .actions
                        .iter()
                        .map(|action| {
                            let selected = query.action.as_deref() == Some(action.as_str());
                            view! { <option value=action.clone() selected=selected>{action.replace('_', " ")}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>"From" <input type="date" name="from" value=value(&query.from)/></label>
            <label>"To" <input type="date" name="to" value=value(&query.to)/></label>
            <button type="submit">"Filter"</button>
            <a href="/audit">"Clear"</a>
        </form>
        <p>
            <span data-testid="audit-total">{page.total}</span>
            " entries · "
            <a href=export download>"Export these as CSV"</a>
        </p>
        {if page.entries.is_empty() {
            view! {
                <EmptyState heading="No entries match">
                    <p>"Sign-ins, settings changes and role changes appear here as they happen. Clear the filters to see every entry."</p>
                </EmptyState>
            }
            .into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table data-testid="audit-table">
                        <caption class="visually-hidden">"Audit log entries, newest first"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"When (UTC)"</th>
                                <th scope="col">"Actor"</th>
                                <th scope="col">"Action"</th>
                                <th scope="col">"About"</th>
                                <th scope="col">"Before"</th>
                                <th scope="col">"After"</th>
                                <th scope="col">"Why"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page
                                .entries
                                .into_iter()
                                .map(|e| view! {
                                    <tr>
                                        <td>{e.at.replace('T', " ").trim_end_matches('Z').to_owned()}</td>
                                        <td>{e.actor}</td>
                                        <td>{e.action.replace('_', " ")}</td>
                                        <td>{e.subject.unwrap_or_default()}</td>
                                        <td class="json"><code>{e.before.unwrap_or_default()}</code></td>
                                        <td class="json"><code>{e.after.unwrap_or_default()}</code></td>
                                        <td>{e.reason.unwrap_or_default()}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
                <nav class="pager" aria-label="Audit log pages">
                    {(page.page > 1).then(|| view! { <a href=link(u64::from(page.page) - 1) rel="prev">"Newer"</a> })}
                    <span>{format!("Page {} of {pages}", page.page)}</span>
                    {(u64::from(page.page) < pages).then(|| view! { <a href=link(u64::from(page.page) + 1) rel="next">"Older"</a> })}
                </nav>
            }
            .into_any()
        }}
    }
}
