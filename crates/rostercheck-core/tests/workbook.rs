//! Workbooks read directly: each table.* workbook (scripts/make-workbooks.py) gives the
//! corrected CSV of its clean CSV twin, and each bad workbook a clear finding.

mod common;

use common::{fixture, today};
use rostercheck_core::workbook::{self, Converted};
use rostercheck_core::{check_and_fix, Code, Finding, Options, Report, Severity};

fn options() -> Options {
    Options::new(today())
}

fn read(name: &str) -> Converted {
    let bytes = fixture(&format!("workbooks/{name}"));
    workbook::read(&bytes, name, None).unwrap_or_else(|u| panic!("{name}: {}", u.finding.message))
}

fn checked(name: &str) -> (Report, String) {
    let (report, output) = workbook::check_and_fix(&read(name), &options());
    (report, String::from_utf8(output).expect("UTF-8"))
}

fn unread(name: &str, sheet: Option<&str>) -> workbook::Unread {
    let bytes = fixture(&format!("workbooks/{name}"));
    match workbook::read(&bytes, name, sheet) {
        Ok(_) => panic!("{name} was read"),
        Err(unread) => unread,
    }
}

fn find(report: &Report, code: Code) -> Vec<&Finding> {
    report.findings.iter().filter(|f| f.code == code).collect()
}

#[test]
fn every_workbook_of_the_table_gives_the_clean_csv_s_corrected_file() {
    let (_, clean) = check_and_fix(&fixture("workbooks/table.csv"), &options());
    let clean = String::from_utf8(clean).unwrap();
    // 13-digit IDs and 2^53 - 1 stored as number cells keep every digit.
    assert!(clean.contains("\n1234567890123,active,2026-11-28T00:00:00.000Z,2012-03-14,female"));
    assert!(clean.contains("\n9007199254740991,"));
    for name in ["table.xlsx", "table-1904.xlsx", "table.xls", "table.ods"] {
        let (report, output) = checked(name);
        assert_eq!(output, clean, "{name}");
        assert_eq!(report.rows, 3, "{name}");
        assert!(!report.has_errors(), "{name}: {:?}", report.findings);
        // 2^53 - 1 has 16 digits: kept exactly, with a warning that Excel may have cut it.
        let sixteen = find(&report, Code::NumberTooLong);
        assert_eq!(sixteen.len(), 1, "{name}");
        assert_eq!(sixteen[0].severity, Severity::Warning);
        assert_eq!(sixteen[0].value.as_deref(), Some("9007199254740991"));
        assert_eq!(sixteen[0].cell.as_deref(), Some("Demographics!A4"));
    }
}

#[test]
fn the_csv_made_from_a_sheet_is_what_the_cells_hold() {
    let converted = read("table.xlsx");
    let csv = String::from_utf8(converted.csv.clone()).unwrap();
    let twin = String::from_utf8(fixture("workbooks/table.csv")).unwrap();
    assert_eq!(csv, twin);
    assert_eq!(converted.sheet.name, "Demographics");
    assert_eq!(converted.sheet.header_row, 0);
    // Only the 16-digit ID's warning.
    let codes: Vec<Code> = converted.sheet.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, [Code::NumberTooLong]);
}

#[test]
fn number_formats_dates_and_long_numbers() {
    let (report, output) = checked("cells.xlsx");
    let lines: Vec<&str> = output.lines().collect();
    // 0000000 gives the zeros back, with a finding; 1234567 needs none.
    assert!(lines[1].starts_with("0012345,"), "{output}");
    assert!(lines[2].starts_with("1234567,"), "{output}");
    let zeros = find(&report, Code::ZerosFromFormat);
    assert_eq!(zeros.len(), 1);
    assert_eq!(zeros[0].value.as_deref(), Some("12345"));
    assert_eq!(zeros[0].fixed_value(), Some("0012345"));
    assert_eq!(zeros[0].cell.as_deref(), Some("Sheet1!A2"));
    assert_eq!((zeros[0].line, zeros[0].record), (2, Some(0)));
    // Past 2^53 a number cell cannot hold the ID: an error at its cell.
    let long = find(&report, Code::NumberTooLong);
    assert_eq!(long.len(), 1);
    assert_eq!(long[0].severity, Severity::Error);
    assert_eq!(long[0].cell.as_deref(), Some("Sheet1!A4"));
    // Excel's fictitious 1900-02-29 is written as Excel shows it, and is not a date.
    let invalid = find(&report, Code::InvalidDate);
    assert_eq!(invalid.len(), 1);
    assert_eq!(invalid[0].value.as_deref(), Some("1900-02-29"));
    assert_eq!(invalid[0].cell.as_deref(), Some("Sheet1!C5"));
    assert_eq!(invalid[0].line, 5);
}

