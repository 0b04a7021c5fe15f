//! The User page's activity per 90-day window: the look-back's chained windows counted back from
//! the latest report's `as_of`, for one user, in SQL.

use crate::sync::plan::midnight;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::charts::{self, WindowActivity};
use crate::{
    db::{numbered_values, Pool},
    report::{store, Signal},
    sync::{store::instant_text, windows},
};

/// The user's activity per window, oldest first; empty before the first report. Without the
/// activity stats only hosted calls are known, each counted at its exact start. With them, the
/// stats are per company-time-zone day, so a day on a window boundary counts in the later window,
/// and today (which the stats exclude) comes from the calls table.
pub async fn windows(
    pool: &Pool,
    user_id: &str,
    tz: Tz,
) -> Result<Vec<WindowActivity>, sqlx::Error> {
    let Some(latest) = store::latest_header(pool).await? else {
        return Ok(Vec::new());
    };
    let (as_of, lookback_days) = (latest.as_of, latest.lookback_days);
    let stats = Signal::reads_stats(&latest.signals);
    let day = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive();
    let today = day(as_of);
    let today_from = midnight(today, tz);
    let mut chain = windows::lookback(as_of, lookback_days);
    chain.reverse();
    if chain.is_empty() {
        return Ok(Vec::new());
    }
    // Each window bound as a `VALUES` row from `?2` on.
    let sql = format!(
        "WITH w (i, calls_from, calls_to, day_from, day_to) AS (VALUES {})
         SELECT w.i,
                (SELECT COUNT(*) FROM calls c
                  WHERE c.primary_user_id = ?1
                    AND c.started_at >= w.calls_from AND c.started_at < w.calls_to)
                + COALESCE(s.hosted, 0),
                COALESCE(s.attended, 0), COALESCE(s.coached, 0), COALESCE(s.listened, 0)
         FROM w
         LEFT JOIN (
             SELECT w2.i, CAST(SUM(a.hosted) AS BIGINT) AS hosted,
                    CAST(SUM(a.attended) AS BIGINT) AS attended,
                    CAST(SUM(a.coached) AS BIGINT) AS coached,
                    CAST(SUM(a.listened) AS BIGINT) AS listened
             FROM w w2
             JOIN activity_days a
               ON a.user_id = ?1 AND a.day >= w2.day_from AND a.day < w2.day_to
             GROUP BY w2.i) s ON s.i = w.i
         ORDER BY w.i",
        numbered_values(2, chain.len(), 5)
    );
    let mut query = crate::db::query_as(&sql).bind(user_id);
    for (i, w) in chain.iter().enumerate() {
        let (calls_from, calls_to, day_from, day_to) = if stats {
            let calls_from = w.from.max(today_from).min(w.to);
            (calls_from, w.to, day(w.from), day(w.to).min(today))
        } else {
            (w.from, w.to, today, today)
        };
        query = query
            .bind(i as i64)
            .bind(instant_text(calls_from))
            .bind(instant_text(calls_to))
            .bind(day_from)
            .bind(day_to);
    }
    let rows: Vec<(i64, i64, i64, i64, i64)> = query.fetch_all(pool).await?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    Ok(rows
        .into_iter()
        .filter_map(|(i, hosted, attended, coached, listened)| {
            let window = chain.get(usize::try_from(i).ok()?)?;
            Some(WindowActivity {
                from: day(window.from),
                to: day(window.to),
                hosted: count(hosted),
                attended: stats.then(|| count(attended)),
                coached: stats.then(|| count(coached)),
                listened: stats.then(|| count(listened)),
            })
        })
        .collect())
}

