//! The server's side of the contract the pages' server functions call (`app::backend::Backend`).

use app::{
    backend::Backend,
    error::AppError,
    types::{
        AccountInfo, Area, AuditPage, AuditQuery, ConnectionInfo, ContractForm, Mode, PolicyForm,
        ProtectForm, Role, SeatTypesForm, SettingsData, ShellInfo, SyncRunSummary, UserSeatsForm,
        UsersPage, UsersQuery, Viewer,
    },
};
use std::collections::HashSet;

use axum::http::{request::Parts, StatusCode};
use chrono::Utc;

use super::{
    access::{self, Refusal},
    AppState,
};
use crate::{
    audit,
    auth::{
        accounts::{self, AccountError},
        SignedIn,
    },
    check,
    config::GongConnection,
    dashboard, db,
    policy::save::{self, SaveError},
    workflow,
};

/// The address the demo's embedded simulator is reached at, shown while no tenant is configured.
const DEMO_BASE_URL: &str = "embedded simulator (demo)";

pub struct ServerBackend {
    state: AppState,
}

impl ServerBackend {
    pub fn new(state: AppState) -> Self {
        ServerBackend { state }
    }

    fn mode(&self) -> Mode {
        match *self.state.connection {
            GongConnection::Demo => Mode::Demo,
            GongConnection::Live { .. } => Mode::Live,
        }
    }
}

/// A refused form keeps its sentence; a database failure is logged and replaced by one.
fn refused(error: SaveError) -> AppError {
    match error {
        SaveError::Invalid(problem) => AppError::Invalid(problem.to_string()),
        SaveError::Database(error) => unavailable(error),
    }
}

/// Logs a database failure and gives the person a sentence instead.
fn unavailable(error: sqlx::Error) -> AppError {
    tracing::error!(%error, "database query failed");
    AppError::Unavailable("The database could not be read. Try again in a moment.".into())
}

#[async_trait::async_trait]
impl Backend for ServerBackend {
    async fn shell_info(&self) -> Result<ShellInfo, AppError> {
        let viewer = self.viewer();
        let last_sync = match &viewer {
            Some(_) => db::sync_runs::latest(&self.state.pool)
                .await
                .map_err(unavailable)?,
            None => None,
        };
        Ok(ShellInfo {
            mode: self.mode(),
            last_sync,
            viewer: viewer.map(|v| Viewer {
                email: v.email,
                role: v.role,
            }),
            sso_provider: self
                .state
                .oidc
                .as_ref()
                .map(|provider| provider.settings.provider_name.clone()),
        })
    }

    async fn sync_runs(&self, limit: u32) -> Result<Vec<SyncRunSummary>, AppError> {
        self.require(Area::SyncView)?;
        db::sync_runs::recent(&self.state.pool, limit)
            .await
            .map_err(unavailable)
    }

    async fn users_page(&self, query: UsersQuery) -> Result<UsersPage, AppError> {
        let viewer = self.require(Area::People)?;
        let team = self.team(&viewer).await?;
        dashboard::users::page(
            &self.state.pool,
            &self.state.user_counts,
            &query,
            team.as_ref(),
        )
        .await
        .map_err(unavailable)
    }

    async fn overview_charts(&self) -> Result<app::types::OverviewCharts, AppError> {
        let viewer = self.require(Area::Figures)?;
        let within = self.scope(&viewer).await?;
        let policy = crate::policy::load(&self.state.pool, &self.state.settings)
            .await
            .map_err(unavailable)?
            .policy;
        let tz = self.state.zone_of(&policy).await.map_err(unavailable)?;
        let derivation = dashboard::overview::derived::Derivation {
            cache: &self.state.trend_history,
            inactivity_days: policy.inactivity_days,
            grace_days: policy.grace_days,
            kept: Some(&self.state.kept_charts),
        };
        let data =
            dashboard::overview::load(&self.state.pool, tz, within.as_ref(), Some(&derivation))
                .await
                .map_err(unavailable)?;
        Ok(data.map(|data| data.charts()).unwrap_or_default())
    }

