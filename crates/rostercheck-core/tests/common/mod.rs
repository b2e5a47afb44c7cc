//! Helpers shared by the themed integration tests.
#![allow(dead_code)] // each test binary uses a different subset

pub mod messy;
pub mod sis;

use rostercheck_core::{
    check_and_fix, Checker, Code, Date, Finding, Finished, Options, Report, Severity,
};
use std::path::PathBuf;

/// The fixed day every test checks on.
pub fn today() -> Date {
    Date::new(2026, 11, 28).expect("valid date")
}

/// Checks and fixes `input` as the CLI does.
pub fn run(input: &[u8]) -> (Report, Vec<u8>) {
    check_and_fix(input, &Options::new(today()))
}

/// The corrected file as text.
pub fn fixed_text(input: &[u8]) -> String {
    String::from_utf8(run(input).1).expect("output is UTF-8")
}

/// The 16 standard columns, comma-separated.
pub const STANDARD_HEADER: &str = "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus";

/// A standard-header file with the given data rows (16 fields each), LF line endings.
pub fn standard_file(rows: &[&str]) -> Vec<u8> {
    let mut text = String::from(STANDARD_HEADER);
    text.push('\n');
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text.into_bytes()
}

/// The findings with this code.
pub fn with_code(report: &Report, code: Code) -> Vec<&Finding> {
    report.findings.iter().filter(|f| f.code == code).collect()
}

/// The codes found, in order.
pub fn codes(report: &Report) -> Vec<Code> {
    report.findings.iter().map(|f| f.code).collect()
}

/// Errors only.
pub fn errors(report: &Report) -> Vec<&Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// The repository's fixture folder.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The shared corpus of real files written by others (never copied into the repo).
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// One corpus file.
pub fn corpus(path: &str) -> Vec<u8> {
    let full = corpus_dir().join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("corpus file {}: {e}", full.display()))
}

/// Checks `input` fed in pieces of `chunk` bytes, as the CLI and the worker do, running the
/// second pass from the start when the end of the file asks for one. The findings taken as the
/// check goes are put back in the report, so it compares with [`run`].
pub fn stream(input: &[u8], chunk: usize, options: &Options) -> (Report, Vec<u8>, bool) {
    let mut checker = Checker::new(options.clone());
    let mut out = Vec::new();
    let mut findings = Vec::new();
    for piece in input.chunks(chunk) {
        checker.feed(piece);
        out.extend(checker.take_output());
        findings.extend(checker.take_findings());
    }
    let (mut report, rest, again) = match checker.finish() {
        Finished::Done(report, rest) => (report, rest, false),
        Finished::WriteAgain(second_pass) => {
            let mut second = second_pass.checker();
            out.clear();
            for piece in input.chunks(chunk) {
                second.feed(piece);
                out.extend(second.take_output());
            }
            let (report, rest) = second_pass.complete(second);
            (report, rest, true)
        }
    };
    out.extend(rest);
    findings.append(&mut report.findings);
    findings.sort_by_key(|f| f.line);
    report.findings = findings;
    (report, out, again)
}
