//! Rows found again: the values and the text of given lines of a file, read as the check reads
//! them (the same decoding, the same records, the same header), for a person to see the row a
//! finding is about — its other values, a second row with the same ID, the line a broken quote
//! is on.
//!
//! The check keeps no rows (it would hold the file); a row is read again when it is asked for.
//! [`RowFinder`] is push-based like [`crate::Checker`], and says when every line asked for is
//! found, so that the reader stops there.

use crate::cells::clean;
use crate::date::Date;
use crate::edits::Edits;
use crate::header::HeaderPlan;
use crate::input::{field_text, line_text, Decoded, Input, RecordText};
use crate::parse::{read_alone, Parser, Record};
use crate::records::Records;
use crate::rules::RuleContext;
use crate::sink::Sink;
use serde::{Deserialize, Serialize};

/// The most lines one finder looks for (a person compares a few rows, not thousands).
pub const MAX_LINES: usize = 32;

/// The most characters of a row's text kept (a row longer than this is cut, and says so).
const MAX_TEXT: usize = 4_096;

/// The header and the rows found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundRows {
    /// The header as written.
    pub header: Vec<String>,
    /// For each header column, the column its findings name (`Finding::column`): the known
    /// column's name, the header as written for another, `None` for one the corrected file
    /// leaves out.
    pub columns: Vec<Option<String>>,
    /// The rows found, in the order of the file.
    pub rows: Vec<FoundRow>,
}

/// One row found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundRow {
    /// The line it starts on (`Finding::line`).
    pub line: u64,
    /// Its data row (`Finding::record`).
    pub record: u64,
    /// Its values as read (a quote kept as text where the check kept it), with the person's
    /// edits.
    pub values: Vec<String>,
    /// The text of the line(s) as written, without the line ending (cut after 4,096 characters).
    pub text: String,
    /// `text` was cut.
    pub cut: bool,
    /// The line is the one the person wrote again (read in place of the file's, as the check
    /// reads it), not the file's. (Its values, like every row's, are the person's edits
    /// applied to the values as read.)
    #[serde(default)]
    pub rewritten: bool,
}

/// Finds rows by their line.
#[derive(Debug)]
pub struct RowFinder {
    /// The lines wanted, in order.
    lines: Vec<u64>,
    input: Input,
    records: Records,
    sink: Sink,
    decoded: Decoded,
    context: RuleContext,
    found: FoundRows,
    /// Rows with this `sourcedId` are found too (the rows of a duplicated ID), and where that
    /// column is once the header is read.
    id: Option<(String, Option<usize>)>,
    /// The person's edits: their values shown, their lines read in place of the file's, the
    /// rows they left out not found, as the check does.
    edits: Edits,
    /// Data rows read.
    records_read: u64,
    header_read: bool,
    /// The last line read is beyond every line wanted.
    done: bool,
}

impl RowFinder {
    /// A finder of the rows starting on `lines` (at most [`MAX_LINES`] of them; the first
    /// ones are kept).
    pub fn new(lines: &[u64]) -> RowFinder {
        let mut lines = lines.to_vec();
        lines.sort_unstable();
        lines.dedup();
        lines.truncate(MAX_LINES);
        RowFinder {
            done: lines.is_empty(),
            lines,
            input: Input::default(),
            records: Records::default(),
            sink: Sink::new(Some(0)),
            decoded: Decoded::default(),
            context: RuleContext::on(Date::from_unix_days(0)),
            found: FoundRows::default(),
            id: None,
            edits: Edits::default(),
            records_read: 0,
            header_read: false,
        }
    }

    /// Finds, besides the lines, the rows before the last of them whose `sourcedId` is `id`
    /// (cleaned as the check cleans it), at most [`MAX_LINES`] rows in all.
    pub fn with_id(mut self, id: &str) -> RowFinder {
        self.id = Some((clean(id.into(), &self.context).into_owned(), None));
        self
    }

    /// Reads the file as the check reads it with the person's `edits`: a row they left out is
    /// not found (nor offered to keep), a line they wrote again is read in place of the file's,
    /// their cell edits and column replacements are the values shown, and a row is of the ID
    /// wanted by its edited `sourcedId`.
    pub fn with_edits(mut self, edits: Edits) -> RowFinder {
        self.edits = edits;
        self
    }

    /// Takes the next piece of the file; true when every line wanted is found (or passed): the
    /// rest need not be read.
    pub fn feed(&mut self, chunk: &[u8]) -> bool {
        self.push(chunk, false);
        self.done
    }

    /// The file has ended: the rows found (a line that is not the start of a row is not
    /// among them).
    pub fn finish(mut self) -> FoundRows {
        if !self.done {
            self.push(&[], true);
        }
        self.found
    }

