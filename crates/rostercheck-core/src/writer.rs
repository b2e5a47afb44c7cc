//! The writer stage: the corrected file, UTF-8 without BOM, commas, one line ending, minimal
//! RFC 4180 quoting. Rows are written as they are checked; the table is never held.

use crate::parse::Terminator;
use serde::{Deserialize, Serialize};

/// A line ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum LineEnding {
    /// `\n` (the default when the input has none).
    #[default]
    Lf,
    /// `\r\n`.
    CrLf,
}

impl LineEnding {
    /// The bytes.
    pub fn as_bytes(self) -> &'static [u8] {
        match self {
            LineEnding::Lf => b"\n",
            LineEnding::CrLf => b"\r\n",
        }
    }
}

/// The corrected file as it is written, and the canonical form of the current row.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    /// Written since the caller last took it.
    out: Vec<u8>,
    /// The current row, encoded (its canonical bytes, whether or not it is written).
    row: Vec<u8>,
    /// The current row is copied as read (not encoded).
    copy: bool,
    line_ending: LineEnding,
    enabled: bool,
    /// Records of the input that ended in LF and in CRLF.
    line_ends: [u64; 2],
    last_terminator: Option<Terminator>,
}

impl Writer {
    /// A writer; when not `enabled`, rows are encoded (for duplicate digests) but not kept.
    pub fn new(enabled: bool) -> Writer {
        Writer {
            enabled,
            ..Writer::default()
        }
    }

    /// Makes room for about `bytes` of output.
    pub fn reserve(&mut self, bytes: usize) {
        if self.enabled {
            self.out.reserve(bytes);
        }
    }

    /// Writes the header with the line ending every row will get.
    pub fn header<'a>(&mut self, names: impl IntoIterator<Item = &'a str>, ending: LineEnding) {
        self.line_ending = ending;
        if self.enabled {
            let names: Vec<&str> = names.into_iter().collect();
            let start = self.out.len();
            self.push_header(&names, false);
            if crate::input::could_start_another_kind(&self.out[start..]) {
                self.out.truncate(start);
                self.push_header(&names, true);
            }
        }
    }

    /// The header line; `quote_first`: the first name quoted whatever it holds.
    fn push_header(&mut self, names: &[&str], quote_first: bool) {
        // The header is where a reader tells the delimiter: names holding more semicolons or
        // tabs than the header has commas are quoted, so that the corrected file is read with
        // commas again (found by fuzzing: `ext;;;…;x`, quoted in the input, was written bare
        // and the file read again as semicolon-separated).
        let commas = names.len().saturating_sub(1);
        let bare = |c: char| names.iter().map(|n| n.matches(c).count()).sum::<usize>();
        let quote_delimiters = bare(';') > commas || bare('\t') > commas;
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            if quote_first && i == 0 || quote_delimiters && name.contains([';', '\t']) {
                push_quoted(&mut self.out, name);
            } else {
                push_field(&mut self.out, name);
            }
        }
    }

    /// The line ending the rows get.
    pub fn line_ending(&self) -> LineEnding {
        self.line_ending
    }

    /// Prepares the current row; returns its canonical bytes. A row that is exactly what
    /// encoding its fields would give (`copy`: it needs no change, its columns stay put, and its
    /// line is written with commas, UTF-8 and minimal quoting) is copied as read; otherwise its
    /// fields are encoded.
    pub fn prepare<'a, 'f>(
        &'a mut self,
        raw: &'a [u8],
        copy: bool,
        fields: impl IntoIterator<Item = &'f str>,
    ) -> &'a [u8] {
        self.copy = copy;
        if !self.copy {
            self.row.clear();
            push_record(&mut self.row, fields);
        }
        self.prepared(raw)
    }

    /// Prepares the current row as the line as read with some fields replaced (`replaced`: the
    /// place of each in the line, in order, and its new value); false when the line has a
    /// quote or a CR (its fields are not its text as written), and nothing was prepared.
    /// For a line of sixteen fields with one changed, this copies three pieces instead of
    /// encoding sixteen fields (measured: callgrind, see `BENCHMARKS.md`).
    pub fn splice<'f>(
        &mut self,
        raw: &[u8],
        replaced: impl IntoIterator<Item = (std::ops::Range<usize>, &'f str)>,
    ) -> bool {
        let line = without_line_end(raw);
        if memchr::memchr2(b'"', b'\r', line).is_some() {
            return false;
        }
        self.copy = false;
        self.row.clear();
        let mut from = 0;
        for (range, value) in replaced {
            self.row
                .extend_from_slice(line.get(from..range.start).unwrap_or_default());
            push_field(&mut self.row, value);
            from = range.end;
        }
        self.row
            .extend_from_slice(line.get(from..).unwrap_or_default());
        true
    }

    /// The canonical bytes of the row last prepared (`raw`: its bytes as read).
    pub fn prepared<'a>(&'a self, raw: &'a [u8]) -> &'a [u8] {
        prepared(self.copy, &self.row, raw)
    }

    /// Writes the row last prepared (`raw`: its bytes as read, as given to [`Writer::prepare`]).
    pub fn write_prepared(&mut self, raw: &[u8]) {
        if !self.enabled {
            return;
        }
        push_line_end(&mut self.out, self.line_ending);
        let row = prepared(self.copy, &self.row, raw);
        self.out.extend_from_slice(row);
    }

    /// Counts how an input record ended (the corrected file takes the dominant line ending).
    pub fn note_line_end(&mut self, terminator: Option<Terminator>) {
        match terminator {
            Some(Terminator::Lf) => self.line_ends[0] += 1,
            Some(Terminator::CrLf) => self.line_ends[1] += 1,
            _ => {}
        }
        self.last_terminator = terminator;
    }

    /// Ends the file with a line break when the input did; returns the input's dominant line
    /// ending.
    pub fn end(&mut self) -> LineEnding {
        if self.enabled && self.last_terminator.is_some_and(|t| t != Terminator::Eof) {
            push_line_end(&mut self.out, self.line_ending);
        }
        let [lf, crlf] = self.line_ends;
        if crlf > lf {
            LineEnding::CrLf
        } else {
            LineEnding::Lf
        }
    }

    /// The bytes written since the last call.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }
}

