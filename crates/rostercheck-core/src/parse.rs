//! RFC 4180 records with their physical line, and recovery from broken quotes.
//!
//! The field and record state machine is [`csv_core::Reader`], the push-based engine under the
//! `csv` crate: delimiter, quoting, doubled quotes, the end of a record. What this module adds is
//! what csv-core does not do, as a thin layer around it:
//! - **physical lines**: csv-core is given one line at a time, so a line break inside a quoted
//!   field shows as a line that ends without ending the record ([`Record::extra_lines`]);
//! - **the terminator** of each record ([`Terminator`]). csv-core is told that only LF ends a
//!   record, so a lone CR stays in the value (it would end the record in csv-core's CRLF mode);
//!   the CR of a CRLF, which csv-core then copies into the last field, is taken off here;
//! - **blank lines**, which csv-core skips, are records of one empty field here;
//! - **stray quotes**, judged from each field's text as written: csv-core reads `a"b` as `a"b`
//!   and `"a"b` as `ab` without a word ([`Record::stray_quote`]);
//! - **recovery from a broken quote**: when a quoted field spans lines but the record then has
//!   the wrong number of fields or a stray quote, runs past [`MAX_QUOTED_LINES`], or never closes,
//!   the record's first line is read again alone, and a quote that does not close on it is kept
//!   as text to the end of the line ([`Record::unclosed_quote`]).
//!
//! One fast path of its own: a line without any quote (most lines) is split at its delimiters by
//! a vector search instead of by csv-core; the figure that keeps it is beside
//! [`split_plain_line`].
//!
//! Why not `csv::Reader`: it cannot tell where a broken quote started and, like every strict
//! reader, lets one unclosed quote swallow the rest of the file. The parser is push-based: it
//! works on whatever bytes have arrived, so files can be fed in chunks. The `csv` crate is the
//! reference it is tested against.

use csv_core::{ReadRecordResult, ReaderBuilder};
use memchr::{memchr, memchr2};

/// A quoted field spanning more lines than this is taken to be a broken quote.
pub const MAX_QUOTED_LINES: u64 = 64;

/// How a record ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terminator {
    /// At the end of the input, without a line break.
    Eof,
    /// `\n`.
    Lf,
    /// `\r\n`.
    CrLf,
}

/// One record: its unescaped fields, where it is, and what was odd about its quoting.
///
/// Layout, which the checker relies on: the fields lie one after another in
/// [`Record::all_bytes`] and [`Record::field_range`] is a span into it. For a record without any
/// quote, `all_bytes` is the line as read, delimiters included (without its line end); for one
/// with quotes it is the unescaped fields back to back.
#[derive(Debug, Clone, Default)]
pub struct Record {
    bytes: Vec<u8>,
    /// `(start, end)` of each field in `bytes`.
    spans: Vec<(usize, usize)>,
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// Line breaks inside quoted fields (the record spans `1 + extra_lines` lines).
    pub extra_lines: u64,
    /// How the record ended (`None` before parsing).
    pub terminator: Option<Terminator>,
    /// A quote inside an unquoted field, or text after a closing quote.
    pub stray_quote: bool,
    /// A quoted field that never closed; the line was read with the quote as text.
    pub unclosed_quote: bool,
    /// A quoted field holds CR or LF. (A CR in an unquoted value is left to the cell checks; a
    /// quote that never closed and was kept as text does not count.)
    pub line_break: bool,
    /// [`Record::all_bytes`] is the line as read and is what writing its fields with commas and
    /// minimal quoting gives (a line without quotes, or one whose quotes each enclose a value
    /// with a comma). Then a row that needs no change can be copied as read.
    pub as_written: bool,
}

impl Record {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The unescaped bytes of field `i`.
    pub fn field(&self, i: usize) -> &[u8] {
        &self.bytes[self.field_range(i)]
    }

    /// Where field `i` is in [`Record::all_bytes`].
    pub fn field_range(&self, i: usize) -> std::ops::Range<usize> {
        let (start, end) = self.spans[i];
        start..end
    }

