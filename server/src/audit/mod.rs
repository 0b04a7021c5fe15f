//! The audit log: every sign-in, workflow step, settings change and role change, appended with who,
//! when, what, before/after and why. The table refuses UPDATE and DELETE (migration `accounts`), so
//! no role and no code path can rewrite it.

use app::types::{AuditEntry, AuditPage, AuditQuery};
use chrono::{NaiveDate, Utc};
use serde_json::Value;

use crate::db::Pool;

pub const PER_PAGE: u32 = 100;

/// Who acts when no person does (start-up, the command line).
pub const SYSTEM: &str = "system";

/// One entry to append.
#[derive(Debug, Clone, Default)]
pub struct Entry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: Option<&'a str>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub reason: Option<&'a str>,
}

/// The longest actor or subject kept (an email is at most 320 characters).
pub const MAX_NAME: usize = 320;
/// The longest action kept.
pub const MAX_ACTION: usize = 64;
/// The longest reason kept.
pub const MAX_REASON: usize = 4 * 1024;
/// The longest before or after value kept (its JSON text).
pub const MAX_VALUE: usize = 64 * 1024;

/// `text` cut to `max` characters, the cut marked with an ellipsis, so nobody can fill the
/// append-only log with one long field (a sign-in form's email, say).
pub fn bounded(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if max == 0 || text.char_indices().nth(max).is_none() {
        return text.into();
    }
    let cut = text
        .char_indices()
        .nth(max - 1)
        .map_or(text.len(), |(at, _)| at);
    format!("{}…", &text[..cut]).into()
}