/// The row prepared: the line as read (`copy`) or the row encoded.
fn prepared<'a>(copy: bool, row: &'a [u8], raw: &'a [u8]) -> &'a [u8] {
    if copy {
        without_line_end(raw)
    } else {
        row
    }
}

fn without_line_end(raw: &[u8]) -> &[u8] {
    raw.strip_suffix(b"\n")
        .map_or(raw, |r| r.strip_suffix(b"\r").unwrap_or(r))
}

/// True when a field must be quoted: it holds a comma, a quote or a line break.
fn needs_quotes(field: &str) -> bool {
    field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

/// Appends one field, quoted only when needed.
fn push_field(out: &mut Vec<u8>, field: &str) {
    if !needs_quotes(field) {
        out.extend_from_slice(field.as_bytes());
        return;
    }
    push_quoted(out, field);
}

/// Appends a field in quotes, its quotes doubled.
fn push_quoted(out: &mut Vec<u8>, field: &str) {
    out.push(b'"');
    for (i, part) in field.split('"').enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(part.as_bytes());
    }
    out.push(b'"');
}

/// Appends fields separated by commas (no line ending).
pub(crate) fn push_record<'a>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_field(out, field);
    }
}

/// Appends a line ending.
fn push_line_end(out: &mut Vec<u8>, ending: LineEnding) {
    out.extend_from_slice(ending.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_of_many_semicolons_is_written_to_be_read_with_commas() {
        let mut writer = Writer::new(true);
        writer.header(["sourcedId", "ext;;;;x", "sex"], LineEnding::Lf);
        assert_eq!(writer.take(), b"sourcedId,\"ext;;;;x\",sex");
        // A first name a reader would take for the start of a PDF, a web page or a BOM.
        for (first, written) in [
            ("%PDF-1.7", &b"\"%PDF-1.7\",sex"[..]),
            (" <html>", b"\" <html>\",sex"),
            ("{\\rtf1", b"\"{\\rtf1\",sex"),
            ("\u{FEFF}sourcedId", "\"\u{FEFF}sourcedId\",sex".as_bytes()),
            ("sourcedId", b"sourcedId,sex"),
        ] {
            let mut writer = Writer::new(true);
            writer.header([first, "sex"], LineEnding::Lf);
            assert_eq!(writer.take(), written, "{first}");
        }
        let mut writer = Writer::new(true);
        writer.header(["sourcedId", "a;b", "sex"], LineEnding::Lf);
        assert_eq!(writer.take(), b"sourcedId,a;b,sex");
    }

    #[test]
    fn splicing_gives_what_encoding_gives() {
        let mut writer = Writer::new(true);
        let line = b"1,M,Jos,x\r\n";
        assert!(writer.splice(line, [(2..3, "male"), (4..7, "San Jos\u{e9}, CA")]));
        let mut encoded = Vec::new();
        push_record(&mut encoded, ["1", "male", "San Jos\u{e9}, CA", "x"]);
        assert_eq!(writer.prepared(line), encoded);
        assert!(!writer.splice(b"1,\"a\"\n", [(2..3, "b")]), "quoted");
        assert!(!writer.splice(b"1,a\rb\n", [(0..1, "2")]), "a CR inside");
    }

    #[test]
    fn minimal_quoting() {
        let mut out = Vec::new();
        push_record(&mut out, ["a", "b,c", "say \"hi\"", "", "x\ny"]);
        assert_eq!(out, b"a,\"b,c\",\"say \"\"hi\"\"\",,\"x\ny\"");
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn csv_crate_reads_it_back() {
        let fields = ["plain", "com,ma", "\"q\"", "", " sp ", "é"];
        let mut out = Vec::new();
        push_record(&mut out, fields);
        push_line_end(&mut out, LineEnding::CrLf);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(out.as_slice());
        let record = reader
            .records()
            .next()
            .and_then(Result::ok)
            .map(|r| r.iter().map(String::from).collect::<Vec<_>>());
        assert_eq!(record, Some(fields.iter().map(|s| s.to_string()).collect()));
    }
}
