//! The contract: renewal date, notice period, typical uplift, the right-size headroom and currency.

use leptos::prelude::*;

use super::SaveOutcome;
use crate::{api::SaveContract, types::ContractTerms};

#[component]
pub fn ContractSection(
    contract: ContractTerms,
    action: ServerAction<SaveContract>,
) -> impl IntoView {
    let renewal = contract
        .renewal_date
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    view! {
        <section class="card settings-section" aria-labelledby="contract-heading">
            <h2 id="contract-heading">"Contract"</h2>
            <ActionForm action=action attr:class="settings-form">
                <crate::csrf::CsrfField/>
                <label for="renewal_date">"Renewal date"</label>
                <input id="renewal_date" name="renewal_date" type="date" value=renewal/>
                <span class="hint">"Leave empty if not known."</span>
                <label for="notice_days">"Notice period (days)"</label>
                <input id="notice_days" name="notice_days" type="number" min="0" max="365" required
                    value=contract.notice_days.to_string()/>
                <span class="hint">"Seats must be reduced this many days before the renewal."</span>
                <label for="uplift_pct">"Typical uplift at renewal (%)"</label>
                <input id="uplift_pct" name="uplift_pct" type="number" min="-50" max="100" step="0.1"
                    required value=contract.uplift_pct.to_string()/>
                <span class="hint">"The price rise Gong usually asks; savings at renewal include it."</span>
                <label for="headroom_pct">"Headroom (%)"</label>
                <input id="headroom_pct" name="headroom_pct" type="number" min="0" max="100" step="0.1"
                    required value=contract.headroom_pct.to_string()/>
                <span class="hint">"The right-size recommendation is the seats in use plus this much."</span>
                <label for="currency">"Currency"</label>
                <input id="currency" name="currency" type="text" required maxlength="3"
                    autocomplete="off" value=contract.currency.clone()/>
                <span class="hint">"A three-letter code such as USD or EUR."</span>
                <div class="form-actions">
                    <button type="submit">"Save contract"</button>
                </div>
            </ActionForm>
            <SaveOutcome value=action.value() saved="Contract saved."/>
        </section>
    }
}
