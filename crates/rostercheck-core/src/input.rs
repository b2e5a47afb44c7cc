//! The input stage: every decoding decision in one place. Is it text at all (`not-csv`), which
//! encoding (BOM, UTF-16, Windows-1252 — also when non-UTF-8 bytes first appear late in the
//! file, per field), which line ending (CR alone is read as LF), which delimiter (sniffed from
//! the header line). What comes out is UTF-8 text (except Windows-1252 fields, decoded per
//! field by [`RecordText`]) for the records stage.

use crate::finding::{Code, Detail, Encoding, Fix, Severity};
use crate::parse::Record;
use crate::rules::whitespace::cleans_to_empty;
use crate::rules::{About, Stage};
use crate::sink::{Draft, Sink};
use std::borrow::Cow;

/// The registry entry of this stage.
pub(crate) const STAGE: Stage = Stage {
    name: "input",
    about: About::File,
    codes: &[
        Code::NotCsv,
        Code::Bom,
        Code::Encoding,
        Code::Delimiter,
        Code::LineEnding,
    ],
};

/// Takes text the input stage decoded, whether it is the end, the delimiter and the sink;
/// returns how many bytes it used (the rest comes again with the next piece).
pub(crate) trait Records: FnMut(&[u8], bool, u8, &mut Sink) -> usize {}
impl<F: FnMut(&[u8], bool, u8, &mut Sink) -> usize> Records for F {}

/// The input stage's state.
#[derive(Debug, Default)]
pub(crate) struct Input {
    bytes_in: u64,
    head: Vec<u8>,
    sniffed: bool,
    not_csv: bool,
    encoding: Encoding,
    transcoder: Option<Transcoder>,
    /// Lines end in CR alone: each CR is read as LF.
    cr_only: bool,
    /// Decoded text the records stage has not used yet (at most one record).
    pending: Vec<u8>,
    delimiter: Option<u8>,
}

impl Input {
    /// Takes the next piece of the file (`eof`: the last), passing decoded text to `records`.
    pub fn feed(&mut self, chunk: &[u8], eof: bool, sink: &mut Sink, records: &mut impl Records) {
        self.bytes_in += chunk.len() as u64;
        if self.not_csv {
            return;
        }
        if self.sniffed {
            return self.take_text(chunk, eof, sink, records);
        }
        if self.head.is_empty() && chunk.len() >= SNIFF_LEN {
            // The usual case: the first piece is big enough to sniff without copying it.
            return self.start(chunk, eof, sink, records);
        }
        self.head.extend_from_slice(chunk);
        if self.head.len() >= SNIFF_LEN || eof {
            let head = std::mem::take(&mut self.head);
            self.start(&head, eof, sink, records);
        }
    }

    /// Bytes fed so far.
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// False when the bytes are not a CSV at all.
    pub fn readable(&self) -> bool {
        !self.not_csv
    }

    /// The encoding the file was read in.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The delimiter (a comma until the header line is seen).
    pub fn delimiter(&self) -> u8 {
        self.delimiter.unwrap_or(b',')
    }

    /// The file has ended: `fields` says whether some were read as Windows-1252.
    pub fn finish(&mut self, fields: &mut FieldDecoding, sink: &mut Sink) {
        if let Some((line, sample)) = fields.first_windows_1252.take() {
            self.encoding = Encoding::Windows1252;
            let draft = Draft::new(Code::Encoding, Severity::Warning, line)
                .value(Some(&sample))
                .fix(Some(Fix::Reencode))
                .detail(Detail::Encoding(Encoding::Windows1252));
            sink.emit(draft);
        }
    }

