//! Decisions: where a value or the file has more than one right answer, the checker asks
//! instead of guessing. A decision is data — a key, a question, its choices, the rows it
//! affects and the evidence — built from the findings that wait for it; an answer
//! ([`crate::Answers`]) is applied on the next check.
//!
//! The date-order stage lives here too: whether `3/4/2012` in a date column is March 4 or
//! 3 April is known only from the rest of the column, so its ambiguous dates wait for the end of
//! the file (see [`DateOrderStage`]).

use crate::answers::{Mode, DATE_COLUMNS};
use crate::cells::{check_value, CellOutcome};
use crate::columns::Column;
use crate::date::DateOrder;
use crate::finding::{BulkDelta, Code, Detail, Severity};
use crate::messages;
use crate::rules::{column_check, About, Outcome, RuleContext, Stage};
use crate::sink::{Draft, Sink};
use crate::table::Table;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// The registry entry of the date-order stage: it reports the ambiguous dates of a column
/// whose order the file does not tell (the date rules report them when it is known).
pub(crate) const STAGE: Stage = Stage {
    name: "date_order",
    about: About::Value,
    codes: &[Code::AmbiguousDate],
};

/// A question the checker cannot answer alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Stable key, answered as `KEY=ANSWER`: `date-order:birthDate`, `mode`,
    /// `value:COLUMN:VALUE`.
    pub key: String,
    /// The question in plain words.
    pub question: String,
    /// The column it is about, if one.
    pub column: Option<String>,
    /// The value it is about, for a value with several meanings.
    pub value: Option<String>,
    /// The possible answers.
    pub choices: Vec<Choice>,
    /// Data rows that wait for the answer.
    pub rows: u64,
    /// The first lines (as in [`crate::Finding::line`]) of those rows.
    pub lines: Vec<u64>,
    /// What the file shows, in plain words.
    pub evidence: String,
}

/// One possible answer to a [`Decision`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// What to give as the answer (`dmy`, `bulk`, `CD`).
    pub answer: String,
    /// What it means.
    pub label: String,
}

/// How many lines a decision names.
const LINES_NAMED: usize = 20;

/// The key of the decision a finding waits for, if it waits for one.
pub(crate) fn key(
    code: Code,
    detail: Detail,
    column: Option<&str>,
    value: Option<&str>,
) -> Option<String> {
    match (code, detail) {
        (Code::AmbiguousDate, Detail::DateOrderOpen(_)) => {
            Some(format!("date-order:{}", column.unwrap_or("")))
        }
        (Code::BulkDeltaMixed, Detail::BulkDelta(BulkDelta::Answered(_))) => None,
        (Code::BulkDeltaMixed, _) => Some("mode".into()),
        (_, Detail::Choices(_)) => Some(format!(
            "value:{}:{}",
            column.unwrap_or(""),
            value.unwrap_or("")
        )),
        _ => None,
    }
}

/// The decisions of one check, gathered from the findings that wait for them.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    open: BTreeMap<String, Gathered>,
}

#[derive(Debug)]
struct Gathered {
    code: Code,
    detail: Detail,
    column: Option<String>,
    value: Option<String>,
    records: HashSet<u64>,
    lines: Vec<u64>,
}

impl Pending {
    /// Notes a finding about to be kept; returns its decision's key.
    pub fn note(&mut self, draft: &Draft<'_>) -> Option<String> {
        let key = key(draft.code, draft.detail, draft.column, draft.value)?;
        let minority = matches!(draft.detail, Detail::BulkDelta(BulkDelta::Minority { .. }));
        let gathered = self.open.entry(key.clone()).or_insert_with(|| Gathered {
            code: draft.code,
            detail: draft.detail,
            column: draft.column.map(str::to_owned),
            value: draft.value.map(str::to_owned),
            records: HashSet::new(),
            lines: Vec::new(),
        });
        // The file's counts say more than one row's mismatch: the question shows them.
        if minority
            && !matches!(
                gathered.detail,
                Detail::BulkDelta(BulkDelta::Minority { .. })
            )
        {
            gathered.detail = draft.detail;
            gathered.column = None;
        }
        if let Some(record) = draft.record {
            if gathered.records.insert(record) && gathered.lines.len() < LINES_NAMED {
                gathered.lines.push(draft.line);
            }
        }
        Some(key)
    }

    /// The decisions, in key order.
    pub fn decisions(self) -> Vec<Decision> {
        self.open
            .into_iter()
            .map(|(key, mut gathered)| {
                gathered.lines.sort_unstable();
                let words = messages::decision(
                    gathered.code,
                    gathered.detail,
                    gathered.column.as_deref(),
                    gathered.value.as_deref(),
                );
                Decision {
                    key,
                    question: words.question,
                    column: gathered.column,
                    value: gathered.value,
                    choices: words
                        .choices
                        .into_iter()
                        .map(|(answer, label)| Choice { answer, label })
                        .collect(),
                    rows: gathered.records.len() as u64,
                    lines: gathered.lines,
                    evidence: words.evidence,
                }
            })
            .collect()
    }
}

