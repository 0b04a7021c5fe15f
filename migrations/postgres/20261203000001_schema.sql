-- The whole schema on PostgreSQL 15: the tables, indexes, triggers and seed rows that the SQLite
-- migrations (migrations/sqlite, 20261123000001 to 20261202120001) build one step at a time, in
-- one migration. Column types follow what the Rust code binds and decodes through sqlx:
-- DateTime<Utc> is TIMESTAMPTZ, NaiveDate is DATE, bool is BOOLEAN, i64 is BIGINT, f64 is DOUBLE
-- PRECISION, Vec<u8> is BYTEA, and String is TEXT. The few instants the code binds and reads as
-- Strings stay TEXT: calls.started_at, gong_users.created_at, report_users.last_hosted_call and
-- audit_log.at (fixed-width RFC 3339 UTC text, compared as text, so in the "C" collation: text
-- order is time order whatever the database's locale), workflow_items.executed_at and
-- installation.marked_at. JSON is kept in TEXT columns, as on SQLite.
-- Gong ids are numeric strings of up to 20 digits (above 2^53), so they are TEXT everywhere.

-- Case-insensitive comparison for `COLLATE NOCASE` in queries (an unquoted NOCASE folds to
-- nocase) and for the emails SQLite declares NOCASE. Nondeterministic: 'a' = 'A' under it. Such
-- columns refuse LIKE, ILIKE and substring searches on PostgreSQL 15 (use `COLLATE "default"`).
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- ---------------------------------------------------------------------------------------------
-- What the sync reads from Gong
-- ---------------------------------------------------------------------------------------------

-- The Gong users as the last sync saw them, with the capture settings that decide whether silence
-- means anything.
CREATE TABLE gong_users (
    id                                TEXT PRIMARY KEY,
    email                             TEXT NOT NULL,
    first_name                        TEXT,
    last_name                         TEXT,
    title                             TEXT,
    -- Not a foreign key: Gong's managerId may name a user the list does not return.
    manager_id                        TEXT,
    active                            BOOLEAN NOT NULL,
    -- instant_text, written as a String by sync::store::upsert_users.
    created_at                        TEXT COLLATE "C" NOT NULL,
    -- The derived verdict the report reads: recording and call import both off, so silence
    -- proves nothing ("unmonitored").
    recording_off                     BOOLEAN NOT NULL DEFAULT FALSE,
    last_seen_run_id                  BIGINT,
    -- Gong's user settings as it sent them (NULL where it sent none).
    web_conferences_recorded          BOOLEAN,
    prevent_web_conference_recording  BOOLEAN,
    telephony_calls_imported          BOOLEAN,
    non_recorded_meetings_imported    BOOLEAN
);
CREATE INDEX gong_users_manager ON gong_users (manager_id);
CREATE INDEX gong_users_email ON gong_users (email);

-- Per call only what the report needs; never external contacts' names, emails or phone numbers.
CREATE TABLE calls (
    id               TEXT PRIMARY KEY,
    -- instant_text, bound as a String everywhere.
    started_at       TEXT COLLATE "C" NOT NULL,
    duration_s       BIGINT,
    primary_user_id  TEXT,
    workspace_id     TEXT
);
CREATE INDEX calls_host_started ON calls (primary_user_id, started_at);
CREATE INDEX calls_started ON calls (started_at);

-- Who took part in a call (kept with the call).
CREATE TABLE call_participants (
    call_id  TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL,
    PRIMARY KEY (call_id, user_id)
);
CREATE INDEX call_participants_user ON call_participants (user_id);

-- The activity stats, per user and calendar day in the company time zone. A day's hosted calls
-- are also kept by id (a JSON array), so a user's last hosted call can be looked up exactly.
CREATE TABLE activity_days (
    user_id          TEXT NOT NULL,
    day              DATE NOT NULL,
    hosted           BIGINT NOT NULL DEFAULT 0,
    attended         BIGINT NOT NULL DEFAULT 0,
    coached          BIGINT NOT NULL DEFAULT 0,
    listened         BIGINT NOT NULL DEFAULT 0,
    hosted_call_ids  TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (user_id, day)
);
-- The report's per-user reads (last day of each signal, sums over the counted periods) walk this
-- index alone instead of a table row per day.
CREATE INDEX activity_days_signals ON activity_days (user_id, day, hosted, attended, coached, listened);

-- The company's hosted calls per day, kept by triggers as activity_days changes, so the Overview's
-- calls-per-week chart reads a row a day instead of summing every user's days.
CREATE TABLE activity_day_totals (
    day     DATE PRIMARY KEY,
    hosted  BIGINT NOT NULL
);

CREATE FUNCTION activity_day_totals_follow() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE activity_day_totals SET hosted = activity_day_totals.hosted - OLD.hosted
        WHERE activity_day_totals.day = OLD.day;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO activity_day_totals AS t (day, hosted) VALUES (NEW.day, NEW.hosted)
        ON CONFLICT (day) DO UPDATE SET hosted = t.hosted + excluded.hosted;
    END IF;
    RETURN NULL;
END;
$$;

-- As on SQLite, an upsert that updates fires the UPDATE trigger, not the INSERT one.
CREATE TRIGGER activity_day_totals_insert AFTER INSERT ON activity_days
    FOR EACH ROW EXECUTE FUNCTION activity_day_totals_follow();
CREATE TRIGGER activity_day_totals_update AFTER UPDATE OF day, hosted ON activity_days
    FOR EACH ROW EXECUTE FUNCTION activity_day_totals_follow();
CREATE TRIGGER activity_day_totals_delete AFTER DELETE ON activity_days
    FOR EACH ROW EXECUTE FUNCTION activity_day_totals_follow();

-- ---------------------------------------------------------------------------------------------
-- Sync bookkeeping
-- ---------------------------------------------------------------------------------------------

-- One row per sync run: its counters, its outcome, and how far a stopped run got.
CREATE TABLE sync_runs (
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    trigger         TEXT NOT NULL CHECK (trigger IN ('startup', 'schedule', 'manual', 'command')),
    kind            TEXT NOT NULL CHECK (kind IN ('full', 'incremental')),
    as_of           TIMESTAMPTZ NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    outcome         TEXT NOT NULL DEFAULT 'running'
                    CHECK (outcome IN ('running', 'complete', 'stopped_on_quota', 'failed')),
    windows_total   BIGINT NOT NULL DEFAULT 0,
    windows_done    BIGINT NOT NULL DEFAULT 0,
    requests        BIGINT NOT NULL DEFAULT 0,
    throttled       BIGINT NOT NULL DEFAULT 0,
    quota_used      BIGINT NOT NULL DEFAULT 0,
    -- JSON array of the signals the run could see, e.g. ["hosted","attended","coached","listened"].
    signals         TEXT NOT NULL DEFAULT '[]',
    -- JSON describing how far a stopped run got, so the next run resumes there.
    checkpoint      TEXT,
    error           TEXT
);
CREATE INDEX sync_runs_started ON sync_runs (started_at);

-- One lock row, so two processes never sync at once; a holder whose heartbeat stops loses it.
CREATE TABLE sync_lock (
    id            BIGINT PRIMARY KEY CHECK (id = 1),
    run_id        BIGINT REFERENCES sync_runs (id),
    holder        TEXT NOT NULL,
    acquired_at   TIMESTAMPTZ NOT NULL,
    heartbeat_at  TIMESTAMPTZ NOT NULL
);

-- The requests this installation spent per UTC day (Gong's daily quota resets at midnight UTC).
CREATE TABLE quota_usage (
    day       DATE PRIMARY KEY,
    requests  BIGINT NOT NULL DEFAULT 0
);

-- Gong's own company time zone, as the last sync read it from the aggregate activity stats. With
-- no time-zone setting it decides calendar days; without either, UTC applies.
CREATE TABLE company_time_zone (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    time_zone  TEXT NOT NULL,
    read_at    TIMESTAMPTZ NOT NULL
);

-- ---------------------------------------------------------------------------------------------
-- Reports
-- ---------------------------------------------------------------------------------------------

-- A report snapshot per complete run; the newest is the one the pages show.
CREATE TABLE reports (
    id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    run_id         BIGINT NOT NULL UNIQUE REFERENCES sync_runs (id),
    as_of          TIMESTAMPTZ NOT NULL,
    lookback_days  BIGINT NOT NULL,
    -- JSON array of signal names.
    signals        TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);

-- Each report's users with their status and why.
CREATE TABLE report_users (
    report_id           BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    email               TEXT NOT NULL,
    name                TEXT NOT NULL,
    manager_id          TEXT,
    active              BOOLEAN NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('active', 'listener', 'unmonitored', 'inactive',
                                                        'never_active', 'new', 'protected', 'deactivated')),
    -- A calendar day in the company time zone.
    last_active         DATE,
    last_active_signal  TEXT CHECK (last_active_signal IN ('hosted', 'attended', 'coached', 'listened')),
    -- RFC 3339 UTC text with milliseconds, written and read as a String.
    last_hosted_call    TEXT COLLATE "C",
    calls_30d           BIGINT,
    calls_90d           BIGINT,
    calls_365d          BIGINT,
    reason              TEXT,
    PRIMARY KEY (report_id, user_id)
);
CREATE INDEX report_users_manager ON report_users (report_id, manager_id);
-- The Users page reads one page of a 50,000-user report in the order of any of these columns, in
-- either direction, off an index ending in the tie-break (user_id) instead of sorting the report.
CREATE INDEX report_users_by_status ON report_users (report_id, status, user_id);
CREATE INDEX report_users_by_last_active ON report_users (report_id, last_active, user_id);
-- Names and emails sort lower-cased in byte order, as SQLite's NOCASE does (dashboard/users.rs).
CREATE INDEX report_users_by_name ON report_users (report_id, (lower(name) COLLATE "C"), user_id);
CREATE INDEX report_users_by_email ON report_users (report_id, (lower(email) COLLATE "C"), user_id);
CREATE INDEX report_users_by_calls_30d ON report_users (report_id, calls_30d, user_id);
CREATE INDEX report_users_by_calls_90d ON report_users (report_id, calls_90d, user_id);
CREATE INDEX report_users_by_calls_365d ON report_users (report_id, calls_365d, user_id);

-- ---------------------------------------------------------------------------------------------
-- Seats and money (money in cents)
-- ---------------------------------------------------------------------------------------------

-- Purchased seats and the yearly price per seat type.
CREATE TABLE seat_types (
    name                  TEXT PRIMARY KEY CHECK (name IN ('gong', 'forecast', 'engage')),
    purchased             BIGINT NOT NULL DEFAULT 0 CHECK (purchased >= 0),
    price_per_year_cents  BIGINT NOT NULL DEFAULT 0 CHECK (price_per_year_cents >= 0)
);
INSERT INTO seat_types (name) VALUES ('gong'), ('forecast'), ('engage');

-- Each user's seat types and Technical Administrator mark, set by hand or imported from CSV (the
-- API exposes neither). A Gong user with no row here holds a Gong seat only. Keyed by email, in
-- any case (the nocase collation), because that is what a seat export names.
CREATE TABLE seat_assignments (
    email            TEXT COLLATE nocase PRIMARY KEY,
    gong             BOOLEAN NOT NULL,
    forecast         BOOLEAN NOT NULL,
    engage           BOOLEAN NOT NULL,
    technical_admin  BOOLEAN NOT NULL,
    source           TEXT NOT NULL CHECK (source IN ('import', 'manual')),
    updated_at       TIMESTAMPTZ NOT NULL
);

