//! Who may see what (docs/product.md, "Who sees what"), in one place: every page (the gate), server
//! function, export and workflow form asks `require`, and every reader of people asks `scope`.

use std::collections::HashSet;

use app::types::{Area, Role};

use crate::{auth::SignedIn, dashboard::scope, db::Pool};

/// Why a request may not go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Nobody is signed in.
    SignedOut,
    /// The account's role does not open the area.
    Role(Role),
}

/// The signed-in account, if its role opens `area`.
pub fn require(account: Option<&SignedIn>, area: Area) -> Result<SignedIn, Refusal> {
    match account {
        None => Err(Refusal::SignedOut),
        Some(account) if account.role.may(area) => Ok(account.clone()),
        Some(account) => Err(Refusal::Role(account.role)),
    }
}

/// The Gong users an account may see: a manager, their subtree in the latest report; `None` for
/// the roles that see everyone.
pub async fn scope(
    pool: &Pool,
    account: &SignedIn,
) -> Result<Option<HashSet<String>>, sqlx::Error> {
    match account.role {
        Role::Manager => scope::subtree_of_email(pool, &account.email)
            .await
            .map(Some),
        _ => Ok(None),
    }
}

/// `scope` with, for a manager, their own Gong user: whom the Users page's manager filter (and
/// its export) may name. `None` for the roles that see everyone.
pub async fn team(pool: &Pool, account: &SignedIn) -> Result<Option<scope::Team>, sqlx::Error> {
    let Some(below) = scope(pool, account).await? else {
        return Ok(None);
    };
    let me = scope::user_id_of_email(pool, &account.email).await?;
    Ok(Some(scope::Team { below, me }))
}
