-- The first schema: Gong users, the per-call facts the report needs, per-user activity per day,
-- sync runs and report snapshots. Gong ids are numeric strings of up to 20 digits (above 2^53),
-- so they are TEXT everywhere (gong-api/README.md). Timestamps are UTC ISO-8601 text.

CREATE TABLE gong_users (
    id                TEXT PRIMARY KEY NOT NULL,
    email             TEXT NOT NULL,
    first_name        TEXT,
    last_name         TEXT,
    title             TEXT,
    -- Not a foreign key: Gong's managerId may name a user the list does not return.
    manager_id        TEXT,
    active            INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_at        TEXT NOT NULL,
    -- Recording and call import both off: silence proves nothing ("unmonitored").
    recording_off     INTEGER NOT NULL DEFAULT 0 CHECK (recording_off IN (0, 1)),
    last_seen_run_id  INTEGER
);
CREATE INDEX gong_users_manager ON gong_users (manager_id);
CREATE INDEX gong_users_email ON gong_users (email);

-- Per call only what the report needs; never external contacts' names, emails or phone numbers.
CREATE TABLE calls (
    id               TEXT PRIMARY KEY NOT NULL,
    started_at       TEXT NOT NULL,
    duration_s       INTEGER,
    primary_user_id  TEXT,
    workspace_id     TEXT
);
CREATE INDEX calls_host_started ON calls (primary_user_id, started_at);
CREATE INDEX calls_started ON calls (started_at);

CREATE TABLE call_participants (
    call_id  TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL,
    PRIMARY KEY (call_id, user_id)
);
CREATE INDEX call_participants_user ON call_participants (user_id);

-- The activity stats, per user and calendar day in the company time zone.
CREATE TABLE activity_days (
    user_id   TEXT NOT NULL,
    day       TEXT NOT NULL,
    hosted    INTEGER NOT NULL DEFAULT 0,
    attended  INTEGER NOT NULL DEFAULT 0,
    coached   INTEGER NOT NULL DEFAULT 0,
    listened  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, day)
);

CREATE TABLE sync_runs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    trigger         TEXT NOT NULL CHECK (trigger IN ('startup', 'schedule', 'manual', 'command')),
    kind            TEXT NOT NULL CHECK (kind IN ('full', 'incremental')),
    as_of           TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    outcome         TEXT NOT NULL DEFAULT 'running'
                    CHECK (outcome IN ('running', 'complete', 'stopped_on_quota', 'failed')),
    windows_total   INTEGER NOT NULL DEFAULT 0,
    windows_done    INTEGER NOT NULL DEFAULT 0,
    requests        INTEGER NOT NULL DEFAULT 0,
    throttled       INTEGER NOT NULL DEFAULT 0,
    quota_used      INTEGER NOT NULL DEFAULT 0,
    -- JSON array of the signals the run could see, e.g. ["hosted","attended","coached","listened"].
    signals         TEXT NOT NULL DEFAULT '[]',
    -- JSON describing how far a stopped run got, so the next run resumes there.
    checkpoint      TEXT,
    error           TEXT
);
CREATE INDEX sync_runs_started ON sync_runs (started_at);

-- A report snapshot per complete run; the newest is the one the pages show.
CREATE TABLE reports (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id         INTEGER NOT NULL UNIQUE REFERENCES sync_runs (id),
    as_of          TEXT NOT NULL,
    lookback_days  INTEGER NOT NULL,
    signals        TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE TABLE report_users (
    report_id           INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    user_id             TEXT NOT NULL,
    email               TEXT NOT NULL,
    name                TEXT NOT NULL,
    manager_id          TEXT,
    active              INTEGER NOT NULL CHECK (active IN (0, 1)),
    status              TEXT NOT NULL CHECK (status IN ('active', 'listener', 'unmonitored', 'inactive',
                                                        'never_active', 'new', 'protected', 'deactivated')),
    last_active         TEXT,
    last_active_signal  TEXT CHECK (last_active_signal IN ('hosted', 'attended', 'coached', 'listened')),
    last_hosted_call    TEXT,
    calls_30d           INTEGER,
    calls_90d           INTEGER,
    calls_365d          INTEGER,
    reason              TEXT,
    PRIMARY KEY (report_id, user_id)
);
CREATE INDEX report_users_status ON report_users (report_id, status);
CREATE INDEX report_users_last_active ON report_users (report_id, last_active);
CREATE INDEX report_users_manager ON report_users (report_id, manager_id);
