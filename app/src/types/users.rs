//! The Users page's types: its query from the URL, its rows and the manager filter.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{SeatType, Signal, Status};

/// The longest search or manager text the Users page takes, in characters.
pub const MAX_TEXT: usize = 200;

/// The last page number the Users page takes: 50 million users at 50 a page.
pub const MAX_PAGE: u32 = 1_000_000;

/// The columns the Users table sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum UserSort {
    Name,
    Email,
    Title,
    Manager,
    Status,
    #[default]
    LastActive,
    Calls30,
    Calls90,
    Calls365,
    SeatTypes,
}

impl UserSort {
    pub const ALL: [UserSort; 10] = [
        UserSort::Name,
        UserSort::Email,
        UserSort::Title,
        UserSort::Manager,
        UserSort::Status,
        UserSort::LastActive,
        UserSort::Calls30,
        UserSort::Calls90,
        UserSort::Calls365,
        UserSort::SeatTypes,
    ];

    /// The name used in the page's URL.
    pub fn key(self) -> &'static str {
        match self {
            UserSort::Name => "name",
            UserSort::Email => "email",
            UserSort::Title => "title",
            UserSort::Manager => "manager",
            UserSort::Status => "status",
            UserSort::LastActive => "last_active",
            UserSort::Calls30 => "calls_30d",
            UserSort::Calls90 => "calls_90d",
            UserSort::Calls365 => "calls_365d",
            UserSort::SeatTypes => "seat_types",
        }
    }

    pub fn from_key(key: &str) -> Option<UserSort> {
        UserSort::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// What the Users page asks for; every field comes from the URL, so a view can be shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct UsersQuery {
    pub sort: UserSort,
    pub descending: bool,
    pub status: Option<String>,
    /// A seat type's key (`gong`, `forecast`, `engage`), or `none` for free collaborators.
    pub seat_type: Option<String>,
    /// A manager, by name, email or user id: only the people below them, at any depth.
    pub manager: Option<String>,
    pub search: Option<String>,
    pub page: u32,
}

/// The Users query as it crosses to the server: every field as text, so that a bad value is
/// refused with a sentence naming the field (`UsersQuery::from_params`) rather than failing to
/// decode. The field names are `UsersQuery`'s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct UsersParams {
    pub sort: Option<String>,
    pub descending: Option<String>,
    pub status: Option<String>,
    pub seat_type: Option<String>,
    pub manager: Option<String>,
    pub search: Option<String>,
    pub page: Option<String>,
}

impl From<&UsersQuery> for UsersParams {
    fn from(query: &UsersQuery) -> UsersParams {
        UsersParams {
            sort: Some(query.sort.key().to_owned()),
            descending: Some(query.descending.to_string()),
            status: query.status.clone(),
            seat_type: query.seat_type.clone(),
            manager: query.manager.clone(),
            search: query.search.clone(),
            page: Some(query.page.to_string()),
        }
    }
}

impl UsersParams {
    /// The Users page's URL names (`q` for the search, `dir=desc`, `seat`), read by name; the
    /// export links carry the same names (docs/product.md, "Pages"). Unknown names are ignored.
    pub fn from_url<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> UsersParams {
        let mut params = UsersParams::default();
        for (name, value) in pairs {
            let field = match name {
                "sort" => &mut params.sort,
                "dir" => &mut params.descending,
                "status" => &mut params.status,
                "seat" => &mut params.seat_type,
                "manager" => &mut params.manager,
                "q" => &mut params.search,
                "page" => &mut params.page,
                _ => continue,
            };
            *field = Some(value.to_owned());
        }
        params
    }
}

