//! The checker: the short glue that passes each record through the stages — input, records,
//! table, cells, rows, file rules, writer — with one finding sink.

use crate::answers::{Answers, DATE_COLUMNS};
use crate::cells::Cells;
use crate::decisions::{Basis, ColumnOrder, DateOrderStage, DateOrders, Ordered};
use crate::file_rules::FileRules;
use crate::finding::{Code, Detail, Finding, Severity};
use crate::input::{Decoded, FieldDecoding, Input, RecordText};
use crate::options::Options;
use crate::parse::{Parser, Record, Terminator};
use crate::passes::Layout;
use crate::records::{self, BlankRun, Records};
use crate::report::Report;
use crate::rows;
use crate::rules::{About, RowOutcome, RuleContext, SeenRow, Stage};
use crate::sink::{Draft, Sink};
use crate::table::{read_header, Table};
use crate::writer::{LineEnding, Writer};

/// The registry entry of the checker's own finding.
pub(crate) const STAGE: Stage = Stage {
    name: "check",
    about: About::File,
    codes: &[Code::NoDataRows],
};

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
    records: Records,
    rows: Rows,
    /// The answers given, as `KEY=ANSWER`, for the report.
    answers: Vec<String>,
}

/// Everything after decoding, one row at a time.
#[derive(Debug)]
struct Rows {
    context: RuleContext,
    table: Option<Table>,
    cells: Cells,
    outcomes: Vec<RowOutcome>,
    file_rules: FileRules,
    date_order: DateOrderStage,
    /// The date columns whose ambiguous dates were written wrong (known at the end).
    learnt: DateOrders,
    writer: Writer,
    report: Report,
    /// Nameless input columns found holding data.
    blank_with_data: Vec<usize>,
    /// The blank rows just before this one.
    blank_run: BlankRun,
    /// The text of the current record when it is not all UTF-8.
    decoded: Decoded,
}

impl Checker {
    /// A checker with these options.
    pub fn new(options: Options) -> Checker {
        Checker::with_layout(options, Layout::default())
    }

    /// The options it checks with.
    pub(crate) fn options(&self) -> &Options {
        &self.options
    }

    /// Makes room for about `bytes` of corrected output.
    pub(crate) fn reserve(&mut self, bytes: usize) {
        self.rows.writer.reserve(bytes);
    }

    pub(crate) fn with_layout(mut options: Options, layout: Layout) -> Checker {
        let answers = options.answers.lines();
        // Value answers are column-wide replacements; merged once, so a second pass does not
        // merge them again.
        options.edits = options.edits_with_answers();
        options.answers.values.clear();
        let report = Report {
            delimiter: ',',
            readable: true,
            ..Report::default()
        };
        let rows = Rows {
            context: RuleContext {
                date_orders: answered_orders(&options.answers).or(layout.date_orders),
                mode: options.answers.mode,
                ..RuleContext::on(options.today)
            },
            table: None,
            cells: Cells::default(),
            outcomes: Vec::new(),
            file_rules: FileRules::default(),
            date_order: DateOrderStage::default(),
            learnt: DateOrders::default(),
            writer: Writer::new(options.write_output),
            report,
            blank_with_data: Vec::new(),
            blank_run: BlankRun::default(),
            decoded: Decoded::default(),
        };
        Checker {
            sink: Sink::new(options.max_findings),
            options,
            layout,
            input: Input::default(),
            fields: FieldDecoding::default(),
            records: Records::default(),
            rows,
            answers,
        }
    }

