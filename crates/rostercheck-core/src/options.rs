//! How to check: the options of a [`crate::Checker`].

use crate::answers::Answers;
use crate::bundle::Users;
use crate::date::Date;
use crate::edits::Edits;
use std::sync::Arc;

/// How to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// The day of the check (birth dates in the future are implausible).
    pub today: Date,
    /// A person's edits, applied before the rules.
    pub edits: Edits,
    /// Keep at most this many findings, those on the lowest lines (counts stay exact).
    pub max_findings: Option<usize>,
    /// Keep at most this many findings of each code and severity, the first made (counts and
    /// decisions stay exact): for a summary that shows a few of each kind, so that a million
    /// findings are counted without being worded. (The CLI's text format: on the 1,000,000-row
    /// Excel-style file, 2.4 s of CPU before, 0.96 s after, the same output.)
    pub max_per_kind: Option<usize>,
    /// Write the corrected file (otherwise only the report is built).
    pub write_output: bool,
    /// The person's answers to the checker's questions ([`crate::Decision`]).
    pub answers: Answers,
    /// The bundle's users (users.csv, and roles.csv in 1.2): each row's `sourcedId` is looked
    /// up (`unknown-user`, `not-a-student`, `student-without-demographics`). `None` for a
    /// demographics.csv alone.
    pub users: Option<Arc<Users>>,
}

impl Options {
    /// Check and write, keeping every finding.
    pub fn new(today: Date) -> Options {
        Options {
            today,
            edits: Edits::default(),
            max_findings: None,
            max_per_kind: None,
            write_output: true,
            answers: Answers::default(),
            users: None,
        }
    }
}

impl Options {
    /// The person's edits with the value answers first, so that the person's own replacements
    /// win (later maps win).
    pub(crate) fn edits_with_answers(&self) -> Edits {
        if self.answers.values.is_empty() {
            return self.edits.clone();
        }
        let mut edits = self.edits.clone();
        let mut maps = self.answers.values.clone();
        maps.append(&mut edits.maps);
        edits.maps = maps;
        edits
    }
}