    async fn user_detail(&self, id: String) -> Result<app::types::UserLookup, AppError> {
        let viewer = self.require(Area::People)?;
        let team = self.team(&viewer).await?;
        if let Some(team) = &team {
            // Outside the manager's subtree is the same answer as a user who does not exist.
            if !team.below.contains(&id) {
                return Ok(app::types::UserLookup::NotFound);
            }
        }
        let stop_at = team
            .as_ref()
            .map(|team| team.me.as_deref().unwrap_or_default());
        let tz = self.state.company_tz().await.map_err(unavailable)?;
        dashboard::user_detail::load(&self.state.pool, &id, tz, stop_at)
            .await
            .map_err(unavailable)
    }

    async fn candidates(&self) -> Result<app::types::Candidates, AppError> {
        let viewer = self.require(Area::People)?;
        let within = self.scope(&viewer).await?;
        let mut candidates = dashboard::candidates::load(&self.state.pool)
            .await
            .map_err(unavailable)?;
        candidates.can_propose = access::require(Some(&viewer), Area::Operate).is_ok();
        if let Some(within) = within {
            for group in &mut candidates.groups {
                group.rows.retain(|row| within.contains(&row.id));
                group.total_cents = group.rows.iter().map(|row| row.frees_cents).sum();
            }
        }
        Ok(candidates)
    }

    async fn seat_summary(&self) -> Result<app::types::SeatSummary, AppError> {
        let viewer = self.require(Area::Figures)?;
        let within = self.scope(&viewer).await?;
        let tz = self.state.company_tz().await.map_err(unavailable)?;
        let today = crate::seats::summary::today(tz);
        if within.is_some() {
            return crate::seats::summary::load(&self.state.pool, today, within.as_ref())
                .await
                .map_err(unavailable);
        }
        // The company's summary is kept while its inputs (and the day) stay the same.
        let pool = &self.state.pool;
        let version = dashboard::cache::version(pool).await.map_err(unavailable)?;
        if let Some(summary) = self.state.kept_summary.get(&(version, today)) {
            return Ok(summary);
        }
        let summary = crate::seats::summary::load(pool, today, None)
            .await
            .map_err(unavailable)?;
        self.state
            .kept_summary
            .put((version, today), summary.clone());
        Ok(summary)
    }

    async fn import_seats(&self, csv: String) -> Result<app::types::SeatImportOutcome, AppError> {
        use app::types::SeatImportOutcome;
        let viewer = self.require(Area::Settings)?;
        let (pool, settings) = (&self.state.pool, &self.state.settings);
        match save::import_seats(pool, settings, &viewer.email, &csv, Utc::now()).await {
            Ok(rows) => Ok(SeatImportOutcome::Imported {
                rows: u32::try_from(rows).unwrap_or(u32::MAX),
            }),
            Err(crate::seats::ImportError::Invalid(problems)) => {
                Ok(SeatImportOutcome::Refused { problems })
            }
            Err(crate::seats::ImportError::Database(error)) => Err(unavailable(error)),
        }
    }

    async fn settings(&self) -> Result<SettingsData, AppError> {
        self.require(Area::Settings)?;
        let channels = self.state.notifier.as_ref().map(|n| n.channels());
        dashboard::settings::load(&self.state.pool, &self.state.settings, channels)
            .await
            .map_err(unavailable)
    }

    async fn save_policy(&self, form: PolicyForm) -> Result<(), AppError> {
        let viewer = self.require(Area::Settings)?;
        let (pool, settings) = (&self.state.pool, &self.state.settings);
        save::save_policy(pool, settings, &viewer.email, &form, Utc::now())
            .await
            .map_err(refused)
    }

    async fn save_seat_types(&self, form: SeatTypesForm) -> Result<(), AppError> {
        let viewer = self.require(Area::Settings)?;
        let (pool, settings) = (&self.state.pool, &self.state.settings);
        save::save_seat_types(pool, settings, &viewer.email, &form)
            .await
            .map_err(refused)
    }

    async fn save_contract(&self, form: ContractForm) -> Result<(), AppError> {
        let viewer = self.require(Area::Settings)?;
        let (pool, settings) = (&self.state.pool, &self.state.settings);
        save::save_contract(pool, settings, &viewer.email, &form)
            .await
            .map_err(refused)
    }

