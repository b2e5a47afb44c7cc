//! The checker: the short glue that passes each record through the stages — input, records,
//! table, cells, rows, file rules, writer — with one finding sink.

use crate::cells::Cells;
use crate::date::Date;
use crate::edits::Edits;
use crate::file_rules::FileRules;
use crate::finding::{Code, Detail, Finding, Severity};
use crate::input::{FieldDecoding, Input, RecordText};
use crate::parse::{Parser, Record, Terminator};
use crate::records::{self, Records};
use crate::report::Report;
use crate::rules::{duplicates, About, RowOutcome, RuleContext, SeenRow, Stage};
use crate::sink::{Draft, Sink};
use crate::table::{read_header, Table};
use crate::writer::{LineEnding, Writer};
use crate::{rows, Column};

/// The registry entry of the checker's own finding.
pub(crate) const STAGE: Stage = Stage {
    name: "check",
    about: About::File,
    codes: &[Code::NoDataRows],
};

/// How to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// The day of the check (birth dates in the future are implausible).
    pub today: Date,
    /// A person's edits, applied before the rules.
    pub edits: Edits,
    /// Keep at most this many findings, those on the lowest lines (counts stay exact).
    pub max_findings: Option<usize>,
    /// Write the corrected file (otherwise only the report is built).
    pub write_output: bool,
}

impl Options {
    /// Check and write, keeping every finding.
    pub fn new(today: Date) -> Options {
        Options {
            today,
            edits: Edits::default(),
            max_findings: None,
            write_output: true,
        }
    }
}

/// What only the end of the file can tell about the corrected file, fixed for a second pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Layout {
    line_ending: Option<LineEnding>,
    keep_blank: Vec<usize>,
}

/// Streams a file through the stages.
///
/// Feed bytes with [`Checker::feed`], drain the corrected bytes and the findings made so far
/// with [`Checker::take_output`] and [`Checker::take_findings`], and call [`Checker::finish`]
/// at the end. Memory stays proportional to the longest record plus the small cross-row state
/// (see the crate docs), not to the file.
#[derive(Debug)]
pub struct Checker {
    options: Options,
    layout: Layout,
    input: Input,
    fields: FieldDecoding,
    sink: Sink,
    rows: Rows,
}

/// Everything after decoding, one row at a time.
#[derive(Debug)]
struct Rows {
    context: RuleContext,
    records: Records,
    table: Option<Table>,
    cells: Cells,
    outcomes: Vec<RowOutcome>,
    file_rules: FileRules,
    writer: Writer,
    report: Report,
    line_ends: [u64; 2],
    last_terminator: Option<Terminator>,
    /// Nameless input columns found holding data.
    blank_with_data: Vec<usize>,
}

/// How a check ended.
#[derive(Debug)]
pub enum Finished {
    /// The report, and the corrected bytes written since the last [`Checker::take_output`].
    Done(Report, Vec<u8>),
    /// The end of the file changed the corrected file's layout (its dominant line ending, or a
    /// nameless column that holds data): the findings are final, but the corrected file must
    /// be written again by [`SecondPass::checker`], fed the same bytes from the start.
    WriteAgain(SecondPass),
}

/// The second pass over a file whose end changed the corrected file's layout.
#[derive(Debug)]
pub struct SecondPass {
    report: Report,
    options: Options,
    layout: Layout,
}

impl SecondPass {
    /// The first pass's report: its findings (those not taken yet) and counts are final.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// A checker that writes the corrected file right; it keeps no findings.
    pub fn checker(&self) -> Checker {
        let options = Options {
            max_findings: Some(0),
            ..self.options.clone()
        };
        Checker::with_layout(options, self.layout.clone())
    }

    /// Ends the second pass: the report (the first pass's findings, the corrected file's
    /// columns) and the last corrected bytes.
    pub fn complete(self, second: Checker) -> (Report, Vec<u8>) {
        let (mut report, output, _) = second.finish_parts();
        report.findings = self.report.findings;
        report.truncated = self.report.truncated;
        (report, output)
    }
}