    fn push(&mut self, chunk: &[u8], eof: bool) {
        let RowFinder {
            lines,
            input,
            records,
            sink,
            decoded,
            context,
            found,
            id,
            edits,
            records_read,
            header_read,
            done,
        } = self;
        if *done {
            return;
        }
        input.feed(chunk, eof, sink, &mut |text, eof, delimiter, _sink| {
            if *done {
                // Nothing more is wanted: the text is taken unread.
                return text.len();
            }
            records.read(text, eof, delimiter, |record, raw, parser, _| {
                if *done {
                    return;
                }
                if !*header_read {
                    *header_read = read_header(record, parser, context, found);
                    if let Some((_, at)) = id.as_mut() {
                        *at =
                            (found.columns.iter()).position(|c| c.as_deref() == Some("sourcedId"));
                    }
                    return;
                }
                let index = *records_read;
                *records_read += 1;
                *done = lines.last().is_none_or(|last| record.line >= *last);
                if edits.excludes(index) {
                    return;
                }
                let written_again = edits.line_for(index).map(|line| {
                    let fields = Some(found.header.len());
                    let mut again = read_alone(line.as_bytes(), parser.delimiter(), fields);
                    again.line = record.line;
                    (again, line.as_bytes())
                });
                let (record, raw) = match &written_again {
                    Some((again, line)) => (again, *line),
                    None => (record, raw),
                };
                let text = RecordText::new(record, decoded);
                let value = |i: usize| {
                    let read = text.field(i);
                    let column = found.columns.get(i).and_then(Option::as_deref);
                    match column.and_then(|column| edits.value_for(index, column, &read)) {
                        Some(edited) => edited.to_owned(),
                        None => read.into_owned(),
                    }
                };
                let wanted = lines.binary_search(&record.line).is_ok()
                    || id.as_ref().is_some_and(|(id, at)| {
                        at.is_some_and(|at| {
                            at < text.len() && clean(value(at).into(), context) == id.as_str()
                        })
                    });
                if wanted && found.rows.len() < MAX_LINES {
                    let values = (0..text.len()).map(value).collect();
                    let mut row = row(record, values, raw, index);
                    row.rewritten = written_again.is_some();
                    found.rows.push(row);
                }
            })
        });
        // What the sink was told (the file's findings) is not wanted here.
        drop(sink.take());
    }
}

/// Reads the header record into `found`; false for a blank line before it (skipped, as the
/// check skips it).
fn read_header(
    record: &Record,
    parser: &mut Parser,
    context: &RuleContext,
    found: &mut FoundRows,
) -> bool {
    let header: Vec<String> = (record.fields())
        .map(|f| field_text(f).0.into_owned())
        .collect();
    let names: Vec<String> = (header.iter())
        .map(|name| clean(name.into(), context).into_owned())
        .collect();
    if names.iter().all(String::is_empty) {
        return false;
    }
    // Every nameless column is kept: a row found shows all its values.
    let every: Vec<usize> = (0..names.len()).collect();
    let plan = HeaderPlan::new(&names, &every);
    found.columns = (plan.input.iter())
        .map(|input| input.output.map(|at| plan.output[at].name.clone()))
        .collect();
    parser.expect_fields(header.len());
    found.header = header;
    true
}

/// A row as found: its values, and its text (without the line ending).
fn row(record: &Record, values: Vec<String>, raw: &[u8], index: u64) -> FoundRow {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let whole = line_text(raw);
    let cut = whole.chars().nth(MAX_TEXT).is_some();
    let text = match cut {
        true => whole.chars().take(MAX_TEXT).collect(),
        false => whole.into_owned(),
    };
    FoundRow {
        line: record.line,
        record: index,
        values,
        text,
        cut,
        rewritten: false,
    }
}

