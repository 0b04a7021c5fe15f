//! Resolves where Gong is: a live tenant from the settings, or, in demo mode, the simulator started
//! in this process on a loopback port with its state kept in the data directory; and where SCIM
//! deactivations go (the configured endpoint, or the demo simulator's).

use std::net::SocketAddr;

use anyhow::Context;

use crate::{
    config::{GongConnection, Secret, Settings},
    simulator::{RunningSimulator, Simulator, SimulatorConfig},
    sync::GongTarget,
    workflow::scim::ScimTarget,
};

/// The demo company's seed: the same company on every start.
pub const DEMO_SEED: u64 = 20_261_123;

/// The Gong the product reads, and the simulator behind it in demo mode (kept alive with it).
pub struct Connected {
    pub target: GongTarget,
    pub simulator: Option<RunningSimulator>,
}

pub async fn connect(
    settings: &Settings,
    connection: &GongConnection,
) -> anyhow::Result<Connected> {
    match connection {
        GongConnection::Live {
            base_url,
            access_key,
            access_key_secret,
        } => Ok(Connected {
            target: GongTarget {
                base_url: base_url.clone(),
                access_key: access_key.clone(),
                access_key_secret: access_key_secret.clone(),
            },
            simulator: None,
        }),
        GongConnection::Demo => {
            let mut config = SimulatorConfig::demo(DEMO_SEED);
            let state_dir = settings.data_dir.join("simulator");
            crate::db::permissions::private_dir(&state_dir)
                .and_then(|()| crate::db::permissions::private_files_in(&state_dir))
                .with_context(|| {
                    format!(
                        "cannot make the simulator's state {} private",
                        state_dir.display()
                    )
                })?;
            config.state_dir = Some(state_dir);
            let simulator = Simulator::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
                .await
                .context("cannot start the demo's Gong simulator")?;
            let credentials = simulator.credentials();
            let target = GongTarget {
                base_url: simulator
                    .base_url()
                    .parse()
                    .context("the simulator's URL")?,
                access_key: Secret::new(credentials.access_key.clone()),
                access_key_secret: Secret::new(credentials.access_key_secret.clone()),
            };
            tracing::info!(base_url = %simulator.base_url(), "demo mode: the embedded Gong simulator is serving");
            Ok(Connected {
                target,
                simulator: Some(simulator),
            })
        }
    }
}

/// Where deactivations are executed: the demo simulator's SCIM endpoint, else the configured one
/// when both its URL and token are set, else nowhere (executions are then done by hand).
pub fn scim_target(
    settings: &Settings,
    simulator: Option<&RunningSimulator>,
) -> anyhow::Result<Option<ScimTarget>> {
    Ok(match simulator {
        Some(simulator) => Some(ScimTarget {
            base_url: simulator
                .scim_base_url()
                .parse()
                .context("the simulator's SCIM URL")?,
            token: Secret::new(simulator.credentials().scim_token.clone()),
        }),
        None => match (&settings.scim.base_url, &settings.scim.token) {
            (Some(base_url), Some(token)) => Some(ScimTarget {
                base_url: base_url.clone(),
                token: token.clone(),
            }),
            _ => None,
        },
    })
}