    /// Every field's bytes (for a record without quotes: the line as read, delimiters included).
    /// Only ASCII is ever added, so UTF-8 validity and non-ASCII content are those of the fields.
    pub fn all_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// All fields.
    pub fn fields(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).map(|i| self.field(i))
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.spans.clear();
        self.extra_lines = 0;
        self.terminator = None;
        self.stray_quote = false;
        self.unclosed_quote = false;
        self.line_break = false;
        self.as_written = false;
    }
}

/// Why a record could not be taken as read.
enum Stop {
    /// The input ends inside the record and more may come.
    NeedMore,
    /// A quoted field did not close properly; re-read line-bounded.
    Broken,
}

/// Reads `line` (one line, without its line end) as a record of its own, as a line of a file
/// is read: how a line a person wrote again is read. `expected`: the header's field count.
pub(crate) fn read_alone(line: &[u8], delimiter: u8, expected: Option<usize>) -> Record {
    let mut parser = Parser::new(delimiter);
    if let Some(count) = expected {
        parser.expect_fields(count);
    }
    let mut record = Record::default();
    if parser.next(line, true, &mut record).is_none() {
        // An empty line is a record of one empty field, as in a file.
        record.spans.push((0, 0));
        record.as_written = true;
    }
    record
}

/// Reads records one after another, counting lines.
#[derive(Debug, Clone)]
pub struct Parser {
    delimiter: u8,
    next_line: u64,
    expected_fields: Option<usize>,
    core: Core,
    /// Lines without quotes are split here instead of by csv-core (see [`split_plain_line`]).
    /// Switched off only by `benches/records.rs`, which compiles this file as its own module to
    /// measure csv-core alone on the same bytes.
    pub(crate) fast_path: bool,
    /// csv-core's output for a line without quotes when `fast_path` is off.
    scratch: Vec<u8>,
}

impl Parser {
    /// A parser for `delimiter`, starting at line 1.
    pub fn new(delimiter: u8) -> Parser {
        Parser {
            delimiter,
            next_line: 1,
            expected_fields: None,
            core: Core::new(delimiter),
            fast_path: true,
            scratch: Vec::new(),
        }
    }

    /// The delimiter.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Once the header is known: records with multi-line fields and another field count are
    /// treated as broken quotes.
    pub fn expect_fields(&mut self, count: usize) {
        self.expected_fields = Some(count);
    }

    /// Parses one record from the start of `input` into `record`, returning the bytes consumed,
    /// or `None` when `input` holds no complete record yet (never when `eof` and input is non-empty).
    pub fn next(&mut self, input: &[u8], eof: bool, record: &mut Record) -> Option<usize> {
        if input.is_empty() {
            return None;
        }
        record.line = self.next_line;
        let consumed = match self.read(input, eof, record) {
            // A quoted field ran over lines and then the record came out wrong: the quote was broken.
            Ok(_)
                if record.extra_lines > 0
                    && (record.stray_quote
                        || self.expected_fields.is_some_and(|e| e != record.len())) =>
            {
                self.reread_line(input, eof, record)
            }
            Ok(n) => n,
            Err(Stop::NeedMore) => return None,
            Err(Stop::Broken) => self.reread_line(input, eof, record),
        };
        self.next_line += 1 + record.extra_lines;
        Some(consumed)
    }

    /// Reads the record at the start of `input` as RFC 4180 has it.
    fn read(&mut self, input: &[u8], eof: bool, rec: &mut Record) -> Result<usize, Stop> {
        rec.clear();
        let first = first_line(input, eof)?;
        let (line, consumed, terminator) = first;
        if memchr(b'"', line).is_some() {
            if self.fast_path && split_quoted_line(line, self.delimiter, rec) {
                rec.terminator = Some(terminator);
                return Ok(consumed);
            }
            rec.clear();
            let read = self.read_quoted(input, first, eof, rec);
            if read.is_err() {
                // csv-core stopped inside the record; the next read starts it again.
                self.core.restart();
            }
            return read;
        }
        // No quote on the line: the record is the line, and its fields are what lies between
        // the delimiters.
        rec.terminator = Some(terminator);
        if self.fast_path {
            split_plain_line(line, self.delimiter, rec);
        } else {
            self.split_with_core(line, rec);
        }
        rec.as_written = true;
        Ok(consumed)
    }

