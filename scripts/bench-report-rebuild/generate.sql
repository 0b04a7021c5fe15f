
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
INSERT INTO sync_runs (trigger, kind, as_of, started_at, outcome) VALUES ('command','full','2026-11-23T10:00:00.000Z','2026-11-23T10:00:00.000Z','running');
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < 50000)
INSERT INTO gong_users (id, email, first_name, last_name, active, created_at, recording_off, last_seen_run_id)
SELECT printf('%d', 7000000000000000000 + i), printf('user%d@example.com', i), 'User', printf('%d', i), 1, '2024-01-15T09:00:00.000Z', i % 50 = 7, 1 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < 5000000)
INSERT INTO calls (id, started_at, duration_s, primary_user_id)
SELECT printf('%d', 8000000000000000000 + i),
       strftime('%Y-%m-%dT%H:%M:%fZ', 1763892000 + (i * 2654435761) % (365 * 86400), 'unixepoch'),
       1800, printf('%d', 7000000000000000000 + (i * 40503) % 50000) FROM n;
INSERT INTO activity_days (user_id, day, hosted, attended, coached, listened, hosted_call_ids)
SELECT primary_user_id, substr(started_at, 1, 10), COUNT(*), (MIN(id) % 3 = 0), (MIN(id) % 7 = 0), (MIN(id) % 5 = 0), json_group_array(id)
FROM calls GROUP BY primary_user_id, substr(started_at, 1, 10);
ANALYZE;
