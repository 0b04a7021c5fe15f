//! Local accounts: an email, a role, an argon2id hash; created by `user add`, from the environment on
//! first start, by an admin in Settings, or (demo mode) one per role.

use app::types::{AccountInfo, Role};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::json;

use super::password;
use crate::{
    audit::{self, Entry},
    db::Pool,
};

#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub password_hash: String,
    pub disabled: bool,
    /// An admin reset the password: the person must choose a new one before anything else.
    pub must_change_password: bool,
    /// Signs in through OpenID Connect only: no password is accepted.
    pub sso_only: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// What the person must correct; nothing was saved.
    #[error("{0}")]
    Invalid(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

type Row = (i64, String, String, String, bool, bool, bool);

fn account(
    (id, email, role, password_hash, disabled, must_change_password, sso_only): Row,
) -> Option<Account> {
    Some(Account {
        id,
        email,
        role: Role::parse(&role)?,
        password_hash,
        disabled,
        must_change_password,
        sso_only,
    })
}

const COLUMNS: &str = "id, email, role, password_hash, disabled, must_change_password, sso_only";

pub async fn by_email(pool: &Pool, email: &str) -> Result<Option<Account>, sqlx::Error> {
    let row: Option<Row> =
        crate::db::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE email = ?"))
            .bind(email.trim())
            .fetch_optional(pool)
            .await?;
    Ok(row.and_then(account))
}

pub async fn by_id(
    db: impl Into<crate::db::Ex<'_>>,
    id: i64,
) -> Result<Option<Account>, sqlx::Error> {
    let row: Option<Row> =
        crate::db::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE id = ?"))
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(account))
}

/// An account as the Accounts list reads it: id, email, role, disabled, last sign-in, SSO only.
type ListedRow = (i64, String, String, bool, Option<DateTime<Utc>>, bool);

pub async fn list(pool: &Pool) -> Result<Vec<AccountInfo>, sqlx::Error> {
    let rows: Vec<ListedRow> = crate::db::query_as(
        "SELECT id, email, role, disabled, last_sign_in, sso_only FROM accounts ORDER BY email",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, email, role, disabled, last_sign_in, sso_only)| {
            Some(AccountInfo {
                id,
                email,
                role: Role::parse(&role)?,
                disabled,
                // As SQLite stores it (sqlx's text for a DateTime), whichever backend read it.
                last_sign_in: last_sign_in
                    .map(|at| at.to_rfc3339_opts(SecondsFormat::AutoSi, false)),
                sso_only,
            })
        })
        .collect())
}

/// An email as accounts take it: something@domain, no spaces.
pub(crate) fn checked_email(email: &str) -> Result<String, AccountError> {
    let email = email.trim();
    let plausible = email
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        && !email.chars().any(char::is_whitespace)
        && email.len() <= 254;
    if plausible {
        Ok(email.to_owned())
    } else {
        Err(AccountError::Invalid(format!(
            "Email: “{email}” is not an email address such as it-admin@example.com"
        )))
    }
}