impl Checker {
    /// A checker with these options.
    pub fn new(options: Options) -> Checker {
        Checker::with_layout(options, Layout::default())
    }

    fn with_layout(options: Options, layout: Layout) -> Checker {
        let report = Report {
            delimiter: ',',
            readable: true,
            ..Report::default()
        };
        let rows = Rows {
            context: RuleContext {
                today: options.today,
            },
            records: Records::default(),
            table: None,
            cells: Cells::default(),
            outcomes: Vec::new(),
            file_rules: FileRules::default(),
            writer: Writer::new(options.write_output),
            report,
            line_ends: [0; 2],
            last_terminator: None,
            blank_with_data: Vec::new(),
        };
        Checker {
            sink: Sink::new(options.max_findings),
            options,
            layout,
            input: Input::default(),
            fields: FieldDecoding::default(),
            rows,
        }
    }

    /// Feeds the next piece of the file.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.push(chunk, false);
    }

    fn push(&mut self, chunk: &[u8], eof: bool) {
        let Checker {
            options,
            layout,
            input,
            fields,
            sink,
            rows,
        } = self;
        input.feed(chunk, eof, sink, &mut |text, eof, delimiter, sink| {
            let Rows { records, .. } = rows;
            let mut records = std::mem::take(records);
            let used = records.read(text, eof, delimiter, |record, raw, parser| {
                rows.record(record, raw, parser, (options, layout), fields, sink);
            });
            rows.records = records;
            used
        });
    }

    /// The corrected bytes written since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        self.rows.writer.take()
    }

    /// The findings made since the last call, by line. Findings known only at the end of the
    /// file come with [`Checker::finish`].
    pub fn take_findings(&mut self) -> Vec<Finding> {
        self.sink.take()
    }

    /// Ends the file.
    pub fn finish(self) -> Finished {
        let write_output = self.options.write_output;
        let options = self.options.clone();
        let (report, output, layout) = self.finish_parts();
        match layout {
            Some(layout) if write_output && report.readable => Finished::WriteAgain(SecondPass {
                report,
                options,
                layout,
            }),
            _ => Finished::Done(report, output),
        }
    }

    /// The report, the last output, and the layout a second pass needs, if the end of the file
    /// changed it.
    fn finish_parts(mut self) -> (Report, Vec<u8>, Option<Layout>) {
        self.push(&[], true);
        let mut sink = self.sink;
        self.rows
            .end(&mut self.input, &mut self.fields, &self.layout, &mut sink);
        let mut report = self.rows.report;
        report.encoding = self.input.encoding();
        report.readable = self.input.readable();
        report.delimiter = char::from(self.input.delimiter());
        report.findings = sink.take();
        report.truncated = sink.truncated;
        report.totals = sink.counts.totals;
        report.by_code = sink.counts.by_code;
        report.by_column = sink.counts.by_column;
        let mut keep_blank = self.rows.blank_with_data;
        keep_blank.extend(&self.layout.keep_blank);
        keep_blank.sort_unstable();
        keep_blank.dedup();
        let same = keep_blank == self.layout.keep_blank
            && self.rows.writer.line_ending() == report.line_ending;
        let layout = Layout {
            line_ending: Some(report.line_ending),
            keep_blank,
        };
        (report, self.rows.writer.take(), (!same).then_some(layout))
    }
}

