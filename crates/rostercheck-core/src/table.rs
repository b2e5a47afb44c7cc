//! The table stage: the header record becomes a [`HeaderPlan`] (what each column is, the
//! output order, see [`crate::header`]) and a [`CellPlan`] per output column (which value it
//! takes and which checks it gets).

use crate::cells::clean;
use crate::columns::Column;
use crate::edits::Edits;
use crate::finding::{Code, Detail, Fix, Severity};
use crate::header::{foreign_format, resolve, HeaderPlan, Resolution};
use crate::input::{field_text, RecordText};
use crate::parse::{Record, Terminator};
use crate::records::{blank_row, quote_findings};
use crate::rules::whitespace::cleans_to_empty;
use crate::rules::{self, About, CellCheck, Positions, RuleContext, Stage};
use crate::sink::{Draft, Sink};

/// The registry entry of this stage.
pub(crate) const STAGE: Stage = Stage {
    name: "table",
    about: About::Header,
    codes: &[
        Code::WrongFile,
        Code::MissingRequiredColumn,
        Code::HeaderCase,
        Code::HeaderAlias,
        Code::DuplicateColumn,
        Code::BlankHeader,
        Code::UnknownColumn,
        Code::MissingStandardColumn,
        Code::ColumnOrder,
    ],
};

/// What checking a cell of one output column takes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CellPlan {
    /// The input column its value comes from (`None`: the column was added, empty).
    pub source: Option<usize>,
    /// The column's check after line breaks and whitespace (the formula check for free text).
    pub check: Option<CellCheck>,
    /// The check finds nothing in an empty value, so an empty cell is not run through it: a
    /// third of the cells of a usual file are empty (measured: callgrind, 100,000 rows of
    /// `examples/generate clean`, see BENCHMARKS.md).
    pub blank_passes: bool,
    /// True when the person edited cells of this column or mapped its values.
    pub edited: bool,
    /// A nameless column kept for its data: written clean, with no findings of its own (the
    /// column has its `blank-header` error), so the findings never depend on the layout.
    pub quiet: bool,
}

/// The header, understood.
#[derive(Debug)]
pub(crate) struct Table {
    pub plan: HeaderPlan,
    pub cells: Vec<CellPlan>,
    /// The known columns the file has, with their output position (for the row rules).
    pub known: Vec<(Column, usize)>,
    /// The same, by column.
    pub positions: Positions,
    /// The output position of `sourcedId`, if the file has it (looked up once, not per row).
    pub sourced_id: Option<usize>,
    /// Nameless input columns the corrected file leaves out (for now: until the file's end
    /// shows they hold data); found once, not per row.
    pub unwritten_blank: Vec<usize>,
    /// Rows that need no change may be copied as read (the same columns in the same order,
    /// renamed or not; commas).
    pub verbatim: bool,
    /// The header's line.
    pub line: u64,
}

/// Reads the header record: `None` for a blank line before the header (skipped).
pub(crate) fn read_header(
    record: &Record,
    delimiter: u8,
    edits: &Edits,
    keep_blank: &[usize],
    context: &RuleContext,
    sink: &mut Sink,
) -> Option<Table> {
    let as_written: Vec<String> = record
        .fields()
        .map(|f| field_text(f).0.into_owned())
        .collect();
    // A header name is cleaned like a value: no line breaks, surrounding or invisible characters.
    let names: Vec<String> = as_written
        .iter()
        .map(|name| clean(name.into(), context).into_owned())
        .collect();
    if names.iter().all(String::is_empty) {
        // A file of nothing else is empty.
        if record.terminator != Some(Terminator::Eof) || names.len() > 1 {
            blank_row(record.line, None, sink);
        }
        return None;
    }
    quote_findings(record, None, sink);
    if let Some(words) = foreign_format(&names) {
        // A file-level finding, on the first line like the others.
        let draft = Draft::new(Code::WrongFile, Severity::Error, 1);
        sink.emit(draft.detail(Detail::WrongFile(words)));
    }
    let plan = HeaderPlan::new(&names, keep_blank);
    header_findings(&plan, &as_written, &names, record.line, sink);
    Some(Table::new(
        plan, record, delimiter, edits, keep_blank, context,
    ))
}

fn header_findings(
    plan: &HeaderPlan,
    as_written: &[String],
    names: &[String],
    line: u64,
    sink: &mut Sink,
) {
    // Blank headers are reported when the file ends, once it is known whether they hold data.
    for issue in &plan.issues {
        let draft = Draft::new(issue.code, issue.severity, line)
            .column(issue.column.as_deref())
            .value(issue.value.as_deref())
            .fix(issue.fix.clone());
        sink.emit(draft);
    }
    // " sex " is the right name once trimmed: still a header-case finding, as it was renamed.
    for ((written, name), input) in as_written.iter().zip(names).zip(&plan.input) {
        if written != name
            && matches!(resolve(name), Resolution::Exact(_))
            && input.column.is_some()
        {
            let draft = Draft::new(Code::HeaderCase, Severity::Warning, line)
                .column(Some(name))
                .value(Some(written))
                .fix(Some(Fix::RenameColumn(name.clone())));
            sink.emit(draft);
        }
    }
}

