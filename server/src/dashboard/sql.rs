//! What the dashboard's queries share to run on either backend: lists of user ids bound as one
//! JSON array (small tables are bound as `VALUES` rows with `db::numbered_values`).

use crate::db::{postgres_text, Sql};

/// Which backend's JSON functions a query reads its id lists with. A list is one JSON array
/// parameter because a manager's team can hold more ids than either backend takes parameters.
#[derive(Clone, Copy)]
pub enum IdList {
    Sqlite,
    Postgres,
}

impl IdList {
    /// The ids of the JSON array parameter `param` (e.g. `?5`), as a subquery for `IN (...)`.
    pub fn ids(self, param: &str) -> String {
        match self {
            IdList::Sqlite => format!("SELECT value FROM json_each({param})"),
            IdList::Postgres => format!("SELECT jsonb_array_elements_text({param}::jsonb)"),
        }
    }

    /// The JSON array parameter `param` as the table `alias`: each id as `value`, and `key`,
    /// which follows the array's order.
    pub fn table(self, param: &str, alias: &str) -> String {
        match self {
            IdList::Sqlite => format!("json_each({param}) {alias}"),
            IdList::Postgres => format!(
                "jsonb_array_elements_text({param}::jsonb) WITH ORDINALITY {alias}(value, key)"
            ),
        }
    }
}

/// A query's text for each backend, written once in SQLite's dialect (`?N` placeholders) by a
/// function told how to read id lists.
pub struct Texts {
    /// SQLite's text, which also names the query (e.g. as a cache key) on either backend.
    pub sqlite: String,
    postgres: String,
}

impl Texts {
    pub fn new(write: impl Fn(IdList) -> String) -> Self {
        Texts {
            sqlite: write(IdList::Sqlite),
            postgres: postgres_text(&write(IdList::Postgres)),
        }
    }

    pub fn sql(&self) -> Sql<'_> {
        Sql::dialects(&self.sqlite, &self.postgres)
    }
}
