//! The session store with hashed ids: the database holds SHA-256 of each session id, never the id
//! itself, so a copy of the database does not hand out live session cookies. Sessions live in the
//! installation's database, so every instance on one PostgreSQL database knows every session.

use async_trait::async_trait;
use sha2::{Digest, Sha256};
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, ExpiredDeletion},
    SessionStore,
};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::db::Pool;

/// The sessions table of the installation's backend (tower-sessions' own stores).
#[derive(Debug, Clone)]
pub enum Sessions {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Sessions {
    pub fn new(pool: &Pool) -> Self {
        match pool {
            Pool::Sqlite(pool) => Sessions::Sqlite(SqliteStore::new(pool.clone())),
            Pool::Postgres(pool) => Sessions::Postgres(PostgresStore::new(pool.clone())),
        }
    }

    /// Creates the sessions table if it is missing.
    pub async fn migrate(&self) -> sqlx::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.migrate().await,
            Sessions::Postgres(store) => store.migrate().await,
        }
    }

    /// The table's name, for queries of its own.
    pub fn table(pool: &Pool) -> &'static str {
        match pool {
            Pool::Sqlite(_) => "tower_sessions",
            Pool::Postgres(_) => "tower_sessions.session",
        }
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.create(record).await,
            Sessions::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.save(record).await,
            Sessions::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite(store) => store.load(id).await,
            Sessions::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete(id).await,
            Sessions::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete_expired().await,
            Sessions::Postgres(store) => store.delete_expired().await,
        }
    }
}

#[derive(Debug, Clone)]
pub struct HashedIds(pub Sessions);

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
        let inner = Sessions::new(&pool);
        inner.migrate().await.unwrap();
        let store = HashedIds(inner);
        let mut record = Record {
            id: Id::default(),
            data: [("account".to_owned(), serde_json::json!(7))].into(),
            expiry_date: tower_sessions::cookie::time::OffsetDateTime::now_utc()
                + tower_sessions::cookie::time::Duration::minutes(5),
        };
        store.create(&mut record).await.unwrap();
        let ids: Vec<String> =
            crate::db::query_scalar(&format!("SELECT id FROM {}", Sessions::table(&pool)))
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
