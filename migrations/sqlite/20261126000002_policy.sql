-- What an admin edits on the Settings page and each sync reads at its start (PRODUCT.md, "Running
-- it"): the thresholds, look-back, company time zone and quota share, and the protected list. Until
-- an admin saves the policy there is no row, and the configuration file's values apply.

CREATE TABLE policy (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    inactivity_days   INTEGER NOT NULL CHECK (inactivity_days > 0),
    grace_days        INTEGER NOT NULL CHECK (grace_days >= 0),
    lookback_days     INTEGER NOT NULL CHECK (lookback_days > 0),
    time_zone         TEXT NOT NULL,
    quota_share       REAL NOT NULL CHECK (quota_share > 0 AND quota_share <= 1),
    -- A new look-back or time zone changes what every stored day means: the next run is full.
    full_needed_since TEXT,
    updated_at        TEXT NOT NULL
);

-- Never flagged: executives and service accounts for good (`until_day` NULL), or a snooze (leave)
-- until a day in the company time zone, after which the user is judged again.
CREATE TABLE protected_users (
    user_id    TEXT PRIMARY KEY NOT NULL,
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    until_day  TEXT,
    note       TEXT NOT NULL,
    added_at   TEXT NOT NULL
);