    /// Reads a record whose first line (`first`) has a quote through csv-core, a line at a time.
    fn read_quoted(
        &mut self,
        input: &[u8],
        first: Line,
        eof: bool,
        rec: &mut Record,
    ) -> Result<usize, Stop> {
        let (mut line, mut line_start) = (first, 0);
        loop {
            let (text, consumed, terminator) = line;
            let line_end = line_start + consumed;
            let ended = self.feed(&input[line_start..line_end], rec);
            if ended || terminator == Terminator::Eof {
                if !ended {
                    self.core.finish();
                }
                let raw = &input[..line_start + text.len()];
                rec.terminator = Some(terminator);
                return match self.take_fields(raw, terminator == Terminator::CrLf, rec) {
                    None => Ok(line_end),
                    Some(_) => Err(Stop::Broken),
                };
            }
            // The line break was inside a quoted field: the record goes on on the next line.
            rec.extra_lines += 1;
            if rec.extra_lines > MAX_QUOTED_LINES {
                return Err(Stop::Broken);
            }
            line_start = line_end;
            line = first_line(&input[line_start..], eof)?;
        }
    }

    /// Recovery: reads the record's first line alone, a quote that does not close on it kept as
    /// text to the end of the line. Callers come here with that line complete (or at the end of
    /// the input).
    fn reread_line(&mut self, input: &[u8], eof: bool, rec: &mut Record) -> usize {
        rec.clear();
        self.core.restart();
        let (line, consumed, terminator) =
            first_line(input, true).unwrap_or((input, 0, Terminator::Eof));
        debug_assert!(
            eof || terminator != Terminator::Eof,
            "an incomplete first line"
        );
        let ended = self.feed(&input[..consumed], rec);
        if !ended {
            self.core.finish();
        }
        let crlf = ended && terminator == Terminator::CrLf;
        if let Some(quote) = self.take_fields(line, crlf, rec) {
            // The quote is still open at the end of the line: the field is the rest of the line
            // as written, opening quote included.
            if let Some(span) = rec.spans.last_mut() {
                rec.bytes.truncate(span.0);
                rec.bytes.extend_from_slice(&line[quote..]);
                span.1 = rec.bytes.len();
            }
        }
        rec.terminator = Some(terminator);
        rec.unclosed_quote = true;
        consumed
    }

    /// Feeds one line, line break included, to csv-core, its fields' bytes added to `rec`. True
    /// when the record ended with the line.
    fn feed(&mut self, line: &[u8], rec: &mut Record) -> bool {
        if line.is_empty() {
            return false;
        }
        let filled = rec.bytes.len();
        // csv-core never writes more bytes than it reads, so the line's length is room enough.
        rec.bytes.resize(filled + line.len(), 0);
        let (ended, written) = self.core.read(line, &mut rec.bytes[filled..]);
        rec.bytes.truncate(filled + written);
        ended
    }

    /// The fields of the record csv-core has read, whose text as written is `raw` (without its
    /// line end), with their quoting judged from it. Returns where a quote that never closed
    /// opens (it is in the last field).
    fn take_fields(&mut self, raw: &[u8], crlf: bool, rec: &mut Record) -> Option<usize> {
        let mut start = 0;
        rec.spans.extend(self.core.ends().iter().map(|&end| {
            let span = (start, end);
            start = end;
            span
        }));
        if crlf {
            // The CR of a CRLF is outside any quote, so csv-core copied it into the last field.
            debug_assert_eq!(rec.bytes.last(), Some(&b'\r'));
            rec.bytes.pop();
            if let Some(last) = rec.spans.last_mut() {
                last.1 -= 1;
            }
        }
        let judged = judge_fields(raw, &rec.spans, self.delimiter);
        rec.stray_quote = judged.stray_quote;
        rec.line_break = judged.line_break;
        judged.unclosed
    }

