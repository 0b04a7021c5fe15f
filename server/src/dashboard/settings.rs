//! The Settings page's data: the policy, seats and prices, the contract, the protected list, the
//! Technical Administrators and the workflow settings. Its saves are `policy::save`.

use app::types::{NotifyChannels, NotifySettingsData, SettingsData};

use crate::{
    config::{Channels, Settings},
    db::Pool,
    policy,
    seats::store as seats,
};

/// `channels`: those the server runs with (none outside a server).
pub async fn load(
    pool: &Pool,
    settings: &Settings,
    channels: Option<&Channels>,
) -> Result<SettingsData, sqlx::Error> {
    let policy = policy::load(pool, settings).await?.policy;
    Ok(SettingsData {
        time_zone_in_force: crate::sync::zone::in_force(pool, &policy.time_zone).await?,
        policy,
        seat_types: seats::seat_types(pool).await?,
        contract: seats::contract(pool).await?,
        protected: policy::protected::list(pool).await?,
        technical_admins: seats::technical_admins(pool).await?,
        assignments: u32::try_from(seats::assignment_count(pool).await?).unwrap_or(u32::MAX),
        workflow: crate::workflow::settings(pool).await?,
        notify: NotifySettingsData {
            policy: crate::notify::policy::load(pool).await?,
            channels: shown(channels),
        },
    })
}

/// The channels as the page may show them: which are set, the SMTP server without its password.
fn shown(channels: Option<&Channels>) -> NotifyChannels {
    let default = Channels::default();
    let channels = channels.unwrap_or(&default);
    NotifyChannels {
        smtp: channels.smtp.as_ref().map(|s| s.shown()),
        from: channels.smtp.as_ref().map(|s| s.from.clone()),
        slack: channels.slack.is_some(),
        teams: channels.teams.is_some(),
        webhook: channels.webhook.is_some(),
        public_url: crate::notify::plan::link(channels, "/"),
    }
}
