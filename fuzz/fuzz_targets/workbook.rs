//! Workbooks on arbitrary bytes: as a whole file (.xlsx, .xls, .ods, anything), or — first
//! byte odd — as the sheet XML and shared strings of an otherwise well-formed .xlsx written
//! uncompressed, so that the fuzzer reaches calamine's XML reading and our cell conversion
//! instead of stopping at a zip's checksums.
//!
//! Invariants: no panic, no loop, no allocation beyond the limits; a sheet read gives CSV the
//! checker reads with one data row per sheet row after the header; every finding of the
//! check is placed (its row within the CSV's, a cell on the sheet read) and counted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rostercheck_core::workbook;
use rostercheck_core::{Date, Options};
use std::io::{Cursor, Write};

fn options() -> Options {
    Options::new(Date::new(2026, 11, 28).expect("a date"))
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// An .xlsx whose sheet XML and shared strings are `sheet` and `strings`, stored uncompressed.
fn xlsx(sheet: &[u8], strings: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, stored).expect("a part");
        zip.write_all(bytes).expect("in memory");
    }
    zip.finish().expect("in memory").into_inner()
}

fuzz_target!(|input: &[u8]| {
    let Some((&first, rest)) = input.split_first() else {
        return;
    };
    let bytes = if first % 2 == 1 {
        let cut = rest.iter().position(|&b| b == 0xFE).unwrap_or(rest.len());
        xlsx(&rest[..cut], rest.get(cut + 1..).unwrap_or(b""))
    } else {
        rest.to_vec()
    };
    let sheet = (first & 4 != 0).then_some("Sheet1");
    let converted = match workbook::read(&bytes, "fuzz.xlsx", sheet) {
        Ok(converted) => converted,
        Err(unread) => {
            assert!(!unread.finding.message.is_empty());
            assert!(!unread.report().readable);
            return;
        }
    };
    let (report, _) = workbook::check_and_fix(&converted, &options());
    let totals = &report.totals;
    if !report.truncated {
        let listed = report.findings.len() as u64;
        assert_eq!(totals.errors + totals.warnings + totals.infos, listed, "every finding counted");
    }
    // Rows: the header, then one per sheet row; a finding's row is one of them.
    let rows = report.rows + 1;
    for finding in &report.findings {
        assert!(finding.line <= rows.max(1), "{finding:?} past {rows} rows");
        if let Some(cell) = &finding.cell {
            assert!(cell.contains('!'), "{cell}");
        }
    }
});