    /// csv-core's reading of `line`, a line without quotes, laid out as the line itself
    /// (delimiters included) so that [`Record::all_bytes`] keeps its promise.
    fn split_with_core(&mut self, line: &[u8], rec: &mut Record) {
        rec.bytes.extend_from_slice(line);
        if line.is_empty() {
            // csv-core skips a blank line; here it is a record of one empty field.
            rec.spans.push((0, 0));
            return;
        }
        if self.scratch.len() < line.len() {
            self.scratch.resize(line.len(), 0);
        }
        let (ended, _) = self.core.read(line, &mut self.scratch);
        debug_assert!(!ended, "a line without its line end does not end a record");
        self.core.finish();
        let mut start = 0;
        for (i, &end) in self.core.ends().iter().enumerate() {
            // Without quotes a field is its text as written, and `i` delimiters precede field `i`.
            rec.spans.push((start, end + i));
            start = end + i + 1;
        }
    }
}

/// csv-core's reader with room for the field ends of a record.
#[derive(Debug)]
struct Core {
    delimiter: u8,
    reader: csv_core::Reader,
    /// Where each field read so far ends in the record's unescaped bytes; `count` are set.
    ends: Vec<usize>,
    count: usize,
}

impl Clone for Core {
    /// `csv_core::Reader`'s derived `Clone` keeps only part of its DFA (csv-core 0.1.13 copies the
    /// transition table but not the byte classes or output flags), so a cloned reader misparses.
    /// Between calls to [`Parser::next`] the reader holds no record: a new one does as well.
    fn clone(&self) -> Self {
        Core::new(self.delimiter)
    }
}

impl Core {
    fn new(delimiter: u8) -> Core {
        let reader = ReaderBuilder::new()
            .delimiter(delimiter)
            // Only LF ends a record: a lone CR stays in the value (see the module docs).
            .terminator(csv_core::Terminator::Any(b'\n'))
            .build();
        let mut core = Core {
            delimiter,
            reader,
            ends: vec![0; 32],
            count: 0,
        };
        core.prime();
        core
    }

    /// csv-core drops a UTF-8 BOM from the first bytes it ever reads. The checker has dealt with
    /// the file's BOM before parsing; one that starts a later record (or a second one) is text.
    /// Reading a blank line, which csv-core skips, makes every real read a later one.
    fn prime(&mut self) {
        let _ = self.reader.read_record(b"\n", &mut [0], &mut [0]);
    }

    /// Back to the start of a record, after csv-core stopped inside one.
    fn restart(&mut self) {
        self.reader.reset();
        self.prime();
        self.count = 0;
    }

    /// The field ends of the record just read.
    fn ends(&mut self) -> &[usize] {
        let count = std::mem::take(&mut self.count);
        &self.ends[..count]
    }

    /// Feeds `input` to csv-core, the unescaped bytes going to `out`, which must be as long as
    /// `input` (csv-core never writes more than it reads). Returns whether the record ended, and
    /// the bytes written.
    fn read(&mut self, input: &[u8], out: &mut [u8]) -> (bool, usize) {
        let (mut at, mut written) = (0, 0);
        while at < input.len() {
            self.make_room();
            let (result, nin, nout, nends) = self.reader.read_record(
                &input[at..],
                &mut out[written..],
                &mut self.ends[self.count..],
            );
            at += nin;
            written += nout;
            self.count += nends;
            match result {
                ReadRecordResult::Record => return (true, written),
                ReadRecordResult::InputEmpty | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::OutputFull | ReadRecordResult::End => {
                    debug_assert!(false, "{result:?} with room for the input");
                    break;
                }
            }
        }
        (false, written)
    }

    /// Tells csv-core that the input has ended, which ends the record.
    fn finish(&mut self) {
        self.make_room();
        let (result, _, _, nends) =
            self.reader
                .read_record(&[], &mut [], &mut self.ends[self.count..]);
        debug_assert_eq!(result, ReadRecordResult::Record);
        self.count += nends;
    }

    fn make_room(&mut self) {
        if self.count == self.ends.len() {
            self.ends.resize(self.ends.len() * 2, 0);
        }
    }
}

/// What the quotes of a record's text as written say about it.
#[derive(Default)]
struct Quoting {
    stray_quote: bool,
    line_break: bool,
    /// Where a quote that never closed opens.
    unclosed: Option<usize>,
}