    fn file_finding(&self, code: Code, severity: Severity, fix: Option<Fix>) -> Draft<'static> {
        Draft::new(code, severity, u64::from(self.bytes_in > 0)).fix(fix)
    }

    fn start(&mut self, head: &[u8], eof: bool, sink: &mut Sink, records: &mut impl Records) {
        self.sniffed = true;
        let sniffed = &head[..head.len().min(SNIFF_LEN)];
        let (encoding, bom_len) = match sniff(sniffed) {
            Sniffed::NotCsv(what) => {
                self.not_csv = true;
                let draft = self.file_finding(Code::NotCsv, Severity::Error, None);
                return sink.emit(draft.detail(Detail::NotCsv(what)));
            }
            Sniffed::Text { encoding, bom_len } => (encoding, bom_len),
        };
        if encoding != Encoding::Utf8 {
            self.encoding = encoding;
            self.transcoder = Some(Transcoder::new(encoding));
            let draft = self.file_finding(Code::Encoding, Severity::Warning, Some(Fix::Reencode));
            sink.emit(draft.detail(Detail::Encoding(encoding)));
        } else {
            if is_cr_only(&sniffed[bom_len..]) {
                self.cr_only = true;
                let fix = Some(Fix::LineFeeds);
                sink.emit(self.file_finding(Code::LineEnding, Severity::Warning, fix));
            }
            if bom_len > 0 {
                sink.emit(self.file_finding(Code::Bom, Severity::Info, Some(Fix::Reencode)));
            }
        }
        self.take_text(&head[bom_len..], eof, sink, records);
    }

    fn take_text(&mut self, bytes: &[u8], eof: bool, sink: &mut Sink, records: &mut impl Records) {
        let text = self.decode(bytes, eof);
        if self.pending.is_empty() {
            let used = self.pass(&text, eof, sink, records);
            self.pending.extend_from_slice(&text[used..]);
        } else {
            let mut joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(&text);
            let used = self.pass(&joined, eof, sink, records);
            joined.drain(..used);
            self.pending = joined;
        }
    }

    /// UTF-16 as UTF-8; CR alone as LF (both rare, so a copy is fine); UTF-8 as it is.
    fn decode<'b>(&mut self, bytes: &'b [u8], eof: bool) -> Cow<'b, [u8]> {
        if let Some(transcoder) = self.transcoder.as_mut() {
            let mut text = Vec::new();
            transcoder.feed(bytes, eof, &mut text);
            return Cow::Owned(text);
        }
        if self.cr_only {
            let lf = bytes.iter().map(|&b| if b == b'\r' { b'\n' } else { b });
            return Cow::Owned(lf.collect());
        }
        Cow::Borrowed(bytes)
    }

    /// Hands text on once the delimiter is known (from the first complete line).
    fn pass(
        &mut self,
        text: &[u8],
        eof: bool,
        sink: &mut Sink,
        records: &mut impl Records,
    ) -> usize {
        let delimiter = match self.delimiter {
            Some(delimiter) => delimiter,
            None if memchr::memchr(b'\n', text).is_none() && !eof => return 0,
            None => {
                let delimiter = sniff_delimiter(text);
                if delimiter != b',' {
                    let draft =
                        self.file_finding(Code::Delimiter, Severity::Warning, Some(Fix::Recomma));
                    sink.emit(draft.detail(Detail::Delimiter(delimiter)));
                }
                self.delimiter = Some(delimiter);
                delimiter
            }
        };
        records(text, eof, delimiter, sink)
    }
}

/// What decoding the fields of the records found (kept apart from [`Input`], which is busy
/// handing text to the records stage while records are read).
#[derive(Debug, Default)]
pub(crate) struct FieldDecoding {
    /// The first field that was not UTF-8, read as Windows-1252: its line and text.
    first_windows_1252: Option<(u64, String)>,
}

impl FieldDecoding {
    /// Notes a record's decoding: the first field that is not UTF-8 is remembered for the
    /// Windows-1252 finding.
    pub fn note(&mut self, text: &RecordText<'_>) {
        if text.is_utf8() || self.first_windows_1252.is_some() {
            return;
        }
        let sample = text.record.fields().map(field_text).find(|(_, was)| *was);
        self.first_windows_1252 = sample.map(|(field, _)| (text.record.line, field.into_owned()));
    }
}

/// The text of a record that is not all UTF-8, decoded field by field (kept by the checker and
/// reused, so a Windows-1252 record costs no allocation).
#[derive(Debug, Default)]
pub(crate) struct Decoded {
    text: String,
    spans: Vec<(usize, usize)>,
}

