//! The stages after decoding, one record at a time: the header makes the table; each data
//! row then goes through the cells, the row rules, the file rules and the writer; the end of
//! the file tells what only it can. [`crate::check::Checker`] feeds it.

use crate::bundle::roster;
use crate::cells::{Cells, Edited};
use crate::decisions::{DateOrderStage, DateOrders};
use crate::file_rules::FileRules;
use crate::finding::{Code, Detail, Severity};
use crate::input::{line_text, Decoded, FieldDecoding, Input, RecordText};
use crate::options::Options;
use crate::parse::{read_alone, Parser, Record, Terminator};
use crate::passes::Layout;
use crate::records::{self, BlankRun};
use crate::report::Report;
use crate::report::{CellChange, LineChange};
use crate::rows;
use crate::rules::{RowOutcome, RuleContext, SeenRow};
use crate::sink::{Draft, Sink};
use crate::table::{read_header, Table};
use crate::writer::{LineEnding, Writer};

/// Everything after decoding, one row at a time.
#[derive(Debug)]
pub(crate) struct Rows {
    pub context: RuleContext,
    pub table: Option<Table>,
    cells: Cells,
    outcomes: Vec<RowOutcome>,
    pub file_rules: FileRules,
    date_order: DateOrderStage,
    /// The date columns whose ambiguous dates were written wrong (known at the end).
    pub learnt: DateOrders,
    pub writer: Writer,
    pub report: Report,
    /// Nameless input columns found holding data.
    pub blank_with_data: Vec<usize>,
    /// The blank rows just before this one.
    blank_run: BlankRun,
    /// The text of the current record when it is not all UTF-8.
    decoded: Decoded,
    /// Rows each of the edits' maps changed (by its place in `Options::edits`).
    pub map_rows: Vec<u64>,
}

impl Rows {
    /// The stages of a check in `context`, writing the corrected file when `write_output`.
    pub fn new(context: RuleContext, write_output: bool) -> Rows {
        let report = Report {
            delimiter: ',',
            readable: true,
            ..Report::default()
        };
        Rows {
            context,
            table: None,
            cells: Cells::default(),
            outcomes: Vec::new(),
            file_rules: FileRules::default(),
            date_order: DateOrderStage::default(),
            learnt: DateOrders::default(),
            writer: Writer::new(write_output),
            report,
            blank_with_data: Vec::new(),
            blank_run: BlankRun::default(),
            decoded: Decoded::default(),
            map_rows: Vec::new(),
        }
    }

    pub fn record(
        &mut self,
        record: &Record,
        raw: &[u8],
        parser: &mut Parser,
        (options, layout): (&Options, &Layout),
        fields: &mut FieldDecoding,
        sink: &mut Sink,
    ) {
        if self.table.is_some() {
            let index = self.report.rows;
            // A row left out is left out as the file has it.
            let rewritten =
                (options.edits.line_for(index)).filter(|_| !options.edits.excludes(index));
            if let Some(line) = rewritten {
                return self.rewritten_row(record, raw, line, parser, options, fields, sink);
            }
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

    /// A data record the person wrote again: their line is read in place of the file's, at
    /// the file's line, and checked as any other.
    #[cold]
    #[allow(clippy::too_many_arguments)]
    fn rewritten_row(
        &mut self,
        record: &Record,
        raw: &[u8],
        line: &str,
        parser: &Parser,
        options: &Options,
        fields: &mut FieldDecoding,
        sink: &mut Sink,
    ) {
        let expected = self.table.as_ref().map(|table| table.plan.input.len());
        let mut rewritten = read_alone(line.as_bytes(), parser.delimiter(), expected);
        rewritten.line = record.line;
        rewritten.terminator = record.terminator;
        let from = line_text(raw);
        self.report.audit.lines.push(LineChange {
            line: record.line,
            from: from.trim_end_matches(['\r', '\n']).to_owned(),
            to: line.to_owned(),
        });
        self.row(&rewritten, line.as_bytes(), options, fields, sink);
    }

    /// One data record: counted, then left out (excluded, blank) or checked.
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
        self.writer.note_line_end(record.terminator);
        if options.edits.excludes(index) {
            self.report.excluded += 1;
            self.report.audit.excluded.push(record.line);
            return;
        }
        // Taken out while the row is checked, which borrows the rest of `self`.
        let mut decoded = std::mem::take(&mut self.decoded);
        let text = RecordText::new(record, &mut decoded);
        fields.note(&text);
        if text.is_blank() {
            self.report.blank_rows += 1;
            self.blank_run.note(record.line, index);
        } else {
            self.blank_run.end(sink);
            records::quote_findings(record, Some(index), sink);
            self.check_row(&text, raw, index, options, sink);
        }
        self.decoded = decoded;
    }

    /// A data record that is neither excluded nor blank through the cell, row and file rules
    /// and the writer.
    // Not inlined into `record`: inlined (as the compiler chose once the users stage came in),
    // the row stage took 3.5 % more instructions (callgrind, 100,000 clean rows: 731.8 M
    // against 713.4 M).
    #[inline(never)]
    fn check_row(
        &mut self,
        text: &RecordText<'_>,
        raw: &[u8],
        index: u64,
        options: &Options,
        sink: &mut Sink,
    ) {
        let Some(table) = self.table.as_ref() else {
            return;
        };
        self.file_rules.note_row(raw.len());
        let text = *text;
        let record = text.record;
        let extra_data = records::shape_findings(&text, table.plan.input.len(), index, sink);
        table.note_blank_columns(&text, &mut self.blank_with_data);
        let context = &self.context;
        let changed = self
            .cells
            .check(table, &text, index, &options.edits, context);
        for edited in self.cells.edited.drain(..) {
            match edited {
                Edited::Map(map) => {
                    if self.map_rows.len() <= map {
                        self.map_rows.resize(map + 1, 0);
                    }
                    self.map_rows[map] += 1;
                }
                Edited::Cell { position, from, to } => self.report.audit.cells.push(CellChange {
                    line: record.line,
                    column: table.plan.output[position].name.clone(),
                    from,
                    to,
                }),
            }
        }
        let changed = match options.users.as_deref() {
            Some(users) => changed | roster::cross_check(users, table, &mut self.cells, &text),
            None => changed,
        };
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
        let outcomes = (&self.cells.outcomes[..], &self.outcomes[..]);
        rows::emit(at, table, outcomes, &view, sink);
    }

    /// The end of the file: what only it can tell. `drain` is called as late findings are
    /// made.
    pub fn end(
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
