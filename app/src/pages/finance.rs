//! The Finance page: purchased, assigned and used seats per seat type, what idle seats cost, what
//! the open candidates would save, the renewal and a right-size recommendation for it; exports.

use leptos::prelude::*;

use crate::components::table_scroll::TableScroll;

use crate::{
    api::load_seat_summary,
    components::{
        empty_state::NoReportYet,
        error_view::ErrorPanel,
        page::PageHeader,
        seat_figures::{count, days_from_today, money, percent},
    },
    types::{ContractTerms, RightSize, SeatFigures, SeatSummary, SeatTypeFigures},
};

#[component]
pub fn FinancePage() -> impl IntoView {
    let summary = OnceResource::new(load_seat_summary());
    view! {
        <PageHeader title="Finance" lead="Purchased, assigned and used seats per seat type, the cost of idle seats and the renewal."/>
        <ErrorPanel>
            <Suspense fallback=|| view! { <p>"Loading seat figures…"</p> }>
                {move || Suspend::new(async move {
                    summary.await.map(|summary| view! { <Finance summary/> })
                })}
            </Suspense>
        </ErrorPanel>
    }
}

#[component]
fn Finance(summary: SeatSummary) -> impl IntoView {
    let Some(as_of) = summary.as_of else {
        return view! {
            <NoReportYet shows="Seat figures per seat type, the yearly cost of idle and underused seats, the savings at the next renewal and a right-size recommendation will appear here."/>
        }
        .into_any();
    };
    let (Some(contract), None) = (summary.contract.clone(), summary.team) else {
        let people = summary.team.unwrap_or_default();
        return view! {
            <p class="hint">
                {format!("From the report of {} UTC.", as_of.format("%Y-%m-%d %H:%M"))}
            </p>
            <TeamFinance summary people/>
            <Exports/>
        }
        .into_any();
    };
    let unpriced = summary
        .types
        .iter()
        .all(|t| t.figures.purchased.unwrap_or(0) == 0 && t.price_per_year_cents.unwrap_or(0) == 0);
    view! {
        <p class="hint">
            {format!("From the report of {} UTC.", as_of.format("%Y-%m-%d %H:%M"))}
            {unpriced.then_some(
                " No purchased seats or prices are set yet: set them on the Settings page to see the money.",
            )}
        </p>
        <SeatsTable summary=summary.clone()/>
        <Money summary=summary.clone() contract=contract.clone()/>
        <Renewal summary=summary.clone() contract=contract.clone()/>
        <RightSizing summary contract/>
        <Exports/>
    }
    .into_any()
}

/// A usage count, or "not visible" where the signals cannot show it.
fn usage_cell(figures: &SeatFigures, pick: fn(&crate::types::SeatUsage) -> u32) -> AnyView {
    match figures.usage {
        Some(usage) => view! { <td class="num">{count(pick(&usage))}</td> }.into_any(),
        None => view! { <td class="num"><span class="hint">"not visible"</span></td> }.into_any(),
    }
}

/// A company figure; never missing outside a manager's team, where these tables are not drawn.
fn count_of(n: Option<u32>) -> String {
    n.map_or_else(|| "–".to_owned(), count)
}

fn money_of(cents: Option<i64>, currency: &str) -> String {
    cents.map_or_else(|| "–".to_owned(), |c| money(c, currency))
}

#[component]
fn SeatsTable(summary: SeatSummary) -> impl IntoView {
    let currency = summary.currency.clone();
    let row = move |t: SeatTypeFigures| {
        let f = t.figures.clone();
        view! {
            <tr>
                <th scope="row">{t.seat_type.label()}</th>
                <td class="num">{count_of(f.purchased)}</td>
                <td class="num">{count(f.assigned)}</td>
                {usage_cell(&f, |u| u.in_use)}
                {usage_cell(&f, |u| u.idle)}
                {usage_cell(&f, |u| u.underused)}
                <td class="num">{count_of(f.spare)}</td>
                <td class="num">{count_of(f.over_contract)}</td>
                <td class="num">{f.utilisation_pct().map_or_else(|| "–".to_owned(), percent)}</td>
                <td class="num">{money_of(t.price_per_year_cents, &currency)}</td>
                <td class="num">{money_of(f.contract_cost_cents, &currency)}</td>
                <td class="num">{money(f.idle_cost_cents, &currency)}</td>
            </tr>
        }
    };
    let total = summary.total.clone();
    let currency = summary.currency.clone();
    view! {
        <section class="finance-section" aria-labelledby="seats-heading">
            <h2 id="seats-heading">"Seats per seat type"</h2>
            <TableScroll label="Seats and cost">
                <table class="data-table dense" data-testid="seats-table" aria-describedby="seats-note">
                    <caption>"Purchased, assigned and used seats, with their yearly cost"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Seat type"</th>
                            <th scope="col">"Purchased"</th>
                            <th scope="col">"Assigned"</th>
                            <th scope="col">"In use"</th>
                            <th scope="col">"Idle"</th>
                            <th scope="col">"Underused"</th>
                            <th scope="col">"Spare"</th>
                            <th scope="col">"Over contract"</th>
                            <th scope="col">"Utilisation"</th>
                            <th scope="col">"Price per seat per year"</th>
                            <th scope="col">"Contract cost per year"</th>
                            <th scope="col">"Yearly cost of idle and underused seats"</th>
                        </tr>
                    </thead>
                    <tbody>{summary.types.clone().into_iter().map(row).collect_view()}</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">"Total"</th>
                            <td class="num">{count_of(total.purchased)}</td>
                            <td class="num">{count(total.assigned)}</td>
                            <td class="num">"–"</td>
                            <td class="num">"–"</td>
                            <td class="num">"–"</td>
                            <td class="num">{count_of(total.spare)}</td>
                            <td class="num">{count_of(total.over_contract)}</td>
                            <td class="num">"–"</td>
                            <td class="num">"–"</td>
                            <td class="num">{money_of(total.contract_cost_cents, &currency)}</td>
                            <td class="num">{money(total.idle_cost_cents, &currency)}</td>
                        </tr>
                    </tfoot>
                </table>
            </TableScroll>
            <p class="hint" id="seats-note">
                "Assigned: active users holding the seat type (deactivated users hold no seat). In use: active, new, protected and unmonitored holders; idle: inactive and never active; underused: listeners. "
                "Only the Gong seat's usage shows in Gong's activity data: Forecast and Engage seats are never flagged, and the total leaves usage out."
            </p>
        </section>
    }
}

