//! Queries that run on either backend: one SQL text (SQLite's dialect, `?` placeholders), bound
//! values that both backends encode, and rows that both decode (docs/product.md, "Storage").
//!
//! On PostgreSQL the text is rewritten as it is sent: `?` and `?N` become `$N`, and `LIKE` becomes
//! `ILIKE` (SQLite's `LIKE` ignores ASCII case; PostgreSQL's does not). Where the dialects differ
//! beyond that, a query gives both texts with [`Sql::dialects`].

use std::marker::PhantomData;

use sqlx::{
    error::BoxDynError,
    postgres::{PgArguments, PgRow},
    sqlite::{SqliteArguments, SqliteRow},
    Arguments, ColumnIndex, Decode, Encode, FromRow, PgConnection, Postgres, Sqlite,
    SqliteConnection, Type,
};

use super::{Pool, Tx};

/// Where a query runs: the pool, or the connection of an open transaction.
pub enum Ex<'e> {
    Pool(&'e Pool),
    Sqlite(&'e mut SqliteConnection),
    Postgres(&'e mut PgConnection),
}

impl<'e> From<&'e Pool> for Ex<'e> {
    fn from(pool: &'e Pool) -> Self {
        Ex::Pool(pool)
    }
}

impl<'e> From<&'e mut Tx> for Ex<'e> {
    fn from(tx: &'e mut Tx) -> Self {
        match tx {
            Tx::Sqlite(tx) => Ex::Sqlite(&mut *tx),
            Tx::Postgres(tx) => Ex::Postgres(&mut *tx),
        }
    }
}

impl<'e, 'x> From<&'e mut Ex<'x>> for Ex<'e> {
    fn from(ex: &'e mut Ex<'x>) -> Self {
        match ex {
            Ex::Pool(pool) => Ex::Pool(pool),
            Ex::Sqlite(conn) => Ex::Sqlite(conn),
            Ex::Postgres(conn) => Ex::Postgres(conn),
        }
    }
}

/// A query's text: one for both backends, or one for each.
#[derive(Clone, Copy)]
pub enum Sql<'q> {
    Both(&'q str),
    Dialects { sqlite: &'q str, postgres: &'q str },
}

impl<'q> Sql<'q> {
    /// A query whose text differs between the backends; the PostgreSQL text is sent as written.
    pub fn dialects(sqlite: &'q str, postgres: &'q str) -> Self {
        Sql::Dialects { sqlite, postgres }
    }

    fn sqlite(self) -> &'q str {
        match self {
            Sql::Both(sql) | Sql::Dialects { sqlite: sql, .. } => sql,
        }
    }

    fn postgres(self) -> std::borrow::Cow<'q, str> {
        match self {
            Sql::Both(sql) => std::borrow::Cow::Owned(postgres_text(sql)),
            Sql::Dialects { postgres, .. } => std::borrow::Cow::Borrowed(postgres),
        }
    }
}

impl<'q> From<&'q str> for Sql<'q> {
    fn from(sql: &'q str) -> Self {
        Sql::Both(sql)
    }
}

impl<'q> From<&'q String> for Sql<'q> {
    fn from(sql: &'q String) -> Self {
        Sql::Both(sql)
    }
}

/// A value both backends can bind.
pub trait Param<'q>: Send {
    fn add_sqlite(self: Box<Self>, args: &mut SqliteArguments<'q>) -> Result<(), BoxDynError>;
    fn add_postgres(self: Box<Self>, args: &mut PgArguments) -> Result<(), BoxDynError>;
}

impl<'q, T> Param<'q> for T
where
    T: 'q + Send + Encode<'q, Sqlite> + Type<Sqlite> + Encode<'q, Postgres> + Type<Postgres>,
{
    fn add_sqlite(self: Box<Self>, args: &mut SqliteArguments<'q>) -> Result<(), BoxDynError> {
        args.add(*self)
    }

    fn add_postgres(self: Box<Self>, args: &mut PgArguments) -> Result<(), BoxDynError> {
        args.add(*self)
    }
}

/// A value both backends decode.
pub trait Column:
    for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>
{
}

impl<T> Column for T where
    T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>
{
}

/// A row type both backends decode (a `#[derive(sqlx::FromRow)]` struct or a tuple).
pub trait Record: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> {}

impl<T> Record for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> {}

/// What a statement did.
#[derive(Debug)]
pub struct Done {
    rows: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows
    }
}

