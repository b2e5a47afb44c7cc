//! Invariants over generated files: fixing is idempotent, no row is lost, every sourcedId in is
//! out, and write → read round-trips.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::messy::{generate, Messiness};
use common::*;
use proptest::prelude::*;
use rostercheck_core::{Code, Severity};
use std::collections::BTreeSet;

fn ids(bytes: &[u8]) -> BTreeSet<String> {
    let (report, out) = run(bytes);
    assert!(report.readable);
    let mut reader = csv::ReaderBuilder::new().from_reader(out.as_slice());
    let at = reader
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "sourcedId")
        .expect("sourcedId column");
    reader
        .records()
        .map(|r| r.expect("record")[at].to_owned())
        .filter(|id| !id.is_empty())
        .collect()
}

fn finding_kinds(report: &rostercheck_core::Report) -> BTreeSet<(Code, Option<String>)> {
    report
        .findings
        .iter()
        .map(|f| (f.code, f.column.clone()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fixing_is_idempotent(seed in any::<u64>(), rows in 1usize..80, fixable in 0u64..100, unfixable in 0u64..30) {
        let file = generate(seed, rows, Messiness { fixable, unfixable });
        let (first, out) = run(&file.bytes);
        let (second, again) = run(&out);
        prop_assert_eq!(second.totals.fixes, 0, "{:?}", second.findings.iter().filter(|f| f.fix.is_some()).collect::<Vec<_>>());
        prop_assert_eq!(&again, &out, "the corrected file is a fixed point");
        let new: Vec<_> = finding_kinds(&second).difference(&finding_kinds(&first)).cloned().collect();
        prop_assert!(new.is_empty(), "new findings on the corrected file: {:?}", new);
    }

    #[test]
    fn no_row_is_lost(seed in any::<u64>(), rows in 1usize..80, blank_every in 2usize..10, repeat_every in 2usize..10) {
        let file = generate(seed, rows, Messiness { fixable: 50, unfixable: 5 });
        let text = encoding_rs::WINDOWS_1252.decode(&file.bytes).0.into_owned();
        let ending = if file.crlf { "\r\n" } else { "\n" };
        let mut lines: Vec<String> = text.split(ending).map(String::from).collect();
        lines.pop();
        let (header, body) = lines.split_first().expect("header");
        let mut with_noise = vec![header.clone()];
        let (mut blanks, mut repeats) = (0u64, 0u64);
        for (i, line) in body.iter().enumerate() {
            with_noise.push(line.clone());
            if i % blank_every == 0 {
                with_noise.push(String::new());
                blanks += 1;
            }
            if i % repeat_every == 0 {
                with_noise.push(line.clone());
                repeats += 1;
            }
        }
        let input = (with_noise.join(ending) + ending).into_bytes();
        let (report, _) = run(&input);
        prop_assert_eq!(report.rows, body.len() as u64 + blanks + repeats);
        prop_assert_eq!(report.blank_rows, blanks);
        let duplicate_rows = report.by_code.get(&Code::DuplicateRow).map_or(0, |t| t.warnings);
        prop_assert!(duplicate_rows >= repeats);
        prop_assert_eq!(report.rows_out, report.rows - blanks - duplicate_rows);
        prop_assert_eq!(ids(&input), ids(&file.bytes));
    }

    #[test]
    fn every_sourced_id_in_is_out(seed in any::<u64>(), rows in 1usize..120) {
        let file = generate(seed, rows, Messiness { fixable: 60, unfixable: 0 });
        let expected: BTreeSet<String> = (0..rows).map(|i| (100_000 + i).to_string()).collect();
        prop_assert_eq!(ids(&file.bytes), expected);
    }

    #[test]
    fn write_then_read_round_trips(cells in proptest::collection::vec(proptest::collection::vec("[ -~é\"\n,]{0,12}", 16), 1..30)) {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        writer.write_record(STANDARD_HEADER.split(',')).expect("header");
        for row in &cells {
            writer.write_record(row).expect("row");
        }
        let input = writer.into_inner().expect("written");
        let mut reader = csv::ReaderBuilder::new().from_reader(input.as_slice());
        let read: Vec<Vec<String>> = reader.records().map(|r| r.expect("record").iter().map(String::from).collect()).collect();
        prop_assert_eq!(&read, &cells);
        let (report, out) = run(&input);
        prop_assert_eq!(report.rows, cells.len() as u64);
        let errors_only_from_values = report.findings.iter().filter(|f| f.severity == Severity::Error).all(|f| f.code != Code::UnclosedQuote);
        prop_assert!(errors_only_from_values);
        prop_assert!(std::str::from_utf8(&out).is_ok());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Hostile input: any bytes give a report, never a panic, and every record is accounted for.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let (report, out) = run(&bytes);
        prop_assert!(report.readable || out.is_empty());
        prop_assert!(report.rows_out + report.excluded <= report.rows);
        prop_assert!(std::str::from_utf8(&out).is_ok());
    }

    /// CSV-shaped garbage: quotes, delimiters and line breaks in any order.
    #[test]
    fn csv_shaped_garbage_never_panics(text in "[a,;\t\"\r\n \u{A0}é=]{0,300}", split in 1usize..50) {
        let (whole, whole_out) = run(text.as_bytes());
        let (report, out, _) = stream(text.as_bytes(), split, &rostercheck_core::Options::new(today()));
        prop_assert_eq!(report.rows, whole.rows);
        // With the second pass streamed too, the output is always the same.
        prop_assert_eq!(out, whole_out);
    }
}
