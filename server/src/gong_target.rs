//! Resolves where Gong is: a live tenant from the settings. In demo mode there is no Gong to read
//! until the embedded simulator is part of the build, so the demo serves the dashboard without
//! syncing.

use crate::{
    config::{GongConnection, Settings},
    sync::GongTarget,
};

/// The Gong the product reads, if any.
pub struct Connected {
    pub target: Option<GongTarget>,
}

pub async fn connect(
    _settings: &Settings,
    connection: &GongConnection,
) -> anyhow::Result<Connected> {
    match connection {
        GongConnection::Live {
            base_url,
            access_key,
            access_key_secret,
        } => Ok(Connected {
            target: Some(GongTarget {
                base_url: base_url.clone(),
                access_key: access_key.clone(),
                access_key_secret: access_key_secret.clone(),
            }),
        }),
        GongConnection::Demo => {
            tracing::warn!("demo mode: this build has no Gong simulator, so nothing is synced");
            Ok(Connected { target: None })
        }
    }
}
