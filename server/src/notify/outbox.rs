//! The outbox (docs/product.md, "Notifications"): messages queued in the database, claimed by one
//! worker at a time, retried with a growing wait, given up after the last attempt. Each message's
//! key is its idempotency key: the same digest or event is queued once, whatever restarts.

use app::types::{NotifyHealth, NotifyProblem};
use chrono::{DateTime, Duration, Utc};

use crate::{
    audit::{self, Entry},
    db::Pool,
};

/// A message's channel, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Slack,
    Teams,
    Webhook,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Slack => "slack",
            Channel::Teams => "teams",
            Channel::Webhook => "webhook",
        }
    }

    pub fn parse(text: &str) -> Option<Channel> {
        match text {
            "email" => Some(Channel::Email),
            "slack" => Some(Channel::Slack),
            "teams" => Some(Channel::Teams),
            "webhook" => Some(Channel::Webhook),
            _ => None,
        }
    }

    /// How pages and the audit log name it.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Email => "Email",
            Channel::Slack => "Slack",
            Channel::Teams => "Microsoft Teams",
            Channel::Webhook => "Webhook",
        }
    }
}

/// One message to one recipient on one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The idempotency key: the same key is never queued twice.
    pub key: String,
    /// `digest` (an approver's) or `admin`.
    pub kind: &'static str,
    pub channel: Channel,
    /// An email address, or the channel's name for the chat webhooks.
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// Queues `message` unless its key was queued before; `true` when it was queued now.
pub async fn enqueue(
    db: impl Into<crate::db::Ex<'_>>,
    message: &Message,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let inserted = crate::db::query(
        "INSERT INTO notifications (key, kind, channel, recipient, subject, body, next_attempt_at,
                                    created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
    )
    .bind(&message.key)
    .bind(message.kind)
    .bind(message.channel.as_str())
    .bind(&message.recipient)
    .bind(&message.subject)
    .bind(&message.body)
    .bind(now)
    .bind(now)
    .execute(db)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// A message a worker holds while it sends it.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub message: Message,
    /// This attempt's number, from 1.
    pub attempt: u32,
}

/// Claims the oldest message due at `now` (queued and due, or held by a claim older than `lease`:
/// its worker died mid-send); compare-and-set, so two workers never hold the same message.
pub async fn claim(
    pool: &Pool,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<Option<Claimed>, sqlx::Error> {
    let stale = now - lease;
    type Row = (i64, String, String, String, String, String, String, i64);
    let row: Option<Row> = crate::db::query_as(
        "UPDATE notifications SET state = 'sending', claimed_at = ?1, attempts = attempts + 1
         WHERE id = (SELECT id FROM notifications
                     WHERE (state = 'queued' AND next_attempt_at <= ?1)
                        OR (state = 'sending' AND claimed_at <= ?2)
                     ORDER BY id LIMIT 1)
           AND (state = 'queued' OR (state = 'sending' AND claimed_at <= ?2))
         RETURNING id, key, kind, channel, recipient, subject, body, attempts",
    )
    .bind(now)
    .bind(stale)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(
        |(id, key, kind, channel, recipient, subject, body, attempts)| {
            Some(Claimed {
                id,
                message: Message {
                    key,
                    kind: if kind == "digest" { "digest" } else { "admin" },
                    channel: Channel::parse(&channel)?,
                    recipient,
                    subject,
                    body,
                },
                attempt: u32::try_from(attempts).unwrap_or(u32::MAX),
            })
        },
    ))
}

pub async fn sent(pool: &Pool, id: i64, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    crate::db::query(
        "UPDATE notifications SET state = 'sent', sent_at = ?, claimed_at = NULL WHERE id = ?",
    )
    .bind(now)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// How long after attempt `attempt` failed the next one waits: `first`, doubled each time, at most
/// an hour.
pub fn backoff(first: Duration, attempt: u32) -> Duration {
    let doubled = first * 2i32.saturating_pow(attempt.saturating_sub(1).min(20));
    doubled.min(Duration::hours(1))
}

/// Records a failed attempt: another is due after the backoff, or (the last attempt) the message
/// is given up, with an audit entry.
pub async fn failed(
    pool: &Pool,
    claimed: &Claimed,
    error: &str,
    (first, max_attempts): (Duration, u32),
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let error = audit::bounded(error, 500);
    if claimed.attempt < max_attempts {
        crate::db::query(
            "UPDATE notifications SET state = 'queued', claimed_at = NULL, last_error = ?,
                 next_attempt_at = ? WHERE id = ?",
        )
        .bind(error.as_ref())
        .bind(now + backoff(first, claimed.attempt))
        .bind(claimed.id)
        .execute(pool)
        .await?;
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    crate::db::query(
        "UPDATE notifications SET state = 'failed', claimed_at = NULL, last_error = ? WHERE id = ?",
    )
    .bind(error.as_ref())
    .bind(claimed.id)
    .execute(&mut tx)
    .await?;
    let subject = format!(
        "{} to {}: {}",
        claimed.message.channel.label(),
        claimed.message.recipient,
        claimed.message.subject
    );
    audit::record(
        &mut tx,
        Entry {
            actor: audit::SYSTEM,
            action: "notification_failed",
            subject: Some(&subject),
            before: None,
            after: None,
            reason: Some(&format!(
                "given up after {} attempts: {error}",
                claimed.attempt
            )),
        },
    )
    .await?;
    tx.commit().await
}

/// How delivery is going: what waits, what was sent in the last day, and the messages retried or
/// given up (the 10 newest).
pub async fn health(pool: &Pool, now: DateTime<Utc>) -> Result<NotifyHealth, sqlx::Error> {
    let (queued, sent_last_day): (i64, i64) = crate::db::query_as(
        "SELECT COUNT(*) FILTER (WHERE state IN ('queued', 'sending')),
                COUNT(*) FILTER (WHERE state = 'sent' AND sent_at >= ?)
         FROM notifications",
    )
    .bind(now - Duration::days(1))
    .fetch_one(pool)
    .await?;
    type Row = (String, String, String, i64, String, String, DateTime<Utc>);
    let rows: Vec<Row> = crate::db::query_as(
        "SELECT channel, recipient, subject, attempts, last_error, state, next_attempt_at
         FROM notifications
         WHERE last_error IS NOT NULL AND state IN ('queued', 'sending', 'failed')
         ORDER BY id DESC LIMIT 10",
    )
    .fetch_all(pool)
    .await?;
    Ok(NotifyHealth {
        queued: u32::try_from(queued).unwrap_or(0),
        sent_last_day: u32::try_from(sent_last_day).unwrap_or(0),
        problems: rows
            .into_iter()
            .map(
                |(channel, recipient, subject, attempts, error, state, next)| NotifyProblem {
                    channel: Channel::parse(&channel).map_or(channel, |c| c.label().to_owned()),
                    recipient,
                    subject,
                    attempts: u32::try_from(attempts).unwrap_or(0),
                    error,
                    given_up: state == "failed",
                    next_attempt_at: next.format("%Y-%m-%d %H:%M UTC").to_string(),
                },
            )
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_the_first_and_stops_at_an_hour() {
        let first = Duration::seconds(60);
        let waits: Vec<i64> = (1..=8).map(|a| backoff(first, a).num_seconds()).collect();
        assert_eq!(waits, [60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