    async fn protect_user(&self, form: ProtectForm) -> Result<(), AppError> {
        let viewer = self.require(Area::Settings)?;
        let tz = self.state.company_tz().await.map_err(unavailable)?;
        let now = Utc::now();
        let today = now.with_timezone(&tz).date_naive();
        let (pool, settings) = (&self.state.pool, &self.state.settings);
        save::protect(pool, settings, &viewer.email, &form, today, now)
            .await
            .map_err(refused)
    }

    async fn unprotect_user(&self, user_id: String) -> Result<(), AppError> {
        let viewer = self.require(Area::Settings)?;
        let (pool, settings) = (&self.state.pool, &self.state.settings);
        save::unprotect(pool, settings, &viewer.email, &user_id)
            .await
            .map_err(refused)
    }

    async fn set_user_seats(&self, form: UserSeatsForm) -> Result<(), AppError> {
        let viewer = self.require(Area::Settings)?;
        let (pool, settings) = (&self.state.pool, &self.state.settings);
        save::set_user_seats(pool, settings, &viewer.email, &form, Utc::now())
            .await
            .map_err(refused)
    }

    fn sync_progress(&self) -> Result<app::types::SyncProgress, AppError> {
        self.require(Area::SyncView)?;
        Ok(self.state.syncer.progress().borrow().clone())
    }

    fn request_sync(&self) -> Result<app::types::SyncRequest, AppError> {
        use app::types::SyncRequest;
        self.require(Area::Operate)?;
        let running = self.state.syncer.progress().borrow().run_id.is_some();
        Ok(if !running && self.state.sync_now.request() {
            SyncRequest::Started
        } else {
            SyncRequest::AlreadyRunning
        })
    }

    fn connection_info(&self) -> Result<ConnectionInfo, AppError> {
        self.require(Area::Settings)?;
        let settings = &self.state.settings;
        let gong_base_url = match &*self.state.connection {
            GongConnection::Demo => DEMO_BASE_URL.to_owned(),
            GongConnection::Live { base_url, .. } => base_url.to_string(),
        };
        Ok(ConnectionInfo {
            mode: self.mode(),
            gong_base_url,
            gong_access_key_set: settings.gong.access_key.is_some(),
            gong_access_key_secret_set: settings.gong.access_key_secret.is_some(),
            scim_base_url: settings.scim.base_url.as_ref().map(|url| url.to_string()),
            scim_token_set: settings.scim.token.is_some(),
            database: crate::db::redact_url(&settings.database_url()),
            data_dir: settings.data_dir.display().to_string(),
            listen_addr: self.state.local_addr.to_string(),
        })
    }

    async fn accounts(&self) -> Result<Vec<AccountInfo>, AppError> {
        self.require(Area::Settings)?;
        accounts::list(&self.state.pool).await.map_err(unavailable)
    }

    async fn add_account(
        &self,
        email: String,
        role: String,
        password: String,
    ) -> Result<(), AppError> {
        let viewer = self.require(Area::Settings)?;
        let role = Role::parse(&role).ok_or_else(|| {
            AppError::Invalid(format!(
                "Role: “{role}” is not admin, finance, manager or auditor"
            ))
        })?;
        accounts::add(&self.state.pool, &email, role, &password, &viewer.email)
            .await
            .map(|_| ())
            .map_err(account_refused)
    }

    async fn update_account(&self, id: i64, role: String, disabled: bool) -> Result<(), AppError> {
        let viewer = self.require(Area::Settings)?;
        let role = Role::parse(&role).ok_or_else(|| {
            AppError::Invalid(format!(
                "Role: “{role}” is not admin, finance, manager or auditor"
            ))
        })?;
        let sso_configured = self.state.oidc.is_some();
        accounts::update(
            &self.state.pool,
            id,
            role,
            disabled,
            sso_configured,
            &viewer.email,
        )
        .await
        .map_err(account_refused)
    }

    async fn set_sso_only(&self, id: i64, on: bool) -> Result<(), AppError> {
        let viewer = self.require(Area::Settings)?;
        let sso_configured = self.state.oidc.is_some();
        accounts::set_sso_only_by_id(&self.state.pool, id, on, sso_configured, &viewer.email)
            .await
            .map_err(account_refused)
    }

    async fn reset_password(&self, id: i64, password: String) -> Result<(), AppError> {
        let viewer = self.require(Area::Settings)?;
        accounts::reset_password(&self.state.pool, id, &password, &viewer.email)
            .await
            .map_err(account_refused)
    }

