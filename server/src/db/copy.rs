//! A whole installation copied between backends: `seat-audit migrate-db` (SQLite to PostgreSQL)
//! and `seat-audit backup` of a PostgreSQL installation (into a SQLite file). Every table but the
//! sessions and the derived ones, ids and the audit log's order kept, read in one snapshot and
//! written in one transaction, then counted on both sides (docs/product.md, "Storage").
//!
//! The column types come from the PostgreSQL side's schema, which has the same tables and columns
//! as SQLite's.

use chrono::{DateTime, NaiveDate, Utc};

use super::{query, query_as, Backend, Pool, Row, Tx};

/// The tables copied, parents before children. Left out ([`LEFT_OUT`]): `activity_day_totals` (the
/// destination's triggers rebuild it from `activity_days`), `figures_version` (a cache counter the
/// destination keeps itself) and `sync_lock` (a running sync's lease, which the copy's sync does not
/// hold); also the sessions (everyone signs in again) and sqlx's migration ledger.
pub const TABLES: &[&str] = &[
    "installation",
    "csrf_key",
    "company_time_zone",
    "policy",
    "contract",
    "seat_types",
    "seat_assignments",
    "protected_users",
    "accounts",
    "gong_users",
    "calls",
    "call_participants",
    "activity_days",
    "quota_usage",
    "sync_runs",
    "reports",
    "report_users",
    "workflow_settings",
    "workflow_items",
    "notify_settings",
    "notify_cursor",
    "notify_events",
    "notifications",
    "audit_log",
];

/// Tables a copy does not write (see [`TABLES`]).
pub const LEFT_OUT: &[&str] = &["activity_day_totals", "figures_version", "sync_lock"];

/// Rows per INSERT: well under both backends' limits on bound values.
const ROWS_PER_INSERT: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("one side of the copy must be PostgreSQL; to copy a SQLite database use `seat-audit backup`")]
    NoPostgres,
    #[error(
        "the destination already holds an installation ({0}); copy into a new, empty database"
    )]
    NotEmpty(String),
    #[error("the copy of {table} has {copied} rows where the source has {source_rows}; drop the destination and copy again")]
    Count {
        table: String,
        source_rows: i64,
        copied: i64,
    },
    #[error("{table}: {source}")]
    Table { table: String, source: sqlx::Error },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What a finished copy counted, table by table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub tables: Vec<(String, i64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Int,
    Bool,
    Real,
    Instant,
    Day,
    Bytes,
}

/// One column's value as read from the source, bound as the same type at the destination.
enum Value {
    Text(Option<String>),
    Int(Option<i64>),
    Bool(Option<bool>),
    Real(Option<f64>),
    Instant(Option<DateTime<Utc>>),
    Day(Option<NaiveDate>),
    Bytes(Option<Vec<u8>>),
}

impl Value {
    fn read(row: &Row, index: usize, kind: Kind) -> sqlx::Result<Value> {
        Ok(match kind {
            Kind::Text => Value::Text(row.try_get(index)?),
            Kind::Int => Value::Int(row.try_get(index)?),
            Kind::Bool => Value::Bool(row.try_get(index)?),
            Kind::Real => Value::Real(row.try_get(index)?),
            Kind::Instant => Value::Instant(row.try_get(index)?),
            Kind::Day => Value::Day(row.try_get(index)?),
            Kind::Bytes => Value::Bytes(row.try_get(index)?),
        })
    }

    fn bind<'q>(self, insert: super::Query<'q>) -> super::Query<'q> {
        match self {
            Value::Text(v) => insert.bind(v),
            Value::Int(v) => insert.bind(v),
            Value::Bool(v) => insert.bind(v),
            Value::Real(v) => insert.bind(v),
            Value::Instant(v) => insert.bind(v),
            Value::Day(v) => insert.bind(v),
            Value::Bytes(v) => insert.bind(v),
        }
    }
}