#[test]
fn formulas_give_their_cached_value_and_error_cells_are_blank() {
    let (report, output) = checked("formulas.xlsx");
    let formulas = find(&report, Code::FormulaValue);
    let cells: Vec<&str> = formulas.iter().filter_map(|f| f.cell.as_deref()).collect();
    assert_eq!(cells, ["Roster!B2", "Roster!C2"]);
    assert!(formulas.iter().all(|f| f.severity == Severity::Warning));
    assert!(formulas[1]
        .value
        .as_deref()
        .unwrap()
        .starts_with("=VLOOKUP("));
    let errors = find(&report, Code::CellError);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].value.as_deref(), Some("#N/A"));
    assert_eq!(errors[0].cell.as_deref(), Some("Roster!C3"));
    assert_eq!(errors[0].severity, Severity::Error);
    // The cached values are written; the error cell is blank.
    assert!(output.contains("\n1001,,,,female,"), "{output}");
    assert!(output.lines().nth(1).unwrap().ends_with(",Yes"), "{output}");
    assert!(output.lines().nth(2).unwrap().ends_with(','), "{output}");
    let chosen = find(&report, Code::WorkbookSheet);
    assert_eq!(chosen[0].severity, Severity::Info);
    assert!(
        chosen[0].message.contains("\"Roster\""),
        "{}",
        chosen[0].message
    );
    // Every finding is counted once.
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error);
    assert_eq!(report.totals.errors, errors.count() as u64);
}

#[test]
fn a_title_above_the_header_and_merged_header_cells_are_said() {
    let (report, output) = checked("title.xlsx");
    assert!(output.starts_with("sourcedId,"), "{output}");
    assert_eq!(report.rows, 2);
    let title = find(&report, Code::HeaderNotFirstRow);
    assert_eq!(title.len(), 1);
    assert!(title[0].message.contains("row 3"), "{}", title[0].message);
    assert!(title[0].message.contains("Student demographics, fall 2026"));
    let merged = find(&report, Code::MergedHeader);
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].cell.as_deref(), Some("Students!C3:D3"));
    // A data row's finding names its cell below the title rows.
    let unknown = find(&report, Code::UnknownColumn);
    assert_eq!(unknown[0].cell.as_deref(), Some("Students!C3"));
}

#[test]
fn the_sheet_that_looks_like_demographics_is_chosen_or_asked_for() {
    let converted = read("two-sheets.xlsx");
    assert_eq!(converted.sheet.name, "Demographics");
    let converted = read("many-sheets.xlsx");
    assert_eq!(converted.sheet.name, "Roster");
    assert_eq!(converted.sheet.sheets.len(), 300);

    let several = unread("ambiguous.xlsx", None);
    assert_eq!(several.choices, ["Fall", "Spring"]);
    assert_eq!(several.finding.code, Code::WorkbookSheet);
    assert_eq!(several.finding.severity, Severity::Error);
    assert!(several.finding.message.contains("Fall, Spring"));
    let report = several.report();
    assert!(!report.readable);
    assert_eq!(report.totals.errors, 1);

    let bytes = fixture("workbooks/ambiguous.xlsx");
    let spring = workbook::read(&bytes, "ambiguous.xlsx", Some("spring")).unwrap();
    assert_eq!(spring.sheet.name, "Spring");
    let missing = unread("ambiguous.xlsx", Some("Winter"));
    assert!(missing.finding.message.contains("Fall, Spring"));
}

#[test]
fn bad_workbooks_get_a_clear_finding() {
    let encrypted = unread("encrypted.xlsx", None);
    assert_eq!(encrypted.finding.code, Code::WorkbookUnreadable);
    assert!(encrypted.finding.message.contains("password"));
    let empty = unread("empty.xlsx", None);
    assert!(empty.finding.message.contains("no sheet with a value"));
    // Cut short anywhere, a workbook is damaged, never a panic.
    let whole = fixture("workbooks/table.xlsx");
    for end in (0..whole.len()).step_by(31) {
        match workbook::read(&whole[..end], "cut.xlsx", None) {
            Ok(_) => {}
            Err(unread) => {
                assert_eq!(unread.finding.code, Code::WorkbookUnreadable);
                assert!(!unread.finding.message.is_empty());
            }
        }
    }
    let xls = fixture("workbooks/table.xls");
    for end in (0..xls.len()).step_by(17) {
        let _ = workbook::read(&xls[..end], "cut.xls", None);
    }
    // The chart sheet is not read; the worksheet beside it is.
    let converted = read("chart-and-data.xlsx");
    assert_eq!(converted.sheet.name, "Sheet");
}

