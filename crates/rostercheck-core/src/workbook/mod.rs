//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) as one more input stage: a sheet is read into
//! the CSV text the rest of the pipeline checks ([`Converted`]), cell by cell the way
//! ClassLink wants it (every digit of a number-cell ID, a date cell as `YYYY-MM-DD`, leading
//! zeros from the number format), with findings of its own; the check's findings are then
//! given the workbook cell they are about ([`Sheet::annotate`]).
//!
//! Reading needs the `workbook` feature (calamine); what is here does not, so the page places
//! findings in cells without carrying a workbook reader.

use crate::bundle::FileKind;
use crate::finding::{Code, Finding};
use crate::report::Report;
use crate::rules::{About, Stage};
use serde::{Deserialize, Serialize};

#[cfg(feature = "workbook")]
mod biff;
#[cfg(feature = "workbook")]
mod read;
#[cfg(feature = "workbook")]
pub use read::read;

/// At most this many sheets are looked at (a roster workbook has a few).
pub const MAX_SHEETS: usize = 1_000;
/// A zipped workbook (.xlsx, .xlsb, .ods) unzips to at most this many bytes (a sheet of
/// 1,000,000 students and 28 columns is about 1 GB of XML).
pub const MAX_UNZIPPED: u64 = 2 << 30;
/// A part of more than a megabyte expands at most this many times (sheet XML deflates 5 to
/// 50 times; a zip bomb about 1,000).
pub const MAX_RATIO: u64 = 250;

/// The registry entry of this stage.
pub(crate) const STAGE: Stage = Stage {
    name: "workbook",
    about: About::File,
    codes: &[
        Code::WorkbookUnreadable,
        Code::WorkbookSheet,
        Code::HeaderNotFirstRow,
        Code::MergedHeader,
        Code::FormulaValue,
        Code::CellError,
        Code::NumberTooLong,
        Code::ZerosFromFormat,
    ],
};

/// True when `name` is a workbook's, by its extension.
pub fn is_workbook_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"]
        .iter()
        .any(|extension| lower.ends_with(extension))
}

/// How many bytes of a file's start and of its end [`is_workbook`] looks at.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// An OLE compound file's first bytes (.xls, and an encrypted .xlsx).
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// True when a file is a workbook, from its first and last [`SNIFF_BYTES`] bytes: an OLE
/// compound file, or a zip whose first member is a workbook's (`[Content_Types].xml`,
/// `docProps/…`, `xl/…`, an OpenDocument `mimetype`) and that is a spreadsheet (its directory,
/// at its end, names `xl/workbook.xml` or `.bin`; or its mimetype says so). A OneRoster zip
/// starts with a CSV, whatever it holds further on.
pub fn is_workbook(head: &[u8], tail: &[u8]) -> bool {
    if head.starts_with(OLE) {
        return true;
    }
    if !head.starts_with(b"PK\x03\x04") {
        return false;
    }
    let length = head
        .get(26..28)
        .map_or(0, |l| usize::from(u16::from_le_bytes([l[0], l[1]])));
    let first = head.get(30..30 + length).unwrap_or(b"");
    let office = [&b"xl/"[..], b"docProps/", b"_rels/", b"customXml/"]
        .iter()
        .any(|prefix| first.starts_with(prefix))
        || first == b"[Content_Types].xml"
        || first == b"mimetype";
    let contains = |bytes: &[u8], needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    office
        && (contains(head, b"application/vnd.oasis.opendocument.spreadsheet")
            || contains(tail, b"xl/workbook.")
            || contains(head, b"xl/workbook."))
}

/// True when a file is to be read as a workbook: one by its bytes ([`is_workbook`]), or one
/// named as a workbook whose bytes are a zip or an OLE file (a damaged workbook is then said to
/// be one). A text file named `.xls` (many systems export tab-separated text so) is read as the
/// text it is.
pub fn looks_like_workbook(name: &str, head: &[u8], tail: &[u8]) -> bool {
    is_workbook(head, tail)
        || (is_workbook_name(name) && (head.starts_with(OLE) || head.starts_with(b"PK")))
}

/// A sheet read as CSV: the text the check reads, and where each part came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Converted {
    /// The sheet as UTF-8 CSV, comma-separated, LF line endings, from its header row on.
    pub csv: Vec<u8>,
    /// Where the CSV came from, and what reading it found.
    pub sheet: Sheet,
}

