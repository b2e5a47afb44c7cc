//! The finding sink: every finding passes here once — drafted by a stage or rule, counted,
//! worded, and kept (or left to the caller to take as the check goes).

use crate::decisions::Pending;
use crate::finding::{Code, Detail, Finding, Fix, Severity};
use crate::messages::{message, MessageArgs};
use crate::report::{Report, Totals};
use crate::rules::Outcome;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

/// A finding before it is counted and worded: borrowed parts, nothing allocated.
#[derive(Debug)]
pub(crate) struct Draft<'a> {
    pub code: Code,
    pub severity: Severity,
    pub line: u64,
    pub record: Option<u64>,
    pub column: Option<&'a str>,
    pub value: Option<&'a str>,
    pub fix: Option<Fix>,
    pub detail: Detail,
    pub student: Option<&'a str>,
    /// The bundle's file it is in, when not the demographics file checked.
    pub file: Option<&'a str>,
}

impl<'a> Draft<'a> {
    /// A finding at `line`, about nothing more yet.
    pub fn new(code: Code, severity: Severity, line: u64) -> Self {
        Draft {
            code,
            severity,
            line,
            record: None,
            column: None,
            value: None,
            fix: None,
            detail: Detail::None,
            student: None,
            file: None,
        }
    }

    /// About data row `record`.
    pub fn record(mut self, record: Option<u64>) -> Self {
        self.record = record;
        self
    }

    /// About `column`.
    pub fn column(mut self, column: Option<&'a str>) -> Self {
        self.column = column;
        self
    }

    /// About `value`, as written.
    pub fn value(mut self, value: Option<&'a str>) -> Self {
        self.value = value;
        self
    }

    /// The `sourcedId` of the finding's row (a blank one is none).
    pub fn student(mut self, id: Option<&'a str>) -> Self {
        self.student = id.filter(|id| !id.is_empty());
        self
    }

    /// With what the checker does about it.
    pub fn fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// A rule's verdict as a finding at the line and record of `at`.
    pub fn of_outcome(
        at: &Draft<'a>,
        outcome: &Outcome,
        column: Option<&'a str>,
        value: Option<&'a str>,
    ) -> Self {
        Draft::new(outcome.code, outcome.severity, at.line)
            .record(at.record)
            .student(at.student)
            .column(column)
            .value(value)
            .fix(outcome.fix.clone())
            .detail(outcome.detail)
    }

    /// With what the message needs to know.
    pub fn detail(mut self, detail: Detail) -> Self {
        self.detail = detail;
        self
    }

    /// In the bundle's file `file` (not the demographics file checked).
    pub fn file(mut self, file: Option<&'a str>) -> Self {
        self.file = file;
        self
    }
}

/// Counts over all findings (kept or not).
///
/// Every finding is counted, so counting is on the path of a million-finding file: codes are
/// counted by their place in [`Code::ALL`] and columns in a hash map (a file may have 100,000
/// columns); the sorted maps of the report are made once at the end. (Measured with
/// `perf record` on the 1,000,000-row Excel-style file, one fix a row: the `BTreeMap` entries,
/// code and column name compared for every finding, were a visible share of the check.)
#[derive(Debug)]
pub(crate) struct Counts {
    pub totals: Totals,
    by_code: Vec<Option<Totals>>,
    /// Each column counted, in the order first counted.
    columns: Vec<(String, Totals)>,
    /// Where each column is in `columns`.
    by_column: HashMap<String, usize>,
    /// The column counted last: findings come a row at a time, and a file of a million `M`
    /// has a million in one column. Comparing the name is cheaper than hashing it (measured:
    /// callgrind, 100,000 rows of `examples/generate excel`, see BENCHMARKS.md).
    last: usize,
}

impl Default for Counts {
    fn default() -> Self {
        Counts {
            totals: Totals::default(),
            by_code: vec![None; Code::ALL.len()],
            columns: Vec::new(),
            by_column: HashMap::new(),
            last: 0,
        }
    }
}

