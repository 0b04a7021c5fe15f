//! Settings: defaults, then an optional TOML file, then `SEAT_AUDIT__…` environment variables.
//!
//! What comes from here is fixed at start-up; thresholds, seats and prices live in the database and
//! are edited on the Settings page.

mod http;
mod notify;
mod oidc;
mod secret;

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
};

use figment::{
    providers::{Env, Format, Toml},
    Figment,
};
use serde::Deserialize;
use url::Url;

pub use http::{HttpSettings, TrustedProxies};
pub use notify::{Channels, NotifySettings, Smtp, SmtpSecurity};
pub use oidc::{callback_under, Oidc, OidcSettings, RoleMap, CALLBACK_PATH};
pub use secret::Secret;

/// The prefix of every environment variable; `__` separates levels (`SEAT_AUDIT__GONG__BASE_URL`).
pub const ENV_PREFIX: &str = "SEAT_AUDIT__";

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where the web server listens.
    pub addr: SocketAddr,
    /// Holds the SQLite database and the demo simulator's state.
    pub data_dir: PathBuf,
    /// The compiled front end (wasm, JS, CSS) and static assets, as cargo-leptos lays them out, read
    /// from disk. Unset: the site embedded in the binary (a `cargo leptos build`), or `target/site`
    /// when the binary carries none.
    pub site_root: Option<PathBuf>,
    /// The address people reach the dashboard at (`https://seat-audit.example.com`), for links
    /// that leave it: the OpenID Connect redirect URL by default.
    pub public_url: Option<Url>,
    pub database: DatabaseSettings,
    pub gong: GongSettings,
    pub scim: ScimSettings,
    pub admin: AdminSettings,
    pub session: SessionSettings,
    pub http: HttpSettings,
    pub metrics: MetricsSettings,
    pub sync: SyncSettings,
    pub report: ReportSettings,
    pub oidc: OidcSettings,
    pub notify: NotifySettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            data_dir: PathBuf::from("data"),
            site_root: None,
            public_url: None,
            database: DatabaseSettings::default(),
            gong: GongSettings::default(),
            scim: ScimSettings::default(),
            admin: AdminSettings::default(),
            session: SessionSettings::default(),
            http: HttpSettings::default(),
            metrics: MetricsSettings::default(),
            sync: SyncSettings::default(),
            report: ReportSettings::default(),
            oidc: OidcSettings::default(),
            notify: NotifySettings::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSettings {
    /// A `sqlite://` or `postgres://` URL; by default a SQLite file in the data directory.
    pub url: Option<String>,
    pub max_connections: u32,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        DatabaseSettings {
            url: None,
            max_connections: 8,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GongSettings {
    /// The tenant's API base URL, e.g. `https://us-55616.api.gong.io` (docs/gong-api.md).
    pub base_url: Option<Url>,
    pub access_key: Option<Secret>,
    pub access_key_secret: Option<Secret>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScimSettings {
    /// e.g. `https://app.gong.io/scim/v2` (a seed fact, so configurable).
    pub base_url: Option<Url>,
    /// An OAuth bearer token, separate from the read-only API key.
    pub token: Option<Secret>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdminSettings {
    /// The first admin account, created once if absent.
    pub email: Option<String>,
    pub password: Option<Secret>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionSettings {
    /// Mark the session cookie `Secure`: set it when the dashboard is served over https (directly
    /// or behind a proxy that terminates TLS).
    pub secure_cookie: bool,
    /// A session ends after this many minutes without a request.
    pub idle_minutes: u32,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings {
            secure_cookie: false,
            idle_minutes: 8 * 60,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsSettings {
    /// A bearer token that opens `/metrics` to non-loopback clients.
    pub token: Option<Secret>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SyncSettings {
    /// How far back activity is read.
    pub lookback_days: u32,
    /// The share of the company's daily Gong quota this product may spend (other integrations
    /// share it).
    pub quota_share: f64,
    /// Gong's daily request quota for the whole company (docs/gong-api.md: 10,000).
    pub daily_quota: u32,
    /// Gong's limits: requests started per second and in flight (docs/gong-api.md: 3 and 3).
    pub requests_per_second: u32,
    pub in_flight: u32,
    pub timeout_secs: u64,
    /// The longest `Retry-After` a run waits for; beyond it the run stops and resumes later.
    pub max_retry_after_secs: u64,
    /// Minutes between scheduled runs; 0 turns the schedule off.
    pub interval_minutes: u32,
    /// Days between full re-checks; the runs in between fetch only what is new.
    pub full_recheck_days: u32,
    /// How far an incremental run reaches back before the last good run, to catch late arrivals.
    pub overlap_hours: u32,
    /// The company time zone (IANA name), which decides calendar days for the per-day stats.
    /// Empty: Gong's own zone where the stats are allowed, UTC otherwise (docs/product.md, "Report").
    pub time_zone: String,
    /// Whether the server syncs once as soon as it starts.
    pub on_start: bool,
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            lookback_days: 365,
            quota_share: 0.5,
            daily_quota: 10_000,
            requests_per_second: 3,
            in_flight: 3,
            timeout_secs: 30,
            max_retry_after_secs: 120,
            interval_minutes: 24 * 60,
            full_recheck_days: 7,
            overlap_hours: 48,
            time_zone: String::new(),
            on_start: true,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportSettings {
    /// No hosted, attended or coached activity for this many days makes a user inactive.
    pub inactivity_days: u32,
    /// Users created this recently are new, whatever their activity.
    pub grace_days: u32,
    /// Report snapshots older than this are deleted.
    pub retention_days: u32,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            inactivity_days: 90,
            grace_days: 30,
            retention_days: 730,
        }
    }
}

/// Where to read Gong from.
#[derive(Debug, Clone)]
pub enum GongConnection {
    /// No Gong setting was given: run the embedded simulator.
    Demo,
    Live {
        base_url: Url,
        access_key: Secret,
        access_key_secret: Secret,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration error: {0}")]
    Invalid(String),
    #[error("configuration file {0} does not exist")]
    MissingFile(PathBuf),
    #[error(
        "incomplete Gong connection: {missing} not set. Set all of SEAT_AUDIT__GONG__BASE_URL, \
         SEAT_AUDIT__GONG__ACCESS_KEY and SEAT_AUDIT__GONG__ACCESS_KEY_SECRET for a live tenant, \
         or none of them for the demo"
    )]
    PartialGong { missing: String },
    #[error(
        "incomplete OpenID Connect sign-in: {missing} not set. Set all of them for single sign-on, \
         or none of the SEAT_AUDIT__OIDC__ settings to sign in with local accounts only"
    )]
    PartialOidc { missing: String },
    #[error("{setting}: {problem}")]
    Setting {
        setting: &'static str,
        problem: String,
    },
}

impl Settings {
    /// Reads the layers in order; a missing explicit file is an error, a bad value names its setting.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let mut figment = Figment::new();
        if let Some(file) = file {
            if !file.exists() {
                return Err(ConfigError::MissingFile(file.to_path_buf()));
            }
            figment = figment.merge(Toml::file_exact(file));
        }
        figment = figment.merge(Env::prefixed(ENV_PREFIX).split("__"));
        let settings: Settings = figment.extract().map_err(describe)?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        for (setting, url) in [
            ("SEAT_AUDIT__GONG__BASE_URL", &self.gong.base_url),
            ("SEAT_AUDIT__SCIM__BASE_URL", &self.scim.base_url),
            ("SEAT_AUDIT__PUBLIC_URL", &self.public_url),
        ] {
            if let Some(url) = url {
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(ConfigError::Setting {
                        setting,
                        problem: format!("must be an http or https URL, not {url}"),
                    });
                }
            }
        }
        if self.database.max_connections == 0 {
            return Err(ConfigError::Setting {
                setting: "SEAT_AUDIT__DATABASE__MAX_CONNECTIONS",
                problem: "must be at least 1".into(),
            });
        }
        if !(self.sync.quota_share > 0.0 && self.sync.quota_share <= 1.0) {
            return Err(ConfigError::Setting {
                setting: "SEAT_AUDIT__SYNC__QUOTA_SHARE",
                problem: format!(
                    "must be above 0 and at most 1, not {}",
                    self.sync.quota_share
                ),
            });
        }
        if !self.sync.time_zone.trim().is_empty()
            && self.sync.time_zone.parse::<chrono_tz::Tz>().is_err()
        {
            return Err(ConfigError::Setting {
                setting: "SEAT_AUDIT__SYNC__TIME_ZONE",
                problem: format!("{:?} is not an IANA time zone name", self.sync.time_zone),
            });
        }
        if self.sync.lookback_days < 30 || self.sync.lookback_days > 730 {
            return Err(ConfigError::Setting {
                setting: "SEAT_AUDIT__SYNC__LOOKBACK_DAYS",
                problem: "must be between 30 and 730 days".into(),
            });
        }
        if self.session.idle_minutes == 0 {
            return Err(ConfigError::Setting {
                setting: "SEAT_AUDIT__SESSION__IDLE_MINUTES",
                problem: "must be at least 1".into(),
            });
        }
        if self.scim.token.is_some()
            && self.scim.base_url.is_none()
            && self.gong_connection()?.is_live()
        {
            return Err(ConfigError::Setting {
                setting: "SEAT_AUDIT__SCIM__BASE_URL",
                problem: "a SCIM token is set but not the SCIM base URL to send it to".into(),
            });
        }
        self.oidc()?;
        self.channels()?;
        Ok(())
    }

    /// The notification channels configured (none by default).
    pub fn channels(&self) -> Result<Channels, ConfigError> {
        self.notify.resolve(self.public_url.as_ref())
    }

    /// OpenID Connect sign-in when its settings are complete; `None` when none is set.
    pub fn oidc(&self) -> Result<Option<Oidc>, ConfigError> {
        self.oidc.resolve(self.public_url.as_ref())
    }

    /// Demo when no Gong setting is given, live when all are; anything in between is an error.
    pub fn gong_connection(&self) -> Result<GongConnection, ConfigError> {
        let gong = &self.gong;
        match (&gong.base_url, &gong.access_key, &gong.access_key_secret) {
            (None, None, None) => Ok(GongConnection::Demo),
            (Some(base_url), Some(access_key), Some(access_key_secret)) => {
                Ok(GongConnection::Live {
                    base_url: base_url.clone(),
                    access_key: access_key.clone(),
                    access_key_secret: access_key_secret.clone(),
                })
            }
            _ => {
                let missing = [
                    ("SEAT_AUDIT__GONG__BASE_URL", gong.base_url.is_none()),
                    ("SEAT_AUDIT__GONG__ACCESS_KEY", gong.access_key.is_none()),
                    (
                        "SEAT_AUDIT__GONG__ACCESS_KEY_SECRET",
                        gong.access_key_secret.is_none(),
                    ),
                ]
                .into_iter()
                .filter_map(|(name, missing)| missing.then_some(name))
                .collect::<Vec<_>>()
                .join(" and ");
                Err(ConfigError::PartialGong { missing })
            }
        }
    }

    /// The database URL, defaulting to a SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        self.database.url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}",
                self.data_dir.join(crate::db::FILE_NAME).display()
            )
        })
    }
}