/// Copies every table of `from` into `to`, which must be migrated and hold no installation yet.
pub async fn copy(from: &Pool, to: &Pool) -> Result<Copied, CopyError> {
    let postgres = match (from.backend(), to.backend()) {
        (Backend::Postgres, _) => from,
        (_, Backend::Postgres) => to,
        _ => return Err(CopyError::NoPostgres),
    };
    let mut columns = Vec::new();
    for table in TABLES {
        columns.push(columns_of(postgres, table).await?);
    }
    for table in ["accounts", "sync_runs", "audit_log"] {
        let rows: i64 = super::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(to)
            .await?;
        if rows > 0 {
            return Err(CopyError::NotEmpty(format!("{rows} rows in {table}")));
        }
    }

    let mut source = snapshot(from).await?;
    let mut target = to.begin().await?;
    let mut counted = Vec::new();
    for (table, columns) in TABLES.iter().zip(&columns) {
        let rows = copy_table(&mut source, &mut target, table, columns)
            .await
            .map_err(|source| CopyError::Table {
                table: (*table).to_owned(),
                source,
            })?;
        counted.push(((*table).to_owned(), rows));
    }
    if to.backend() == Backend::Postgres {
        for (table, columns) in TABLES.iter().zip(&columns) {
            if columns.iter().any(|(name, _)| name == "id") && IDENTITY.contains(table) {
                // Explicit ids leave the identity where it was: the next row continues after them.
                query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                                   COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                ))
                .execute(&mut target)
                .await?;
            }
        }
    }
    target.commit().await?;
    source.rollback().await?;

    for (table, source_rows) in &counted {
        let copied: i64 = super::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(to)
            .await?;
        if copied != *source_rows {
            return Err(CopyError::Count {
                table: table.clone(),
                source_rows: *source_rows,
                copied,
            });
        }
    }
    Ok(Copied { tables: counted })
}

/// Tables whose `id` is an identity (AUTOINCREMENT on SQLite).
const IDENTITY: &[&str] = &[
    "sync_runs",
    "reports",
    "workflow_items",
    "accounts",
    "audit_log",
    "notifications",
];

/// A read-only transaction that sees one committed moment of the whole database.
async fn snapshot(pool: &Pool) -> sqlx::Result<Tx> {
    let mut tx = pool.begin().await?;
    if pool.backend() == Backend::Postgres {
        query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut tx)
            .await?;
    }
    Ok(tx)
}

/// The table's columns in order, with the type PostgreSQL gives each.
async fn columns_of(postgres: &Pool, table: &str) -> sqlx::Result<Vec<(String, Kind)>> {
    let rows: Vec<(String, String)> = query_as(
        "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT)
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = ?
         ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(postgres)
    .await?;
    if rows.is_empty() {
        return Err(sqlx::Error::Protocol(format!(
            "the table {table} is missing from the PostgreSQL database"
        )));
    }
    rows.into_iter()
        .map(|(name, data_type)| {
            let kind = match data_type.as_str() {
                "text" | "character varying" => Kind::Text,
                "bigint" | "integer" | "smallint" => Kind::Int,
                "boolean" => Kind::Bool,
                "double precision" | "real" => Kind::Real,
                "timestamp with time zone" => Kind::Instant,
                "date" => Kind::Day,
                "bytea" => Kind::Bytes,
                other => {
                    return Err(sqlx::Error::Protocol(format!(
                        "{table}.{name} has the type {other}, which a copy does not know"
                    )))
                }
            };
            Ok((name, kind))
        })
        .collect()
}

/// Replaces the destination's rows of `table` (a new database has only its seeded defaults) with
/// the source's; returns how many the source has.
async fn copy_table(
    source: &mut Tx,
    target: &mut Tx,
    table: &str,
    columns: &[(String, Kind)],
) -> sqlx::Result<i64> {
    let names = columns
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let order = match columns.first() {
        Some((first, _)) if first == "id" => " ORDER BY id",
        _ => "",
    };
    let rows = query(&format!("SELECT {names} FROM {table}{order}"))
        .fetch_all(&mut *source)
        .await?;
    if table != "audit_log" {
        query(&format!("DELETE FROM {table}"))
            .execute(&mut *target)
            .await?;
    }
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO {table} ({names}) VALUES {}",
            super::values(chunk.len(), columns.len())
        );
        let mut insert = query(&sql);
        for row in chunk {
            for (index, (_, kind)) in columns.iter().enumerate() {
                insert = Value::read(row, index, *kind)?.bind(insert);
            }
        }
        insert.execute(&mut *target).await?;
    }
    Ok(rows.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing;

    #[tokio::test]
    async fn every_table_of_the_schema_is_copied_or_left_out_on_purpose() {
        let (pool, _dir) = testing::pool().await;
        let sql = match pool.backend() {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' AND name <> 'tower_sessions'"
            }
            Backend::Postgres => {
                "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'"
            }
        };
        let tables: Vec<String> = crate::db::query_scalar(sql).fetch_all(&pool).await.unwrap();
        for table in &tables {
            assert!(
                TABLES.contains(&table.as_str()) || LEFT_OUT.contains(&table.as_str()),
                "{table} is neither copied nor left out"
            );
        }
        for table in TABLES.iter().chain(LEFT_OUT) {
            assert!(
                tables.contains(&(*table).to_owned()),
                "{table} is not in the schema"
            );
        }
    }
}
