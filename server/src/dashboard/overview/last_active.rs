//! The Overview's histogram of days since last active in the latest report.

use chrono::{Duration, NaiveDate};

use super::count;
use crate::{
    dashboard::{
        charts::{last_active::BUCKETS, LastActiveHistogram},
        sql::Texts,
    },
    db::Pool,
};

/// Users of report `report_id` not deactivated, by days from their last active day to `as_of_day`
/// (both company-time-zone days); no activity in the look-back falls in the last bucket.
pub async fn last_active(
    pool: &Pool,
    report_id: i64,
    as_of_day: NaiveDate,
    within: Option<&str>,
) -> Result<LastActiveHistogram, sqlx::Error> {
    let last = BUCKETS.len() - 1;
    // A bucket takes those last active on or after its first day, `max_days` before `as_of_day`
    // (bound from `?3` on).
    let mut since = Vec::new();
    let mut bucket = format!("CASE WHEN last_active IS NULL THEN {last}");
    for (i, max_days) in BUCKETS
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.max_days.map(|d| (i, d)))
    {
        since.push(as_of_day - Duration::days(i64::from(max_days)));
        let param = since.len() + 2;
        bucket.push_str(&format!(" WHEN last_active >= ?{param} THEN {i}"));
    }
    bucket.push_str(&format!(" ELSE {last} END"));
    let sql = Texts::new(|list| {
        format!(
            "SELECT CAST({bucket} AS BIGINT) AS bucket, COUNT(*) FROM report_users
             WHERE report_id = ?1 AND status <> 'deactivated'
               AND (?2 IS NULL OR user_id IN ({}))
             GROUP BY bucket",
            list.ids("?2")
        )
    });
    let mut query = crate::db::query_as(sql.sql()).bind(report_id).bind(within);
    for day in since {
        query = query.bind(day);
    }
    let rows: Vec<(i64, i64)> = query.fetch_all(pool).await?;
    let mut counts = [0; BUCKETS.len()];
    for (bucket, n) in rows {
        if let Some(slot) = usize::try_from(bucket).ok().and_then(|b| counts.get_mut(b)) {
            *slot = count(n);
        }
    }
    Ok(LastActiveHistogram {
        as_of: Some(as_of_day),
        counts,
    })
}
