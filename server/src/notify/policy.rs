//! What to send and when (docs/product.md, "Notifications"), stored in the database and saved from
//! the Settings page with an audit entry.

use app::types::NotifyPolicy;
use chrono::Utc;

use crate::{
    audit::{self, Entry},
    auth::SignedIn,
    db::Pool,
    workflow::WorkflowError,
};

pub async fn load(db: impl Into<crate::db::Ex<'_>>) -> Result<NotifyPolicy, sqlx::Error> {
    let (approver_digest, quiet, reminder, admin_email, admin_chat, per_hour): (
        bool,
        i64,
        i64,
        bool,
        bool,
        i64,
    ) = crate::db::query_as(
        "SELECT approver_digest, quiet_minutes, reminder_days, admin_email, admin_chat,
                admin_per_hour
         FROM notify_settings WHERE id = 1",
    )
    .fetch_one(db)
    .await?;
    Ok(NotifyPolicy {
        approver_digest,
        quiet_minutes: u32::try_from(quiet).unwrap_or(5),
        reminder_days: u32::try_from(reminder).unwrap_or(3),
        admin_email,
        admin_chat,
        admin_per_hour: u32::try_from(per_hour).unwrap_or(6),
    })
}

/// The Settings form's fields, as typed; checkboxes are present only when ticked.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PolicyForm {
    #[serde(default)]
    pub approver_digest: Option<String>,
    #[serde(default)]
    pub quiet_minutes: String,
    #[serde(default)]
    pub reminder_days: String,
    #[serde(default)]
    pub admin_email: Option<String>,
    #[serde(default)]
    pub admin_chat: Option<String>,
    #[serde(default)]
    pub admin_per_hour: String,
}

impl PolicyForm {
    /// The policy the form asks for, or a sentence naming the field to correct.
    pub fn checked(&self) -> Result<NotifyPolicy, String> {
        let number = |text: &str, name: &str, unit: &str, range: std::ops::RangeInclusive<u32>| {
            text.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| {
                    format!(
                        "{name}: “{}” is not a whole number of {unit} from {} to {}",
                        text.trim(),
                        range.start(),
                        range.end()
                    )
                })
        };
        Ok(NotifyPolicy {
            approver_digest: self.approver_digest.is_some(),
            quiet_minutes: number(
                &self.quiet_minutes,
                "Wait after the newest proposal",
                "minutes",
                0..=1440,
            )?,
            reminder_days: number(
                &self.reminder_days,
                "Remind before the expiry",
                "days",
                0..=365,
            )?,
            admin_email: self.admin_email.is_some(),
            admin_chat: self.admin_chat.is_some(),
            admin_per_hour: number(
                &self.admin_per_hour,
                "Admin messages an hour at most",
                "messages",
                1..=1000,
            )?,
        })
    }
}

/// Saves the policy; "before" is read under the write lock, so two saves each record what they
/// replaced.
pub async fn save(pool: &Pool, actor: &SignedIn, form: &PolicyForm) -> Result<(), WorkflowError> {
    let next = form.checked().map_err(WorkflowError::Refused)?;
    let mut tx = crate::db::write_transaction(pool).await?;
    let before = load(&mut tx).await?;
    if before == next {
        return Ok(());
    }
    crate::db::query(
        "UPDATE notify_settings SET approver_digest = ?, quiet_minutes = ?, reminder_days = ?,
             admin_email = ?, admin_chat = ?, admin_per_hour = ?, updated_at = ? WHERE id = 1",
    )
    .bind(next.approver_digest)
    .bind(i64::from(next.quiet_minutes))
    .bind(i64::from(next.reminder_days))
    .bind(next.admin_email)
    .bind(next.admin_chat)
    .bind(i64::from(next.admin_per_hour))
    .bind(Utc::now())
    .execute(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: &actor.email,
            action: "settings_changed",
            subject: Some("notifications"),
            before: serde_json::to_value(&before).ok(),
            after: serde_json::to_value(&next).ok(),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(quiet: &str, reminder: &str, per_hour: &str) -> PolicyForm {
        PolicyForm {
            approver_digest: Some("on".into()),
            quiet_minutes: quiet.into(),
            reminder_days: reminder.into(),
            admin_email: None,
            admin_chat: Some("on".into()),
            admin_per_hour: per_hour.into(),
        }
    }

    #[test]
    fn a_form_reads_as_the_policy_it_asks_for() {
        let policy = form(" 10 ", "3", "6").checked().unwrap();
        assert_eq!(
            policy,
            NotifyPolicy {
                approver_digest: true,
                quiet_minutes: 10,
                reminder_days: 3,
                admin_email: false,
                admin_chat: true,
                admin_per_hour: 6,
            }
        );
    }

    #[test]
    fn a_bad_number_names_its_field() {
        let error = form("ten", "3", "6").checked().unwrap_err();
        assert!(
            error.starts_with("Wait after the newest proposal: “ten”"),
            "{error}"
        );
        let error = form("0", "400", "6").checked().unwrap_err();
        assert!(error.starts_with("Remind before the expiry"), "{error}");
        let error = form("0", "3", "0").checked().unwrap_err();
        assert!(
            error.starts_with("Admin messages an hour at most"),
            "{error}"
        );
    }
}
