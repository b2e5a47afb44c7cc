//! The checker: bytes in (whole or in chunks), findings and the corrected file out.

use crate::columns::Column;
use crate::date::Date;
use crate::decode::{
    field_text, is_cr_only, sniff, sniff_delimiter, Sniffed, TextEncoding, Transcoder, SNIFF_LEN,
};
use crate::edits::Edits;
use crate::finding::{Code, Finding, Fix, Severity};
use crate::fix::{self, apply_to_value, replace_line_breaks};
use crate::header::{foreign_format, resolve, HeaderPlan, Resolution};
use crate::messages::{message, MessageArgs};
use crate::parse::{Parser, Record, Terminator};
use crate::report::{LineEnding, Report};
use crate::rules::bulk_delta::BulkDeltaTracker;
use crate::rules::duplicates::DuplicateTracker;
use crate::rules::leading_zeros::LeadingZeroTracker;
use crate::rules::{self, CellRule, Outcome, RowOutcome, RowView, RuleContext};
use crate::write;
use std::borrow::Cow;

/// How to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// The day of the check (birth dates in the future are implausible).
    pub today: Date,
    /// A person's edits, applied before the rules.
    pub edits: Edits,
    /// Keep at most this many findings in [`Report::findings`] (counts stay exact).
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

/// What only the end of the file can tell, fixed for a second pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Layout {
    line_ending: Option<LineEnding>,
    keep_blank: Vec<usize>,
}

/// Streams a file through parsing, rules, fixes and the writer.
///
/// Feed bytes with [`Checker::feed`], drain the corrected bytes written so far with
/// [`Checker::take_output`], and call [`Checker::finish`] at the end. Memory stays proportional
/// to the longest record plus the small cross-row state (see the crate docs), not to the file.
#[derive(Debug)]
pub struct Checker {
    options: Options,
    layout: Layout,
    context: RuleContext,
    head: Vec<u8>,
    sniffed: bool,
    transcoder: Option<Transcoder>,
    pending: Vec<u8>,
    parser: Option<Parser>,
    record: Record,
    // Boxed: it is taken out and put back for every row.
    plan: Option<Box<HeaderPlan>>,
    /// Per output column, what checking a cell of it takes (set from the header).
    cell_plan: Vec<CellPlan>,
    /// The known columns the file has, with their output position (for the row rules).
    known_positions: Vec<(Column, usize)>,
    report: Report,
    out: Vec<u8>,
    line_ending: LineEnding,
    lf: u64,
    crlf: u64,
    last_terminator: Option<Terminator>,
    blank_with_data: Vec<usize>,
    first_windows_1252: Option<(u64, String)>,
    duplicates: DuplicateTracker,
    zeros: LeadingZeroTracker,
    modes: BulkDeltaTracker,
    /// Fixed and edited values of the current row; unchanged ones stay in the record's text.
    values: String,
    /// Per output field of the current row: where its value is.
    cells: Vec<CellText>,
    scratch: Vec<u8>,
    /// Rows that need no change may be copied as read (same columns, same order, commas).
    verbatim: bool,
    /// Lines end in CR alone: each CR is read as LF.
    cr_only: bool,
    cell_outcomes: Vec<(usize, Outcome, String)>,
    row_outcomes: Vec<RowOutcome>,
    bytes_in: u64,
}

impl Checker {
    /// A checker with these options.
    pub fn new(options: Options) -> Checker {
        Checker::with_layout(options, Layout::default())
    }

    fn with_layout(options: Options, layout: Layout) -> Checker {
        let context = RuleContext {
            today: options.today,
        };
        let report = Report {
            encoding: "UTF-8".into(),
            delimiter: ',',
            readable: true,
            ..Report::default()
        };
        Checker {
            options,
            layout,
            context,
            head: Vec::new(),
            sniffed: false,
            transcoder: None,
            pending: Vec::new(),
            parser: None,
            record: Record::default(),
            plan: None,
            cell_plan: Vec::new(),
            known_positions: Vec::new(),
            report,
            out: Vec::new(),
            line_ending: LineEnding::Lf,
            lf: 0,
            crlf: 0,
            last_terminator: None,
            blank_with_data: Vec::new(),
            first_windows_1252: None,
            duplicates: DuplicateTracker::default(),
            zeros: LeadingZeroTracker::default(),
            modes: BulkDeltaTracker::default(),
            values: String::new(),
            cells: Vec::new(),
            scratch: Vec::new(),
            verbatim: false,
            cr_only: false,
            cell_outcomes: Vec::new(),
            row_outcomes: Vec::new(),
            bytes_in: 0,
        }
    }

