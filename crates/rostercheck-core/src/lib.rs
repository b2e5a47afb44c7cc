//! The rules engine of rostercheck: checks and fixes a OneRoster `demographics.csv` for ClassLink
//! and Amplify. Bytes in; findings and the corrected file out. No files, no network, no UI: the
//! same code runs in the browser (wasm32) and in the `rostercheck` command line.
//!
//! ```
//! use rostercheck_core::{check_and_fix, Date, Options};
//!
//! let input = b"sourcedId,sex,asian\n1001,M,Y\n";
//! let (report, corrected) = check_and_fix(input, &Options::new(Date::new(2026, 11, 28).unwrap()));
//! assert_eq!(report.totals.errors, 0);
//! assert!(String::from_utf8(corrected).unwrap().contains("1001,,,,male,,true,"));
//! ```
//!
//! # Pipeline
//! 1. [`decode`]: is it text at all (`not-csv`), which encoding (BOM, UTF-16, Windows-1252 per
//!    field), which delimiter (sniffed from the header line).
//! 2. [`parse`]: RFC 4180 records with the physical line each starts on; a broken quote is
//!    re-read line-bounded so it cannot swallow the rest of the file.
//! 3. [`header`]: what each column is (exact, wrong case, alias, unknown) and the output order.
//! 4. [`rules`]: one rule per file, all in one registry. Rules only *describe*: a verdict with a
//!    code, a severity and, when there is exactly one sensible answer, the fixed value.
//! 5. [`fix`]: applies the verdicts. [`mod@write`]: writes the corrected file.
//! 6. [`messages`]: every sentence a person reads, in one table.
//!
//! # Positions
//! A [`Finding`] has `line` (1-based physical line of the input where the record starts; the
//! header is line 1), `record` (0-based data row; `None` for the header and the file) and `column`
//! (the canonical column name; `None` for file- and row-level findings).
//!
//! # Memory model
//! [`Checker`] is push-based: [`Checker::feed`] takes the file in chunks of any size and
//! [`Checker::take_output`] drains the corrected bytes written so far, so a 1,000,000-row file can
//! be checked in a worker without holding it. What stays in memory:
//! - the unparsed tail of the last chunk (at most one record; a quoted field is given up after
//!   [`parse::MAX_QUOTED_LINES`] lines);
//! - per distinct `sourcedId`, 16 bytes (a hash of the ID and a hash of its first row) for
//!   `duplicate-row` and `duplicate-id` — about 32 MB for a million students including hash-map
//!   overhead — plus 16 bytes for each row without an ID or repeating an ID with other data;
//! - per output column, a count of filled values (completeness); per code and column, counts;
//! - for `bulk-delta-mixed` and `id-leading-zeros`, the positions of at most 100,000 / 10,000
//!   rows per group, reported when the file ends;
//! - the findings themselves, capped by [`Options::max_findings`] (counts stay exact).
//!
//! The corrected file is written row by row as records are checked; the table is never held,
//! neither as input nor as output. Two facts are known only at the end of the file: the
//! dominant line ending and whether a nameless column holds data. The writer assumes the header's
//! line ending and drops nameless columns; when the end proves it wrong (rare),
//! [`Report::needs_second_pass`] is set and [`check_and_fix`] runs a second pass over the input.
#![deny(missing_docs)]

mod cells;
mod check;
mod columns;
mod data;
mod date;
mod edits;
mod file_rules;
mod finding;
mod fix;
mod header;
mod input;
mod messages;
mod options;
mod parse;
mod passes;
mod records;
mod report;
mod rows;
mod rules;
mod sink;
mod table;
mod writer;

pub use check::Checker;
pub use columns::Column;
pub use date::Date;
pub use edits::{Edits, ValueMap};
pub use finding::{Code, Encoding, Finding, Fix, Severity};
pub use options::Options;
pub use passes::{check, check_and_fix, Finished, SecondPass};
pub use report::{json_start, neutralise, Report, Totals};
pub use rules::About;
pub use writer::LineEnding;

/// What a finding code is about, from the rule or stage of the registry that reports it: the
/// app offers a column-wide replacement only for codes about a [`About::Value`].
pub fn about(code: Code) -> About {
    rules::about(code)
}

/// Every finding code with the rule (or stage) of the registry that reports it and what it is
/// about, in rule-book order (`rostercheck rules`).
pub fn registry() -> impl Iterator<Item = (Code, &'static str, About)> {
    rules::registry()
}

/// The engine's version, shown in reports and the app.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
