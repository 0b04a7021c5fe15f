//! Roles and what each may open: docs/product.md's "Who sees what", in one place for the server's checks
//! and the navigation.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Finance,
    Manager,
    Auditor,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Finance, Role::Manager, Role::Auditor];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Finance => "finance",
            Role::Manager => "manager",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(text.trim()))
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::Finance => "Finance",
            Role::Manager => "Manager",
            Role::Auditor => "Auditor",
        }
    }

    /// Whether this role may open `area` at all; a manager then sees only their own subtree.
    pub fn may(self, area: Area) -> bool {
        use Area::*;
        match self {
            Role::Admin => true,
            Role::Finance => matches!(area, Figures | People | SyncView),
            Role::Manager => matches!(area, Figures | People | Approvals),
            Role::Auditor => matches!(area, Audit),
        }
    }

    /// Where signing in leads when no page was asked for.
    pub fn home(self) -> &'static str {
        match self {
            Role::Admin | Role::Finance => "/",
            Role::Manager => "/users",
            Role::Auditor => "/audit",
        }
    }
}

/// The parts of the product a role is allowed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Overview, Finance and the exports of seat figures (a manager: their team's figures only).
    Figures,
    /// Users, User, Candidates and the users export (a manager: their subtree only).
    People,
    /// The approval queue.
    Approvals,
    /// The Sync page: its runs and progress.
    SyncView,
    /// Starting a sync, proposing, executing and undoing.
    Operate,
    /// Settings, accounts and roles.
    Settings,
    /// The audit log and its export.
    Audit,
}

impl Area {
    /// The area of a page path; `None` for paths every signed-in account may open.
    pub fn of_page(path: &str) -> Option<Area> {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        Some(match first {
            "" | "finance" => Area::Figures,
            "users" | "candidates" => Area::People,
            "approvals" => Area::Approvals,
            "sync" => Area::SyncView,
            "settings" => Area::Settings,
            "audit" => Area::Audit,
            _ => return None,
        })
    }
}

/// The signed-in account, as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub email: String,
    pub role: Role,
}

/// A local account as Settings lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    pub last_sign_in: Option<String>,
    /// Signs in through single sign-on only: no password is accepted.
    #[serde(default)]
    pub sso_only: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_opens_exactly_the_pages_the_product_table_gives_it() {
        let pages = [
            "/",
            "/users",
            "/users/42",
            "/candidates",
            "/approvals",
            "/finance",
            "/audit",
            "/sync",
            "/settings",
        ];
        let opens = |role: Role| -> Vec<&str> {
            pages
                .into_iter()
                .filter(|p| Area::of_page(p).is_none_or(|a| role.may(a)))
                .collect()
        };
        assert_eq!(opens(Role::Admin), pages);
        assert_eq!(
            opens(Role::Finance),
            [
                "/",
                "/users",
                "/users/42",
                "/candidates",
                "/finance",
                "/sync"
            ]
        );
        assert_eq!(
            opens(Role::Manager),
            [
                "/",
                "/users",
                "/users/42",
                "/candidates",
                "/approvals",
                "/finance"
            ]
        );
        assert_eq!(opens(Role::Auditor), ["/audit"]);
        for role in Role::ALL {
            assert!(Area::of_page(role.home()).is_none_or(|a| role.may(a)));
            assert_eq!(Role::parse(&role.as_str().to_uppercase()), Some(role));
        }
        assert_eq!(Role::parse("owner"), None);
    }
}
