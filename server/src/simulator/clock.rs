//! The simulator's clock: the real time by default, or a fixed "now" that tests set and advance.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Default)]
pub struct SimClock {
    fixed: Arc<Mutex<Option<DateTime<Utc>>>>,
}

impl SimClock {
    pub fn now(&self) -> DateTime<Utc> {
        self.fixed
            .lock()
            .expect("clock lock")
            .unwrap_or_else(Utc::now)
    }

    /// Fixes "now" at `now`.
    pub fn set(&self, now: DateTime<Utc>) {
        *self.fixed.lock().expect("clock lock") = Some(now);
    }

    /// Moves a fixed clock forward (fixing it at the current time first if it was real).
    pub fn advance(&self, by: Duration) {
        let mut fixed = self.fixed.lock().expect("clock lock");
        *fixed = Some(fixed.unwrap_or_else(Utc::now) + by);
    }
}
