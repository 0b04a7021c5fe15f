//! Seats: purchased seats and prices per seat type, one user's seat types and Technical
//! Administrator mark by hand, and the seat CSV import (all rows or none, bad rows by line number).

use leptos::prelude::*;

use super::SaveOutcome;
use crate::{
    api::{ImportSeats, SaveSeatTypes, SetUserSeats},
    types::{SeatImportOutcome, SeatType, SeatTypeSetting, TechnicalAdmin},
};

/// Cents as the plain amount a person types back: `1600`, `1712.5`.
fn plain_amount(cents: i64) -> String {
    if cents % 100 == 0 {
        (cents / 100).to_string()
    } else {
        format!("{:.2}", cents as f64 / 100.0)
    }
}

#[component]
pub fn SeatTypesSection(
    seat_types: Vec<SeatTypeSetting>,
    currency: String,
    action: ServerAction<SaveSeatTypes>,
) -> impl IntoView {
    let rows = SeatType::ALL
        .into_iter()
        .map(|seat_type| {
            let setting = seat_types
                .iter()
                .find(|s| s.seat_type == seat_type)
                .copied()
                .unwrap_or(SeatTypeSetting {
                    seat_type,
                    purchased: 0,
                    price_per_year_cents: 0,
                });
            let key = seat_type.key();
            let label = seat_type.label();
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td>
                        <input name=format!("{key}_purchased") type="number" min="0" max="1000000"
                            required value=setting.purchased.to_string()
                            aria-label=format!("{label} seats purchased")/>
                    </td>
                    <td>
                        <input name=format!("{key}_price") type="text" inputmode="decimal" required
                            value=plain_amount(setting.price_per_year_cents)
                            aria-label=format!("{label} price per seat per year")/>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card settings-section" aria-labelledby="seat-types-heading">
            <h2 id="seat-types-heading">"Seats and prices"</h2>
            <ActionForm action=action>
                <crate::csrf::CsrfField/>
                <div class="table-scroll">
                    <table class="data-table">
                        <caption>{format!("Purchased seats and the price per seat per year, in {currency}")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Seat type"</th>
                                <th scope="col">"Purchased"</th>
                                <th scope="col">"Price per seat per year"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <div class="form-actions">
                    <button type="submit">"Save seats and prices"</button>
                </div>
            </ActionForm>
            <SaveOutcome value=action.value() saved="Seats and prices saved."/>
        </section>
    }
}

#[component]
pub fn UserSeatsSection(
    technical_admins: Vec<TechnicalAdmin>,
    assignments: u32,
    action: ServerAction<SetUserSeats>,
) -> impl IntoView {
    let admins = if technical_admins.is_empty() {
        view! {
            <p class="notice">
                "No Technical Administrator is marked. Gong's API does not say who they are: mark them "
                "here or in the seat CSV, so the workflow never deactivates the last one."
            </p>
        }
        .into_any()
    } else {
        let rows = technical_admins
            .into_iter()
            .map(|admin| {
                let state = match admin.active {
                    Some(true) => "active in Gong",
                    Some(false) => "deactivated in Gong",
                    None => "not in the latest report",
                };
                view! {
                    <tr>
                        <td>{admin.name.unwrap_or_default()}</td>
                        <td>{admin.email}</td>
                        <td>{state}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="data-table" data-testid="technical-admins">
                <caption>"Technical Administrators"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"In Gong"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="card settings-section" aria-labelledby="user-seats-heading">
            <h2 id="user-seats-heading">"Seats of one user"</h2>
            <p class="hint">
                {format!(
                    "{assignments} users have seat types set by hand or by the CSV; every other active user counts as holding a Gong seat only."
                )}
            </p>
            {admins}
            <ActionForm action=action attr:class="settings-form">
                <crate::csrf::CsrfField/>
                <label for="seat_email">"Email"</label>
                <input id="seat_email" name="email" type="email" required autocomplete="off"/>
                <fieldset>
                    <legend>"Seat types"</legend>
                    <label><input type="checkbox" name="gong" checked/>" Gong"</label>
                    <label><input type="checkbox" name="forecast"/>" Forecast"</label>
                    <label><input type="checkbox" name="engage"/>" Engage"</label>
                </fieldset>
                <label><input type="checkbox" name="technical_admin"/>" Technical Administrator"</label>
                <div class="form-actions">
                    <button type="submit">"Save this user's seats"</button>
                </div>
            </ActionForm>
            <SaveOutcome value=action.value() saved="The user's seats are saved."/>
        </section>
    }
}

#[component]
pub fn ImportSection(action: ServerAction<ImportSeats>) -> impl IntoView {
    let csv = NodeRef::<leptos::html::Textarea>::new();
    view! {
        <section class="card settings-section" aria-labelledby="import-heading">
            <h2 id="import-heading">"Import seats from CSV"</h2>
            <p class="hint">
                "Columns " <code>"email,seat_types,technical_admin"</code>
                ", as Gong's seat export has them; seat types separated by semicolons (" <code>"Gong;Forecast"</code>
                "). The file replaces the previous import. A file with any bad row is refused whole, "
                "with the line of each problem."
            </p>
            <label for="seat_csv_file">"Choose a CSV file"</label>
            <input id="seat_csv_file" type="file" accept=".csv,text/csv"
                on:change=move |event| read_into(event, csv)/>
            <ActionForm action=action attr:class="settings-form">
                <crate::csrf::CsrfField/>
                <label for="seat_csv">"Or paste the CSV"</label>
                <textarea id="seat_csv" name="csv" rows="6" required node_ref=csv></textarea>
                <div class="form-actions">
                    <button type="submit">"Import seats"</button>
                </div>
            </ActionForm>
            {move || action.value().get().map(|answer| match answer {
                Ok(SeatImportOutcome::Imported { rows }) => view! {
                    <p class="outcome ok" role="status">{format!("Imported {rows} rows.")}</p>
                }
                .into_any(),
                Ok(SeatImportOutcome::Refused { problems }) => view! {
                    <div class="error-notice" role="alert" data-testid="import-problems">
                        <p>"Nothing was imported. Correct these lines and import the whole file again:"</p>
                        <ul>
                            {problems
                                .into_iter()
                                .map(|p| view! { <li>{format!("Line {}: {}", p.line, p.reason)}</li> })
                                .collect_view()}
                        </ul>
                    </div>
                }
                .into_any(),
                Err(error) => view! {
                    <p class="outcome bad" role="alert">{format!("Not imported. {error}")}</p>
                }
                .into_any(),
            })}
        </section>
    }
}

/// Puts the chosen file's text in the textarea (with JavaScript; without it, paste instead).
#[cfg(feature = "hydrate")]
fn read_into(event: leptos::ev::Event, csv: NodeRef<leptos::html::Textarea>) {
    use wasm_bindgen::JsCast;
    let Some(file) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        if let (Ok(text), Some(area)) = (text, csv.get_untracked()) {
            area.set_value(&text.as_string().unwrap_or_default());
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn read_into(_event: leptos::ev::Event, _csv: NodeRef<leptos::html::Textarea>) {}
