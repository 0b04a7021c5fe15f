//! Gong's rate limits, per company (all keys together): at most N requests in any sliding second, at
//! most M in flight, and a daily quota that resets at midnight UTC (docs/gong-api.md). Every refusal
//! is a 429 with an integer `Retry-After`; a refused request does not use quota.
//!
//! Gong does not say how its second is measured; the simulator takes the strictest reading: the
//! arrivals of any 1,000 ms, wherever the window starts, so a client that leans on the edge is caught.

use std::{collections::VecDeque, time::Instant};

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

/// The window the per-second limit counts arrivals in.
const WINDOW: std::time::Duration = std::time::Duration::from_secs(1);

pub struct Limiter {
    pub limits: RateLimits,
    /// When the admitted requests of the last second arrived, oldest first.
    arrivals: VecDeque<Instant>,
    in_flight: u32,
    day: NaiveDate,
    used_today: u32,
}

impl Limiter {
    pub fn new(limits: RateLimits) -> Self {
        Limiter {
            limits,
            arrivals: VecDeque::new(),
            in_flight: 0,
            day: NaiveDate::MIN,
            used_today: 0,
        }
    }

    pub fn set_limits(&mut self, limits: RateLimits) {
        self.limits = limits;
    }

    /// Admits a request that arrived at `arrived` (the company's day taken from `now`), or says how
    /// many seconds to wait.
    pub fn admit(&mut self, now: DateTime<Utc>, arrived: Instant) -> Result<(), u64> {
        let today = now.date_naive();
        if today != self.day {
            self.day = today;
            self.used_today = 0;
        }
        while self
            .arrivals
            .front()
            .is_some_and(|&first| arrived.saturating_duration_since(first) >= WINDOW)
        {
            self.arrivals.pop_front();
        }
        if self.in_flight >= self.limits.in_flight {
            return Err(1);
        }
        if self.arrivals.len() >= self.limits.per_second.max(1) as usize {
            return Err(1);
        }
        if self.used_today >= self.limits.per_day {
            let midnight = (today + Duration::days(1))
                .and_hms_opt(0, 0, 0)
                .expect("midnight")
                .and_utc();
            return Err((midnight - now).num_seconds().max(1) as u64);
        }
        self.arrivals.push_back(arrived);
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

    use std::time::Duration as StdDuration;

    fn three_per_second() -> Limiter {
        Limiter::new(RateLimits {
            per_second: 3,
            in_flight: 10,
            per_day: 100,
        })
    }

    /// Sends requests arriving `offsets_ms` after a common start; what each was answered.
    fn arrivals(limiter: &mut Limiter, offsets_ms: &[u64]) -> Vec<Result<(), u64>> {
        let start = Instant::now();
        let now = Utc::now();
        offsets_ms
            .iter()
            .map(|&ms| {
                let answer = limiter.admit(now, start + StdDuration::from_millis(ms));
                if answer.is_ok() {
                    limiter.release();
                }
                answer
            })
            .collect()
    }

    #[test]
    fn a_burst_beyond_the_limit_is_refused_with_a_retry_after() {
        let mut limiter = three_per_second();
        let answers = arrivals(&mut limiter, &[0, 0, 0, 0]);
        assert_eq!(answers, vec![Ok(()), Ok(()), Ok(()), Err(1)]);
        assert_eq!(limiter.used_today(), 3, "a refused request uses no quota");
    }

    #[test]
    fn four_requests_333_ms_apart_are_four_inside_one_second_and_the_fourth_is_refused() {
        // A fixed one-second bucket would admit these (0-999 ms spans "one second" from 0); any
        // sliding window that starts at the first arrival holds all four.
        let mut limiter = three_per_second();
        let answers = arrivals(&mut limiter, &[0, 333, 666, 999]);
        assert_eq!(answers, vec![Ok(()), Ok(()), Ok(()), Err(1)]);
    }

    #[test]
    fn four_requests_across_a_bucket_edge_are_refused_too() {
        // 900, 1,000, 1,100 and 1,200 ms: two fixed buckets would see 1 and 3; the window does not.
        let mut limiter = three_per_second();
        let answers = arrivals(&mut limiter, &[900, 1_000, 1_100, 1_200]);
        assert_eq!(answers, vec![Ok(()), Ok(()), Ok(()), Err(1)]);
    }

    #[test]
    fn a_fourth_request_a_full_second_after_the_first_is_admitted() {
        let mut limiter = three_per_second();
        let answers = arrivals(&mut limiter, &[0, 10, 20, 1_000, 1_010, 1_020, 1_999]);
        assert_eq!(
            answers,
            vec![Ok(()), Ok(()), Ok(()), Ok(()), Ok(()), Ok(()), Err(1)]
        );
    }

    #[test]
    fn a_refused_request_does_not_hold_a_place_in_the_window() {
        let mut limiter = three_per_second();
        // The refusal at 500 ms is not an arrival that counts: at 1,000 ms only 333 and 666 remain.
        let answers = arrivals(&mut limiter, &[0, 333, 666, 500, 1_000]);
        assert_eq!(answers, vec![Ok(()), Ok(()), Ok(()), Err(1), Ok(())]);
    }

    #[test]
    fn the_daily_quota_answers_with_the_seconds_until_midnight_utc() {
        let mut limiter = Limiter::new(RateLimits {
            per_second: 100,
            in_flight: 10,
            per_day: 1,
        });
        let now: DateTime<Utc> = "2026-11-23T23:00:00Z".parse().unwrap();
        assert!(limiter.admit(now, Instant::now()).is_ok());
        limiter.release();
        assert_eq!(limiter.admit(now, Instant::now()), Err(3600));
        let tomorrow: DateTime<Utc> = "2026-11-24T00:00:01Z".parse().unwrap();
        assert!(
            limiter.admit(tomorrow, Instant::now()).is_ok(),
            "the quota resets at midnight UTC"
        );
    }
}
