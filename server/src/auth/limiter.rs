//! Failed sign-ins are limited per account and per address: after too many in a window, further
//! attempts are refused without checking the password until the oldest failure ages out.
//!
//! An attempt reserves its place before the (slow) password check, under the same lock as the
//! check, so parallel attempts cannot all pass the limit: a correct password gives the place back.

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

/// An attempt's place in the account's and the address's counts, taken before its password is
/// checked; it stays as a failure unless given back with [`LoginLimiter::succeeded`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    at: Instant,
    account: String,
    address: String,
    /// This attempt, if it fails, is the one that locks the account (it filled its count).
    pub locks_account: bool,
    /// This attempt, if it fails, is the one that locks the address.
    pub locks_address: bool,
}

impl LoginLimiter {
    /// Reserves a place for one attempt, or `Err(wait)` when the account or the address has
    /// failed too often lately (then nothing is counted).
    pub fn reserve(
        &self,
        email: &str,
        address: &str,
        now: Instant,
    ) -> Result<Reservation, Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let (account, address) = (account_key(email), address_key(address));
        let mut wait = None;
        for (key, limit) in [(&account, PER_ACCOUNT), (&address, PER_ADDRESS)] {
            if let Some(times) = failures.get_mut(key) {
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
        if let Some(wait) = wait {
            return Err(wait);
        }
        let mut count = |key: &String| {
            let times = failures.entry(key.clone()).or_default();
            times.push_back(now);
            times.len()
        };
        let locks_account = count(&account) == PER_ACCOUNT;
        let locks_address = count(&address) == PER_ADDRESS;
        // Keys whose failures have all aged out are dropped, so the map stays small.
        failures.retain(|_, times| {
            times
                .back()
                .is_some_and(|t| now.duration_since(*t) < WINDOW)
        });
        Ok(Reservation {
            at: now,
            account,
            address,
            locks_account,
            locks_address,
        })
    }

    /// A correct password: the attempt's place at the address is given back, and the account's
    /// failures are cleared.
    pub fn succeeded(&self, reservation: Reservation) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&reservation.account);
        if let Some(times) = failures.get_mut(&reservation.address) {
            if let Some(place) = times.iter().position(|t| *t == reservation.at) {
                times.remove(place);
            }
        }
    }

    /// An attempt that could not be checked (the database failed): its places are given back.
    pub fn release(&self, reservation: Reservation) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for key in [&reservation.account, &reservation.address] {
            if let Some(times) = failures.get_mut(key) {
                if let Some(place) = times.iter().position(|t| *t == reservation.at) {
                    times.remove(place);
                }
            }
        }
    }
}

/// An email longer than any real one is cut, so a guess cannot make a megabyte key.
fn account_key(email: &str) -> String {
    let email = email.trim().to_lowercase();
    format!(
        "account:{}",
        crate::audit::bounded(&email, crate::audit::MAX_NAME)
    )
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
            let reserved = limiter
                .reserve("Ana@example.com", &format!("10.0.0.{i}"), start)
                .unwrap();
            assert_eq!(reserved.locks_account, i + 1 == PER_ACCOUNT);
        }
        let wait = limiter
            .reserve(
                "ana@example.com",
                "10.0.0.99",
                start + Duration::from_secs(60),
            )
            .unwrap_err();
        assert_eq!(wait, WINDOW - Duration::from_secs(60));
        assert!(limiter
            .reserve("bo@example.com", "10.0.0.99", start)
            .is_ok());
        assert!(limiter
            .reserve("ana@example.com", "10.0.0.99", start + WINDOW)
            .is_ok());
    }

    #[test]
    fn one_address_trying_many_accounts_is_stopped_and_a_success_clears_only_the_account() {
        let limiter = LoginLimiter::default();
        let now = Instant::now();
        for i in 0..PER_ADDRESS {
            let reserved = limiter
                .reserve(&format!("user{i}@example.com"), "10.0.0.7", now)
                .unwrap();
            assert_eq!(reserved.locks_address, i + 1 == PER_ADDRESS);
        }
        assert!(limiter.reserve("new@example.com", "10.0.0.7", now).is_err());
        assert!(limiter.reserve("new@example.com", "10.0.0.8", now).is_ok());

        for _ in 0..PER_ACCOUNT - 1 {
            limiter.reserve("ana@example.com", "10.0.0.9", now).unwrap();
        }
        let right = limiter.reserve("ana@example.com", "10.0.0.9", now).unwrap();
        limiter.succeeded(right);
        assert!(limiter.reserve("ana@example.com", "10.0.0.9", now).is_ok());
    }

    #[test]
    fn parallel_attempts_are_counted_before_their_passwords_are_checked() {
        let limiter = LoginLimiter::default();
        let now = Instant::now();
        // Forty attempts that have all passed the check before any password is verified.
        let admitted = (0..40)
            .filter(|_| limiter.reserve("ana@example.com", "10.0.0.1", now).is_ok())
            .count();
        assert_eq!(admitted, PER_ACCOUNT);
    }

    #[test]
    fn a_correct_password_gives_its_place_at_the_address_back() {
        let limiter = LoginLimiter::default();
        let now = Instant::now();
        for i in 0..PER_ADDRESS * 2 {
            let reserved = limiter
                .reserve(&format!("user{i}@example.com"), "10.0.0.7", now)
                .unwrap();
            limiter.succeeded(reserved);
        }
        assert!(limiter.reserve("new@example.com", "10.0.0.7", now).is_ok());
    }
}
