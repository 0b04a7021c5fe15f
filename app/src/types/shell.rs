//! What every page needs about the installation: its mode, the last sync, the viewer, the connection.

use serde::{Deserialize, Serialize};

use super::{SyncRunSummary, Viewer};

/// Whether the product reads a real Gong tenant or the embedded simulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    Demo,
    Live,
}

/// What every page needs to know about the installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShellInfo {
    pub mode: Mode,
    pub last_sync: Option<SyncRunSummary>,
    /// The signed-in account; `None` on the sign-in page.
    pub viewer: Option<Viewer>,
    /// The identity provider's name when single sign-on (OpenID Connect) is configured.
    #[serde(default)]
    pub sso_provider: Option<String>,
}

/// The connection settings fixed at start-up, with secrets reduced to whether they are set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionInfo {
    pub mode: Mode,
    pub gong_base_url: String,
    pub gong_access_key_set: bool,
    pub gong_access_key_secret_set: bool,
    pub scim_base_url: Option<String>,
    pub scim_token_set: bool,
    pub database: String,
    pub data_dir: String,
    pub listen_addr: String,
}
