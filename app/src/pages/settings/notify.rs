//! Notifications: what approvers and admins are sent and when, the channels this server has
//! (configured at start-up, shown without secrets), and "Send a test message" per channel. Plain
//! form posts to `/notify/settings` and `/notify/test`.

use leptos::prelude::*;

use crate::{csrf::CsrfField, types::NotifySettingsData};

#[component]
pub fn NotifySection(data: NotifySettingsData) -> impl IntoView {
    let policy = data.policy;
    let channels = data.channels;
    let yes_no = |on: bool| if on { "set" } else { "not set" };
    let testable = channels.testable();
    let tests = if testable.is_empty() {
        view! {
            <p class="hint" data-testid="notify-none">
                "No channel is configured, so nothing is sent. Set SEAT_AUDIT__NOTIFY__SMTP_URL and "
                "SEAT_AUDIT__NOTIFY__FROM for email, or a Slack, Teams or webhook URL (README, Notifications)."
            </p>
        }
        .into_any()
    } else {
        view! {
            <form class="inline-form" method="post" action="/notify/test" aria-label="Send a test message">
                <CsrfField/>
                <label for="notify_test_channel">"Send a test message to"</label>
                <select id="notify_test_channel" name="channel">
                    {testable
                        .into_iter()
                        .map(|(value, label)| view! { <option value=value>{label}</option> })
                        .collect_view()}
                </select>
                <button type="submit">"Send a test message"</button>
            </form>
        }
        .into_any()
    };
    view! {
        <section class="card settings-section" aria-labelledby="notify-heading">
            <h2 id="notify-heading">"Notifications"</h2>
            <p class="hint">
                "Approvers get one email a day at most, listing their open proposals with one link to their Approvals page; "
                "admins are told when items are approved and wait for execution, when an execution fails and when a sync fails or stops on the quota. "
                "Nothing is ever executed because nobody answered."
            </p>
            <dl class="facts" data-testid="notify-channels">
                <dt>"Email (SMTP)"</dt>
                <dd>{channels.smtp.clone().unwrap_or_else(|| "not set".into())}</dd>
                <dt>"Sender"</dt>
                <dd>{channels.from.clone().unwrap_or_else(|| "not set".into())}</dd>
                <dt>"Slack webhook"</dt>
                <dd>{yes_no(channels.slack)}</dd>
                <dt>"Microsoft Teams webhook"</dt>
                <dd>{yes_no(channels.teams)}</dd>
                <dt>"Generic webhook"</dt>
                <dd>{yes_no(channels.webhook)}</dd>
                <dt>"Links in messages"</dt>
                <dd>{channels.public_url.clone()}</dd>
            </dl>
            {tests}
            <form class="settings-form" method="post" action="/notify/settings">
                <CsrfField/>
                <label for="approver_digest">"Email approvers a daily digest"</label>
                <input id="approver_digest" name="approver_digest" type="checkbox" value="on"
                    checked=policy.approver_digest/>
                <label for="quiet_minutes">"Wait after the newest proposal (minutes)"</label>
                <input id="quiet_minutes" name="quiet_minutes" type="number" min="0" max="1440" required
                    value=policy.quiet_minutes.to_string()/>
                <span class="hint">"So that a batch being proposed reaches each approver as one message."</span>
                <label for="reminder_days">"Remind before the expiry (days)"</label>
                <input id="reminder_days" name="reminder_days" type="number" min="0" max="365" required
                    value=policy.reminder_days.to_string()/>
                <span class="hint">"0: no reminder. The reminder is part of that day's digest."</span>
                <label for="admin_email">"Email admins of events"</label>
                <input id="admin_email" name="admin_email" type="checkbox" value="on"
                    checked=policy.admin_email/>
                <label for="admin_chat">"Post events to the chat channels"</label>
                <input id="admin_chat" name="admin_chat" type="checkbox" value="on"
                    checked=policy.admin_chat/>
                <label for="admin_per_hour">"Admin messages an hour at most"</label>
                <input id="admin_per_hour" name="admin_per_hour" type="number" min="1" max="1000" required
                    value=policy.admin_per_hour.to_string()/>
                <span class="hint">"More events in an hour are gathered into one message."</span>
                <div class="form-actions">
                    <button type="submit">"Save notification settings"</button>
                </div>
            </form>
        </section>
    }
}
