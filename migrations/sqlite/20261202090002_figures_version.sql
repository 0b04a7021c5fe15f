-- A number that changes whenever anything the company-wide seat figures and Overview charts read
-- changes (a report stored or pruned, seat assignments, seat types and prices, the contract, workflow
-- items), so the pages keep those figures between requests and recompute them only after a change
-- (docs/product.md, "Pages"): at 50,000 users they take hundreds of milliseconds to count.
CREATE TABLE figures_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO figures_version (id, n) VALUES (1, 0);

CREATE TRIGGER figures_version_reports_insert AFTER INSERT ON reports
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER figures_version_reports_delete AFTER DELETE ON reports
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER figures_version_reports_update AFTER UPDATE ON reports
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER figures_version_assignments_insert AFTER INSERT ON seat_assignments
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER figures_version_assignments_update AFTER UPDATE ON seat_assignments
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER figures_version_assignments_delete AFTER DELETE ON seat_assignments
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER figures_version_seat_types_insert AFTER INSERT ON seat_types
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER figures_version_seat_types_update AFTER UPDATE ON seat_types
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER figures_version_seat_types_delete AFTER DELETE ON seat_types
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER figures_version_contract_insert AFTER INSERT ON contract
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER figures_version_contract_update AFTER UPDATE ON contract
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER figures_version_contract_delete AFTER DELETE ON contract
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER figures_version_workflow_insert AFTER INSERT ON workflow_items
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER figures_version_workflow_update AFTER UPDATE ON workflow_items
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER figures_version_workflow_delete AFTER DELETE ON workflow_items
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER figures_version_protected_insert AFTER INSERT ON protected_users
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER figures_version_protected_update AFTER UPDATE ON protected_users
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER figures_version_protected_delete AFTER DELETE ON protected_users
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER figures_version_policy_update AFTER UPDATE ON policy
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER figures_version_workflow_settings_update AFTER UPDATE ON workflow_settings
BEGIN UPDATE figures_version SET n = n + 1 WHERE id = 1; END;
