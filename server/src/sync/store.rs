//! Writing what the sync reads from Gong, and the bookkeeping of runs and quota.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sqlx::{QueryBuilder, Sqlite, Transaction};

use crate::{db::Pool, gong::wire};

/// Instants are stored as fixed-width UTC text, so text order is time order in SQL.
pub fn instant_text(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A resumed run takes over the user list an earlier run of its chain stored.
pub async fn adopt_users(pool: &Pool, earlier_run: i64, run_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE gong_users SET last_seen_run_id = ? WHERE last_seen_run_id = ?")
        .bind(run_id)
        .bind(earlier_run)
        .execute(pool)
        .await?;
    Ok(())
}

/// The ids of the users this run saw, in id order.
pub async fn user_ids(pool: &Pool, run_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM gong_users WHERE last_seen_run_id = ? ORDER BY id")
        .bind(run_id)
        .fetch_all(pool)
        .await
}

pub async fn upsert_users(
    tx: &mut Transaction<'_, Sqlite>,
    run_id: i64,
    users: &[wire::User],
) -> Result<(), sqlx::Error> {
    for user in users {
        let created = user.created.map(|c| instant_text(c.with_timezone(&Utc)));
        let capture = user.capture();
        sqlx::query(
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
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Rows per INSERT: one statement per row is the slow part of storing a large company, and
/// SQLite allows 32,766 parameters per statement.
const ROWS_PER_INSERT: usize = 1_000;

/// Calls are keyed by id, so a page seen twice (a restarted cursor, an overlapping run) counts once.
pub async fn upsert_calls(
    tx: &mut Transaction<'_, Sqlite>,
    calls: &[wire::Call],
) -> Result<(), sqlx::Error> {
    for chunk in calls.chunks(ROWS_PER_INSERT) {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO calls (id, started_at, duration_s, primary_user_id, workspace_id) ",
        );
        insert.push_values(chunk, |mut row, call| {
            row.push_bind(&call.id)
                .push_bind(instant_text(call.started.with_timezone(&Utc)))
                .push_bind(call.duration.map(|d| d.round() as i64))
                .push_bind(&call.primary_user_id)
                .push_bind(&call.workspace_id);
        });
        insert.push(
            " ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at,
                 duration_s = excluded.duration_s, primary_user_id = excluded.primary_user_id,
                 workspace_id = excluded.workspace_id",
        );
        insert.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// One user's activity on one day, as stored.
struct ActivityRow<'a> {
    user_id: &'a str,
    day: NaiveDate,
    day_activity: &'a wire::DayActivity,
}

/// Per-day activity replaces what an earlier run stored for the same user and day.
pub async fn upsert_activity(
    tx: &mut Transaction<'_, Sqlite>,
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
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO activity_days (user_id, day, hosted, attended, coached, listened, hosted_call_ids) ",
        );
        insert.push_values(chunk, |mut row, activity| {
            let day = activity.day_activity;
            row.push_bind(activity.user_id)
                .push_bind(activity.day)
                .push_bind(day.calls_as_host.len() as i64)
                .push_bind(day.calls_attended.len() as i64)
                .push_bind(day.coached() as i64)
                .push_bind(day.listened() as i64)
                .push_bind(serde_json::to_string(&day.calls_as_host).expect("strings serialise"));
        });
        insert.push(
            " ON CONFLICT (user_id, day) DO UPDATE SET hosted = excluded.hosted,
                 attended = excluded.attended, coached = excluded.coached, listened = excluded.listened,
                 hosted_call_ids = excluded.hosted_call_ids",
        );
        insert.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Requests already spent today (UTC) by earlier runs.
pub async fn quota_used(pool: &Pool, day: NaiveDate) -> Result<i64, sqlx::Error> {
    let used: Option<i64> = sqlx::query_scalar("SELECT requests FROM quota_usage WHERE day = ?")
        .bind(day)
        .fetch_optional(pool)
        .await?;
    Ok(used.unwrap_or(0))
}

pub async fn add_quota_used(pool: &Pool, day: NaiveDate, requests: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO quota_usage (day, requests) VALUES (?, ?)
         ON CONFLICT (day) DO UPDATE SET requests = requests + excluded.requests",
    )
    .bind(day)
    .bind(requests)
    .execute(pool)
    .await?;
    Ok(())
}
