//! The protected list: users never flagged, for good or snoozed until a day (leave). Entries are
//! keyed by Gong user id, which survives a change of email; the email and name are kept for display.

use app::types::ProtectedUser;
use chrono::{DateTime, NaiveDate, Utc};

use crate::{db::Pool, report::Protection};

#[derive(sqlx::FromRow)]
struct Row {
    user_id: String,
    email: String,
    name: String,
    until_day: Option<NaiveDate>,
    note: String,
    added_at: DateTime<Utc>,
}

impl From<Row> for ProtectedUser {
    fn from(row: Row) -> Self {
        ProtectedUser {
            user_id: row.user_id,
            email: row.email,
            name: row.name,
            until: row.until_day,
            note: row.note,
            added_at: row.added_at,
        }
    }
}

/// Everyone on the list, by name.
pub async fn list<'e>(
    executor: impl Into<crate::db::Ex<'e>>,
) -> Result<Vec<ProtectedUser>, sqlx::Error> {
    let rows: Vec<Row> = crate::db::query_as(
        "SELECT user_id, email, name, until_day, note, added_at FROM protected_users
         ORDER BY name COLLATE NOCASE, email",
    )
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(ProtectedUser::from).collect())
}

/// The list as the report's rules read it.
pub async fn protection(pool: &Pool) -> Result<Protection, sqlx::Error> {
    let mut protection = Protection::default();
    for user in list(pool).await? {
        if let Some(until) = user.until {
            protection.snoozed_until.insert(user.user_id, until);
        } else {
            protection.protected.insert(user.user_id);
        }
    }
    Ok(protection)
}

/// Adds a user, or replaces their entry (a new end date or note).
pub async fn add<'e>(
    executor: impl Into<crate::db::Ex<'e>>,
    user: &ProtectedUser,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO protected_users (user_id, email, name, until_day, note, added_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, name = excluded.name,
             until_day = excluded.until_day, note = excluded.note, added_at = excluded.added_at",
    )
    .bind(&user.user_id)
    .bind(&user.email)
    .bind(&user.name)
    .bind(user.until)
    .bind(&user.note)
    .bind(user.added_at)
    .execute(executor)
    .await?;
    Ok(())
}

/// Takes a user off the list; false when they were not on it.
pub async fn remove<'e>(
    executor: impl Into<crate::db::Ex<'e>>,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    let done = crate::db::query("DELETE FROM protected_users WHERE user_id = ?")
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The Gong user with this email, as the last sync saw them: id and display name.
pub async fn gong_user_by_email<'e>(
    executor: impl Into<crate::db::Ex<'e>>,
    email: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let row: Option<(String, Option<String>, Option<String>)> = crate::db::query_as(
        "SELECT id, first_name, last_name FROM gong_users WHERE email = ? COLLATE NOCASE
         ORDER BY active DESC LIMIT 1",
    )
    .bind(email.trim())
    .fetch_optional(executor)
    .await?;
    Ok(row.map(|(id, first, last)| {
        let name = [first, last]
            .into_iter()
            .flatten()
            .filter(|part| !part.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        (id, name)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::pool;

    fn entry(id: &str, until: Option<&str>) -> ProtectedUser {
        ProtectedUser {
            user_id: id.into(),
            email: format!("{id}@example.com"),
            name: format!("User {id}"),
            until: until.map(|d| d.parse().unwrap()),
            note: "on leave".into(),
            added_at: "2026-11-20T09:00:00Z".parse().unwrap(),
        }
    }

    #[tokio::test]
    async fn protected_users_and_snoozes_reach_the_rules_and_can_be_removed() {
        let (pool, _dir) = pool().await;
        add(&pool, &entry("1", None)).await.unwrap();
        add(&pool, &entry("2", Some("2027-01-31"))).await.unwrap();
        let protection = protection(&pool).await.unwrap();
        assert!(protection.protected.contains("1"));
        assert_eq!(
            protection.snoozed_until.get("2"),
            Some(&"2027-01-31".parse().unwrap())
        );
        assert!(!protection.protected.contains("2"));

        // A new end date replaces the old entry.
        add(&pool, &entry("1", Some("2026-12-24"))).await.unwrap();
        let protection = super::protection(&pool).await.unwrap();
        assert!(protection.protected.is_empty());
        assert_eq!(protection.snoozed_until.len(), 2);

        assert!(remove(&pool, "2").await.unwrap());
        assert!(!remove(&pool, "2").await.unwrap());
        assert_eq!(list(&pool).await.unwrap().len(), 1);
    }
}
