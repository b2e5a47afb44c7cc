//! RFC 4180 records with their physical line, and recovery from broken quotes.
//!
//! Why not `csv::Reader`: it cannot tell where a broken quote started and, like every strict
//! reader, lets one unclosed quote swallow the rest of the file. This parser is push-based (it
//! works on whatever bytes have arrived, so files can be fed in chunks), counts physical lines,
//! and re-reads a record line-bounded when a quoted field spans lines but the record then has the
//! wrong number of fields, runs past [`MAX_QUOTED_LINES`], or never closes. The `csv` crate is the
//! reference it is tested against.

use memchr::{memchr, memchr2, memchr3};

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
    /// A field holds CR or LF.
    pub line_break: bool,
}

impl Record {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when the record has no fields (never the case for a parsed record).
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
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
    }

    fn end_field(&mut self) {
        let start = self.spans.last().map_or(0, |span| span.1);
        self.spans.push((start, self.bytes.len()));
    }
}

enum Stop {
    /// The input ends inside the record and more may come.
    NeedMore,
    /// A quoted field did not close properly; re-read line-bounded.
    Broken,
}

/// Reads records one after another, counting lines.
#[derive(Debug, Clone)]
pub struct Parser {
    delimiter: u8,
    next_line: u64,
    expected_fields: Option<usize>,
}

