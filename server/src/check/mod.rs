//! `seat-audit check` and the Settings page's check: whether Gong is reached and takes the
//! credentials, which endpoints the key may use (and so which signals the report will have), the
//! clock against Gong's, SCIM, the database, and the notification channels. One sentence per finding; no secret is ever part
//! of one.

mod database;
mod gong;
mod notify;
mod scim;

use std::time::Duration;

pub use app::types::{CheckLine, CheckResult, Verdict};

use crate::{config::Settings, db::Pool, sync::GongTarget, workflow::scim::ScimTarget};

/// What one check request may wait for; a check never retries.
const TIMEOUT: Duration = Duration::from_secs(15);

/// Where the check looks. The command line builds it from the settings; the server passes what
/// it runs with (in the demo, the simulator).
pub struct Targets<'a> {
    pub gong: Option<&'a GongTarget>,
    pub scim: Option<&'a ScimTarget>,
    pub database: Database<'a>,
    /// The notification channels; `None` where they are not known (they always are today).
    pub notify: Option<&'a crate::config::Channels>,
}

pub enum Database<'a> {
    /// The running server's pool.
    Open(&'a Pool),
    /// The database the settings name, opened without creating or migrating it.
    FromSettings(&'a Settings),
}

/// Runs every check in order and collects the findings.
pub async fn run(targets: Targets<'_>) -> CheckResult {
    let mut result = CheckResult::default();
    let http = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .user_agent(concat!("seat-audit/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a client with static settings builds");
    match targets.gong {
        Some(gong) => gong::check(&http, gong, &mut result).await,
        None => result.push(
            Verdict::Warning,
            "No Gong connection is configured (SEAT_AUDIT__GONG__BASE_URL, __ACCESS_KEY and \
             __ACCESS_KEY_SECRET), so `seat-audit serve` runs the demo against its built-in simulator.",
        ),
    }
    match targets.scim {
        Some(target) => scim::check(&http, target, &mut result).await,
        None => result.push(
            Verdict::Warning,
            "SCIM is not configured (SEAT_AUDIT__SCIM__BASE_URL and SEAT_AUDIT__SCIM__TOKEN), so \
             approved deactivations cannot be executed from the dashboard.",
        ),
    }
    match targets.database {
        Database::Open(pool) => database::check_pool(pool, &mut result).await,
        Database::FromSettings(settings) => database::check_settings(settings, &mut result).await,
    }
    if let Some(channels) = targets.notify {
        notify::check(channels, &mut result).await;
    }
    result
}

/// The targets the settings name, for `seat-audit check`.
pub fn targets_from(
    settings: &Settings,
) -> Result<(Option<GongTarget>, Option<ScimTarget>), crate::config::ConfigError> {
    let gong = match settings.gong_connection()? {
        crate::config::GongConnection::Live {
            base_url,
            access_key,
            access_key_secret,
        } => Some(GongTarget {
            base_url,
            access_key,
            access_key_secret,
        }),
        crate::config::GongConnection::Demo => None,
    };
    let scim = match (&settings.scim.base_url, &settings.scim.token) {
        (Some(base_url), Some(token)) => Some(ScimTarget {
            base_url: base_url.clone(),
            token: token.clone(),
        }),
        _ => None,
    };
    Ok((gong, scim))
}
