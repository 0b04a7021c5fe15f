//! The state every handler and server function shares.

use std::{net::SocketAddr, sync::Arc};

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use tokio_util::sync::CancellationToken;

use super::{site, HttpMetrics};
use crate::{
    auth::{limiter::LoginLimiter, oidc::Provider},
    config::{GongConnection, Settings},
    dashboard,
    db::Pool,
    sync::{schedule::SyncNow, Syncer},
    workflow::scim::ScimTarget,
};

/// The name cargo-leptos gives the wasm, JS and CSS files (`name` in the workspace metadata).
const OUTPUT_NAME: &str = "seat-audit";
/// Where cargo-leptos puts the site, read when neither a site root is set nor a site embedded.
const DISK_SITE_ROOT: &str = "target/site";

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub settings: Arc<Settings>,
    pub connection: Arc<GongConnection>,
    pub leptos: LeptosOptions,
    pub metrics: Arc<HttpMetrics>,
    pub local_addr: SocketAddr,
    pub syncer: Syncer,
    pub sync_now: SyncNow,
    /// The Users page's counts per report and filter.
    pub user_counts: Arc<dashboard::users::Counts>,
    /// The latest report's months of activity, for the Overview's derived trend.
    pub trend_history: Arc<dashboard::overview::derived::HistoryCache>,
    /// The company's report charts and seat summary, kept while their inputs stay the same.
    pub kept_charts: Arc<dashboard::overview::derived::KeptCharts>,
    pub kept_summary:
        Arc<dashboard::cache::Kept<(i64, chrono::NaiveDate), app::types::SeatSummary>>,
    /// Failed sign-ins per account and address.
    pub logins: Arc<LoginLimiter>,
    /// Where deactivations are executed: the configured SCIM endpoint, or the demo simulator's.
    pub scim: Option<ScimTarget>,
    /// Single sign-on, when OpenID Connect is configured.
    pub oidc: Option<Arc<Provider>>,
    /// Cancelled when shutdown starts, so long-lived responses (the sync's event stream) end and
    /// the graceful shutdown does not wait for them.
    pub shutdown: CancellationToken,
    /// Signs the pre-session CSRF tokens; start-up replaces the random one with the stored one.
    pub csrf_key: Arc<super::csrf::CsrfKey>,
    /// Notifications: the Settings page's test message and the pages' delivery problems.
    pub notifier: Option<crate::notify::Notifier>,
}

impl AppState {
    pub fn new(
        settings: Arc<Settings>,
        connection: GongConnection,
        pool: Pool,
        local_addr: SocketAddr,
        syncer: Syncer,
        sync_now: SyncNow,
    ) -> Self {
        let (site_root, output_name) = match &settings.site_root {
            Some(root) => (root.display().to_string(), OUTPUT_NAME.to_owned()),
            None => (DISK_SITE_ROOT.to_owned(), site::output_name(OUTPUT_NAME)),
        };
        let leptos = LeptosOptions::builder()
            .output_name(output_name)
            .site_root(site_root)
            .site_pkg_dir("pkg")
            .site_addr(local_addr)
            .env(leptos::config::Env::PROD)
            .build();
        AppState {
            pool,
            settings,
            connection: Arc::new(connection),
            leptos,
            metrics: Arc::new(HttpMetrics::default()),
            local_addr,
            syncer,
            sync_now,
            user_counts: Arc::default(),
            trend_history: Arc::default(),
            kept_charts: Arc::default(),
            kept_summary: Arc::default(),
            logins: Arc::default(),
            scim: None,
            oidc: None,
            shutdown: CancellationToken::new(),
            csrf_key: Arc::new(super::csrf::CsrfKey::random()),
            notifier: None,
        }
    }
}

impl AppState {
    /// The company time zone in force now: the setting, else Gong's, else UTC (pages count days
    /// in it).
    pub async fn company_tz(&self) -> Result<chrono_tz::Tz, sqlx::Error> {
        crate::sync::zone::company_tz(&self.pool, &self.settings).await
    }

    /// The zone in force under `policy` already read (its setting, else Gong's, else UTC).
    pub async fn zone_of(&self, policy: &app::types::Policy) -> Result<chrono_tz::Tz, sqlx::Error> {
        let zone = crate::sync::zone::in_force(&self.pool, &policy.time_zone).await?;
        Ok(crate::sync::zone::tz(&zone))
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
