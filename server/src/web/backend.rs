//! The server's side of the contract the pages' server functions call (`app::backend::Backend`).

use app::{
    backend::Backend,
    error::AppError,
    types::{
        ConnectionInfo, ContractForm, Mode, PolicyForm, ProtectForm, SeatTypesForm, SettingsData,
        ShellInfo, SyncRunSummary, UserSeatsForm, UsersPage, UsersQuery,
    },
};
use chrono::Utc;

use super::AppState;
use crate::{
    config::GongConnection,
    dashboard::{
        self,
        settings::{self, SaveError},
    },
    db,
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
        let last_sync = db::sync_runs::latest(&self.state.pool)
            .await
            .map_err(unavailable)?;
        Ok(ShellInfo {
            mode: self.mode(),
            last_sync,
        })
    }

    async fn sync_runs(&self, limit: u32) -> Result<Vec<SyncRunSummary>, AppError> {
        db::sync_runs::recent(&self.state.pool, limit)
            .await
            .map_err(unavailable)
    }

    async fn users_page(&self, query: UsersQuery) -> Result<UsersPage, AppError> {
        dashboard::users::page(&self.state.pool, &self.state.user_counts, &query)
            .await
            .map_err(unavailable)
    }

    async fn overview_charts(&self) -> Result<app::types::OverviewCharts, AppError> {
        let tz = self.state.company_tz().await.map_err(unavailable)?;
        let data = dashboard::overview::load(&self.state.pool, tz)
            .await
            .map_err(unavailable)?;
        Ok(data.map(|data| data.charts()).unwrap_or_default())
    }

    async fn user_detail(&self, id: String) -> Result<app::types::UserLookup, AppError> {
        let tz = self.state.company_tz().await.map_err(unavailable)?;
        dashboard::user_detail::load(&self.state.pool, &id, tz)
            .await
            .map_err(unavailable)
    }

    async fn candidates(&self) -> Result<app::types::Candidates, AppError> {
        dashboard::candidates::load(&self.state.pool)
            .await
            .map_err(unavailable)
    }

    async fn seat_summary(&self) -> Result<app::types::SeatSummary, AppError> {
        let tz = self.state.company_tz().await.map_err(unavailable)?;
        let today = crate::seats::summary::today(tz);
        crate::seats::summary::load(&self.state.pool, today)
            .await
            .map_err(unavailable)
    }

    async fn import_seats(&self, csv: String) -> Result<app::types::SeatImportOutcome, AppError> {
        use app::types::SeatImportOutcome;
        match crate::seats::import::import(&self.state.pool, &csv, chrono::Utc::now()).await {
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
        dashboard::settings::load(&self.state.pool, &self.state.settings)
            .await
            .map_err(unavailable)
    }

    async fn save_policy(&self, form: PolicyForm) -> Result<(), AppError> {
        settings::save_policy(&self.state.pool, &self.state.settings, &form, Utc::now())
            .await
            .map_err(refused)
    }

    async fn save_seat_types(&self, form: SeatTypesForm) -> Result<(), AppError> {
        settings::save_seat_types(&self.state.pool, &form)
            .await
            .map_err(refused)
    }

    async fn save_contract(&self, form: ContractForm) -> Result<(), AppError> {
        settings::save_contract(&self.state.pool, &form)
            .await
            .map_err(refused)
    }

    async fn protect_user(&self, form: ProtectForm) -> Result<(), AppError> {
        let tz = self.state.company_tz().await.map_err(unavailable)?;
        let now = Utc::now();
        let today = now.with_timezone(&tz).date_naive();
        settings::protect(&self.state.pool, &form, today, now)
            .await
            .map_err(refused)
    }

    async fn unprotect_user(&self, user_id: String) -> Result<(), AppError> {
        settings::unprotect(&self.state.pool, &user_id)
            .await
            .map_err(refused)
    }

    async fn set_user_seats(&self, form: UserSeatsForm) -> Result<(), AppError> {
        settings::set_user_seats(&self.state.pool, &form, Utc::now())
            .await
            .map_err(refused)
    }

    fn sync_progress(&self) -> app::types::SyncProgress {
        self.state.syncer.progress().borrow().clone()
    }

    fn request_sync(&self) -> app::types::SyncRequest {
        use app::types::SyncRequest;
        let running = self.state.syncer.progress().borrow().run_id.is_some();
        if !running && self.state.sync_now.request() {
            SyncRequest::Started
        } else {
            SyncRequest::AlreadyRunning
        }
    }

    fn connection_info(&self) -> ConnectionInfo {
        let settings = &self.state.settings;
        let gong_base_url = match &*self.state.connection {
            GongConnection::Demo => DEMO_BASE_URL.to_owned(),
            GongConnection::Live { base_url, .. } => base_url.to_string(),
        };
        ConnectionInfo {
            mode: self.mode(),
            gong_base_url,
            gong_access_key_set: settings.gong.access_key.is_some(),
            gong_access_key_secret_set: settings.gong.access_key_secret.is_some(),
            scim_base_url: settings.scim.base_url.as_ref().map(|url| url.to_string()),
            scim_token_set: settings.scim.token.is_some(),
            database: redact_url(&settings.database_url()),
            data_dir: settings.data_dir.display().to_string(),
            listen_addr: self.state.local_addr.to_string(),
        }
    }
}

/// Drops any `user:password@` part of a database URL before it is shown.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}[redacted]@{}", &url[..scheme_end + 3], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn database_credentials_are_hidden() {
        assert_eq!(
            redact_url("postgres://audit:pw@db.internal/seats"),
            "postgres://[redacted]@db.internal/seats"
        );
        assert_eq!(
            redact_url("sqlite://data/seat-audit.db"),
            "sqlite://data/seat-audit.db"
        );
    }
}
