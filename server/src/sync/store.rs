//! Writing what the sync reads from Gong, and the bookkeeping of runs and quota.

use std::{collections::HashSet, hash::Hash};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use crate::{db::Pool, gong::wire};

/// Instants are stored as fixed-width UTC text, so text order is time order in SQL.
pub fn instant_text(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A resumed run takes over the user list an earlier run of its chain stored.
pub async fn adopt_users(pool: &Pool, earlier_run: i64, run_id: i64) -> Result<(), sqlx::Error> {
    crate::db::query("UPDATE gong_users SET last_seen_run_id = ? WHERE last_seen_run_id = ?")
        .bind(run_id)
        .bind(earlier_run)
        .execute(pool)
        .await?;
    Ok(())
}

/// The ids of the users this run saw, in id order.
pub async fn user_ids(pool: &Pool, run_id: i64) -> Result<Vec<String>, sqlx::Error> {
    crate::db::query_scalar("SELECT id FROM gong_users WHERE last_seen_run_id = ? ORDER BY id")
        .bind(run_id)
        .fetch_all(pool)
        .await
}

pub async fn upsert_users(
    tx: &mut crate::db::Tx,
    run_id: i64,
    users: &[wire::User],
) -> Result<(), sqlx::Error> {
    for user in users {
        let created = user.created.map(|c| instant_text(c.with_timezone(&Utc)));
        let capture = user.capture();
        crate::db::query(
            "INSERT INTO gong_users (id, email, first_name, last_name, title, manager_id, active, created_at,
                                     recording_off, last_seen_run_id, web_conferences_recorded,
                                     prevent_web_conference_recording, telephony_calls_imported,
                                     non_recorded_meetings_imported)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET email = excluded.email, first_name = excluded.first_name,
                 last_name = excluded.last_name, title = excluded.title, manager_id = excluded.manager_id,
                 active = excluded.active, created_at = excluded.created_at,
                 recording_off = excluded.recording_off, last_seen_run_id = excluded.last_seen_run_id,
                 web_conferences_recorded = excluded.web_conferences_recorded,
                 prevent_web_conference_recording = excluded.prevent_web_conference_recording,
                 telephony_calls_imported = excluded.telephony_calls_imported,
                 non_recorded_meetings_imported = excluded.non_recorded_meetings_imported",
        )
        .bind(&user.id)
        .bind(user.email_address.as_deref().unwrap_or_default())
        .bind(&user.first_name)
        .bind(&user.last_name)
        .bind(&user.title)
        .bind(&user.manager_id)
        .bind(user.active)
        .bind(created.unwrap_or_else(|| instant_text(DateTime::<Utc>::UNIX_EPOCH)))
        .bind(capture.unmonitored())
        .bind(run_id)
        .bind(capture.web_conferences_recorded)
        .bind(capture.prevent_web_conference_recording)
        .bind(capture.telephony_calls_imported)
        .bind(capture.non_recorded_meetings_imported)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Rows per INSERT: one statement per row is the slow part of storing a large company, and
/// SQLite allows 32,766 parameters per statement.
const ROWS_PER_INSERT: usize = 1_000;

/// Calls are keyed by id, so a page seen twice (a restarted cursor, an overlapping run) counts once.
pub async fn upsert_calls(tx: &mut crate::db::Tx, calls: &[wire::Call]) -> Result<(), sqlx::Error> {
    for chunk in calls.chunks(ROWS_PER_INSERT) {
        let chunk = last_of_each(chunk, |call| call.id.as_str());
        let sql = format!(
            "INSERT INTO calls (id, started_at, duration_s, primary_user_id, workspace_id) VALUES {}
             ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at,
                 duration_s = excluded.duration_s, primary_user_id = excluded.primary_user_id,
                 workspace_id = excluded.workspace_id",
            crate::db::values(chunk.len(), 5)
        );
        let mut insert = crate::db::query(&sql);
        for call in chunk {
            insert = insert
                .bind(&call.id)
                .bind(instant_text(call.started.with_timezone(&Utc)))
                .bind(call.duration.map(|d| d.round() as i64))
                .bind(&call.primary_user_id)
                .bind(&call.workspace_id);
        }
        insert.execute(&mut *tx).await?;
    }
    Ok(())
}

/// `rows` without those a later row of the same key replaces: PostgreSQL refuses an upsert that
/// touches one row twice, where SQLite applies the rows in order and keeps the last.
fn last_of_each<'a, T, K: Eq + Hash>(rows: &'a [T], key: impl Fn(&'a T) -> K) -> Vec<&'a T> {
    let mut seen = HashSet::new();
    let mut kept: Vec<&T> = rows
        .iter()
        .rev()
        .filter(|row| seen.insert(key(row)))
        .collect();
    kept.reverse();
    kept
}

/// One user's activity on one day, as stored.
struct ActivityRow<'a> {
    user_id: &'a str,
    day: NaiveDate,
    day_activity: &'a wire::DayActivity,
}

/// Per-day activity replaces what an earlier run stored for the same user and day.
pub async fn upsert_activity(
    tx: &mut crate::db::Tx,
    users: &[wire::UserDays],
) -> Result<(), sqlx::Error> {
    let rows: Vec<ActivityRow> = users
        .iter()
        .flat_map(|user| {
            user.user_daily_activity_stats.iter().filter_map(|day| {
                Some(ActivityRow {
                    user_id: &user.user_id,
                    day: day.day()?,
                    day_activity: day,
                })
            })
        })
        .collect();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let chunk = last_of_each(chunk, |row| (row.user_id, row.day));
        let sql = format!(
            "INSERT INTO activity_days (user_id, day, hosted, attended, coached, listened, hosted_call_ids)
             VALUES {}
             ON CONFLICT (user_id, day) DO UPDATE SET hosted = excluded.hosted,
                 attended = excluded.attended, coached = excluded.coached, listened = excluded.listened,
                 hosted_call_ids = excluded.hosted_call_ids",
            crate::db::values(chunk.len(), 7)
        );
        let mut insert = crate::db::query(&sql);
        for activity in chunk {
            let day = activity.day_activity;
            insert = insert
                .bind(activity.user_id)
                .bind(activity.day)
                .bind(day.calls_as_host.len() as i64)
                .bind(day.calls_attended.len() as i64)
                .bind(day.coached() as i64)
                .bind(day.listened() as i64)
                .bind(serde_json::to_string(&day.calls_as_host).expect("strings serialise"));
        }
        insert.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Requests already spent today (UTC) by earlier runs.
pub async fn quota_used(pool: &Pool, day: NaiveDate) -> Result<i64, sqlx::Error> {
    let used: Option<i64> =
        crate::db::query_scalar("SELECT requests FROM quota_usage WHERE day = ?")
            .bind(day)
            .fetch_optional(pool)
            .await?;
    Ok(used.unwrap_or(0))
}

pub async fn add_quota_used(pool: &Pool, day: NaiveDate, requests: i64) -> Result<(), sqlx::Error> {
    crate::db::query(
        // `q.requests`: a bare `requests` is ambiguous on PostgreSQL (the row or `excluded`).
        "INSERT INTO quota_usage AS q (day, requests) VALUES (?, ?)
         ON CONFLICT (day) DO UPDATE SET requests = q.requests + excluded.requests",
    )
    .bind(day)
    .bind(requests)
    .execute(pool)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing;

    fn call(id: &str, seconds: f64) -> wire::Call {
        wire::Call {
            id: id.into(),
            started: "2026-11-20T10:00:00Z".parse().unwrap(),
            duration: Some(seconds),
            primary_user_id: Some("1".into()),
            workspace_id: None,
        }
    }

    fn day(hosted: &[&str]) -> wire::DayActivity {
        wire::DayActivity {
            from_date: Some("2026-11-20".into()),
            calls_as_host: hosted.iter().map(|id| id.to_string()).collect(),
            ..Default::default()
        }
    }

    #[tokio::test]
    async fn a_key_twice_in_one_upsert_keeps_its_last_row_and_quota_adds_up() {
        let (pool, _dir) = testing::pool().await;
        let mut tx = pool.begin().await.unwrap();
        upsert_calls(
            &mut tx,
            &[call("a", 60.0), call("b", 30.0), call("a", 90.0)],
        )
        .await
        .unwrap();
        let user = wire::UserDays {
            user_id: "1".into(),
            user_daily_activity_stats: vec![day(&["a"]), day(&["a", "b"])],
        };
        upsert_activity(&mut tx, &[user]).await.unwrap();
        tx.commit().await.unwrap();

        let calls: Vec<(String, Option<i64>)> =
            crate::db::query_as("SELECT id, duration_s FROM calls ORDER BY id")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(calls, [("a".into(), Some(90)), ("b".into(), Some(30))]);
        let days: Vec<(i64, String)> =
            crate::db::query_as("SELECT hosted, hosted_call_ids FROM activity_days")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(days, [(2, r#"["a","b"]"#.into())]);
        let total: i64 = crate::db::query_scalar("SELECT hosted FROM activity_day_totals")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(total, 2, "the day's total follows the row kept");

        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        add_quota_used(&pool, today, 3).await.unwrap();
        add_quota_used(&pool, today, 4).await.unwrap();
        assert_eq!(quota_used(&pool, today).await.unwrap(), 7);
    }
}