/// What is known of the order of day and month of each date column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct DateOrders([ColumnOrder; 2]);

/// What is known of one date column's order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum ColumnOrder {
    /// Not known yet: the file's end tells. Until then ambiguous dates are written month
    /// first (the US order, right for most files), and the file is written again if that
    /// proves wrong.
    #[default]
    Unknown,
    /// Known.
    Known(Ordered),
    /// The person's to decide: ambiguous dates are left as written.
    Open,
}

/// A date column's order, and how it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ordered {
    pub order: DateOrder,
    pub basis: Basis,
}

/// How a date column's order is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Basis {
    /// The person answered it.
    Answer,
    /// A date of the column can only be read this way, and none only the other: this line.
    Evidence { line: u64 },
}

/// The order ambiguous dates are written in while the column's order is unknown.
const PROVISIONAL: DateOrder = DateOrder::MonthFirst;

impl DateOrders {
    fn slot(column: Column) -> Option<usize> {
        DATE_COLUMNS.iter().position(|&c| c == column)
    }

    /// What is known of `column`'s order.
    pub fn of(&self, column: Column) -> ColumnOrder {
        Self::slot(column).map_or(ColumnOrder::Unknown, |slot| self.0[slot])
    }

    /// The order of `column`, if known.
    #[cfg(test)]
    pub fn get(&self, column: Column) -> Option<Ordered> {
        match self.of(column) {
            ColumnOrder::Known(ordered) => Some(ordered),
            _ => None,
        }
    }

    /// Knows this of `column`'s order.
    pub fn set(&mut self, column: Column, order: ColumnOrder) {
        if let Some(slot) = Self::slot(column) {
            self.0[slot] = order;
        }
    }

    /// These orders, with `other`'s where this knows nothing.
    pub fn or(mut self, other: DateOrders) -> DateOrders {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            if *mine == ColumnOrder::Unknown {
                *mine = theirs;
            }
        }
        self
    }
}

/// The verdict on a date with two readings in `column`: read in the column's order when it is
/// known; left as written when it is the person's decision; else written month first for now
/// and kept back until the file's end tells ([`Detail::DateOrderPending`]). `write` gives the
/// date's corrected text.
pub(crate) fn ambiguous_date(
    column: Column,
    loose: crate::date::Loose,
    context: &RuleContext,
    write: impl Fn(crate::date::Date) -> String,
) -> Outcome {
    let read = |order| loose.read(Some(order)).map(&write);
    let pending = Outcome::error(Code::AmbiguousDate).with_detail(Detail::DateOrderPending);
    match context.date_orders.of(column) {
        ColumnOrder::Known(ordered) => match read(ordered.order) {
            Some(date) => Outcome::fixed(Code::AmbiguousDate, Severity::Warning, date)
                .with_detail(Detail::DateOrder(ordered)),
            None => pending,
        },
        ColumnOrder::Open => pending,
        ColumnOrder::Unknown => match read(PROVISIONAL) {
            Some(date) => pending.with_fix(crate::finding::Fix::Value(date.into())),
            None => pending,
        },
    }
}

/// The two readings of an ambiguous date (month first, then day first), as bytes, when its
/// row's comparison with other rows must not depend on which one the file's end picks: always
/// but when the person answered the order (then both passes write it the same from the start).
pub(crate) fn both_readings(outcome: &Outcome, seen: &str) -> Option<[u8; 8]> {
    if outcome.code != Code::AmbiguousDate {
        return None;
    }
    if let Detail::DateOrder(Ordered {
        basis: Basis::Answer,
        ..
    }) = outcome.detail
    {
        return None;
    }
    let loose = crate::date::parse_loose(seen)?;
    let day = |order| {
        loose
            .read(Some(order))
            .map_or(0, |d| d.year as u32 * 10_000 + d.month * 100 + d.day)
    };
    let mut bytes = [0; 8];
    bytes[..4].copy_from_slice(&day(DateOrder::MonthFirst).to_le_bytes());
    bytes[4..8].copy_from_slice(&day(DateOrder::DayFirst).to_le_bytes());
    Some(bytes)
}

/// The date-order stage: sees the findings of the date columns, notes which order each
/// column's unambiguous dates show, and keeps the ambiguous dates until the file ends.
///
/// Memory: per ambiguous date of a column whose order is not known yet, its line, record, text
/// and the row's `sourcedId` (about 50 bytes).
#[derive(Debug, Default)]
pub(crate) struct DateOrderStage {
    columns: [Evidence; 2],
}

