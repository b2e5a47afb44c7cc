//! The row stage: a row's fixed values by known column, the row rules over them, the row's
//! canonical bytes and digest, and its findings.

use crate::cells::{self, CellOutcome, Cells};
use crate::columns::Column;
use crate::input::RecordText;
use crate::rules::{self, duplicates, RowOutcome, RowView, RuleContext};
use crate::sink::{Draft, Sink};
use crate::table::Table;
use crate::writer::Writer;

/// The row's values by known column (`text`: the record they are read from).
pub(crate) fn view<'a>(
    table: &'a Table,
    cells: &'a Cells,
    text: &'a RecordText<'a>,
) -> RowView<'a> {
    RowView::of_row(&table.positions, cells.values(text))
}

/// Prepares the row in the writer and returns its canonical bytes (`changed`: a cell rule or
/// edit changed a value). A row that needs no change is copied as read; one whose few changed
/// values lie in a plain line has them spliced into it; any other is encoded field by field.
/// All three give the same bytes.
pub(crate) fn prepare<'w>(
    writer: &'w mut Writer,
    table: &Table,
    cells: &Cells,
    text: &RecordText<'_>,
    changed: bool,
    raw: &'w [u8],
) -> &'w [u8] {
    // A decoded record is never copied as read: it is written in UTF-8, its fields read as
    // Windows-1252 spliced in like changed values (measured: callgrind, 100,000 rows of
    // `examples/generate excel`, -1.5 % instructions against encoding every field).
    let utf8 = text.is_utf8();
    let same_fields = cells.len() == table.plan.input.len() && text.len() == cells.len();
    let splice = table.verbatim && same_fields && (changed || !utf8);
    if splice && writer.splice(raw, cells.replaced(text)) {
        return writer.prepared(raw);
    }
    // Copied as read when nothing changed and the line is as the writer would write it;
    // encoded otherwise.
    let values = cells.values(text);
    let fields = (0..cells.len()).map(|i| values.get(i));
    let copy = table.verbatim && utf8 && !changed && text.record.as_written;
    writer.prepare(raw, copy, fields)
}

/// The 128-bit digest duplicates are found by: the canonical bytes, and what the findings must
/// not depend on (`both_readings`: see [`Cells::both_readings`]).
pub(crate) fn digest(
    canonical: &[u8],
    table: &Table,
    text: &RecordText<'_>,
    both_readings: &[u8],
    context: &RuleContext,
) -> u128 {
    if table.plan.blank.is_empty() && both_readings.is_empty() {
        return duplicates::digest(canonical);
    }
    // Rows that differ only in a nameless column left out for now are not copies: the second
    // pass may keep that column (found by fuzzing: a row was reported removed, then written).
    // Their values join the digest, so the findings never depend on the layout.
    let mut bytes = canonical.to_vec();
    for &i in &table.unwritten_blank {
        bytes.push(0x1F);
        // A field the row lacks is empty, as the padded row is written.
        if i < text.len() {
            bytes.extend_from_slice(cells::clean(text.field(i), context).as_bytes());
        }
    }
    bytes.extend_from_slice(both_readings);
    duplicates::digest(&bytes)
}

/// Hands the row's findings to the sink: the cell rules' (each about a value as it was seen),
/// then the row and file rules'. `at`: the row's line and record.
pub(crate) fn emit(
    at: Draft<'_>,
    table: &Table,
    (cell_outcomes, row_outcomes): (&[CellOutcome], &[RowOutcome]),
    view: &RowView<'_>,
    sink: &mut Sink,
) {
    let at = at.student(view.get(Column::SourcedId));
    for (position, outcome, seen) in cell_outcomes {
        let column = Some(table.plan.output[*position].name.as_str());
        sink.emit(Draft::of_outcome(&at, outcome, column, Some(seen)));
    }
    for (column, outcome) in row_outcomes {
        let value = column.map(|c| view.value(c));
        let column = column.map(Column::name);
        sink.emit(Draft::of_outcome(&at, outcome, column, value));
    }
}

/// Runs every row rule of the registry, in order, pushing what they find.
pub(crate) fn check(view: &RowView<'_>, out: &mut Vec<RowOutcome>) {
    for check in rules::row_checks() {
        check(view, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::Column;
    use crate::finding::Code;

    #[test]
    fn runs_the_registered_row_rules() {
        let mut view = RowView::default();
        view.set(Column::Asian, "true");
        view.set(Column::White, "true");
        view.set(Column::IdeaIndicator, "No");
        view.set(Column::IepStatus, "Yes");
        let mut out = Vec::new();
        check(&view, &mut out);
        let codes: Vec<Code> = out.iter().map(|(_, o)| o.code).collect();
        assert_eq!(
            codes,
            [Code::RaceFlagsInconsistent, Code::DisabilityInconsistent]
        );
    }
}