/// The user's chart, ready for a page: [`charts::user_activity::render`] with a caption.
pub fn chart(user_name: &str, windows: &[WindowActivity]) -> app::types::Chart {
    app::types::Chart {
        id: "user-activity".into(),
        caption: "Activity per 90-day window of the look-back, oldest first.".into(),
        svg: charts::user_activity::render(user_name, windows),
        table: charts::user_activity::table(windows),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::pool;
    use chrono::NaiveDate;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    async fn report(pool: &Pool, as_of: &str, lookback_days: u32, signals: &str) {
        let as_of = at(as_of);
        let run_id = crate::db::testing::complete_run(pool, as_of).await;
        crate::db::query(
            "INSERT INTO reports (run_id, as_of, lookback_days, signals, created_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(run_id)
        .bind(as_of)
        .bind(i64::from(lookback_days))
        .bind(signals)
        .bind(as_of)
        .execute(pool)
        .await
        .unwrap();
    }

    async fn call(pool: &Pool, id: &str, host: &str, started_at: &str) {
        crate::db::query("INSERT INTO calls (id, started_at, primary_user_id) VALUES (?, ?, ?)")
            .bind(id)
            .bind(instant_text(at(started_at)))
            .bind(host)
            .execute(pool)
            .await
            .unwrap();
    }

    async fn activity(pool: &Pool, user: &str, on: &str, counts: [i64; 4]) {
        crate::db::query(
            "INSERT INTO activity_days (user_id, day, hosted, attended, coached, listened)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(user)
        .bind(day(on))
        .bind(counts[0])
        .bind(counts[1])
        .bind(counts[2])
        .bind(counts[3])
        .execute(pool)
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn before_the_first_report_there_are_no_windows() {
        let (pool, _dir) = pool().await;
        assert!(windows(&pool, "u1", chrono_tz::UTC)
            .await
            .unwrap()
            .is_empty());
    }

    #[tokio::test]
    async fn without_the_stats_hosted_calls_are_counted_per_window_at_their_exact_start() {
        let (pool, _dir) = pool().await;
        report(&pool, "2026-11-25T15:00:00Z", 180, r#"["hosted"]"#).await;
        // The boundary between the windows is 2026-08-27T15:00:00Z.
        call(&pool, "a", "u1", "2026-08-27T14:59:59Z").await;
        call(&pool, "b", "u1", "2026-08-27T15:00:00Z").await;
        call(&pool, "c", "u1", "2026-11-25T14:00:00Z").await;
        call(&pool, "d", "u2", "2026-11-25T14:00:00Z").await;
        activity(&pool, "u1", "2026-10-01", [9, 9, 9, 9]).await;
        let got = windows(&pool, "u1", chrono_tz::UTC).await.unwrap();
        assert_eq!(
            got,
            vec![
                WindowActivity {
                    from: day("2026-05-29"),
                    to: day("2026-08-27"),
                    hosted: 1,
                    attended: None,
                    coached: None,
                    listened: None,
                },
                WindowActivity {
                    from: day("2026-08-27"),
                    to: day("2026-11-25"),
                    hosted: 2,
                    attended: None,
                    coached: None,
                    listened: None,
                },
            ]
        );
    }

    #[tokio::test]
    async fn with_the_stats_every_signal_is_summed_per_window_plus_todays_calls() {
        let (pool, _dir) = pool().await;
        report(
            &pool,
            "2026-11-25T15:00:00Z",
            180,
            r#"["hosted","attended","coached","listened"]"#,
        )
        .await;
        activity(&pool, "u1", "2026-06-01", [1, 2, 3, 4]).await;
        activity(&pool, "u1", "2026-08-27", [1, 0, 0, 0]).await; // the boundary day: later window
        activity(&pool, "u1", "2026-11-24", [2, 1, 0, 5]).await;
        activity(&pool, "u2", "2026-11-24", [50, 50, 50, 50]).await;
        call(&pool, "edge", "u1", "2026-08-27T16:00:00Z").await; // already in the stats
        call(&pool, "today", "u1", "2026-11-25T09:00:00Z").await;
        let got = windows(&pool, "u1", chrono_tz::UTC).await.unwrap();
        type Counts = (u64, Option<u64>, Option<u64>, Option<u64>);
        let counts: Vec<Counts> = got
            .iter()
            .map(|w| (w.hosted, w.attended, w.coached, w.listened))
            .collect();
        assert_eq!(
            counts,
            vec![
                (1, Some(2), Some(3), Some(4)),
                (4, Some(1), Some(0), Some(5)),
            ]
        );
        let svg = chart("Ada", &got).svg;
        charts::check::accessible(&svg);
    }
}
