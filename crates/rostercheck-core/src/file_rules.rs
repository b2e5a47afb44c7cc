//! The file-rules stage: the rules across rows (duplicates, leading zeros, bulk and delta),
//! each a tracker from the registry, seeing every row and reporting as rows go by and when the
//! file ends.

use crate::rules::{self, FileRule, LateFinding, RowOutcome, SeenRow};
use crate::sink::{Draft, Sink};

/// The trackers of one check.
#[derive(Debug)]
pub(crate) struct FileRules {
    trackers: Vec<Box<dyn FileRule>>,
}

impl Default for FileRules {
    fn default() -> Self {
        FileRules {
            trackers: rules::file_rules(),
        }
    }
}

impl FileRules {
    /// Shows `row` to every tracker; returns false when the row is left out (an exact duplicate).
    pub fn observe(&mut self, row: &SeenRow<'_>, out: &mut Vec<RowOutcome>) -> bool {
        let mut kept = true;
        for tracker in &mut self.trackers {
            kept = tracker.observe(row, kept, out);
        }
        kept
    }

    /// The IDs of the rows coming next, as written (a hint).
    pub fn look_ahead(&mut self, ids: &[&[u8]]) {
        for tracker in &mut self.trackers {
            tracker.look_ahead(ids);
        }
    }

    /// About `rows` rows are coming (an estimate from the file's size).
    pub fn expect_rows(&mut self, rows: usize) {
        for tracker in &mut self.trackers {
            tracker.expect_rows(rows);
        }
    }

    /// The findings known only at the end, in registry order.
    pub fn finish(self, sink: &mut Sink, drain: &mut dyn FnMut(&mut Sink)) {
        for late in self.late() {
            let draft = Draft::new(late.outcome.code, late.outcome.severity, late.line)
                .record(Some(late.record))
                .student(late.student.as_deref())
                .column(Some(late.column.name()))
                .value(late.value.as_deref())
                .fix(late.outcome.fix)
                .detail(late.outcome.detail);
            sink.emit(draft);
            drain(sink);
        }
    }

    fn late(self) -> Vec<LateFinding> {
        self.trackers
            .into_iter()
            .flat_map(|tracker| tracker.finish())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::Column;
    use crate::finding::Code;
    use crate::rules::RowView;

    #[test]
    fn an_exact_duplicate_is_left_out_and_not_counted_for_leading_zeros() {
        let mut rules = FileRules::default();
        let mut out = Vec::new();
        for record in 0..12u64 {
            let id = if record == 11 {
                "123".to_string()
            } else {
                format!("{:06}", 100_000 + record)
            };
            let mut view = RowView::default();
            view.set(Column::SourcedId, &id);
            let seen = SeenRow {
                view: &view,
                digest: u128::from(record),
                line: record + 2,
                record,
            };
            assert!(rules.observe(&seen, &mut out));
        }
        let mut view = RowView::default();
        view.set(Column::SourcedId, "100000");
        let copy = SeenRow {
            view: &view,
            digest: 0,
            line: 20,
            record: 18,
        };
        assert!(!rules.observe(&copy, &mut out), "a copy of the first row");
        assert_eq!(out[0].1.code, Code::DuplicateRow);
        let late = rules.late();
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].value.as_deref(), Some("123"));
    }
}
