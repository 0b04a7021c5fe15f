//! Company-wide figures kept between requests: the seat summary and the Overview's report charts
//! are recomputed only when what they read changes, which the database's `figures_version`
//! number says (triggers bump it; docs/product.md, "Pages"). One small read per request instead of
//! counting every user: at 50,000 users the counts take hundreds of milliseconds.

use std::sync::Mutex;

use crate::db::Pool;

/// The current `figures_version`: equal numbers mean the figures' inputs are unchanged.
pub async fn version(pool: &Pool) -> Result<i64, sqlx::Error> {
    crate::db::query_scalar("SELECT n FROM figures_version WHERE id = 1")
        .fetch_one(pool)
        .await
}

/// One value and the key it was computed for (the version and whatever else it depends on).
#[derive(Debug)]
pub struct Kept<K, V>(Mutex<Option<(K, V)>>);

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept(Mutex::new(None))
    }
}

impl<K: PartialEq, V: Clone> Kept<K, V> {
    /// The value kept for `key`, if that is the key it was computed for.
    pub fn get(&self, key: &K) -> Option<V> {
        match self.0.lock().expect("not poisoned").as_ref() {
            Some((kept, value)) if kept == key => Some(value.clone()),
            _ => None,
        }
    }

    /// Keeps `value` for `key`. The key's version must have been read before the value was
    /// computed, so a change in between only costs a recomputation, never a stale answer.
    pub fn put(&self, key: K, value: V) {
        *self.0.lock().expect("not poisoned") = Some((key, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::pool;

    #[test]
    fn a_value_is_kept_for_its_key_only() {
        let kept: Kept<(i64, u8), String> = Kept::default();
        assert_eq!(kept.get(&(1, 0)), None);
        kept.put((1, 0), "one".into());
        assert_eq!(kept.get(&(1, 0)), Some("one".into()));
        assert_eq!(kept.get(&(2, 0)), None);
        assert_eq!(kept.get(&(1, 1)), None);
    }

    #[tokio::test]
    async fn the_version_changes_with_each_input_of_the_figures() {
        let (pool, _dir) = pool().await;
        let mut last = version(&pool).await.unwrap();
        for change in [
            "INSERT INTO seat_assignments (email, gong, forecast, engage, technical_admin, source, updated_at)
             VALUES ('a@x.io', TRUE, FALSE, FALSE, FALSE, 'manual', '2026-11-01T00:00:00Z')",
            "UPDATE seat_assignments SET forecast = TRUE",
            "DELETE FROM seat_assignments",
            "UPDATE seat_types SET purchased = 9 WHERE name = 'gong'",
            "UPDATE contract SET notice_days = 45",
        ] {
            crate::db::query(change).execute(&pool).await.unwrap();
            let now = version(&pool).await.unwrap();
            assert!(now > last, "{change}");
            last = now;
        }
        crate::db::testing::complete_run(&pool, chrono::Utc::now()).await;
        assert_eq!(
            version(&pool).await.unwrap(),
            last,
            "a run alone changes nothing"
        );
    }
}
