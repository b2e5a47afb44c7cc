//! `id-leading-zeros`: most IDs are numbers of one width, some are shorter — Excel ate the zeros.

use super::{Check, LateFinding, Outcome, RowOutcome, Rule, Scope, SeenRow};
use crate::columns::Column;
use crate::finding::{Code, Detail};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "leading_zeros",
    codes: &[Code::IdLeadingZeros],
    scope: Scope::File,
    check: Check::File(|| Box::<LeadingZeroTracker>::default()),
};

/// Widths remembered; longer numeric IDs are not counted.
const MAX_WIDTH: usize = 40;
/// Rows remembered per width, so the findings can name them.
const REMEMBERED: usize = 10_000;
/// The dominant width must cover at least this share of numeric IDs…
const DOMINANT_SHARE: f64 = 0.8;
/// …of at least this many numeric IDs, before shorter ones look damaged.
const MIN_IDS: u64 = 10;

/// Counts numeric IDs by width.
#[derive(Debug)]
pub(crate) struct LeadingZeroTracker {
    counts: [u64; MAX_WIDTH + 1],
    rows: Vec<Vec<(u64, u64, String)>>,
}

impl Default for LeadingZeroTracker {
    fn default() -> Self {
        LeadingZeroTracker {
            counts: [0; MAX_WIDTH + 1],
            rows: vec![Vec::new(); MAX_WIDTH + 1],
        }
    }
}

impl LeadingZeroTracker {
    /// Notes one ID.
    pub fn observe(&mut self, id: &str, line: u64, record: u64) {
        let width = id.len();
        if width == 0 || width > MAX_WIDTH || !id.bytes().all(|b| b.is_ascii_digit()) {
            return;
        }
        self.counts[width] += 1;
        if self.rows[width].len() < REMEMBERED {
            self.rows[width].push((line, record, id.to_owned()));
        }
    }

    /// The IDs that look shortened, as `(line, record, id, dominant width)`.
    pub fn finish(self) -> Vec<(u64, u64, String, usize)> {
        let total: u64 = self.counts.iter().sum();
        let Some((width, &count)) = self
            .counts
            .iter()
            .enumerate()
            .max_by_key(|(w, c)| (**c, *w))
        else {
            return Vec::new();
        };
        if total < MIN_IDS || (count as f64) < DOMINANT_SHARE * total as f64 {
            return Vec::new();
        }
        let mut found: Vec<_> = self
            .rows
            .into_iter()
            .take(width)
            .flatten()
            .map(|(l, r, id)| (l, r, id, width))
            .collect();
        found.sort_unstable_by_key(|f| f.1);
        found
    }
}

impl super::FileRule for LeadingZeroTracker {
    fn observe(&mut self, row: &SeenRow<'_>, kept: bool, _: &mut Vec<RowOutcome>) -> bool {
        // Removed duplicates are not counted: each student's ID once.
        if let Some(id) = row.view.get(Column::SourcedId).filter(|_| kept) {
            LeadingZeroTracker::observe(self, id, row.line, row.record);
        }
        kept
    }

    fn finish(self: Box<Self>) -> Vec<LateFinding> {
        LeadingZeroTracker::finish(*self)
            .into_iter()
            .map(|(line, record, id, width)| LateFinding {
                line,
                record,
                student: Some(Box::from(id.as_str())),
                column: Column::SourcedId,
                value: Some(id),
                outcome: Outcome::warning(Code::IdLeadingZeros).with_detail(Detail::IdWidth(width)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorter_ids_among_many_of_one_width() {
        let mut tracker = LeadingZeroTracker::default();
        for i in 0..20u64 {
            tracker.observe(&format!("{:06}", 100_000 + i), i + 2, i);
        }
        tracker.observe("4567", 30, 28);
        tracker.observe("abc", 31, 29);
        let found = tracker.finish();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].2.as_str(), found[0].3), ("4567", 6));
    }

    #[test]
    fn mixed_widths_are_not_flagged() {
        let mut tracker = LeadingZeroTracker::default();
        for i in 0..30u64 {
            let id = if i % 2 == 0 { 100_000 + i } else { 1_000 + i };
            tracker.observe(&id.to_string(), i + 2, i);
        }
        assert!(tracker.finish().is_empty());
    }
}