#[derive(Debug, Default)]
struct Evidence {
    /// The first line whose date can only be day first, and only month first.
    day_first: Option<u64>,
    month_first: Option<u64>,
    /// The ambiguous dates: line, record, and where the value and the row's `sourcedId` end in
    /// `text`.
    waiting: Vec<(u64, u64, usize, usize)>,
    text: String,
}

impl DateOrderStage {
    /// Looks at a row's cell findings: notes the evidence, and takes out the ambiguous dates
    /// that wait for the end of the file.
    /// `at`: the row's line, record and `sourcedId`.
    pub fn observe(
        &mut self,
        table: &Table,
        outcomes: &mut Vec<CellOutcome>,
        (line, record, id): (u64, u64, Option<&str>),
    ) {
        if outcomes.is_empty() {
            return;
        }
        let column_at = |position: usize| {
            table
                .known
                .iter()
                .find(|&&(_, p)| p == position)
                .map(|&(column, _)| column)
        };
        outcomes.retain(|(position, outcome, seen)| {
            let wanted = matches!(
                outcome.detail,
                Detail::DateShows(_) | Detail::DateOrderPending
            );
            let Some(slot) = wanted
                .then(|| column_at(*position))
                .flatten()
                .and_then(DateOrders::slot)
            else {
                return true;
            };
            let evidence = &mut self.columns[slot];
            match outcome.detail {
                Detail::DateShows(DateOrder::DayFirst) => {
                    evidence.day_first.get_or_insert(line);
                    true
                }
                Detail::DateShows(DateOrder::MonthFirst) => {
                    evidence.month_first.get_or_insert(line);
                    true
                }
                _ => {
                    evidence.text.push_str(seen);
                    let value_end = evidence.text.len();
                    evidence.text.push_str(id.unwrap_or(""));
                    let id_end = evidence.text.len();
                    evidence.waiting.push((line, record, value_end, id_end));
                    false
                }
            }
        });
    }

    /// The file has ended: each column's waiting dates are read in the order its other dates
    /// show, or wait for the person's answer. Returns what the corrected file got wrong: the
    /// columns whose ambiguous dates must not be written month first.
    pub fn finish(
        self,
        context: &RuleContext,
        sink: &mut Sink,
        drain: &mut dyn FnMut(&mut Sink),
    ) -> DateOrders {
        let mut rewrite = DateOrders::default();
        for (column, evidence) in DATE_COLUMNS.into_iter().zip(self.columns) {
            if evidence.waiting.is_empty() {
                continue;
            }
            let shown = match (evidence.day_first, evidence.month_first) {
                (Some(line), None) => Some((DateOrder::DayFirst, line)),
                (None, Some(line)) => Some((DateOrder::MonthFirst, line)),
                _ => None,
            };
            let order = match shown {
                Some((order, line)) => ColumnOrder::Known(Ordered {
                    order,
                    basis: Basis::Evidence { line },
                }),
                None => ColumnOrder::Open,
            };
            if !matches!(order, ColumnOrder::Known(o) if o.order == PROVISIONAL) {
                rewrite.set(column, order);
            }
            let mut context = *context;
            context.date_orders.set(column, order);
            let open = Detail::DateOrderOpen(crate::finding::OpenOrder {
                day_first: evidence.day_first,
                month_first: evidence.month_first,
            });
            let check = column_check(column);
            let mut start = 0;
            for &(line, record, value_end, id_end) in &evidence.waiting {
                let seen = &evidence.text[start..value_end];
                let id = &evidence.text[value_end..id_end];
                start = id_end;
                let at = Draft::new(Code::AmbiguousDate, Severity::Error, line)
                    .record(Some(record))
                    .column(Some(column.name()))
                    .student(Some(id));
                let mut emit = |(outcome, value): (Outcome, String)| {
                    let mut draft = Draft::of_outcome(&at, &outcome, at.column, Some(&value));
                    if outcome.detail == Detail::DateOrderPending {
                        draft.detail = open;
                    }
                    sink.emit(draft);
                };
                check_value(seen.into(), &[], check, &context, &mut emit);
                drain(sink);
            }
        }
        rewrite
    }
}

/// The verdict on a `status` or `dateLastModified` value when the person answered bulk or
/// delta: the value that makes the row that mode, when it is not already.
pub(crate) fn answered_mode(column: Column, value: &str, context: &RuleContext) -> Option<Outcome> {
    let mode = context.mode?;
    let fixed = match (mode, column) {
        (Mode::Bulk, _) if !value.is_empty() => String::new(),
        (Mode::Delta, Column::Status) if value.is_empty() => "active".into(),
        (Mode::Delta, Column::DateLastModified) if value.is_empty() => {
            format!("{}T00:00:00.000Z", context.today)
        }
        _ => return None,
    };
    Some(
        Outcome::fixed(Code::BulkDeltaMixed, Severity::Warning, fixed)
            .with_detail(Detail::BulkDelta(BulkDelta::Answered(mode))),
    )
}
