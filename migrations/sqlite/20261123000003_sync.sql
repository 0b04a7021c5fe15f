-- Sync bookkeeping: one lock row so two processes never sync at once, and the requests this
-- installation spent per UTC day (Gong's daily quota resets at midnight UTC).

CREATE TABLE sync_lock (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    run_id        INTEGER REFERENCES sync_runs (id),
    holder        TEXT NOT NULL,
    acquired_at   TEXT NOT NULL,
    heartbeat_at  TEXT NOT NULL
);

CREATE TABLE quota_usage (
    day       TEXT PRIMARY KEY NOT NULL,
    requests  INTEGER NOT NULL DEFAULT 0
);

-- With the stats, a day's hosted calls are known by id; the ids of a user's last hosted day are
-- looked up for the exact time of their last hosted call.
ALTER TABLE activity_days ADD COLUMN hosted_call_ids TEXT NOT NULL DEFAULT '[]';
