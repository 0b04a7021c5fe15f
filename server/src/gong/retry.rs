//! Capped exponential backoff with full jitter for transient failures (5xx, timeouts, resets).

use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts for one request, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// The longest `Retry-After` a run waits for; beyond it the run stops and resumes later.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// The delay before attempt `attempt + 1`, given a uniform random `jitter` in [0, 1).
    pub fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let exponential = self.base_delay.saturating_mul(1u32 << attempt.min(16));
        let capped = exponential.min(self.max_delay);
        capped.mul_f64(jitter.clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_stops_at_the_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff(0, 1.0), Duration::from_millis(250));
        assert_eq!(policy.backoff(2, 1.0), Duration::from_secs(1));
        assert_eq!(policy.backoff(12, 1.0), Duration::from_secs(20));
        assert_eq!(policy.backoff(40, 1.0), Duration::from_secs(20));
    }

    #[test]
    fn jitter_scales_the_delay_down() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff(2, 0.5), Duration::from_millis(500));
        assert_eq!(policy.backoff(2, 0.0), Duration::ZERO);
    }
}