/// A fetched row of either backend, read by column name or position.
pub enum Row {
    Sqlite(SqliteRow),
    Postgres(PgRow),
}

impl Row {
    pub fn try_get<T, I>(&self, index: I) -> sqlx::Result<T>
    where
        T: Column,
        I: sqlx::ColumnIndex<SqliteRow> + ColumnIndex<PgRow>,
    {
        use sqlx::Row as _;
        match self {
            Row::Sqlite(row) => row.try_get(index),
            Row::Postgres(row) => row.try_get(index),
        }
    }
}

type Params<'q> = Vec<Box<dyn Param<'q> + 'q>>;

fn sqlite_args<'q>(params: Params<'q>) -> sqlx::Result<SqliteArguments<'q>> {
    let mut args = SqliteArguments::default();
    for param in params {
        param.add_sqlite(&mut args).map_err(sqlx::Error::Encode)?;
    }
    Ok(args)
}

fn postgres_args(params: Params<'_>) -> sqlx::Result<PgArguments> {
    let mut args = PgArguments::default();
    for param in params {
        param.add_postgres(&mut args).map_err(sqlx::Error::Encode)?;
    }
    Ok(args)
}

/// A statement or a query whose rows are read as [`Row`]s.
#[must_use]
pub struct Query<'q> {
    sql: Sql<'q>,
    params: Params<'q>,
}

pub fn query<'q>(sql: impl Into<Sql<'q>>) -> Query<'q> {
    Query {
        sql: sql.into(),
        params: Vec::new(),
    }
}

impl<'q> Query<'q> {
    pub fn bind<T: Param<'q> + 'q>(mut self, value: T) -> Self {
        self.params.push(Box::new(value));
        self
    }

    pub async fn execute<'e>(self, ex: impl Into<Ex<'e>>) -> sqlx::Result<Done> {
        let rows = match ex.into() {
            Ex::Pool(Pool::Sqlite(pool)) => {
                let args = sqlite_args(self.params)?;
                sqlx::query_with(self.sql.sqlite(), args)
                    .execute(pool)
                    .await?
                    .rows_affected()
            }
            Ex::Sqlite(conn) => {
                let args = sqlite_args(self.params)?;
                sqlx::query_with(self.sql.sqlite(), args)
                    .execute(conn)
                    .await?
                    .rows_affected()
            }
            Ex::Pool(Pool::Postgres(pool)) => {
                let sql = self.sql.postgres();
                let args = postgres_args(self.params)?;
                sqlx::query_with(&sql, args)
                    .execute(pool)
                    .await?
                    .rows_affected()
            }
            Ex::Postgres(conn) => {
                let sql = self.sql.postgres();
                let args = postgres_args(self.params)?;
                sqlx::query_with(&sql, args)
                    .execute(conn)
                    .await?
                    .rows_affected()
            }
        };
        Ok(Done { rows })
    }

    pub async fn fetch_all<'e>(self, ex: impl Into<Ex<'e>>) -> sqlx::Result<Vec<Row>> {
        Ok(match ex.into() {
            Ex::Pool(Pool::Sqlite(pool)) => {
                let args = sqlite_args(self.params)?;
                let rows = sqlx::query_with(self.sql.sqlite(), args)
                    .fetch_all(pool)
                    .await?;
                rows.into_iter().map(Row::Sqlite).collect()
            }
            Ex::Sqlite(conn) => {
                let args = sqlite_args(self.params)?;
                let rows = sqlx::query_with(self.sql.sqlite(), args)
                    .fetch_all(conn)
                    .await?;
                rows.into_iter().map(Row::Sqlite).collect()
            }
            Ex::Pool(Pool::Postgres(pool)) => {
                let sql = self.sql.postgres();
                let args = postgres_args(self.params)?;
                let rows = sqlx::query_with(&sql, args).fetch_all(pool).await?;
                rows.into_iter().map(Row::Postgres).collect()
            }
            Ex::Postgres(conn) => {
                let sql = self.sql.postgres();
                let args = postgres_args(self.params)?;
                let rows = sqlx::query_with(&sql, args).fetch_all(conn).await?;
                rows.into_iter().map(Row::Postgres).collect()
            }
        })
    }

    pub async fn fetch_optional<'e>(self, ex: impl Into<Ex<'e>>) -> sqlx::Result<Option<Row>> {
        Ok(match ex.into() {
            Ex::Pool(Pool::Sqlite(pool)) => {
                let args = sqlite_args(self.params)?;
                let row = sqlx::query_with(self.sql.sqlite(), args)
                    .fetch_optional(pool)
                    .await?;
                row.map(Row::Sqlite)
            }
            Ex::Sqlite(conn) => {
                let args = sqlite_args(self.params)?;
                let row = sqlx::query_with(self.sql.sqlite(), args)
                    .fetch_optional(conn)
                    .await?;
                row.map(Row::Sqlite)
            }
            Ex::Pool(Pool::Postgres(pool)) => {
                let sql = self.sql.postgres();
                let args = postgres_args(self.params)?;
                let row = sqlx::query_with(&sql, args).fetch_optional(pool).await?;
                row.map(Row::Postgres)
            }
            Ex::Postgres(conn) => {
                let sql = self.sql.postgres();
                let args = postgres_args(self.params)?;
                let row = sqlx::query_with(&sql, args).fetch_optional(conn).await?;
                row.map(Row::Postgres)
            }
        })
    }

    pub async fn fetch_one<'e>(self, ex: impl Into<Ex<'e>>) -> sqlx::Result<Row> {
        self.fetch_optional(ex)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }
}

