-- Seats and money (PRODUCT.md, "Seats and money"): purchased seats and prices per seat type, each
-- user's seat types and Technical Administrator mark (the API exposes neither: set by hand or
-- imported from CSV), and the one contract. Money is in cents; dates are ISO-8601 text.

CREATE TABLE seat_types (
    name                  TEXT PRIMARY KEY CHECK (name IN ('gong', 'forecast', 'engage')),
    purchased             INTEGER NOT NULL DEFAULT 0 CHECK (purchased >= 0),
    price_per_year_cents  INTEGER NOT NULL DEFAULT 0 CHECK (price_per_year_cents >= 0)
);
INSERT INTO seat_types (name) VALUES ('gong'), ('forecast'), ('engage');

-- A Gong user with no row here holds a Gong seat only ("until set, an active user counts as
-- holding a Gong seat"). Keyed by email because that is what a seat export names.
CREATE TABLE seat_assignments (
    email            TEXT PRIMARY KEY COLLATE NOCASE,
    gong             INTEGER NOT NULL,
    forecast         INTEGER NOT NULL,
    engage           INTEGER NOT NULL,
    technical_admin  INTEGER NOT NULL,
    source           TEXT NOT NULL CHECK (source IN ('import', 'manual')),
    updated_at       TEXT NOT NULL
);

CREATE TABLE contract (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    renewal_date  TEXT,
    notice_days   INTEGER NOT NULL DEFAULT 90,
    uplift_pct    REAL NOT NULL DEFAULT 0,
    headroom_pct  REAL NOT NULL DEFAULT 10,
    currency      TEXT NOT NULL DEFAULT 'USD'
);
INSERT INTO contract (id) VALUES (1);