impl Rows {
    fn record(
        &mut self,
        record: &Record,
        raw: &[u8],
        parser: &mut Parser,
        (options, layout): (&Options, &Layout),
        fields: &mut FieldDecoding,
        sink: &mut Sink,
    ) {
        if self.table.is_some() {
            return self.row(record, raw, options, fields, sink);
        }
        let (edits, keep_blank) = (&options.edits, &layout.keep_blank);
        let delimiter = parser.delimiter();
        let Some(table) = read_header(record, delimiter, edits, keep_blank, &self.context, sink)
        else {
            return;
        };
        parser.expect_fields(table.plan.input.len());
        let ending = layout.line_ending.unwrap_or(match record.terminator {
            Some(Terminator::CrLf) => LineEnding::CrLf,
            _ => LineEnding::Lf,
        });
        let names = table.plan.output.iter().map(|o| o.name.as_str());
        self.writer.header(names, ending);
        self.report.columns = table.plan.output.iter().map(|o| o.name.clone()).collect();
        self.report.filled = vec![0; table.plan.output.len()];
        self.count_terminator(record.terminator);
        self.table = Some(table);
    }

    fn count_terminator(&mut self, terminator: Option<Terminator>) {
        match terminator {
            Some(Terminator::Lf) => self.line_ends[0] += 1,
            Some(Terminator::CrLf) => self.line_ends[1] += 1,
            _ => {}
        }
        self.last_terminator = terminator;
    }

    /// One data record through the cell, row and file rules and the writer.
    fn row(
        &mut self,
        record: &Record,
        raw: &[u8],
        options: &Options,
        fields: &mut FieldDecoding,
        sink: &mut Sink,
    ) {
        let index = self.report.rows;
        self.report.rows += 1;
        self.count_terminator(record.terminator);
        if options.edits.excludes(index) {
            self.report.excluded += 1;
            return;
        }
        let text = RecordText::new(record);
        fields.note(&text);
        if text.is_blank() {
            return records::blank_row(record.line, Some(index), sink);
        }
        records::quote_findings(record, Some(index), sink);
        let Some(table) = self.table.as_ref() else {
            return;
        };
        let extra_data = records::shape_findings(&text, table.plan.input.len(), index, sink);
        note_blank_columns(table, &text, &mut self.blank_with_data);
        let context = &self.context;
        let changed = self
            .cells
            .check(table, &text, index, &options.edits, context);
        if extra_data {
            self.cells.keep_extras(table, &text, context);
        }
        let record_text = text.whole.unwrap_or("");
        let view = rows::view(table, &self.cells, record_text);
        self.outcomes.clear();
        rows::check(&view, &mut self.outcomes);
        // A row that needs no change in a file whose columns stay put is copied as read: it is
        // exactly what encoding its fields would give (no quotes, commas, UTF-8).
        let line = raw
            .strip_suffix(b"\n")
            .map_or(raw, |r| r.strip_suffix(b"\r").unwrap_or(r));
        let verbatim = table.verbatim && !changed && text.whole.is_some();
        let verbatim = verbatim && memchr::memchr(b'"', line).is_none();
        let canonical = if verbatim {
            line
        } else {
            let cells = &self.cells;
            self.writer
                .encode((0..cells.len()).map(|i| cells.value(i, record_text)))
        };
        let digest = duplicates::digest(canonical);
        let seen = SeenRow {
            view: &view,
            digest,
            line: record.line,
            record: index,
        };
        if self.file_rules.observe(&seen, &mut self.outcomes) {
            if verbatim {
                self.writer.write_line(line);
            } else {
                self.writer.write_encoded();
            }
            self.report.rows_out += 1;
            self.cells.count_filled(&mut self.report.filled);
        }
        let at = Draft::new(Code::BlankRow, Severity::Info, record.line).record(Some(index));
        emit_row(table, &self.cells.outcomes, &self.outcomes, &view, at, sink);
    }

