//! Gong's rate limits, per company (all keys together): a token bucket of N per second, at most M in
//! flight, and a daily quota that resets at midnight UTC (docs/gong-api.md). Every refusal is a 429
//! with an integer `Retry-After`; a refused request does not use quota.

use std::time::Instant;

use chrono::{DateTime, Duration, NaiveDate, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub per_second: u32,
    pub in_flight: u32,
    pub per_day: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            per_second: 3,
            in_flight: 3,
            per_day: 10_000,
        }
    }
}

pub struct Limiter {
    pub limits: RateLimits,
    tokens: f64,
    refilled: Instant,
    in_flight: u32,
    day: NaiveDate,
    used_today: u32,
}

impl Limiter {
    pub fn new(limits: RateLimits) -> Self {
        Limiter {
            limits,
            tokens: f64::from(limits.per_second),
            refilled: Instant::now(),
            in_flight: 0,
            day: NaiveDate::MIN,
            used_today: 0,
        }
    }

    pub fn set_limits(&mut self, limits: RateLimits) {
        self.limits = limits;
        self.tokens = self.tokens.min(f64::from(limits.per_second));
    }

    /// Admits a request or says how many seconds to wait.
    pub fn admit(&mut self, now: DateTime<Utc>) -> Result<(), u64> {
        let today = now.date_naive();
        if today != self.day {
            self.day = today;
            self.used_today = 0;
        }
        let elapsed = self.refilled.elapsed().as_secs_f64();
        self.refilled = Instant::now();
        let rate = f64::from(self.limits.per_second.max(1));
        self.tokens = (self.tokens + elapsed * rate).min(rate);
        if self.in_flight >= self.limits.in_flight {
            return Err(1);
        }
        if self.tokens < 1.0 {
            return Err(((1.0 - self.tokens) / rate).ceil().max(1.0) as u64);
        }
        if self.used_today >= self.limits.per_day {
            let midnight = (today + Duration::days(1))
                .and_hms_opt(0, 0, 0)
                .expect("midnight")
                .and_utc();
            return Err((midnight - now).num_seconds().max(1) as u64);
        }
        self.tokens -= 1.0;
        self.in_flight += 1;
        self.used_today += 1;
        Ok(())
    }

    /// Gives back the quota of an admitted request that was answered 429 after all.
    pub fn refund(&mut self) {
        self.used_today = self.used_today.saturating_sub(1);
    }

    pub fn release(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
    }

    pub fn used_today(&self) -> u32 {
        self.used_today
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_beyond_the_bucket_is_refused_with_a_retry_after() {
        let mut limiter = Limiter::new(RateLimits {
            per_second: 3,
            in_flight: 10,
            per_day: 100,
        });
        let now = Utc::now();
        for _ in 0..3 {
            assert!(limiter.admit(now).is_ok());
            limiter.release();
        }
        assert_eq!(limiter.admit(now), Err(1));
        assert_eq!(limiter.used_today(), 3, "a refused request uses no quota");
    }

    #[test]
    fn the_daily_quota_answers_with_the_seconds_until_midnight_utc() {
        let mut limiter = Limiter::new(RateLimits {
            per_second: 100,
            in_flight: 10,
            per_day: 1,
        });
        let now: DateTime<Utc> = "2026-11-23T23:00:00Z".parse().unwrap();
        assert!(limiter.admit(now).is_ok());
        limiter.release();
        assert_eq!(limiter.admit(now), Err(3600));
        let tomorrow: DateTime<Utc> = "2026-11-24T00:00:01Z".parse().unwrap();
        assert!(
            limiter.admit(tomorrow).is_ok(),
            "the quota resets at midnight UTC"
        );
    }
}
