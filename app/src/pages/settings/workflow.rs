//! The approval workflow's settings: the fallback approver, how long a proposal waits, the
//! cool-down after a rejection, whether Gong is provisioned from an identity provider, and the
//! switch from dry-run to live execution. A plain form post to `/workflow/settings`.

use leptos::prelude::*;

use crate::{
    csrf::CsrfField,
    types::{OnExpiry, WorkflowSettings},
};

#[component]
pub fn WorkflowSection(settings: WorkflowSettings) -> impl IntoView {
    view! {
        <section class="card settings-section" aria-labelledby="workflow-heading">
            <h2 id="workflow-heading">"Approval workflow"</h2>
            <p class="hint">
                "Proposals go to the user's manager in Gong when that manager has an account here; otherwise to the fallback approver. "
                "Dry-run records every step and shows the SCIM request that would be sent, and sends nothing."
            </p>
            <p data-testid="workflow-mode">
                {if settings.live { "Live execution is on." } else { "Dry-run: nothing is sent to Gong." }}
            </p>
            <form class="settings-form" method="post" action="/workflow/settings">
                <CsrfField/>
                <label for="fallback_approver">"Fallback approver (account email)"</label>
                <input id="fallback_approver" name="fallback_approver" type="email"
                    value=settings.fallback_approver.clone().unwrap_or_default()/>
                <span class="hint">"An admin or manager account; leave empty for none."</span>
                <label for="expiry_days">"Proposals expire after (days)"</label>
                <input id="expiry_days" name="expiry_days" type="number" min="1" max="365" required
                    value=settings.expiry_days.to_string()/>
                <label for="cooldown_days">"Cool-down after a rejection (days)"</label>
                <input id="cooldown_days" name="cooldown_days" type="number" min="0" max="3650" required
                    value=settings.cooldown_days.to_string()/>
                <label for="escalate_after_days">"Escalate to the fallback approver after (days)"</label>
                <input id="escalate_after_days" name="escalate_after_days" type="number" min="0" max="365" required
                    value=settings.escalate_after_days.to_string()/>
                <span class="hint">"An item unanswered this long is also shown to the fallback approver, who may decide it; 0: never."</span>
                <label for="on_expiry">"At expiry"</label>
                <select id="on_expiry" name="on_expiry">
                    <option value="nothing" selected=settings.on_expiry == OnExpiry::Nothing>
                        "Nothing: the item expires"
                    </option>
                    <option value="escalate" selected=settings.on_expiry == OnExpiry::Escalate>
                        "Escalate to the fallback approver for one more period"
                    </option>
                </select>
                <span class="hint">"Nothing is ever executed because nobody answered."</span>
                <label for="idp_provisioning">"Provisioned from an identity provider"</label>
                <input id="idp_provisioning" name="idp_provisioning" type="checkbox" value="on"
                    checked=settings.idp_provisioning/>
                <label for="live">"Live execution"</label>
                <input id="live" name="live" type="checkbox" value="on" checked=settings.live/>
                <span class="hint">"Off until you have tried the workflow in dry-run; when on, executing sends the SCIM request to Gong."</span>
                <div class="form-actions">
                    <button type="submit">"Save workflow settings"</button>
                </div>
            </form>
        </section>
    }
}
