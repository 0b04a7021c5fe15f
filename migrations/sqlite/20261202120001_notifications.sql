-- Notifications (docs/product.md, "Notifications"): what an admin chose to send, the messages
-- queued for delivery, and which workflow items and events have been told.

CREATE TABLE notify_settings (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    -- Approvers get one email a day at most, listing their open items.
    approver_digest     INTEGER NOT NULL CHECK (approver_digest IN (0, 1)),
    -- A digest waits this long after the newest proposal, so a batch being proposed goes as one.
    quiet_minutes       INTEGER NOT NULL CHECK (quiet_minutes BETWEEN 0 AND 1440),
    -- A reminder this many days before an item expires (0: none).
    reminder_days       INTEGER NOT NULL CHECK (reminder_days BETWEEN 0 AND 365),
    -- Where admins' messages go; a channel is used only when its URL is configured.
    admin_email         INTEGER NOT NULL CHECK (admin_email IN (0, 1)),
    admin_chat          INTEGER NOT NULL CHECK (admin_chat IN (0, 1)),
    -- At most this many admin messages an hour; the rest are gathered into one.
    admin_per_hour      INTEGER NOT NULL CHECK (admin_per_hour BETWEEN 1 AND 1000),
    updated_at          TEXT NOT NULL
);
INSERT INTO notify_settings (id, approver_digest, quiet_minutes, reminder_days, admin_email,
                             admin_chat, admin_per_hour, updated_at)
VALUES (1, 1, 5, 3, 1, 1, 6, '1970-01-01T00:00:00Z');

-- Escalation is a workflow rule: an item unanswered this many days is also shown to the fallback
-- approver (0: never); at expiry, 'nothing' (it expires) or 'escalate' (to the fallback, once).
ALTER TABLE workflow_settings ADD COLUMN escalate_after_days INTEGER NOT NULL DEFAULT 7
    CHECK (escalate_after_days BETWEEN 0 AND 365);
ALTER TABLE workflow_settings ADD COLUMN on_expiry TEXT NOT NULL DEFAULT 'nothing'
    CHECK (on_expiry IN ('nothing', 'escalate'));

-- The outbox: one row per message to one recipient on one channel. `key` is the idempotency key:
-- the same digest or event is never queued twice, and it travels as the email's Message-ID and
-- the webhooks' Idempotency-Key header.
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    key             TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('digest', 'admin')),
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'slack', 'teams', 'webhook')),
    -- An email address, or the channel's name for the chat webhooks.
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    -- Set while a worker sends it; a claim older than the lease is taken over (a worker that died).
    claimed_at      TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX notifications_due ON notifications (state, next_attempt_at);
CREATE INDEX notifications_created ON notifications (kind, created_at);

-- Events already told to admins (a sync run that failed, say), so each is told once.
CREATE TABLE notify_events (
    key TEXT PRIMARY KEY,
    at  TEXT NOT NULL
);

-- How far the audit log has been read for admins' events; starts at today's end of the log, so
-- turning notifications on does not tell the past.
-- Sync runs up to `sync_run_id` (those before notifications existed) are never told.
CREATE TABLE notify_cursor (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    audit_id    INTEGER NOT NULL,
    sync_run_id INTEGER NOT NULL
);
INSERT INTO notify_cursor (id, audit_id, sync_run_id)
SELECT 1, (SELECT COALESCE(MAX(id), 0) FROM audit_log), (SELECT COALESCE(MAX(id), 0) FROM sync_runs);

-- What each item's approvers have been told, and escalation.
ALTER TABLE workflow_items ADD COLUMN announced_at TEXT;
ALTER TABLE workflow_items ADD COLUMN reminded_at TEXT;
-- The fallback approver an item was escalated to (who may then decide it too), and when.
ALTER TABLE workflow_items ADD COLUMN escalated_to TEXT;
ALTER TABLE workflow_items ADD COLUMN escalated_at TEXT;
ALTER TABLE workflow_items ADD COLUMN escalation_told_at TEXT;
-- Set when the expiry escalated the item and gave it one more period (it happens once).
ALTER TABLE workflow_items ADD COLUMN expiry_extended INTEGER NOT NULL DEFAULT 0
    CHECK (expiry_extended IN (0, 1));
-- Items proposed before notifications existed count as announced.
UPDATE workflow_items SET announced_at = proposed_at;
