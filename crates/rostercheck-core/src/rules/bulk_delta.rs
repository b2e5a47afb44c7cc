//! `bulk-delta-mixed`: bulk rows (blank `status` and `dateLastModified`) and delta rows (both
//! filled) must not be mixed, within a row or across the file [OR12 §3.1].

use super::{Check, LateFinding, Outcome, RowOutcome, Rule, Scope, SeenRow};
use crate::columns::Column;
use crate::finding::{BulkDelta, Code, Detail};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "bulk_delta",
    codes: &[Code::BulkDeltaMixed],
    scope: Scope::File,
    check: Check::File(|| Box::<BulkDeltaTracker>::default()),
};

/// Within one row: status and dateLastModified are both blank or both filled.
fn within_row(status: &str, modified: &str, out: &mut Vec<RowOutcome>) {
    if status.is_empty() != modified.is_empty() {
        let blank = if status.is_empty() {
            Column::Status
        } else {
            Column::DateLastModified
        };
        let outcome = Outcome::error(Code::BulkDeltaMixed)
            .with_detail(Detail::BulkDelta(BulkDelta::WithinRow));
        out.push((Some(blank), outcome));
    }
}

/// Rows remembered per mode, so the findings can name them.
const REMEMBERED: usize = 100_000;

/// Counts bulk rows and delta rows across the file.
#[derive(Debug, Default)]
pub(crate) struct BulkDeltaTracker {
    bulk: Group,
    delta: Group,
}

#[derive(Debug, Default)]
struct Group {
    count: u64,
    /// Line, record and where the `sourcedId` ends in `ids`, of the first rows.
    rows: Vec<(u64, u64, usize)>,
    /// The IDs one after the other: one buffer, not an allocation per row (measured: boxing
    /// each ID cost 3 % of a clean file's instructions).
    ids: String,
}

impl Group {
    fn push(&mut self, line: u64, record: u64, id: Option<&str>) {
        self.count += 1;
        if self.rows.len() < REMEMBERED {
            self.ids.push_str(id.unwrap_or(""));
            self.rows.push((line, record, self.ids.len()));
        }
    }

    /// The rows remembered, with their IDs (`None` for a blank one).
    fn into_rows(self) -> impl Iterator<Item = (u64, u64, Option<Box<str>>)> {
        let mut start = 0;
        self.rows.into_iter().map(move |(line, record, end)| {
            let id = &self.ids[start..end];
            start = end;
            (line, record, (!id.is_empty()).then(|| Box::from(id)))
        })
    }
}

impl BulkDeltaTracker {
    /// Counts a row as delta (status or dateLastModified filled) or bulk (both blank).
    fn count_as(&mut self, delta: bool, id: Option<&str>, line: u64, record: u64) {
        if delta {
            self.delta.push(line, record, id);
        } else {
            self.bulk.push(line, record, id);
        }
    }

    /// The minority rows, as `(line, record, sourcedId, detail)`, when the file mixes both modes.
    fn minority(self) -> Vec<(u64, u64, Option<Box<str>>, BulkDelta)> {
        if self.bulk.count == 0 || self.delta.count == 0 {
            return Vec::new();
        }
        let delta = self.delta.count < self.bulk.count;
        let (minority, majority) = if delta {
            (self.delta, self.bulk.count)
        } else {
            (self.bulk, self.delta.count)
        };
        let detail = BulkDelta::Minority {
            delta,
            minority: minority.count,
            majority,
        };
        minority
            .into_rows()
            .map(|(line, record, id)| (line, record, id, detail))
            .collect()
    }
}

impl super::FileRule for BulkDeltaTracker {
    fn observe(&mut self, row: &SeenRow<'_>, kept: bool, out: &mut Vec<RowOutcome>) -> bool {
        let view = row.view;
        let (status, modified) = (
            view.value(Column::Status),
            view.value(Column::DateLastModified),
        );
        within_row(status, modified, out);
        // Only files with either column have a mode.
        if view.has(Column::Status) || view.has(Column::DateLastModified) {
            let delta = !status.is_empty() || !modified.is_empty();
            let id = view.get(Column::SourcedId);
            self.count_as(delta, id, row.line, row.record);
        }
        kept
    }

    fn finish(self: Box<Self>) -> Vec<LateFinding> {
        self.minority()
            .into_iter()
            .map(|(line, record, student, detail)| LateFinding {
                line,
                record,
                student,
                column: Column::Status,
                value: None,
                outcome: Outcome::error(Code::BulkDeltaMixed)
                    .with_detail(Detail::BulkDelta(detail)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::RowView;
    use super::*;

    fn row(status: &'static str, modified: &'static str) -> RowView<'static> {
        let mut row = RowView::default();
        row.set(Column::Status, status);
        row.set(Column::DateLastModified, modified);
        row
    }

    /// A row as the file rules see it.
    fn observe(tracker: &mut BulkDeltaTracker, view: RowView<'_>, line: u64, record: u64) {
        let seen = SeenRow {
            view: &view,
            digest: 0,
            line,
            record,
        };
        super::super::FileRule::observe(tracker, &seen, true, &mut Vec::new());
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
            within_row(status, modified, &mut out);
            assert_eq!(out.len(), expected, "{status:?} {modified:?}");
        }
    }

    #[test]
    fn across_the_file_the_minority_is_reported() {
        let mut tracker = BulkDeltaTracker::default();
        observe(&mut tracker, row("", ""), 2, 0);
        observe(&mut tracker, row("active", "x"), 3, 1);
        observe(&mut tracker, row("", ""), 4, 2);
        let found = tracker.minority();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0, found[0].1), (3, 1));
        let mut clean = BulkDeltaTracker::default();
        observe(&mut clean, row("", ""), 2, 0);
        assert!(clean.minority().is_empty());
    }
}