/// Appends `entry`; every text field is bounded here, so no writer can store an unbounded one.
pub async fn record<'e>(
    executor: impl Into<crate::db::Ex<'e>>,
    entry: Entry<'_>,
) -> Result<(), sqlx::Error> {
    let value = |v: Option<Value>| v.map(|v| bounded(&v.to_string(), MAX_VALUE).into_owned());
    crate::db::query(
        "INSERT INTO audit_log (at, actor, action, subject, before, after, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    .bind(bounded(entry.actor, MAX_NAME))
    .bind(bounded(entry.action, MAX_ACTION))
    .bind(entry.subject.map(|s| bounded(s, MAX_NAME)))
    .bind(value(entry.before))
    .bind(value(entry.after))
    .bind(entry.reason.map(|r| bounded(r, MAX_REASON)))
    .execute(executor)
    .await?;
    Ok(())
}

/// The conditions of `query` and their values, in order (`?1` to `?5`); an empty filter is unused.
/// The subject test is "contains" in SQL both backends take (SQLite's `instr` is PostgreSQL's
/// `strpos`): removing a non-empty text changes the subject only where it occurs.
const FILTER: &str = "(?1 IS NULL OR actor = ?1 COLLATE NOCASE)
    AND (?2 IS NULL OR replace(lower(subject), lower(?2), '') <> lower(subject))
    AND (?3 IS NULL OR action = ?3)
    AND (?4 IS NULL OR at >= ?4)
    AND (?5 IS NULL OR at < ?5)";

struct Bounds {
    actor: Option<String>,
    subject: Option<String>,
    action: Option<String>,
    from: Option<String>,
    until: Option<String>,
}

/// Bad dates are refused by name, never read as "no filter".
fn bounds(query: &AuditQuery) -> Result<Bounds, String> {
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let day = |v: &Option<String>, name: &str| -> Result<Option<NaiveDate>, String> {
        text(v)
            .map(|s| {
                s.parse::<NaiveDate>()
                    .map_err(|_| format!("{name}: “{s}” is not a date such as 2026-11-26"))
            })
            .transpose()
    };
    let from = day(&query.from, "From")?;
    let to = day(&query.to, "To")?;
    Ok(Bounds {
        actor: text(&query.actor),
        subject: text(&query.subject),
        action: text(&query.action),
        from: from.map(|d| format!("{d}T00:00:00")),
        until: to
            .and_then(|d| d.succ_opt())
            .map(|d| format!("{d}T00:00:00")),
    })
}

pub async fn page(
    pool: &Pool,
    query: &AuditQuery,
) -> Result<Result<AuditPage, String>, sqlx::Error> {
    let page = query.page.max(1);
    let b = match bounds(query) {
        Ok(b) => b,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let total: i64 =
        crate::db::query_scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE {FILTER}"))
            .bind(&b.actor)
            .bind(&b.subject)
            .bind(&b.action)
            .bind(&b.from)
            .bind(&b.until)
            .fetch_one(pool)
            .await?;
    let entries = select(
        pool,
        &b,
        i64::from(PER_PAGE),
        i64::from(page - 1) * i64::from(PER_PAGE),
    )
    .await?;
    let actions = crate::db::query_scalar("SELECT DISTINCT action FROM audit_log ORDER BY action")
        .fetch_all(pool)
        .await?;
    Ok(Ok(AuditPage {
        entries,
        total: u64::try_from(total).unwrap_or(0),
        page,
        per_page: PER_PAGE,
        actions,
    }))
}

/// Every entry the filters match, newest first (the CSV export).
pub async fn all(
    pool: &Pool,
    query: &AuditQuery,
) -> Result<Result<Vec<AuditEntry>, String>, sqlx::Error> {
    match bounds(query) {
        // No limit: PostgreSQL refuses SQLite's `LIMIT -1`.
        Ok(b) => Ok(Ok(select(pool, &b, i64::MAX, 0).await?)),
        Err(refusal) => Ok(Err(refusal)),
    }
}

async fn select(
    pool: &Pool,
    b: &Bounds,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let rows: Vec<Row> = crate::db::query_as(&format!(
        "SELECT id, at, actor, action, subject, before, after, reason FROM audit_log
             WHERE {FILTER} ORDER BY id DESC LIMIT ?6 OFFSET ?7"
    ))
    .bind(&b.actor)
    .bind(&b.subject)
    .bind(&b.action)
    .bind(&b.from)
    .bind(&b.until)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            at: r.at,
            actor: r.actor,
            action: r.action,
            subject: r.subject,
            before: r.before,
            after: r.after,
            reason: r.reason,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: String,
    actor: String,
    action: String,
    subject: Option<String>,
    before: Option<String>,
    after: Option<String>,
    reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing;

    #[test]
    fn a_long_field_is_cut_with_an_ellipsis_and_a_short_one_is_kept_whole() {
        assert_eq!(bounded("ana@example.com", 320), "ana@example.com");
        assert_eq!(bounded("abcd", 4), "abcd");
        assert_eq!(bounded("abcde", 4), "abc…");
        assert_eq!(bounded("ééééé", 4), "ééé…");
        assert_eq!(
            bounded(&"x".repeat(1_000_000), MAX_NAME).chars().count(),
            MAX_NAME
        );
    }

    #[tokio::test]
    async fn every_text_field_is_bounded_when_written() {
        let (pool, _dir) = testing::pool().await;
        let huge = "x".repeat(1_000_000);
        record(
            &pool,
            Entry {
                actor: &huge,
                action: &huge,
                subject: Some(&huge),
                before: Some(serde_json::json!({ "csv": huge })),
                after: Some(serde_json::json!([huge])),
                reason: Some(&huge),
            },
        )
        .await
        .unwrap();
        // `length` is an INTEGER (int4) on PostgreSQL.
        let lengths: (i32, i32, i32, i32, i32, i32) = crate::db::query_as(
            "SELECT length(actor), length(action), length(subject), length(before),
                    length(after), length(reason) FROM audit_log",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(
            lengths,
            (320, 64, 320, 64 * 1024, 64 * 1024, 4 * 1024),
            "each field cut to its bound"
        );
    }

    #[tokio::test]
    async fn the_log_refuses_update_and_delete_and_keeps_the_entry() {
        let (pool, _dir) = testing::pool().await;
        record(
            &pool,
            Entry {
                actor: "admin@example.com",
                action: "settings_changed",
                subject: Some("policy"),
                before: Some(serde_json::json!({"inactivity_days": 60})),
                after: Some(serde_json::json!({"inactivity_days": 90})),
                reason: None,
            },
        )
        .await
        .unwrap();
        let update = crate::db::query("UPDATE audit_log SET actor = 'someone else'")
            .execute(&pool)
            .await
            .unwrap_err();
        assert!(update.to_string().contains("append-only"), "{update}");
        let delete = crate::db::query("DELETE FROM audit_log")
            .execute(&pool)
            .await
            .unwrap_err();
        assert!(delete.to_string().contains("append-only"), "{delete}");

        let page = page(&pool, &AuditQuery::default()).await.unwrap().unwrap();
        assert_eq!(page.total, 1);
        assert_eq!(page.entries[0].actor, "admin@example.com");
        assert_eq!(
            page.entries[0].after.as_deref(),
            Some(r#"{"inactivity_days":90}"#)
        );
    }

    #[tokio::test]
    async fn filters_narrow_by_actor_subject_action_and_day_and_a_bad_day_is_refused() {
        let (pool, _dir) = testing::pool().await;
        for (actor, action, subject) in [
            ("a@example.com", "sign_in", None),
            ("a@example.com", "settings_changed", Some("contract")),
            ("b@example.com", "sign_in", None),
            ("b@example.com", "role_changed", Some("Carol@Example.com")),
        ] {
            record(
                &pool,
                Entry {
                    actor,
                    action,
                    subject,
                    ..Entry::default()
                },
            )
            .await
            .unwrap();
        }
        let count = |query: AuditQuery| {
            let pool = pool.clone();
            async move { page(&pool, &query).await.unwrap().unwrap().total }
        };
        assert_eq!(
            count(AuditQuery {
                actor: Some("A@example.com".into()),
                ..Default::default()
            })
            .await,
            2
        );
        assert_eq!(
            count(AuditQuery {
                action: Some("sign_in".into()),
                ..Default::default()
            })
            .await,
            2
        );
        assert_eq!(
            count(AuditQuery {
                subject: Some("carol@".into()),
                ..Default::default()
            })
            .await,
            1
        );
        let today = Utc::now().date_naive().to_string();
        assert_eq!(
            count(AuditQuery {
                from: Some(today.clone()),
                to: Some(today),
                ..Default::default()
            })
            .await,
            4
        );
        assert_eq!(
            count(AuditQuery {
                to: Some("2020-01-01".into()),
                ..Default::default()
            })
            .await,
            0
        );
        let refused = page(
            &pool,
            &AuditQuery {
                from: Some("yesterday".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .unwrap_err();
        assert!(refused.contains("From"), "{refused}");
    }
}
