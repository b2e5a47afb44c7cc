//! The records stage: decoded text in, one [`Record`] at a time out (the CSV layer is
//! [`crate::parse`]), with the findings about a record's shape — its quotes, blank rows, too
//! few or too many fields.

use crate::finding::{Code, Detail, Fix, Severity};
use crate::input::RecordText;
use crate::parse::{Parser, Record};
use crate::rules::whitespace::cleans_to_empty;
use crate::rules::{About, Stage};
use crate::sink::{Draft, Sink};

/// The registry entry of this stage.
pub(crate) const STAGE: Stage = Stage {
    name: "records",
    about: About::Shape,
    codes: &[
        Code::UnclosedQuote,
        Code::StrayQuote,
        Code::BlankRow,
        Code::MissingCell,
        Code::ExtraCell,
    ],
};

/// How many records the text that follows is handed on after (see [`Records::read`]).
pub(crate) const LOOK_AHEAD: usize = 64;

/// The parser and the record it fills (reused, so a record costs no allocation).
#[derive(Debug, Default)]
pub(crate) struct Records {
    parser: Option<Parser>,
    record: Record,
    /// Records read, modulo [`LOOK_AHEAD`].
    count: usize,
}

impl Records {
    /// Calls `each` with every complete record of `text`, its bytes as read, and — every
    /// [`LOOK_AHEAD`] records — the text that follows it (for stages that can prepare for the
    /// rows to come); returns the bytes used.
    pub fn read(
        &mut self,
        text: &[u8],
        eof: bool,
        delimiter: u8,
        mut each: impl FnMut(&Record, &[u8], &mut Parser, Option<&[u8]>),
    ) -> usize {
        let parser = self.parser.get_or_insert_with(|| Parser::new(delimiter));
        let mut pos = 0;
        while let Some(used) = parser.next(&text[pos..], eof, &mut self.record) {
            let raw = &text[pos..pos + used];
            pos += used;
            self.count = (self.count + 1) % LOOK_AHEAD;
            let ahead = (self.count == 0).then(|| &text[pos..]);
            each(&self.record, raw, parser, ahead);
        }
        pos
    }
}

/// `unclosed-quote` and `stray-quote` for a record (`index`: its data row, `None` for the header).
pub(crate) fn quote_findings(record: &Record, index: Option<u64>, sink: &mut Sink) {
    for (broken, code) in [
        (record.unclosed_quote, Code::UnclosedQuote),
        (record.stray_quote, Code::StrayQuote),
    ] {
        if broken {
            sink.emit(Draft::new(code, Severity::Error, record.line).record(index));
        }
    }
}

/// Consecutive blank data rows, reported as one `blank-row` finding when the run ends: ten
/// million empty lines are one finding, not ten million.
#[derive(Debug, Default)]
pub(crate) struct BlankRun {
    /// The first row's line and record.
    first: Option<(u64, u64)>,
    rows: u64,
    last_line: u64,
}

impl BlankRun {
    /// A blank data row.
    pub fn note(&mut self, line: u64, record: u64) {
        self.first.get_or_insert((line, record));
        self.rows += 1;
        self.last_line = line;
    }

    /// The run has ended (a row with data, or the end of the file).
    pub fn end(&mut self, sink: &mut Sink) {
        let Some((line, record)) = self.first.take() else {
            return;
        };
        let rows = std::mem::take(&mut self.rows);
        let draft = Draft::new(Code::BlankRow, Severity::Info, line).record(Some(record));
        let last_line = self.last_line;
        sink.emit(
            draft
                .fix(Some(Fix::RemoveRow))
                .detail(Detail::BlankRows { rows, last_line }),
        );
    }
}

/// `blank-row`: the row is removed.
pub(crate) fn blank_row(line: u64, index: Option<u64>, sink: &mut Sink) {
    let draft = Draft::new(Code::BlankRow, Severity::Info, line);
    sink.emit(draft.record(index).fix(Some(Fix::RemoveRow)));
}

/// `missing-cell` and `extra-cell` against the header's `expected` field count. Returns whether
/// extra fields hold data (they are then kept, with an error).
pub(crate) fn shape_findings(
    text: &RecordText<'_>,
    expected: usize,
    index: u64,
    sink: &mut Sink,
) -> bool {
    let count = text.len();
    let at = |code, severity| {
        Draft::new(code, severity, text.record.line)
            .record(Some(index))
            .detail(Detail::Fields(count))
    };
    if count < expected {
        sink.emit(at(Code::MissingCell, Severity::Warning).fix(Some(Fix::PadRow)));
    }
    if count <= expected {
        return false;
    }
    let extra_data = (expected..count)
        .map(|i| text.field(i))
        .find(|f| !cleans_to_empty(f));
    match &extra_data {
        Some(value) => sink.emit(at(Code::ExtraCell, Severity::Error).value(Some(value))),
        None => sink.emit(at(Code::ExtraCell, Severity::Info).fix(Some(Fix::TrimRow))),
    }
    extra_data.is_some()
}

