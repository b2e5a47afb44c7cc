//! Reading a workbook with calamine: the sheet that looks like the file, its header row, and
//! every cell as the text ClassLink wants.

use super::{biff, Converted, Sheet, Unread, MAX_SHEETS};
use crate::bundle::{recognise, FileKind};
use crate::columns::Column;
use crate::finding::{Code, Detail, Finding, Fix, Severity, SheetChoice, WorkbookProblem};
use crate::header::{resolve, Resolution};
use crate::sink::{self, Draft};
use crate::writer::{LineEnding, Writer};
use calamine::{Data, Dimensions, Ods, Range, Reader, SheetType, Sheets, Xls, Xlsb, Xlsx};
use std::borrow::Cow;
use std::io::Cursor;

/// A header is looked for in the first this many rows of a sheet (title rows above it).
const HEADER_ROWS: usize = 20;
/// The largest whole number a number cell holds exactly: 2^53.
const EXACT: f64 = 9_007_199_254_740_992.0;
/// The smallest number of 16 digits: Excel keeps 15 significant digits of what it is given.
const SIXTEEN_DIGITS: f64 = 1e15;

type Book<'a> = Sheets<ZeroTail<'a>>;

/// At most this many parts (a workbook of 1,000 sheets has about 2,000).
const MAX_PARTS: usize = 10_000;

/// The name the check gives a header name in its findings (canonical when it is known).
fn finding_column(name: &str) -> String {
    let name = name.trim();
    match resolve(name) {
        Resolution::Exact(c) | Resolution::Case(c) | Resolution::Alias(c) => c.name().to_owned(),
        _ => name.to_owned(),
    }
}

/// The finding `draft` words, about `cell` of the sheet.
fn in_cell(draft: Draft<'_>, cell: Option<String>) -> crate::Finding {
    let mut finding = sink::finding(draft);
    finding.cell = cell;
    finding
}

/// `text` without its control characters (a NUL, an escape; not TAB or a line break), with the
/// `whitespace` finding the check gives them, at the cell. The check would remove them too, but
/// the CSV made from a sheet must read as text: a NUL in a cell made the input stage take the
/// whole sheet for a binary file (found by fuzzing). What else the whitespace rule cleans
/// (spaces around, zero-width characters) is left to it.
fn without_controls<'t>(
    text: Cow<'t, str>,
    line: u64,
    record: Option<u64>,
    column: Option<&str>,
    cell: impl Fn() -> String,
    findings: &mut Vec<Finding>,
) -> Cow<'t, str> {
    let control = |c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\r');
    if !text.contains(control) {
        return text;
    }
    let cleaned: String = text.chars().filter(|&c| !control(c)).collect();
    let draft = Draft::new(Code::Whitespace, Severity::Info, line)
        .record(record)
        .column(column)
        .value(Some(&text))
        .fix(Some(Fix::Value(Cow::Owned(cleaned.clone()))));
    findings.push(in_cell(draft, Some(cell())));
    Cow::Owned(cleaned)
}

/// The `workbook-unreadable` finding of `workbook`.
fn unreadable(problem: WorkbookProblem, value: Option<&str>) -> Unread {
    let draft = Draft::new(Code::WorkbookUnreadable, Severity::Error, 0)
        .value(value)
        .detail(Detail::Workbook(problem));
    Unread {
        finding: Box::new(sink::finding(draft)),
        choices: Vec::new(),
    }
}

/// The `workbook-sheet` finding: `choice`, about the sheet names in `value`.
fn sheet_finding(choice: SheetChoice, value: &str) -> Finding {
    let severity = match choice {
        SheetChoice::Chosen(_) | SheetChoice::First(_) => Severity::Info,
        SheetChoice::Several | SheetChoice::NotFound => Severity::Error,
    };
    let draft = Draft::new(Code::WorkbookSheet, severity, 0)
        .value(Some(value))
        .detail(Detail::Sheet(choice));
    sink::finding(draft)
}

/// Reads the sheet of the workbook `bytes` (called `name`) that looks like a OneRoster file —
/// demographics first, then users — or the sheet called `sheet`, into CSV.
pub fn read(bytes: &[u8], name: &str, sheet: Option<&str>) -> Result<Converted, Unread> {
    // calamine indexes into records without checking their length in places; the scans before
    // it opens a workbook refuse every such record fuzzing has found (biff.rs), and this is the
    // net under the ones it has not: natively, a panic in the reader is a damaged workbook, not
    // a crashed command. (In WebAssembly a panic aborts: the page starts a new worker.)
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_book(bytes, name, sheet)
    }));
    read.unwrap_or_else(|_| {
        let why = "the reader stopped at a part it could not read";
        Err(unreadable(WorkbookProblem::Damaged, Some(why)))
    })
}