/// Finds the rows starting on `lines` in the whole `input`.
pub fn find_rows(input: &[u8], lines: &[u64]) -> FoundRows {
    let mut finder = RowFinder::new(lines);
    finder.feed(input);
    finder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_found_by_line_with_their_values_and_text() {
        let input = "\u{feff}Sourced ID,sex,,birthDate\r\n\
                     1001,M,x,2012-01-01\r\n\
                     1002,\"F\nemale\",,2012-02-02\r\n\
                     1003,F,,2012-03-03\r\n";
        let found = find_rows(input.as_bytes(), &[4, 2, 5, 99]);
        assert_eq!(found.header, ["Sourced ID", "sex", "", "birthDate"]);
        assert_eq!(
            found.columns,
            [
                Some("sourcedId".to_owned()),
                Some("sex".to_owned()),
                Some(String::new()),
                Some("birthDate".to_owned())
            ]
        );
        let lines: Vec<u64> = found.rows.iter().map(|r| r.line).collect();
        assert_eq!(
            lines,
            [2, 5],
            "line 4 is inside a row, line 99 is beyond the file"
        );
        assert_eq!(found.rows[0].values, ["1001", "M", "x", "2012-01-01"]);
        assert_eq!(found.rows[0].text, "1001,M,x,2012-01-01");
        assert_eq!(found.rows[1].values[0], "1003");
        assert_eq!((found.rows[0].record, found.rows[1].record), (0, 2));
    }

    #[test]
    fn the_rows_of_a_duplicated_id_are_found_up_to_the_last_line() {
        let input = b"sourcedId,sex
 1001,M
1002,F
1001,F
1001,X
";
        let found = RowFinder::new(&[4]).with_id("1001");
        let mut found = found;
        found.feed(input);
        let rows = found.finish().rows;
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4], "the finder stops at the last line asked for");
        assert_eq!(rows[0].values, [" 1001", "M"], "values as written");
    }

    #[test]
    fn a_broken_quote_is_shown_as_the_check_reads_it() {
        let input = b"sourcedId,sex\n1001,M\"\n1002,\"F\n1003,M\n";
        let found = find_rows(input, &[2, 3]);
        assert_eq!(found.rows.len(), 2);
        assert_eq!(found.rows[0].text, "1001,M\"");
        assert_eq!(found.rows[1].text, "1002,\"F");
        assert_eq!(found.rows[1].values, ["1002", "\"F"]);
    }

    #[test]
    fn windows_1252_and_utf_16_are_read_as_the_check_reads_them() {
        let latin = b"sourcedId,lastName\n1001,Pe\xf1a\n";
        assert_eq!(find_rows(latin, &[2]).rows[0].values[1], "Peña");
        let utf16: Vec<u8> = "\u{feff}sourcedId,lastName\n1001,Peña\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(find_rows(&utf16, &[2]).rows[0].text, "1001,Peña");
    }

    #[test]
    fn the_finder_says_when_it_has_every_line_and_stops() {
        let mut input = String::from("sourcedId\n");
        for id in 0..10_000 {
            input.push_str(&format!("{id}\n"));
        }
        let mut finder = RowFinder::new(&[3]);
        let bytes = input.as_bytes();
        let mut fed = 0;
        for piece in bytes.chunks(1_024) {
            fed += piece.len();
            if finder.feed(piece) {
                break;
            }
        }
        assert!(fed < bytes.len() / 4, "read {fed} bytes");
        assert_eq!(finder.finish().rows[0].values, ["1"]);
    }

    #[test]
    fn a_line_written_again_is_found_as_the_check_reads_it() {
        let input = "sourcedId,sex,cityOfBirth\n1001,M,=HYPERLINK(\"x\")\n1002,F,Austin\n";
        let mut edits = Edits::default();
        edits
            .lines
            .insert(0, "1001,M,\"=HYPERLINK(\"\"x\"\")\"".to_owned());
        let mut finder = RowFinder::new(&[2, 3]).with_edits(edits);
        finder.feed(input.as_bytes());
        let found = finder.finish();
        assert_eq!(found.rows[0].values, ["1001", "M", "=HYPERLINK(\"x\")"]);
        assert_eq!(found.rows[0].text, "1001,M,\"=HYPERLINK(\"\"x\"\")\"");
        assert!(found.rows[0].rewritten && !found.rows[1].rewritten);
        assert_eq!(
            (found.rows[1].line, found.rows[1].text.as_str()),
            (3, "1002,F,Austin")
        );
    }

    #[test]
    fn rows_are_found_with_the_persons_edits() {
        let input = b"sourcedId,sex,cityOfBirth\n7,M,Austin\n7,F,Jos\xC3\xA9 \"Pe\xF1a\n7,X,Waco\n9,M,Waco\n";
        let mut edits = Edits::default();
        // Line 2 is left out, line 4's ID was 7 and is now 9, its sex edited; Waco is Dallas.
        edits.excluded.insert(0);
        edits.cells.insert((2, "sourcedId".into()), "9".into());
        edits.cells.insert((2, "sex".into()), "female".into());
        edits.maps.push(crate::ValueMap {
            column: "cityOfBirth".into(),
            from: "Waco".into(),
            to: "Dallas".into(),
        });
        let mut finder = RowFinder::new(&[5]).with_id("7").with_edits(edits.clone());
        finder.feed(input);
        let found = finder.finish();
        let lines: Vec<u64> = found.rows.iter().map(|r| r.line).collect();
        assert_eq!(
            lines,
            [3, 5],
            "the row left out and the row now of ID 9 are not of student 7"
        );
        // A line of UTF-8 with a Windows-1252 byte: each part read right.
        assert_eq!(found.rows[0].text, "7,F,Jos\u{e9} \"Pe\u{f1}a");
        let mut finder = RowFinder::new(&[5]).with_id("9").with_edits(edits);
        finder.feed(input);
        let found = finder.finish();
        let rows: Vec<(u64, Vec<String>)> = (found.rows.iter())
            .map(|r| (r.line, r.values.clone()))
            .collect();
        assert_eq!(
            rows,
            [
                (4, vec!["9".into(), "female".into(), "Dallas".into()]),
                (5, vec!["9".into(), "M".into(), "Dallas".into()])
            ]
        );
    }
}