#[component]
fn Money(summary: SeatSummary, contract: ContractTerms) -> impl IntoView {
    let currency = summary.currency.clone();
    let uplift = contract.uplift_pct;
    let freed = if summary.freed_seats == 0 {
        "none executed yet".to_owned()
    } else {
        format!(
            "{} {} to reassign now, saving {} a year from the next renewal (not before)",
            count(summary.freed_seats),
            if summary.freed_seats == 1 {
                "seat"
            } else {
                "seats"
            },
            money(summary.freed_savings_cents, &currency)
        )
    };
    view! {
        <section class="card finance-section" aria-labelledby="money-heading">
            <h2 id="money-heading">"Cost and savings"</h2>
            <dl class="settings-list" data-testid="money">
                <dt>"Contract cost per year"</dt>
                <dd>{money_of(summary.total.contract_cost_cents, &currency)}</dd>
                <dt>"Yearly cost of idle and underused seats"</dt>
                <dd>{money(summary.total.idle_cost_cents, &currency)}</dd>
                <dt>"Open candidates"</dt>
                <dd>
                    {format!("{} Gong seats", count(summary.open_candidates))} " ("
                    <a href="/candidates">"see the candidates"</a> ")"
                </dd>
                <dt>"Potential savings per year"</dt>
                <dd>
                    {format!(
                        "{} at today's price; {} at the renewal price (uplift {})",
                        money(summary.potential_savings_cents, &currency),
                        money_of(summary.potential_savings_at_renewal_cents, &currency),
                        percent(uplift),
                    )}
                </dd>
                <dt>"Freed seats"</dt>
                <dd data-testid="freed-seats">{freed}</dd>
            </dl>
            <p class="hint">
                "Removing a user mid-term does not lower the bill until the renewal: freed seats can be reassigned now, and the saving comes at the next renewal, when fewer seats are bought."
            </p>
        </section>
    }
}

#[component]
fn Renewal(summary: SeatSummary, contract: ContractTerms) -> impl IntoView {
    let body = match summary.renewal {
        Some(renewal) => {
            let notice_passed = renewal.days_to_notice_deadline < 0;
            view! {
                <dl class="settings-list" data-testid="renewal">
                    <dt>"Renewal date"</dt>
                    <dd>
                        {format!(
                            "{} ({})",
                            renewal.renewal_date.format("%Y-%m-%d"),
                            days_from_today(renewal.days_to_renewal),
                        )}
                    </dd>
                    <dt>"Notice period"</dt>
                    <dd>{format!("{} days", contract.notice_days)}</dd>
                    <dt>"Notice deadline"</dt>
                    <dd>
                        {format!(
                            "{} ({})",
                            renewal.notice_deadline.format("%Y-%m-%d"),
                            days_from_today(renewal.days_to_notice_deadline),
                        )}
                        {notice_passed.then_some(view! {
                            <span class="reason">
                                "The notice deadline has passed: seats can no longer be reduced at this renewal."
                            </span>
                        })}
                    </dd>
                    <dt>"Typical uplift"</dt>
                    <dd>{percent(contract.uplift_pct)}</dd>
                </dl>
            }
            .into_any()
        }
        None => view! {
            <p>
                "No renewal date is set. Set the contract's renewal date, notice period and uplift on the "
                <a href="/settings">"Settings"</a> " page to see the countdown."
            </p>
        }
        .into_any(),
    };
    view! {
        <section class="card finance-section" aria-labelledby="renewal-heading">
            <h2 id="renewal-heading">"Renewal"</h2>
            {body}
        </section>
    }
}