fn read_book(bytes: &[u8], name: &str, sheet: Option<&str>) -> Result<Converted, Unread> {
    let mut book = open(bytes)?;
    // An .xlsx or .xlsb is scanned before calamine reads a sheet: whether its grid fits (an
    // .xls was scanned before it was opened), and for an .xlsx what it needs.
    let (marks, extent) = match &mut book {
        Sheets::Xlsx(_) => Marks::of_xlsx(bytes)
            .map_err(|error| unreadable(WorkbookProblem::Damaged, Some(&error)))?,
        Sheets::Xlsb(xlsb) => (Marks::ALL, xlsb_extent(xlsb)),
        _ => (Marks::ALL, Extent::default()),
    };
    if extent.too_sparse() {
        return Err(sparse(&extent));
    }
    let listed: Vec<(String, SheetType)> = (book.sheets_metadata().iter())
        .map(|s| (s.name.clone(), s.typ))
        .collect();
    if listed.len() > MAX_SHEETS {
        let count = listed.len().to_string();
        return Err(unreadable(WorkbookProblem::TooManySheets, Some(&count)));
    }
    let worksheets: Vec<&String> = (listed.iter())
        .filter(|(_, typ)| *typ == SheetType::WorkSheet)
        .map(|(n, _)| n)
        .collect();
    if worksheets.is_empty() {
        let problem = match listed.is_empty() {
            true => WorkbookProblem::Empty,
            false => WorkbookProblem::ChartsOnly,
        };
        return Err(unreadable(problem, None));
    }
    let (chosen, range, header_row, how) = match sheet {
        Some(wanted) => {
            let found = (worksheets.iter())
                .find(|n| n.as_str() == wanted)
                .or_else(|| worksheets.iter().find(|n| n.eq_ignore_ascii_case(wanted)));
            let Some(found) = found else {
                let list = (worksheets.iter())
                    .map(|n| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(Unread {
                    finding: Box::new(sheet_finding(SheetChoice::NotFound, &list)),
                    choices: worksheets.iter().map(|n| n.to_string()).collect(),
                });
            };
            let range = sheet_range(&mut book, found)?;
            let header =
                find_header(&range).map_or_else(|| first_row(&range), |(_, row)| Some(row));
            // The person's choice: said by nobody but them.
            ((*found).clone(), range, header, None)
        }
        None => choose(&mut book, &worksheets)?,
    };
    let Some(header_row) = header_row else {
        return Err(unreadable(WorkbookProblem::Empty, None));
    };
    let mut reading = Reading::new(&mut book, &chosen, &range, header_row, name, marks);
    if let (Some(how), true) = (how, worksheets.len() > 1) {
        reading
            .sheet
            .findings
            .insert(0, sheet_finding(how, &chosen));
    }
    reading.sheet.sheets = worksheets.iter().map(|n| n.to_string()).collect();
    Ok(reading.convert(&range))
}

/// The widest grid the sheets of an .xlsb span, cell by cell and formula by formula, before
/// calamine holds one as a grid: its column numbers are u32, so one cell in column 4 billion
/// makes it ask for more memory than exists. A sheet calamine cannot read is left for it to
/// refuse with its own message.
fn xlsb_extent(book: &mut Xlsb<ZeroTail<'_>>) -> Extent {
    let mut widest = Extent::default();
    for name in book.sheet_names() {
        let mut extent = Extent::default();
        if let Ok(mut cells) = book.worksheet_cells_reader(&name) {
            while let Ok(Some(cell)) = cells.next_cell() {
                if !matches!(cell.get_value(), calamine::DataRef::Empty) {
                    let (row, column) = cell.get_position();
                    extent.reach(row.into(), column.into(), 1);
                }
            }
        }
        // A formula's cell is held in a grid of its own; its cell was counted above.
        if let Ok(mut cells) = book.worksheet_cells_reader(&name) {
            while let Ok(Some(cell)) = cells.next_formula() {
                if !cell.get_value().is_empty() {
                    let (row, column) = cell.get_position();
                    extent.reach(row.into(), column.into(), 0);
                }
            }
        }
        if extent.grid() > widest.grid() {
            widest = extent;
        }
    }
    widest
}

/// The `workbook-unreadable` finding of a workbook whose widest sheet spans `extent`.
fn sparse(extent: &Extent) -> Unread {
    let span = format!(
        "{} rows by {} columns and hold {} cells",
        crate::messages::thousands(extent.rows),
        crate::messages::thousands(extent.columns),
        crate::messages::thousands(extent.cells)
    );
    unreadable(WorkbookProblem::Sparse, Some(&span))
}

/// Opens the workbook by what its bytes are: an OLE file is an .xls (or an encrypted .xlsx),
/// a zip an .xlsx, .xlsb or .ods.
fn open(bytes: &[u8]) -> Result<Book<'_>, Unread> {
    let cursor = || ZeroTail::new(bytes);
    let contains = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    let mut damaged = None;
    let mut encrypted = false;
    let mut note = |error: &dyn std::fmt::Display, password: bool| {
        encrypted |= password;
        damaged.get_or_insert_with(|| error.to_string());
    };
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        match sound_compound_file(bytes)? {
            Some(workbook) => match Xls::new(ZeroTail::owned(workbook)) {
                Ok(book) => return Ok(Sheets::Xls(book)),
                Err(e) => note(&e, matches!(e, calamine::XlsError::Password)),
            },
            None => note(&"it has no Workbook stream", false),
        }
        if let Err(e) = Xlsx::new(ZeroTail::new(bytes)) {
            note(&e, matches!(e, calamine::XlsxError::Password));
        }
    } else {
        sound_zip(bytes)?;
        let ods = contains(b"opendocument.spreadsheet");
        let xlsb = contains(b"workbook.bin");
        if ods {
            match Ods::new(cursor()) {
                Ok(book) => return Ok(Sheets::Ods(book)),
                Err(e) => note(&e, matches!(e, calamine::OdsError::Password)),
            }
        }
        if xlsb {
            match Xlsb::new(cursor()) {
                Ok(book) => return Ok(Sheets::Xlsb(book)),
                Err(e) => note(&e, matches!(e, calamine::XlsbError::Password)),
            }
        }
        match Xlsx::new(cursor()) {
            Ok(book) => return Ok(Sheets::Xlsx(book)),
            Err(e) => note(&e, matches!(e, calamine::XlsxError::Password)),
        }
    }
    let problem = match encrypted {
        true => WorkbookProblem::Encrypted,
        false => WorkbookProblem::Damaged,
    };
    Err(unreadable(problem, damaged.as_deref()))
}

