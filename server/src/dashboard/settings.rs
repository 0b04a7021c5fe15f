//! The Settings page's data and its saves: the policy, seats and prices, the contract, the protected
//! list and one user's seats, each form checked (`policy::form`) before anything is written.

use app::types::{
    ContractForm, PolicyForm, ProtectForm, ProtectedUser, SeatTypesForm, SettingsData,
    UserSeatsForm,
};
use chrono::{DateTime, Utc};

use crate::{
    config::Settings,
    db::Pool,
    policy::{self, form, FormError},
    seats::{store as seats, Assignment, SeatSet},
};

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// A field the person must correct; nothing was saved.
    #[error(transparent)]
    Invalid(#[from] FormError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

pub async fn load(pool: &Pool, settings: &Settings) -> Result<SettingsData, sqlx::Error> {
    Ok(SettingsData {
        policy: policy::load(pool, settings).await?.policy,
        seat_types: seats::seat_types(pool).await?,
        contract: seats::contract(pool).await?,
        protected: policy::protected::list(pool).await?,
        technical_admins: seats::technical_admins(pool).await?,
        assignments: u32::try_from(seats::assignment_count(pool).await?).unwrap_or(u32::MAX),
        workflow: crate::workflow::settings(pool).await?,
    })
}

pub async fn save_policy(
    pool: &Pool,
    settings: &Settings,
    form: &PolicyForm,
    now: DateTime<Utc>,
) -> Result<(), SaveError> {
    let policy = form::policy(form)?;
    let previous = policy::load(pool, settings).await?;
    policy::save(pool, &previous, &policy, now).await?;
    Ok(())
}

/// All three seat types or none.
pub async fn save_seat_types(pool: &Pool, form: &SeatTypesForm) -> Result<(), SaveError> {
    let types = form::seat_types(form)?;
    let mut tx = pool.begin().await?;
    for setting in &types {
        seats::set_seat_type(&mut *tx, setting).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn save_contract(pool: &Pool, form: &ContractForm) -> Result<(), SaveError> {
    seats::set_contract(pool, &form::contract(form)?).await?;
    Ok(())
}

/// The Gong user with the form's email, as the last sync saw them.
async fn gong_user(pool: &Pool, email: &str) -> Result<(String, String), SaveError> {
    policy::protected::gong_user_by_email(pool, email)
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
    form: &ProtectForm,
    today: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), SaveError> {
    let email = form::email(&form.email)?;
    let until = form::snooze_end(&form.until, today)?;
    let note = form::note(&form.note)?;
    let (user_id, name) = gong_user(pool, &email).await?;
    policy::protected::add(
        pool,
        &ProtectedUser {
            user_id,
            email,
            name,
            until,
            note,
            added_at: now,
        },
    )
    .await?;
    Ok(())
}

pub async fn unprotect(pool: &Pool, user_id: &str) -> Result<(), SaveError> {
    if policy::protected::remove(pool, user_id).await? {
        Ok(())
    } else {
        Err(SaveError::Invalid(FormError {
            field: "Protected user",
            problem: "not on the list (already removed?)".into(),
        }))
    }
}

pub async fn set_user_seats(
    pool: &Pool,
    form: &UserSeatsForm,
    now: DateTime<Utc>,
) -> Result<(), SaveError> {
    let email = form::email(&form.email)?;
    let (_, _) = gong_user(pool, &email).await?;
    let assignment = Assignment {
        email,
        seats: SeatSet {
            gong: form.gong,
            forecast: form.forecast,
            engage: form.engage,
        },
        technical_admin: form.technical_admin,
    };
    seats::set_assignment(pool, &assignment, now).await?;
    Ok(())
}
