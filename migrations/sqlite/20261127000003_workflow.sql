-- The approval workflow: one row per proposal, its state and every step's who and when; every
-- transition is also appended to the audit log.

CREATE TABLE workflow_items (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          TEXT NOT NULL,
    email            TEXT NOT NULL,
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('deactivate', 'downgrade')),
    reason           TEXT NOT NULL,
    frees_cents      INTEGER NOT NULL,
    -- Gong seat types the change frees, e.g. "Gong;Forecast".
    seats            TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('awaiting', 'approved', 'rejected', 'expired',
                                                    'executed', 'verified', 'failed', 'cancelled',
                                                    'reverted')),
    proposed_by      TEXT NOT NULL,
    proposed_at      TEXT NOT NULL,
    approver         TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    -- The direct reports (JSON names) the proposer acknowledged will need a new manager.
    direct_reports   TEXT NOT NULL DEFAULT '[]',
    decided_by       TEXT,
    decided_at       TEXT,
    decision_reason  TEXT,
    executed_by      TEXT,
    executed_at      TEXT,
    -- How: 'scim' or 'by_hand'.
    executed_how     TEXT,
    -- The SCIM requests sent (or, in dry-run, that would be sent), as text.
    requests         TEXT,
    error            TEXT,
    verified_at      TEXT,
    updated_at       TEXT NOT NULL
);
CREATE INDEX workflow_items_user ON workflow_items (user_id, state);
CREATE INDEX workflow_items_approver ON workflow_items (approver, state);
-- At most one open item per Gong user.
CREATE UNIQUE INDEX workflow_items_one_open ON workflow_items (user_id)
    WHERE state IN ('awaiting', 'approved', 'failed', 'executed');

CREATE TABLE workflow_settings (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    fallback_approver TEXT,
    expiry_days       INTEGER NOT NULL CHECK (expiry_days BETWEEN 1 AND 365),
    cooldown_days     INTEGER NOT NULL CHECK (cooldown_days BETWEEN 0 AND 3650),
    -- Dry-run until an admin turns live execution on.
    live              INTEGER NOT NULL CHECK (live IN (0, 1)),
    -- Gong is provisioned from an identity provider with automatic updates (it may undo changes).
    idp_provisioning  INTEGER NOT NULL CHECK (idp_provisioning IN (0, 1)),
    updated_at        TEXT NOT NULL
);
INSERT INTO workflow_settings (id, fallback_approver, expiry_days, cooldown_days, live, idp_provisioning, updated_at)
VALUES (1, NULL, 14, 60, 0, 0, '1970-01-01T00:00:00Z');