/// Checks an OLE compound file (.xls, encrypted .xlsx) with `cfb` before calamine reads it:
/// every stream opens and reads to its end, and none is longer than the file. calamine follows
/// a sector chain that loops until memory runs out (found by the cut-short test: an .xls cut
/// at 4,624 bytes made it ask for 24 GB); `cfb` refuses such chains. The workbook stream is
/// scanned for the grid its sheets ask for and for records calamine would misread ([`biff`]).
///
/// Gives the workbook stream calamine is to read — the first `Workbook`, else the first
/// `Book` — alone in a compound file of its own, so that calamine reads exactly the bytes that
/// were scanned. Its own directory reader does not see the file as `cfb` does: it reads a name
/// up to its first NUL and looks through every directory entry, reachable or not (found by
/// fuzzing: a stream named `Workbook\0\0` went unscanned, and its formulas asked calamine for a
/// 68 GB grid). `None`: there is no workbook stream (an encrypted .xlsx).
fn sound_compound_file(bytes: &[u8]) -> Result<Option<Vec<u8>>, Unread> {
    let damaged = |error: &dyn std::fmt::Display| {
        unreadable(WorkbookProblem::Damaged, Some(&error.to_string()))
    };
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let streams: Vec<(std::path::PathBuf, u64)> = (file.walk())
        .filter(|entry| entry.is_stream())
        .map(|entry| (entry.path().to_owned(), entry.len()))
        .collect();
    let mut workbook: Option<(bool, Vec<u8>)> = None;
    for (path, len) in streams {
        if len > bytes.len() as u64 {
            return Err(damaged(&format!(
                "{} is longer than the file",
                path.display()
            )));
        }
        let mut stream = file.open_stream(&path).map_err(|e| damaged(&e))?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let name = name.split('\0').next().unwrap_or("");
        let is_workbook = name.eq_ignore_ascii_case("Workbook");
        if !is_workbook && !name.eq_ignore_ascii_case("Book") {
            std::io::copy(&mut stream, &mut std::io::sink()).map_err(|e| damaged(&e))?;
            continue;
        }
        let mut records = Vec::new();
        std::io::Read::read_to_end(&mut stream, &mut records).map_err(|e| damaged(&e))?;
        // The first `Workbook` wins, else the first `Book`.
        if workbook
            .as_ref()
            .is_none_or(|(found, _)| is_workbook && !found)
        {
            workbook = Some((is_workbook, records));
        }
    }
    let Some((_, records)) = workbook else {
        return Ok(None);
    };
    // Only the stream calamine is given is scanned: another one cannot make it fail.
    match biff::widest(&records) {
        Ok(_) => alone(&records).map(Some).map_err(|e| damaged(&e)),
        Err(biff::Refused::Damaged(why)) => Err(damaged(&why)),
        Err(biff::Refused::Grid(extent)) => Err(sparse(&extent)),
    }
}

/// A compound file holding `workbook` alone, as its `Workbook` stream.
fn alone(workbook: &[u8]) -> std::io::Result<Vec<u8>> {
    // Version 3 (512-byte sectors), as Excel writes: calamine refuses a version 4 file whose
    // root holds no small streams.
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))?;
    let mut stream = file.create_stream("/Workbook")?;
    std::io::Write::write_all(&mut stream, workbook)?;
    drop(stream);
    file.flush()?;
    Ok(file.into_inner().into_inner())
}

/// Checks a zipped workbook's directory before calamine unzips it (it sets no limit): the
/// sizes the directory gives bound what is read (the `zip` crate reads no more of a part than
/// its size), so a zip bomb is refused before one byte is inflated.
fn sound_zip(bytes: &[u8]) -> Result<(), Unread> {
    let damaged = |error: &dyn std::fmt::Display| {
        unreadable(WorkbookProblem::Damaged, Some(&error.to_string()))
    };
    let mut zip = zip9::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    if zip.len() > MAX_PARTS {
        return Err(damaged(&format!("{} parts", zip.len())));
    }
    let mut total: u64 = 0;
    for index in 0..zip.len() {
        let part = zip.by_index_raw(index).map_err(|e| damaged(&e))?;
        let size = part.size();
        total = total.saturating_add(size);
        if size > 1 << 20 && size / part.compressed_size().max(1) > super::MAX_RATIO {
            let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
            return Err(unreadable(WorkbookProblem::Bomb, Some(&name)));
        }
    }
    if total > super::MAX_UNZIPPED {
        return Err(unreadable(WorkbookProblem::TooLarge, None));
    }
    Ok(())
}

/// The workbook's bytes, read as a file whose end is followed by a few zero bytes: calamine's
/// OLE reader (.xls) slices past the data it has when a file is cut short inside its last
/// sector, and panics (found by the cut-short test: `cfb.rs`, `&data[start..len]` with
/// `len < start`). The length it is told stays the file's, so nothing else changes; a sector
/// read past the end finds zeros and the file is refused as damaged.
#[derive(Debug, Clone)]
pub(super) struct ZeroTail<'a> {
    bytes: Cow<'a, [u8]>,
    at: u64,
}

