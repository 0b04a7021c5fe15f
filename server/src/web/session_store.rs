//! The session store with hashed ids: the database holds SHA-256 of each session id, never the id
//! itself, so a copy of the database does not hand out live session cookies.

use async_trait::async_trait;
use sha2::{Digest, Sha256};
use tower_sessions::{
    session::{Id, Record},
    session_store, SessionStore,
};
use tower_sessions_sqlx_store::SqliteStore;

#[derive(Debug, Clone)]
pub struct HashedIds(pub SqliteStore);

/// The id a session is stored under: the first 128 bits of SHA-256 of its id.
fn stored_id(id: Id) -> Id {
    let digest = Sha256::digest(id.0.to_le_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Id(i128::from_le_bytes(bytes))
}

fn stored(record: &Record) -> Record {
    Record {
        id: stored_id(record.id),
        ..record.clone()
    }
}

#[async_trait]
impl SessionStore for HashedIds {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A new id until none is stored under its hash (as the inner store does for plain ids).
        while self.0.load(&stored_id(record.id)).await?.is_some() {
            record.id = Id::default();
        }
        self.0.save(&stored(record)).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.0.save(&stored(record)).await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        Ok(self
            .0
            .load(&stored_id(*id))
            .await?
            .map(|record| Record { id: *id, ..record }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.0.delete(&stored_id(*id)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing;

    #[tokio::test]
    async fn a_session_is_stored_under_the_hash_of_its_id_and_loads_by_its_id() {
        let (pool, _dir) = testing::pool().await;
        let inner = SqliteStore::new(pool.clone());
        inner.migrate().await.unwrap();
        let store = HashedIds(inner);
        let mut record = Record {
            id: Id::default(),
            data: [("account".to_owned(), serde_json::json!(7))].into(),
            expiry_date: tower_sessions::cookie::time::OffsetDateTime::now_utc()
                + tower_sessions::cookie::time::Duration::minutes(5),
        };
        store.create(&mut record).await.unwrap();
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM tower_sessions")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert_eq!(ids, [stored_id(record.id).to_string()]);
        assert_ne!(ids[0], record.id.to_string());
        let loaded = store.load(&record.id).await.unwrap().unwrap();
        assert_eq!((loaded.id, loaded.data), (record.id, record.data.clone()));
        store.delete(&record.id).await.unwrap();
        assert!(store.load(&record.id).await.unwrap().is_none());
    }
}
