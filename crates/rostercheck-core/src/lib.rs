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
//! A pure core of small stages, each a file; [`Checker`] is the glue that passes each record
//! through them, with one finding sink:
//! 1. `input`: every decoding decision — not a CSV at all (`not-csv`), BOM, UTF-16,
//!    Windows-1252 (also when non-UTF-8 bytes first appear late, per field), CR-only line
//!    endings, the delimiter.
//! 2. `records`: RFC 4180 records on `csv-core` with the physical line each starts on (a broken
//!    quote is re-read line-bounded), and the findings about a record's shape.
//! 3. `table`: what each header column is (`header`) and a plan per output column.
//! 4. `cells`, `rows`, `file_rules`: the rules of the registry (`rules`), one file each, in one
//!    list with one shape — cell rules see one value, row rules one row, file rules every row
//!    (duplicates by 128-bit xxh3 digests of the canonical row, leading zeros, bulk/delta).
//!    Rules only describe: a verdict with a code, a severity, a typed detail and, when there
//!    is exactly one sensible answer, the fix; `fix` applies it.
//! 5. `writer`: the corrected file; `sink`: every finding counted, worded (`messages`, one
//!    table) and kept in line order up to [`Options::max_findings`].
//!
//! A new rule is one file in `rules/` with a `RULE` entry, one line in `rules::RULES`, its
//! code in `finding.rs` and its words in `messages.rs`; the registry test proves each code is
//! reported by exactly one rule or stage.
//!
//! # Bundles
//! [`bundle`] reads a whole OneRoster bundle — a zip ([`bundle::Archive`], held to limits
//! against hostile zips), a folder or several files ([`bundle::Files`]): each file recognised
//! by its header, users.csv (and roles.csv) read into [`bundle::Users`], a set of 12-byte slots
//! (at most 32 bytes a user). The check of demographics.csv is the same [`Checker`], given the
//! users in [`Options::users`]: the users stage looks each row's ID up (`unknown-user`,
//! `not-a-student`, leading zeros given back), and the end counts the students without a row.
//! [`bundle::Bundle::finish`] adds manifest.csv's findings and the files; the corrected bundle
//! is written by [`bundle::Archive::write_corrected`] or [`bundle::write_zip`].
//!
//! # Positions
//! A [`Finding`] has `line` (1-based physical line of the input where the record starts; the
//! header is line 1), `record` (0-based data row; `None` for the header and the file) and `column`
//! (the canonical column name; `None` for file- and row-level findings).
//!
//! # Memory model
//! [`Checker`] is push-based: [`Checker::feed`] takes the file in chunks of any size,
//! [`Checker::take_output`] drains the corrected bytes and [`Checker::take_findings`] the
//! findings made so far, so a 1,000,000-row file can be checked without holding it. What stays
//! in memory:
//! - the unparsed tail of the last chunk (at most one record);
//! - per distinct `sourcedId`, a 16-byte slot (a 64-bit xxh3 of the ID and 64 bits of its first
//!   row's digest) in a table kept at most half full, so 32 to 64 bytes; room for the rows the
//!   file's size promises is made at once when the caller tells it ([`Checker::expect_bytes`]);
//!   plus 16 bytes for each row without an ID or repeating an ID with other data;
//! - per output column, a count of filled values; per code and column, counts;
//! - for `bulk-delta-mixed` and `id-leading-zeros`, the positions (and IDs) of at most
//!   100,000 / 10,000 rows per group, reported when the file ends;
//! - per ambiguous date (`3/4/2012`) of a column whose order only the file's end tells, its
//!   line, record, text and the row's ID (about 50 bytes), reported when the file ends —
//!   handed over in batches by [`Checker::finish_streaming`], not all at once;
//! - the findings not taken yet, capped by [`Options::max_findings`] (counts stay exact).
//!
//! Three facts are known only at the end of the file: the dominant line ending, whether a
//! nameless column holds data, and the order of day and month in a date column (see
//! [`Decision`]). The findings never depend on the first two; the corrected file does.
//! When the end proves the writer's assumption wrong (rare), [`Checker::finish`] returns
//! [`Finished::WriteAgain`]: the caller streams the same bytes again through
//! [`SecondPass::checker`] — nobody holds the whole input.
#![deny(missing_docs)]

mod answers;
pub mod build;
pub mod bundle;
mod cells;
mod check;
mod columns;
mod data;
mod date;
mod decisions;
mod edits;
mod file_rules;
mod finding;
mod fix;
mod header;
mod input;
pub mod lookup;
mod messages;
mod options;
mod parse;
mod passes;
mod pipeline;
mod records;
mod report;
mod rows;
mod rules;
mod sink;
mod table;
mod valid;
pub mod workbook;
mod writer;

pub use answers::{AnswerError, Answers, Mode};
pub use check::Checker;
pub use columns::Column;
pub use date::{Date, DateOrder, ParseDateError};
pub use decisions::{Choice, Decision};
pub use edits::{read_line, Edits, LineRead, ValueMap};
pub use finding::{Code, Encoding, Finding, Fix, Refusal, Severity, WorkbookProblem};
pub use lookup::{find_rows, FoundRow, FoundRows, RowFinder};
pub use messages::{thousands, visible};
pub use options::Options;
pub use passes::{
    check, check_and_fix, check_and_fix_pieces, check_and_fix_pieces_to, Finished, Output, Pieces,
    SecondPass,
};
pub use report::{
    json_start, neutralise, Audit, CellChange, LineChange, MapChange, Report, Totals,
};
pub use rules::About;
pub use valid::{also_taken, suggestion, valid_values, ValidValues};
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

/// Hooks for the fuzz targets (`fuzz/`), built only by `cargo fuzz` (`--cfg fuzzing`).
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing {
    /// Writes `rows` as a CSV file, quoting as the corrected file does.
    pub fn write(rows: &[Vec<Vec<u8>>], crlf: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for row in rows {
            let fields: Vec<String> = row
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            crate::writer::push_record(&mut out, fields.iter().map(String::as_str));
            out.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
        }
        out
    }

    /// A quoted field may span at most this many lines; past it, the parser reads the quote as
    /// broken (so the differential test stays within it).
    pub const MAX_QUOTED_LINES: u64 = crate::parse::MAX_QUOTED_LINES;

    /// What the records stage reads of `input`, fed in pieces of `split` bytes.
    pub fn records(input: &[u8], split: usize) -> Vec<Vec<Vec<u8>>> {
        crate::records::read_all(input, split)
    }
}

/// The engine's version, shown in reports and the app.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
