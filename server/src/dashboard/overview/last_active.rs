//! The Overview's histogram of days since last active in the latest report.

use chrono::NaiveDate;

use super::count;
use crate::{
    dashboard::charts::{last_active::BUCKETS, LastActiveHistogram},
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
    let mut bucket = format!("CASE WHEN last_active IS NULL THEN {last}");
    for (i, max_days) in BUCKETS
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.max_days.map(|d| (i, d)))
    {
        bucket.push_str(&format!(
            " WHEN julianday(?2) - julianday(last_active) <= {max_days} THEN {i}"
        ));
    }
    bucket.push_str(&format!(" ELSE {last} END"));
    let rows: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT {bucket} AS bucket, COUNT(*) FROM report_users
         WHERE report_id = ?1 AND status <> 'deactivated'
           AND (?3 IS NULL OR user_id IN (SELECT value FROM json_each(?3)))
         GROUP BY bucket"
    ))
    .bind(report_id)
    .bind(as_of_day)
    .bind(within)
    .fetch_all(pool)
    .await?;
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
