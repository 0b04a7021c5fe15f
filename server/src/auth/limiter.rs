//! Failed sign-ins are limited per account and per address: after too many in a window, further
//! attempts are refused without checking the password until the oldest failure ages out.

use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
    time::{Duration, Instant},
};

pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const PER_ACCOUNT: usize = 5;
pub const PER_ADDRESS: usize = 20;

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    /// `Err(wait)` when the account or the address has failed too often lately.
    pub fn check(&self, email: &str, address: &str, now: Instant) -> Result<(), Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = None;
        for (key, limit) in [
            (account_key(email), PER_ACCOUNT),
            (address_key(address), PER_ADDRESS),
        ] {
            if let Some(times) = failures.get_mut(&key) {
                while times
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= WINDOW)
                {
                    times.pop_front();
                }
                if times.len() >= limit {
                    let oldest = *times.front().expect("at least `limit` entries");
                    let left = WINDOW.saturating_sub(now.duration_since(oldest));
                    wait = Some(wait.map_or(left, |w: Duration| w.max(left)));
                }
            }
        }
        wait.map_or(Ok(()), Err)
    }

    pub fn failed(&self, email: &str, address: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for key in [account_key(email), address_key(address)] {
            failures.entry(key).or_default().push_back(now);
        }
        // Keys whose failures have all aged out are dropped, so the map stays small.
        failures.retain(|_, times| {
            times
                .back()
                .is_some_and(|t| now.duration_since(*t) < WINDOW)
        });
    }

    /// A correct password clears the account's failures (not the address's).
    pub fn succeeded(&self, email: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&account_key(email));
    }
}

fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("address:{address}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_the_account_for_the_rest_of_the_window_whatever_the_address() {
        let limiter = LoginLimiter::default();
        let start = Instant::now();
        for i in 0..PER_ACCOUNT {
            assert!(limiter.check("ana@example.com", "10.0.0.1", start).is_ok());
            limiter.failed("Ana@example.com", &format!("10.0.0.{i}"), start);
        }
        let wait = limiter
            .check(
                "ana@example.com",
                "10.0.0.99",
                start + Duration::from_secs(60),
            )
            .unwrap_err();
        assert_eq!(wait, WINDOW - Duration::from_secs(60));
        assert!(limiter.check("bo@example.com", "10.0.0.99", start).is_ok());
        assert!(limiter
            .check("ana@example.com", "10.0.0.99", start + WINDOW)
            .is_ok());
    }

    #[test]
    fn one_address_trying_many_accounts_is_stopped_and_a_success_clears_only_the_account() {
        let limiter = LoginLimiter::default();
        let now = Instant::now();
        for i in 0..PER_ADDRESS {
            limiter.failed(&format!("user{i}@example.com"), "10.0.0.7", now);
        }
        assert!(limiter.check("new@example.com", "10.0.0.7", now).is_err());
        assert!(limiter.check("new@example.com", "10.0.0.8", now).is_ok());

        limiter.failed("ana@example.com", "10.0.0.9", now);
        limiter.succeeded("ana@example.com");
        assert!(limiter.check("ana@example.com", "10.0.0.9", now).is_ok());
    }
}