/// More than the largest OLE sector (4,096 bytes) and the header (512) before the sectors.
const TAIL: u64 = 8192;

impl<'a> ZeroTail<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        ZeroTail {
            bytes: Cow::Borrowed(bytes),
            at: 0,
        }
    }

    fn owned(bytes: Vec<u8>) -> Self {
        ZeroTail {
            bytes: Cow::Owned(bytes),
            at: 0,
        }
    }
}

impl std::io::Read for ZeroTail<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let len = self.bytes.len() as u64;
        let read = if self.at < len {
            let mut rest = &self.bytes[self.at as usize..];
            std::io::Read::read(&mut rest, buffer)?
        } else {
            let zeros = (len + TAIL)
                .saturating_sub(self.at)
                .min(buffer.len() as u64) as usize;
            buffer[..zeros].fill(0);
            zeros
        };
        self.at += read as u64;
        Ok(read)
    }
}

impl std::io::Seek for ZeroTail<'_> {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let len = self.bytes.len() as i128;
        let at = match to {
            std::io::SeekFrom::Start(at) => i128::from(at),
            std::io::SeekFrom::End(by) => len + i128::from(by),
            std::io::SeekFrom::Current(by) => i128::from(self.at) + i128::from(by),
        };
        self.at = u64::try_from(at).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before the start")
        })?;
        Ok(self.at)
    }
}

fn sheet_range(book: &mut Book<'_>, name: &str) -> Result<Range<Data>, Unread> {
    book.worksheet_range(name).map_err(|error| {
        let password = error.to_string().contains("password");
        let problem = match password {
            true => WorkbookProblem::Encrypted,
            false => WorkbookProblem::Damaged,
        };
        unreadable(problem, Some(&format!("{name}: {error}")))
    })
}

/// How much a header says the sheet is the file wanted: demographics, then users, then any
/// other OneRoster file.
fn rank(kind: FileKind) -> u8 {
    match kind {
        FileKind::Demographics => 3,
        FileKind::Users => 2,
        FileKind::Roles | FileKind::Manifest | FileKind::OtherOneRoster => 1,
        _ => 0,
    }
}

/// The row (0-based, of the sheet) of the first OneRoster-looking header in the first
/// [`HEADER_ROWS`] rows, with its rank.
fn find_header(range: &Range<Data>) -> Option<(u8, u32)> {
    let start = range.start()?.0;
    let mut best: Option<(u8, u32)> = None;
    for (i, row) in range.rows().take(HEADER_ROWS).enumerate() {
        let names: Vec<String> = row
            .iter()
            .map(|c| plain_text(c).trim().to_owned())
            .collect();
        if names.iter().all(String::is_empty) {
            continue;
        }
        let mut line = Vec::new();
        crate::writer::push_record(&mut line, names.iter().map(String::as_str));
        line.push(b'\n');
        let rank = rank(recognise("", &line));
        if rank > 0 && best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, start + i as u32));
        }
    }
    best
}

/// The sheet's first row with a value.
fn first_row(range: &Range<Data>) -> Option<u32> {
    let start = range.start()?.0;
    let offset =
        (range.rows()).position(|row| row.iter().any(|c| !plain_text(c).trim().is_empty()))?;
    Some(start + offset as u32)
}

/// The sheet chosen: its name, its cells, its header row, and how it was chosen.
type Chosen = (String, Range<Data>, Option<u32>, Option<SheetChoice>);

/// The sheet that looks most like the file; the person's choice when several do.
fn choose(book: &mut Book<'_>, worksheets: &[&String]) -> Result<Chosen, Unread> {
    let mut best: Vec<(String, Range<Data>, u32)> = Vec::new();
    let mut best_rank = 0;
    // Its name only: read again in the rare case it is wanted (a copy of every first sheet
    // doubled the memory of reading 100,000 rows).
    let mut first_filled: Option<&String> = None;
    for name in worksheets {
        let range = sheet_range(book, name)?;
        if first_filled.is_none() && first_row(&range).is_some() {
            first_filled = Some(name);
        }
        let Some((rank, row)) = find_header(&range) else {
            continue;
        };
        if rank > best_rank {
            best.clear();
            best_rank = rank;
        }
        if rank == best_rank {
            best.push((name.to_string(), range, row));
        }
    }
    match best.len() {
        1 => {
            let (name, range, row) = best.remove(0);
            Ok((
                name,
                range,
                Some(row),
                Some(SheetChoice::Chosen(worksheets.len())),
            ))
        }
        0 => match first_filled {
            // No header looks like OneRoster: the first sheet with data is checked, so the
            // person learns what it lacks.
            Some(name) => {
                let range = sheet_range(book, name)?;
                let row = first_row(&range);
                let how = Some(SheetChoice::First(worksheets.len()));
                Ok((name.to_string(), range, row, how))
            }
            None => Err(unreadable(WorkbookProblem::Empty, None)),
        },
        _ => {
            let choices: Vec<String> = best.into_iter().map(|(n, _, _)| n).collect();
            Err(Unread {
                finding: Box::new(sheet_finding(SheetChoice::Several, &choices.join(", "))),
                choices,
            })
        }
    }
}

/// A cell's text before any column is known (for headers).
fn plain_text(cell: &Data) -> Cow<'_, str> {
    match cell {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cow::Borrowed(s),
        Data::Empty | Data::Error(_) => Cow::Borrowed(""),
        Data::Float(f) => Cow::Owned(number(*f)),
        Data::Int(i) => Cow::Owned(i.to_string()),
        Data::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        Data::DateTime(d) => Cow::Owned(d.as_f64().to_string()),
    }
}