/// One line per problem, naming the setting as the person wrote it: the environment variable, or
/// the key and the file.
fn describe(error: figment::Error) -> ConfigError {
    let lines = error
        .into_iter()
        .map(|e| {
            let from_env = e
                .metadata
                .as_ref()
                .is_some_and(|m| m.name.contains("environment"));
            let setting = if e.path.is_empty() {
                String::new()
            } else if from_env {
                format!("{ENV_PREFIX}{}: ", e.path.join("__").to_uppercase())
            } else {
                let source = e
                    .metadata
                    .as_ref()
                    .and_then(|m| m.source.as_ref())
                    .map(|s| format!(" in {s}"))
                    .unwrap_or_default();
                format!("`{}`{source}: ", e.path.join("."))
            };
            format!("{setting}{}", e.kind)
        })
        .collect::<Vec<_>>();
    ConfigError::Invalid(lines.join("; "))
}

impl SyncSettings {
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::UTC)
    }

    /// The requests one UTC day may spend.
    pub fn daily_budget(&self) -> i64 {
        (f64::from(self.daily_quota) * self.quota_share).floor() as i64
    }
}

impl GongConnection {
    pub fn is_live(&self) -> bool {
        matches!(self, GongConnection::Live { .. })
    }
}

#[cfg(test)]
#[expect(
    clippy::result_large_err,
    reason = "figment::Jail fixes its closures' return type to figment's large error"
)]
mod tests;