/// A query whose rows decode as `T` (a `FromRow` struct or a tuple).
#[must_use]
pub struct QueryAs<'q, T> {
    query: Query<'q>,
    row: PhantomData<fn() -> T>,
}

pub fn query_as<'q, T: Record>(sql: impl Into<Sql<'q>>) -> QueryAs<'q, T> {
    QueryAs {
        query: query(sql),
        row: PhantomData,
    }
}

impl<'q, T> QueryAs<'q, T>
where
    T: Record + Send + Unpin,
{
    pub fn bind<V: Param<'q> + 'q>(mut self, value: V) -> Self {
        self.query = self.query.bind(value);
        self
    }

    pub async fn fetch_all<'e>(self, ex: impl Into<Ex<'e>>) -> sqlx::Result<Vec<T>> {
        let Query { sql, params } = self.query;
        match ex.into() {
            Ex::Pool(Pool::Sqlite(pool)) => {
                sqlx::query_as_with(sql.sqlite(), sqlite_args(params)?)
                    .fetch_all(pool)
                    .await
            }
            Ex::Sqlite(conn) => {
                sqlx::query_as_with(sql.sqlite(), sqlite_args(params)?)
                    .fetch_all(conn)
                    .await
            }
            Ex::Pool(Pool::Postgres(pool)) => {
                let sql = sql.postgres();
                sqlx::query_as_with(&sql, postgres_args(params)?)
                    .fetch_all(pool)
                    .await
            }
            Ex::Postgres(conn) => {
                let sql = sql.postgres();
                sqlx::query_as_with(&sql, postgres_args(params)?)
                    .fetch_all(conn)
                    .await
            }
        }
    }

    pub async fn fetch_optional<'e>(self, ex: impl Into<Ex<'e>>) -> sqlx::Result<Option<T>> {
        let Query { sql, params } = self.query;
        match ex.into() {
            Ex::Pool(Pool::Sqlite(pool)) => {
                sqlx::query_as_with(sql.sqlite(), sqlite_args(params)?)
                    .fetch_optional(pool)
                    .await
            }
            Ex::Sqlite(conn) => {
                sqlx::query_as_with(sql.sqlite(), sqlite_args(params)?)
                    .fetch_optional(conn)
                    .await
            }
            Ex::Pool(Pool::Postgres(pool)) => {
                let sql = sql.postgres();
                sqlx::query_as_with(&sql, postgres_args(params)?)
                    .fetch_optional(pool)
                    .await
            }
            Ex::Postgres(conn) => {
                let sql = sql.postgres();
                sqlx::query_as_with(&sql, postgres_args(params)?)
                    .fetch_optional(conn)
                    .await
            }
        }
    }

    pub async fn fetch_one<'e>(self, ex: impl Into<Ex<'e>>) -> sqlx::Result<T> {
        self.fetch_optional(ex)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }
}

/// A query whose rows are one column decoded as `T`.
#[must_use]
pub struct QueryScalar<'q, T> {
    inner: QueryAs<'q, (T,)>,
}

pub fn query_scalar<'q, T>(sql: impl Into<Sql<'q>>) -> QueryScalar<'q, T>
where
    T: Column + Send + Unpin,
{
    QueryScalar {
        inner: QueryAs {
            query: query(sql),
            row: PhantomData,
        },
    }
}

