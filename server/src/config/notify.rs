//! Notification channels (`SEAT_AUDIT__NOTIFY__…`, docs/product.md "Notifications"): an SMTP
//! server for email, and chat webhooks. The URLs carry credentials (an SMTP password, a Slack
//! token in the path), so they are secrets: never printed, and shown on the Settings page only as
//! "set" or with the password cut out.

use std::time::Duration;

use serde::Deserialize;
use url::Url;

use super::{ConfigError, Secret};

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotifySettings {
    /// `smtp://user:pass@host:587` (STARTTLS, required unless the host is a loopback address or
    /// the URL ends in `?tls=none`) or `smtps://user:pass@host:465` (TLS from the first byte).
    pub smtp_url: Option<Secret>,
    /// The sender, e.g. `seat-audit <seat-audit@example.com>`.
    pub from: Option<String>,
    /// The dashboard's address in messages' links; by default `SEAT_AUDIT__PUBLIC_URL`, else the
    /// address the server listens on.
    pub public_url: Option<Url>,
    pub slack_webhook_url: Option<Secret>,
    pub teams_webhook_url: Option<Secret>,
    /// A generic JSON webhook (docs/product.md lists the fields it receives).
    pub webhook_url: Option<Secret>,
    /// Seconds between the worker's looks at what is due.
    pub tick_secs: u64,
    /// The first retry's wait after a failed send; each next one doubles, up to an hour.
    pub retry_secs: u64,
    /// Sends given up after this many attempts are marked failed (and shown on the pages).
    pub max_attempts: u32,
    /// A send still unfinished after this long (its worker died: a restart, a crash) is taken
    /// over by another worker.
    pub lease_secs: u64,
}

impl Default for NotifySettings {
    fn default() -> Self {
        NotifySettings {
            smtp_url: None,
            from: None,
            public_url: None,
            slack_webhook_url: None,
            teams_webhook_url: None,
            webhook_url: None,
            tick_secs: 30,
            retry_secs: 60,
            max_attempts: 8,
            lease_secs: 300,
        }
    }
}

/// How email leaves: TLS from the first byte, STARTTLS, or plain (a loopback relay).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    Tls,
    StartTls,
    Plain,
}

/// A checked SMTP server.
#[derive(Clone)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub from: String,
}

impl std::fmt::Debug for Smtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown())
    }
}

impl Smtp {
    /// The server as the Settings page shows it: no password.
    pub fn shown(&self) -> String {
        let scheme = if self.security == SmtpSecurity::Tls {
            "smtps"
        } else {
            "smtp"
        };
        let user = self
            .username
            .as_ref()
            .map(|u| format!("{u}:…@"))
            .unwrap_or_default();
        format!("{scheme}://{user}{}:{}", self.host, self.port)
    }
}

/// The configured channels, checked at start-up.
#[derive(Debug, Clone, Default)]
pub struct Channels {
    pub smtp: Option<Smtp>,
    pub slack: Option<Secret>,
    pub teams: Option<Secret>,
    pub webhook: Option<Secret>,
    pub public_url: Option<Url>,
    pub tick: Duration,
    pub retry: Duration,
    pub max_attempts: u32,
    pub lease: Duration,
}

impl Channels {
    pub fn any(&self) -> bool {
        self.smtp.is_some()
            || self.slack.is_some()
            || self.teams.is_some()
            || self.webhook.is_some()
    }
}

impl NotifySettings {
    /// The checked channels; a malformed URL or a missing sender names its setting.
    pub fn resolve(&self, public_url: Option<&Url>) -> Result<Channels, ConfigError> {
        let smtp = self
            .smtp_url
            .as_ref()
            .map(|url| smtp(url, self.from.as_deref()))
            .transpose()?;
        for (setting, url) in [
            (
                "SEAT_AUDIT__NOTIFY__SLACK_WEBHOOK_URL",
                &self.slack_webhook_url,
            ),
            (
                "SEAT_AUDIT__NOTIFY__TEAMS_WEBHOOK_URL",
                &self.teams_webhook_url,
            ),
            ("SEAT_AUDIT__NOTIFY__WEBHOOK_URL", &self.webhook_url),
        ] {
            if let Some(url) = url {
                let ok = Url::parse(url.expose())
                    .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
                if !ok {
                    return Err(ConfigError::Setting {
                        setting,
                        problem: "must be an http or https URL (the value is not shown: it holds a secret)".into(),
                    });
                }
            }
        }
        if let Some(url) = &self.public_url {
            if !matches!(url.scheme(), "http" | "https") {
                return Err(ConfigError::Setting {
                    setting: "SEAT_AUDIT__NOTIFY__PUBLIC_URL",
                    problem: format!("must be an http or https URL, not {url}"),
                });
            }
        }
        for (setting, value) in [
            ("SEAT_AUDIT__NOTIFY__TICK_SECS", self.tick_secs),
            ("SEAT_AUDIT__NOTIFY__RETRY_SECS", self.retry_secs),
            ("SEAT_AUDIT__NOTIFY__LEASE_SECS", self.lease_secs),
            (
                "SEAT_AUDIT__NOTIFY__MAX_ATTEMPTS",
                u64::from(self.max_attempts),
            ),
        ] {
            if value == 0 {
                return Err(ConfigError::Setting {
                    setting,
                    problem: "must be at least 1".into(),
                });
            }
        }
        Ok(Channels {
            smtp,
            slack: self.slack_webhook_url.clone(),
            teams: self.teams_webhook_url.clone(),
            webhook: self.webhook_url.clone(),
            public_url: self.public_url.clone().or_else(|| public_url.cloned()),
            tick: Duration::from_secs(self.tick_secs),
            retry: Duration::from_secs(self.retry_secs),
            max_attempts: self.max_attempts,
            lease: Duration::from_secs(self.lease_secs),
        })
    }
}

