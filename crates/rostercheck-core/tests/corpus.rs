//! The real files in ../shared/corpus, written by others.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use rostercheck_core::{Code, Fix, Severity};

#[test]
fn oat_sa_header_gets_aliases_and_no_data_rows() {
    let (report, out) = run(&corpus(
        "oat-sa__oneroster-import/data__samples__OneRosterv1p1BaseCSV__demographics.csv",
    ));
    let aliases: Vec<(Option<&str>, Option<&Fix>)> = with_code(&report, Code::HeaderAlias)
        .iter()
        .map(|f| (f.value.as_deref(), f.fix.as_ref()))
        .collect();
    assert_eq!(
        aliases,
        [
            (
                Some("userSourcedId"),
                Some(&Fix::RenameColumn("sourcedId".into()))
            ),
            (
                Some("birthdate"),
                Some(&Fix::RenameColumn("birthDate".into()))
            ),
        ]
    );
    assert_eq!(with_code(&report, Code::NoDataRows).len(), 1);
    assert_eq!(report.rows, 0);
    assert!(String::from_utf8(out).unwrap().starts_with(STANDARD_HEADER));
}

#[test]
fn header_only_files_get_no_data_rows() {
    for path in [
        "nicelion__oneroster-mocker/oneroster-example-csv__demographics.csv",
        "vossen-adobe__mockroster/OneRoster__demographics.csv",
        "oat-sa__oneroster-import/data__samples__oneRoster1.0__demographics.csv",
        "SupremeLordCommander__OneRoster-CSV-Templates/examples__demographics.csv",
    ] {
        let (report, _) = run(&corpus(path));
        let found = with_code(&report, Code::NoDataRows);
        assert_eq!(found.len(), 1, "{path}");
        assert_eq!(found[0].severity, Severity::Error);
        assert!(report.has_errors());
    }
}

#[test]
fn sds_lookalike_is_not_oneroster() {
    let (report, _) = run(&corpus(
        "OfficeDev__O365-EDU-Tools/CSV Samples__SDS v2.1__demographics.csv",
    ));
    let wrong = with_code(&report, Code::WrongFile);
    assert_eq!(wrong.len(), 1);
    assert!(
        wrong[0].message.contains("School Data Sync"),
        "{}",
        wrong[0].message
    );
    assert!(report.has_errors());
}

#[test]
fn users_csv_dropped_by_mistake_is_named() {
    let (report, _) = run(&corpus("vossen-adobe__mockroster/OneRoster__users.csv"));
    let wrong = with_code(&report, Code::WrongFile);
    assert!(
        wrong[0].message.contains("users.csv"),
        "{}",
        wrong[0].message
    );
}

#[test]
fn valid_catalyst_file_is_clean_and_identical() {
    let input = corpus("catalyst__moodle-enrol_oneroster/tests__fixtures__csv_data__oneroster_test_data.zip__demographics.csv");
    let (report, out) = run(&input);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(
        out, input,
        "a correct file comes out byte for byte identical"
    );
}

#[test]
fn snapwiz_file_mixes_bulk_and_delta() {
    let (report, _) =
        run(&corpus("snapwiz__OneRoster/oneroster__oneroster-import-js__data__samples__OneRosterv1p1BaseCSV__demographics.csv"));
    assert_eq!(report.rows, 14);
    assert_eq!(
        with_code(&report, Code::BulkDeltaMixed).len(),
        14,
        "status without dateLastModified in every row"
    );
    assert_eq!(with_code(&report, Code::HeaderAlias).len(), 1);
    let lines: Vec<u64> = with_code(&report, Code::BulkDeltaMixed)
        .iter()
        .map(|f| f.line)
        .collect();
    assert_eq!(lines, (2..=15).collect::<Vec<u64>>());
}

#[test]
fn every_corpus_csv_is_read_without_losing_a_row() {
    let mut checked = 0;
    for entry in walk(&corpus_dir()) {
        if entry.extension().is_some_and(|e| e == "csv") {
            let input = std::fs::read(&entry).unwrap();
            let (report, out) = run(&input);
            assert!(report.readable, "{}", entry.display());
            let reference = csv::ReaderBuilder::new()
                .flexible(true)
                .has_headers(true)
                .from_reader(input.as_slice());
            let physical = reference.into_byte_records().filter_map(Result::ok).count() as u64;
            assert_eq!(report.rows, physical, "{}", entry.display());
            let removed = report.blank_rows
                + report
                    .by_code
                    .get(&Code::DuplicateRow)
                    .map_or(0, |t| t.warnings);
            assert_eq!(
                report.rows_out,
                report.rows - removed,
                "{}",
                entry.display()
            );
            assert!(!out.is_empty());
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} corpus files found");
}

#[test]
fn zips_in_the_corpus_are_not_csv() {
    let (report, out) = run(&corpus("_original_zips/catalyst_Test_minimal_data_set.zip"));
    assert!(!report.readable);
    let not_csv = with_code(&report, Code::NotCsv);
    assert!(not_csv[0].message.contains("zip"), "{}", not_csv[0].message);
    assert!(out.is_empty());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
