//! Notifications (docs/product.md, "Notifications"): approvers get a daily digest of their open
//! items, with a reminder before an item expires and after an escalation; admins are told of
//! approvals waiting for execution, failed executions and failed syncs. Messages are planned from
//! the database, queued in an outbox with an idempotency key, and sent by a worker that retries
//! with backoff; nothing is ever executed because nobody answered.

mod compose;
pub mod outbox;
pub mod plan;
pub mod policy;
mod send;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;

pub use outbox::{health, Channel, Message};
pub use plan::{plan, Planned};
pub use send::{message_id, smtp_reachable, Sender};

use crate::{
    audit::{self, Entry},
    config::{Channels, Settings},
    db::Pool,
};

/// Plans and delivers; one per server.
#[derive(Clone)]
pub struct Notifier {
    pool: Pool,
    settings: Arc<Settings>,
    sender: Sender,
}

/// What one round delivered.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub failed: usize,
}

impl Notifier {
    pub fn new(pool: Pool, settings: Arc<Settings>, channels: Arc<Channels>) -> Notifier {
        Notifier {
            pool,
            settings,
            sender: Sender::new(channels),
        }
    }

    pub fn channels(&self) -> &Channels {
        self.sender.channels()
    }

    /// Plans what is due at `now` and sends what the outbox holds due.
    pub async fn round(&self, now: DateTime<Utc>) -> Result<(Planned, Delivered), sqlx::Error> {
        let planned = self.plan(now).await?;
        let delivered = self.deliver(now).await?;
        Ok((planned, delivered))
    }

    /// Plans what is due at `now`, in the company's zone.
    pub async fn plan(&self, now: DateTime<Utc>) -> Result<Planned, sqlx::Error> {
        let zone = crate::sync::zone::company_tz(&self.pool, &self.settings).await?;
        let policy = policy::load(&self.pool).await?;
        plan::plan(&self.pool, self.channels(), &policy, zone, now).await
    }

    /// Sends every message due at `now`, one at a time, each claimed first.
    pub async fn deliver(&self, now: DateTime<Utc>) -> Result<Delivered, sqlx::Error> {
        let channels = self.channels();
        let lease = chrono::Duration::from_std(channels.lease).unwrap_or(chrono::Duration::MAX);
        let retry = chrono::Duration::from_std(channels.retry).unwrap_or(chrono::Duration::MAX);
        let mut delivered = Delivered::default();
        while let Some(claimed) = outbox::claim(&self.pool, now, lease).await? {
            match self.sender.send(&claimed.message).await {
                Ok(()) => {
                    outbox::sent(&self.pool, claimed.id, Utc::now()).await?;
                    delivered.sent += 1;
                }
                Err(error) => {
                    tracing::warn!(
                        channel = claimed.message.channel.as_str(),
                        attempt = claimed.attempt,
                        %error,
                        "a notification was not sent"
                    );
                    outbox::failed(
                        &self.pool,
                        &claimed,
                        &error,
                        (retry, channels.max_attempts),
                        now,
                    )
                    .await?;
                    delivered.failed += 1;
                }
            }
        }
        Ok(delivered)
    }

    /// Rounds every tick until shutdown; a send cut off by shutdown is taken over after its lease.
    pub async fn run(self, shutdown: CancellationToken) {
        let tick = self.channels().tick;
        loop {
            tokio::select! {
                // A send cut off here stays claimed; after its lease another worker sends it.
                () = shutdown.cancelled() => return,
                result = self.round(Utc::now()) => if let Err(error) = result {
                    tracing::error!(%error, "notifications: the database could not be read or written");
                },
            }
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(tick) => {}
            }
        }
    }

    /// The Settings page's "Send a test message": sent at once (not queued) to `channel`, to the
    /// admin's own address for email; recorded in the audit log either way.
    pub async fn send_test(&self, actor: &str, channel: Channel) -> Result<String, String> {
        let configured = match channel {
            Channel::Email => self.channels().smtp.is_some(),
            Channel::Slack => self.channels().slack.is_some(),
            Channel::Teams => self.channels().teams.is_some(),
            Channel::Webhook => self.channels().webhook.is_some(),
        };
        if !configured {
            return Err(format!(
                "{} is not configured on this server (see README, Notifications).",
                channel.label()
            ));
        }
        let (subject, body) = compose::test(actor, &plan::link(self.channels(), "/"));
        let recipient = match channel {
            Channel::Email => actor.to_owned(),
            other => other.as_str().to_owned(),
        };
        let message = Message {
            key: format!(
                "test:{}:{}",
                channel.as_str(),
                Utc::now().timestamp_millis()
            ),
            kind: "admin",
            channel,
            recipient: recipient.clone(),
            subject,
            body,
        };
        let result = self.sender.send(&message).await;
        let reason = match &result {
            Ok(()) => None,
            Err(error) => Some(error.as_str()),
        };
        let subject = format!("{} to {recipient}", channel.label());
        let recorded = audit::record(
            &self.pool,
            Entry {
                actor,
                action: if result.is_ok() {
                    "notification_test_sent"
                } else {
                    "notification_test_failed"
                },
                subject: Some(&subject),
                before: None,
                after: None,
                reason,
            },
        )
        .await;
        if let Err(error) = recorded {
            tracing::error!(%error, "the test message's audit entry was not written");
        }
        match result {
            Ok(()) => Ok(format!(
                "Test message sent: {} to {recipient}.",
                channel.label()
            )),
            Err(error) => Err(format!("The test message was not sent. {error}")),
        }
    }
}
