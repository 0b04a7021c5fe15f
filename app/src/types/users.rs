//! The Users page's types: its query from the URL, its rows and the manager filter.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{SeatType, Signal, Status};

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