-- The one contract.
CREATE TABLE contract (
    id            BIGINT PRIMARY KEY CHECK (id = 1),
    renewal_date  DATE,
    notice_days   BIGINT NOT NULL DEFAULT 90,
    uplift_pct    DOUBLE PRECISION NOT NULL DEFAULT 0,
    headroom_pct  DOUBLE PRECISION NOT NULL DEFAULT 10,
    currency      TEXT NOT NULL DEFAULT 'USD'
);
INSERT INTO contract (id) VALUES (1);

-- ---------------------------------------------------------------------------------------------
-- Policy
-- ---------------------------------------------------------------------------------------------

-- What an admin saves on the Settings page and each sync reads at its start: thresholds,
-- look-back, company time zone and quota share. No row until the first save; until then the
-- configuration file's values apply.
CREATE TABLE policy (
    id                 BIGINT PRIMARY KEY CHECK (id = 1),
    inactivity_days    BIGINT NOT NULL CHECK (inactivity_days > 0),
    grace_days         BIGINT NOT NULL CHECK (grace_days >= 0),
    lookback_days      BIGINT NOT NULL CHECK (lookback_days > 0),
    time_zone          TEXT NOT NULL,
    quota_share        DOUBLE PRECISION NOT NULL CHECK (quota_share > 0 AND quota_share <= 1),
    -- A new look-back or time zone changes what every stored day means: the next run is full.
    full_needed_since  TIMESTAMPTZ,
    updated_at         TIMESTAMPTZ NOT NULL
);