/// One record's text, looked at once: is it UTF-8, all ASCII, free of control bytes.
///
/// A record that is not all UTF-8 (files edited in Excel on Windows mix both) is decoded once,
/// each field that is not UTF-8 read as Windows-1252, so that its fields are read from text like
/// any other record's. Measured (callgrind, 100,000 rows of `examples/generate excel`, half of
/// them with a Windows-1252 city): checking each field's UTF-8 again on every read was a tenth
/// of the instructions of the check.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RecordText<'r> {
    pub record: &'r Record,
    /// The record's text: as read when it is UTF-8 (the usual case), decoded otherwise.
    text: &'r str,
    /// Where the fields are in `text` when it was decoded (else the record's own places).
    decoded: Option<&'r [(usize, usize)]>,
    pub ascii: bool,
    /// Any byte below 0x20 or DEL (TAB included, to keep this one branch-free pass).
    pub controls: bool,
}

impl<'r> RecordText<'r> {
    /// The text of `record`, decoded into `buffer` if it has to be.
    // Inlined into the row stage, its one hot caller (callgrind, 100,000 Excel-style rows:
    // 47.7 M instructions as a call of its own).
    #[inline(always)]
    pub fn new(record: &'r Record, buffer: &'r mut Decoded) -> Self {
        let bytes = record.all_bytes();
        let (ascii, controls) = ascii_and_controls(bytes);
        let (text, decoded) = match std::str::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(error) => {
                buffer.text.clear();
                buffer.spans.clear();
                // The fields before the first byte that is not UTF-8 are taken as one piece,
                // at the places they have in the record.
                let valid = error.valid_up_to();
                buffer
                    .text
                    .push_str(std::str::from_utf8(&bytes[..valid]).unwrap_or(""));
                let whole = (0..record.len()).map(|i| record.field_range(i));
                let whole = whole.take_while(|range| range.end <= valid);
                buffer
                    .spans
                    .extend(whole.map(|range| (range.start, range.end)));
                for field in (buffer.spans.len()..record.len()).map(|i| record.field(i)) {
                    let start = buffer.text.len();
                    push_field_text(field, &mut buffer.text);
                    buffer.spans.push((start, buffer.text.len()));
                }
                (buffer.text.as_str(), Some(buffer.spans.as_slice()))
            }
        };
        RecordText {
            record,
            text,
            decoded,
            ascii,
            controls,
        }
    }

    pub fn len(&self) -> usize {
        self.record.len()
    }

    /// True when the record is UTF-8 as read (no field had to be read as Windows-1252).
    pub fn is_utf8(&self) -> bool {
        self.decoded.is_none()
    }

    /// Where field `i` is in the record's text (see [`RecordText::span`]). Inlined for the
    /// reason given at `cells::CellText::read`, its caller.
    #[inline(always)]
    pub fn range(&self, i: usize) -> std::ops::Range<usize> {
        match self.decoded {
            Some(spans) => spans[i].0..spans[i].1,
            None => self.record.field_range(i),
        }
    }

    /// Field `i` as text; a field that is not UTF-8 is read as Windows-1252.
    pub fn field(&self, i: usize) -> Cow<'r, str> {
        match self.text.get(self.range(i)) {
            Some(text) => Cow::Borrowed(text),
            None => field_text(self.record.field(i)).0,
        }
    }

    /// Field `i` when it can take the short way: text in a record without control bytes, with
    /// no character the whitespace rule removes inside it. In a record that is not all UTF-8
    /// (Windows-1252 here and there), its fields still can (measured: a third of the time of a
    /// Windows-1252 file went into copying them).
    pub fn plain(&self, range: std::ops::Range<usize>) -> Option<&'r str> {
        if self.controls {
            return None;
        }
        let value = self.text.get(range)?;
        (self.ascii || !may_hide_a_character(value)).then_some(value)
    }

    /// The text at `range` of the record's text (a field read as it is). Inlined: see
    /// `cells::CellText::read`.
    #[inline(always)]
    pub fn span(&self, range: std::ops::Range<usize>) -> &'r str {
        self.text.get(range).unwrap_or("")
    }

    /// True when every field is empty or blank.
    pub fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| cleans_to_empty(&self.field(i)))
    }
}

