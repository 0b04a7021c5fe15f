//! What is due to whom at `now` (docs/product.md, "Notifications"): one digest a day at most per
//! approver when something changed for them (new items, an item about to expire, an escalation),
//! and one message per admin event, rate-limited. Everything is queued in the outbox with its
//! idempotency key in the same transaction that marks what it told, so a plan made twice (two
//! instances, a restart) queues nothing twice.

use std::collections::BTreeSet;

use app::types::{NotifyPolicy, Role};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::{
    compose::{self, Event, Why},
    outbox::{self, Channel, Message},
};
use crate::{auth::accounts, config::Channels, db::Pool, workflow};

/// What a plan queued: digests and admin events.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    pub digests: usize,
    pub events: usize,
}

/// Plans everything due at `now`; days are counted in the company zone `zone`.
pub async fn plan(
    pool: &Pool,
    channels: &Channels,
    policy: &NotifyPolicy,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<Planned, sqlx::Error> {
    // Escalations and expiries happen on the clock, not only when someone opens a page.
    workflow::expire_due(pool, now).await?;
    let link = |path: &str| link(channels, path);
    let mut planned = Planned::default();
    if policy.approver_digest && channels.smtp.is_some() {
        planned.digests = digests(pool, policy, zone, now, &link("/approvals")).await?;
    }
    let admin_email = policy.admin_email && channels.smtp.is_some();
    let admin_chat = policy.admin_chat
        && (channels.slack.is_some() || channels.teams.is_some() || channels.webhook.is_some());
    if admin_email || admin_chat {
        planned.events =
            admin_events(pool, channels, policy, (admin_email, admin_chat), now).await?;
    }
    Ok(planned)
}

/// `path` under the address people reach the dashboard at.
pub fn link(channels: &Channels, path: &str) -> String {
    let base = channels
        .public_url
        .as_ref()
        .map_or("", |u| u.as_str())
        .trim_end_matches('/');
    format!("{base}{path}")
}

/// An open item's notification marks.
#[derive(sqlx::FromRow)]
struct Marks {
    id: i64,
    approver: String,
    escalated_to: Option<String>,
    proposed_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    announced_at: Option<DateTime<Utc>>,
    reminded_at: Option<DateTime<Utc>>,
    escalation_told_at: Option<DateTime<Utc>>,
}

async fn digests(
    pool: &Pool,
    policy: &NotifyPolicy,
    zone: Tz,
    now: DateTime<Utc>,
    link: &str,
) -> Result<usize, sqlx::Error> {
    let marks: Vec<Marks> = crate::db::query_as(
        "SELECT id, approver, escalated_to, proposed_at, expires_at, announced_at, reminded_at,
                escalation_told_at
         FROM workflow_items WHERE state = 'awaiting'",
    )
    .fetch_all(pool)
    .await?;
    let recipients: BTreeSet<String> = marks
        .iter()
        .flat_map(|m| std::iter::once(&m.approver).chain(m.escalated_to.as_ref()))
        .map(|e| e.to_lowercase())
        .collect();
    let currency = crate::seats::store::contract(pool).await?.currency;
    let today = now.with_timezone(&zone).date_naive();
    let remind_from = now + Duration::days(i64::from(policy.reminder_days));
    let quiet_since = now - Duration::minutes(i64::from(policy.quiet_minutes));
    let mut queued = 0;
    for email in recipients {
        let Some(account) = accounts::by_email(pool, &email).await? else {
            continue;
        };
        if account.disabled || !matches!(account.role, Role::Admin | Role::Manager) {
            continue;
        }
        // Only what the account may see and decide, as its Approvals page lists it.
        let items = workflow::awaiting_for(pool, &account.email, account.role).await?;
        let mine = |m: &Marks| m.approver.eq_ignore_ascii_case(&email);
        let to_me = |m: &Marks| {
            m.escalated_to
                .as_ref()
                .is_some_and(|e| e.eq_ignore_ascii_case(&email))
        };
        let mut listed = Vec::new();
        let (mut announce, mut remind, mut told) = (Vec::new(), Vec::new(), Vec::new());
        let mut newest = None;
        for item in items {
            let Some(m) = marks.iter().find(|m| m.id == item.id) else {
                continue;
            };
            let why = if to_me(m) && m.escalation_told_at.is_none() {
                told.push(m.id);
                Why::Escalated
            } else if policy.reminder_days > 0
                && m.reminded_at.is_none()
                && m.expires_at <= remind_from
            {
                remind.push(m.id);
                Why::ExpiresSoon
            } else if mine(m) && m.announced_at.is_none() {
                announce.push(m.id);
                newest = newest.max(Some(m.proposed_at));
                Why::New
            } else {
                Why::Waiting
            };
            // An item first told as escalated or expiring is announced by the same message.
            if mine(m) && m.announced_at.is_none() && why != Why::New {
                announce.push(m.id);
            }
            listed.push((why, item));
        }
        let something_new = !told.is_empty() || !remind.is_empty() || newest.is_some();
        // A batch being proposed goes as one message: wait until it has been quiet a while.
        let settling =
            newest.is_some_and(|at| at > quiet_since) && told.is_empty() && remind.is_empty();
        if !something_new || settling {
            continue;
        }
        let (subject, body) = compose::digest(&listed, &currency, link);
        let message = Message {
            key: format!("digest:{}:{today}", email),
            kind: "digest",
            channel: Channel::Email,
            recipient: account.email.clone(),
            subject,
            body,
        };
        let mut tx = pool.begin().await?;
        if outbox::enqueue(&mut tx, &message, now).await? {
            for (column, ids) in [
                ("announced_at", &announce),
                ("reminded_at", &remind),
                ("escalation_told_at", &told),
            ] {
                for id in ids {
                    crate::db::query(&format!(
                        "UPDATE workflow_items SET {column} = ? WHERE id = ? AND {column} IS NULL"
                    ))
                    .bind(now)
                    .bind(id)
                    .execute(&mut tx)
                    .await?;
                }
            }
            queued += 1;
        }
        // Already sent today: what is new waits for tomorrow's digest.
        tx.commit().await?;
    }
    Ok(queued)
}

/// Admins' events since the last plan: approvals waiting for execution, failed executions,
/// and syncs that failed or stopped on the quota; one message per event, at most
/// `admin_per_hour` an hour, the rest gathered into one.
async fn admin_events(
    pool: &Pool,
    channels: &Channels,
    policy: &NotifyPolicy,
    (by_email, by_chat): (bool, bool),
    now: DateTime<Utc>,
) -> Result<usize, sqlx::Error> {
    let (events, cursor) = pending_events(pool).await?;
    if events.is_empty() {
        if let Some(cursor) = cursor {
            advance(pool, cursor).await?;
        }
        return Ok(0);
    }
    let told_last_hour: i64 = crate::db::query_scalar(
        "SELECT COUNT(*) FROM notify_events WHERE at > ? AND key NOT LIKE 'told:%'",
    )
    .bind(now - Duration::hours(1))
    .fetch_one(pool)
    .await?;
    let budget = usize::try_from(i64::from(policy.admin_per_hour) - told_last_hour).unwrap_or(0);
    if budget == 0 {
        // Held until the hour has room; nothing is lost.
        return Ok(0);
    }
    let link = link(channels, "/approvals");
    let mut messages: Vec<(String, (String, String), Vec<String>)> = Vec::new();
    let (single, rest) = if events.len() <= budget {
        (&events[..], &events[..0])
    } else {
        events.split_at(budget - 1)
    };
    for event in single {
        messages.push((event.key.clone(), compose::admin(event, &link), vec![]));
    }
    if !rest.is_empty() {
        let key = format!("gathered:{}", rest[0].key);
        let covered = rest.iter().map(|e| e.key.clone()).collect();
        messages.push((key, compose::gathered(rest, &link), covered));
    }
    let admins: Vec<String> = if by_email {
        crate::db::query_scalar(
            "SELECT email FROM accounts WHERE role = 'admin' AND NOT disabled ORDER BY id",
        )
        .fetch_all(pool)
        .await?
    } else {
        Vec::new()
    };
    let mut recipients: Vec<(Channel, String)> =
        admins.into_iter().map(|a| (Channel::Email, a)).collect();
    if by_chat {
        for (on, channel) in [
            (channels.slack.is_some(), Channel::Slack),
            (channels.teams.is_some(), Channel::Teams),
            (channels.webhook.is_some(), Channel::Webhook),
        ] {
            if on {
                recipients.push((channel, channel.as_str().to_owned()));
            }
        }
    }
    let mut tx = pool.begin().await?;
    for (key, (subject, body), covered) in &messages {
        for (channel, recipient) in &recipients {
            let message = Message {
                key: format!(
                    "admin:{key}:{}:{}",
                    channel.as_str(),
                    recipient.to_lowercase()
                ),
                kind: "admin",
                channel: *channel,
                recipient: recipient.clone(),
                subject: subject.clone(),
                body: body.clone(),
            };
            outbox::enqueue(&mut tx, &message, now).await?;
        }
        crate::db::query(
            "INSERT INTO notify_events (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(now)
        .execute(&mut tx)
        .await?;
        // Events told inside a gathered message are marked, but count once against the hour.
        for covered in covered {
            crate::db::query(
                "INSERT INTO notify_events (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            )
            .bind(format!("told:{covered}"))
            .bind(now)
            .execute(&mut tx)
            .await?;
        }
    }
    if let Some(cursor) = cursor {
        advance(&mut tx, cursor).await?;
    }
    tx.commit().await?;
    Ok(messages.len())
}

/// Moves the audit log's read position on to `cursor` (never back; a CASE, as PostgreSQL's MAX
/// takes one argument).
async fn advance(db: impl Into<crate::db::Ex<'_>>, cursor: i64) -> Result<(), sqlx::Error> {
    crate::db::query(
        "UPDATE notify_cursor SET audit_id = CASE WHEN ?1 > audit_id THEN ?1 ELSE audit_id END
         WHERE id = 1",
    )
    .bind(cursor)
    .execute(db)
    .await?;
    Ok(())
}

/// An audit entry that is an admin event.
#[derive(sqlx::FromRow)]
struct Told {
    id: i64,
    actor: String,
    action: String,
    subject: Option<String>,
    reason: Option<String>,
}

/// The events not yet told, oldest first, and how far the audit log was read.
async fn pending_events(pool: &Pool) -> Result<(Vec<Event>, Option<i64>), sqlx::Error> {
    let from: i64 = crate::db::query_scalar("SELECT audit_id FROM notify_cursor WHERE id = 1")
        .fetch_one(pool)
        .await?;
    let entries: Vec<Told> = crate::db::query_as(
        "SELECT id, actor, action, subject, reason FROM audit_log
         WHERE id > ? AND action IN ('approved', 'execution_failed') ORDER BY id LIMIT 1000",
    )
    .bind(from)
    .fetch_all(pool)
    .await?;
    let read_to: Option<i64> = if entries.len() == 1000 {
        entries.last().map(|e| e.id)
    } else {
        crate::db::query_scalar("SELECT MAX(id) FROM audit_log WHERE id > ?")
            .bind(from)
            .fetch_one(pool)
            .await?
    };
    let mut events: Vec<Event> = Vec::new();
    // Approvals by one approver in one go are one event.
    let mut rest = &entries[..];
    while let Some(first) = rest.first() {
        let subject = first.subject.clone().unwrap_or_default();
        if first.action != "approved" {
            events.push(Event {
                key: format!("audit:{}", first.id),
                subject: format!("execution failed for {subject}"),
                body: format!(
                    "Executing {subject} failed: {}\nThe error is kept on the Approvals page, \
                     where an admin can retry.",
                    first.reason.clone().unwrap_or_default()
                ),
            });
            rest = &rest[1..];
            continue;
        }
        let together = rest
            .iter()
            .take_while(|e| e.action == "approved" && e.actor == first.actor)
            .count();
        let subjects: String = rest[..together]
            .iter()
            .map(|e| format!("- {}\n", e.subject.as_deref().unwrap_or_default()))
            .collect();
        let what = if together == 1 {
            "proposal"
        } else {
            "proposals"
        };
        let actor = &first.actor;
        events.push(Event {
            key: format!("audit:{}", first.id),
            subject: format!("{actor} approved {together} {what}: waiting for execution"),
            body: format!(
                "{actor} approved {together} {what}. An admin executes them on the Approvals \
                 page (nothing is executed on its own):\n{subjects}"
            ),
        });
        rest = &rest[together..];
    }
    let floor: i64 = crate::db::query_scalar("SELECT sync_run_id FROM notify_cursor WHERE id = 1")
        .fetch_one(pool)
        .await?;
    let runs: Vec<(i64, String, Option<String>)> = crate::db::query_as(
        "SELECT id, outcome, error FROM sync_runs
         WHERE id > ? AND outcome IN ('failed', 'stopped_on_quota')
           AND NOT EXISTS (SELECT 1 FROM notify_events e
                           WHERE e.key IN ('sync:' || sync_runs.id, 'told:sync:' || sync_runs.id))
         ORDER BY id",
    )
    .bind(floor)
    .fetch_all(pool)
    .await?;
    for (id, outcome, error) in runs {
        let error = error.unwrap_or_default();
        let (subject, body) = if outcome == "failed" {
            (
                format!("sync #{id} failed"),
                format!(
                    "Sync #{id} failed: {error}\nThe pages keep showing the last complete report; \
                     the next run resumes. See the Sync page."
                ),
            )
        } else {
            (
                format!("sync #{id} stopped on the quota"),
                format!(
                    "Sync #{id} stopped on this installation's share of Gong's daily quota: \
                     {error}\nIt resumes tomorrow where it stopped. See the Sync page."
                ),
            )
        };
        events.push(Event {
            key: format!("sync:{id}"),
            subject,
            body,
        });
    }
    Ok((events, read_to))
}
