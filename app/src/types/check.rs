//! What `seat-audit check` finds, as the Settings page shows it: one sentence per check.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Works.
    Passed,
    /// Works without it, with less: a signal the report will lack, SCIM not set up.
    Warning,
    /// Something the product needs does not work.
    Failed,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Passed => "ok",
            Verdict::Warning => "warning",
            Verdict::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckLine {
    pub verdict: Verdict,
    /// A sentence for an operator; never a secret.
    pub sentence: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub lines: Vec<CheckLine>,
}

impl CheckResult {
    /// Everything needed works: no line failed (warnings are allowed).
    pub fn passed(&self) -> bool {
        self.lines.iter().all(|l| l.verdict != Verdict::Failed)
    }

    pub fn push(&mut self, verdict: Verdict, sentence: impl Into<String>) {
        self.lines.push(CheckLine {
            verdict,
            sentence: sentence.into(),
        });
    }
}
