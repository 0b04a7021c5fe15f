//! Injected faults, each a setting, decided deterministically from the request's sequence number so
//! a test sees the same faults on every run.

use std::time::Duration;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    /// Share of requests answered 500.
    pub error_rate: f64,
    /// Added to every response.
    pub latency: Duration,
    /// Network jitter: each request reaches the rate limiter a random 0 to `jitter` later than it
    /// was sent, so requests sent evenly arrive unevenly, as over a real network.
    pub jitter: Duration,
    /// Share of requests that hang for `hang_for` before answering.
    pub hang_rate: f64,
    pub hang_for: Duration,
    /// Share of requests whose connection is reset instead of answered.
    pub reset_rate: f64,
    /// Every `burst_every` requests, the next `burst_len` get 429 with `Retry-After: 1`.
    pub burst_every: u64,
    pub burst_len: u64,
    /// Share of 200 responses whose JSON body is cut short.
    pub malformed_rate: f64,
    /// Add fields the client has never seen to every JSON object at the top level.
    pub extra_fields: bool,
    /// `totalRecords` counts one call the page does not return (seen on the live API).
    pub total_records_lag: bool,
}

/// What to do to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    ServerError,
    Hang,
    Reset,
    Throttle,
    Malformed,
}

/// A uniform number in [0, 1) from a sequence number and a salt.
fn unit(sequence: u64, salt: u64) -> f64 {
    let mut x = sequence
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .wrapping_add(salt.wrapping_mul(0xbf58_476d_1ce4_e5b9));
    x ^= x >> 31;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^= x >> 29;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

impl Faults {
    pub fn decide(&self, sequence: u64) -> Fault {
        if self.burst_every > 0 && sequence % self.burst_every < self.burst_len {
            return Fault::Throttle;
        }
        if unit(sequence, 1) < self.error_rate {
            return Fault::ServerError;
        }
        if unit(sequence, 2) < self.hang_rate {
            return Fault::Hang;
        }
        if unit(sequence, 3) < self.reset_rate {
            return Fault::Reset;
        }
        if unit(sequence, 4) < self.malformed_rate {
            return Fault::Malformed;
        }
        Fault::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_rates_are_roughly_honoured_and_repeatable() {
        let faults = Faults {
            error_rate: 0.2,
            ..Faults::default()
        };
        let errors = (0..10_000)
            .filter(|&s| faults.decide(s) == Fault::ServerError)
            .count();
        assert!((1_800..2_200).contains(&errors), "{errors}");
        assert_eq!(faults.decide(17), faults.decide(17));
    }

    #[test]
    fn bursts_of_429_come_at_the_configured_rhythm() {
        let faults = Faults {
            burst_every: 10,
            burst_len: 2,
            ..Faults::default()
        };
        let throttled: Vec<u64> = (0..25)
            .filter(|&s| faults.decide(s) == Fault::Throttle)
            .collect();
        assert_eq!(throttled, vec![0, 1, 10, 11, 20, 21]);
    }
}
