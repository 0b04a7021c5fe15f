//! Keeps the whole process within Gong's limits: at most N requests in flight and at most M started
//! per second (docs/gong-api.md: 3 and 3), whatever the number of concurrent tasks.
//!
//! Gong does not say how it measures its second, so the pacer never leans on the edge: any M + 1
//! consecutive starts span at least a second plus `HEADROOM`, so requests that network jitter
//! delays by up to `HEADROOM` still arrive no more than M in any sliding second. After a 429 it
//! widens that span by itself and narrows it back as requests succeed.

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::{
    sync::{OwnedSemaphorePermit, Semaphore},
    time::Instant,
};

/// Added to Gong's second: the network jitter the pacing tolerates (5 % of the rate at most).
pub const HEADROOM: Duration = Duration::from_millis(50);

/// How much a 429 widens the span, and the widest it gets.
const SLOWDOWN_STEP: f64 = 1.5;
const MAX_SLOWDOWN: f64 = 4.0;
/// How much each success narrows it back: after one 429, about 25 successes restore full speed.
const RECOVERY_STEP: f64 = 0.02;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PacerLimits {
    pub in_flight: u32,
    pub per_second: u32,
}

impl Default for PacerLimits {
    fn default() -> Self {
        PacerLimits {
            in_flight: 3,
            per_second: 3,
        }
    }
}

/// The recent starts and the current slowdown; pure, so its rules are tested without waiting.
#[derive(Debug)]
struct Pace {
    per_second: usize,
    /// The last `per_second` starts, oldest first.
    starts: VecDeque<Instant>,
    /// 1 at full speed; a 429 multiplies it, successes bring it back to 1.
    slowdown: f64,
}

impl Pace {
    fn new(per_second: u32) -> Self {
        let per_second = per_second.max(1) as usize;
        Pace {
            per_second,
            starts: VecDeque::with_capacity(per_second),
            slowdown: 1.0,
        }
    }

    /// The span that any `per_second + 1` consecutive starts must cover.
    fn span(&self) -> Duration {
        let full_speed = Duration::from_secs(1) + HEADROOM;
        if self.slowdown > 1.0 {
            full_speed.mul_f64(self.slowdown)
        } else {
            full_speed
        }
    }

    /// Starts a request at `now` if the pace allows it, or says when it may start.
    fn try_start(&mut self, now: Instant) -> Result<(), Instant> {
        if self.starts.len() >= self.per_second {
            let earliest = self.starts[self.starts.len() - self.per_second] + self.span();
            if now < earliest {
                return Err(earliest);
            }
        }
        self.starts.push_back(now);
        while self.starts.len() > self.per_second {
            self.starts.pop_front();
        }
        Ok(())
    }

    fn throttled(&mut self) {
        self.slowdown = (self.slowdown * SLOWDOWN_STEP).min(MAX_SLOWDOWN);
    }

    fn succeeded(&mut self) {
        self.slowdown = (self.slowdown - RECOVERY_STEP).max(1.0);
    }
}

/// Shared by every Gong request of the process; clone it freely.
#[derive(Clone)]
pub struct Pacer {
    slots: Arc<Semaphore>,
    pace: Arc<Mutex<Pace>>,
}

impl Pacer {
    pub fn new(limits: PacerLimits) -> Self {
        Pacer {
            slots: Arc::new(Semaphore::new(limits.in_flight.max(1) as usize)),
            pace: Arc::new(Mutex::new(Pace::new(limits.per_second))),
        }
    }

    /// Waits for a free slot and then for the pace; the slot is held until the permit drops.
    pub async fn start(&self) -> OwnedSemaphorePermit {
        let permit = self
            .slots
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        loop {
            // The start is recorded when the request really goes, not when it was scheduled: a
            // task that wakes late must not leave the next ones too close behind it.
            let wait = self
                .pace
                .lock()
                .expect("pacer lock")
                .try_start(Instant::now());
            match wait {
                Ok(()) => return permit,
                Err(at) => tokio::time::sleep_until(at).await,
            }
        }
    }

    /// Gong answered 429 for its per-second or in-flight limit: go slower for a while.
    pub fn throttled(&self) {
        let mut pace = self.pace.lock().expect("pacer lock");
        pace.throttled();
        tracing::info!(
            slowdown = pace.slowdown,
            "Gong throttled a request; pacing slower"
        );
    }

    /// A request went through: recover towards full speed.
    pub fn succeeded(&self) {
        self.pace.lock().expect("pacer lock").succeeded();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The starts the pace allows for `n` requests all wanting to go at once from `t0`.
    fn schedule(pace: &mut Pace, t0: Instant, n: usize) -> Vec<Duration> {
        let mut now = t0;
        (0..n)
            .map(|_| loop {
                match pace.try_start(now) {
                    Ok(()) => break now - t0,
                    Err(at) => now = at,
                }
            })
            .collect()
    }

    #[test]
    fn no_four_starts_fall_within_one_second_and_its_headroom() {
        let mut pace = Pace::new(3);
        let starts = schedule(&mut pace, Instant::now(), 30);
        for four in starts.windows(4) {
            assert!(
                four[3] - four[0] >= Duration::from_secs(1) + HEADROOM,
                "{four:?}"
            );
        }
        // And no slower than that: 30 starts in 9 spans of 1.05 s after the first three.
        assert_eq!(starts[29], (Duration::from_secs(1) + HEADROOM) * 9);
    }

    #[test]
    fn requests_333_ms_apart_are_held_back_at_the_fourth() {
        let mut pace = Pace::new(3);
        let t0 = Instant::now();
        for ms in [0, 333, 666] {
            assert!(pace.try_start(t0 + Duration::from_millis(ms)).is_ok());
        }
        assert_eq!(
            pace.try_start(t0 + Duration::from_millis(999)),
            Err(t0 + Duration::from_secs(1) + HEADROOM)
        );
    }

    #[test]
    fn a_429_slows_the_pace_and_successes_restore_it() {
        let mut pace = Pace::new(3);
        let full = pace.span();
        pace.throttled();
        assert_eq!(pace.span(), full.mul_f64(SLOWDOWN_STEP));
        for _ in 0..5 {
            pace.throttled();
        }
        assert_eq!(
            pace.span(),
            full.mul_f64(MAX_SLOWDOWN),
            "the slowdown is capped"
        );
        for _ in 0..200 {
            pace.succeeded();
        }
        assert_eq!(pace.span(), full);
    }

    #[tokio::test]
    async fn requests_start_no_faster_than_the_rate() {
        let pacer = Pacer::new(PacerLimits {
            in_flight: 10,
            per_second: 50,
        });
        let started = std::time::Instant::now();
        for _ in 0..51 {
            drop(pacer.start().await);
        }
        // The 51st start comes a second and the headroom after the first.
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_secs(1) + HEADROOM, "{elapsed:?}");
    }

    #[tokio::test]
    async fn no_more_than_the_in_flight_limit_hold_a_slot() {
        let pacer = Pacer::new(PacerLimits {
            in_flight: 3,
            per_second: 1000,
        });
        let held: Vec<_> = [
            pacer.start().await,
            pacer.start().await,
            pacer.start().await,
        ]
        .into();
        let fourth = tokio::time::timeout(Duration::from_millis(50), pacer.start()).await;
        assert!(
            fourth.is_err(),
            "a fourth request started while three were in flight"
        );
        drop(held);
        assert!(tokio::time::timeout(Duration::from_secs(1), pacer.start())
            .await
            .is_ok());
    }
}