#[test]
fn the_sample_workbook_checks_as_the_sample_csv() {
    let bytes = fixture("workbook.xlsx");
    let converted = workbook::read(&bytes, "workbook.xlsx", None).unwrap();
    let (report, output) = workbook::check_and_fix(&converted, &options());
    let (csv_report, csv_output) = check_and_fix(&fixture("sample-demographics.csv"), &options());
    // The sample has CRLF line endings, kept in its corrected file; a sheet is written with LF.
    let csv_output = String::from_utf8(csv_output).unwrap().replace("\r\n", "\n");
    assert_eq!(String::from_utf8(output).unwrap(), csv_output);
    // The same findings, but the CSV's broken quote (a workbook has no quotes to break).
    let stray = |r: &Report| {
        r.findings
            .iter()
            .filter(|f| f.code == Code::StrayQuote)
            .count()
    };
    assert_eq!((stray(&report), stray(&csv_report)), (0, 1));
    assert_eq!(report.totals.errors + 1, csv_report.totals.errors);
    assert_eq!(report.totals.warnings, csv_report.totals.warnings);
    assert_eq!(report.totals.fixes, csv_report.totals.fixes);
}

#[test]
fn a_workbook_of_charts_only_is_said_to_be_so() {
    let bytes = fixture("workbooks/charts-only.xlsx");
    assert!(workbook::is_workbook(&bytes, &bytes));
    let unread = match workbook::read(&bytes, "charts.xlsx", None) {
        Ok(converted) => panic!("read {:?}", converted.sheet.name),
        Err(unread) => unread,
    };
    assert_eq!(unread.finding.code, Code::WorkbookUnreadable);
    assert!(
        unread.finding.message.contains("charts only"),
        "{}",
        unread.finding.message
    );
}

#[test]
fn a_formula_never_calculated_is_an_error_not_a_silent_blank() {
    let (report, output) = checked("uncalculated.xlsx");
    let errors = find(&report, Code::CellError);
    assert_eq!(errors.len(), 1, "{:?}", report.findings);
    assert_eq!(errors[0].cell.as_deref(), Some("Sheet1!C2"));
    assert_eq!(
        errors[0].value.as_deref(),
        Some("=IF(A2=1001,\"Yes\",\"No\")")
    );
    assert!(
        errors[0].message.contains("never calculated"),
        "{}",
        errors[0].message
    );
    assert!(find(&report, Code::FormulaValue).is_empty());
    assert!(output.lines().nth(1).unwrap().ends_with(','), "{output}");
}

/// Found by the `workbook` fuzz target, twice: a far-cell sheet spliced into another .xlsx.
/// The pre-scan read the zip with `zip` 2, which saw other parts than calamine's `zip` 9 (or
/// could not unzip one), so it let the far cell through and calamine asked for 550 GB. The scan
/// now reads with calamine's own `zip`, every part, and a part it cannot unzip is damage.
#[test]
fn a_spliced_workbook_is_scanned_as_calamine_reads_it() {
    let first = unread("fuzz-spliced-far-cell.xlsx", None);
    assert_eq!(first.finding.code, Code::WorkbookUnreadable);
    assert!(
        first.finding.message.contains("a value far from the rest"),
        "{}",
        first.finding.message
    );
    let second = unread("fuzz-spliced-far-cell-2.xlsx", None);
    assert_eq!(second.finding.code, Code::WorkbookUnreadable);
    assert!(
        second.finding.message.contains("damaged"),
        "{}",
        second.finding.message
    );
}

/// Asserts that the workbook was refused with a message holding every one of `words`.
fn says(unread: &workbook::Unread, words: &[&str]) {
    assert_eq!(unread.finding.code, Code::WorkbookUnreadable);
    let message = &unread.finding.message;
    assert!(words.iter().all(|w| message.contains(w)), "{message}");
}

/// The .xls fixture with `patch` applied to the bytes of its first record that starts `head`.
fn patched_xls(head: &[u8], patch: impl Fn(&mut [u8])) -> Vec<u8> {
    let mut bytes = fixture("workbooks/table.xls");
    let at = (bytes.windows(head.len()))
        .position(|w| w == head)
        .expect("the record is in the fixture");
    patch(&mut bytes[at..]);
    bytes
}

