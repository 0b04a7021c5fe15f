//! The Users page: every seat holder of the latest good report, sorted, filtered, searched and paged
//! on the server. The state lives in the URL, so a view can be shared and the back button works, and
//! it all works without JavaScript (links and a GET form).

use leptos::prelude::*;

use crate::components::table_scroll::TableScroll;
use leptos_router::hooks::use_query_map;

use crate::{
    api::list_users,
    components::{empty_state::NoReportYet, error_view::ErrorPanel, page::PageHeader},
    types::{
        ManagerMatch, ManagerOption, SeatType, Status, UserRow, UserSort, UsersPage, UsersParams,
        UsersQuery,
    },
};

/// The statuses a person can filter on, with their labels.
pub const STATUSES: [(&str, &str); 8] = [
    ("active", "Active"),
    ("listener", "Listener"),
    ("unmonitored", "Unmonitored"),
    ("inactive", "Inactive"),
    ("never_active", "Never active"),
    ("new", "New"),
    ("protected", "Protected"),
    ("deactivated", "Deactivated"),
];

/// The seat-type filter's choices, with their labels; `none` is a free collaborator.
pub const SEAT_FILTERS: [(&str, &str); 4] = [
    ("gong", "Gong"),
    ("forecast", "Forecast"),
    ("engage", "Engage"),
    ("none", "None (collaborator)"),
];

