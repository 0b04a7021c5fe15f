//! What demo mode wires besides the simulator: the demo company's seats and contract, one account
//! per role, and which of the company's managers the manager account is.

use anyhow::Context;
use app::types::Role;

use super::demo_seats;
use crate::{
    audit,
    auth::accounts::{add, by_email, AccountError},
    db::Pool,
    simulator::{Persona, RunningSimulator},
};

/// Sets up a demo database on first start (seats, prices, contract, accounts) and returns the
/// accounts to print.
pub async fn wire(pool: &Pool, simulator: &RunningSimulator) -> anyhow::Result<Vec<DemoAccount>> {
    demo_seats::seed(pool, &simulator.seats_csv(), chrono::Utc::now())
        .await
        .context("cannot set up the demo's seats")?;
    ensure_demo_accounts(pool, &demo_manager(simulator))
        .await
        .context("cannot set up the demo's accounts")
}

/// A demo account to print at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub email: String,
    pub role: Role,
    pub password: &'static str,
}

/// One account per role for the demo company (synthetic data only); the manager is the Gong user
/// `manager_email`, so that account sees that manager's subtree. Created once; the passwords are
/// fixed so the README and the tests can name them.
pub async fn ensure_demo_accounts(
    pool: &Pool,
    manager_email: &str,
) -> Result<Vec<DemoAccount>, AccountError> {
    let accounts = vec![
        DemoAccount {
            email: "admin@demo.seat-audit.test".into(),
            role: Role::Admin,
            password: "demo-admin-password",
        },
        DemoAccount {
            email: "finance@demo.seat-audit.test".into(),
            role: Role::Finance,
            password: "demo-finance-password",
        },
        DemoAccount {
            email: manager_email.to_owned(),
            role: Role::Manager,
            password: "demo-manager-password",
        },
        DemoAccount {
            email: "auditor@demo.seat-audit.test".into(),
            role: Role::Auditor,
            password: "demo-auditor-password",
        },
    ];
    for demo in &accounts {
        if by_email(pool, &demo.email).await?.is_none() {
            add(pool, &demo.email, demo.role, demo.password, audit::SYSTEM).await?;
        }
    }
    Ok(accounts)
}

/// The demo's manager account: the first active manager in the synthetic company with a leaver
/// among their direct reports (a deactivation candidate for them to approve), else with reports.
fn demo_manager(simulator: &RunningSimulator) -> String {
    let users = &simulator.company().users;
    let manages = |i: usize, persona: Option<Persona>| {
        users.iter().any(|r| {
            r.manager == Some(i as u32) && r.active && persona.is_none_or(|p| r.persona == p)
        })
    };
    let manager = |persona: Option<Persona>| {
        users
            .iter()
            .enumerate()
            .find(|(i, u)| u.active && u.persona == Persona::Manager && manages(*i, persona))
            .map(|(_, u)| u.email.clone())
    };
    manager(Some(Persona::Leaver))
        .or_else(|| manager(None))
        .unwrap_or_else(|| "manager@demo.seat-audit.test".to_owned())
}
