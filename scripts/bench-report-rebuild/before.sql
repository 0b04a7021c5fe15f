-- The report rebuild's statements before issue #14 item 8 (server/src/sync/facts.rs at cb6ae6b),
-- with the parameters of a run at as_of 2026-11-23T10:00:00Z, a 365-day look-back, UTC. The only
-- index of activity_days then was its primary key; INDEXED BY keeps the later ones out.
.timer on
.print "last hosted lookup"
SELECT a.day, a.hosted_call_ids,
       (SELECT MAX(c.started_at) FROM calls c WHERE c.primary_user_id = a.user_id AND c.started_at < '2026-11-23T10:00:00.000Z') AS known
FROM activity_days a INDEXED BY sqlite_autoindex_activity_days_1
WHERE a.hosted > 0 AND a.day >= '2025-11-23' AND a.day < '2026-11-23'
  AND a.day = (SELECT MAX(b.day) FROM activity_days b INDEXED BY sqlite_autoindex_activity_days_1 WHERE b.user_id = a.user_id AND b.hosted > 0 AND b.day >= '2025-11-23' AND b.day < '2026-11-23');
.print "signal maxima"
SELECT u.id, u.email, u.first_name, u.last_name, u.title, u.manager_id, u.active, u.created_at, u.recording_off,
 (SELECT MAX(c.started_at) FROM calls c WHERE c.primary_user_id = u.id AND c.started_at >= '2025-11-23T10:00:00.000Z' AND c.started_at < '2026-11-23T10:00:00.000Z') AS last_hosted,
 (SELECT MAX(a.day) FROM activity_days a INDEXED BY sqlite_autoindex_activity_days_1 WHERE a.user_id = u.id AND a.attended > 0 AND a.day >= '2025-11-23' AND a.day < '2026-11-23'),
 (SELECT MAX(a.day) FROM activity_days a INDEXED BY sqlite_autoindex_activity_days_1 WHERE a.user_id = u.id AND a.coached > 0 AND a.day >= '2025-11-23' AND a.day < '2026-11-23'),
 (SELECT MAX(a.day) FROM activity_days a INDEXED BY sqlite_autoindex_activity_days_1 WHERE a.user_id = u.id AND a.listened > 0 AND a.day >= '2025-11-23' AND a.day < '2026-11-23')
FROM gong_users u WHERE u.last_seen_run_id = 1 ORDER BY u.id;
.print "hosted sums, one statement per period"
SELECT user_id, SUM(hosted) FROM activity_days INDEXED BY sqlite_autoindex_activity_days_1 WHERE day > '2026-10-24' AND day < '2026-11-23' GROUP BY user_id;
SELECT user_id, SUM(hosted) FROM activity_days INDEXED BY sqlite_autoindex_activity_days_1 WHERE day > '2026-08-25' AND day < '2026-11-23' GROUP BY user_id;
SELECT user_id, SUM(hosted) FROM activity_days INDEXED BY sqlite_autoindex_activity_days_1 WHERE day > '2025-11-23' AND day < '2026-11-23' GROUP BY user_id;
.print "hosted only: calls per period"
SELECT primary_user_id, COUNT(*) FROM calls WHERE started_at >= '2026-10-24T10:00:00.000Z' AND started_at < '2026-11-23T10:00:00.000Z' AND primary_user_id IS NOT NULL GROUP BY primary_user_id;
SELECT primary_user_id, COUNT(*) FROM calls WHERE started_at >= '2026-08-25T10:00:00.000Z' AND started_at < '2026-11-23T10:00:00.000Z' AND primary_user_id IS NOT NULL GROUP BY primary_user_id;
SELECT primary_user_id, COUNT(*) FROM calls WHERE started_at >= '2025-11-23T10:00:00.000Z' AND started_at < '2026-11-23T10:00:00.000Z' AND primary_user_id IS NOT NULL GROUP BY primary_user_id;
