//! `bulk-delta-mixed`: bulk rows (blank `status` and `dateLastModified`) and delta rows (both
//! filled) must not be mixed, within a row or across the file [OR12 §3.1].

use super::{Outcome, RowOutcome, RowRule, RowView};
use crate::columns::Column;
use crate::finding::Code;

/// The registry entry for the within-a-row half.
pub const ROW_RULE: RowRule = RowRule {
    name: "bulk_delta",
    codes: &[Code::BulkDeltaMixed],
    check: check_row,
};

fn check_row(row: &RowView<'_>, out: &mut Vec<RowOutcome>) {
    let (status, modified) = (
        row.value(Column::Status),
        row.value(Column::DateLastModified),
    );
    if status.is_empty() != modified.is_empty() {
        let blank = if status.is_empty() {
            Column::Status
        } else {
            Column::DateLastModified
        };
        out.push((
            Some(blank),
            Outcome::error(Code::BulkDeltaMixed).with_hint("row"),
        ));
    }
}

/// How many row positions are remembered per group: the findings name at most this many rows.
const REMEMBERED: usize = 100_000;

/// The across-the-file half: remembers where bulk and delta rows are, reports the minority.
#[derive(Debug, Default)]
pub struct BulkDeltaTracker {
    bulk: Group,
    delta: Group,
}

#[derive(Debug, Default)]
struct Group {
    count: u64,
    rows: Vec<(u64, u64)>,
}

impl Group {
    fn push(&mut self, line: u64, record: u64) {
        self.count += 1;
        if self.rows.len() < REMEMBERED {
            self.rows.push((line, record));
        }
    }
}

impl BulkDeltaTracker {
    /// Notes one row's mode.
    pub fn observe(&mut self, row: &RowView<'_>, line: u64, record: u64) {
        let delta = !row.value(Column::Status).is_empty()
            || !row.value(Column::DateLastModified).is_empty();
        if delta {
            self.delta.push(line, record);
        } else {
            self.bulk.push(line, record);
        }
    }

    /// The minority rows, as `(line, record, hint)`, when the file mixes both modes.
    pub fn finish(self) -> Vec<(u64, u64, String)> {
        if self.bulk.count == 0 || self.delta.count == 0 {
            return Vec::new();
        }
        let (minority, hint) = if self.delta.count < self.bulk.count {
            let hint = format!("delta:{}:{}", self.delta.count, self.bulk.count);
            (self.delta, hint)
        } else {
            let hint = format!("bulk:{}:{}", self.bulk.count, self.delta.count);
            (self.bulk, hint)
        };
        minority
            .rows
            .into_iter()
            .map(|(line, record)| (line, record, hint.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: &'static str, modified: &'static str) -> RowView<'static> {
        let mut row = RowView::default();
        row.set(Column::Status, status);
        row.set(Column::DateLastModified, modified);
        row
    }

    #[test]
    fn within_a_row() {
        for (status, modified, expected) in [
            ("", "", 0),
            ("active", "2024-01-01T00:00:00.000Z", 0),
            ("active", "", 1),
            ("", "2024-01-01T00:00:00.000Z", 1),
        ] {
            let mut out = Vec::new();
            check_row(&row(status, modified), &mut out);
            assert_eq!(out.len(), expected, "{status:?} {modified:?}");
        }
    }

    #[test]
    fn across_the_file_the_minority_is_reported() {
        let mut tracker = BulkDeltaTracker::default();
        tracker.observe(&row("", ""), 2, 0);
        tracker.observe(&row("active", "x"), 3, 1);
        tracker.observe(&row("", ""), 4, 2);
        let found = tracker.finish();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0, found[0].1), (3, 1));
        let mut clean = BulkDeltaTracker::default();
        clean.observe(&row("", ""), 2, 0);
        assert!(clean.finish().is_empty());
    }
}
