//! The simulator's shared state: the company and its indexes, the limits, the faults, SCIM changes
//! (persisted in the state directory), and the request log.

use std::{
    collections::HashMap,
    path::PathBuf,
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Mutex,
    },
    time::Duration,
};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    clock::SimClock,
    company::{Company, Persona},
    config::SimulatorConfig,
    error::SimulatorError,
    faults::Faults,
    limits::Limiter,
};

/// The newest requests a simulator keeps in its log (about 50 MB).
const MAX_LOGGED: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub latency: Duration,
}

/// One change of a user's `active` flag made through SCIM.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActiveChange {
    pub user_id: String,
    pub at: DateTime<Utc>,
    pub active: bool,
}

pub struct Shared {
    pub config: SimulatorConfig,
    pub company: Company,
    pub clock: SimClock,
    pub limiter: Mutex<Limiter>,
    pub faults: Mutex<Faults>,
    pub stats_allowed: AtomicBool,
    pub log: Mutex<Vec<LoggedRequest>>,
    answered: AtomicU64,
    pub sequence: AtomicU64,
    pub cursor_key: u64,
    /// Per user: the calls they hosted and attended (indexes into `company.calls`, by start).
    pub hosted: Vec<Vec<u32>>,
    pub attended: Vec<Vec<u32>>,
    /// Per user: their listens and coaching actions (indexes into `company.actions`, by time).
    pub actions: Vec<Vec<u32>>,
    pub by_id: HashMap<String, u32>,
    pub by_email: HashMap<String, u32>,
    pub by_scim_id: HashMap<String, u32>,
    /// Non-avatar users, in list order.
    pub listed: Vec<u32>,
    pub changes: Mutex<Vec<ActiveChange>>,
    changes_file: Option<PathBuf>,
    /// Calls added after start-up through the test hook (`POST /simulator/calls`).
    pub added_calls: Mutex<Vec<super::company::Call>>,
}

impl Shared {
    pub fn new(config: SimulatorConfig, clock: SimClock) -> Result<Shared, SimulatorError> {
        let reference_now = config.reference_now.unwrap_or_else(|| clock.now());
        let company = Company::generate(config.seed, config.size, reference_now);
        let n = company.users.len();
        let mut hosted = vec![Vec::new(); n];
        let mut attended = vec![Vec::new(); n];
        for (i, call) in company.calls.iter().enumerate() {
            hosted[call.host as usize].push(i as u32);
            for attendee in call.attendees.iter().filter(|a| **a != u32::MAX) {
                attended[*attendee as usize].push(i as u32);
            }
        }
        let mut actions = vec![Vec::new(); n];
        for (i, action) in company.actions.iter().enumerate() {
            actions[action.user as usize].push(i as u32);
        }
        let index = |key: fn(&super::company::User) -> String| {
            company
                .users
                .iter()
                .enumerate()
                .map(|(i, u)| (key(u), i as u32))
                .collect::<HashMap<_, _>>()
        };
        let by_id = index(|u| u.id.clone());
        let by_email = index(|u| u.email.to_lowercase());
        let by_scim_id = index(|u| u.scim_id.clone());
        let listed = (0..n as u32)
            .filter(|&i| company.users[i as usize].persona != Persona::Avatar)
            .collect();
        let changes_file = config
            .state_dir
            .as_ref()
            .map(|dir| dir.join("scim-changes.json"));
        let changes = match &changes_file {
            Some(file) if file.exists() => {
                let text = std::fs::read_to_string(file).map_err(|e| SimulatorError::State {
                    path: file.display().to_string(),
                    message: e.to_string(),
                })?;
                serde_json::from_str(&text).map_err(|e| SimulatorError::State {
                    path: file.display().to_string(),
                    message: e.to_string(),
                })?
            }
            _ => Vec::new(),
        };
        Ok(Shared {
            limiter: Mutex::new(Limiter::new(config.limits)),
            faults: Mutex::new(config.faults.clone()),
            stats_allowed: AtomicBool::new(config.stats_allowed),
            log: Mutex::new(Vec::new()),
            answered: AtomicU64::new(0),
            sequence: AtomicU64::new(0),
            cursor_key: config.seed ^ 0x5eed_c0de_0000_0000 ^ u64::from(std::process::id()),
            hosted,
            attended,
            actions,
            by_id,
            by_email,
            by_scim_id,
            listed,
            changes: Mutex::new(changes),
            changes_file,
            added_calls: Mutex::new(Vec::new()),
            config,
            company,
            clock,
        })
    }

    /// Requests answered since start or the last reset of the log.
    pub fn request_count(&self) -> u64 {
        self.answered.load(Ordering::Relaxed)
    }

    /// Logs and counts one answered request. A long-running simulator (the demo) keeps only the
    /// newest entries, so its log cannot grow without bound; the count stays exact.
    pub fn record(&self, request: LoggedRequest) {
        self.answered.fetch_add(1, Ordering::Relaxed);
        let mut log = self.log.lock().expect("log lock");
        if log.len() >= MAX_LOGGED {
            log.drain(..MAX_LOGGED / 2);
        }
        log.push(request);
    }

    pub fn reset_log(&self) {
        self.log.lock().expect("log lock").clear();
        self.answered.store(0, Ordering::Relaxed);
    }

    pub fn user_index(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// Whether the user is active at `at`: generated state, then SCIM changes made up to `at`.
    pub fn active_at(&self, index: u32, at: DateTime<Utc>) -> bool {
        let user = &self.company.users[index as usize];
        let changes = self.changes.lock().expect("changes lock");
        changes
            .iter()
            .rev()
            .find(|c| c.user_id == user.id && c.at <= at)
            .map_or(user.active, |c| c.active)
    }

    /// The user's SCIM changes, oldest first.
    pub fn changes_of(&self, index: u32) -> Vec<ActiveChange> {
        let id = &self.company.users[index as usize].id;
        self.changes
            .lock()
            .expect("changes lock")
            .iter()
            .filter(|c| &c.user_id == id)
            .cloned()
            .collect()
    }

    /// Records an `active` change and writes the list to the state directory.
    pub fn record_change(&self, index: u32, active: bool) -> std::io::Result<()> {
        let mut changes = self.changes.lock().expect("changes lock");
        changes.push(ActiveChange {
            user_id: self.company.users[index as usize].id.clone(),
            at: self.clock.now(),
            active,
        });
        if let Some(file) = &self.changes_file {
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let temporary = file.with_extension("json.tmp");
            std::fs::write(&temporary, serde_json::to_vec(&*changes)?)?;
            std::fs::rename(temporary, file)?;
        }
        Ok(())
    }

    pub fn next_sequence(&self) -> u64 {
        self.sequence.fetch_add(1, Ordering::Relaxed)
    }
}