/// A number as its shortest exact text: whole numbers without `.0` or an exponent.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < EXACT {
        (value as i64).to_string()
    } else {
        value.to_string()
    }
}

/// The columns whose values are `Yes`/`No` (a boolean cell is written so there).
fn is_yes_no(column: Column) -> bool {
    matches!(
        column,
        Column::OtherRaceIndicator
            | Column::EnglishLearnerStatus
            | Column::IdeaIndicator
            | Column::DisabilityStatus
            | Column::Section504Status
            | Column::EconomicDisadvantageStatus
            | Column::MigrantStatus
            | Column::TitleI
            | Column::IepStatus
    )
}

/// A formula as a person writes it: `=VLOOKUP(…)` (calamine gives it without `=`; an .ods
/// one with the `of:` namespace).
fn formula_text(formula: &str) -> String {
    let formula = formula.strip_prefix("of:").unwrap_or(formula);
    match formula.starts_with('=') {
        true => formula.to_owned(),
        false => format!("={formula}"),
    }
}

/// The width a number format of zeros alone (`0000000`) pads a whole number to.
fn zero_padding(format: &str) -> Option<usize> {
    let format = format.split(';').next()?.trim_matches('"');
    (!format.is_empty() && format.bytes().all(|b| b == b'0')).then_some(format.len())
}

/// What an .xlsx has that costs calamine a pass over a whole sheet to read: formulas, merged
/// cells, number formats of zeros. Each such pass took as long as reading the values
/// (100,000 rows: values 0.82 s, formulas 0.58 s, styles 0.57 s, merged cells 0.47 s;
/// measured with calamine alone), so the parts are scanned once for their marks first and a
/// pass is made only when its mark is there. Any other file: every pass is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marks {
    formulas: bool,
    merges: bool,
    zero_formats: bool,
}

impl Marks {
    const ALL: Marks = Marks {
        formulas: true,
        merges: true,
        zero_formats: true,
    };

    /// The marks of the .xlsx `bytes`: its parts scanned for a formula element (`<f>`,
    /// `<f ...>`, with or without a namespace prefix) and `mergeCell`, and for the grid their
    /// cell references span; its styles for a number format of zeros alone. Every part but the
    /// styles is scanned, not only `xl/worksheets/`: a workbook may put its sheet anywhere (the
    /// fuzzer found one whose sheet the scan missed, and calamine asked for 550 GB). A part that
    /// cannot be read makes the workbook damaged: what is not scanned is not read.
    fn of_xlsx(bytes: &[u8]) -> Result<(Marks, Extent), String> {
        let mut zip = zip9::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let mut marks = Marks {
            formulas: false,
            merges: false,
            zero_formats: false,
        };
        let mut widest = Extent::default();
        for index in 0..zip.len() {
            let part = zip.by_index(index).map_err(|e| e.to_string())?;
            let name = part.name().map_err(|e| e.to_string())?.into_owned();
            let unreadable = || format!("{name} cannot be unzipped");
            if name == "xl/styles.xml" {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut std::io::Read::take(part, 1 << 24), &mut text)
                    .map_err(|_| unreadable())?;
                marks.zero_formats = (text.split("formatCode=\"").skip(1))
                    .filter_map(|rest| rest.split('"').next())
                    .any(|format| zero_padding(format).is_some_and(|width| width > 1));
            } else {
                let (part_marks, extent) = scan_sheet(part).ok_or_else(unreadable)?;
                marks.formulas |= part_marks.formulas;
                marks.merges |= part_marks.merges;
                if extent.grid() > widest.grid() {
                    widest = extent;
                }
            }
        }
        Ok((marks, widest))
    }
}

/// The rows and columns a sheet's cells span, and how many cells it holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Extent {
    pub(super) rows: u64,
    pub(super) columns: u64,
    pub(super) cells: u64,
}

/// calamine holds a sheet as a grid of 32-byte cells from its first to its last: at most this
/// many (1 GB), which a sheet of 1,000,000 students and 28 columns fits.
pub(super) const MAX_GRID: u64 = 32_000_000;

impl Extent {
    /// Takes in `cells` cells reaching (0-based) `row` and `column`.
    pub(super) fn reach(&mut self, row: u64, column: u64, cells: u64) {
        self.rows = self.rows.max(row + 1);
        self.columns = self.columns.max(column + 1);
        self.cells += cells;
    }

    pub(super) fn grid(&self) -> u64 {
        self.rows.saturating_mul(self.columns)
    }

    /// Too large to read as a grid: beyond [`MAX_GRID`], or a grid of millions of cells that
    /// holds a sixteenth of them or fewer (a stray value in a far corner).
    pub(super) fn too_sparse(&self) -> bool {
        let grid = self.grid();
        grid > MAX_GRID || (grid > 4_000_000 && grid / 16 > self.cells)
    }
}