#[component]
fn RightSizing(summary: SeatSummary, contract: ContractTerms) -> impl IntoView {
    let currency = summary.currency.clone();
    let row = move |r: RightSize| {
        let basis = if r.basis_in_use {
            format!("{} in use", count(r.basis))
        } else {
            format!("{} assigned (usage not visible)", count(r.basis))
        };
        let change = match r.change_at_renewal_cents {
            0 => "no change".to_owned(),
            c if c > 0 => format!("saves {}", money(c, &currency)),
            c => format!("costs {} more", money(-c, &currency)),
        };
        view! {
            <tr>
                <th scope="row">{r.seat_type.label()}</th>
                <td>{basis}</td>
                <td class="num">{count(r.purchased)}</td>
                <td class="num">{count(r.recommended)}</td>
                <td class="num">{change}</td>
            </tr>
        }
    };
    let caption = format!(
        "Seats to buy at the renewal: the basis plus {} headroom, rounded up; the change per year at the renewal price (uplift {})",
        percent(contract.headroom_pct),
        percent(contract.uplift_pct),
    );
    view! {
        <section class="finance-section" aria-labelledby="right-size-heading">
            <h2 id="right-size-heading">"Right-size recommendation"</h2>
            <TableScroll label="Right-sizing">
                <table class="data-table" data-testid="right-size-table">
                    <caption>{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Seat type"</th>
                            <th scope="col">"Basis"</th>
                            <th scope="col">"Purchased now"</th>
                            <th scope="col">"Recommended"</th>
                            <th scope="col">"Per year at renewal"</th>
                        </tr>
                    </thead>
                    <tbody>{summary.right_size.into_iter().map(row).collect_view()}</tbody>
                </table>
            </TableScroll>
        </section>
    }
}

/// A manager's view: the seats their team holds and what the idle ones cost; the company's
/// purchased seats, prices, contract, renewal and right-size are for admins and finance (the
/// server does not send them to a manager).
#[component]
fn TeamFinance(summary: SeatSummary, people: u32) -> impl IntoView {
    let currency = summary.currency.clone();
    let rows = summary
        .types
        .iter()
        .map(|t| {
            let f = t.figures.clone();
            view! {
                <tr>
                    <th scope="row">{t.seat_type.label()}</th>
                    <td class="num">{count(f.assigned)}</td>
                    {usage_cell(&f, |u| u.in_use)}
                    {usage_cell(&f, |u| u.idle)}
                    {usage_cell(&f, |u| u.underused)}
                    <td class="num">{money(f.idle_cost_cents, &currency)}</td>
                </tr>
            }
        })
        .collect_view();
    let freed = format!(
        "{} (saving {} a year from the next renewal)",
        count(summary.freed_seats),
        money(summary.freed_savings_cents, &currency)
    );
    view! {
        <p class="notice" data-testid="team-scope">
            {format!(
                "Your team: the {} {} below you in Gong. Purchased seats, prices, the contract, the renewal and the right-size are company-wide, for admins and finance.",
                count(people),
                if people == 1 { "person" } else { "people" }
            )}
        </p>
        <section class="finance-section" aria-labelledby="team-seats-heading">
            <h2 id="team-seats-heading">"Seats your team holds"</h2>
            <TableScroll label="Seats by team">
                <table class="data-table" data-testid="team-seats-table">
                    <caption>"Assigned and used seats of your team, with the yearly cost of idle ones"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Seat type"</th>
                            <th scope="col">"Assigned"</th>
                            <th scope="col">"In use"</th>
                            <th scope="col">"Idle"</th>
                            <th scope="col">"Underused"</th>
                            <th scope="col">"Yearly cost of idle and underused seats"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableScroll>
        </section>
        <section class="card finance-section" aria-labelledby="team-money-heading">
            <h2 id="team-money-heading">"Cost and savings"</h2>
            <dl class="settings-list">
                <dt>"Yearly cost of idle and underused seats"</dt>
                <dd>{money(summary.total.idle_cost_cents, &currency)}</dd>
                <dt>"Open candidates"</dt>
                <dd>{format!("{} Gong seats", count(summary.open_candidates))}</dd>
                <dt>"Potential savings per year"</dt>
                <dd>{money(summary.potential_savings_cents, &currency)}</dd>
                <dt>"Freed seats"</dt>
                <dd data-testid="freed-seats">{freed}</dd>
            </dl>
        </section>
    }
}

#[component]
fn Exports() -> impl IntoView {
    view! {
        <section class="card finance-section" aria-labelledby="exports-heading">
            <h2 id="exports-heading">"Exports"</h2>
            <ul class="export-links">
                <li><a href="/export/seats.csv" download>"Seat summary as CSV"</a></li>
                <li><a href="/export/seats.xlsx" download>"Seat summary as XLSX"</a></li>
                <li><a href="/export/users.csv" download>"Users table as CSV"</a></li>
                <li><a href="/export/users.xlsx" download>"Users table as XLSX"</a></li>
            </ul>
            <p class="hint">
                "A cell that starts with =, +, -, @, a tab or a carriage return is written with a leading apostrophe, so a spreadsheet shows it as text instead of running it."
            </p>
        </section>
    }
}
