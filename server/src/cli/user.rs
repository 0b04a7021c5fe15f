//! `seat-audit user add --email E --role R`: the password from stdin (piped), or generated and
//! printed once when stdin is a terminal or empty. `seat-audit user sso-only --email E [--off]`.

use std::{
    io::{IsTerminal, Read},
    process::ExitCode,
};

use app::types::Role;

use crate::{
    audit,
    auth::{accounts, accounts::AccountError, password},
    config::Settings,
    db,
};

pub async fn add(settings: &Settings, email: &str, role: Role) -> ExitCode {
    let given = if std::io::stdin().is_terminal() {
        None
    } else {
        let mut text = String::new();
        if let Err(error) = std::io::stdin().read_to_string(&mut text) {
            eprintln!("seat-audit user add: cannot read the password from stdin: {error}");
            return ExitCode::FAILURE;
        }
        let line = text.lines().next().unwrap_or("").to_owned();
        (!line.is_empty()).then_some(line)
    };
    let generated = given.is_none();
    let password = given.unwrap_or_else(password::generate);
    let pool = match db::connect(settings).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("seat-audit user add: {error}");
            return ExitCode::FAILURE;
        }
    };
    match accounts::add(&pool, email, role, &password, audit::SYSTEM).await {
        Ok(_) => {
            println!("added {} as {}", email.trim(), role.as_str());
            if generated {
                println!("password: {password}");
                println!("(shown once; the account can sign in with it now)");
            }
            ExitCode::SUCCESS
        }
        Err(AccountError::Invalid(why)) => {
            eprintln!("seat-audit user add: {why}; no account was added");
            ExitCode::FAILURE
        }
        Err(AccountError::Database(error)) => {
            eprintln!("seat-audit user add: database: {error}");
            ExitCode::FAILURE
        }
    }
}

pub async fn sso_only(settings: &Settings, email: &str, on: bool) -> ExitCode {
    let pool = match db::connect(settings).await {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("seat-audit user sso-only: {error}");
            return ExitCode::FAILURE;
        }
    };
    let sso_configured = settings.oidc().ok().flatten().is_some();
    match accounts::set_sso_only(&pool, email, on, sso_configured, audit::SYSTEM).await {
        Ok(()) if on => {
            println!("{} now signs in through single sign-on only", email.trim());
            ExitCode::SUCCESS
        }
        Ok(()) => {
            println!(
                "{} may use a password again: reset it in Settings to give it one",
                email.trim()
            );
            ExitCode::SUCCESS
        }
        Err(AccountError::Invalid(why)) => {
            eprintln!("seat-audit user sso-only: {why}; nothing was changed");
            ExitCode::FAILURE
        }
        Err(AccountError::Database(error)) => {
            eprintln!("seat-audit user sso-only: database: {error}");
            ExitCode::FAILURE
        }
    }
}