/// Scans one worksheet's XML, 64 KB at a time: its marks, and the rows and columns its cell
/// references (`r="XFD1048576"`, a row's `r="1048576"`) reach.
fn scan_sheet(mut part: impl std::io::Read) -> Option<(Marks, Extent)> {
    // Longer than any needle and any reference (` r="XFD1048576"`).
    const TAIL: usize = 24;
    let mut marks = Marks {
        formulas: false,
        merges: false,
        zero_formats: false,
    };
    let mut extent = Extent::default();
    let references = memchr::memmem::Finder::new(b" r=\"");
    let mut buffer = vec![0; 1 << 16];
    let mut kept = 0;
    loop {
        let read = part.read(&mut buffer[kept..]).ok()?;
        let filled = kept + read;
        let text = &buffer[..filled];
        for needle in [&b"<f>"[..], b"<f ", b":f>", b":f "] {
            marks.formulas |= memchr::memmem::find(text, needle).is_some();
        }
        marks.merges |= memchr::memmem::find(text, b"mergeCell").is_some();
        // References starting in the last TAIL bytes are read with the next piece.
        let end = if read == 0 {
            filled
        } else {
            filled.saturating_sub(TAIL)
        };
        for at in references.find_iter(&text[..end]) {
            let reference = &text[at + 4..(at + TAIL).min(filled)];
            let letters = reference
                .iter()
                .take_while(|b| b.is_ascii_uppercase())
                .count();
            let digits = (reference[letters..].iter())
                .take_while(|b| b.is_ascii_digit())
                .count();
            let row: u64 = std::str::from_utf8(&reference[letters..letters + digits])
                .ok()
                .and_then(|d| d.parse().ok())
                .unwrap_or(0);
            extent.rows = extent.rows.max(row);
            if letters > 0 {
                let column = (reference[..letters].iter())
                    .fold(0u64, |n, b| n * 26 + u64::from(b - b'A') + 1);
                extent.columns = extent.columns.max(column);
                extent.cells += 1;
            }
        }
        if read == 0 {
            return Some((marks, extent));
        }
        kept = filled - end;
        buffer.copy_within(end..filled, 0);
    }
}

/// Reading one sheet into CSV.
struct Reading<'b, 'a> {
    book: &'b mut Book<'a>,
    sheet: Sheet,
    formulas: Option<Range<String>>,
    styles: Option<calamine::StyleRange>,
    /// The workbook may have merged cells.
    merges: bool,
}

impl<'b, 'a> Reading<'b, 'a> {
    fn new(
        book: &'b mut Book<'a>,
        name: &str,
        range: &Range<Data>,
        header_row: u32,
        workbook: &str,
        marks: Marks,
    ) -> Self {
        let formulas = match marks.formulas {
            true => book.worksheet_formula(name).ok().filter(|f| !f.is_empty()),
            false => None,
        };
        let styles = match (&mut *book, marks.zero_formats) {
            (Sheets::Xlsx(xlsx), true) => xlsx.worksheet_style(name).ok(),
            _ => None,
        };
        let first_column = range.start().map_or(0, |(_, c)| c);
        Reading {
            book,
            sheet: Sheet {
                workbook: workbook.to_owned(),
                name: name.to_owned(),
                header_row,
                first_column,
                ..Sheet::default()
            },
            formulas,
            styles,
            merges: marks.merges,
        }
    }