/// Whether `bytes` are all ASCII, and whether any is a control byte (below 0x20, or DEL).
/// Most records are printable ASCII alone, which one comparison a byte tells (a byte below
/// 0x20 wraps around past 0x5E); only the others are looked at again (measured: callgrind,
/// 100,000 rows of `examples/generate clean`, -3.4 % instructions; see BENCHMARKS.md).
fn ascii_and_controls(bytes: &[u8]) -> (bool, bool) {
    let printable = !(bytes.iter()).fold(false, |any, &b| any | (b.wrapping_sub(0x20) > 0x5E));
    if printable {
        return (true, false);
    }
    let controls = (bytes.iter()).fold(false, |any, &b| any | (b < 0x20) | (b == 0x7F));
    (bytes.is_ascii(), controls)
}

/// False when `value` has no character the whitespace rule takes out or trims beyond ASCII
/// ones: the Unicode spaces, C1 controls, zero-width and direction characters all begin with
/// one of these lead bytes in UTF-8 (U+0080–U+00BF: C2; U+1680: E1; U+2000–U+206F: E2;
/// U+3000: E3; U+FEFF: EF). Letters with accents (`é` is C3 A9) do not. Measured (callgrind,
/// 100,000 rows of `examples/generate clean`, a quarter with `San José`): such a value taking
/// the long way cost about 1,300 instructions, 4 % of the check.
fn may_hide_a_character(value: &str) -> bool {
    // No ASCII byte is one of these; `is_ascii` goes first only because it reads eight bytes
    // at a time (without it, +1.9 % instructions on a clean check: most fields of a record
    // with one `San José` are ASCII).
    !value.is_ascii() && (value.bytes()).any(|b| matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF))
}

/// How many leading bytes [`sniff`] needs to decide (fewer when the file is shorter).
const SNIFF_LEN: usize = 8192;

fn encoding_rs(encoding: Encoding) -> &'static encoding_rs::Encoding {
    match encoding {
        Encoding::Utf8 => encoding_rs::UTF_8,
        Encoding::Utf16Le => encoding_rs::UTF_16LE,
        Encoding::Utf16Be => encoding_rs::UTF_16BE,
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252,
    }
}

/// What the first bytes say.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Sniffed {
    /// Not delimited text; the words say what it looks like and what to do.
    NotCsv(&'static str),
    /// Text in this encoding; `bom_len` bytes of byte-order mark come first.
    Text {
        /// The encoding.
        encoding: Encoding,
        /// Length of the byte-order mark (0 when there is none).
        bom_len: usize,
    },
}