    /// Bytes fed so far.
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Data rows read so far.
    pub fn rows(&self) -> u64 {
        self.report.rows
    }

    /// Feeds the next piece of the file.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.bytes_in += chunk.len() as u64;
        if !self.report.readable {
            return;
        }
        if !self.sniffed {
            if self.head.is_empty() && chunk.len() >= SNIFF_LEN {
                // The usual case: the first chunk is big enough to sniff without copying it.
                self.start(chunk, false);
                return;
            }
            self.head.extend_from_slice(chunk);
            if self.head.len() >= SNIFF_LEN {
                let head = std::mem::take(&mut self.head);
                self.start(&head, false);
            }
            return;
        }
        self.take_text(chunk, false);
    }

    /// The corrected bytes written since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    fn start(&mut self, head: &[u8], eof: bool) {
        self.head = Vec::new();
        self.sniffed = true;
        let (encoding, bom_len) = match sniff(&head[..head.len().min(SNIFF_LEN)]) {
            Sniffed::NotCsv(what) => {
                self.report.readable = false;
                self.file_finding(Code::NotCsv, Severity::Error, None, None, Some(what));
                return;
            }
            Sniffed::Text { encoding, bom_len } => (encoding, bom_len),
        };
        if encoding == TextEncoding::Utf8 {
            if is_cr_only(&head[bom_len..head.len().min(SNIFF_LEN)]) {
                self.cr_only = true;
                self.file_finding(
                    Code::LineEnding,
                    Severity::Warning,
                    None,
                    Some(Fix::LineFeeds),
                    None,
                );
            }
            if bom_len > 0 {
                self.file_finding(Code::Bom, Severity::Info, None, Some(Fix::Reencode), None);
            }
        } else {
            self.report.encoding = encoding.name().into();
            self.transcoder = Some(Transcoder::new(encoding));
            self.file_finding(
                Code::Encoding,
                Severity::Warning,
                None,
                Some(Fix::Reencode),
                Some(encoding.name()),
            );
        }
        self.take_text(&head[bom_len..], eof);
    }

    fn take_text(&mut self, bytes: &[u8], eof: bool) {
        if self.cr_only {
            // Old Mac line endings: a CR is a line end; read it as LF (rare, so a copy is fine).
            let lf: Vec<u8> = bytes
                .iter()
                .map(|&b| if b == b'\r' { b'\n' } else { b })
                .collect();
            self.cr_only = false;
            self.take_text(&lf, eof);
            self.cr_only = true;
            return;
        }
        match self.transcoder.as_mut() {
            Some(transcoder) => {
                let mut text = std::mem::take(&mut self.pending);
                transcoder.feed(bytes, eof, &mut text);
                let used = self.parse(&text, eof);
                text.drain(..used);
                self.pending = text;
            }
            None if self.pending.is_empty() => {
                let used = self.parse(bytes, eof);
                self.pending.extend_from_slice(&bytes[used..]);
            }
            None => {
                let mut text = std::mem::take(&mut self.pending);
                text.extend_from_slice(bytes);
                let used = self.parse(&text, eof);
                text.drain(..used);
                self.pending = text;
            }
        }
    }

    /// Parses every complete record of `input`; returns the bytes used.
    fn parse(&mut self, input: &[u8], eof: bool) -> usize {
        let mut pos = 0;
        if self.parser.is_none() {
            let line_complete = memchr::memchr(b'\n', input).is_some();
            if !line_complete && !eof {
                return 0;
            }
            let delimiter = sniff_delimiter(input);
            if delimiter != b',' {
                let name = if delimiter == b';' {
                    "semicolons"
                } else {
                    "tabs"
                };
                self.report.delimiter = delimiter as char;
                self.file_finding(
                    Code::Delimiter,
                    Severity::Warning,
                    None,
                    Some(Fix::Recomma),
                    Some(name),
                );
            }
            self.parser = Some(Parser::new(delimiter));
        }
        let mut record = std::mem::take(&mut self.record);
        while let Some(used) = self
            .parser
            .as_mut()
            .and_then(|p| p.next(&input[pos..], eof, &mut record))
        {
            let raw = &input[pos..pos + used];
            pos += used;
            if self.plan.is_none() {
                self.header(&record);
            } else {
                self.row(&record, raw);
            }
        }
        self.record = record;
        pos
    }

    fn header(&mut self, record: &Record) {
        let as_written: Vec<String> = record
            .fields()
            .map(|f| field_text(f).0.into_owned())
            .collect();
        // A header name is cleaned like a value: no surrounding or invisible characters.
        let names: Vec<String> = as_written
            .iter()
            .map(|text| {
                let line_breaks_as_spaces = fix::replace_line_breaks(text);
                match rules::whitespace::check(&line_breaks_as_spaces).and_then(|o| o.fixed) {
                    Some(clean) => clean,
                    None => line_breaks_as_spaces,
                }
            })
            .collect();
        if names.iter().all(String::is_empty) {
            // Blank lines before the header are skipped (and not written); a file of nothing
            // else is empty.
            if record.terminator != Some(Terminator::Eof) || names.len() > 1 {
                let draft = Draft {
                    fix: Some(Fix::RemoveRow),
                    ..Draft::new(Code::BlankRow, Severity::Info, record.line)
                };
                self.emit(draft);
            }
            return;
        }
        self.quote_findings(record, None);
        if let Some(words) = foreign_format(&names) {
            self.file_finding(Code::WrongFile, Severity::Error, None, None, Some(words));
        }
        let plan = HeaderPlan::new(&names, &self.layout.keep_blank);
        for issue in &plan.issues {
            self.emit(Draft {
                column: issue.column.as_deref(),
                value: issue.value.as_deref(),
                fix: issue.fix.clone(),
                hint: issue.hint.as_deref(),
                ..Draft::new(issue.code, issue.severity, record.line)
            });
        }
        // " sex " is the right name once trimmed: still a header-case finding, as it was renamed.
        for ((written, name), input) in as_written.iter().zip(&names).zip(&plan.input) {
            if written != name
                && matches!(resolve(name), Resolution::Exact(_))
                && input.column.is_some()
            {
                self.emit(Draft {
                    column: Some(name),
                    value: Some(written),
                    fix: Some(Fix::RenameColumn(name.clone())),
                    ..Draft::new(Code::HeaderCase, Severity::Warning, record.line)
                });
            }
        }
        self.cell_plan = plan
            .output
            .iter()
            .map(|out| CellPlan {
                source: out.source,
                rule: out
                    .column
                    .filter(|_| out.source.is_some())
                    .and_then(rules::cell_rule_for),
                edited: self.options.edits.touches(&out.name),
            })
            .collect();
        self.known_positions = plan
            .output
            .iter()
            .enumerate()
            .filter_map(|(position, out)| {
                out.column
                    .filter(|_| out.source.is_some())
                    .map(|c| (c, position))
            })
            .collect();
        self.line_ending = self.layout.line_ending.unwrap_or(match record.terminator {
            Some(Terminator::CrLf) => LineEnding::CrLf,
            _ => LineEnding::Lf,
        });
        self.count_terminator(record.terminator);
        if let Some(parser) = self.parser.as_mut() {
            parser.expect_fields(names.len());
        }
        self.verbatim =
            plan.is_identity() && self.parser.as_ref().is_some_and(|p| p.delimiter() == b',');
        self.report.columns = plan.output.iter().map(|o| o.name.clone()).collect();
        self.report.filled = vec![0; plan.output.len()];
        if self.options.write_output {
            write::push_record(&mut self.out, plan.output.iter().map(|o| o.name.as_str()));
        }
        self.plan = Some(Box::new(plan));
    }

    fn count_terminator(&mut self, terminator: Option<Terminator>) {
        match terminator {
            Some(Terminator::Lf) => self.lf += 1,
            Some(Terminator::CrLf) => self.crlf += 1,
            _ => {}
        }
        self.last_terminator = terminator;
    }

    /// Checks one data record; `raw` is its text as read, line ending included.
    fn row(&mut self, record: &Record, raw: &[u8]) {
        let index = self.report.rows;
        self.report.rows += 1;
        self.count_terminator(record.terminator);
        if !self.options.edits.excluded.is_empty() && self.options.edits.excluded.contains(&index) {
            self.report.excluded += 1;
            return;
        }
        let line = record.line;
        let text = RecordText::new(record);
        if text.whole.is_none() && self.first_windows_1252.is_none() {
            let sample = record
                .fields()
                .map(field_text)
                .find(|(_, was_1252)| *was_1252);
            self.first_windows_1252 = sample.map(|(text, _)| (line, text.into_owned()));
        }
        if (0..text.len()).all(|i| text.field(i).trim().is_empty()) {
            let draft = Draft {
                record: Some(index),
                fix: Some(Fix::RemoveRow),
                ..Draft::new(Code::BlankRow, Severity::Info, line)
            };
            self.emit(draft);
            return;
        }
        self.quote_findings(record, Some(index));
        let plan = self
            .plan
            .take()
            .unwrap_or_else(|| Box::new(HeaderPlan::new(&[], &[])));
        let extra_data = self.shape_findings(&plan, &text, line, index);
        let mut cell_outcomes = std::mem::take(&mut self.cell_outcomes);
        cell_outcomes.clear();
        let changed = self.check_cells(&plan, &text, index, extra_data, &mut cell_outcomes);
        let whole = text.whole;
        let text = whole.unwrap_or("");

        // Row rules see the fixed values.
        let values = &self.values;
        let cells = &self.cells;
        let value_at = |i: usize| cells[i].of(text, values);
        let mut view = RowView::default();
        for &(column, position) in &self.known_positions {
            view.set(column, value_at(position));
        }
        let mut row_outcomes = std::mem::take(&mut self.row_outcomes);
        row_outcomes.clear();
        for rule in rules::ROW_RULES {
            (rule.check)(&view, &mut row_outcomes);
        }
        if plan.source_of(Column::Status).is_some()
            || plan.source_of(Column::DateLastModified).is_some()
        {
            self.modes.observe(&view, line, index);
        }
        let id = view.value(Column::SourcedId);
        // The row as written identifies it (quoting makes it unambiguous): write it, hash the
        // written bytes, and take it back if it repeats an earlier row.
        let sink = if self.options.write_output {
            &mut self.out
        } else {
            &mut self.scratch
        };
        if !self.options.write_output {
            sink.clear();
        }
        let row_start = sink.len();
        write::push_line_end(sink, self.line_ending);
        let fields_start = sink.len();
        // A row that needs no change in a file whose columns stay put is copied as read: it is
        // exactly what writing its fields would give (no quotes, commas, UTF-8).
        let line_text = raw
            .strip_suffix(b"\n")
            .map_or(raw, |r| r.strip_suffix(b"\r").unwrap_or(r));
        if self.verbatim && !changed && whole.is_some() && memchr::memchr(b'"', line_text).is_none()
        {
            sink.extend_from_slice(line_text);
        } else {
            write::push_record(sink, (0..cells.len()).map(value_at));
        }
        let repeat = self.duplicates.observe(id, &sink[fields_start..]);
        let written = repeat != Some(Code::DuplicateRow);
        if written {
            self.report.rows_out += 1;
            if plan.source_of(Column::SourcedId).is_some() {
                self.zeros.observe(id, line, index);
            }
        } else {
            // Completeness counts only written rows: take back what this one added.
            for (filled, cell) in self.report.filled.iter_mut().zip(cells) {
                *filled -= u64::from(cell.end > cell.start);
            }
            sink.truncate(row_start);
        }
        let row_values: Vec<Option<String>> = row_outcomes
            .iter()
            .map(|(column, _)| column.map(|c| view.value(c).to_owned()))
            .collect();
        let id = (repeat == Some(Code::DuplicateId)).then(|| id.to_owned());

        for (position, outcome, seen) in cell_outcomes.drain(..) {
            self.outcome_finding(
                line,
                index,
                Some(&plan.output[position].name),
                outcome,
                Some(&seen),
            );
        }
        for ((column, outcome), value) in row_outcomes.drain(..).zip(row_values) {
            self.outcome_finding(
                line,
                index,
                column.map(Column::name),
                outcome,
                value.as_deref(),
            );
        }
        self.row_outcomes = row_outcomes;
        self.cell_outcomes = cell_outcomes;
        match repeat {
            Some(Code::DuplicateRow) => {
                self.row_finding(
                    line,
                    index,
                    None,
                    Code::DuplicateRow,
                    Severity::Warning,
                    None,
                    Some(Fix::RemoveRow),
                    None,
                );
            }
            Some(code) => {
                let column = Some(Column::SourcedId.name());
                self.row_finding(
                    line,
                    index,
                    column,
                    code,
                    Severity::Error,
                    id.as_deref(),
                    None,
                    None,
                );
            }
            None => {}
        }
        self.plan = Some(plan);
    }

    /// Findings about the row's shape (too few or too many fields) and nameless columns that
    /// turn out to hold data. Returns whether extra fields hold data (they are then kept).
    fn shape_findings(
        &mut self,
        plan: &HeaderPlan,
        text: &RecordText<'_>,
        line: u64,
        index: u64,
    ) -> bool {
        let (count, expected) = (text.len(), plan.input.len());
        let hint = count.to_string();
        if count < expected {
            self.row_finding(
                line,
                index,
                None,
                Code::MissingCell,
                Severity::Warning,
                None,
                Some(Fix::PadRow),
                Some(&hint),
            );
        }
        let extra_data = (expected..count)
            .map(|i| text.field(i))
            .find(|f| !f.trim().is_empty());
        if count > expected {
            match &extra_data {
                Some(value) => self.row_finding(
                    line,
                    index,
                    None,
                    Code::ExtraCell,
                    Severity::Error,
                    Some(value),
                    None,
                    Some(&hint),
                ),
                None => self.row_finding(
                    line,
                    index,
                    None,
                    Code::ExtraCell,
                    Severity::Info,
                    None,
                    Some(Fix::TrimRow),
                    Some(&hint),
                ),
            }
        }
        for &blank in &plan.blank {
            let has_data = blank < count && !text.field(blank).trim().is_empty();
            if has_data
                && !self.layout.keep_blank.contains(&blank)
                && !self.blank_with_data.contains(&blank)
            {
                self.blank_with_data.push(blank);
            }
        }
        extra_data.is_some()
    }

    /// Checks every cell in output order — edits, line breaks, whitespace, then the column's
    /// rule — filling `self.cells` (where each fixed value is) and counting completeness.
    /// Nothing is allocated for a value that needs no change. Returns whether anything changed.
    fn check_cells(
        &mut self,
        plan: &HeaderPlan,
        text: &RecordText<'_>,
        index: u64,
        keep_extras: bool,
        outcomes: &mut Vec<(usize, Outcome, String)>,
    ) -> bool {
        self.values.clear();
        self.cells.clear();
        let count = text.len();
        let mut changed = count != plan.input.len();
        for (position, cell_plan) in self.cell_plan.iter().enumerate() {
            let Some(source) = cell_plan.source.filter(|&s| s < count) else {
                self.cells.push(CellText::EMPTY);
                continue;
            };
            let rule = cell_plan.rule;
            let span = text.record.field_range(source);
            // The usual cell — ASCII, in a record without control bytes, not edited — takes a
            // short way: a value that its rule accepts as it is needs nothing else.
            if let Some(value) = text.plain(source).filter(|_| !cell_plan.edited) {
                let accepted = match rule {
                    Some(rule) => (rule.check)(value, &self.context).is_none(),
                    None => !rules::formula::is_formula_like(value),
                };
                if accepted && !has_space_at_an_end(value) {
                    self.report.filled[position] += u64::from(!span.is_empty());
                    self.cells.push(CellText {
                        start: span.start,
                        end: span.end,
                        owned: false,
                    });
                    continue;
                }
            }
            let as_read = text.field(source);
            let edited = if cell_plan.edited {
                self.options
                    .edits
                    .value_for(index, &plan.output[position].name, &as_read)
            } else {
                None
            };
            let value = match edited {
                Some(new) => Cow::Borrowed(new),
                None => as_read,
            };
            let value = check_cell(
                value,
                rule,
                text.ascii,
                text.controls,
                &self.context,
                position,
                outcomes,
            );
            changed |= edited.is_some() || matches!(value, Cow::Owned(_));
            // An unchanged value is not copied: it is named by its place in the record.
            let cell =
                if edited.is_none() && matches!(value, Cow::Borrowed(_)) && text.whole.is_some() {
                    CellText {
                        start: span.start,
                        end: span.end,
                        owned: false,
                    }
                } else {
                    push_owned(&mut self.values, &value)
                };
            self.report.filled[position] += u64::from(cell.end > cell.start);
            self.cells.push(cell);
        }
        if keep_extras {
            // Extra fields are kept (the row has an extra-cell error) but written clean, so the
            // corrected file stays readable text; they get no findings of their own.
            for i in plan.input.len()..count {
                let mut ignored = Vec::new();
                let clean = check_cell(
                    text.field(i),
                    None,
                    false,
                    true,
                    &self.context,
                    0,
                    &mut ignored,
                );
                let cell = push_owned(&mut self.values, &clean);
                self.cells.push(cell);
            }
        }
        changed
    }

    fn quote_findings(&mut self, record: &Record, index: Option<u64>) {
        if record.unclosed_quote {
            self.row_finding_opt(record.line, index, Code::UnclosedQuote, Severity::Error);
        }
        if record.stray_quote {
            self.row_finding_opt(record.line, index, Code::StrayQuote, Severity::Error);
        }
    }

    fn row_finding_opt(&mut self, line: u64, index: Option<u64>, code: Code, severity: Severity) {
        self.emit(Draft {
            record: index,
            ..Draft::new(code, severity, line)
        });
    }

    #[allow(clippy::too_many_arguments)] // a finding has that many parts; a struct would only rename them
    fn row_finding(
        &mut self,
        line: u64,
        index: u64,
        column: Option<&str>,
        code: Code,
        severity: Severity,
        value: Option<&str>,
        fix: Option<Fix>,
        hint: Option<&str>,
    ) {
        let draft = Draft {
            record: Some(index),
            column,
            value,
            fix,
            hint,
            ..Draft::new(code, severity, line)
        };
        self.emit(draft);
    }

    fn outcome_finding(
        &mut self,
        line: u64,
        index: u64,
        column: Option<&str>,
        outcome: Outcome,
        value: Option<&str>,
    ) {
        let fix = outcome.fixed.map(Fix::Value);
        let draft = Draft {
            record: Some(index),
            column,
            value,
            fix,
            hint: outcome.hint.as_deref(),
            ..Draft::new(outcome.code, outcome.severity, line)
        };
        self.emit(draft);
    }

    fn file_finding(
        &mut self,
        code: Code,
        severity: Severity,
        value: Option<&str>,
        fix: Option<Fix>,
        hint: Option<&str>,
    ) {
        let line = u64::from(self.bytes_in > 0);
        self.emit(Draft {
            value,
            fix,
            hint,
            ..Draft::new(code, severity, line)
        });
    }

    /// Counts a finding and keeps it unless [`Options::max_findings`] is reached; the message and
    /// the owned strings are only made for findings that are kept.
    fn emit(&mut self, draft: Draft<'_>) {
        let fixed = draft.fix.is_some();
        let report = &mut self.report;
        report.totals.add(draft.severity, fixed);
        report
            .by_code
            .entry(draft.code)
            .or_default()
            .add(draft.severity, fixed);
        if let Some(column) = draft.column {
            match report.by_column.get_mut(column) {
                Some(totals) => totals.add(draft.severity, fixed),
                None => report
                    .by_column
                    .entry(column.to_owned())
                    .or_default()
                    .add(draft.severity, fixed),
            }
        }
        if self
            .options
            .max_findings
            .is_some_and(|max| report.findings.len() >= max)
        {
            report.truncated = true;
            return;
        }
        let shown_fix = draft.fix.as_ref().map(Fix::display);
        let args = MessageArgs {
            column: draft.column,
            value: draft.value,
            fixed: shown_fix,
            hint: draft.hint,
        };
        let text = message(draft.code, args);
        report.findings.push(Finding {
            code: draft.code,
            severity: draft.severity,
            line: draft.line,
            record: draft.record,
            column: draft.column.map(str::to_owned),
            value: draft.value.map(str::to_owned),
            fix: draft.fix,
            message: text,
        });
    }

    /// Ends the file: the report, and the output written since the last [`Checker::take_output`].
    ///
    /// When streaming, check [`Report::needs_second_pass`]: if set, the end of the file changed
    /// the layout and the corrected file must be written again by [`check_and_fix`].
    pub fn finish(self) -> (Report, Vec<u8>) {
        let (report, out, _) = self.finish_inner();
        (report, out)
    }

    fn finish_inner(mut self) -> (Report, Vec<u8>, Option<Layout>) {
        if !self.sniffed {
            let head = std::mem::take(&mut self.head);
            self.start(&head, true);
        } else if self.report.readable {
            self.take_text(&[], true);
        }
        if !self.report.readable {
            return (self.report, Vec::new(), None);
        }
        if self.plan.is_none() {
            self.file_finding(Code::NoDataRows, Severity::Error, None, None, Some("empty"));
            return (self.report, Vec::new(), None);
        }
        if self.report.rows_out == 0 {
            // Header only, or nothing but blank (or excluded) rows under it.
            self.file_finding(Code::NoDataRows, Severity::Error, None, None, None);
        }
        if let Some((line, sample)) = self.first_windows_1252.take() {
            self.report.encoding = "Windows-1252".into();
            self.emit(Draft {
                value: Some(&sample),
                fix: Some(Fix::Reencode),
                hint: Some("Windows-1252"),
                ..Draft::new(Code::Encoding, Severity::Warning, line)
            });
        }
        for (line, record, hint) in std::mem::take(&mut self.modes).finish() {
            let column = Some(Column::Status.name());
            self.row_finding(
                line,
                record,
                column,
                Code::BulkDeltaMixed,
                Severity::Error,
                None,
                None,
                Some(&hint),
            );
        }
        for (line, record, id, width) in std::mem::take(&mut self.zeros).finish() {
            let column = Some(Column::SourcedId.name());
            self.row_finding(
                line,
                record,
                column,
                Code::IdLeadingZeros,
                Severity::Warning,
                Some(&id),
                None,
                Some(&width.to_string()),
            );
        }
        if self.options.write_output && self.last_terminator.is_some_and(|t| t != Terminator::Eof) {
            write::push_line_end(&mut self.out, self.line_ending);
        }
        self.report.line_ending = if self.crlf > self.lf {
            LineEnding::CrLf
        } else {
            LineEnding::Lf
        };
        self.report.findings.sort_by_key(|f| f.line);
        let layout = self.second_layout();
        self.report.needs_second_pass = layout.is_some();
        let out = std::mem::take(&mut self.out);
        (self.report, out, layout)
    }

    /// What a second pass must do differently, if anything.
    fn second_layout(&self) -> Option<Layout> {
        let mut keep_blank = self.layout.keep_blank.clone();
        keep_blank.extend(self.blank_with_data.iter().copied());
        keep_blank.sort_unstable();
        let line_ending = self.report.line_ending;
        let changed = line_ending != self.line_ending || keep_blank != self.layout.keep_blank;
        changed.then_some(Layout {
            line_ending: Some(line_ending),
            keep_blank,
        })
    }
}