-- Users never flagged: executives and service accounts for good (`until_day` NULL), or snoozed
-- (leave) until a day in the company time zone, after which they are judged again.
CREATE TABLE protected_users (
    user_id    TEXT PRIMARY KEY,
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    until_day  DATE,
    note       TEXT NOT NULL,
    added_at   TIMESTAMPTZ NOT NULL
);

-- ---------------------------------------------------------------------------------------------
-- Accounts and the audit log
-- ---------------------------------------------------------------------------------------------

-- Local accounts: an email (unique in any case, through the nocase collation), a role and an
-- argon2id hash. An admin's reset makes the person choose a new password at the next sign-in;
-- SSO-only accounts accept no password (their hash is of a random one nobody knows).
CREATE TABLE accounts (
    id                    BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    email                 TEXT COLLATE nocase NOT NULL UNIQUE,
    role                  TEXT NOT NULL CHECK (role IN ('admin', 'finance', 'manager', 'auditor')),
    password_hash         TEXT NOT NULL,
    disabled              BOOLEAN NOT NULL DEFAULT FALSE,
    created_at            TIMESTAMPTZ NOT NULL,
    last_sign_in          TIMESTAMPTZ,
    must_change_password  BOOLEAN NOT NULL DEFAULT FALSE,
    sso_only              BOOLEAN NOT NULL DEFAULT FALSE
);