/// Judges the quoting of the fields csv-core read from `raw` (a record's text as written,
/// without its line end) into `spans`. Only the fields where `raw` has a quote are looked at:
/// the others csv-core copied as written, so where they lie in `raw` follows from `spans`.
fn judge_fields(raw: &[u8], spans: &[(usize, usize)], delimiter: u8) -> Quoting {
    let mut judged = Quoting::default();
    // `dropped`: the bytes of `raw` before field `k` that csv-core did not copy (delimiters
    // and quotes), so that field `k` starts at `spans[k].0 + dropped` in `raw`.
    let (mut k, mut dropped, mut from) = (0, 0, 0);
    while let Some(quote) = raw.get(from..).and_then(|rest| memchr(b'"', rest)) {
        let quote = from + quote;
        // Fields that start before the quote and end by it are unquoted and have none.
        while k < spans.len() && spans[k].0 + dropped < quote && spans[k].1 + dropped <= quote {
            dropped += 1;
            k += 1;
        }
        let Some(&(start, end)) = spans.get(k) else {
            break;
        };
        let at = start + dropped;
        debug_assert!(at <= quote, "a quote between fields");
        let len = if at < quote {
            // csv-core copies an unquoted field as written, a quote in it included.
            judged.stray_quote = true;
            end - start
        } else {
            let Some(len) = judge_quoted(&raw[at..], delimiter, &mut judged) else {
                judged.unclosed = Some(at);
                break;
            };
            len
        };
        dropped += len + 1 - (end - start);
        from = at + len + 1;
        k += 1;
    }
    judged
}

/// Judges the quoted field at the start of `raw` (the record's text as written from its opening
/// quote on). Returns its length in `raw`, or `None` when the quote never closes.
fn judge_quoted(raw: &[u8], delimiter: u8, judged: &mut Quoting) -> Option<usize> {
    let close = closing_quote(raw)?;
    judged.line_break |= memchr2(b'\n', b'\r', &raw[1..close]).is_some();
    // After the closing quote csv-core reads on as unquoted text, up to the delimiter.
    let end = match raw.get(close + 1) {
        None => close + 1,
        Some(&b) if b == delimiter => close + 1,
        Some(_) => memchr(delimiter, &raw[close + 1..]).map_or(raw.len(), |i| close + 1 + i),
    };
    judged.stray_quote |= end > close + 1;
    Some(end)
}

/// A physical line: its text without the line end, the bytes it takes with its line end, and
/// how it ends.
type Line<'a> = (&'a [u8], usize, Terminator);

/// The first physical line of `input`.
fn first_line(input: &[u8], eof: bool) -> Result<Line<'_>, Stop> {
    match memchr(b'\n', input) {
        Some(nl) if nl > 0 && input[nl - 1] == b'\r' => {
            Ok((&input[..nl - 1], nl + 1, Terminator::CrLf))
        }
        Some(nl) => Ok((&input[..nl], nl + 1, Terminator::Lf)),
        None if eof => Ok((input, input.len(), Terminator::Eof)),
        None => Err(Stop::NeedMore),
    }
}

/// Where the quote that opens `field` closes: the first quote after it that is not doubled (as
/// csv-core reads it). `None` when it does not close.
fn closing_quote(field: &[u8]) -> Option<usize> {
    let mut at = 1;
    loop {
        let quote = at + memchr(b'"', field.get(at..)?)?;
        if field.get(quote + 1) != Some(&b'"') {
            return Some(quote);
        }
        at = quote + 2;
    }
}