    fn merged(&mut self) -> Vec<Dimensions> {
        if !self.merges {
            return Vec::new();
        }
        let name = self.sheet.name.clone();
        match &mut *self.book {
            Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            #[allow(deprecated)]
            Sheets::Xls(xls) => xls.worksheet_merge_cells(&name).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    fn convert(mut self, range: &Range<Data>) -> Converted {
        let (start_row, start_column) = range.start().unwrap_or((0, 0));
        let width = range.width();
        let header_row = self.sheet.header_row;
        let header_at = (header_row - start_row) as usize;
        let mut rows = range.rows().skip(header_at);
        let mut own = Vec::new();
        let header: Vec<String> = rows
            .next()
            .map(|row| {
                (row.iter().enumerate())
                    .map(|(at, c)| {
                        let name = plain_text(c);
                        let cell = || self.sheet.cell(header_row, Some(at));
                        let name = without_controls(name, 1, None, None, cell, &mut own);
                        name.trim().to_owned()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let kinds: Vec<Option<Column>> = (header.iter())
            .map(|name| match resolve(name) {
                Resolution::Exact(c) | Resolution::Case(c) | Resolution::Alias(c) => Some(c),
                _ => None,
            })
            .collect();
        self.sheet.columns = header.iter().map(|n| finding_column(n)).collect();
        if header_row > start_row {
            // The title: the first text above the header.
            let title = (range.rows().take(header_at))
                .flat_map(|row| row.iter())
                .map(|c| plain_text(c).trim().to_owned())
                .find(|t| !t.is_empty());
            let skipped = u64::from(header_row);
            own.push(in_cell(
                Draft::new(Code::HeaderNotFirstRow, Severity::Warning, 1)
                    .value(title.as_deref())
                    .fix(Some(Fix::RemoveRow))
                    .detail(Detail::Count(skipped)),
                Some(self.sheet.cell(header_row, None)),
            ));
        }
        for merged in self.merged() {
            let (top, left) = merged.start;
            let (bottom, right) = merged.end;
            if top > header_row || bottom < header_row || right <= left {
                continue;
            }
            let at = left.saturating_sub(start_column) as usize;
            let value = header.get(at).map(String::as_str);
            let sheet = &self.sheet;
            let first = sheet.cell(header_row, Some(at));
            let last = super::column_letters(right);
            own.push(in_cell(
                Draft::new(Code::MergedHeader, Severity::Warning, 1)
                    .column(value.map(|v| v.trim()).filter(|v| !v.is_empty()))
                    .value(value)
                    .detail(Detail::Count(u64::from(right.abs_diff(left)) + 1)),
                Some(format!("{first}:{last}{}", header_row + 1)),
            ));
        }

        let mut writer = Writer::new(true);
        writer.header(header.iter().map(String::as_str), LineEnding::Lf);
        let mut csv = writer.take();
        // A header cell with a line break makes the header more than one line: the rows after
        // it are that many lines further down (found by fuzzing: the findings of a sheet whose
        // header held one named the cells one row below theirs).
        let header_breaks = memchr::memchr_iter(b'\n', &csv).count() as u64;
        if header_breaks > 0 {
            self.sheet
                .tall_rows
                .push((1 + header_breaks, header_breaks));
        }
        csv.push(b'\n');
        let mut line: u64 = 2 + header_breaks;
        let mut extra: u64 = header_breaks;
        let mut texts: Vec<Cow<'_, str>> = Vec::with_capacity(width);
        // Per column: how many values came from formulas, and the finding of the first.
        let mut formulas: Vec<(u64, Option<Finding>)> = vec![(0, None); width];
        for (offset, row) in rows.enumerate() {
            let sheet_row = header_row + 1 + offset as u32;
            let record = offset as u64;
            let row_number = line - extra;
            texts.clear();
            for (at, cell) in row.iter().enumerate() {
                let position = (sheet_row, start_column + at as u32);
                let column = kinds.get(at).copied().flatten();
                let name = self.sheet.columns.get(at).map(String::as_str);
                let (text, finding) = self.text(cell, position, column);
                let at_cell = || self.sheet.cell(sheet_row, Some(at));
                let text =
                    without_controls(text, row_number, Some(record), name, at_cell, &mut own);
                let formula = (self.formulas.as_ref())
                    .and_then(|f| f.get_value(position))
                    .filter(|f| !f.is_empty());
                let at_cell = || Some(self.sheet.cell(sheet_row, Some(at)));
                let found = |code, severity, value: Option<&str>, fix| {
                    let draft = Draft::new(code, severity, row_number)
                        .record(Some(record))
                        .column(name)
                        .value(value)
                        .fix(fix);
                    in_cell(draft, at_cell())
                };
                match finding {
                    Some(Issue::Error(error)) => {
                        own.push(found(Code::CellError, Severity::Error, Some(&error), None))
                    }
                    Some(Issue::TooLong) => own.push(found(
                        Code::NumberTooLong,
                        Severity::Error,
                        Some(&text),
                        None,
                    )),
                    Some(Issue::Sixteen) => {
                        let draft = Draft::new(Code::NumberTooLong, Severity::Warning, row_number)
                            .record(Some(record))
                            .column(name)
                            .value(Some(&text))
                            .detail(Detail::Count(16));
                        own.push(in_cell(draft, at_cell()))
                    }
                    Some(Issue::Zeros(raw)) => own.push(found(
                        Code::ZerosFromFormat,
                        Severity::Warning,
                        Some(&raw),
                        Some(Fix::Value(Cow::Owned(text.to_string()))),
                    )),
                    None => {}
                }
                if let (Some(formula), false) = (formula, matches!(cell, Data::Error(_))) {
                    let formula = formula_text(formula);
                    if matches!(cell, Data::Empty) {
                        // A formula never calculated (written by a program, not by Excel):
                        // there is no value to write.
                        let draft = Draft::new(Code::CellError, Severity::Error, row_number)
                            .record(Some(record))
                            .column(name)
                            .value(Some(&formula))
                            .detail(Detail::Uncalculated);
                        own.push(in_cell(draft, at_cell()));
                    } else if let Some(column) = formulas.get_mut(at) {
                        // One finding a column, at its first formula (a column of VLOOKUPs
                        // would otherwise give a finding a row).
                        column.0 += 1;
                        if column.1.is_none() {
                            column.1 = Some(found(
                                Code::FormulaValue,
                                Severity::Warning,
                                Some(&formula),
                                None,
                            ));
                        }
                    }
                }
                texts.push(text);
            }
            let before = csv.len();
            crate::writer::push_record(&mut csv, texts.iter().map(|t| t.as_ref()));
            let breaks = memchr::memchr_iter(b'\n', &csv[before..]).count() as u64;
            csv.push(b'\n');
            line += 1 + breaks;
            if breaks > 0 {
                extra += breaks;
                self.sheet.tall_rows.push((line - 1, extra));
            }
        }
        for (count, first) in formulas {
            if let Some(mut finding) = first {
                finding.message = crate::messages::formula_message(count, finding.value.as_deref());
                own.push(finding);
            }
        }
        // In row order, the header's first (a column's formulas at their first row).
        own.sort_by_key(|finding| finding.line);
        self.sheet.findings.append(&mut own);
        let head = &csv[..csv.len().min(crate::bundle::HEAD_BYTES)];
        self.sheet.kind = Some(recognise(&self.sheet.workbook, head));
        Converted {
            csv,
            sheet: self.sheet,
        }
    }

    /// A cell's text in `column`, and what is worth a finding about it.
    fn text<'c>(
        &self,
        cell: &'c Data,
        position: (u32, u32),
        column: Option<Column>,
    ) -> (Cow<'c, str>, Option<Issue>) {
        let whole = |value: f64| value.fract() == 0.0 && value.is_finite();
        match cell {
            Data::Float(value) if whole(*value) && value.abs() > EXACT => {
                (Cow::Owned(value.to_string()), Some(Issue::TooLong))
            }
            // Excel keeps 15 significant digits of a number it is given: a 16-digit one may
            // have lost its last digit before it was saved (undetectable in the file).
            Data::Float(value) if whole(*value) && value.abs() >= SIXTEEN_DIGITS => {
                (Cow::Owned(number(*value)), Some(Issue::Sixteen))
            }
            Data::Float(value) if whole(*value) => self.padded(*value as i64, position),
            Data::Int(value) if value.unsigned_abs() > EXACT as u64 => {
                (Cow::Owned(value.to_string()), Some(Issue::TooLong))
            }
            Data::Int(value) if value.unsigned_abs() >= SIXTEEN_DIGITS as u64 => {
                (Cow::Owned(value.to_string()), Some(Issue::Sixteen))
            }
            Data::Int(value) => self.padded(*value, position),
            Data::Float(value) => (Cow::Owned(number(*value)), None),
            Data::Bool(value) => {
                let text = match (column.is_some_and(is_yes_no), value) {
                    (true, true) => "Yes",
                    (true, false) => "No",
                    (false, true) => "true",
                    (false, false) => "false",
                };
                (Cow::Borrowed(text), None)
            }
            Data::DateTime(date) if date.is_duration() => (Cow::Owned(number(date.as_f64())), None),
            Data::DateTime(date) => {
                let (y, m, d, hour, minute, second, milli) = date.to_ymd_hms_milli();
                let day = format!("{y:04}-{m:02}-{d:02}");
                let timed = hour != 0 || minute != 0 || second != 0 || milli != 0;
                match (column == Some(Column::DateLastModified), timed) {
                    (true, true) => (
                        Cow::Owned(format!(
                            "{day}T{hour:02}:{minute:02}:{second:02}.{milli:03}"
                        )),
                        None,
                    ),
                    _ => (Cow::Owned(day), None),
                }
            }
            Data::DateTimeIso(text) => {
                let date = text.get(..10).filter(|d| {
                    let b = d.as_bytes();
                    b[4] == b'-' && b[7] == b'-' && text.len() > 10
                });
                match (column == Some(Column::DateLastModified), date) {
                    (false, Some(date)) => (Cow::Borrowed(date), None),
                    _ => (Cow::Borrowed(text.as_str()), None),
                }
            }
            Data::DurationIso(text) | Data::String(text) => (Cow::Borrowed(text.as_str()), None),
            Data::Error(error) => (Cow::Borrowed(""), Some(Issue::Error(error.to_string()))),
            Data::Empty => (Cow::Borrowed(""), None),
        }
    }

    /// A whole number, with the leading zeros its number format shows.
    fn padded<'c>(&self, value: i64, position: (u32, u32)) -> (Cow<'c, str>, Option<Issue>) {
        let digits = value.to_string();
        let width = (self.styles.as_ref())
            .and_then(|styles| styles.get(position))
            .and_then(|style| style.number_format.as_ref())
            .and_then(|format| zero_padding(&format.format_code));
        match width {
            Some(width) if value >= 0 && width > digits.len() => {
                let padded = format!("{value:0width$}");
                (Cow::Owned(padded), Some(Issue::Zeros(digits)))
            }
            _ => (Cow::Owned(digits), None),
        }
    }
}

/// What a cell's text is worth a finding for.
enum Issue {
    /// An error cell (`#N/A`): written blank.
    Error(String),
    /// A whole number past 2^53.
    TooLong,
    /// A whole number of 16 digits (up to 2^53): Excel may have dropped its last digit.
    Sixteen,
    /// Leading zeros from the number format (the digits without them).
    Zeros(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/../../fixtures/workbooks/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn the_passes_a_workbook_needs_are_found_from_its_parts() {
        let marks = |name: &str| Marks::of_xlsx(&fixture(name)).unwrap().0;
        let none = Marks {
            formulas: false,
            merges: false,
            zero_formats: false,
        };
        assert_eq!(marks("table.xlsx"), none);
        assert_eq!(
            marks("formulas.xlsx"),
            Marks {
                formulas: true,
                ..none
            }
        );
        assert_eq!(
            marks("title.xlsx"),
            Marks {
                merges: true,
                ..none
            }
        );
        assert_eq!(
            marks("cells.xlsx"),
            Marks {
                zero_formats: true,
                ..none
            }
        );
        // Not a zip: not scanned, so not read.
        assert!(Marks::of_xlsx(b"not a zip").is_err());
        let extent = Marks::of_xlsx(&fixture("table.xlsx")).unwrap().1;
        assert_eq!((extent.rows, extent.columns, extent.cells), (4, 20, 80));
    }

    #[test]
    fn marks_and_references_across_the_pieces_are_found() {
        // A formula and a far reference that straddle the 64 KB pieces.
        let mut xml = vec![b'x'; (1 << 16) - 2];
        xml.extend_from_slice(b"<f>1</f>");
        xml.extend_from_slice(&vec![b'y'; (1 << 16) - 30]);
        xml.extend_from_slice(b"<c r=\"XFD1048576\"><v>1</v></c><row r=\"7\">");
        let (marks, extent) = scan_sheet(&xml[..]).unwrap();
        assert!(marks.formulas && !marks.merges);
        assert_eq!(
            (extent.rows, extent.columns, extent.cells),
            (1_048_576, 16_384, 1)
        );
        assert!(extent.too_sparse());
        let dense = Extent {
            rows: 1_000_001,
            columns: 28,
            cells: 28_000_028,
        };
        assert!(!dense.too_sparse());
        assert_eq!(zero_padding("0000000"), Some(7));
        assert_eq!(zero_padding("\"000\";@"), Some(3));
        assert_eq!(zero_padding("0.00"), None);
    }
}