fn has_space_at_an_end(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_whitespace)
        || bytes.last().is_some_and(u8::is_ascii_whitespace)
}

/// One record's text, looked at once: is it UTF-8, all ASCII, free of control bytes.
struct RecordText<'r> {
    record: &'r Record,
    /// The record's text when it is UTF-8 (the usual case).
    whole: Option<&'r str>,
    ascii: bool,
    /// Any byte below 0x20 or DEL (TAB included, to keep this one branch-free pass).
    controls: bool,
}

impl<'r> RecordText<'r> {
    fn new(record: &'r Record) -> Self {
        let bytes = record.all_bytes();
        RecordText {
            record,
            whole: std::str::from_utf8(bytes).ok(),
            ascii: bytes.is_ascii(),
            controls: bytes
                .iter()
                .fold(false, |any, &b| any | (b < 0x20) | (b == 0x7F)),
        }
    }

    fn len(&self) -> usize {
        self.record.len()
    }

    /// Field `i` as text; a field that is not UTF-8 is read as Windows-1252 (files edited in
    /// Excel on Windows mix both).
    fn field(&self, i: usize) -> Cow<'r, str> {
        match self.whole.and_then(|w| w.get(self.record.field_range(i))) {
            Some(text) => Cow::Borrowed(text),
            None => field_text(self.record.field(i)).0,
        }
    }

    /// Field `i` when it can take the short way: ASCII text in a record without control bytes.
    fn plain(&self, i: usize) -> Option<&'r str> {
        let value = self
            .whole
            .filter(|_| !self.controls)?
            .get(self.record.field_range(i))?;
        (self.ascii || value.is_ascii()).then_some(value)
    }
}