    /// The end of the file: what only it can tell.
    fn end(
        &mut self,
        input: &mut Input,
        fields: &mut FieldDecoding,
        layout: &Layout,
        sink: &mut Sink,
    ) {
        if !input.readable() {
            return;
        }
        let Some(table) = self.table.as_ref() else {
            let draft = Draft::new(
                Code::NoDataRows,
                Severity::Error,
                u64::from(input.bytes_in() > 0),
            );
            return sink.emit(draft.detail(Detail::EmptyFile));
        };
        if self.report.rows_out == 0 {
            // Header only, or nothing but blank (or excluded) rows under it.
            sink.emit(Draft::new(Code::NoDataRows, Severity::Error, 1));
        }
        input.finish(fields, sink);
        let mut with_data = self.blank_with_data.clone();
        with_data.extend(&layout.keep_blank);
        table.blank_headers(&with_data, sink);
        for late in std::mem::take(&mut self.file_rules).finish() {
            let draft = Draft::new(late.outcome.code, late.outcome.severity, late.line)
                .record(Some(late.record))
                .column(Some(late.column.name()))
                .value(late.value.as_deref())
                .fix(late.outcome.fix)
                .detail(late.outcome.detail);
            sink.emit(draft);
        }
        if self.last_terminator.is_some_and(|t| t != Terminator::Eof) {
            self.writer.end_with_line_break();
        }
        let [lf, crlf] = self.line_ends;
        self.report.line_ending = if crlf > lf {
            LineEnding::CrLf
        } else {
            LineEnding::Lf
        };
    }
}

/// Nameless columns that turn out to hold data are kept (the layout changes: a second pass).
fn note_blank_columns(table: &Table, text: &RecordText<'_>, with_data: &mut Vec<usize>) {
    for &blank in &table.plan.blank {
        let has_data = blank < text.len() && !text.field(blank).trim().is_empty();
        if has_data && !with_data.contains(&blank) {
            with_data.push(blank);
        }
    }
}

/// The row's cell findings, then its row and file findings; `at` gives the line and record.
fn emit_row(
    table: &Table,
    cell_outcomes: &[crate::cells::CellOutcome],
    row_outcomes: &[RowOutcome],
    view: &crate::rules::RowView<'_>,
    at: Draft<'_>,
    sink: &mut Sink,
) {
    for (position, outcome, seen) in cell_outcomes {
        let column = Some(table.plan.output[*position].name.as_str());
        sink.emit(outcome_draft(&at, outcome, column, Some(seen)));
    }
    for (column, outcome) in row_outcomes {
        let value = column.map(|c| view.value(c));
        sink.emit(outcome_draft(&at, outcome, column.map(Column::name), value));
    }
}

fn outcome_draft<'a>(
    at: &Draft<'_>,
    outcome: &crate::rules::Outcome,
    column: Option<&'a str>,
    value: Option<&'a str>,
) -> Draft<'a> {
    Draft::new(outcome.code, outcome.severity, at.line)
        .record(at.record)
        .column(column)
        .value(value)
        .fix(outcome.fix.clone())
        .detail(outcome.detail)
}

/// Checks a whole file in memory and writes the corrected file (a second pass over `input`
/// when the end of the file changes the layout).
pub fn check_and_fix(input: &[u8], options: &Options) -> (Report, Vec<u8>) {
    let mut checker = Checker::new(options.clone());
    if options.write_output {
        checker.rows.writer.reserve(input.len() + input.len() / 8);
    }
    checker.feed(input);
    let first = checker.take_output();
    match checker.finish() {
        Finished::Done(report, rest) => {
            let mut output = first;
            output.extend_from_slice(&rest);
            (report, output)
        }
        Finished::WriteAgain(second_pass) => {
            let mut second = second_pass.checker();
            second.rows.writer.reserve(input.len() + input.len() / 8);
            second.feed(input);
            let written = second.take_output();
            let (report, rest) = second_pass.complete(second);
            let mut output = written;
            output.extend_from_slice(&rest);
            (report, output)
        }
    }
}

/// Checks a whole file in memory without writing the corrected file.
pub fn check(input: &[u8], options: &Options) -> Report {
    let options = Options {
        write_output: false,
        ..options.clone()
    };
    check_and_fix(input, &options).0
}
