-- Which Gong this database belongs to: the demo's synthetic company or a live tenant. Marked once,
-- by the first server or sync run on it; a server or sync in the other mode refuses to start on it,
-- so a live server never accepts the demo's published accounts nor inherits its contract and prices.
CREATE TABLE installation (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    mode      TEXT NOT NULL CHECK (mode IN ('demo', 'live')),
    marked_at TEXT NOT NULL
);

-- A database from before this table: the demo's accounts mark the demo (it creates them on every
-- start, before any sync); without them, a sync run marks a live installation.
INSERT INTO installation (id, mode, marked_at)
SELECT 1, 'demo', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE EXISTS (SELECT 1 FROM accounts WHERE email LIKE '%@demo.seat-audit.test');

INSERT OR IGNORE INTO installation (id, mode, marked_at)
SELECT 1, 'live', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE EXISTS (SELECT 1 FROM sync_runs);
