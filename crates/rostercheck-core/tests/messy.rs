//! Messy files no one here wrote by hand: generated with known truth, every fixable value must be
//! fixed, every unfixable one reported as an error at its line and column, and valid data must
//! raise no error.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::messy::{generate, Expect, Messiness};
use common::*;
use rostercheck_core::Severity;
use std::collections::BTreeSet;

fn read_output(out: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(out);
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("record").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn check_seed(seed: u64, rows: usize, mess: Messiness) {
    let file = generate(seed, rows, mess);
    let (report, out) = run(&file.bytes);
    let (header, out_rows) = read_output(&out);
    assert_eq!(
        out_rows.len(),
        file.rows.len(),
        "seed {seed}: no row is lost"
    );
    let mut expected_errors = BTreeSet::new();
    for (i, cells) in file.rows.iter().enumerate() {
        let line = i as u64 + 2;
        for cell in cells {
            let at = header
                .iter()
                .position(|h| h == cell.column)
                .unwrap_or_else(|| panic!("seed {seed}: {} not in output", cell.column));
            let got = &out_rows[i][at];
            match &cell.expect {
                Expect::Value(v) => assert_eq!(
                    got, v,
                    "seed {seed} line {line} {}: {:?}",
                    cell.column, cell.written
                ),
                Expect::Error => {
                    assert_eq!(
                        got,
                        cell.written.trim(),
                        "seed {seed} line {line}: unfixable values are kept"
                    );
                    expected_errors.insert((line, cell.column.to_owned()));
                }
            }
        }
    }
    let found_errors: BTreeSet<(u64, String)> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.line, f.column.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        found_errors, expected_errors,
        "seed {seed}: errors exactly where the unfixable values are"
    );
    let crlf_lines = out.windows(2).filter(|w| w == b"\r\n").count();
    assert_eq!(crlf_lines > 0, file.crlf, "seed {seed}: line ending kept");
    assert!(!out.starts_with(b"\xEF\xBB\xBF"));
    assert!(std::str::from_utf8(&out).is_ok());
}

#[test]
fn fixable_values_are_fixed_and_unfixable_ones_are_errors() {
    for seed in 0..300 {
        check_seed(
            seed,
            60,
            Messiness {
                fixable: 40,
                unfixable: 3,
            },
        );
    }
}

#[test]
fn valid_files_raise_no_error_and_no_value_finding() {
    for seed in 1000..1100 {
        let file = generate(
            seed,
            80,
            Messiness {
                fixable: 0,
                unfixable: 0,
            },
        );
        let (report, _) = run(&file.bytes);
        assert_eq!(
            errors(&report),
            Vec::<&rostercheck_core::Finding>::new(),
            "seed {seed}"
        );
        let about_values: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.record.is_some())
            .collect();
        assert!(about_values.is_empty(), "seed {seed}: {about_values:?}");
    }
}

#[test]
fn very_messy_files() {
    for seed in 2000..2040 {
        check_seed(
            seed,
            150,
            Messiness {
                fixable: 90,
                unfixable: 20,
            },
        );
    }
}
