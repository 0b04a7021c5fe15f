//! Protected users: never flagged, for good (executives, service accounts) or snoozed until a day
//! (leave).

use leptos::prelude::*;

use super::SaveOutcome;
use crate::{
    api::{ProtectUser, UnprotectUser},
    types::ProtectedUser,
};

#[component]
pub fn ProtectedSection(
    protected: Vec<ProtectedUser>,
    protect: ServerAction<ProtectUser>,
    unprotect: ServerAction<UnprotectUser>,
) -> impl IntoView {
    let list = if protected.is_empty() {
        view! { <p>"Nobody is protected yet."</p> }.into_any()
    } else {
        let rows = protected
            .into_iter()
            .map(|user| {
                let until = user
                    .until
                    .map(|d| format!("until {}", d.format("%Y-%m-%d")))
                    .unwrap_or_else(|| "for good".into());
                let remove_label = format!("Remove {} from the protected list", user.name);
                view! {
                    <tr>
                        <td>{user.name}</td>
                        <td>{user.email}</td>
                        <td>{until}</td>
                        <td>{user.note}</td>
                        <td>
                            <ActionForm action=unprotect>
                                <crate::csrf::CsrfField/>
                                <input type="hidden" name="user_id" value=user.user_id/>
                                <button type="submit" aria-label=remove_label>"Remove"</button>
                            </ActionForm>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="data-table" data-testid="protected-users">
                    <caption>"Protected users"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Protected"</th>
                            <th scope="col">"Reason"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card settings-section" aria-labelledby="protected-heading">
            <h2 id="protected-heading">"Protected users"</h2>
            <p class="hint">
                "Never flagged and never proposed: executives and service accounts for good, people on "
                "leave until they are back. Applies from the next sync."
            </p>
            {list}
            <SaveOutcome value=unprotect.value() saved="Removed from the protected list."/>
            <h3>"Protect a user"</h3>
            <ActionForm action=protect attr:class="settings-form">
                <crate::csrf::CsrfField/>
                <label for="protect_email">"Email"</label>
                <input id="protect_email" name="email" type="email" required autocomplete="off"/>
                <label for="protect_until">"Snoozed until"</label>
                <input id="protect_until" name="until" type="date"/>
                <span class="hint">"The day they are judged again; leave empty to protect for good."</span>
                <label for="protect_note">"Reason"</label>
                <input id="protect_note" name="note" type="text" required maxlength="200"/>
                <div class="form-actions">
                    <button type="submit">"Protect"</button>
                </div>
            </ActionForm>
            <SaveOutcome value=protect.value() saved="Protected; the next sync leaves them unflagged."/>
        </section>
    }
}
