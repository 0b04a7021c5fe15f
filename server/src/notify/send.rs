//! Delivery (docs/product.md, "Notifications"): email through the configured SMTP server, and
//! JSON posts to the chat webhooks. An error says what failed in words an admin can act on and
//! never carries a secret (no password, no webhook URL).

use std::{sync::Arc, time::Duration};

use lettre::{
    message::{header::ContentType, Mailbox},
    transport::smtp::{
        authentication::Credentials,
        client::{Tls, TlsParameters},
    },
    AsyncSmtpTransport, AsyncTransport, Message as Email, Tokio1Executor,
};
use serde_json::{json, Value};
use url::Url;

use super::outbox::{Channel, Message};
use crate::config::{Channels, Secret, Smtp, SmtpSecurity};

/// How long one send may take before it counts as failed.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Sends messages over the configured channels.
#[derive(Clone)]
pub struct Sender {
    channels: Arc<Channels>,
    http: reqwest::Client,
}

impl Sender {
    pub fn new(channels: Arc<Channels>) -> Sender {
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the HTTP client builds");
        Sender { channels, http }
    }

    pub fn channels(&self) -> &Channels {
        &self.channels
    }

    /// Sends `message`; `Err` is the reason, safe to show and store.
    pub async fn send(&self, message: &Message) -> Result<(), String> {
        let channels = &self.channels;
        let gone = |setting: &str| {
            Err(format!(
                "{setting} is no longer set on this server, so this message cannot be sent"
            ))
        };
        match message.channel {
            Channel::Email => match &channels.smtp {
                Some(smtp) => email(smtp, message).await,
                None => gone("SEAT_AUDIT__NOTIFY__SMTP_URL"),
            },
            Channel::Slack => match &channels.slack {
                Some(url) => self.post(url, "Slack", message, slack(message)).await,
                None => gone("SEAT_AUDIT__NOTIFY__SLACK_WEBHOOK_URL"),
            },
            Channel::Teams => match &channels.teams {
                Some(url) => {
                    self.post(url, "Microsoft Teams", message, teams(message))
                        .await
                }
                None => gone("SEAT_AUDIT__NOTIFY__TEAMS_WEBHOOK_URL"),
            },
            Channel::Webhook => match &channels.webhook {
                Some(url) => {
                    let body = generic(message, channels.public_url.as_ref());
                    self.post(url, "The webhook", message, body).await
                }
                None => gone("SEAT_AUDIT__NOTIFY__WEBHOOK_URL"),
            },
        }
    }

    /// Posts `body` with the message's idempotency key; any answer but 2xx is a failure.
    async fn post(
        &self,
        url: &Secret,
        name: &str,
        message: &Message,
        body: Value,
    ) -> Result<(), String> {
        let response = self
            .http
            .post(url.expose())
            .header("idempotency-key", &message.key)
            .json(&body)
            .send()
            .await
            .map_err(|e| format!("{name} could not be reached: {}", e.without_url()))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let text = response.text().await.unwrap_or_default();
        let text: String = text.chars().take(200).collect();
        match text.trim() {
            "" => Err(format!("{name} answered {status}")),
            text => Err(format!("{name} answered {status}: {text}")),
        }
    }
}

/// The email's Message-ID: the idempotency key, so a message sent again after a crash is the same
/// message to the mail systems.
pub fn message_id(key: &str) -> String {
    let safe: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '.'
            }
        })
        .collect();
    format!("<{safe}@seat-audit>")
}

async fn email(smtp: &Smtp, message: &Message) -> Result<(), String> {
    let server = format!("The SMTP server {}:{}", smtp.host, smtp.port);
    let from: Mailbox = smtp
        .from
        .parse()
        .map_err(|e| format!("SEAT_AUDIT__NOTIFY__FROM is not an address: {e}"))?;
    let to: Mailbox = message
        .recipient
        .parse()
        .map_err(|e| format!("“{}” is not an email address: {e}", message.recipient))?;
    let email = Email::builder()
        .from(from)
        .to(to)
        .subject(&message.subject)
        .message_id(Some(message_id(&message.key)))
        .header(ContentType::TEXT_PLAIN)
        .body(message.body.clone())
        .map_err(|e| format!("the message could not be built: {e}"))?;
    transport(smtp)?
        .send(email)
        .await
        .map(|_| ())
        .map_err(|e| format!("{server} refused or failed: {e}"))
}

/// Whether the SMTP server answers, takes STARTTLS or TLS and the credentials, and a NOOP: what
/// `seat-audit check` and the Settings page's check say of email. Sends nothing.
pub async fn smtp_reachable(smtp: &Smtp) -> Result<(), String> {
    let server = format!("The SMTP server {}:{}", smtp.host, smtp.port);
    match transport(smtp)?.test_connection().await {
        Ok(true) => Ok(()),
        Ok(false) => Err(format!("{server} did not answer NOOP")),
        Err(e) => Err(format!("{server} could not be used: {e}")),
    }
}

fn transport(smtp: &Smtp) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let tls = |host: &str| {
        TlsParameters::new(host.to_owned()).map_err(|e| {
            format!(
                "The SMTP server {}:{}: TLS set-up failed: {e}",
                smtp.host, smtp.port
            )
        })
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
        .port(smtp.port)
        .timeout(Some(TIMEOUT));
    builder = match smtp.security {
        SmtpSecurity::Tls => builder.tls(Tls::Wrapper(tls(&smtp.host)?)),
        SmtpSecurity::StartTls => builder.tls(Tls::Required(tls(&smtp.host)?)),
        SmtpSecurity::Plain => builder.tls(Tls::None),
    };
    if let Some(user) = &smtp.username {
        let password = smtp.password.as_ref().map_or("", |p| p.expose());
        builder = builder.credentials(Credentials::new(user.clone(), password.to_owned()));
    }
    Ok(builder.build())
}

fn slack(message: &Message) -> Value {
    json!({ "text": format!("*{}*\n{}", message.subject, message.body) })
}

/// A Teams workflow webhook ("Post to a channel when a webhook request is received") takes an
/// Adaptive Card in a message's attachments.
fn teams(message: &Message) -> Value {
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": [
                    { "type": "TextBlock", "text": message.subject, "weight": "Bolder", "wrap": true },
                    { "type": "TextBlock", "text": message.body, "wrap": true }
                ]
            }
        }]
    })
}

/// The generic webhook's fields (docs/product.md, "Notifications").
fn generic(message: &Message, public_url: Option<&Url>) -> Value {
    json!({
        "idempotency_key": message.key,
        "kind": message.kind,
        "subject": message.subject,
        "text": message.body,
        "link": public_url.map(|u| u.as_str().trim_end_matches('/').to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_id_is_the_key_in_a_shape_mail_systems_accept() {
        assert_eq!(
            message_id("digest:ana@corp.example:2026-12-02"),
            "<digest.ana.corp.example.2026-12-02@seat-audit>"
        );
    }
}