impl Parser {
    /// A parser for `delimiter`, starting at line 1.
    pub fn new(delimiter: u8) -> Parser {
        Parser {
            delimiter,
            next_line: 1,
            expected_fields: None,
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

    /// The line the next record starts on.
    pub fn next_line(&self) -> u64 {
        self.next_line
    }

    /// Parses one record from the start of `input` into `record`, returning the bytes consumed,
    /// or `None` when `input` holds no complete record yet (never when `eof` and input is non-empty).
    pub fn next(&mut self, input: &[u8], eof: bool, record: &mut Record) -> Option<usize> {
        if input.is_empty() {
            return None;
        }
        record.line = self.next_line;
        let consumed = match self.read(input, eof, false, record) {
            // A quoted field ran over lines and then the record came out wrong: the quote was broken.
            Ok(_)
                if record.extra_lines > 0
                    && (record.stray_quote
                        || self.expected_fields.is_some_and(|e| e != record.len())) =>
            {
                self.recover(input, eof, record)?
            }
            Ok(n) => n,
            Err(Stop::NeedMore) => return None,
            Err(Stop::Broken) => self.recover(input, eof, record)?,
        };
        self.next_line += 1 + record.extra_lines;
        Some(consumed)
    }

    fn recover(&mut self, input: &[u8], eof: bool, record: &mut Record) -> Option<usize> {
        match self.read(input, eof, true, record) {
            Ok(n) => {
                record.unclosed_quote = true;
                Some(n)
            }
            Err(_) => None,
        }
    }

    /// `line_bounded`: a quoted field may not cross a line break (recovery mode).
    fn read(
        &self,
        input: &[u8],
        eof: bool,
        line_bounded: bool,
        rec: &mut Record,
    ) -> Result<usize, Stop> {
        rec.clear();
        let delim = self.delimiter;
        if !line_bounded {
            if let Some(consumed) = read_plain_line(input, delim, eof, rec) {
                return consumed;
            }
        }
        let mut pos = 0;
        loop {
            if input.get(pos) == Some(&b'"') {
                pos = self.read_quoted(input, pos, eof, line_bounded, rec)?;
            } else {
                pos = read_unquoted(input, pos, delim, eof, rec)?;
            }
            rec.end_field();
            match input.get(pos) {
                None if eof => {
                    rec.terminator = Some(Terminator::Eof);
                    return Ok(pos);
                }
                None => return Err(Stop::NeedMore),
                Some(&b) if b == delim => pos += 1,
                Some(b'\n') => {
                    rec.terminator = Some(Terminator::Lf);
                    return Ok(pos + 1);
                }
                // The field readers stop at a CR only when an LF follows it.
                Some(b'\r') => {
                    rec.terminator = Some(Terminator::CrLf);
                    return Ok(pos + 2);
                }
                Some(_) => {
                    debug_assert!(false, "a field reader stopped inside a field");
                    rec.terminator = Some(Terminator::Lf);
                    return Ok(pos + 1);
                }
            }
        }
    }

    /// Reads a quoted field starting at `start` (the opening quote); returns the position after it.
    fn read_quoted(
        &self,
        input: &[u8],
        start: usize,
        eof: bool,
        line_bounded: bool,
        rec: &mut Record,
    ) -> Result<usize, Stop> {
        let field_start = rec.bytes.len();
        let mut pos = start + 1;
        loop {
            let hit = if line_bounded {
                memchr2(b'"', b'\n', &input[pos..])
            } else {
                memchr(b'"', &input[pos..])
            };
            let Some(offset) = hit else {
                if !eof {
                    return Err(Stop::NeedMore);
                }
                if !line_bounded {
                    return Err(Stop::Broken);
                }
                // Unclosed until the end of the file: the rest of the line, quote included.
                rec.bytes.truncate(field_start);
                rec.bytes.extend_from_slice(&input[start..]);
                rec.unclosed_quote = true;
                return Ok(input.len());
            };
            let at = pos + offset;
            if input[at] == b'\n' {
                // Recovery: the quote never closed on this line; keep the text as written.
                rec.bytes.truncate(field_start);
                let end = if at > start && input[at - 1] == b'\r' {
                    at - 1
                } else {
                    at
                };
                rec.bytes.extend_from_slice(&input[start..end]);
                rec.unclosed_quote = true;
                return Ok(end);
            }
            let chunk = &input[pos..at];
            if memchr2(b'\n', b'\r', chunk).is_some() {
                rec.line_break = true;
                rec.extra_lines += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
                if rec.extra_lines > MAX_QUOTED_LINES {
                    return Err(Stop::Broken);
                }
            }
            rec.bytes.extend_from_slice(chunk);
            match input.get(at + 1) {
                Some(b'"') => {
                    rec.bytes.push(b'"');
                    pos = at + 2;
                }
                None if !eof => return Err(Stop::NeedMore),
                _ => {
                    pos = at + 1;
                    break;
                }
            }
        }
        // After the closing quote only a delimiter or a line end may follow.
        match input.get(pos) {
            None => Ok(pos),
            Some(&b) if b == self.delimiter || b == b'\n' => Ok(pos),
            Some(b'\r') if matches!(input.get(pos + 1), Some(b'\n')) => Ok(pos),
            Some(_) => {
                rec.stray_quote = true;
                read_unquoted(input, pos, self.delimiter, eof, rec)
            }
        }
    }
}

/// Reads unquoted text from `pos` to the next delimiter or line end, appending it to the field.
fn read_unquoted(
    input: &[u8],
    mut pos: usize,
    delim: u8,
    eof: bool,
    rec: &mut Record,
) -> Result<usize, Stop> {
    loop {
        match find_special(input, pos, delim) {
            Some(offset) => {
                let at = pos + offset;
                match input[at] {
                    b'"' => {
                        rec.stray_quote = true;
                        rec.bytes.extend_from_slice(&input[pos..=at]);
                        pos = at + 1;
                    }
                    b'\n' => {
                        let end = if at > pos && input[at - 1] == b'\r' {
                            at - 1
                        } else {
                            at
                        };
                        push_text(&input[pos..end], rec);
                        return Ok(end);
                    }
                    _ => {
                        push_text(&input[pos..at], rec);
                        return Ok(at);
                    }
                }
            }
            None if eof => {
                push_text(&input[pos..], rec);
                return Ok(input.len());
            }
            None => return Err(Stop::NeedMore),
        }
    }
}

fn push_text(text: &[u8], rec: &mut Record) {
    // A CR inside an unquoted value is rare; the cell check finds it, so it is not looked for here.
    rec.bytes.extend_from_slice(text);
}

/// The fast path for a record on one line without any quote (most records): one copy of the
/// line and a vector search for the delimiters. `None` when the line has a quote.
fn read_plain_line(
    input: &[u8],
    delim: u8,
    eof: bool,
    rec: &mut Record,
) -> Option<Result<usize, Stop>> {
    let (line, consumed, terminator) = match memchr(b'\n', input) {
        Some(nl) if nl > 0 && input[nl - 1] == b'\r' => {
            (&input[..nl - 1], nl + 1, Terminator::CrLf)
        }
        Some(nl) => (&input[..nl], nl + 1, Terminator::Lf),
        None if eof => (input, input.len(), Terminator::Eof),
        None => return Some(Err(Stop::NeedMore)),
    };
    if memchr(b'"', line).is_some() {
        return None;
    }
    rec.bytes.extend_from_slice(line);
    let mut start = 0;
    for at in memchr::memchr_iter(delim, line) {
        rec.spans.push((start, at));
        start = at + 1;
    }
    rec.spans.push((start, line.len()));
    rec.terminator = Some(terminator);
    Some(Ok(consumed))
}

/// Offset from `pos` of the next delimiter, LF or quote. Most fields are a few bytes long, where
/// a plain loop beats setting up a vector search; longer ones go to `memchr3`.
#[inline]
fn find_special(input: &[u8], pos: usize, delim: u8) -> Option<usize> {
    const SHORT: usize = 16;
    let rest = &input[pos..];
    if let Some(i) = rest
        .iter()
        .take(SHORT)
        .position(|&b| b == delim || b == b'\n' || b == b'"')
    {
        return Some(i);
    }
    if rest.len() <= SHORT {
        return None;
    }
    memchr3(delim, b'\n', b'"', &rest[SHORT..]).map(|i| i + SHORT)
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
}
