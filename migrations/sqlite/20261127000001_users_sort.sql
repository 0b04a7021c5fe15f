-- The Users page reads one page of a 50,000-user report in the order of any of these columns, in
-- either direction, off an index ending in the tie-break (user_id) instead of sorting the report.
DROP INDEX report_users_status;
DROP INDEX report_users_last_active;
CREATE INDEX report_users_by_status ON report_users (report_id, status, user_id);
CREATE INDEX report_users_by_last_active ON report_users (report_id, last_active, user_id);
CREATE INDEX report_users_by_name ON report_users (report_id, name COLLATE NOCASE, user_id);
CREATE INDEX report_users_by_email ON report_users (report_id, email COLLATE NOCASE, user_id);
CREATE INDEX report_users_by_calls_30d ON report_users (report_id, calls_30d, user_id);
CREATE INDEX report_users_by_calls_90d ON report_users (report_id, calls_90d, user_id);
CREATE INDEX report_users_by_calls_365d ON report_users (report_id, calls_365d, user_id);
