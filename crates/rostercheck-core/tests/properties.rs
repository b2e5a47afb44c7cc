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
        prop_assert_eq!(report.by_code.get(&Code::BlankRow).map_or(0, |t| t.infos), blanks);
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
        let mut input = Vec::new();
        rostercheck_core::write::push_record(&mut input, STANDARD_HEADER.split(','));
        for row in &cells {
            input.push(b'\n');
            rostercheck_core::write::push_record(&mut input, row.iter().map(String::as_str));
        }
        input.push(b'\n');
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
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// The parser reads what the csv crate reads, for any well-formed file, in any chunking.
    #[test]
    fn parser_agrees_with_the_csv_crate(
        rows in proptest::collection::vec(proptest::collection::vec("[a-c \",\r\n;é]{0,6}", 1..5), 1..12),
        crlf in any::<bool>(),
        split in 1usize..40,
    ) {
        let mut input = Vec::new();
        for row in &rows {
            rostercheck_core::write::push_record(&mut input, row.iter().map(String::as_str));
            input.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
        }
        let expected: Vec<Vec<Vec<u8>>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input.as_slice())
            .into_byte_records()
            .map(|r| r.expect("record").iter().map(<[u8]>::to_vec).collect())
            .collect();
        // Feed in pieces of `split` bytes, keeping what was not consumed, as the checker does.
        let mut parser = rostercheck_core::parse::Parser::new(b',');
        let mut record = rostercheck_core::parse::Record::default();
        let mut got = Vec::new();
        let mut pending: Vec<u8> = Vec::new();
        let chunks: Vec<&[u8]> = input.chunks(split).collect();
        for (i, chunk) in chunks.iter().enumerate() {
            pending.extend_from_slice(chunk);
            let eof = i + 1 == chunks.len();
            let mut pos = 0;
            while let Some(used) = parser.next(&pending[pos..], eof, &mut record) {
                pos += used;
                // An empty line is a (blank) record here; the csv crate skips it.
                if record.len() > 1 || !record.field(0).is_empty() {
                    got.push(record.fields().map(<[u8]>::to_vec).collect::<Vec<_>>());
                }
            }
            pending.drain(..pos);
        }
        prop_assert_eq!(got, expected);
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
        let mut checker = rostercheck_core::Checker::new(rostercheck_core::Options::new(today()));
        let mut out = Vec::new();
        for chunk in text.as_bytes().chunks(split) {
            checker.feed(chunk);
            out.extend(checker.take_output());
        }
        let (report, rest) = checker.finish();
        out.extend(rest);
        prop_assert_eq!(report.rows, whole.rows);
        if !report.needs_second_pass {
            prop_assert_eq!(out, whole_out);
        }
    }
}
