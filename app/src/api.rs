//! Server functions: thin calls from the pages into the back end.

use leptos::prelude::*;

use crate::{
    error::AppError,
    types::{ConnectionInfo, ShellInfo, SyncRunSummary, UsersPage, UsersParams},
};

#[server(endpoint = "shell", client = crate::csrf::CsrfClient)]
pub async fn load_shell_info() -> Result<ShellInfo, AppError> {
    crate::backend::backend()?.shell_info().await
}

#[server(endpoint = "sync_runs", client = crate::csrf::CsrfClient)]
pub async fn list_sync_runs() -> Result<Vec<SyncRunSummary>, AppError> {
    crate::backend::backend()?.sync_runs(50).await
}

#[server(endpoint = "connection", client = crate::csrf::CsrfClient)]
pub async fn load_connection_info() -> Result<ConnectionInfo, AppError> {
    crate::backend::backend()?.connection_info()
}

/// A page of users; the query's fields come as text and a bad one is refused (422) by name.
#[server(endpoint = "users", client = crate::csrf::CsrfClient)]
pub async fn list_users(query: UsersParams) -> Result<UsersPage, AppError> {
    let query = crate::types::UsersQuery::from_params(&query).map_err(AppError::Invalid);
    refusal_status(match query {
        Ok(query) => crate::backend::backend()?.users_page(query).await,
        Err(refusal) => Err(refusal),
    })
}

/// The Finance page's data; a fixed endpoint (`/api/seat_summary`) so scripts and tests can read it.
#[server(endpoint = "seat_summary", client = crate::csrf::CsrfClient)]
pub async fn load_seat_summary() -> Result<crate::types::SeatSummary, AppError> {
    crate::backend::backend()?.seat_summary().await
}

/// Imports a seat CSV (email, seat_types, technical_admin): all rows or none.
#[server(endpoint = "import_seats", client = crate::csrf::CsrfClient)]
pub async fn import_seats(csv: String) -> Result<crate::types::SeatImportOutcome, AppError> {
    crate::backend::backend()?.import_seats(csv).await
}

/// What the running sync is doing; the Sync page also listens to `/sync/events` for pushes.
#[server(endpoint = "sync_progress", client = crate::csrf::CsrfClient)]
pub async fn load_sync_progress() -> Result<crate::types::SyncProgress, AppError> {
    crate::backend::backend()?.sync_progress()
}

/// "Sync now" from the Sync page (a form post, so it works without JavaScript).
#[server(endpoint = "start_sync", client = crate::csrf::CsrfClient)]
pub async fn start_sync() -> Result<crate::types::SyncRequest, AppError> {
    crate::backend::backend()?.request_sync()
}

/// The Overview charts, drawn on the server; a fixed endpoint (`/api/overview_charts`).
#[server(endpoint = "overview_charts", client = crate::csrf::CsrfClient)]
pub async fn load_overview_charts() -> Result<crate::types::OverviewCharts, AppError> {
    crate::backend::backend()?.overview_charts().await
}

/// The User page's data; a fixed endpoint (`/api/user_detail`).
#[server(endpoint = "user_detail", client = crate::csrf::CsrfClient)]
pub async fn load_user_detail(id: String) -> Result<crate::types::UserLookup, AppError> {
    crate::backend::backend()?.user_detail(id).await
}

/// The Candidates page's data; a fixed endpoint (`/api/candidates`).
#[server(endpoint = "candidates", client = crate::csrf::CsrfClient)]
pub async fn load_candidates() -> Result<crate::types::Candidates, AppError> {
    crate::backend::backend()?.candidates().await
}

/// A refused form answers 422 Unprocessable Content, so scripts and the browser tell it from a
/// failure; a plain form post (no JavaScript) keeps the redirect that carries the refusal back.
#[cfg(feature = "ssr")]
fn refusal_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    use http::{header::ACCEPT, request::Parts, StatusCode};
    let form_post = use_context::<Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    });
    if matches!(result, Err(AppError::Invalid(_))) && !form_post {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(StatusCode::UNPROCESSABLE_ENTITY);
        }
    }
    result
}

/// What the Settings page edits; a fixed endpoint (`/api/settings`).
#[server(endpoint = "settings", client = crate::csrf::CsrfClient)]
pub async fn load_settings() -> Result<crate::types::SettingsData, AppError> {
    crate::backend::backend()?.settings().await
}

/// Thresholds, look-back, time zone and quota share; the next sync reads them.
#[server(endpoint = "save_policy", client = crate::csrf::CsrfClient)]
pub async fn save_policy(
    inactivity_days: String,
    grace_days: String,
    lookback_days: String,
    time_zone: String,
    quota_share_pct: String,
) -> Result<(), AppError> {
    let form = crate::types::PolicyForm {
        inactivity_days,
        grace_days,
        lookback_days,
        time_zone,
        quota_share_pct,
    };
    refusal_status(crate::backend::backend()?.save_policy(form).await)
}

/// Purchased seats and prices of the three seat types, together.
#[server(endpoint = "save_seat_types", client = crate::csrf::CsrfClient)]
pub async fn save_seat_types(
    gong_purchased: String,
    gong_price: String,
    forecast_purchased: String,
    forecast_price: String,
    engage_purchased: String,
    engage_price: String,
) -> Result<(), AppError> {
    let form = crate::types::SeatTypesForm {
        gong_purchased,
        gong_price,
        forecast_purchased,
        forecast_price,
        engage_purchased,
        engage_price,
    };
    refusal_status(crate::backend::backend()?.save_seat_types(form).await)
}