    async fn approvals(&self) -> Result<app::types::Approvals, AppError> {
        let viewer = self.require(Area::Approvals)?;
        let pool = &self.state.pool;
        workflow::expire_due(pool, Utc::now())
            .await
            .map_err(unavailable)?;
        let operator = access::require(Some(&viewer), Area::Operate).is_ok();
        Ok(app::types::Approvals {
            mine: workflow::awaiting(pool, &viewer)
                .await
                .map_err(unavailable)?,
            all: if operator {
                workflow::all(pool).await.map_err(unavailable)?
            } else {
                Vec::new()
            },
            settings: workflow::settings(pool).await.map_err(unavailable)?,
            scim: self.state.scim.is_some(),
            operator,
            currency: crate::seats::store::contract(pool)
                .await
                .map_err(unavailable)?
                .currency,
            notifications: if operator {
                crate::notify::health(pool, Utc::now())
                    .await
                    .map_err(unavailable)?
            } else {
                app::types::NotifyHealth::default()
            },
        })
    }

    async fn notify_health(&self) -> Result<app::types::NotifyHealth, AppError> {
        let viewer = self.require(Area::SyncView)?;
        if access::require(Some(&viewer), Area::Operate).is_err() {
            return Ok(app::types::NotifyHealth::default());
        }
        crate::notify::health(&self.state.pool, Utc::now())
            .await
            .map_err(unavailable)
    }

    async fn audit_page(&self, query: AuditQuery) -> Result<AuditPage, AppError> {
        self.require(Area::Audit)?;
        audit::page(&self.state.pool, &query)
            .await
            .map_err(unavailable)?
            .map_err(AppError::Invalid)
    }

    async fn retention(&self) -> Result<app::types::Retention, AppError> {
        self.require(Area::SyncView)?;
        let (snapshots, oldest) = crate::report::store::kept(&self.state.pool)
            .await
            .map_err(unavailable)?;
        Ok(app::types::Retention {
            days: self.state.settings.report.retention_days,
            snapshots,
            oldest: oldest.map(|at| at.format("%Y-%m-%d").to_string()),
        })
    }

    async fn run_check(&self) -> Result<app::types::CheckResult, AppError> {
        self.require(Area::Settings)?;
        let state = &self.state;
        Ok(check::run(check::Targets {
            gong: Some(state.syncer.target()),
            scim: state.scim.as_ref(),
            database: check::Database::Open(&state.pool),
            notify: state.notifier.as_ref().map(|n| n.channels()),
        })
        .await)
    }
}

impl ServerBackend {
    /// The signed-in account the gate put on this request, if any.
    fn viewer(&self) -> Option<SignedIn> {
        leptos::prelude::use_context::<Parts>()?
            .extensions
            .get::<SignedIn>()
            .cloned()
    }

    /// The viewer, if their role opens `area`; otherwise a refusal answered 401 or 403.
    fn require(&self, area: Area) -> Result<SignedIn, AppError> {
        access::require(self.viewer().as_ref(), area).map_err(|refusal| match refusal {
            Refusal::SignedOut => denied(StatusCode::UNAUTHORIZED, "Sign in first.".into()),
            Refusal::Role(role) => denied(
                StatusCode::FORBIDDEN,
                format!("Your role ({}) does not allow this.", role.label()),
            ),
        })
    }

    /// A manager's team (their subtree, and their own user id); `None` for the other roles.
    async fn team(&self, viewer: &SignedIn) -> Result<Option<dashboard::scope::Team>, AppError> {
        access::team(&self.state.pool, viewer)
            .await
            .map_err(unavailable)
    }

    /// A manager sees only their subtree; the other roles see everyone.
    async fn scope(&self, viewer: &SignedIn) -> Result<Option<HashSet<String>>, AppError> {
        access::scope(&self.state.pool, viewer)
            .await
            .map_err(unavailable)
    }
}

/// A refusal for want of a session or a role: the status is set on the response too.
fn denied(status: StatusCode, message: String) -> AppError {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    AppError::Denied(message)
}

fn account_refused(error: AccountError) -> AppError {
    match error {
        AccountError::Invalid(problem) => AppError::Invalid(problem),
        AccountError::Database(error) => unavailable(error),
    }
}
