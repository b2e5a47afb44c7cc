//! How to check: the options of a [`crate::Checker`].

use crate::date::Date;
use crate::edits::Edits;

/// How to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// The day of the check (birth dates in the future are implausible).
    pub today: Date,
    /// A person's edits, applied before the rules.
    pub edits: Edits,
    /// Keep at most this many findings, those on the lowest lines (counts stay exact).
    pub max_findings: Option<usize>,
    /// Write the corrected file (otherwise only the report is built).
    pub write_output: bool,
}

impl Options {
    /// Check and write, keeping every finding.
    pub fn new(today: Date) -> Options {
        Options {
            today,
            edits: Edits::default(),
            max_findings: None,
            write_output: true,
        }
    }
}
