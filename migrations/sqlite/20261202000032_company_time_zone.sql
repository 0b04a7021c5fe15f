-- Gong's own company time zone, as the last sync read it from the aggregate activity stats
-- response (`timeZone`). With no time-zone setting it decides calendar days; a setting overrides
-- it, and without either UTC applies (docs/product.md, "Report").
CREATE TABLE company_time_zone (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    time_zone  TEXT NOT NULL,
    read_at    TEXT NOT NULL
);