/// The fast path for a line whose quotes each enclose a whole value, none doubled and none
/// around a line break (`1,"San José, CA",x`: how most exports quote a city): the line is
/// split at every delimiter as if it had no quotes, then the pieces of each quoted value are
/// joined again. It reads what csv-core reads: every quote of the line must be one that opens
/// a value at its start or closes it at its end, else (and for a line with a CR) this gives up
/// and the line goes to csv-core. The fields are kept where they are in the line as read, so
/// that a row that needs no change can be copied as read ([`Record::as_written`]).
///
/// Measured on the 25,099 quoted lines of 100,000 rows of `examples/generate clean` (each with
/// `"Los Angeles, CA"`), repeated ten times, parsing alone, best of 15: 44.6 ms against 74.7 ms
/// with csv-core reading these lines (-40 %). In `benches/records.rs` (3 in 10 lines quoted, a
/// hundredth with doubled quotes, which still go to csv-core) the parser went from 19.8 to
/// 17.2 ms, against csv-core alone 33.2 ms. A whole check of the 100,000 rows: -14 %
/// instructions (callgrind), most of it from copying these rows as read instead of writing
/// their fields again.
fn split_quoted_line(line: &[u8], delimiter: u8, rec: &mut Record) -> bool {
    if memchr(b'\r', line).is_some() {
        return false;
    }
    split_plain_line(line, delimiter, rec);
    let quotes = line.iter().filter(|&&b| b == b'"').count();
    let pieces = rec.spans.len();
    // A quoted value is written as read only when it needs its quotes: it holds a comma.
    let mut as_written = delimiter == b',';
    let (mut kept, mut read, mut matched) = (0, 0, 0);
    while read < pieces {
        let (start, end) = rec.spans[read];
        if line.get(start) != Some(&b'"') {
            rec.spans[kept] = (start, end);
            (kept, read) = (kept + 1, read + 1);
            continue;
        }
        // The value ends with the first piece that ends with a quote other than its opening one.
        let mut last = read;
        loop {
            let end = rec.spans[last].1;
            if end > start + 1 && line[end - 1] == b'"' {
                break;
            }
            last += 1;
            if last == pieces {
                return false;
            }
        }
        as_written &= last > read;
        rec.spans[kept] = (start + 1, rec.spans[last].1 - 1);
        (kept, read, matched) = (kept + 1, last + 1, matched + 2);
    }
    rec.spans.truncate(kept);
    rec.as_written = as_written;
    // Any other quote (doubled, stray, or opening a value that goes on on the next line) is
    // csv-core's to read.
    matched == quotes
}

/// The fast path for a line without quotes (most records): one copy of the line and a vector
/// search for the delimiters, where csv-core steps through the line byte by byte (and its output
/// would still have to be laid out as the line, see [`Parser::split_with_core`]). It gives the
/// same fields as csv-core.
///
/// Measured (`benches/records.rs`, 100,000 generated rows, 3 in 10 lines with quotes): with
/// csv-core splitting these lines too, parsing takes 1.38x as long (median of 11 criterion runs
/// on a shared 2-core machine, from 1.04x to 1.78x; e.g. 52.9 ms against 38.4 ms), 1.34x the
/// instructions (cachegrind), and 1.54x the instructions on the lines without quotes alone.
///
/// The delimiters are found eight bytes at a time in a `u64` ([`matching_bytes`]) rather than
/// by `memchr_iter`, whose setup is paid again for every field of a few bytes. Measured with
/// `valgrind --tool=callgrind` on a whole check of 100,000 rows of `examples/generate clean`
/// (28 fields a line): 1,082 M instructions with `memchr_iter`, 1,033 M with this (-4.6 %).
fn split_plain_line(line: &[u8], delimiter: u8, rec: &mut Record) {
    rec.bytes.extend_from_slice(line);
    let mut start = 0;
    let mut words = line.chunks_exact(8);
    let mut base = 0;
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let mut found = matching_bytes(word, delimiter);
        while found != 0 {
            let at = base + (found.trailing_zeros() / 8) as usize;
            rec.spans.push((start, at));
            start = at + 1;
            found &= found - 1;
        }
        base += 8;
    }
    for (i, &byte) in words.remainder().iter().enumerate() {
        if byte == delimiter {
            rec.spans.push((start, base + i));
            start = base + i + 1;
        }
    }
    rec.spans.push((start, line.len()));
}