#[server(endpoint = "save_contract", client = crate::csrf::CsrfClient)]
pub async fn save_contract(
    renewal_date: String,
    notice_days: String,
    uplift_pct: String,
    headroom_pct: String,
    currency: String,
) -> Result<(), AppError> {
    let form = crate::types::ContractForm {
        renewal_date,
        notice_days,
        uplift_pct,
        headroom_pct,
        currency,
    };
    refusal_status(crate::backend::backend()?.save_contract(form).await)
}

/// Protects a user for good, or snoozes them until a day.
#[server(endpoint = "protect_user", client = crate::csrf::CsrfClient)]
pub async fn protect_user(email: String, until: String, note: String) -> Result<(), AppError> {
    let form = crate::types::ProtectForm { email, until, note };
    refusal_status(crate::backend::backend()?.protect_user(form).await)
}

#[server(endpoint = "unprotect_user", client = crate::csrf::CsrfClient)]
pub async fn unprotect_user(user_id: String) -> Result<(), AppError> {
    refusal_status(crate::backend::backend()?.unprotect_user(user_id).await)
}

/// One user's seat types and Technical Administrator mark. A checkbox is sent only when ticked.
#[server(endpoint = "set_user_seats", client = crate::csrf::CsrfClient)]
pub async fn set_user_seats(
    email: String,
    gong: Option<String>,
    forecast: Option<String>,
    engage: Option<String>,
    technical_admin: Option<String>,
) -> Result<(), AppError> {
    let form = crate::types::UserSeatsForm {
        email,
        gong: gong.is_some(),
        forecast: forecast.is_some(),
        engage: engage.is_some(),
        technical_admin: technical_admin.is_some(),
    };
    refusal_status(crate::backend::backend()?.set_user_seats(form).await)
}

/// The local accounts (Settings; admins only); a fixed endpoint (`/api/accounts`).
#[server(endpoint = "accounts", client = crate::csrf::CsrfClient)]
pub async fn list_accounts() -> Result<Vec<crate::types::AccountInfo>, AppError> {
    crate::backend::backend()?.accounts().await
}

/// Adds a local account with a role and a first password.
#[server(endpoint = "add_account", client = crate::csrf::CsrfClient)]
pub async fn add_account(email: String, role: String, password: String) -> Result<(), AppError> {
    refusal_status(
        crate::backend::backend()?
            .add_account(email, role, password)
            .await,
    )
}

/// Changes an account's role, or disables it (it can no longer sign in) or enables it again.
#[server(endpoint = "update_account", client = crate::csrf::CsrfClient)]
pub async fn update_account(
    id: String,
    role: String,
    #[server(default)] disabled: Option<String>,
) -> Result<(), AppError> {
    let id = crate::types::fields::account_id(&id).map_err(AppError::Invalid);
    refusal_status(match id {
        Ok(id) => {
            crate::backend::backend()?
                .update_account(id, role, disabled.is_some())
                .await
        }
        Err(refusal) => Err(refusal),
    })
}

/// Marks an account SSO only (it signs in through single sign-on; no password is accepted), or
/// without `sso_only` gives it back to passwords (docs/product.md "Who sees what").
#[server(endpoint = "set_sso_only", client = crate::csrf::CsrfClient)]
pub async fn set_sso_only(
    id: String,
    #[server(default)] sso_only: Option<String>,
) -> Result<(), AppError> {
    let id = crate::types::fields::account_id(&id).map_err(AppError::Invalid);
    refusal_status(match id {
        Ok(id) => {
            crate::backend::backend()?
                .set_sso_only(id, sso_only.is_some())
                .await
        }
        Err(refusal) => Err(refusal),
    })
}

/// An admin sets a new password for an account; its owner must change it at their next sign-in.
#[server(endpoint = "reset_password", client = crate::csrf::CsrfClient)]
pub async fn reset_password(id: String, password: String) -> Result<(), AppError> {
    let id = crate::types::fields::account_id(&id).map_err(AppError::Invalid);
    refusal_status(match id {
        Ok(id) => {
            crate::backend::backend()?
                .reset_password(id, password)
                .await
        }
        Err(refusal) => Err(refusal),
    })
}

/// A page of the audit log; a fixed endpoint (`/api/audit`).
#[server(endpoint = "audit", client = crate::csrf::CsrfClient)]
pub async fn load_audit(
    query: crate::types::AuditQuery,
) -> Result<crate::types::AuditPage, AppError> {
    refusal_status(crate::backend::backend()?.audit_page(query).await)
}

/// The Approvals page's data; a fixed endpoint (`/api/approvals`).
#[server(endpoint = "approvals", client = crate::csrf::CsrfClient)]
pub async fn load_approvals() -> Result<crate::types::Approvals, AppError> {
    crate::backend::backend()?.approvals().await
}

/// The Settings page's check: the same findings as `seat-audit check`, one sentence each, with no
/// secret in any (admins only).
#[server(endpoint = "check", client = crate::csrf::CsrfClient)]
pub async fn run_check() -> Result<crate::types::CheckResult, AppError> {
    crate::backend::backend()?.run_check().await
}

/// How much report history is kept, for the Sync page.
#[server(endpoint = "retention", client = crate::csrf::CsrfClient)]
pub async fn load_retention() -> Result<crate::types::Retention, AppError> {
    crate::backend::backend()?.retention().await
}

/// How notification delivery is going, for the Sync page (admins; empty for other roles).
#[server(endpoint = "notify_health", client = crate::csrf::CsrfClient)]
pub async fn load_notify_health() -> Result<crate::types::NotifyHealth, AppError> {
    crate::backend::backend()?.notify_health().await
}
