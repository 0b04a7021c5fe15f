//! The share of Gong's daily quota one run may spend; Gong counts every company integration together.

use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Debug)]
pub struct Budget {
    remaining: AtomicI64,
    spent: AtomicI64,
}

impl Budget {
    pub fn new(remaining: i64) -> Self {
        Budget {
            remaining: AtomicI64::new(remaining),
            spent: AtomicI64::new(0),
        }
    }

    /// Unlimited, for one-off targeted requests outside a sync run.
    pub fn unlimited() -> Self {
        Budget::new(i64::MAX)
    }

    /// Takes one request from the budget, or says it is spent.
    pub fn take(&self) -> bool {
        let taken = self
            .remaining
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                (left > 0).then(|| left - 1)
            })
            .is_ok();
        if taken {
            self.spent.fetch_add(1, Ordering::AcqRel);
        }
        taken
    }

    /// Gives one back: Gong does not count a request it answered with 429.
    pub fn refund(&self) {
        self.remaining.fetch_add(1, Ordering::AcqRel);
        self.spent.fetch_sub(1, Ordering::AcqRel);
    }

    /// Requests that counted against Gong's quota so far.
    pub fn spent(&self) -> i64 {
        self.spent.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_runs_out_and_a_refund_gives_one_back() {
        let budget = Budget::new(2);
        assert!(budget.take());
        assert!(budget.take());
        assert!(!budget.take());
        budget.refund();
        assert!(budget.take());
        assert_eq!(budget.spent(), 2);
    }
}
