//! The Gong seat's figures at a glance (the Overview's cards), and the number formats the seat
//! figures share with the Finance page.

use leptos::prelude::*;

use crate::{
    api::load_seat_summary,
    components::{empty_state::NoReportYet, error_view::ErrorPanel},
    types::{RenewalCountdown, SeatSummary, SeatType},
};

/// A count with thousands separators: `1,150`.
pub fn count(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount in cents in the contract currency: `$1,600`, `$1,712.50`, `-$400`, `1,600 CHF`.
pub fn money(cents: i64, currency: &str) -> String {
    let symbol = match currency {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        _ => "",
    };
    let abs = cents.unsigned_abs();
    let mut amount = count(abs / 100);
    if !abs.is_multiple_of(100) {
        amount.push_str(&format!(".{:02}", abs % 100));
    }
    let sign = if cents < 0 { "-" } else { "" };
    if symbol.is_empty() {
        format!("{sign}{amount} {currency}")
    } else {
        format!("{sign}{symbol}{amount}")
    }
}

/// A percentage with one decimal: `91.3 %`.
pub fn percent(pct: f64) -> String {
    format!("{pct:.1} %")
}

/// How far away a day is: `in 121 days`, `today`, `3 days ago`.
pub fn days_from_today(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        d if d > 0 => format!("in {} days", count(d as u64)),
        d => format!("{} days ago", count(d.unsigned_abs())),
    }
}

/// The renewal countdown in words, e.g. `2027-03-26, in 121 days`.
pub fn renewal_words(renewal: &RenewalCountdown) -> String {
    format!(
        "{}, {}",
        renewal.renewal_date.format("%Y-%m-%d"),
        days_from_today(renewal.days_to_renewal)
    )
}

/// A label as a test id: `In use` is `in-use`.
fn slug(label: &str) -> String {
    label.to_lowercase().replace(' ', "-")
}

/// The Overview's row of figure cards for the Gong seat; loads its own data.
#[component]
pub fn SeatFigureCards() -> impl IntoView {
    let summary = OnceResource::new(load_seat_summary());
    view! {
        <ErrorPanel>
            <Suspense fallback=|| view! { <p>"Loading seat figures…"</p> }>
                {move || Suspend::new(async move {
                    summary.await.map(|summary| view! { <Cards summary/> })
                })}
            </Suspense>
        </ErrorPanel>
    }
}

#[component]
fn Cards(summary: SeatSummary) -> impl IntoView {
    if summary.as_of.is_none() {
        return view! {
            <NoReportYet shows="Seat figures (purchased, assigned, in use, idle, underused), utilisation, the yearly cost of idle seats and the renewal countdown will appear here."/>
        }
        .into_any();
    }
    let currency = summary.currency.clone();
    let gong = summary
        .seat_type(SeatType::Gong)
        .map(|t| t.figures.clone())
        .unwrap_or_default();
    let usage = gong.usage.unwrap_or_default();
    let renewal = summary
        .renewal
        .as_ref()
        .map_or_else(|| "not set".to_owned(), renewal_words);
    let team = summary.team;
    let or_dash = |n: Option<u32>| n.map_or_else(|| "–".to_owned(), count);
    let mut cards: Vec<(&'static str, String)> = vec![
        ("Purchased", or_dash(gong.purchased)),
        ("Assigned", count(gong.assigned)),
        ("In use", count(usage.in_use)),
        ("Idle", count(usage.idle)),
        ("Underused", count(usage.underused)),
        ("Spare", or_dash(gong.spare)),
        ("Over contract", or_dash(gong.over_contract)),
        (
            "Utilisation",
            gong.utilisation_pct()
                .map_or_else(|| "no seats purchased".to_owned(), percent),
        ),
        (
            "Yearly cost of idle and underused seats",
            money(gong.idle_cost_cents, &currency),
        ),
        (
            "Candidates with a Gong seat",
            count(summary.open_candidates),
        ),
        ("Renewal", renewal),
    ];
    if team.is_some() {
        // A manager's team: the company-wide contract figures are not theirs (nor sent).
        cards.retain(|(label, _)| {
            !matches!(
                *label,
                "Purchased" | "Spare" | "Over contract" | "Utilisation" | "Renewal"
            )
        });
    }
    let heading = match team {
        Some(people) => format!(
            "Gong seats of your team ({} people below you)",
            count(people)
        ),
        None => "Gong seats".to_owned(),
    };
    view! {
        <section class="seat-figures" aria-labelledby="seat-figures-heading" data-testid="seat-figures">
            <h2 id="seat-figures-heading">{heading}</h2>
            <dl class="figure-cards">
                {cards
                    .into_iter()
                    .map(|(label, value)| {
                        view! {
                            <div class="figure-card">
                                <dt>{label}</dt>
                                <dd data-testid=format!("figure-{}", slug(label))>{value}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
            <p class="hint">
                "Usage is visible for the Gong seat only. Prices, Forecast and Engage seats and the renewal are on the "
                <a href="/finance">"Finance"</a> " page."
            </p>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(0u32), "0");
        assert_eq!(count(999u32), "999");
        assert_eq!(count(1_150u32), "1,150");
        assert_eq!(count(50_000_000u64), "50,000,000");
    }

    #[test]
    fn money_is_written_in_the_contract_currency_without_needless_cents() {
        assert_eq!(money(160_000, "USD"), "$1,600");
        assert_eq!(money(171_250, "EUR"), "€1,712.50");
        assert_eq!(money(-40_000, "USD"), "-$400");
        assert_eq!(money(160_000, "CHF"), "1,600 CHF");
        assert_eq!(money(5, "GBP"), "£0.05");
    }

    #[test]
    fn days_are_said_in_words() {
        assert_eq!(days_from_today(0), "today");
        assert_eq!(days_from_today(121), "in 121 days");
        assert_eq!(days_from_today(-3), "3 days ago");
    }
}