/// Decides from the first bytes (up to [`SNIFF_LEN`]) what kind of file this is.
fn sniff(head: &[u8]) -> Sniffed {
    if let Some(kind) = binary_kind(head) {
        return Sniffed::NotCsv(kind);
    }
    let (encoding, bom_len) = match head {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
        [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
        [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
        _ => match utf16_without_bom(head) {
            Some(encoding) => (encoding, 0),
            None => (Encoding::Utf8, 0),
        },
    };
    if encoding == Encoding::Utf8 && is_binary(&head[bom_len..]) {
        return Sniffed::NotCsv(
            "a binary file, not text. Save or export it as CSV (UTF-8) and try again",
        );
    }
    Sniffed::Text { encoding, bom_len }
}

fn binary_kind(head: &[u8]) -> Option<&'static str> {
    const XLSX: &str = "an Excel workbook (.xlsx). rostercheck reads workbooks as they are: give it the workbook's file (standard input takes CSV only), or drop the workbook on the page";
    const XLS: &str = "an old Excel workbook (.xls). rostercheck reads workbooks as they are: give it the workbook's file (standard input takes CSV only), or drop the workbook on the page";
    const ZIP: &str = "a zip archive, probably a whole OneRoster bundle. Check the zip itself: drop it on the page, or give it to rostercheck check as a file (not on standard input)";
    const ODS: &str = "an OpenDocument spreadsheet (.ods). rostercheck reads workbooks as they are: give it the workbook's file (standard input takes CSV only), or drop the workbook on the page";
    let contains = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    Some(match head {
        [b'P', b'K', 3, 4, ..] if contains(b"xl/") || contains(b"[Content_Types].xml") => XLSX,
        [b'P', b'K', 3, 4, ..] if contains(b"opendocument.spreadsheet") => ODS,
        [b'P', b'K', 3 | 5 | 7, 4 | 6 | 8, ..] => ZIP,
        [0xD0, 0xCF, 0x11, 0xE0, ..] => XLS,
        [b'%', b'P', b'D', b'F', ..] => {
            "a PDF document. Export the data from your SIS as CSV instead"
        }
        [0x89, b'P', b'N', b'G', ..] | [0xFF, 0xD8, 0xFF, ..] | [b'G', b'I', b'F', b'8', ..] => {
            "an image. Export the data from your SIS as CSV instead"
        }
        [0x1F, 0x8B, ..] => "a gzip archive. Decompress it and check the CSV inside",
        [b'{', b'\\', b'r', b't', b'f', ..] => {
            "a Word/RTF document. Export the data from your SIS as CSV instead"
        }
        _ => {
            let start = String::from_utf8_lossy(&head[..head.len().min(512)])
                .trim_start_matches('\u{FEFF}')
                .trim_start()
                .to_ascii_lowercase();
            if start.starts_with('<')
                && (start.starts_with("<?xml") && start.contains("spreadsheet")
                    || start.contains("urn:schemas-microsoft-com:office:spreadsheet"))
            {
                "an Excel XML spreadsheet. In Excel use File › Save As › CSV UTF-8 (Comma delimited), then check that file"
            } else if start.starts_with("<!doctype html") || start.starts_with("<html") {
                "a web page (HTML), not a CSV export. Download the file again as CSV"
            } else {
                return None;
            }
        }
    })
}

/// True when a file starting with the header line `line` would be taken for another kind of
/// file, or lose a first character to the BOM test: a first column named `%PDF`, `{\rtf` or
/// `<html>`. The writer quotes such a first name, so that what it writes is read back as the
/// same CSV (found by fuzzing: a sheet whose first cell held `%PDF` was made into a "PDF").
pub(crate) fn could_start_another_kind(line: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&line[..line.len().min(512)]);
    binary_kind(line).is_some()
        || start.starts_with('\u{FEFF}')
        || start.trim_start().starts_with('<')
}

/// NUL bytes or many control characters: not text.
fn is_binary(head: &[u8]) -> bool {
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    control * 20 > head.len().max(1)
}

/// UTF-16 without a BOM shows as every other byte NUL in ASCII text.
fn utf16_without_bom(head: &[u8]) -> Option<Encoding> {
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let zeros_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .take(pairs)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 10 >= pairs * 9 && even == 0 {
        Some(Encoding::Utf16Le)
    } else if even * 10 >= pairs * 9 && odd == 0 {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Lines that end in CR alone (classic Mac): a CR and no LF in the first bytes.
fn is_cr_only(head: &[u8]) -> bool {
    memchr::memchr(b'\r', head).is_some() && memchr::memchr(b'\n', head).is_none()
}

/// Turns UTF-16 into UTF-8, piece by piece (a code unit may be split between pieces).
#[derive(Debug)]
struct Transcoder {
    decoder: encoding_rs::Decoder,
}

impl Transcoder {
    /// A transcoder for `encoding` (which must not be UTF-8).
    fn new(encoding: Encoding) -> Transcoder {
        Transcoder {
            decoder: encoding_rs(encoding).new_decoder_without_bom_handling(),
        }
    }

    /// Appends the UTF-8 form of `bytes` to `out`.
    fn feed(&mut self, bytes: &[u8], last: bool, out: &mut Vec<u8>) {
        let mut text = String::with_capacity(
            self.decoder
                .max_utf8_buffer_length(bytes.len())
                .unwrap_or(bytes.len() * 3),
        );
        let _ = self.decoder.decode_to_string(bytes, &mut text, last);
        out.extend_from_slice(text.as_bytes());
    }
}

/// A field's text: as is when it is UTF-8, otherwise read as Windows-1252 (Excel's "CSV" on
/// Windows). The flag says whether Windows-1252 was assumed.
pub(crate) fn field_text(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), false),
        Err(_) => {
            let mut text = String::new();
            push_windows_1252(bytes, &mut text);
            (Cow::Owned(text), true)
        }
    }
}

