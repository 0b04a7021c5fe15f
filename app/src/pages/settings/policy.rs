//! Thresholds, look-back, company time zone and quota share: what decides a user's status and how
//! much of Gong's quota a sync may spend.

use leptos::prelude::*;

use super::SaveOutcome;
use crate::{
    api::SavePolicy,
    types::{Policy, ZoneInForce},
};

#[component]
pub fn PolicySection(
    policy: Policy,
    zone: ZoneInForce,
    action: ServerAction<SavePolicy>,
) -> impl IntoView {
    let quota_pct = format!("{}", (policy.quota_share * 1000.0).round() / 10.0);
    view! {
        <section class="card settings-section" aria-labelledby="policy-heading">
            <h2 id="policy-heading">"Thresholds"</h2>
            <p class="hint">
                "They apply from the next sync. A new look-back or time zone makes the next sync read "
                "the whole look-back again."
            </p>
            <ActionForm action=action attr:class="settings-form">
                <crate::csrf::CsrfField/>
                <label for="inactivity_days">"Inactivity threshold (days)"</label>
                <input id="inactivity_days" name="inactivity_days" type="number" min="7" max="730"
                    required value=policy.inactivity_days.to_string()
                    aria-describedby="inactivity_days-hint"/>
                <span id="inactivity_days-hint" class="hint">
                    "No hosted, attended or coached call for this long makes a user inactive."
                </span>
                <label for="grace_days">"Grace period for new users (days)"</label>
                <input id="grace_days" name="grace_days" type="number" min="0" max="365" required
                    value=policy.grace_days.to_string()/>
                <span class="hint">"Users created this recently are never flagged."</span>
                <label for="lookback_days">"Look-back (days)"</label>
                <input id="lookback_days" name="lookback_days" type="number" min="30" max="730"
                    required value=policy.lookback_days.to_string()/>
                <span class="hint">"How far back the sync reads activity."</span>
                <label for="time_zone">"Company time zone"</label>
                <input id="time_zone" name="time_zone" type="text" autocomplete="off"
                    value=policy.time_zone.clone() aria-describedby="time_zone-in-force"/>
                <span class="hint">
                    "An IANA name such as Europe/Berlin or America/New_York; it decides calendar days. "
                    "Leave it empty to use Gong's company time zone (UTC where the key may not read the stats)."
                </span>
                <span id="time_zone-in-force" class="hint" data-testid="time-zone-in-force">
                    {format!("In force: {}", zone.describe())}
                </span>
                <label for="quota_share_pct">"Share of Gong's daily quota (%)"</label>
                <input id="quota_share_pct" name="quota_share_pct" type="number" min="1" max="100"
                    step="0.1" required value=quota_pct/>
                <span class="hint">"Other integrations share the quota; the sync stops cleanly at its share."</span>
                <div class="form-actions">
                    <button type="submit">"Save thresholds"</button>
                </div>
            </ActionForm>
            <SaveOutcome value=action.value() saved="Thresholds saved; the next sync uses them."/>
        </section>
    }
}