/// Adds an account; `actor` is who did it, for the audit log.
pub async fn add(
    pool: &Pool,
    email: &str,
    role: Role,
    password: &str,
    actor: &str,
) -> Result<i64, AccountError> {
    let email = checked_email(email)?;
    checked_password("Password", password)?;
    if by_email(pool, &email).await?.is_some() {
        return Err(AccountError::Invalid(format!(
            "Email: an account for {email} already exists"
        )));
    }
    let hash = password::hash(password.to_owned()).await;
    let mut tx = pool.begin().await?;
    let id: i64 = crate::db::query_scalar(
        "INSERT INTO accounts (email, role, password_hash, created_at) VALUES (?, ?, ?, ?)
         RETURNING id",
    )
    .bind(&email)
    .bind(role.as_str())
    .bind(hash)
    .bind(Utc::now())
    .fetch_one(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor,
            action: "account_added",
            subject: Some(&email),
            after: Some(json!({ "role": role.as_str() })),
            ..Entry::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes an account's role and whether it may sign in. The last enabled admin cannot lose either,
/// so the product always has someone who can manage it; without single sign-on
/// (`sso_configured` false), neither can the last enabled admin with a password.
pub async fn update(
    pool: &Pool,
    id: i64,
    role: Role,
    disabled: bool,
    sso_configured: bool,
    actor: &str,
) -> Result<(), AccountError> {
    // "Before" is read under the write lock, so the audit entry holds what this change replaced
    // even when two admins change the same account at once.
    let mut tx = crate::db::write_transaction(pool).await?;
    let Some(before) = by_id(&mut tx, id).await? else {
        return Err(AccountError::Invalid(
            "That account no longer exists".into(),
        ));
    };
    if before.role == role && before.disabled == disabled {
        return Ok(());
    }
    crate::db::query("UPDATE accounts SET role = ?, disabled = ? WHERE id = ?")
        .bind(role.as_str())
        .bind(disabled)
        .bind(id)
        .execute(&mut tx)
        .await?;
    let admins: i64 = crate::db::query_scalar(
        "SELECT COUNT(*) FROM accounts WHERE role = 'admin' AND NOT disabled",
    )
    .fetch_one(&mut tx)
    .await?;
    if admins == 0 {
        return Err(AccountError::Invalid(format!(
            "{} is the last admin who can sign in: make another account admin first",
            before.email
        )));
    }
    let was_password_admin = before.role == Role::Admin && !before.disabled && !before.sso_only;
    if was_password_admin && !sso_configured && !password_admin_left(&mut tx).await? {
        return Err(last_password_admin(&before.email));
    }
    audit::record(
        &mut tx,
        Entry {
            actor,
            action: if before.role != role {
                "role_changed"
            } else if disabled {
                "account_disabled"
            } else {
                "account_enabled"
            },
            subject: Some(&before.email),
            before: Some(json!({ "role": before.role.as_str(), "disabled": before.disabled })),
            after: Some(json!({ "role": role.as_str(), "disabled": disabled })),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A new password as accounts take it: at least [`password::MIN_LENGTH`] characters, and at most
/// 1,024 (argon2 hashes whatever it is given, so a megabyte would be a megabyte of work).
pub fn checked_password(field: &str, password: &str) -> Result<(), AccountError> {
    let length = password.chars().count();
    if length < password::MIN_LENGTH {
        return Err(AccountError::Invalid(format!(
            "{field}: at least {} characters",
            password::MIN_LENGTH
        )));
    }
    if length > 1024 {
        return Err(AccountError::Invalid(format!(
            "{field}: at most 1,024 characters"
        )));
    }
    Ok(())
}

/// The person changes their own password: `current` must be theirs. Clears a forced change.
pub async fn change_password(
    pool: &Pool,
    id: i64,
    current: &str,
    new: &str,
) -> Result<(), AccountError> {
    checked_password("New password", new)?;
    let Some(account) = by_id(pool, id).await? else {
        return Err(AccountError::Invalid(
            "That account no longer exists".into(),
        ));
    };
    if !password::verify(current.to_owned(), Some(account.password_hash)).await {
        return Err(AccountError::Invalid(
            "Current password: that is not this account's password".into(),
        ));
    }
    if current == new {
        return Err(AccountError::Invalid(
            "New password: choose one different from the current password".into(),
        ));
    }
    set_password(
        pool,
        &account.email,
        id,
        new,
        false,
        &account.email,
        "password_changed",
    )
    .await
}

/// An admin sets a new password for someone; they must change it at their next sign-in.
pub async fn reset_password(
    pool: &Pool,
    id: i64,
    new: &str,
    actor: &str,
) -> Result<(), AccountError> {
    checked_password("New password", new)?;
    let Some(account) = by_id(pool, id).await? else {
        return Err(AccountError::Invalid(
            "That account no longer exists".into(),
        ));
    };
    set_password(pool, &account.email, id, new, true, actor, "password_reset").await
}

async fn set_password(
    pool: &Pool,
    email: &str,
    id: i64,
    new: &str,
    must_change: bool,
    actor: &str,
    action: &str,
) -> Result<(), AccountError> {
    let hash = password::hash(new.to_owned()).await;
    let mut tx = pool.begin().await?;
    crate::db::query(
        "UPDATE accounts SET password_hash = ?, must_change_password = ? WHERE id = ?",
    )
    .bind(hash)
    .bind(must_change)
    .bind(id)
    .execute(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor,
            action,
            subject: Some(email),
            after: Some(json!({ "must_change_password": must_change })),
            ..Entry::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Marks an account SSO only (no password is accepted), or gives it back to passwords; audited.
/// Without single sign-on (`sso_configured` false), the last enabled admin with a password keeps
/// it: otherwise nobody could sign in to manage the product.
pub async fn set_sso_only(
    pool: &Pool,
    email: &str,
    on: bool,
    sso_configured: bool,
    actor: &str,
) -> Result<(), AccountError> {
    let Some(account) = by_email(pool, email).await? else {
        return Err(AccountError::Invalid(format!(
            "Email: there is no account for {}",
            email.trim()
        )));
    };
    set_sso_only_by_id(pool, account.id, on, sso_configured, actor).await
}

/// [`set_sso_only`] for the account `id` (the Settings page).
pub async fn set_sso_only_by_id(
    pool: &Pool,
    id: i64,
    on: bool,
    sso_configured: bool,
    actor: &str,
) -> Result<(), AccountError> {
    // Read and counted under the write lock, so two admins marked at once cannot each count the
    // other.
    let mut tx = crate::db::write_transaction(pool).await?;
    let Some(account) = by_id(&mut tx, id).await? else {
        return Err(AccountError::Invalid(
            "That account no longer exists".into(),
        ));
    };
    if account.sso_only == on {
        return Ok(());
    }
    crate::db::query("UPDATE accounts SET sso_only = ? WHERE id = ?")
        .bind(on)
        .bind(account.id)
        .execute(&mut tx)
        .await?;
    let was_password_admin = account.role == Role::Admin && !account.disabled;
    if on && was_password_admin && !sso_configured && !password_admin_left(&mut tx).await? {
        return Err(last_password_admin(&account.email));
    }
    audit::record(
        &mut tx,
        Entry {
            actor,
            action: "account_sso_only",
            subject: Some(&account.email),
            before: Some(json!({ "sso_only": account.sso_only })),
            after: Some(json!({ "sso_only": on })),
            ..Entry::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether an enabled admin with a password remains, as the transaction `tx` now sees it.
async fn password_admin_left(tx: &mut crate::db::Tx) -> Result<bool, sqlx::Error> {
    let admins: i64 = crate::db::query_scalar(
        "SELECT COUNT(*) FROM accounts WHERE role = 'admin' AND NOT disabled AND NOT sso_only",
    )
    .fetch_one(tx)
    .await?;
    Ok(admins > 0)
}

/// Without single sign-on, nobody could sign in to manage the product.
fn last_password_admin(email: &str) -> AccountError {
    AccountError::Invalid(format!(
        "{email} is the last admin who can sign in with a password, and single sign-on is not \
         configured: give another admin a password first, or configure single sign-on"
    ))
}

pub async fn signed_in(pool: &Pool, id: i64) -> Result<(), sqlx::Error> {
    crate::db::query("UPDATE accounts SET last_sign_in = ? WHERE id = ?")
        .bind(Utc::now())
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// The first admin from `SEAT_AUDIT__ADMIN__EMAIL` and `…__PASSWORD`, created once if absent.
pub async fn ensure_first_admin(
    pool: &Pool,
    email: Option<&str>,
    password: Option<&str>,
) -> Result<(), AccountError> {
    match (email, password) {
        (Some(email), Some(password)) => {
            if by_email(pool, email).await?.is_none() {
                add(pool, email, Role::Admin, password, audit::SYSTEM)
                    .await
                    .map_err(|e| match e {
                        AccountError::Invalid(why) => AccountError::Invalid(format!(
                            "SEAT_AUDIT__ADMIN__EMAIL / SEAT_AUDIT__ADMIN__PASSWORD: {why}"
                        )),
                        other => other,
                    })?;
                tracing::info!(%email, "first admin account created from the settings");
            }
            Ok(())
        }
        (None, None) => Ok(()),
        _ => Err(AccountError::Invalid(
            "SEAT_AUDIT__ADMIN__EMAIL and SEAT_AUDIT__ADMIN__PASSWORD go together: set both or neither"
                .into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing;

    #[tokio::test]
    async fn an_account_is_added_once_with_a_checked_email_and_password_and_audited() {
        let (pool, _dir) = testing::pool().await;
        let id = add(
            &pool,
            "Ana@Example.com",
            Role::Finance,
            "long enough pass",
            "root",
        )
        .await
        .unwrap();
        let found = by_email(&pool, "ana@example.com").await.unwrap().unwrap();
        assert_eq!((found.id, found.role), (id, Role::Finance));
        assert!(password::verify("long enough pass".into(), Some(found.password_hash)).await);

        let again = add(
            &pool,
            "ANA@example.com",
            Role::Admin,
            "long enough pass",
            "root",
        )
        .await;
        assert!(matches!(again, Err(AccountError::Invalid(m)) if m.contains("already exists")));
        let short = add(&pool, "bo@example.com", Role::Admin, "short", "root").await;
        assert!(matches!(short, Err(AccountError::Invalid(m)) if m.contains("at least 12")));
        let bad = add(
            &pool,
            "not an email",
            Role::Admin,
            "long enough pass",
            "root",
        )
        .await;
        assert!(matches!(bad, Err(AccountError::Invalid(m)) if m.starts_with("Email:")));

        let logged: Vec<(String, String)> =
            crate::db::query_as("SELECT actor, action FROM audit_log")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(logged, [("root".to_owned(), "account_added".to_owned())]);
    }

    #[tokio::test]
    async fn a_reset_forces_a_change_and_a_change_needs_the_current_password() {
        let (pool, _dir) = testing::pool().await;
        let id = add(
            &pool,
            "bo@example.com",
            Role::Finance,
            "first password!",
            "root",
        )
        .await
        .unwrap();
        reset_password(&pool, id, "temporary pass", "it@example.com")
            .await
            .unwrap();
        let reset = by_id(&pool, id).await.unwrap().unwrap();
        assert!(reset.must_change_password);
        assert!(password::verify("temporary pass".into(), Some(reset.password_hash)).await);

        let wrong = change_password(&pool, id, "first password!", "my own password").await;
        assert!(
            matches!(wrong, Err(AccountError::Invalid(m)) if m.starts_with("Current password"))
        );
        let short = change_password(&pool, id, "temporary pass", "short").await;
        assert!(matches!(short, Err(AccountError::Invalid(m)) if m.starts_with("New password")));
        change_password(&pool, id, "temporary pass", "my own password")
            .await
            .unwrap();
        let changed = by_id(&pool, id).await.unwrap().unwrap();
        assert!(!changed.must_change_password);
        assert!(password::verify("my own password".into(), Some(changed.password_hash)).await);

        let logged: Vec<(String, String)> = crate::db::query_as(
            "SELECT actor, action FROM audit_log WHERE subject = 'bo@example.com' ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        assert_eq!(
            logged,
            [
                ("root".to_owned(), "account_added".to_owned()),
                ("it@example.com".to_owned(), "password_reset".to_owned()),
                ("bo@example.com".to_owned(), "password_changed".to_owned()),
            ]
        );
    }

    #[tokio::test]
    async fn an_account_marked_sso_only_is_audited_and_an_unknown_email_is_named() {
        let (pool, _dir) = testing::pool().await;
        add(
            &pool,
            "bo@example.com",
            Role::Finance,
            "long enough pass",
            "root",
        )
        .await
        .unwrap();
        set_sso_only(&pool, "BO@example.com", true, false, "root")
            .await
            .unwrap();
        assert!(
            by_email(&pool, "bo@example.com")
                .await
                .unwrap()
                .unwrap()
                .sso_only
        );
        let unknown = set_sso_only(&pool, "cy@example.com", true, false, "root").await;
        assert!(matches!(unknown, Err(AccountError::Invalid(m)) if m.starts_with("Email:")));
        let logged: Vec<(String, Option<String>)> =
            crate::db::query_as("SELECT action, after FROM audit_log ORDER BY id DESC LIMIT 1")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(
            logged,
            [(
                "account_sso_only".to_owned(),
                Some(r#"{"sso_only":true}"#.to_owned())
            )]
        );
    }

    #[tokio::test]
    async fn without_single_sign_on_the_last_admin_with_a_password_keeps_it() {
        let (pool, _dir) = testing::pool().await;
        let it = add(
            &pool,
            "it@example.com",
            Role::Admin,
            "long enough pass",
            "root",
        )
        .await
        .unwrap();
        let refused = set_sso_only_by_id(&pool, it, true, false, "root").await;
        assert!(
            matches!(&refused, Err(AccountError::Invalid(m))
                if m.starts_with("it@example.com is the last admin who can sign in with a password")),
            "{refused:?}"
        );
        assert!(!by_id(&pool, it).await.unwrap().unwrap().sso_only);

        // With single sign-on configured, the admin signs in through it.
        set_sso_only_by_id(&pool, it, true, true, "root")
            .await
            .unwrap();
        assert!(by_id(&pool, it).await.unwrap().unwrap().sso_only);
        // Giving a password back is never refused.
        set_sso_only_by_id(&pool, it, false, false, "root")
            .await
            .unwrap();

        // Another admin with a password: this one may go SSO only even without it.
        add(
            &pool,
            "break-glass@example.com",
            Role::Admin,
            "long enough pass",
            "root",
        )
        .await
        .unwrap();
        set_sso_only_by_id(&pool, it, true, false, "root")
            .await
            .unwrap();
        let marks: i64 = crate::db::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'account_sso_only'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(marks, 3, "the refusal changed nothing and logged nothing");
    }

    #[tokio::test]
    async fn without_single_sign_on_the_last_admin_with_a_password_is_not_demoted_or_disabled() {
        let (pool, _dir) = testing::pool().await;
        let it = add(
            &pool,
            "it@example.com",
            Role::Admin,
            "long enough pass",
            "root",
        )
        .await
        .unwrap();
        add(
            &pool,
            "ana@example.com",
            Role::Admin,
            "long enough pass",
            "root",
        )
        .await
        .unwrap();
        set_sso_only(&pool, "ana@example.com", true, true, "root")
            .await
            .unwrap();
        for (role, disabled) in [(Role::Finance, false), (Role::Admin, true)] {
            let refused = update(&pool, it, role, disabled, false, "it@example.com").await;
            assert!(
                matches!(&refused, Err(AccountError::Invalid(m)) if m.contains("with a password")),
                "{refused:?}"
            );
        }
        let kept = by_id(&pool, it).await.unwrap().unwrap();
        assert_eq!((kept.role, kept.disabled), (Role::Admin, false));

        // With single sign-on, ana can sign in to manage it.
        update(&pool, it, Role::Finance, false, true, "it@example.com")
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn the_last_admin_keeps_the_role_and_can_still_sign_in() {
        let (pool, _dir) = testing::pool().await;
        let admin = add(
            &pool,
            "it@example.com",
            Role::Admin,
            "long enough pass",
            "root",
        )
        .await
        .unwrap();
        let demoted = update(&pool, admin, Role::Auditor, false, false, "it@example.com").await;
        assert!(matches!(demoted, Err(AccountError::Invalid(m)) if m.contains("last admin")));
        let disabled = update(&pool, admin, Role::Admin, true, false, "it@example.com").await;
        assert!(matches!(disabled, Err(AccountError::Invalid(_))));
        assert_eq!(
            by_id(&pool, admin).await.unwrap().unwrap().role,
            Role::Admin
        );

        let second = add(
            &pool,
            "it2@example.com",
            Role::Admin,
            "long enough pass",
            "root",
        )
        .await
        .unwrap();
        update(&pool, admin, Role::Manager, false, false, "it2@example.com")
            .await
            .unwrap();
        assert_eq!(
            by_id(&pool, admin).await.unwrap().unwrap().role,
            Role::Manager
        );
        assert!(by_id(&pool, second).await.unwrap().is_some());
        let changes: i64 = crate::db::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'role_changed' AND subject = 'it@example.com'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(changes, 1);
    }
}