/// What checking a cell of one output column takes.
#[derive(Debug, Clone, Copy)]
struct CellPlan {
    /// The input column its value comes from (`None`: the column was added, empty).
    source: Option<usize>,
    /// The rule for its values (`None`: free text, checked for formulas only).
    rule: Option<&'static CellRule>,
    /// True when the person edited cells of this column or mapped its values.
    edited: bool,
}

/// Where a value of the current row is: in the record's text, or among the changed values.
#[derive(Debug, Clone, Copy)]
struct CellText {
    start: usize,
    end: usize,
    owned: bool,
}

impl CellText {
    const EMPTY: CellText = CellText {
        start: 0,
        end: 0,
        owned: true,
    };

    fn of<'a>(self, record_text: &'a str, owned: &'a str) -> &'a str {
        let text = if self.owned { owned } else { record_text };
        &text[self.start..self.end]
    }
}

fn push_owned(values: &mut String, value: &str) -> CellText {
    let start = values.len();
    values.push_str(value);
    CellText {
        start,
        end: values.len(),
        owned: true,
    }
}

/// Runs the value pipeline on one cell — line breaks, whitespace, the column's rule (or the
/// formula check for free text) — pushing what it finds and returning the fixed value.
fn check_cell<'v>(
    mut value: Cow<'v, str>,
    rule: Option<&'static CellRule>,
    ascii: bool,
    controls: bool,
    context: &RuleContext,
    position: usize,
    found: &mut Vec<(usize, Outcome, String)>,
) -> Cow<'v, str> {
    let mut take = |value: &mut Cow<'v, str>, outcome: Outcome| {
        let seen = value.to_string();
        if let Some(fixed) = &outcome.fixed {
            apply_to_value(value, &Fix::Value(fixed.clone()));
        }
        found.push((position, outcome, seen));
    };
    if controls && value.bytes().any(|b| b == b'\n' || b == b'\r') {
        let fixed = replace_line_breaks(&value);
        take(
            &mut value,
            Outcome::fixed(Code::LineBreakInField, Severity::Warning, fixed),
        );
    }
    let spaced = if ascii && !controls {
        rules::whitespace::check_ascii(&value)
    } else {
        rules::whitespace::check(&value)
    };
    if let Some(outcome) = spaced {
        take(&mut value, outcome);
    }
    let Some(rule) = rule else {
        if let Some(outcome) = rules::formula::check(&value) {
            take(&mut value, outcome);
        }
        return value;
    };
    if let Some(outcome) = (rule.check)(&value, context) {
        let was_fixed = outcome.fixed.is_some();
        take(&mut value, outcome);
        // What the fixed value still deserves (a fixed birth date that is implausible) is
        // reported now, so checking the corrected file finds nothing new.
        if let Some(again) = was_fixed
            .then(|| (rule.check)(&value, context))
            .flatten()
            .filter(|o| o.fixed.is_none())
        {
            take(&mut value, again);
        }
    }
    value
}

