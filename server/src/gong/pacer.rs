//! Keeps the whole process within Gong's limits: at most N requests in flight and at most M started
//! per second (docs/gong-api.md: 3 and 3), whatever the number of concurrent tasks.

use std::{num::NonZeroU32, sync::Arc, time::Duration};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

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

/// Shared by every Gong request of the process; clone it freely.
#[derive(Clone)]
pub struct Pacer {
    slots: Arc<Semaphore>,
    rate: Arc<DefaultDirectRateLimiter>,
}

impl Pacer {
    pub fn new(limits: PacerLimits) -> Self {
        let per_second = NonZeroU32::new(limits.per_second.max(1)).expect("at least 1");
        // A burst of one: requests start evenly spaced, so a token bucket on Gong's side whose
        // clock runs slightly differently never sees more than its limit in any second.
        let period = Duration::from_secs_f64(1.0 / f64::from(per_second.get()));
        let quota = Quota::with_period(period)
            .expect("a positive period")
            .allow_burst(NonZeroU32::MIN);
        Pacer {
            slots: Arc::new(Semaphore::new(limits.in_flight.max(1) as usize)),
            rate: Arc::new(RateLimiter::direct(quota)),
        }
    }

    /// Waits for a free slot and then for the rate limit; the slot is held until the permit drops.
    pub async fn start(&self) -> OwnedSemaphorePermit {
        let permit = self
            .slots
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        self.rate.until_ready().await;
        permit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn requests_start_no_faster_than_the_rate() {
        let pacer = Pacer::new(PacerLimits {
            in_flight: 10,
            per_second: 50,
        });
        let started = std::time::Instant::now();
        for _ in 0..11 {
            drop(pacer.start().await);
        }
        // 11 starts at 50 per second, evenly spaced: the 11th starts 200 ms after the first.
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_millis(195), "{elapsed:?}");
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