/// Where a CSV made from a sheet came from: enough to place any finding in its cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Sheet {
    /// The workbook's file name.
    pub workbook: String,
    /// The sheet read.
    pub name: String,
    /// The sheet's 0-based row of the header (rows above it were a title, left out).
    pub header_row: u32,
    /// The sheet's 0-based column of the CSV's first column.
    pub first_column: u32,
    /// The canonical name of each CSV column (as the check names it in findings).
    pub columns: Vec<String>,
    /// CSV lines at which a row longer than one line (a cell with a line break) ends, with how
    /// many lines it took beyond one, summed: a finding's line becomes its row.
    pub tall_rows: Vec<(u64, u64)>,
    /// What reading the sheet found (cells, formulas, the header), in row order.
    pub findings: Vec<Finding>,
    /// The workbook's worksheets, this one among them (for the page's choice).
    pub sheets: Vec<String>,
    /// What the sheet's CSV is, by its header (and the workbook's name).
    pub kind: Option<FileKind>,
}

/// A workbook that gave no sheet to check: the finding that says why, and the sheets the
/// person can choose from when several could be the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unread {
    /// `workbook-unreadable` or `workbook-sheet`.
    pub finding: Box<Finding>,
    /// The candidate sheets, when the person must choose one.
    pub choices: Vec<String>,
}

impl Unread {
    /// The report of the workbook that gave no sheet: that one finding, not readable.
    pub fn report(&self) -> Report {
        let mut report = Report {
            delimiter: ',',
            ..Report::default()
        };
        report.count(&self.finding);
        report.findings.push((*self.finding).clone());
        report
    }
}

