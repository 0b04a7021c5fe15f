//! The Settings page's data: the policy, seats and prices, the contract, the protected list, the
//! Technical Administrators and the workflow settings. Its saves are `policy::save`.

use app::types::SettingsData;

use crate::{config::Settings, db::Pool, policy, seats::store as seats};

pub async fn load(pool: &Pool, settings: &Settings) -> Result<SettingsData, sqlx::Error> {
    let policy = policy::load(pool, settings).await?.policy;
    Ok(SettingsData {
        time_zone_in_force: crate::sync::zone::in_force(pool, &policy.time_zone).await?,
        policy,
        seat_types: seats::seat_types(pool).await?,
        contract: seats::contract(pool).await?,
        protected: policy::protected::list(pool).await?,
        technical_admins: seats::technical_admins(&mut *pool.acquire().await?).await?,
        assignments: u32::try_from(seats::assignment_count(pool).await?).unwrap_or(u32::MAX),
        workflow: crate::workflow::settings(pool).await?,
    })
}