#[test]
fn an_xls_declaring_four_billion_rows_is_damaged_not_a_3_terabyte_allocation() {
    // Found by the brief fuzz run in CI: calamine reserved room for every cell the DIMENSIONS
    // record declares, and the allocation aborted the process.
    let bytes = patched_xls(b"\x00\x02\x0e\x00", |record| {
        record[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
    });
    let unread = workbook::read(&bytes, "dimensions.xls", None).expect_err("refused");
    says(&unread, &["4,294,967,295 rows"]);
}

#[test]
fn an_xls_cell_in_the_far_corner_is_a_sparse_sheet_not_a_137_gigabyte_grid() {
    // A shared-string cell moved to row 65,536, column 65,536.
    let bytes = patched_xls(b"\xfd\x00\x0a\x00", |record| {
        record[4..8].copy_from_slice(&[0xFF; 4]);
    });
    let unread = workbook::read(&bytes, "far.xls", None).expect_err("refused");
    says(
        &unread,
        &["a value far from the rest", "65,536 rows by 65,536 columns"],
    );
}

#[test]
fn a_nul_in_a_cell_is_removed_at_the_cell_not_a_binary_file() {
    // Found by fuzzing: the CSV made from a sheet with a NUL in a cell was taken for a binary
    // file (`not-csv`, no rows), while the reader's findings still named its cells.
    let mut bytes = fixture("workbooks/table.xls");
    let at = (bytes.windows(6).position(|w| w == b"Austin")).expect("a city in the fixture");
    bytes[at + 3] = 0;
    let converted = workbook::read(&bytes, "nul.xls", None).expect("read");
    let (report, output) = workbook::check_and_fix(&converted, &options());
    assert!(
        find(&report, Code::NotCsv).is_empty(),
        "{:?}",
        report.findings
    );
    assert_eq!(report.rows, 3);
    let cleaned = find(&report, Code::Whitespace);
    assert_eq!(cleaned.len(), 1, "{cleaned:?}");
    assert_eq!(cleaned[0].cell.as_deref(), Some("Demographics!O2"));
    assert_eq!(cleaned[0].value.as_deref(), Some("Aus\0in"));
    assert!(String::from_utf8(output).unwrap().contains(",Ausin,"));
}

#[test]
fn a_first_cell_that_starts_like_a_pdf_is_still_a_sheet() {
    // The CSV made from the sheet starts with its first cell: bare, "%PDF-1.7x" made the input
    // stage take the sheet for a PDF. The writer quotes such a first name.
    let mut bytes = fixture("workbooks/table.xls");
    let at = (bytes.windows(9).position(|w| w == b"sourcedId")).expect("the header");
    bytes[at..at + 9].copy_from_slice(b"%PDF-1.7x");
    let converted = workbook::read(&bytes, "pdf.xls", None).expect("read");
    assert!(converted.csv.starts_with(b"\"%PDF-1.7x\","));
    let (report, output) = workbook::check_and_fix(&converted, &options());
    assert!(
        find(&report, Code::NotCsv).is_empty(),
        "{:?}",
        report.findings
    );
    assert_eq!(report.rows, 3);
    // The corrected file is read back as the same CSV.
    let (again, _) = check_and_fix(&output, &options());
    assert!(
        find(&again, Code::NotCsv).is_empty(),
        "{:?}",
        again.findings
    );
    assert_eq!(again.rows, 3);
}

#[test]
fn xls_records_shorter_than_calamine_reads_are_damaged_not_a_panic() {
    // Found by fuzzing (25 min run): a defined name (`Lbl`) of 2 bytes, and a sheet's
    // `BoundSheet8` record cut short, made calamine index past the record and panic — in the
    // page, the workbook worker's death.
    for (name, record) in [
        ("fuzz-short-lbl.xls", "Lbl record of 2 bytes"),
        ("fuzz-short-boundsheet.xls", "BoundSheet8 record of 0 bytes"),
    ] {
        says(&unread(name, None), &["damaged", record]);
    }
}

#[test]
fn an_xls_shared_string_cut_short_and_a_stream_named_with_nuls_are_refused_not_a_crash() {
    // Found by fuzzing (the 25-minute run after the fix above): a shared string flagged with an
    // extended part, cut short, made calamine panic; and a workbook stream named
    // `Workbook\0\0`, which calamine reads as `Workbook` but the scan passed over, had formulas
    // asking calamine for a 68 GB grid (the process aborted). calamine now reads the stream the
    // scan read, alone in a compound file of its own.
    says(
        &unread("fuzz-shared-string-cut.xls", None),
        &["a shared string's size of its extended part is cut short"],
    );
    says(
        &unread("fuzz-workbook-nul-name.xls", None),
        &["a value far from the rest"],
    );
}

#[test]
fn a_header_cell_with_a_line_break_leaves_every_finding_in_its_own_cell() {
    // Found by fuzzing (the last workbook run): a header cell holding a line break (Alt+Enter
    // in Excel) made the header two lines of CSV, and every finding below it named the cell
    // one row down — the last one a row past the sheet's end.
    let (report, _) = checked("fuzz-header-line-break.xls");
    assert_eq!(report.rows, 3);
    // The three students' IDs are in A2, A3 and A4 (each looks like a date).
    let ids: Vec<(u64, Option<&str>)> = (find(&report, Code::IdMangled).iter())
        .map(|f| (f.line, f.cell.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            (2, Some("Demographics!A2")),
            (3, Some("Demographics!A3")),
            (4, Some("Demographics!A4"))
        ]
    );
    assert!(report.findings.iter().all(|f| f.line <= report.rows + 1));
}