impl UsersQuery {
    /// Reads and checks what a page or a script sent; an empty field is no filter. A refusal is a
    /// sentence that starts with the field's name. Search text is trimmed and its ASCII letters
    /// lowered (SQLite's `LIKE` ignores their case), so one search is one text.
    pub fn from_params(params: &UsersParams) -> Result<UsersQuery, String> {
        fn given(value: &Option<String>) -> Option<&str> {
            value.as_deref().map(str::trim).filter(|v| !v.is_empty())
        }
        fn short(name: &str, value: &Option<String>) -> Result<Option<String>, String> {
            match given(value) {
                Some(text) if text.chars().count() > MAX_TEXT => Err(format!(
                    "{name}: at most {MAX_TEXT} characters, not {}.",
                    text.chars().count()
                )),
                text => Ok(text.map(str::to_owned)),
            }
        }
        let sort = match given(&params.sort) {
            None => UserSort::default(),
            Some(key) => UserSort::ALL
                .into_iter()
                .find(|s| s.key() == key || format!("{s:?}") == key)
                .ok_or_else(|| {
                    let keys: Vec<&str> = UserSort::ALL.iter().map(|s| s.key()).collect();
                    format!("Sort: “{key}” is not one of {}.", keys.join(", "))
                })?,
        };
        let descending = match given(&params.descending) {
            None | Some("false") | Some("asc") => false,
            Some("true") | Some("desc") => true,
            Some(other) => return Err(format!("Descending: “{other}” is not true or false.")),
        };
        let status = given(&params.status)
            .map(|key| {
                Status::parse(key)
                    .map(|status| status.as_str().to_owned())
                    .ok_or_else(|| {
                        format!("Status: “{key}” is not a status such as active or inactive.")
                    })
            })
            .transpose()?;
        let seat_type = given(&params.seat_type)
            .map(|key| match key {
                "none" => Ok("none".to_owned()),
                key => SeatType::from_key(key)
                    .map(|t| t.key().to_owned())
                    .ok_or_else(|| {
                        format!("Seat type: “{key}” is not gong, forecast, engage or none.")
                    }),
            })
            .transpose()?;
        let page = match given(&params.page) {
            None => 1,
            Some(text) => match text.parse::<i128>() {
                Ok(n) if (1..=i128::from(MAX_PAGE)).contains(&n) => n as u32,
                Ok(n) if n < 1 => {
                    return Err(format!("Page: “{text}” is not a page; pages start at 1."))
                }
                Ok(_) => {
                    return Err(format!(
                        "Page: “{text}” is past the last page there can be ({MAX_PAGE})."
                    ))
                }
                Err(_) => return Err(format!("Page: “{text}” is not a whole number.")),
            },
        };
        Ok(UsersQuery {
            sort,
            descending,
            status,
            seat_type,
            manager: short("Manager", &params.manager)?,
            search: short("Search", &params.search)?.map(|s| s.to_ascii_lowercase()),
            page,
        })
    }
}

impl UsersQuery {
    /// The query as the Users page's URL names it, in a fixed order, without the default sort
    /// direction or empty filters; the page number only when `with_page` and past the first, so
    /// an export link names the whole view (`UsersParams::from_url` reads these back).
    pub fn url_pairs(&self, with_page: bool) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("sort", self.sort.key().to_owned())];
        if self.descending {
            pairs.push(("dir", "desc".to_owned()));
        }
        let filters = [
            ("status", &self.status),
            ("seat", &self.seat_type),
            ("manager", &self.manager),
            ("q", &self.search),
        ];
        for (name, value) in filters {
            if let Some(value) = value {
                pairs.push((name, value.clone()));
            }
        }
        if with_page && self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }
}

/// One row of the Users table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub title: Option<String>,
    pub manager: Option<String>,
    pub status: Status,
    pub last_active: Option<String>,
    pub last_active_signal: Option<Signal>,
    pub calls_30d: Option<i64>,
    pub calls_90d: Option<i64>,
    pub calls_365d: Option<i64>,
    pub reason: Option<String>,
    /// The seat types held: none for a free collaborator, and for a deactivated user (no seat).
    pub seat_types: Vec<SeatType>,
}

/// A user with direct reports in the latest report, as the Users page's manager filter names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagerOption {
    pub id: String,
    pub name: String,
    pub email: String,
    /// Tells apart managers who share a name.
    pub title: Option<String>,
}