/// A whole line's bytes as text for a person to read: UTF-8 where they are UTF-8, and each
/// other byte as Windows-1252 — so a line with `José` in UTF-8 and `Pe\xF1a` in another field
/// shows both right, where [`field_text`] on the whole line would read `José` as `JosÃ©`.
pub(crate) fn line_text(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut text = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        push_windows_1252(chunk.invalid(), &mut text);
    }
    Cow::Owned(text)
}

/// [`field_text`] appended to `text`: decoded straight into it, with no string of its own
/// (measured: callgrind, 100,000 rows of `examples/generate excel`, half of them with a
/// Windows-1252 city, see BENCHMARKS.md).
fn push_field_text(bytes: &[u8], text: &mut String) {
    match std::str::from_utf8(bytes) {
        Ok(field) => text.push_str(field),
        Err(_) => push_windows_1252(bytes, text),
    }
}

/// `bytes` read as Windows-1252, appended to `text`. Without BOM sniffing: a field is never a
/// file of its own (found by review: a field starting with the bytes FF FE was read as
/// UTF-16).
fn push_windows_1252(bytes: &[u8], text: &mut String) {
    let mut decoder = encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling();
    // Windows-1252 gives every byte a character of at most three UTF-8 bytes, so the decoder
    // never runs out of room, and every byte is a character, so nothing is malformed.
    text.reserve(bytes.len() * 3);
    let _ = decoder.decode_to_string_without_replacement(bytes, text, true);
}

