//! Reads the other CSV files of a bundle (users.csv, roles.csv, manifest.csv) with the same
//! input and records stages as demographics.csv — the same encodings, delimiters and quoting —
//! but without its rules: each record's fields go to the caller.

use crate::input::{Decoded, Input, RecordText};
use crate::records::Records;
use crate::sink::Sink;

/// A push-based reader of one CSV file: [`TableReader::feed`] the file in pieces of any size.
#[derive(Debug)]
pub(crate) struct TableReader {
    input: Input,
    records: Records,
    decoded: Decoded,
    /// The findings of the input stage are not this file's business here: not kept.
    sink: Sink,
    records_read: u64,
}

impl Default for TableReader {
    fn default() -> Self {
        TableReader {
            input: Input::default(),
            records: Records::default(),
            decoded: Decoded::default(),
            sink: Sink::new(Some(0)),
            records_read: 0,
        }
    }
}

impl TableReader {
    /// Takes the next piece (`eof`: the last, possibly empty), calling `each` with every whole
    /// record read, the header first, and its 0-based number.
    pub fn feed(&mut self, chunk: &[u8], eof: bool, each: &mut dyn FnMut(u64, &RecordText<'_>)) {
        let TableReader {
            input,
            records,
            decoded,
            sink,
            records_read,
        } = self;
        input.feed(chunk, eof, sink, &mut |text, eof, delimiter, _| {
            records.read(text, eof, delimiter, |record, _, _, _| {
                let text = RecordText::new(record, decoded);
                // Blank lines before the header are not the header (as in demographics.csv).
                // Not `RecordText::is_blank`: a second caller made it a call of its own in
                // the row stage (callgrind, 100,000 Excel-style rows: 8 M instructions).
                let blank = || (0..text.len()).all(|i| text.field(i).trim().is_empty());
                if *records_read == 0 && blank() {
                    return;
                }
                each(*records_read, &text);
                *records_read += 1;
            })
        });
    }

    /// How many bytes of the file one byte of its text stands for, about: 2 for UTF-16, else 1
    /// (for estimates of the rows a file holds from its size).
    pub fn bytes_per_text_byte(&self) -> u64 {
        match self.input.encoding() {
            crate::finding::Encoding::Utf16Le | crate::finding::Encoding::Utf16Be => 2,
            _ => 1,
        }
    }

    /// The records read so far, the header included (blank lines before it not counted).
    pub fn records(&self) -> u64 {
        self.records_read
    }

    /// False when the bytes are not text at all.
    pub fn readable(&self) -> bool {
        self.input.readable()
    }
}

/// Every record of `bytes` as text fields.
#[cfg(test)]
pub(crate) fn read_all(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut reader = TableReader::default();
    reader.feed(bytes, true, &mut |_, text| {
        rows.push(
            (0..text.len())
                .map(|i| text.field(i).into_owned())
                .collect(),
        );
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_semicolon_and_utf16_files_alike() {
        let want = vec![
            vec!["a".to_owned(), "b c".into()],
            vec!["1".into(), "x,y".into()],
        ];
        assert_eq!(read_all(b"a,b c\n1,\"x,y\"\n"), want);
        assert_eq!(read_all(b"\xEF\xBB\xBFa;b c\r\n1;x,y"), want);
        let utf16: Vec<u8> = "\u{FEFF}a,b c\r\n1,\"x,y\"\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(read_all(&utf16), want);
    }

    #[test]
    fn blank_lines_before_the_header_are_skipped() {
        let rows = read_all(b"\n,,\r\n  \nsourcedId,role\n1,student\n");
        assert_eq!(rows[0], ["sourcedId", "role"]);
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn pieces_of_any_size_read_the_same() {
        let bytes = b"sourcedId,role\n\"1\",student\n2,teacher\n";
        let whole = read_all(bytes);
        for size in 1..bytes.len() {
            let mut rows = Vec::new();
            let mut reader = TableReader::default();
            for piece in bytes.chunks(size) {
                reader.feed(piece, false, &mut |_, t| rows.push(t.field(0).into_owned()));
            }
            reader.feed(&[], true, &mut |_, t| rows.push(t.field(0).into_owned()));
            let firsts: Vec<String> = whole.iter().map(|r| r[0].clone()).collect();
            assert_eq!(rows, firsts, "{size}");
        }
    }
}
