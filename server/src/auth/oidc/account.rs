//! The account an OpenID Connect sign-in lands on: created from the verified email the first time
//! (SSO only), its role set from the identity provider's groups every time.

use app::types::Role;
use chrono::Utc;
use serde_json::json;

use crate::{
    audit::{self, Entry},
    auth::{
        accounts::{self, Account, AccountError},
        password,
    },
    db::Pool,
};

/// The audit log's actor for what the identity provider decided (a role from its groups).
pub const ACTOR: &str = "single sign-on";

/// What became of a sign-in with a mapped role.
#[derive(Debug)]
pub enum Admission {
    Admitted(Account),
    /// The account exists and an admin disabled it.
    Disabled,
}

/// The account for `email` with `role`: created (SSO only) if absent, its role changed if the
/// groups now give another. Both are on the audit log, in the same transaction as the change.
pub async fn admit(
    pool: &Pool,
    email: &str,
    role: Role,
    provider: &str,
) -> Result<Admission, AccountError> {
    let email = &accounts::checked_email(email)?;
    let reason = format!("groups at {provider}");
    let Some(account) = accounts::by_email(pool, email).await? else {
        // Nobody knows this password: the account signs in through the identity provider only.
        let hash = password::hash(password::generate()).await;
        let mut tx = pool.begin().await?;
        crate::db::query(
            "INSERT INTO accounts (email, role, password_hash, created_at, sso_only)
             VALUES (?, ?, ?, ?, TRUE)",
        )
        .bind(email)
        .bind(role.as_str())
        .bind(hash)
        .bind(Utc::now())
        .execute(&mut tx)
        .await?;
        audit::record(
            &mut tx,
            Entry {
                actor: ACTOR,
                action: "account_added",
                subject: Some(email),
                after: Some(json!({ "role": role.as_str(), "sso_only": true })),
                reason: Some(&format!("first sign-in through {provider}")),
                ..Entry::default()
            },
        )
        .await?;
        tx.commit().await?;
        let created = accounts::by_email(pool, email).await?;
        return Ok(created.map_or(Admission::Disabled, Admission::Admitted));
    };
    if account.disabled {
        return Ok(Admission::Disabled);
    }
    if account.role == role {
        return Ok(Admission::Admitted(account));
    }
    // Under the write lock: two admins demoted at once cannot each count the other.
    let mut tx = crate::db::write_transaction(pool).await?;
    let others: i64 = crate::db::query_scalar(
        "SELECT COUNT(*) FROM accounts WHERE role = 'admin' AND NOT disabled AND id <> ?",
    )
    .bind(account.id)
    .fetch_one(&mut tx)
    .await?;
    if account.role == Role::Admin && others == 0 {
        // There is always an enabled admin (docs/product.md "Who sees what"): the groups would
        // leave nobody to manage seat-audit, so the role stays and the log says why.
        audit::record(
            &mut tx,
            Entry {
                actor: ACTOR,
                action: "role_kept",
                subject: Some(&account.email),
                before: Some(json!({ "role": account.role.as_str() })),
                after: Some(json!({ "role": account.role.as_str() })),
                reason: Some(&format!(
                    "{reason} give {}, but {} is the last enabled admin: make another account \
                     admin first",
                    role.as_str(),
                    account.email
                )),
            },
        )
        .await?;
        tx.commit().await?;
        return Ok(Admission::Admitted(account));
    }
    crate::db::query("UPDATE accounts SET role = ? WHERE id = ?")
        .bind(role.as_str())
        .bind(account.id)
        .execute(&mut tx)
        .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: ACTOR,
            action: "role_changed",
            subject: Some(&account.email),
            before: Some(json!({ "role": account.role.as_str() })),
            after: Some(json!({ "role": role.as_str() })),
            reason: Some(&reason),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Admission::Admitted(Account { role, ..account }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing;

    #[tokio::test]
    async fn the_first_sign_in_creates_an_sso_only_account_and_later_ones_follow_the_groups() {
        let (pool, _dir) = testing::pool().await;
        // Another admin, so ana is not the last one.
        accounts::add(
            &pool,
            "it@example.com",
            Role::Admin,
            "long enough pass",
            "root",
        )
        .await
        .unwrap();
        let Admission::Admitted(first) = admit(&pool, "ana@example.com", Role::Admin, "Okta")
            .await
            .unwrap()
        else {
            panic!("admitted");
        };
        assert!(first.sso_only);
        assert_eq!(first.role, Role::Admin);
        assert!(!password::verify(String::new(), Some(first.password_hash)).await);

        let Admission::Admitted(second) = admit(&pool, "ana@example.com", Role::Finance, "Okta")
            .await
            .unwrap()
        else {
            panic!("admitted");
        };
        assert_eq!((second.id, second.role), (first.id, Role::Finance));

        let logged: Vec<(String, String, Option<String>)> = crate::db::query_as(
            "SELECT actor, action, after FROM audit_log WHERE actor = ? ORDER BY id",
        )
        .bind(ACTOR)
        .fetch_all(&pool)
        .await
        .unwrap();
        assert_eq!(
            logged,
            [
                (
                    ACTOR.to_owned(),
                    "account_added".to_owned(),
                    Some(r#"{"role":"admin","sso_only":true}"#.to_owned())
                ),
                (
                    ACTOR.to_owned(),
                    "role_changed".to_owned(),
                    Some(r#"{"role":"finance"}"#.to_owned())
                ),
            ]
        );
    }

    #[tokio::test]
    async fn the_last_enabled_admin_keeps_the_role_when_the_groups_would_remove_it() {
        let (pool, _dir) = testing::pool().await;
        admit(&pool, "ana@example.com", Role::Admin, "Okta")
            .await
            .unwrap();
        let Admission::Admitted(kept) = admit(&pool, "ana@example.com", Role::Auditor, "Okta")
            .await
            .unwrap()
        else {
            panic!("admitted");
        };
        assert_eq!(kept.role, Role::Admin);
        let (action, reason): (String, String) =
            crate::db::query_as("SELECT action, reason FROM audit_log ORDER BY id DESC LIMIT 1")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(action, "role_kept");
        assert_eq!(
            reason,
            "groups at Okta give auditor, but ana@example.com is the last enabled admin: \
             make another account admin first"
        );

        // With another enabled admin, the groups win again.
        admit(&pool, "bo@example.com", Role::Admin, "Okta")
            .await
            .unwrap();
        let Admission::Admitted(demoted) = admit(&pool, "ana@example.com", Role::Auditor, "Okta")
            .await
            .unwrap()
        else {
            panic!("admitted");
        };
        assert_eq!(demoted.role, Role::Auditor);
    }

    #[tokio::test]
    async fn a_disabled_account_is_not_admitted_whatever_its_groups() {
        let (pool, _dir) = testing::pool().await;
        let id = accounts::add(
            &pool,
            "bo@example.com",
            Role::Finance,
            "long enough pass",
            "root",
        )
        .await
        .unwrap();
        accounts::add(
            &pool,
            "it@example.com",
            Role::Admin,
            "long enough pass",
            "root",
        )
        .await
        .unwrap();
        accounts::update(&pool, id, Role::Finance, true, false, "it@example.com")
            .await
            .unwrap();
        let outcome = admit(&pool, "bo@example.com", Role::Admin, "Okta")
            .await
            .unwrap();
        assert!(matches!(outcome, Admission::Disabled));
        let role = accounts::by_id(&pool, id).await.unwrap().unwrap().role;
        assert_eq!(role, Role::Finance);
    }
}