impl Table {
    fn new(
        plan: HeaderPlan,
        record: &Record,
        delimiter: u8,
        edits: &Edits,
        keep_blank: &[usize],
        context: &RuleContext,
    ) -> Table {
        let free_text = rules::free_text_check();
        let cells: Vec<CellPlan> = plan
            .output
            .iter()
            .map(|out| {
                let check = match out.column {
                    _ if out.source.is_none() => None,
                    Some(column) => rules::column_check(column).or(free_text),
                    None => free_text,
                };
                CellPlan {
                    source: out.source,
                    check,
                    // A rule's verdict depends on the value and the context alone, and the
                    // context is the same for the whole pass.
                    blank_passes: check.is_none_or(|check| check("", context).is_none()),
                    edited: edits.touches(&out.name),
                    quiet: out.source.is_some_and(|s| keep_blank.contains(&s)),
                }
            })
            .collect();
        let known: Vec<(Column, usize)> = plan
            .output
            .iter()
            .enumerate()
            .filter_map(|(position, out)| {
                out.column
                    .filter(|_| out.source.is_some())
                    .map(|c| (c, position))
            })
            .collect();
        let mut positions: Positions = Default::default();
        for &(column, position) in &known {
            positions[column.index()] = Some(position);
        }
        // Renamed columns (`SourcedID`) change the header, not the rows.
        let verbatim = plan.keeps_positions() && delimiter == b',';
        let sourced_id = known
            .iter()
            .find(|&&(column, _)| column == Column::SourcedId)
            .map(|&(_, position)| position);
        let written = |i: usize| cells.iter().any(|c| c.source == Some(i));
        let unwritten_blank = plan
            .blank
            .iter()
            .copied()
            .filter(|&i| !written(i))
            .collect();
        Table {
            plan,
            cells,
            known,
            positions,
            sourced_id,
            unwritten_blank,
            verbatim,
            line: record.line,
        }
    }

    /// Nameless columns that turn out to hold data are kept (the layout changes: a second pass).
    pub fn note_blank_columns(&self, text: &RecordText<'_>, with_data: &mut Vec<usize>) {
        for &blank in &self.plan.blank {
            // The test of empty the written value gets (found by fuzzing: a nameless column
            // holding only a control character was kept, written empty, then removed).
            let has_data = blank < text.len() && !cleans_to_empty(&text.field(blank));
            if has_data && !with_data.contains(&blank) {
                with_data.push(blank);
            }
        }
    }

    /// `blank-header` for each nameless column, once the file has ended: removed when it held
    /// no data, an error when it did (`with_data`: the input columns that held some).
    pub fn blank_headers(&self, with_data: &[usize], sink: &mut Sink) {
        for &blank in &self.plan.blank {
            let draft = Draft::new(Code::BlankHeader, Severity::Info, self.line).value(Some(""));
            if with_data.contains(&blank) {
                sink.emit(Draft {
                    severity: Severity::Error,
                    ..draft
                });
            } else {
                sink.emit(draft.fix(Some(Fix::RemoveColumn)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Mode;
    use crate::date::Date;
    use crate::parse::Parser;

    fn table(header: &str, context: &RuleContext) -> Table {
        let mut record = Record::default();
        Parser::new(b',').next(header.as_bytes(), true, &mut record);
        let mut sink = Sink::new(None);
        read_header(&record, b',', &Edits::default(), &[], context, &mut sink).expect("a table")
    }

    /// An empty cell skips its column's check only where that check finds nothing in it.
    #[test]
    fn empty_cells_skip_only_the_checks_that_pass_them() {
        let context = RuleContext::on(Date::new(2026, 11, 28).expect("date"));
        let table = table(
            "sourcedId,sex,metadata.notes,status,dateLastModified",
            &context,
        );
        let passes: Vec<bool> = table.cells.iter().map(|c| c.blank_passes).collect();
        // A blank sourcedId is `missing-id`; sex, free text and a bulk file's status are fine
        // blank.
        assert_eq!(passes[..5], [false, true, true, true, true]);
        // With the answer "delta", a blank status is filled: it is checked.
        let delta = RuleContext {
            mode: Some(Mode::Delta),
            ..context
        };
        let table = self::table("sourcedId,status,dateLastModified", &delta);
        assert!(!table.cells[1].blank_passes);
    }
}