/// Reads the query string into a query; anything unknown falls back to the default.
fn parse_query(get: impl Fn(&str) -> Option<String>) -> UsersQuery {
    let nonempty = |key: &str| {
        get(key)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    UsersQuery {
        sort: nonempty("sort")
            .and_then(|s| UserSort::from_key(&s))
            .unwrap_or_default(),
        descending: nonempty("dir").is_some_and(|d| d == "desc"),
        status: nonempty("status").filter(|s| STATUSES.iter().any(|(key, _)| key == s)),
        seat_type: nonempty("seat").filter(|s| SEAT_FILTERS.iter().any(|(key, _)| key == s)),
        manager: nonempty("manager"),
        search: nonempty("q"),
        page: nonempty("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .max(1),
    }
}

/// The URL of the Users page for `query`.
fn href(query: &UsersQuery) -> String {
    format!("/users?{}", url_query(query, true))
}

/// The download of every row of the view `query` shows, all pages of it, in its order: the same
/// URL names without the page (docs/product.md, "Pages").
fn export_href(query: &UsersQuery, extension: &str) -> String {
    format!("/export/users.{extension}?{}", url_query(query, false))
}

fn url_query(query: &UsersQuery, with_page: bool) -> String {
    query
        .url_pairs(with_page)
        .into_iter()
        .map(|(name, value)| format!("{name}={}", encode(&value)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| parse_query(|key| p.get(key))));
    let page = Resource::new(
        move || query.get(),
        |query| list_users(UsersParams::from(&query)),
    );

    view! {
        <PageHeader
            title="Users"
            lead="Every Gong seat holder with their status, last activity and hosted calls."
        />
        <Filters query/>
        <ErrorPanel>
            <Transition fallback=|| view! { <p>"Loading users…"</p> }>
                {move || Suspend::new(async move {
                    page.await.map(|page| view! { <UsersTable page query=query.get_untracked()/> })
                })}
            </Transition>
        </ErrorPanel>
    }
}

#[component]
fn Filters(query: Memo<UsersQuery>) -> impl IntoView {
    view! {
        <form class="filters" method="get" action="/users" role="search" aria-label="Filter users">
            // The attributes carry the state in the server's HTML (for a form sent without
            // JavaScript); the properties keep it current after the user has typed.
            <input
                type="hidden"
                name="sort"
                value=move || query.get().sort.key()
                prop:value=move || query.get().sort.key()
            />
            <label>
                "Search name or email "
                <input
                    type="search"
                    name="q"
                    value=move || query.get().search.unwrap_or_default()
                    prop:value=move || query.get().search.unwrap_or_default()
                />
            </label>
            <label>
                "Status "
                <select name="status">
                    <option value="" selected=move || query.get().status.is_none()>"All"</option>
                    {STATUSES
                        .into_iter()
                        .map(|(key, label)| {
                            view! {
                                <option
                                    value=key
                                    selected=move || query.get().status.as_deref() == Some(key)
                                >
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                "Seat type "
                <select name="seat">
                    <option value="" selected=move || query.get().seat_type.is_none()>"All"</option>
                    {SEAT_FILTERS
                        .into_iter()
                        .map(|(key, label)| {
                            view! {
                                <option
                                    value=key
                                    selected=move || query.get().seat_type.as_deref() == Some(key)
                                >
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            // A text field, not a list of every manager: at 50,000 users that list alone was most
            // of the page. A name, an email or (from a link) a user id.
            <label>
                "Manager (name or email) "
                <input
                    type="search"
                    name="manager"
                    autocomplete="off"
                    value=move || query.get().manager.unwrap_or_default()
                    prop:value=move || query.get().manager.unwrap_or_default()
                />
            </label>
            <button type="submit">"Apply"</button>
        </form>
    }
}

/// A manager as the filter names them: the name, with the title that tells namesakes apart.
fn manager_label(manager: &ManagerOption) -> String {
    match &manager.title {
        Some(title) if !title.is_empty() => format!("{} ({title})", manager.name),
        _ => manager.name.clone(),
    }
}

/// What the manager filter found: whose team is shown, or why nobody is.
#[component]
fn ManagerNote(found: ManagerMatch, query: UsersQuery) -> impl IntoView {
    let asked = query.manager.clone().unwrap_or_default();
    match found {
        ManagerMatch::Found(manager) => view! {
            <p class="hint" data-testid="manager-note">
                {format!("Everyone below {}, at any depth.", manager_label(&manager))}
            </p>
        }
        .into_any(),
        ManagerMatch::NotFound => view! {
            <p class="notice" role="alert" data-testid="manager-note">
                {format!(
                    "No manager is called “{asked}”: type the full name or the email of someone with direct reports."
                )}
            </p>
        }
        .into_any(),
        ManagerMatch::Several(managers) => {
            let choices = managers
                .into_iter()
                .map(|manager| {
                    let link = href(&UsersQuery {
                        manager: Some(manager.id.clone()),
                        page: 1,
                        ..query.clone()
                    });
                    view! {
                        <li><a href=link>{manager_label(&manager)}</a>" · "{manager.email}</li>
                    }
                })
                .collect_view();
            view! {
                <div class="notice" role="alert" data-testid="manager-note">
                    <p>{format!("Several managers are called “{asked}”. Whose team?")}</p>
                    <ul>{choices}</ul>
                </div>
            }
            .into_any()
        }
    }
}

#[component]
fn UsersTable(page: UsersPage, query: UsersQuery) -> impl IntoView {
    if page.as_of.is_none() {
        return view! {
            <NoReportYet shows="Each seat holder will be listed with name, email, manager, status, last active date and hosted calls over 30, 90 and 365 days."/>
        }
        .into_any();
    }
    let first = (page.page.saturating_sub(1) * page.per_page) as u64 + 1;
    let last = (first + page.rows.len() as u64).saturating_sub(1);
    let pages = page.total.div_ceil(u64::from(page.per_page)).max(1) as u32;
    let summary = if page.total == 0 {
        "No user matches these filters.".to_owned()
    } else {
        format!("Users {first}–{last} of {}", page.total)
    };
    let header = |label: &'static str, sort: UserSort| {
        let active = query.sort == sort;
        let next = UsersQuery {
            sort,
            descending: active && !query.descending,
            page: 1,
            ..query.clone()
        };
        let aria_sort = match (active, query.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <a href=href(&next)>{label}</a>
            </th>
        }
    };
    let headers = [
        ("Name", UserSort::Name),
        ("Email", UserSort::Email),
        ("Title", UserSort::Title),
        ("Manager", UserSort::Manager),
        ("Status", UserSort::Status),
        ("Last active", UserSort::LastActive),
        ("Calls 30 d", UserSort::Calls30),
        ("Calls 90 d", UserSort::Calls90),
        ("Calls 365 d", UserSort::Calls365),
        ("Seat types", UserSort::SeatTypes),
    ]
    .map(|(label, sort)| header(label, sort))
    .into_iter()
    .collect_view();
    let prev_href = (page.page > 1).then(|| {
        href(&UsersQuery {
            page: page.page - 1,
            ..query.clone()
        })
    });
    let next_href = (page.page < pages).then(|| {
        href(&UsersQuery {
            page: page.page + 1,
            ..query.clone()
        })
    });
    let manager_note = page
        .manager
        .clone()
        .map(|found| view! { <ManagerNote found query=query.clone()/> });
    // Nothing to download when no user matches, or when the page asks whose team was meant.
    let export_links = (page.total > 0).then(|| {
        view! {
            <p class="export-view" data-testid="export-view">
                "Export this view (all "
                {page.total}
                " rows): "
                <a href=export_href(&query, "csv") download>"CSV"</a>
                " · "
                <a href=export_href(&query, "xlsx") download>"XLSX"</a>
            </p>
        }
    });
    view! {
        {manager_note}
        <div class="table-head">
            <p class="table-summary" role="status">{summary}</p>
            {export_links}
        </div>
        <TableScroll label="Users">
            <table class="data-table dense" data-testid="users-table">
                <thead>
                    <tr>{headers}</tr>
                </thead>
                <tbody>{page.rows.into_iter().map(|row| view! { <Row row/> }).collect_view()}</tbody>
            </table>
        </TableScroll>
        <nav class="pager" aria-label="Pages">
            {prev_href.map(|h| view! { <a href=h rel="prev">"Previous"</a> })}
            <span>{format!("Page {} of {pages}", page.page)}</span>
            {next_href.map(|h| view! { <a href=h rel="next">"Next"</a> })}
        </nav>
    }
    .into_any()
}

#[component]
fn Row(row: UserRow) -> impl IntoView {
    let count = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_else(|| "–".into());
    let last_active = match (row.last_active, row.last_active_signal) {
        (Some(day), Some(signal)) => format!("{day} ({})", signal.as_str()),
        (Some(day), None) => day,
        _ => "never".into(),
    };
    view! {
        <tr>
            <td>
                <a href=crate::pages::user::user_href(&row.id)>{row.name}</a>
            </td>
            <td>{row.email}</td>
            <td><Clipped text=row.title.unwrap_or_default()/></td>
            <td data-testid="manager"><Clipped text=row.manager.unwrap_or_default()/></td>
            <td>
                <span class=format!("status status-{}", row.status)>{row.status.label()}</span>
                {row.reason.map(|r| {
                    let whole = r.clone();
                    view! { <span class="reason" title=whole>{r}</span> }
                })}
            </td>
            <td>{last_active}</td>
            <td class="num">{count(row.calls_30d)}</td>
            <td class="num">{count(row.calls_90d)}</td>
            <td class="num">{count(row.calls_365d)}</td>
            <td data-testid="seat-types">{seat_types(row.status, &row.seat_types)}</td>
        </tr>
    }
}

/// A cell's text on one line, cut with an ellipsis where too long; the whole text on hover.
#[component]
fn Clipped(text: String) -> impl IntoView {
    let whole = text.clone();
    view! { <span class="clip" title=whole>{text}</span> }
}

/// The Seat types cell: the labels, "Collaborator" for none, and "no seat" once deactivated.
fn seat_types(status: Status, seats: &[SeatType]) -> String {
    if status == Status::Deactivated {
        "no seat".into()
    } else if seats.is_empty() {
        "Collaborator".into()
    } else {
        seats
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> UsersQuery {
        parse_query(|key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn an_empty_url_shows_the_first_page_sorted_by_last_active() {
        assert_eq!(
            query(&[]),
            UsersQuery {
                page: 1,
                ..UsersQuery::default()
            }
        );
    }

    #[test]
    fn unknown_values_fall_back_to_the_defaults() {
        let q = query(&[("sort", "salary"), ("status", "fired"), ("page", "-3")]);
        assert_eq!(q.sort, UserSort::LastActive);
        assert_eq!(q.status, None);
        assert_eq!(q.page, 1);
    }

    #[test]
    fn a_query_survives_the_round_trip_through_its_url() {
        let q = UsersQuery {
            sort: UserSort::Calls90,
            descending: true,
            status: Some("inactive".into()),
            seat_type: Some("forecast".into()),
            manager: Some("7000000000000104729".into()),
            search: Some("Zoë & co".into()),
            page: 3,
        };
        let url = href(&q);
        assert_eq!(
            url,
            "/users?sort=calls_90d&dir=desc&status=inactive&seat=forecast&manager=7000000000000104729&q=Zo%C3%AB%20%26%20co&page=3"
        );
        let (_, params) = url.split_once('?').unwrap();
        let parsed = query(
            &params
                .split('&')
                .map(|pair| pair.split_once('=').unwrap())
                .filter(|(key, _)| *key != "q")
                .collect::<Vec<_>>(),
        );
        assert_eq!(parsed, UsersQuery { search: None, ..q });
    }

    #[test]
    fn the_export_links_carry_the_filters_and_sort_but_not_the_page() {
        let q = UsersQuery {
            sort: UserSort::LastActive,
            descending: true,
            status: Some("inactive".into()),
            seat_type: Some("none".into()),
            manager: Some("Mara Manager".into()),
            search: Some("ann".into()),
            page: 7,
        };
        assert_eq!(
            export_href(&q, "csv"),
            "/export/users.csv?sort=last_active&dir=desc&status=inactive&seat=none&manager=Mara%20Manager&q=ann"
        );
        assert_eq!(
            export_href(&UsersQuery::default(), "xlsx"),
            "/export/users.xlsx?sort=last_active"
        );
    }

    #[test]
    fn an_unknown_seat_type_is_no_filter_and_the_cell_says_what_is_held() {
        assert_eq!(query(&[("seat", "chorus")]).seat_type, None);
        assert_eq!(
            query(&[("seat", "none")]).seat_type.as_deref(),
            Some("none")
        );
        assert_eq!(seat_types(Status::Active, &[]), "Collaborator");
        assert_eq!(
            seat_types(Status::Inactive, &[SeatType::Gong, SeatType::Forecast]),
            "Gong, Forecast"
        );
        assert_eq!(seat_types(Status::Deactivated, &[]), "no seat");
    }
}
