//! The whole check on arbitrary bytes, fed in arbitrary pieces.
//!
//! Invariants: no panic; the streamed result is the whole-file result (findings, counts and the
//! corrected bytes, second pass included); every data row is accounted for (rows out = rows in
//! − left out − blank − exact copies); the corrected file is a fixed point (checking it again
//! changes nothing) with the same rows; every student's `sourcedId` is still in it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rostercheck_core::{check_and_fix, Checker, Code, Date, Finished, Options, Report};

fn options() -> Options {
    Options::new(Date::new(2026, 11, 28).expect("a date"))
}

/// Feeds `input` in pieces of `chunk` bytes, as the CLI and the worker do.
fn stream(input: &[u8], chunk: usize) -> (Report, Vec<u8>) {
    let mut checker = Checker::new(options());
    let mut out = Vec::new();
    let mut findings = Vec::new();
    for piece in input.chunks(chunk) {
        checker.feed(piece);
        out.extend(checker.take_output());
        findings.extend(checker.take_findings());
    }
    let (mut report, rest) = match checker.finish() {
        Finished::Done(report, rest) => (report, rest),
        Finished::WriteAgain(second_pass) => {
            let mut second = second_pass.checker();
            out.clear();
            for piece in input.chunks(chunk) {
                second.feed(piece);
                out.extend(second.take_output());
            }
            second_pass.complete(second)
        }
    };
    out.extend(rest);
    findings.append(&mut report.findings);
    report.findings = findings;
    (report, out)
}

fn count(report: &Report, code: Code) -> u64 {
    report
        .findings
        .iter()
        .filter(|f| f.code == code && f.record.is_some())
        .count() as u64
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, input)) = data.split_first() else {
        return;
    };
    let chunk = 1 + usize::from(first) * 3;
    let (whole, whole_out) = check_and_fix(input, &options());
    let (mut streamed, streamed_out) = stream(input, chunk);
    assert_eq!(
        streamed_out, whole_out,
        "streamed output differs (chunk {chunk})"
    );
    assert_eq!(streamed.totals, whole.totals, "streamed counts differ");
    let mut sorted = whole.findings.clone();
    sorted.sort_by_key(|f| (f.line, f.code));
    streamed.findings.sort_by_key(|f| (f.line, f.code));
    assert_eq!(streamed.findings, sorted, "streamed findings differ");

    if !whole.readable || whole.columns.is_empty() {
        return;
    }
    let removed = whole.blank_rows + count(&whole, Code::DuplicateRow);
    assert_eq!(
        whole.rows_out + removed + whole.excluded,
        whole.rows,
        "a row is unaccounted for"
    );
    let (again, again_out) = check_and_fix(&whole_out, &options());
    assert_eq!(
        again_out, whole_out,
        "the corrected file is not a fixed point"
    );
    assert_eq!(
        again.rows_out, whole.rows_out,
        "checking again changed the rows"
    );

    // Every sourcedId kept. Judged by the `csv` crate, on the plain inputs it reads as the
    // checker does (UTF-8, commas, no quotes, LF): an ID is compared by its letters and digits
    // (what the whitespace fix keeps); IDs in scientific notation, which the check may write
    // out in full, are left aside.
    if let Some(given) = ids(input, "sourcedId") {
        // The corrected file is read as any CSV: its writer may quote a name.
        let kept: std::collections::HashSet<String> =
            every_id(&whole_out).iter().map(|id| key(id)).collect();
        for id in &given {
            let wanted = key(id);
            let scientific = id.contains(['e', 'E']) && id.contains(|c: char| c.is_ascii_digit());
            if !wanted.is_empty() && !scientific {
                assert!(
                    kept.contains(&wanted),
                    "the sourcedId {id:?} is not in the corrected file"
                );
            }
        }
    }
});

/// The values of the column named exactly `name` in a plain CSV (see above), if it has one.
fn ids(bytes: &[u8], name: &str) -> Option<Vec<String>> {
    let text = std::str::from_utf8(bytes).ok()?;
    if text.contains(['"', '\r', '\t', ';']) || text.starts_with('\u{FEFF}') {
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = records.next()?.ok()?;
    let mut named = header
        .iter()
        .enumerate()
        .filter(|(_, n)| n.trim().eq_ignore_ascii_case(name));
    let (at, found) = named.next()?;
    if found != name || named.next().is_some() {
        return None;
    }
    let values = records.map(|r| r.map(|r| r.get(at).unwrap_or("").to_owned()));
    values.collect::<Result<_, _>>().ok()
}

/// The values of every column named `sourcedId` in the corrected file, read as any CSV (its
/// writer may quote a name, and a second column renamed `sourcedId` keeps the name).
fn every_id(corrected: &[u8]) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(corrected);
    let mut records = reader.records();
    let Some(Ok(header)) = records.next() else {
        return Vec::new();
    };
    let columns: Vec<usize> = (header.iter().enumerate())
        .filter(|(_, n)| *n == "sourcedId")
        .map(|(at, _)| at)
        .collect();
    let mut ids = Vec::new();
    for record in records.flatten() {
        ids.extend(
            columns
                .iter()
                .filter_map(|&at| record.get(at))
                .map(str::to_owned),
        );
    }
    ids
}

/// An ID's letters and digits.
fn key(id: &str) -> String {
    id.chars().filter(|c| c.is_alphanumeric()).collect()
}
