//! The row stage: a row's fixed values by known column, and the row rules over them.

use crate::cells::Cells;
use crate::input::RecordText;
use crate::rules::{self, RowOutcome, RowView};
use crate::table::Table;

/// The row's values by known column (`text`: the record, as for [`Cells::value`]).
pub(crate) fn view<'a>(table: &Table, cells: &'a Cells, text: &RecordText<'a>) -> RowView<'a> {
    let mut view = RowView::default();
    for &(column, position) in &table.known {
        view.set(column, cells.value(position, text));
    }
    view
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
