-- The same statements as server/src/sync/facts.rs runs them now (keep the two in step), with the
-- parameters of a run at as_of 2026-11-23T10:00:00Z, a 365-day look-back, UTC.
.timer on
.print "last hosted lookup"
WITH last AS (SELECT u.id AS user_id, (SELECT a.day FROM activity_days a WHERE a.user_id = u.id AND a.hosted > 0 AND a.day >= '2025-11-23' AND a.day < '2026-11-23' ORDER BY a.day DESC LIMIT 1) AS day FROM gong_users u)
SELECT l.day, a.hosted_call_ids, (SELECT MAX(c.started_at) FROM calls c WHERE c.primary_user_id = l.user_id AND c.started_at < '2026-11-23T10:00:00.000Z') AS known
FROM last l JOIN activity_days a ON a.user_id = l.user_id AND a.day = l.day;
.print "signal maxima and hosted sums, one statement"
WITH sums AS (SELECT user_id, SUM(CASE WHEN day > '2026-10-24' THEN hosted ELSE 0 END) AS hosted_30, SUM(CASE WHEN day > '2026-08-25' THEN hosted ELSE 0 END) AS hosted_90, SUM(CASE WHEN day > '2025-11-23' THEN hosted ELSE 0 END) AS hosted_365
 FROM activity_days WHERE 1 AND day > MIN('2026-10-24','2026-08-25','2025-11-23') AND day < '2026-11-23' GROUP BY user_id)
SELECT u.id, u.email, u.first_name, u.last_name, u.title, u.manager_id, u.active, u.created_at, u.recording_off,
 (SELECT MAX(c.started_at) FROM calls c WHERE c.primary_user_id = u.id AND c.started_at >= '2025-11-23T10:00:00.000Z' AND c.started_at < '2026-11-23T10:00:00.000Z') AS last_hosted,
 (SELECT a.day FROM activity_days a WHERE a.user_id = u.id AND a.attended > 0 AND a.day >= '2025-11-23' AND a.day < '2026-11-23' AND 1 ORDER BY a.day DESC LIMIT 1),
 (SELECT a.day FROM activity_days a WHERE a.user_id = u.id AND a.coached > 0 AND a.day >= '2025-11-23' AND a.day < '2026-11-23' AND 1 ORDER BY a.day DESC LIMIT 1),
 (SELECT a.day FROM activity_days a WHERE a.user_id = u.id AND a.listened > 0 AND a.day >= '2025-11-23' AND a.day < '2026-11-23' AND 1 ORDER BY a.day DESC LIMIT 1),
 COALESCE(s.hosted_30,0), COALESCE(s.hosted_90,0), COALESCE(s.hosted_365,0)
FROM gong_users u LEFT JOIN sums s ON s.user_id = u.id WHERE u.last_seen_run_id = 1 ORDER BY u.id;
.print "hosted only: calls of all periods, one statement"
SELECT primary_user_id, SUM(started_at >= '2026-10-24T10:00:00.000Z'), SUM(started_at >= '2026-08-25T10:00:00.000Z'), SUM(started_at >= '2025-11-23T10:00:00.000Z')
FROM calls WHERE started_at >= '2025-11-23T10:00:00.000Z' AND started_at < '2026-11-23T10:00:00.000Z' AND primary_user_id IS NOT NULL GROUP BY primary_user_id;
