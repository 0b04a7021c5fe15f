-- The company's hosted calls per day, kept by triggers as activity_days changes, so the Overview's
-- calls-per-week chart reads a row a day instead of summing every user's days on each request
-- (5.3 million rows at 50,000 users: 3.7 s a page; BENCHMARKS.md).
CREATE TABLE activity_day_totals (
    day    TEXT PRIMARY KEY,
    hosted INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO activity_day_totals (day, hosted)
SELECT day, SUM(hosted) FROM activity_days GROUP BY day;

CREATE TRIGGER activity_day_totals_insert AFTER INSERT ON activity_days
BEGIN
    INSERT INTO activity_day_totals (day, hosted) VALUES (NEW.day, NEW.hosted)
    ON CONFLICT (day) DO UPDATE SET hosted = hosted + excluded.hosted;
END;

CREATE TRIGGER activity_day_totals_update AFTER UPDATE OF day, hosted ON activity_days
BEGIN
    UPDATE activity_day_totals SET hosted = hosted - OLD.hosted WHERE day = OLD.day;
    INSERT INTO activity_day_totals (day, hosted) VALUES (NEW.day, NEW.hosted)
    ON CONFLICT (day) DO UPDATE SET hosted = hosted + excluded.hosted;
END;

CREATE TRIGGER activity_day_totals_delete AFTER DELETE ON activity_days
BEGIN
    UPDATE activity_day_totals SET hosted = hosted - OLD.hosted WHERE day = OLD.day;
END;