/// Every record of `input` fed in pieces of `split` bytes, keeping what was not used, as the
/// input stage does; blank records left out, as the `csv` crate does. For the differential tests
/// (the property test and the fuzz target).
#[cfg(any(all(test, not(target_arch = "wasm32")), fuzzing))]
pub(crate) fn read_all(input: &[u8], split: usize) -> Vec<Vec<Vec<u8>>> {
    let mut stage = Records::default();
    let mut got = Vec::new();
    let mut pending: Vec<u8> = Vec::new();
    let chunks: Vec<&[u8]> = input.chunks(split.max(1)).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        pending.extend_from_slice(chunk);
        let eof = i + 1 == chunks.len();
        let used = stage.read(&pending, eof, b',', |record, _, _, _| {
            if record.len() > 1 || !record.field(0).is_empty() {
                got.push(record.fields().map(<[u8]>::to_vec).collect::<Vec<_>>());
            }
        });
        pending.drain(..used);
    }
    got
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Decoded;

    fn records(text: &[u8]) -> Vec<(u64, Vec<String>)> {
        let mut stage = Records::default();
        let mut found = Vec::new();
        let used = stage.read(text, true, b',', |record, _, _, _| {
            let fields = record
                .fields()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            found.push((record.line, fields));
        });
        assert_eq!(used, text.len());
        found
    }

    #[test]
    fn the_text_ahead_is_handed_on_every_few_records() {
        let text: String = (0..200).map(|i| format!("{i},x\n")).collect();
        let mut stage = Records::default();
        let mut ahead = Vec::new();
        stage.read(text.as_bytes(), true, b',', |record, _, _, rest| {
            if let Some(rest) = rest {
                let next = rest.split(|&b| b == b',').next().unwrap_or_default();
                ahead.push((record.line, String::from_utf8_lossy(next).into_owned()));
            }
        });
        assert_eq!(
            ahead,
            [(64, "64".into()), (128, "128".into()), (192, "192".into())]
        );
    }

    #[test]
    fn records_with_their_lines() {
        let found = records(b"a,b\n\"x\ny\",2\n3,4");
        assert_eq!(found[0], (1, vec!["a".into(), "b".into()]));
        assert_eq!(found[1], (2, vec!["x\ny".into(), "2".into()]));
        assert_eq!(found[2], (4, vec!["3".into(), "4".into()]));
    }

    #[test]
    fn shape() {
        let mut sink = Sink::new(None);
        let mut stage = Records::default();
        let mut extra = Vec::new();
        stage.read(b"1,2\n1,2,x\n1,2,\n1\n", true, b',', |record, _, _, _| {
            let mut buffer = Decoded::default();
            let text = RecordText::new(record, &mut buffer);
            extra.push(shape_findings(&text, 2, 0, &mut sink));
        });
        assert_eq!(extra, [false, true, false, false]);
        let codes: Vec<(Code, Severity)> =
            sink.take().iter().map(|f| (f.code, f.severity)).collect();
        assert_eq!(
            codes,
            [
                (Code::ExtraCell, Severity::Error),
                (Code::ExtraCell, Severity::Info),
                (Code::MissingCell, Severity::Warning)
            ]
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, failure_persistence: None, ..Default::default() })]

        /// The records stage reads what the csv crate reads, for any well-formed file, in any
        /// chunking.
        #[test]
        fn records_agree_with_the_csv_crate(
            rows in proptest::collection::vec(proptest::collection::vec("[a-c \",\r\n;é]{0,6}", 1..5), 1..12),
            crlf in proptest::prelude::any::<bool>(),
            split in 1usize..40,
        ) {
            let mut input = Vec::new();
            for row in &rows {
                crate::writer::push_record(&mut input, row.iter().map(String::as_str));
                input.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
            }
            let expected: Vec<Vec<Vec<u8>>> = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(input.as_slice())
                .into_byte_records()
                .map(|r| r.expect("record").iter().map(<[u8]>::to_vec).collect())
                .collect();
            let got = read_all(&input, split);
            proptest::prop_assert_eq!(got, expected);
        }
    }
}