/// Column letters of a 0-based column: 0 → `A`, 27 → `AB`.
pub fn column_letters(mut column: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A sheet name as Excel writes it in a reference: quoted when it is not a plain word.
fn sheet_reference(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    match plain {
        true => name.to_owned(),
        false => format!("'{}'", name.replace('\'', "''")),
    }
}

/// True when the workbook `name` of a bundle is named as a OneRoster file (`users.xlsx`): one
/// that cannot be read is then worth a finding (any other is left in the bundle as it is).
pub fn named_as_roster_file(name: &str) -> bool {
    let base = crate::bundle::base_name(name);
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    crate::bundle::oneroster_name(&format!("{stem}.csv")).is_some()
}

impl Sheet {
    /// True when the sheet is a file a bundle reads (demographics, users, roles, manifest): a
    /// workbook of a bundle then stands in it as this CSV; any other is left as it is.
    pub fn is_roster_file(&self) -> bool {
        matches!(
            self.kind,
            Some(FileKind::Demographics | FileKind::Users | FileKind::Roles | FileKind::Manifest)
        )
    }

    /// What reading the sheet found, as findings of `file` (a bundle's other file), or of the
    /// demographics file checked when `None`.
    pub fn findings_in<'a>(&'a self, file: Option<&'a str>) -> impl Iterator<Item = Finding> + 'a {
        self.findings.iter().map(move |finding| Finding {
            file: file.map(str::to_owned),
            ..finding.clone()
        })
    }

    /// The cell reference of 0-based sheet `row` and CSV `column` (`Sheet1!C14`).
    pub fn cell(&self, row: u32, column: Option<usize>) -> String {
        let sheet = sheet_reference(&self.name);
        let row = u64::from(row) + 1;
        match column {
            Some(c) => {
                let letters = column_letters(self.first_column.saturating_add(c as u32));
                format!("{sheet}!{letters}{row}")
            }
            None => format!("{sheet}!{row}:{row}"),
        }
    }

    /// The row (header = 1) of CSV `line`: lines of a tall row before it do not count.
    pub fn row_of_line(&self, line: u64) -> u64 {
        let before = self.tall_rows.partition_point(|&(end, _)| end < line);
        let extra = match before {
            0 => 0,
            n => self.tall_rows[n - 1].1,
        };
        line.saturating_sub(extra)
    }

    /// Places a finding of the check: `line` becomes the row (header = 1) and `cell` the cell
    /// (or the row, for a row's finding; nothing for the file's).
    pub fn locate(&self, finding: &mut Finding) {
        if finding.file.is_some() || finding.cell.is_some() || finding.line == 0 {
            return;
        }
        let row = self.row_of_line(finding.line);
        finding.line = row;
        let sheet_row = (u64::from(self.header_row) + row).saturating_sub(1);
        let sheet_row = u32::try_from(sheet_row).unwrap_or(u32::MAX);
        let column = (finding.column.as_deref())
            .and_then(|name| self.columns.iter().position(|c| c == name));
        finding.cell = match (finding.record, column) {
            (None, None) if row == 1 => None,
            (_, column) => Some(self.cell(sheet_row, column)),
        };
    }

    /// Gives the check's findings their cells, and adds the reading's own findings (counted),
    /// in row order.
    pub fn annotate(&self, report: &mut Report) {
        for finding in &mut report.findings {
            self.locate(finding);
        }
        for finding in &self.findings {
            report.count(finding);
        }
        let mut all = Vec::with_capacity(report.findings.len() + self.findings.len());
        let mut own = self.findings.iter().cloned().peekable();
        for finding in report.findings.drain(..) {
            while let Some(first) = own.next_if(|f| f.line <= finding.line) {
                all.push(first);
            }
            all.push(finding);
        }
        all.extend(own);
        report.findings = all;
    }
}

/// Checks a sheet read from a workbook: the check of its CSV, with every finding in its cell
/// and the reading's findings added.
pub fn check_and_fix(converted: &Converted, options: &crate::Options) -> (Report, Vec<u8>) {
    let (mut report, output) = crate::check_and_fix(&converted.csv, options);
    converted.sheet.annotate(&mut report);
    (report, output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::sink::{self, Draft};

    #[test]
    fn column_letters_are_excel_s() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702, 16383]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"]
        );
    }

    #[test]
    fn references_quote_sheet_names_as_excel_does() {
        let sheet = |name: &str| Sheet {
            name: name.into(),
            ..Sheet::default()
        };
        assert_eq!(sheet("Sheet1").cell(13, Some(2)), "Sheet1!C14");
        assert_eq!(sheet("My list").cell(0, Some(0)), "'My list'!A1");
        assert_eq!(sheet("O'Brien").cell(4, None), "'O''Brien'!5:5");
        assert_eq!(sheet("2026").cell(1, Some(1)), "'2026'!B2");
    }

    #[test]
    fn lines_of_tall_rows_become_rows() {
        // Rows 3 and 6 (header = 1) each take three lines.
        let sheet = Sheet {
            name: "S".into(),
            header_row: 2,
            columns: vec!["sourcedId".into(), "sex".into()],
            tall_rows: vec![(5, 2), (10, 4)],
            ..Sheet::default()
        };
        let rows: Vec<u64> = [1, 2, 3, 6, 7, 8, 11]
            .map(|l| sheet.row_of_line(l))
            .to_vec();
        assert_eq!(rows, [1, 2, 3, 4, 5, 6, 7]);
        let mut finding = sink::finding(
            Draft::new(Code::InvalidSex, Severity::Error, 11)
                .record(Some(5))
                .column(Some("sex")),
        );
        sheet.locate(&mut finding);
        assert_eq!((finding.line, finding.cell.as_deref()), (7, Some("S!B9")));
    }

    #[test]
    fn names_and_kinds() {
        assert!(
            named_as_roster_file("export/Users.xlsx") && named_as_roster_file("demographics.ods")
        );
        assert!(!named_as_roster_file("budget.xlsx"));
        assert!(is_workbook_name("a.XLSX") && is_workbook_name("b.ods"));
        assert!(!is_workbook_name("a.csv"));
        assert!(is_workbook(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", b""));
        let zip = |first: &str| {
            let mut head = b"PK\x03\x04".to_vec();
            head.resize(26, 0);
            head.extend_from_slice(&(first.len() as u16).to_le_bytes());
            head.extend_from_slice(&[0, 0]);
            head.extend_from_slice(first.as_bytes());
            head
        };
        assert!(is_workbook(
            &zip("docProps/app.xml"),
            b"PK\x01\x02xl/workbook.xml"
        ));
        assert!(is_workbook(&zip("[Content_Types].xml"), b"xl/workbook.bin"));
        // A OneRoster zip holding a workbook stored as it is: still a bundle.
        assert!(!is_workbook(&zip("users.csv"), b"xl/workbook.xml"));
        // Named as a workbook: a zip or an OLE file is read as one; text is text.
        assert!(looks_like_workbook("a.xlsx", b"PK\x03\x04cut", b""));
        assert!(!looks_like_workbook("export.xls", b"sourcedId\tsex\n", b""));
        assert!(!looks_like_workbook("a.zip", &zip("users.csv"), b""));
        assert!(!is_workbook(b"sourcedId,sex\n", b"sourcedId,sex\n"));
    }
}