-- Who did what, when, to whom, and why; `before` and `after` are JSON or NULL. `at` is RFC 3339
-- UTC text with milliseconds, written and filtered as a String.
CREATE TABLE audit_log (
    id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at       TEXT COLLATE "C" NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    subject  TEXT,
    before   TEXT,
    after    TEXT,
    reason   TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, at);
CREATE INDEX audit_log_action ON audit_log (action, at);

-- Append-only: no role, and no code path, can change or remove an entry. TRUNCATE, which skips
-- row triggers, is refused as well.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'the audit log is append-only: entries cannot be changed';
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: entries cannot be deleted';
END;
$$;
CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_refuses_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- ---------------------------------------------------------------------------------------------
-- The approval workflow
-- ---------------------------------------------------------------------------------------------

-- One row per proposal: its state and every step's who and when. Every transition is also
-- appended to the audit log.
CREATE TABLE workflow_items (
    id                  BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    user_id             TEXT NOT NULL,
    email               TEXT NOT NULL,
    name                TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('deactivate', 'downgrade')),
    reason              TEXT NOT NULL,
    frees_cents         BIGINT NOT NULL,
    -- Gong seat types the change frees, e.g. "Gong;Forecast".
    seats               TEXT NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('awaiting', 'approved', 'rejected', 'expired',
                                                       'executed', 'verified', 'failed', 'cancelled',
                                                       'reverted')),
    proposed_by         TEXT NOT NULL,
    proposed_at         TIMESTAMPTZ NOT NULL,
    approver            TEXT NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL,
    -- The direct reports (JSON names) the proposer acknowledged will need a new manager.
    direct_reports      TEXT NOT NULL DEFAULT '[]',
    decided_by          TEXT,
    decided_at          TIMESTAMPTZ,
    decision_reason     TEXT,
    executed_by         TEXT,
    -- Written as a String (DateTime::to_rfc3339) by workflow::store::set_state; never read.
    executed_at         TEXT COLLATE "C",
    -- How: 'scim' or 'by_hand'.
    executed_how        TEXT,
    -- The SCIM requests sent (or, in dry-run, that would be sent), as text.
    requests            TEXT,
    error               TEXT,
    verified_at         TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ NOT NULL,
    -- The as_of of the report the proposal was made from: execution re-checks the user's activity
    -- since then, not since the latest report.
    report_as_of        TIMESTAMPTZ,
    -- A step that acts outside the database (executing, undoing) first claims its item: `claim`
    -- counts the claims taken, `claimed_at` is when the current one was taken (NULL when none
    -- holds). A claim older than a few minutes may be taken again.
    claim               BIGINT NOT NULL DEFAULT 0,
    claimed_at          TIMESTAMPTZ,
    -- What the item's approvers have been told, and escalation.
    announced_at        TIMESTAMPTZ,
    reminded_at         TIMESTAMPTZ,
    -- The fallback approver the item was escalated to (who may then decide it too), and when.
    escalated_to        TEXT,
    escalated_at        TIMESTAMPTZ,
    escalation_told_at  TIMESTAMPTZ,
    -- Set when the expiry escalated the item and gave it one more period (it happens once).
    expiry_extended     BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX workflow_items_user ON workflow_items (user_id, state);
