//! The workflow's settings (docs/product.md): the fallback approver, expiry, cool-down, the live
//! switch and the identity-provider warning, read and saved with an audit entry.

use app::types::{OnExpiry, Role, WorkflowSettings};
use chrono::Utc;

use super::error::{refused, WorkflowError};
use crate::{
    audit::{self, Entry},
    auth::{accounts, SignedIn},
    db::Pool,
};

pub async fn settings(db: impl Into<crate::db::Ex<'_>>) -> Result<WorkflowSettings, sqlx::Error> {
    type Row = (Option<String>, i64, i64, bool, bool, i64, String);
    let (
        fallback_approver,
        expiry_days,
        cooldown_days,
        live,
        idp_provisioning,
        escalate,
        on_expiry,
    ): Row = crate::db::query_as(
        "SELECT fallback_approver, expiry_days, cooldown_days, live, idp_provisioning,
                    escalate_after_days, on_expiry
             FROM workflow_settings WHERE id = 1",
    )
    .fetch_one(db)
    .await?;
    Ok(WorkflowSettings {
        fallback_approver,
        expiry_days: u32::try_from(expiry_days).unwrap_or(14),
        cooldown_days: u32::try_from(cooldown_days).unwrap_or(60),
        live,
        idp_provisioning,
        escalate_after_days: u32::try_from(escalate).unwrap_or(7),
        on_expiry: OnExpiry::parse(&on_expiry).unwrap_or(OnExpiry::Nothing),
    })
}

/// The Settings form's fields, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    pub fallback_approver: String,
    #[serde(default)]
    pub expiry_days: String,
    #[serde(default)]
    pub cooldown_days: String,
    #[serde(default)]
    pub escalate_after_days: String,
    #[serde(default)]
    pub on_expiry: String,
    #[serde(default)]
    pub live: Option<String>,
    #[serde(default)]
    pub idp_provisioning: Option<String>,
}

pub async fn save_settings(
    pool: &Pool,
    actor: &SignedIn,
    form: &SettingsForm,
) -> Result<(), WorkflowError> {
    let days = |text: &str, name: &str, range: std::ops::RangeInclusive<u32>| {
        text.trim()
            .parse::<u32>()
            .ok()
            .filter(|d| range.contains(d))
            .ok_or_else(|| {
                refused(format!(
                    "{name}: “{}” is not a whole number of days from {} to {}",
                    text.trim(),
                    range.start(),
                    range.end()
                ))
            })
    };
    let expiry_days = days(&form.expiry_days, "Proposals expire after", 1..=365)?;
    let cooldown_days = days(&form.cooldown_days, "Cool-down after a rejection", 0..=3650)?;
    // Forms from before escalation existed send neither field: they keep the defaults.
    let escalate_after_days = if form.escalate_after_days.trim().is_empty() {
        7
    } else {
        days(
            &form.escalate_after_days,
            "Escalate to the fallback approver after",
            0..=365,
        )?
    };
    let on_expiry = match form.on_expiry.trim() {
        "" => OnExpiry::Nothing,
        text => OnExpiry::parse(text).ok_or_else(|| {
            refused(format!(
                "At expiry: “{text}” is not one of nothing or escalate"
            ))
        })?,
    };
    let fallback = form.fallback_approver.trim();
    let fallback = if fallback.is_empty() {
        None
    } else {
        match accounts::by_email(pool, fallback).await? {
            Some(a) if !a.disabled && matches!(a.role, Role::Admin | Role::Manager) => {
                Some(a.email)
            }
            _ => {
                return Err(refused(format!(
                    "Fallback approver: “{fallback}” is not an enabled admin or manager account"
                )))
            }
        }
    };
    let next = WorkflowSettings {
        fallback_approver: fallback,
        expiry_days,
        cooldown_days,
        live: form.live.is_some(),
        idp_provisioning: form.idp_provisioning.is_some(),
        escalate_after_days,
        on_expiry,
    };
    // "Before" is read under the write lock, so two saves at once each record what they replaced.
    let mut tx = crate::db::write_transaction(pool).await?;
    let before = settings(&mut tx).await?;
    if before == next {
        return Ok(());
    }
    crate::db::query(
        "UPDATE workflow_settings SET fallback_approver = ?, expiry_days = ?, cooldown_days = ?,
             live = ?, idp_provisioning = ?, escalate_after_days = ?, on_expiry = ?,
             updated_at = ? WHERE id = 1",
    )
    .bind(&next.fallback_approver)
    .bind(i64::from(next.expiry_days))
    .bind(i64::from(next.cooldown_days))
    .bind(next.live)
    .bind(next.idp_provisioning)
    .bind(i64::from(next.escalate_after_days))
    .bind(next.on_expiry.as_str())
    .bind(Utc::now())
    .execute(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: &actor.email,
            action: if before.live != next.live {
                "execution_mode_changed"
            } else {
                "settings_changed"
            },
            subject: Some("workflow"),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&next).ok(),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