impl Counts {
    fn add(&mut self, code: Code, column: Option<&str>, severity: Severity, fixed: bool) {
        self.totals.add(severity, fixed);
        // `Code::ALL` lists the codes in declaration order (one macro makes both).
        self.by_code[code as usize]
            .get_or_insert_with(Totals::default)
            .add(severity, fixed);
        let Some(column) = column else {
            return;
        };
        let last = self
            .columns
            .get(self.last)
            .filter(|(name, _)| name == column);
        if last.is_none() {
            self.last = match self.by_column.get(column) {
                Some(&at) => at,
                None => {
                    self.columns.push((column.to_owned(), Totals::default()));
                    let at = self.columns.len() - 1;
                    self.by_column.insert(column.to_owned(), at);
                    at
                }
            };
        }
        self.columns[self.last].1.add(severity, fixed);
    }

    /// The counts by code, for the report.
    pub fn by_code(&self) -> BTreeMap<Code, Totals> {
        let counted = Code::ALL.iter().zip(&self.by_code);
        counted
            .filter_map(|(&code, totals)| Some((code, (*totals)?)))
            .collect()
    }

    /// The counts by column, for the report.
    pub fn by_column(&self) -> BTreeMap<String, Totals> {
        let counted = self.columns.iter();
        counted
            .map(|(name, totals)| (name.clone(), *totals))
            .collect()
    }
}

/// A kept finding, ordered by line and then by the order it was made.
#[derive(Debug)]
struct ByLine {
    seq: u64,
    finding: Finding,
}

impl ByLine {
    fn key(&self) -> (u64, u64) {
        (self.finding.line, self.seq)
    }
}

impl PartialEq for ByLine {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for ByLine {}

impl PartialOrd for ByLine {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ByLine {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

/// Where findings go.
#[derive(Debug)]
pub(crate) struct Sink {
    pub counts: Counts,
    decisions: Pending,
    /// The findings kept: in the order made until the cap is reached, then a max-heap by line
    /// (to evict the last line when an earlier one comes).
    listed: Vec<ByLine>,
    capped: BinaryHeap<ByLine>,
    cap: Option<usize>,
    /// At most this many of each code and severity are kept, and how many each has kept.
    per_kind: Option<usize>,
    kept_of_kind: Vec<usize>,
    seq: u64,
    pub truncated: bool,
}

impl Sink {
    /// A sink keeping at most `cap` findings (all when `None`).
    pub fn new(cap: Option<usize>) -> Sink {
        Sink {
            counts: Counts::default(),
            decisions: Pending::default(),
            listed: Vec::new(),
            capped: BinaryHeap::new(),
            cap,
            per_kind: None,
            kept_of_kind: vec![0; Code::ALL.len() * 3],
            seq: 0,
            truncated: false,
        }
    }

    /// Keeps at most `per_kind` findings of each code and severity (see
    /// [`crate::Options::max_per_kind`]).
    pub fn keep_per_kind(mut self, per_kind: Option<usize>) -> Sink {
        self.per_kind = per_kind;
        self
    }

    /// Keeps every finding from here on. The limit per kind keeps the first ones made, which
    /// are the first by line only while the rows go by: at the end of the file, findings about
    /// earlier rows come after later ones (found by review: an ambiguous `dateLastModified` on
    /// line 2, made after five birth dates, was left out of a summary that lists the first five
    /// by line).
    pub fn keep_all_kinds(&mut self) {
        self.per_kind = None;
    }

    /// Counts a finding and keeps it unless the cap is reached by findings on earlier lines;
    /// the message and the owned strings are only made for findings that are kept.
    pub fn emit(&mut self, draft: Draft<'_>) {
        self.count(&draft);
        let decision = self.decisions.note(&draft);
        if let Some(per_kind) = self.per_kind {
            let kind = draft.code as usize * 3 + draft.severity as usize;
            if self.kept_of_kind[kind] >= per_kind {
                self.truncated = true;
                return;
            }
            self.kept_of_kind[kind] += 1;
        }
        let key = (draft.line, self.seq);
        self.seq += 1;
        let Some(cap) = self.cap else {
            let finding = word(draft, decision);
            self.listed.push(ByLine {
                seq: key.1,
                finding,
            });
            return;
        };
        if self.capped.len() + self.listed.len() >= cap {
            self.truncated = true;
            // Rare: from here on the kept findings are a heap. The first time, the list becomes
            // the heap in place: copied, it would be held twice at the moment of the copy, and
            // the list's room kept after (60 MB each for 250,000 findings: the worker's peak
            // memory on a messy 1,000,000-row file, issue 8).
            if self.capped.is_empty() {
                self.capped = BinaryHeap::from(std::mem::take(&mut self.listed));
            } else if !self.listed.is_empty() {
                self.capped.extend(self.listed.drain(..));
            }
            match self.capped.peek() {
                Some(last) if key < last.key() => {
                    self.capped.pop();
                }
                _ => return,
            }
        }
        let finding = word(draft, decision);
        self.listed.push(ByLine {
            seq: key.1,
            finding,
        });
    }