CREATE INDEX workflow_items_approver ON workflow_items (approver, state);
-- At most one open item per Gong user.
CREATE UNIQUE INDEX workflow_items_one_open ON workflow_items (user_id)
    WHERE state IN ('awaiting', 'approved', 'failed', 'executed');

-- The workflow's settings: the fallback approver, expiry, cool-down, escalation, dry-run or live
-- execution, and whether an identity provider provisions Gong (it may undo changes).
CREATE TABLE workflow_settings (
    id                   BIGINT PRIMARY KEY CHECK (id = 1),
    fallback_approver    TEXT,
    expiry_days          BIGINT NOT NULL CHECK (expiry_days BETWEEN 1 AND 365),
    cooldown_days        BIGINT NOT NULL CHECK (cooldown_days BETWEEN 0 AND 3650),
    -- Dry-run until an admin turns live execution on.
    live                 BOOLEAN NOT NULL,
    idp_provisioning     BOOLEAN NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    -- An item unanswered this many days is also shown to the fallback approver (0: never).
    escalate_after_days  BIGINT NOT NULL DEFAULT 7 CHECK (escalate_after_days BETWEEN 0 AND 365),
    -- At expiry: 'nothing' (it expires) or 'escalate' (to the fallback approver, once).
    on_expiry            TEXT NOT NULL DEFAULT 'nothing' CHECK (on_expiry IN ('nothing', 'escalate'))
);
INSERT INTO workflow_settings (id, fallback_approver, expiry_days, cooldown_days, live, idp_provisioning,
                               updated_at)
VALUES (1, NULL, 14, 60, FALSE, FALSE, '1970-01-01T00:00:00Z');

-- ---------------------------------------------------------------------------------------------
-- Installation
-- ---------------------------------------------------------------------------------------------

-- Which Gong this database belongs to: the demo's synthetic company or a live tenant. Marked once,
-- by the first server or sync run on it; a server or sync in the other mode refuses to start on it.
-- (The SQLite migration also marks databases from before the table; a new PostgreSQL database has
-- none, so there is nothing to mark here.)
CREATE TABLE installation (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    mode       TEXT NOT NULL CHECK (mode IN ('demo', 'live')),
    -- Written as a String ("%Y-%m-%dT%H:%M:%SZ") by db::mode::claim; never read.
    marked_at  TEXT NOT NULL
);

-- The installation's key for the pre-session CSRF tokens: one row, made at first start, shared by
-- every instance on the database.
CREATE TABLE csrf_key (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    key  BYTEA NOT NULL
);

-- ---------------------------------------------------------------------------------------------
-- Notifications
-- ---------------------------------------------------------------------------------------------

-- What an admin chose to send.
CREATE TABLE notify_settings (
    id               BIGINT PRIMARY KEY CHECK (id = 1),
    -- Approvers get one email a day at most, listing their open items.
    approver_digest  BOOLEAN NOT NULL,
    -- A digest waits this long after the newest proposal, so a batch being proposed goes as one.
    quiet_minutes    BIGINT NOT NULL CHECK (quiet_minutes BETWEEN 0 AND 1440),
    -- A reminder this many days before an item expires (0: none).
    reminder_days    BIGINT NOT NULL CHECK (reminder_days BETWEEN 0 AND 365),
    -- Where admins' messages go; a channel is used only when its URL is configured.
    admin_email      BOOLEAN NOT NULL,
    admin_chat       BOOLEAN NOT NULL,
    -- At most this many admin messages an hour; the rest are gathered into one.
    admin_per_hour   BIGINT NOT NULL CHECK (admin_per_hour BETWEEN 1 AND 1000),
    updated_at       TIMESTAMPTZ NOT NULL
);
INSERT INTO notify_settings (id, approver_digest, quiet_minutes, reminder_days, admin_email,
                             admin_chat, admin_per_hour, updated_at)