/// The delimiter of the header line: the most frequent of `,` `;` TAB outside quotes (`,` on a tie).
fn sniff_delimiter(header_line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in header_line {
        match b {
            b'"' => quoted = !quoted,
            b'\n' => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character that does not trip `may_hide_a_character` passes the whitespace rule,
    /// wherever it stands in a value: the short way never skips a fix.
    #[test]
    fn the_short_way_skips_no_whitespace_fix() {
        let mut short = 0;
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            for value in [
                format!("a{c}b"),
                format!("{c}a"),
                format!("a{c}"),
                c.to_string(),
            ] {
                if !may_hide_a_character(&value) {
                    short += 1;
                    assert_eq!(crate::rules::whitespace::check(&value), None, "{c:?}");
                }
            }
        }
        assert!(short > 4_000_000, "{short}");
        for hidden in [
            "a\u{A0}",
            "\u{200B}1",
            "1\u{202E}0",
            "x\u{3000}",
            "\u{FEFF}x",
            "a\u{85}",
        ] {
            assert!(may_hide_a_character(hidden), "{hidden:?}");
        }
        assert!(!may_hide_a_character("San José"));
    }

    #[test]
    fn every_byte_is_classed_as_ascii_or_control_as_it_is() {
        for byte in 0..=255u8 {
            for bytes in [
                vec![byte],
                vec![b'a'; 20],
                [vec![b'x'; 17], vec![byte]].concat(),
            ] {
                let ascii = bytes.is_ascii();
                let controls = bytes.iter().any(|&b| b < 0x20 || b == 0x7F);
                assert_eq!(ascii_and_controls(&bytes), (ascii, controls), "{bytes:?}");
            }
        }
    }

    #[test]
    fn sniffs_binaries() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml",
                "Excel workbook (.xlsx)",
            ),
            (b"PK\x03\x04\x14\x00users.csv", "zip archive"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "old Excel"),
            (b"%PDF-1.7\n", "PDF"),
            (b"\x89PNG\r\n\x1a\n", "image"),
            (b"<!DOCTYPE html><html>", "web page"),
            (b"abc\x00\x00\x00\x01\x02def", "binary"),
        ];
        for (bytes, words) in cases {
            match sniff(bytes) {
                Sniffed::NotCsv(text) => assert!(text.contains(words), "{text}"),
                other => panic!("{bytes:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn sniffs_encodings() {
        let text = |b: &[u8]| match sniff(b) {
            Sniffed::Text { encoding, bom_len } => (encoding, bom_len),
            other => panic!("{other:?}"),
        };
        assert_eq!(text(b"sourcedId,sex\n"), (Encoding::Utf8, 0));
        assert_eq!(text(b"\xEF\xBB\xBFsourcedId,sex\n"), (Encoding::Utf8, 3));
        assert_eq!(text(b"\xFF\xFEs\0o\0u\0r\0"), (Encoding::Utf16Le, 2));
        assert_eq!(text(b"\xFE\xFF\0s\0o\0u\0r"), (Encoding::Utf16Be, 2));
        assert_eq!(text(b"s\0o\0u\0r\0c\0e\0"), (Encoding::Utf16Le, 0));
        assert_eq!(text(b"Jos\xE9,male\n"), (Encoding::Utf8, 0));
    }

    #[test]
    fn windows_1252_fields() {
        assert_eq!(field_text(b"Jos\xE9"), (Cow::Borrowed("José"), true));
        assert_eq!(
            field_text("José".as_bytes()),
            (Cow::Borrowed("José"), false)
        );
        assert_eq!(field_text(b"\x93quoted\x94").0, "“quoted”");
        assert_eq!(
            field_text(b"\xFF\xFEx\x00").0,
            "ÿþx\u{0}",
            "no BOM sniffing"
        );
        assert_eq!(field_text(b"\xEF\xBB\xBF\xE9").0, "ï»¿é");
        for field in [
            &b"Jos\xE9"[..],
            b"\x93quoted\x94",
            b"plain",
            "José".as_bytes(),
            b"\x81\x8D\x80\xFF",
            b"\xFF\xFEx\x00",
            b"\xEF\xBB\xBF\xE9",
        ] {
            let mut text = String::from("x");
            push_field_text(field, &mut text);
            assert_eq!(text, format!("x{}", field_text(field).0), "{field:?}");
        }
    }

    #[test]
    fn a_record_that_is_not_all_utf8_is_read_field_by_field() {
        let mut parser = crate::parse::Parser::new(b',');
        let mut record = Record::default();
        let line = b"1,Jos\xE9,\"Bogot\xE1, DC\",Z\xC3\xBCrich,x\n";
        parser.next(line, true, &mut record);
        let mut buffer = Decoded::default();
        let text = RecordText::new(&record, &mut buffer);
        assert!(!text.is_utf8() && !text.ascii && !text.controls);
        let fields: Vec<_> = (0..text.len()).map(|i| text.field(i)).collect();
        assert_eq!(fields, ["1", "José", "Bogotá, DC", "Zürich", "x"]);
        assert_eq!(text.span(text.range(3)), "Zürich");
        assert_eq!(text.plain(text.range(0)), Some("1"));
        assert_eq!(
            text.plain(text.range(1)),
            Some("José"),
            "accents: the short way"
        );
        let mut nbsp = Record::default();
        parser.next(b"1,Jos\xE9\xA0\n", true, &mut nbsp);
        let text = RecordText::new(&nbsp, &mut buffer);
        assert_eq!(
            text.plain(text.range(1)),
            None,
            "a no-break space: the long way"
        );
        let utf8 = b"1,Z\xC3\xBCrich\n";
        parser.next(utf8, true, &mut record);
        let text = RecordText::new(&record, &mut buffer);
        assert!(text.is_utf8());
        assert_eq!(text.field(1), "Zürich");
    }

    #[test]
    fn cr_only_line_endings() {
        assert!(is_cr_only(b"a,b\r1,2\r"));
        assert!(!is_cr_only(b"a,b\r\n1,2\r\n"));
        assert!(!is_cr_only(b"a,b\n"));
        assert!(!is_cr_only(b"a,b"));
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;b\",c\n"), b',');
        assert_eq!(sniff_delimiter(b"sourcedId\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b,c\n"), b',');
    }
}