/// A finding before it is counted and worded: borrowed parts, nothing allocated.
struct Draft<'a> {
    code: Code,
    severity: Severity,
    line: u64,
    record: Option<u64>,
    column: Option<&'a str>,
    value: Option<&'a str>,
    fix: Option<Fix>,
    hint: Option<&'a str>,
}

impl Draft<'_> {
    fn new(code: Code, severity: Severity, line: u64) -> Self {
        Draft {
            code,
            severity,
            line,
            record: None,
            column: None,
            value: None,
            fix: None,
            hint: None,
        }
    }
}

/// Checks a whole file in memory and writes the corrected file.
///
/// One pass in the usual case; a second pass only when the end of the file changes the layout
/// (the dominant line ending differs from the header's, or a nameless column holds data).
pub fn check_and_fix(input: &[u8], options: &Options) -> (Report, Vec<u8>) {
    let first = run_in_memory(input, options, Layout::default());
    match first.2 {
        Some(layout) => {
            let (report, out, _) = run_in_memory(input, options, layout);
            (report, out)
        }
        None => (first.0, first.1),
    }
}

fn run_in_memory(
    input: &[u8],
    options: &Options,
    layout: Layout,
) -> (Report, Vec<u8>, Option<Layout>) {
    let mut checker = Checker::with_layout(options.clone(), layout);
    if options.write_output {
        checker.out.reserve(input.len() + input.len() / 8);
    }
    checker.feed(input);
    checker.finish_inner()
}

/// Checks a whole file in memory without writing the corrected file.
pub fn check(input: &[u8], options: &Options) -> Report {
    let options = Options {
        write_output: false,
        ..options.clone()
    };
    check_and_fix(input, &options).0
}