impl<'q, T> QueryScalar<'q, T>
where
    T: Column + Send + Unpin,
{
    pub fn bind<V: Param<'q> + 'q>(mut self, value: V) -> Self {
        self.inner = self.inner.bind(value);
        self
    }

    pub async fn fetch_all<'e>(self, ex: impl Into<Ex<'e>>) -> sqlx::Result<Vec<T>> {
        Ok(self
            .inner
            .fetch_all(ex)
            .await?
            .into_iter()
            .map(|(value,)| value)
            .collect())
    }

    pub async fn fetch_optional<'e>(self, ex: impl Into<Ex<'e>>) -> sqlx::Result<Option<T>> {
        Ok(self.inner.fetch_optional(ex).await?.map(|(value,)| value))
    }

    pub async fn fetch_one<'e>(self, ex: impl Into<Ex<'e>>) -> sqlx::Result<T> {
        Ok(self.inner.fetch_one(ex).await?.0)
    }
}

/// `rows` rows of `columns` bare `?` parameters, for a bulk insert's `VALUES` list: `values(2, 2)` is
/// `(?, ?), (?, ?)`. Bare, because sqlx looks each numbered SQLite parameter's name up, and SQLite
/// finds a name by a walk of the whole list: thousands of `?NNN` in one statement cost quadratic
/// time (a 50,000-user sync took minutes instead of seconds).
pub fn values(rows: usize, columns: usize) -> String {
    let row = format!("({})", vec!["?"; columns].join(", "));
    vec![row; rows].join(", ")
}

/// `rows` rows of `columns` parameters each, numbered on from `?first`, for a short `VALUES` list
/// among numbered parameters: `numbered_values(3, 2, 2)` is `(?3, ?4), (?5, ?6)`.
pub fn numbered_values(first: usize, rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let params: Vec<String> = (0..columns)
                .map(|column| format!("?{}", first + row * columns + column))
                .collect();
            format!("({})", params.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// SQLite's text as PostgreSQL takes it: `?N` and bare `?` as `$N` (a bare `?` numbers one past the
/// largest so far, as SQLite does), `LIKE` as `ILIKE`; quoted text and identifiers are left alone.
pub fn postgres_text(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.char_indices().peekable();
    let mut largest = 0usize;
    while let Some((at, c)) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for (_, inner) in chars.by_ref() {
                    out.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(&(_, d)) = chars.peek() {
                    if !d.is_ascii_digit() {
                        break;
                    }
                    digits.push(d);
                    chars.next();
                }
                let n = match digits.parse::<usize>() {
                    Ok(n) => n,
                    Err(_) => largest + 1,
                };
                largest = largest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
            }
            'L' | 'l' if is_word_at(sql, at, "LIKE") => {
                out.push_str("ILIKE");
                for _ in 0..3 {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether `word` (any case) starts at byte `at` of `sql` as a whole word.
fn is_word_at(sql: &str, at: usize, word: &str) -> bool {
    let end = at + word.len();
    let Some(candidate) = sql.get(at..end) else {
        return false;
    };
    let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    candidate.eq_ignore_ascii_case(word)
        && boundary(sql[..at].chars().next_back())
        && boundary(sql[end..].chars().next())
}

#[cfg(test)]
mod tests {
    use super::postgres_text;

    #[test]
    fn values_number_their_parameters_row_by_row() {
        assert_eq!(super::numbered_values(3, 2, 2), "(?3, ?4), (?5, ?6)");
        assert_eq!(super::numbered_values(1, 0, 4), "");
        assert_eq!(super::values(2, 2), "(?, ?), (?, ?)");
    }

    #[test]
    fn placeholders_become_numbered_and_like_ignores_case() {
        assert_eq!(
            postgres_text("SELECT a FROM t WHERE b = ? AND c LIKE ? AND d = ?"),
            "SELECT a FROM t WHERE b = $1 AND c ILIKE $2 AND d = $3"
        );
        assert_eq!(
            postgres_text("VALUES (?1, ?2, ?1, ?)"),
            "VALUES ($1, $2, $1, $3)"
        );
        assert_eq!(
            postgres_text("SELECT '?' || \"LIKE\", liked, unlike FROM t WHERE x = ?"),
            "SELECT '?' || \"LIKE\", liked, unlike FROM t WHERE x = $1"
        );
    }
}