fn smtp(url: &Secret, from: Option<&str>) -> Result<Smtp, ConfigError> {
    let setting = "SEAT_AUDIT__NOTIFY__SMTP_URL";
    let bad = |problem: &str| ConfigError::Setting {
        setting,
        problem: format!("{problem} (the value is not shown: it may hold a password)"),
    };
    let url = Url::parse(url.expose()).map_err(|_| bad("is not a URL"))?;
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| bad("names no host"))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    let tls_none = url.query_pairs().any(|(k, v)| k == "tls" && v == "none");
    let (security, default_port) = match url.scheme() {
        "smtps" => (SmtpSecurity::Tls, 465),
        "smtp" if tls_none || loopback => (SmtpSecurity::Plain, 25),
        "smtp" => (SmtpSecurity::StartTls, 587),
        _ => return Err(bad("must start with smtp:// or smtps://")),
    };
    // The URL's user and password are percent-encoded (a "+" is a plus, not a space).
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let username = (!url.username().is_empty()).then(|| decode(url.username()));
    let password = url.password().map(|p| Secret::new(decode(p)));
    let from = from
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .ok_or(ConfigError::Setting {
            setting: "SEAT_AUDIT__NOTIFY__FROM",
            problem: "must be set with SEAT_AUDIT__NOTIFY__SMTP_URL: the sender of the emails, e.g. seat-audit <seat-audit@example.com>".into(),
        })?;
    if from.parse::<lettre::message::Mailbox>().is_err() {
        return Err(ConfigError::Setting {
            setting: "SEAT_AUDIT__NOTIFY__FROM",
            problem: format!("{from:?} is not an email address"),
        });
    }
    Ok(Smtp {
        host,
        port: url.port().unwrap_or(default_port),
        security,
        username,
        password,
        from: from.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(smtp_url: &str, from: Option<&str>) -> Result<Channels, ConfigError> {
        NotifySettings {
            smtp_url: Some(Secret::new(smtp_url)),
            from: from.map(str::to_owned),
            ..NotifySettings::default()
        }
        .resolve(None)
    }

    #[test]
    fn an_smtp_url_names_its_security_port_and_credentials() {
        let from = Some("seat-audit <sa@example.com>");
        let smtp = resolve("smtp://ana%40corp:p%40ss@mail.example.com:587", from)
            .unwrap()
            .smtp
            .unwrap();
        assert_eq!(smtp.security, SmtpSecurity::StartTls);
        assert_eq!((smtp.host.as_str(), smtp.port), ("mail.example.com", 587));
        assert_eq!(smtp.username.as_deref(), Some("ana@corp"));
        assert_eq!(smtp.password.unwrap().expose(), "p@ss");
        let tls = resolve("smtps://mail.example.com", from)
            .unwrap()
            .smtp
            .unwrap();
        assert_eq!((tls.security, tls.port), (SmtpSecurity::Tls, 465));
        let local = resolve("smtp://127.0.0.1:2525", from)
            .unwrap()
            .smtp
            .unwrap();
        assert_eq!(local.security, SmtpSecurity::Plain);
        let none = resolve("smtp://relay.internal?tls=none", from)
            .unwrap()
            .smtp
            .unwrap();
        assert_eq!(none.security, SmtpSecurity::Plain);
    }

    #[test]
    fn a_plus_in_the_smtp_password_stays_a_plus() {
        let smtp = resolve("smtp://ana:a+b%2Bc@mail.example.com", Some("a@b.c"))
            .unwrap()
            .smtp
            .unwrap();
        assert_eq!(smtp.password.unwrap().expose(), "a+b+c");
    }

    #[test]
    fn a_bad_smtp_setting_names_the_setting_and_never_the_password() {
        let error = resolve("http://u:hunter2@mail.example.com", Some("a@b.c"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("SEAT_AUDIT__NOTIFY__SMTP_URL"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
        let error = resolve("smtp://u:hunter2@mail.example.com", None)
            .unwrap_err()
            .to_string();
        assert!(error.contains("SEAT_AUDIT__NOTIFY__FROM"), "{error}");
        let shown = resolve("smtp://u:hunter2@mail.example.com", Some("a@b.c"))
            .unwrap()
            .smtp
            .unwrap();
        assert!(!format!("{shown:?} {}", shown.shown()).contains("hunter2"));
    }

    #[test]
    fn a_webhook_url_that_is_not_http_is_refused_without_showing_it() {
        let error = NotifySettings {
            slack_webhook_url: Some(Secret::new("hooks.slack.com/services/T0/B0/secret-token")),
            ..NotifySettings::default()
        }
        .resolve(None)
        .unwrap_err()
        .to_string();
        assert!(error.contains("SLACK_WEBHOOK_URL"), "{error}");
        assert!(!error.contains("secret-token"), "{error}");
    }
}