VALUES (1, TRUE, 5, 3, TRUE, TRUE, 6, '1970-01-01T00:00:00Z');

-- The outbox: one row per message to one recipient on one channel. `key` is the idempotency key
-- (the same digest or event is never queued twice); it travels as the email's Message-ID and the
-- webhooks' Idempotency-Key header.
CREATE TABLE notifications (
    id               BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    key              TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL CHECK (kind IN ('digest', 'admin')),
    channel          TEXT NOT NULL CHECK (channel IN ('email', 'slack', 'teams', 'webhook')),
    -- An email address, or the channel's name for the chat webhooks.
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    -- Set while a worker sends it; a claim older than the lease is taken over (a worker that died).
    claimed_at       TIMESTAMPTZ,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    sent_at          TIMESTAMPTZ
);
CREATE INDEX notifications_due ON notifications (state, next_attempt_at);
CREATE INDEX notifications_created ON notifications (kind, created_at);

-- Events already told to admins (a sync run that failed, say), so each is told once.
CREATE TABLE notify_events (
    key  TEXT PRIMARY KEY,
    at   TIMESTAMPTZ NOT NULL
);

-- How far the audit log has been read for admins' events; it starts at the log's end when the
-- table is made, so turning notifications on does not tell the past. Sync runs up to
-- `sync_run_id` (those before notifications existed) are never told.
CREATE TABLE notify_cursor (
    id           BIGINT PRIMARY KEY CHECK (id = 1),
    audit_id     BIGINT NOT NULL,
    sync_run_id  BIGINT NOT NULL
);
INSERT INTO notify_cursor (id, audit_id, sync_run_id)
SELECT 1, (SELECT COALESCE(MAX(id), 0) FROM audit_log), (SELECT COALESCE(MAX(id), 0) FROM sync_runs);

-- ---------------------------------------------------------------------------------------------
-- The figures' version
-- ---------------------------------------------------------------------------------------------

-- A number that changes whenever anything the company-wide seat figures and Overview charts read
-- changes (a report stored or pruned, seat assignments, seat types and prices, the contract,
-- workflow items, the protected list, the policy, the workflow settings), so the pages keep those
-- figures between requests and recompute them only after a change. Bumped in the changing
-- transaction, so a reader never sees the new number before the new data.
CREATE TABLE figures_version (
    id  BIGINT PRIMARY KEY CHECK (id = 1),
    n   BIGINT NOT NULL
);
INSERT INTO figures_version (id, n) VALUES (1, 0);

CREATE FUNCTION figures_version_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE figures_version SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

-- One bump per changed row, as SQLite's row triggers do. Made after the seed rows above, so a
-- new database starts at 0, as on SQLite.
CREATE TRIGGER figures_version_reports AFTER INSERT OR UPDATE OR DELETE ON reports
    FOR EACH ROW EXECUTE FUNCTION figures_version_bump();
CREATE TRIGGER figures_version_assignments AFTER INSERT OR UPDATE OR DELETE ON seat_assignments
    FOR EACH ROW EXECUTE FUNCTION figures_version_bump();
CREATE TRIGGER figures_version_seat_types AFTER INSERT OR UPDATE OR DELETE ON seat_types
    FOR EACH ROW EXECUTE FUNCTION figures_version_bump();
CREATE TRIGGER figures_version_contract AFTER INSERT OR UPDATE OR DELETE ON contract
    FOR EACH ROW EXECUTE FUNCTION figures_version_bump();
CREATE TRIGGER figures_version_workflow AFTER INSERT OR UPDATE OR DELETE ON workflow_items
    FOR EACH ROW EXECUTE FUNCTION figures_version_bump();
CREATE TRIGGER figures_version_protected AFTER INSERT OR UPDATE OR DELETE ON protected_users
    FOR EACH ROW EXECUTE FUNCTION figures_version_bump();
CREATE TRIGGER figures_version_policy_update AFTER UPDATE ON policy
    FOR EACH ROW EXECUTE FUNCTION figures_version_bump();
CREATE TRIGGER figures_version_workflow_settings_update AFTER UPDATE ON workflow_settings
    FOR EACH ROW EXECUTE FUNCTION figures_version_bump();
