-- A step that acts outside the database (executing, undoing) first claims its item, so two requests
-- never both act: `claim` counts the claims taken, `claimed_at` is when the current one was taken
-- (NULL when none holds). A claim older than a few minutes may be taken again, so a request that
-- died mid-step does not leave its item stuck.
ALTER TABLE workflow_items ADD COLUMN claim INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workflow_items ADD COLUMN claimed_at TEXT;