    /// Tells the checker the file's size in bytes, when known before it is read: the
    /// duplicate detection then makes room for its rows at once instead of growing step by
    /// step. Only the speed changes.
    pub fn expect_bytes(&mut self, bytes: u64) {
        self.rows.file_rules.expect_bytes(bytes);
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
            records,
            rows,
            ..
        } = self;
        input.feed(chunk, eof, sink, &mut |text, eof, delimiter, sink| {
            records.read(text, eof, delimiter, |record, raw, parser, ahead| {
                if let (Some(ahead), Some(table)) = (ahead, &rows.table) {
                    rows.file_rules.look_ahead(table, ahead, delimiter);
                }
                rows.record(record, raw, parser, (options, layout), fields, sink);
            })
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

    /// The report, the last output, and the layout a second pass needs, if the end of the file
    /// changed it.
    /// `spill` takes the findings made at the end in batches as they are made, so that many
    /// of them (an ambiguous date in every row) are not all held at once.
    pub(crate) fn finish_parts(
        mut self,
        spill: &mut dyn FnMut(Vec<Finding>),
    ) -> (Report, Vec<u8>, Option<Layout>) {
        self.push(&[], true);
        let mut sink = self.sink;
        let mut drain = |sink: &mut Sink| {
            if sink.holds_over(SPILL_AT) {
                spill(sink.take());
            }
        };
        let layout = &self.layout;
        let (input, fields) = (&mut self.input, &mut self.fields);
        self.rows.end(input, fields, layout, &mut sink, &mut drain);
        let mut report = self.rows.report;
        report.encoding = self.input.encoding();
        report.readable = self.input.readable();
        report.delimiter = char::from(self.input.delimiter());
        sink.fill(&mut report);
        report.answers = self.answers;
        let written = self.rows.writer.line_ending();
        let endings = (written, report.line_ending);
        let layout = (self.layout).after(self.rows.blank_with_data, endings, self.rows.learnt);
        (report, self.rows.writer.take(), layout)
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
        self.writer.note_line_end(record.terminator);
        self.table = Some(table);
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
        self.file_rules.note_row(raw.len());
        self.writer.note_line_end(record.terminator);
        if options.edits.excludes(index) {
            self.report.excluded += 1;
            return;
        }
        let text = RecordText::new(record, &mut self.decoded);
        fields.note(&text);
        if text.is_blank() {
            self.report.blank_rows += 1;
            return self.blank_run.note(record.line, index);
        }
        self.blank_run.end(sink);
        records::quote_findings(record, Some(index), sink);
        let Some(table) = self.table.as_ref() else {
            return;
        };
        let extra_data = records::shape_findings(&text, table.plan.input.len(), index, sink);
        table.note_blank_columns(&text, &mut self.blank_with_data);
        let context = &self.context;
        let changed = self
            .cells
            .check(table, &text, index, &options.edits, context);
        if extra_data {
            self.cells.keep_extras(table, &text, context);
        }
        let both_readings = self.cells.both_readings();
        let (outcomes, id) = self.cells.outcomes_and_value(table.sourced_id, &text);
        (self.date_order).observe(table, outcomes, (record.line, index, id));
        let view = rows::view(table, &self.cells, &text);
        self.outcomes.clear();
        rows::check(&view, &mut self.outcomes);
        // Duplicates are found by the row's canonical bytes, before anything is written.
        let canonical = rows::prepare(&mut self.writer, table, &self.cells, &text, changed, raw);
        let digest = rows::digest(canonical, table, &text, &both_readings, context);
        let seen = SeenRow {
            view: &view,
            digest,
            line: record.line,
            record: index,
        };
        if self.file_rules.observe(&seen, &mut self.outcomes) {
            self.writer.write_prepared(raw);
            self.report.rows_out += 1;
            self.cells.count_filled(&mut self.report.filled);
        }
        let at = Draft::new(Code::BlankRow, Severity::Info, record.line).record(Some(index));
        rows::emit(
            at,
            table,
            (&self.cells.outcomes, &self.outcomes),
            &view,
            sink,
        );
    }

    /// The end of the file: what only it can tell. `drain` is called as late findings are
    /// made.
    fn end(
        &mut self,
        input: &mut Input,
        fields: &mut FieldDecoding,
        layout: &Layout,
        sink: &mut Sink,
        drain: &mut dyn FnMut(&mut Sink),
    ) {
        if !input.readable() {
            return;
        }
        self.blank_run.end(sink);
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
        let date_order = std::mem::take(&mut self.date_order);
        self.learnt = date_order.finish(&self.context, sink, drain);
        let mut with_data = self.blank_with_data.clone();
        with_data.extend(&layout.keep_blank);
        table.blank_headers(&with_data, sink);
        std::mem::take(&mut self.file_rules).finish(sink, drain);
        self.report.line_ending = self.writer.end();
    }
}

/// How many late findings are made before they are handed over (see `finish_parts`).
const SPILL_AT: usize = 16_384;

/// The date orders the person answered.
fn answered_orders(answers: &Answers) -> DateOrders {
    let mut orders = DateOrders::default();
    for column in DATE_COLUMNS {
        if let Some(order) = answers.order_of(column) {
            let basis = Basis::Answer;
            orders.set(column, ColumnOrder::Known(Ordered { order, basis }));
        }
    }
    orders
}