    fn count(&mut self, draft: &Draft<'_>) {
        let fixed = draft.fix.is_some();
        (self.counts).add(draft.code, draft.column, draft.severity, fixed);
    }

    /// Puts the counts and the findings kept into `report`.
    pub fn fill(mut self, report: &mut Report) {
        report.findings = self.take();
        report.truncated = self.truncated;
        report.totals = self.counts.totals;
        report.by_code = self.counts.by_code();
        report.by_column = self.counts.by_column();
        report.decisions = self.decisions.decisions();
    }

    /// True when more than `at` findings are kept, not taken yet, and no cap bounds them.
    pub fn holds_over(&self, at: usize) -> bool {
        self.cap.is_none() && self.listed.len() > at
    }

    /// The findings kept so far, by line, taken out of the sink.
    pub fn take(&mut self) -> Vec<Finding> {
        let mut kept = std::mem::take(&mut self.listed);
        if self.capped.is_empty() {
            // Nearly sorted already (most findings come in line order): the stable sort is
            // quick on it.
            kept.sort_by_key(ByLine::key);
            return kept.into_iter().map(|kept| kept.finding).collect();
        }
        // The heap's own vector, not a copy of it (a second 60 MB for 250,000 findings).
        let mut heap = std::mem::take(&mut self.capped).into_vec();
        heap.append(&mut kept);
        let mut kept = heap;
        // A heap is far from sorted, and the findings are large: their keys are sorted and the
        // findings put in that order in place, by cycles of swaps (measured: callgrind, 100,000
        // rows of `examples/generate excel` with a cap of 100,000 findings, -9.8 % instructions
        // against sorting the findings themselves; see BENCHMARKS.md), without a second vector
        // of findings (the worker's peak memory on a messy 1,000,000-row file, issue 8).
        let mut order: Vec<usize> = (0..kept.len()).collect();
        order.sort_unstable_by_key(|&at| kept[at].key());
        put_in_order(&mut kept, order);
        kept.into_iter().map(|kept| kept.finding).collect()
    }
}

/// Reorders `items` in place so that item `at` is the one that was at `order[at]` (`order` a
/// permutation of the places), following each cycle of the permutation with swaps.
fn put_in_order<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

fn word(draft: Draft<'_>, decision: Option<String>) -> Finding {
    let args = MessageArgs {
        column: draft.column,
        value: draft.value,
        fixed: draft.fix.as_ref().map(Fix::display),
        detail: draft.detail,
    };
    Finding {
        code: draft.code,
        severity: draft.severity,
        line: draft.line,
        record: draft.record,
        column: draft.column.map(str::to_owned),
        value: draft.value.map(str::to_owned),
        message: message(draft.code, args),
        fix: draft.fix,
        sourced_id: draft.student.map(str::to_owned),
        decision,
        file: draft.file.map(str::to_owned),
        cell: None,
    }
}

/// Words a finding made outside the check of demographics.csv (the bundle's other files).
pub(crate) fn finding(draft: Draft<'_>) -> Finding {
    word(draft, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_in_order_follows_every_cycle() {
        // Permutations made by a small linear congruential generator: many cycles of every
        // length, fixed points, and the empty and one-item lists.
        let mut seed = 7_u64;
        for len in [0_usize, 1, 2, 3, 10, 257, 1_000] {
            let mut order: Vec<usize> = (0..len).collect();
            for at in (1..len).rev() {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                order.swap(at, (seed >> 33) as usize % (at + 1));
            }
            let items: Vec<String> = (0..len).map(|n| format!("item {n}")).collect();
            let want: Vec<String> = order.iter().map(|&from| items[from].clone()).collect();
            let mut got = items;
            put_in_order(&mut got, order);
            assert_eq!(got, want, "{len} items");
        }
    }

    fn at(line: u64) -> Draft<'static> {
        Draft::new(Code::InvalidSex, Severity::Error, line).value(Some("X"))
    }

    #[test]
    fn a_few_of_each_kind_are_kept_and_all_are_counted() {
        let mut sink = Sink::new(None).keep_per_kind(Some(2));
        for line in 2..10 {
            sink.emit(Draft::new(Code::InvalidSex, Severity::Warning, line));
            sink.emit(Draft::new(Code::InvalidSex, Severity::Error, line));
        }
        sink.emit(Draft::new(Code::BlankRow, Severity::Info, 11));
        let kept: Vec<(Code, Severity, u64)> = sink
            .take()
            .iter()
            .map(|f| (f.code, f.severity, f.line))
            .collect();
        assert_eq!(
            kept,
            [
                (Code::InvalidSex, Severity::Warning, 2),
                (Code::InvalidSex, Severity::Error, 2),
                (Code::InvalidSex, Severity::Warning, 3),
                (Code::InvalidSex, Severity::Error, 3),
                (Code::BlankRow, Severity::Info, 11),
            ]
        );
        let mut report = Report::default();
        sink.fill(&mut report);
        assert_eq!(report.totals.warnings + report.totals.errors, 16);
    }

    #[test]
    fn codes_are_counted_at_their_place() {
        for (index, &code) in Code::ALL.iter().enumerate() {
            assert_eq!(code as usize, index, "{code:?}");
        }
        let mut sink = Sink::new(None);
        sink.emit(Draft::new(Code::InvalidSex, Severity::Warning, 2).column(Some("sex")));
        sink.emit(Draft::new(Code::BlankRow, Severity::Info, 3));
        sink.emit(Draft::new(Code::InvalidSex, Severity::Error, 4).column(Some("sex")));
        sink.emit(Draft::new(Code::InvalidBoolean, Severity::Error, 4).column(Some("asian")));
        // Back to a column counted before another.
        sink.emit(Draft::new(Code::InvalidSex, Severity::Error, 5).column(Some("sex")));
        let mut report = Report::default();
        sink.fill(&mut report);
        let sex = report.by_code[&Code::InvalidSex];
        assert_eq!((sex.errors, sex.warnings), (2, 1));
        assert_eq!(report.by_code.len(), 3);
        assert_eq!(
            report.by_column["sex"].errors + report.by_column["sex"].warnings,
            3
        );
        assert_eq!(report.by_column.len(), 2);
        assert_eq!(report.by_column["asian"].errors, 1);
        assert_eq!(report.totals.infos, 1);
    }

    #[test]
    fn counts_every_finding_and_keeps_them_by_line() {
        let mut sink = Sink::new(None);
        for line in [3, 2, 5, 2] {
            sink.emit(at(line));
        }
        let lines: Vec<u64> = sink.take().iter().map(|f| f.line).collect();
        assert_eq!(lines, [2, 2, 3, 5]);
        assert_eq!(sink.counts.totals.errors, 4);
        assert!(!sink.truncated);
    }

    #[test]
    fn the_cap_keeps_the_earliest_lines_even_when_they_come_last() {
        let mut sink = Sink::new(Some(2));
        for line in [10, 11, 12, 2] {
            sink.emit(at(line));
        }
        let lines: Vec<u64> = sink.take().iter().map(|f| f.line).collect();
        assert_eq!(
            lines,
            [2, 10],
            "a finding known at the end is not the one dropped"
        );
        assert!(sink.truncated);
        assert_eq!(sink.counts.totals.errors, 4, "counts stay exact");
        assert_eq!(sink.counts.by_code()[&Code::InvalidSex].errors, 4);
    }

    #[test]
    fn past_the_cap_the_lowest_lines_come_out_in_order() {
        let mut sink = Sink::new(Some(50));
        // Lines in a scrambled order, each twice.
        let lines: Vec<u64> = (0..400).map(|i| (i * 7919) % 200).collect();
        for &line in &lines {
            sink.emit(at(line).value(Some(if line % 2 == 0 { "a" } else { "b" })));
        }
        let kept: Vec<u64> = sink.take().iter().map(|f| f.line).collect();
        let mut expected = lines.clone();
        expected.sort();
        expected.truncate(50);
        assert_eq!(kept, expected);
        assert!(sink.truncated);
    }

    #[test]
    fn a_cap_of_zero_keeps_nothing_but_counts() {
        let mut sink = Sink::new(Some(0));
        sink.emit(at(1));
        assert!(sink.take().is_empty());
        assert_eq!(sink.counts.totals.errors, 1);
    }
}
