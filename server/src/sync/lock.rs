//! The database lock that keeps two runs from overlapping, even from two processes. A holder that
//! stops refreshing its heartbeat loses the lock after `STALE_AFTER`; one on this machine whose
//! process is gone (killed) loses it at once.

use chrono::{DateTime, Duration, Utc};

use crate::db::Pool;

/// Longer than any pause between heartbeats of a live run.
pub const STALE_AFTER: Duration = Duration::minutes(5);

#[derive(Debug, Clone)]
pub struct SyncLock {
    holder: String,
}

impl SyncLock {
    /// Takes the lock if it is free or stale; `Ok(None)` when a live run holds it.
    pub async fn acquire(pool: &Pool, now: DateTime<Utc>) -> Result<Option<SyncLock>, sqlx::Error> {
        let holder = format!(
            "{}:{}:{}",
            host(),
            std::process::id(),
            rand::random::<u32>()
        );
        let current: Option<String> =
            crate::db::query_scalar("SELECT holder FROM sync_lock WHERE id = 1")
                .fetch_optional(pool)
                .await?;
        // A holder that died on this machine cannot refresh its heartbeat: treat it as stale now.
        let stale_before = if current.as_deref().is_some_and(holder_is_dead) {
            now + Duration::days(1)
        } else {
            now - STALE_AFTER
        };
        let taken = crate::db::query(
            "INSERT INTO sync_lock (id, holder, acquired_at, heartbeat_at) VALUES (1, ?1, ?2, ?2)
             ON CONFLICT (id) DO UPDATE SET holder = ?1, acquired_at = ?2, heartbeat_at = ?2, run_id = NULL
             WHERE sync_lock.heartbeat_at < ?3",
        )
        .bind(&holder)
        .bind(now)
        .bind(stale_before)
        .execute(pool)
        .await?
        .rows_affected()
            == 1;
        Ok(taken.then_some(SyncLock { holder }))
    }

    pub async fn attach_run(&self, pool: &Pool, run_id: i64) -> Result<(), sqlx::Error> {
        crate::db::query("UPDATE sync_lock SET run_id = ? WHERE id = 1 AND holder = ?")
            .bind(run_id)
            .bind(&self.holder)
            .execute(pool)
            .await?;
        Ok(())
    }

    /// Proves the holder is alive.
    pub async fn heartbeat(&self, pool: &Pool, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
        crate::db::query("UPDATE sync_lock SET heartbeat_at = ? WHERE id = 1 AND holder = ?")
            .bind(now)
            .bind(&self.holder)
            .execute(pool)
            .await?;
        Ok(())
    }

    pub async fn release(self, pool: &Pool) -> Result<(), sqlx::Error> {
        crate::db::query("DELETE FROM sync_lock WHERE id = 1 AND holder = ?")
            .bind(&self.holder)
            .execute(pool)
            .await?;
        Ok(())
    }
}

fn host() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_default()
}

/// Whether `holder` names a process on this machine that no longer exists.
fn holder_is_dead(holder: &str) -> bool {
    let mut parts = holder.split(':');
    let (Some(holder_host), Some(pid)) = (parts.next(), parts.next()) else {
        return false;
    };
    cfg!(target_os = "linux")
        && holder_host == host()
        && !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::pool;

    #[tokio::test]
    async fn a_second_run_cannot_take_a_held_lock_until_it_is_released() {
        let (pool, _dir) = pool().await;
        let now = Utc::now();
        let first = SyncLock::acquire(&pool, now)
            .await
            .unwrap()
            .expect("free lock");
        assert!(SyncLock::acquire(&pool, now).await.unwrap().is_none());
        first.release(&pool).await.unwrap();
        assert!(SyncLock::acquire(&pool, now).await.unwrap().is_some());
    }

    #[tokio::test]
    async fn a_lock_held_by_a_dead_process_on_this_machine_is_taken_over_at_once() {
        let (pool, _dir) = pool().await;
        let now = Utc::now();
        crate::db::query(
            "INSERT INTO sync_lock (id, holder, acquired_at, heartbeat_at) VALUES (1, ?, ?, ?)",
        )
        .bind(format!("{}:{}:1", host(), u32::MAX))
        .bind(now)
        .bind(now)
        .execute(&pool)
        .await
        .unwrap();
        assert!(SyncLock::acquire(&pool, now).await.unwrap().is_some());
    }

    #[tokio::test]
    async fn a_lock_whose_holder_stopped_its_heartbeat_is_taken_over_once_stale() {
        let (pool, _dir) = pool().await;
        let then = Utc::now();
        let _dead = SyncLock::acquire(&pool, then)
            .await
            .unwrap()
            .expect("free lock");
        let soon = then + Duration::minutes(1);
        assert!(SyncLock::acquire(&pool, soon).await.unwrap().is_none());
        let later = then + STALE_AFTER + Duration::seconds(1);
        assert!(SyncLock::acquire(&pool, later).await.unwrap().is_some());
    }
}