/// What the Users page's manager filter found for the name, email or id it was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ManagerMatch {
    Found(ManagerOption),
    /// Nobody with direct reports has that name, email or id.
    NotFound,
    /// Several managers share that name: the page offers each.
    Several(Vec<ManagerOption>),
}

/// A page of the Users table and where it sits in the whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersPage {
    pub as_of: Option<DateTime<Utc>>,
    /// How the manager filter was read, when one was given.
    pub manager: Option<ManagerMatch>,
    pub rows: Vec<UserRow>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(set: impl FnOnce(&mut UsersParams)) -> Result<UsersQuery, String> {
        let mut params = UsersParams::default();
        set(&mut params);
        UsersQuery::from_params(&params)
    }

    #[test]
    fn a_query_sent_by_the_page_reads_back_as_itself() {
        let query = UsersQuery {
            sort: UserSort::Calls90,
            descending: true,
            status: Some("never_active".into()),
            seat_type: Some("none".into()),
            manager: Some("Mara Manager".into()),
            search: Some("ann".into()),
            page: 3,
        };
        assert_eq!(UsersQuery::from_params(&(&query).into()), Ok(query));
        assert_eq!(
            params(|_| {}),
            Ok(UsersQuery {
                page: 1,
                ..UsersQuery::default()
            })
        );
    }

    #[test]
    fn a_query_written_with_the_pages_url_names_reads_back_as_itself() {
        let query = UsersQuery {
            sort: UserSort::Name,
            descending: true,
            status: Some("inactive".into()),
            seat_type: Some("forecast".into()),
            manager: Some("Mara Manager".into()),
            search: Some("ann".into()),
            page: 4,
        };
        let read = |with_page: bool| {
            let pairs = query.url_pairs(with_page);
            UsersQuery::from_params(&UsersParams::from_url(
                pairs.iter().map(|(name, value)| (*name, value.as_str())),
            ))
        };
        assert_eq!(read(true), Ok(query.clone()));
        assert_eq!(read(false), Ok(UsersQuery { page: 1, ..query }));
        let url = UsersParams::from_url([("dir", "desc"), ("seat", "none"), ("other", "x")]);
        assert_eq!(url.descending.as_deref(), Some("desc"));
        assert_eq!(url.seat_type.as_deref(), Some("none"));
        assert_eq!(url.search, None);
    }

    #[test]
    fn a_bad_field_is_refused_with_a_sentence_naming_it() {
        let refused = |set: fn(&mut UsersParams), field: &str| {
            let refusal = params(set).expect_err(field);
            assert!(refusal.starts_with(&format!("{field}: ")), "{refusal}");
        };
        refused(|p| p.page = Some("-1".into()), "Page");
        refused(|p| p.page = Some("0".into()), "Page");
        refused(|p| p.page = Some("1000000000000".into()), "Page");
        refused(
            |p| p.page = Some("99999999999999999999999999999999999999999".into()),
            "Page",
        );
        refused(|p| p.page = Some("two".into()), "Page");
        refused(|p| p.sort = Some("salary".into()), "Sort");
        refused(|p| p.descending = Some("sideways".into()), "Descending");
        refused(|p| p.status = Some("retired".into()), "Status");
        refused(|p| p.seat_type = Some("chorus".into()), "Seat type");
        refused(|p| p.search = Some("x".repeat(MAX_TEXT + 1)), "Search");
        refused(|p| p.manager = Some("x".repeat(MAX_TEXT + 1)), "Manager");
    }

    #[test]
    fn search_text_is_trimmed_and_its_ascii_case_folded() {
        let query = params(|p| p.search = Some("  ANN Żak ".into())).unwrap();
        assert_eq!(query.search.as_deref(), Some("ann Żak"));
        assert_eq!(
            params(|p| p.page = Some(MAX_PAGE.to_string()))
                .unwrap()
                .page,
            MAX_PAGE
        );
    }
}
