-- Each user's days with every signal's count, in day order: the report's per-user reads (the last
-- day of each signal, the last hosted day, the hosted sums of the counted periods) walk this index
-- alone instead of a table row per day (50,000 users, 5 million days: BENCHMARKS.md, "Report
-- rebuild").
CREATE INDEX activity_days_signals ON activity_days (user_id, day, hosted, attended, coached, listened);
