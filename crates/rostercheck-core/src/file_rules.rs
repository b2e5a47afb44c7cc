//! The file-rules stage: the rules across rows (duplicates, leading zeros, bulk and delta),
//! each a tracker from the registry, seeing every row and reporting as rows go by and when the
//! file ends.

use crate::bundle::Users;
use crate::records::LOOK_AHEAD;
use crate::rules::{self, FileRule, LateFinding, RowOutcome, SeenRow};
use crate::sink::{Draft, Sink};
use crate::table::Table;

/// The trackers of one check.
#[derive(Debug)]
pub(crate) struct FileRules {
    trackers: Vec<Box<dyn FileRule>>,
    /// The file's size in bytes, when the caller knows it, and the rows and bytes of rows seen
    /// so far: together they estimate how many rows will come.
    expected_bytes: Option<u64>,
    rows: u64,
    bytes_of_rows: u64,
}

impl Default for FileRules {
    fn default() -> Self {
        FileRules {
            trackers: rules::file_rules(),
            expected_bytes: None,
            rows: 0,
            bytes_of_rows: 0,
        }
    }
}

/// After this many rows, their average length and the file's size tell how many rows to make
/// room for.
const ROWS_TO_ESTIMATE: u64 = 1024;

/// The most rows room is made for at once (a wrong estimate costs memory, not correctness; it
/// also keeps the duplicate table's size far from overflowing).
const MAX_ROWS_TO_EXPECT: usize = 20_000_000;

/// Room is made for at most one row per this many bytes of the file: a wrong estimate (short
/// rows first, long ones after) never makes the duplicate table (32 bytes a row, half full)
/// larger than the file (found by review: 1,024 one-character rows first asked for 1 GiB).
const SHORTEST_ROW: u64 = 32;

impl FileRules {
    /// Shows `row` to every tracker; returns false when the row is left out (an exact duplicate).
    pub fn observe(&mut self, row: &SeenRow<'_>, out: &mut Vec<RowOutcome>) -> bool {
        let mut kept = true;
        for tracker in &mut self.trackers {
            kept = tracker.observe(row, kept, out);
        }
        kept
    }

    /// Shows the trackers the IDs of the next rows, as written in `ahead` (the text after the
    /// current record), so that the duplicate map can fetch their places all at once (see
    /// `rules::duplicates`). An ID after a quote is skipped: this is only a hint.
    pub fn look_ahead(
        &mut self,
        table: &Table,
        ahead: &[u8],
        delimiter: u8,
        users: Option<&Users>,
    ) {
        let Some(column) = table.sourced_id.and_then(|p| table.cells[p].source) else {
            return;
        };
        let mut ids = [&b""[..]; LOOK_AHEAD];
        let mut count = 0;
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', ahead).take(LOOK_AHEAD) {
            let line = &ahead[start..end];
            start = end + 1;
            // Fields are plain text up to the first quote.
            let plain = memchr::memchr(b'"', line).map_or(line, |quote| &line[..quote]);
            let mut fields = plain.split(|&b| b == delimiter);
            let id = fields.nth(column);
            // The ID ends before the quote (another field follows it), or the line has none.
            if let Some(id) = id.filter(|_| fields.next().is_some() || plain.len() == line.len()) {
                ids[count] = id.strip_suffix(b"\r").unwrap_or(id);
                count += 1;
            }
        }
        for tracker in &mut self.trackers {
            tracker.look_ahead(&ids[..count]);
        }
        if let Some(users) = users {
            users.fetch(&ids[..count]);
        }
    }

    /// The file is about `bytes` long: room for its rows is made once enough rows were seen
    /// to know their length (see [`FileRules::note_row`]).
    pub fn expect_bytes(&mut self, bytes: u64) {
        self.expected_bytes = Some(bytes);
    }

    /// Counts a checked data row (not blank, not excluded) of `length` bytes towards the
    /// estimate of the rows to come; returns the estimate when it is made (once).
    pub fn note_row(&mut self, length: usize) -> Option<usize> {
        let expected = self.expected_bytes?;
        self.rows += 1;
        self.bytes_of_rows += length as u64;
        if self.rows != ROWS_TO_ESTIMATE {
            return None;
        }
        let average = (self.bytes_of_rows / ROWS_TO_ESTIMATE).max(SHORTEST_ROW);
        let rows = usize::try_from(expected / average).unwrap_or(usize::MAX);
        let rows = rows.min(MAX_ROWS_TO_EXPECT);
        for tracker in &mut self.trackers {
            tracker.expect_rows(rows);
        }
        Some(rows)
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
mod estimate_tests {
    use super::*;

    /// The row estimate is made once, from the average of the first rows, and is bounded by
    /// the file's size.
    #[test]
    fn room_is_made_for_the_rows_the_size_promises_and_never_more_than_the_file() {
        let estimate = |first_rows: usize, bytes: u64| {
            let mut rules = FileRules::default();
            rules.expect_bytes(bytes);
            let made: Vec<usize> = (0..2 * ROWS_TO_ESTIMATE)
                .filter_map(|_| rules.note_row(first_rows))
                .collect();
            assert_eq!(made.len(), 1, "made once");
            made[0]
        };
        assert_eq!(estimate(100, 100_000_000), 1_000_000);
        assert_eq!(estimate(1, 20_000_000), 625_000, "one-byte rows first");
        assert_eq!(estimate(40, u64::MAX), MAX_ROWS_TO_EXPECT);
        let mut unknown = FileRules::default();
        assert_eq!(unknown.note_row(10), None, "no size, no estimate");
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
