//! The Settings page's saves: each form is checked (`form`) before anything is written, and the
//! change is appended to the audit log with its section before and after, in the same transaction
//! as the save (a save is never on record without its entry, nor the reverse).

use app::types::{
    ContractForm, PolicyForm, ProtectForm, ProtectedUser, SeatTypesForm, UserSeatsForm,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use super::{form, protected, FormError};
use crate::{
    audit::{self, Entry},
    config::Settings,
    db::Pool,
    seats::{import, store as seats, Assignment, ImportError, SeatSet},
};

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// A field the person must correct; nothing was saved.
    #[error(transparent)]
    Invalid(#[from] FormError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// A part of the Settings page, as the audit log records it before and after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Policy,
    SeatTypes,
    Contract,
    Protected,
    TechnicalAdmins,
}

impl Section {
    async fn read(self, conn: &mut crate::db::Tx, settings: &Settings) -> sqlx::Result<Value> {
        let json = |v: serde_json::Result<Value>| v.expect("settings serialise to JSON");
        Ok(match self {
            Section::Policy => json(serde_json::to_value(
                super::load(&mut *conn, settings).await?.policy,
            )),
            Section::SeatTypes => json(serde_json::to_value(seats::seat_types(&mut *conn).await?)),
            Section::Contract => json(serde_json::to_value(seats::contract(&mut *conn).await?)),
            Section::Protected => json(serde_json::to_value(protected::list(&mut *conn).await?)),
            Section::TechnicalAdmins => {
                json(serde_json::to_value(seats::technical_admins(conn).await?))
            }
        })
    }
}

/// One audited save: who, about what, which section it changes, and why (may be empty).
struct Change<'a> {
    actor: &'a str,
    subject: &'a str,
    section: Section,
    reason: &'a str,
}

impl Change<'_> {
    /// Runs `write` in a transaction between two reads of the section and appends the change to
    /// the audit log in the same transaction; nothing is appended when nothing changed.
    async fn apply<T, E: From<sqlx::Error>>(
        self,
        pool: &Pool,
        settings: &Settings,
        write: impl AsyncFnOnce(&mut crate::db::Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        // The write lock from the start: the section read as "before" is what the save replaces.
        let mut tx = crate::db::write_transaction(pool).await?;
        let before = self.section.read(&mut tx, settings).await?;
        let written = write(&mut tx).await?;
        let after = self.section.read(&mut tx, settings).await?;
        let reason = self.reason.trim();
        if before != after || !reason.is_empty() {
            let entry = Entry {
                actor: self.actor,
                action: "settings_changed",
                subject: Some(self.subject),
                before: Some(before),
                after: Some(after),
                reason: (!reason.is_empty()).then_some(reason),
            };
            audit::record(&mut tx, entry).await?;
        }
        tx.commit().await?;
        Ok(written)
    }
}

pub async fn save_policy(
    pool: &Pool,
    settings: &Settings,
    actor: &str,
    form: &PolicyForm,
    now: DateTime<Utc>,
) -> Result<(), SaveError> {
    let policy = form::policy(form)?;
    let change = Change {
        actor,
        subject: "policy",
        section: Section::Policy,
        reason: "",
    };
    change
        .apply(pool, settings, async |conn| {
            let previous = super::load(&mut *conn, settings).await?;
            super::save(conn, &previous, &policy, now).await?;
            Ok(())
        })
        .await
}

/// All three seat types or none.
pub async fn save_seat_types(
    pool: &Pool,
    settings: &Settings,
    actor: &str,
    form: &SeatTypesForm,
) -> Result<(), SaveError> {
    let types = form::seat_types(form)?;
    let change = Change {
        actor,
        subject: "seat_types",
        section: Section::SeatTypes,
        reason: "",
    };
    change
        .apply(pool, settings, async |conn| {
            for setting in &types {
                seats::set_seat_type(&mut *conn, setting).await?;
            }
            Ok(())
        })
        .await
}

pub async fn save_contract(
    pool: &Pool,
    settings: &Settings,
    actor: &str,
    form: &ContractForm,
) -> Result<(), SaveError> {
    let terms = form::contract(form)?;
    let change = Change {
        actor,
        subject: "contract",
        section: Section::Contract,
        reason: "",
    };
    change
        .apply(pool, settings, async |conn| {
            seats::set_contract(conn, &terms).await?;
            Ok(())
        })
        .await
}

/// The Gong user with the form's email, as the last sync saw them.
async fn gong_user(conn: &mut crate::db::Tx, email: &str) -> Result<(String, String), SaveError> {
    protected::gong_user_by_email(conn, email)
        .await?
        .ok_or_else(|| {
            SaveError::Invalid(FormError {
                field: "Email",
                problem: format!("no Gong user has the email {email}; run a sync if they are new"),
            })
        })
}

pub async fn protect(
    pool: &Pool,
    settings: &Settings,
    actor: &str,
    form: &ProtectForm,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), SaveError> {
    let email = form::email(&form.email)?;
    let until = form::snooze_end(&form.until, today)?;
    let note = form::note(&form.note)?;
    let change = Change {
        actor,
        subject: "protected_users",
        section: Section::Protected,
        reason: &form.note,
    };
    change
        .apply(pool, settings, async |conn| {
            let (user_id, name) = gong_user(&mut *conn, &email).await?;
            let user = ProtectedUser {
                user_id,
                email,
                name,
                until,
                note,
                added_at: now,
            };
            protected::add(conn, &user).await?;
            Ok(())
        })
        .await
}

pub async fn unprotect(
    pool: &Pool,
    settings: &Settings,
    actor: &str,
    user_id: &str,
) -> Result<(), SaveError> {
    let change = Change {
        actor,
        subject: "protected_users",
        section: Section::Protected,
        reason: "",
    };
    change
        .apply(pool, settings, async |conn| {
            if protected::remove(conn, user_id).await? {
                Ok(())
            } else {
                Err(SaveError::Invalid(FormError {
                    field: "Protected user",
                    problem: "not on the list (already removed?)".into(),
                }))
            }
        })
        .await
}

pub async fn set_user_seats(
    pool: &Pool,
    settings: &Settings,
    actor: &str,
    form: &UserSeatsForm,
    now: DateTime<Utc>,
) -> Result<(), SaveError> {
    let email = form::email(&form.email)?;
    let reason = format!("seats of {} set by hand", form.email.trim());
    let change = Change {
        actor,
        subject: "seat_assignments",
        section: Section::TechnicalAdmins,
        reason: &reason,
    };
    change
        .apply(pool, settings, async |conn| {
            gong_user(&mut *conn, &email).await?;
            let assignment = Assignment {
                email,
                seats: SeatSet {
                    gong: form.gong,
                    forecast: form.forecast,
                    engage: form.engage,
                },
                technical_admin: form.technical_admin,
            };
            seats::upsert_assignment(conn, &assignment, "manual", now).await?;
            Ok(())
        })
        .await
}

/// The seat CSV: refused whole, with each bad line, or imported whole; returns the rows imported.
pub async fn import_seats(
    pool: &Pool,
    settings: &Settings,
    actor: &str,
    csv: &str,
    now: DateTime<Utc>,
) -> Result<usize, ImportError> {
    let rows = import::parse(csv).map_err(ImportError::Invalid)?;
    let reason = format!("seat CSV imported: {} rows", rows.len());
    let change = Change {
        actor,
        subject: "seat_assignments",
        section: Section::TechnicalAdmins,
        reason: &reason,
    };
    change
        .apply(pool, settings, async |conn| {
            import::replace_imported(conn, &rows, now).await?;
            Ok::<_, ImportError>(rows.len())
        })
        .await
}