/// The high bit of each byte of `word` that equals `byte`, exactly (no carries between bytes:
/// the low seven bits are added apart from the high one).
fn matching_bytes(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    // A byte of `x` is zero exactly when neither its low seven bits nor its high bit is set.
    !(((x & LOW7) + LOW7) | x | LOW7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(
        input: &[u8],
        expected_fields: Option<usize>,
    ) -> Vec<(u64, Vec<String>, bool, bool)> {
        let mut parser = Parser::new(b',');
        if let Some(n) = expected_fields {
            parser.expect_fields(n);
        }
        let mut rec = Record::default();
        let mut pos = 0;
        let mut out = Vec::new();
        while let Some(n) = parser.next(&input[pos..], true, &mut rec) {
            let fields = rec
                .fields()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            out.push((rec.line, fields, rec.unclosed_quote, rec.stray_quote));
            pos += n;
        }
        out
    }

    #[test]
    fn plain_and_quoted() {
        let got = parse_all(b"a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n,\n", None);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].1, ["a", "b"]);
        assert_eq!(got[1].1, ["x,1", "say \"hi\""]);
        assert_eq!(got[2].1, ["", ""]);
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn multi_line_field_counts_lines() {
        let got = parse_all(b"a,b\n\"line1\nline2\",x\nc,d\n", Some(2));
        assert_eq!(got[1].1, ["line1\nline2", "x"]);
        assert_eq!(got[2].0, 4);
    }

    #[test]
    fn unclosed_quote_does_not_swallow_the_file() {
        let got = parse_all(b"id,city\n1,\"Austin\n2,Dallas\n3,Houston\n", Some(2));
        assert_eq!(got.len(), 4);
        assert!(got[1].2);
        assert_eq!(got[1].1, ["1", "\"Austin"]);
        assert_eq!(got[2].1, ["2", "Dallas"]);
        assert_eq!(got[3].0, 4);
    }

    #[test]
    fn unclosed_quote_paired_with_a_later_quote_is_recovered() {
        let got = parse_all(b"id,city\n1,\"Austin\n2,Dallas\n3,\"Houston\"\n", Some(2));
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[1].2);
        assert_eq!(got[3].1, ["3", "Houston"]);
    }

    #[test]
    fn stray_quotes() {
        let got = parse_all(b"a,billy \"the kid\",c\n\"x\"y,z\n", None);
        assert_eq!(got[0].1, ["a", "billy \"the kid\"", "c"]);
        assert!(got[0].3);
        assert_eq!(got[1].1, ["xy", "z"]);
        assert!(got[1].3);
    }

    #[test]
    fn chunked_input_waits_for_complete_records() {
        let mut parser = Parser::new(b',');
        let mut rec = Record::default();
        assert_eq!(parser.next(b"a,\"b", false, &mut rec), None);
        assert_eq!(parser.next(b"a,\"b\"", false, &mut rec), None);
        assert_eq!(parser.next(b"a,b", false, &mut rec), None);
        assert_eq!(parser.next(b"a,b\r", false, &mut rec), None);
        assert_eq!(parser.next(b"a,b\r\n", false, &mut rec), Some(5));
        assert_eq!(rec.terminator, Some(Terminator::CrLf));
        assert_eq!(parser.next(b"c,d", true, &mut rec), Some(3));
        assert_eq!(rec.terminator, Some(Terminator::Eof));
        assert_eq!(rec.line, 2);
    }

    #[test]
    fn what_csv_core_reads_otherwise_is_as_before() {
        // csv-core skips blank lines, ends a record at a lone CR in its CRLF mode and drops a
        // UTF-8 BOM at the start of what it first reads.
        let got = parse_all(
            b"\xEF\xBB\xBFa,b\r\n\na\rb,\"c\"\r\n\xEF\xBB\xBF\"d\",e\n",
            Some(2),
        );
        let fields: Vec<_> = got.iter().map(|g| g.1.clone()).collect();
        assert_eq!(fields[0], ["\u{FEFF}a", "b"]);
        assert_eq!(fields[1], [""]);
        assert_eq!(fields[2], ["a\rb", "c"]);
        assert_eq!(fields[3], ["\u{FEFF}\"d\"", "e"]);
        assert_eq!(
            got.iter().map(|g| g.3).collect::<Vec<_>>(),
            [false, false, false, true]
        );
        // Text after a closing quote, even a CR at the very end, is a stray quote.
        let got = parse_all(b"\"b\"\r", None);
        assert_eq!((got[0].1.clone(), got[0].3), (vec!["b\r".to_owned()], true));
    }

    #[test]
    fn a_quote_open_past_the_limit_is_recovered() {
        let mut input = b"id,note\n1,\"a".to_vec();
        for _ in 0..MAX_QUOTED_LINES + 1 {
            input.extend_from_slice(b"\nmore");
        }
        input.extend_from_slice(b"\"\n2,b\n");
        let got = parse_all(&input, None);
        assert_eq!(got[1].1, ["1", "\"a"]);
        assert!(got[1].2);
        assert_eq!(got[2].0, 3);
        assert_eq!(got.len(), 3 + MAX_QUOTED_LINES as usize + 1);
    }

    #[test]
    fn a_clone_reads_like_the_original() {
        let mut parser = Parser::new(b';');
        let mut rec = Record::default();
        assert_eq!(parser.next(b"a;b\n", false, &mut rec), Some(4));
        let mut clone = parser.clone();
        assert_eq!(clone.next(b"\"x;y\";z\n", false, &mut rec), Some(8));
        assert_eq!(rec.fields().collect::<Vec<_>>(), [&b"x;y"[..], b"z"]);
        assert_eq!((rec.line, clone.next_line), (2, 3));
    }

    #[test]
    fn matching_bytes_is_exact() {
        for byte in [b',', b';', b'\t', 0, 0xFF, b'-'] {
            for word in [
                0u64,
                u64::MAX,
                0x2C2D_2C00_FF2C_2D2D,
                0x0101_0101_0101_0101,
                0x2D2C,
            ] {
                let expected = word
                    .to_le_bytes()
                    .iter()
                    .enumerate()
                    .filter(|&(_, &b)| b == byte)
                    .fold(0u64, |mask, (i, _)| mask | 0x80 << (8 * i));
                assert_eq!(matching_bytes(word, byte), expected, "{word:#x} {byte}");
            }
        }
    }

    #[test]
    fn the_fast_path_reads_what_csv_core_reads() {
        let wide = vec!["f"; 40].join(",");
        // Fields across the eight-byte words of the fast path, and a delimiter at a word's end.
        let odd = "abcdefg,hijklmnop,,q,rstuvwxyz0123456,7,,89,";
        // Lines with quotes: the ones the fast path takes, and every kind it leaves to csv-core.
        let quoted = [
            "1,\"San Jos\u{e9}, CA\",x",
            "\"a,b\",\"c,,d\",",
            "\"\",x,\"y\"",
            "\",\",\"x,",
            "z\"",
            "\"a\"\"b\",c",
            "\"a\"b,c",
            "a\"b,c",
            "\"a,\"b\"",
            "x,\"a\rb,c\"",
            "\"",
            "\"\"\"\"",
            "\"a,b\"\"\",\"c\"",
        ]
        .join("\n");
        let input = format!("a,b,,c\n\n{wide}\r\n\r\n,\nx,\"y\"\n{odd}\n{quoted}\n{wide}");
        let read = |fast_path| {
            let mut parser = Parser::new(b',');
            parser.fast_path = fast_path;
            let (mut rec, mut pos, mut out) = (Record::default(), 0, Vec::new());
            while let Some(n) = parser.next(&input.as_bytes()[pos..], true, &mut rec) {
                let fields: Vec<_> = rec.fields().map(<[u8]>::to_vec).collect();
                let flags = (rec.stray_quote, rec.unclosed_quote, rec.line_break);
                out.push((n, fields, rec.terminator, rec.extra_lines, flags));
                pos += n;
            }
            out
        };
        let fast = read(true);
        assert_eq!(fast, read(false));
        assert_eq!(fast[2].1.len(), 40);
        assert_eq!(fast[6].1.len(), 9);
        assert_eq!(fast[7].1[1], "San Jos\u{e9}, CA".as_bytes());
    }

    #[test]
    fn lines_whose_quotes_are_needed_are_written_as_read() {
        let as_written = |line: &str| {
            let (mut parser, mut rec) = (Parser::new(b','), Record::default());
            parser.next(line.as_bytes(), true, &mut rec);
            (rec.as_written, rec.all_bytes() == line.as_bytes())
        };
        assert_eq!(as_written("a,b"), (true, true));
        assert_eq!(as_written("1,\"Austin, TX\",\"a,b\""), (true, true));
        // Quotes a writer would leave out, or double: the fields are written again.
        assert!(!as_written("1,\"Austin\",x").0);
        assert!(!as_written("1,\"\",x").0);
        assert!(!as_written("1,\"a\"\"b\",x").0);
        let (mut parser, mut rec) = (Parser::new(b';'), Record::default());
        parser.next(b"1;\"a;b\"", true, &mut rec);
        assert!(!rec.as_written);
    }
}
