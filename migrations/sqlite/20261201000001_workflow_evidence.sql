-- The as_of of the report a proposal was made from. Execution re-checks the user's activity since
-- then, not since the latest report: a sync between approval and execution that saw the user
-- active again must not hide that activity from the re-check.
ALTER TABLE workflow_items ADD COLUMN report_as_of TEXT;
UPDATE workflow_items SET report_as_of = (
    SELECT MAX(as_of) FROM reports WHERE reports.as_of <= workflow_items.proposed_at
);
