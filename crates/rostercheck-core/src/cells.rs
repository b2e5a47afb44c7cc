//! The cell stage: every value of a row in output order — the person's edit, then the cell
//! rules of [`crate::rules`] (line breaks and whitespace for every value, then the column's
//! rule) — keeping where each fixed value is and what was found.

use crate::columns::Column;
use crate::decisions;
use crate::edits::Edits;
use crate::finding::Detail;
use crate::fix;
use crate::input::RecordText;
use crate::rules::{column_check, CellCheck, Outcome, RuleContext, Scope, RULES};
use crate::table::{CellPlan, Table};
use std::borrow::Cow;

/// Where a value of the current row is: in the record's text, or among the changed values.
#[derive(Debug, Clone, Copy)]
struct CellText {
    start: usize,
    end: usize,
    owned: bool,
}

impl CellText {
    /// The value, from the changed values or the record.
    // Read about 35 times a row; left to itself the compiler calls it (callgrind, 100,000
    // clean rows: 1,033 M instructions called, 976 M inlined).
    #[inline(always)]
    fn read<'a>(self, values: &'a str, text: &RecordText<'a>) -> &'a str {
        if self.owned {
            &values[self.start..self.end]
        } else {
            text.span(self.start..self.end)
        }
    }

    const EMPTY: CellText = CellText {
        start: 0,
        end: 0,
        owned: true,
    };
}

/// The values of the current row by output position, for the row rules: the changed values and
/// the record's text. Concrete rather than a closure so a rule's read is inlined (measured:
/// callgrind, 100,000 rows of `examples/generate clean`, see BENCHMARKS.md).
#[derive(Clone, Copy)]
pub(crate) struct Values<'a> {
    changed: &'a str,
    cells: &'a [CellText],
    text: &'a RecordText<'a>,
}

impl<'a> Values<'a> {
    /// Value `i`.
    #[inline(always)]
    pub fn get(&self, i: usize) -> &'a str {
        self.cells[i].read(self.changed, self.text)
    }
}

/// A cell finding: the output position, the verdict, and the value the rule saw.
pub(crate) type CellOutcome = (usize, Outcome, String);

/// The current row's values after the cell rules.
#[derive(Debug)]
pub(crate) struct Cells {
    /// The registry's every-value checks, looked up once (not per cell).
    every_value: Vec<CellCheck>,
    /// Fixed and edited values; unchanged ones stay in the record's text.
    values: String,
    cells: Vec<CellText>,
    pub outcomes: Vec<CellOutcome>,
    /// The person's edits that changed a value of this record, for the audit trail.
    pub edited: Vec<Edited>,
}

/// An edit that changed a value (see [`Cells::edited`]).
#[derive(Debug)]
pub(crate) enum Edited {
    /// The person's own value for the cell in output column `position`.
    Cell {
        position: usize,
        from: String,
        to: String,
    },
    /// The map at this place in the edits: only counted (a map may change a million cells,
    /// so nothing is copied for it).
    Map(usize),
}

impl Default for Cells {
    fn default() -> Self {
        Cells {
            every_value: every_value_checks(),
            values: String::new(),
            cells: Vec::new(),
            outcomes: Vec::new(),
            edited: Vec::new(),
        }
    }
}

/// The checks every value gets before its column's, in registry order.
fn every_value_checks() -> Vec<CellCheck> {
    RULES
        .iter()
        .filter_map(|rule| match rule.scope {
            Scope::EveryValue => rule.cell_check(),
            _ => None,
        })
        .collect()
}

/// A value (or header name) cleaned by the every-value rules, findings ignored.
pub(crate) fn clean<'v>(value: Cow<'v, str>, context: &RuleContext) -> Cow<'v, str> {
    check_value(value, &every_value_checks(), None, context, &mut |_| {})
}

/// The one value `value` becomes in `column` when the rules fix everything they find in it
/// (or find nothing); `None` when a finding has no fix or waits for a person's decision — the
/// builder proposes a value for a list's code only then.
pub(crate) fn settle(column: Column, value: &str, context: &RuleContext) -> Option<String> {
    let mut settled = true;
    let value = check_value(
        Cow::Borrowed(value),
        &every_value_checks(),
        column_check(column),
        context,
        &mut |(outcome, _)| {
            settled &= outcome.fix.is_some()
                && !matches!(
                    outcome.detail,
                    Detail::Choices(_) | Detail::DateOrderPending | Detail::DateOrderOpen(_)
                );
        },
    );
    settled.then(|| value.into_owned())
}

/// Runs the rules on one value — `every` then the column's — applying each fix before the
/// next rule, and returns the value.
pub(crate) fn check_value<'v>(
    mut value: Cow<'v, str>,
    every: &[CellCheck],
    column_check: Option<CellCheck>,
    context: &RuleContext,
    found: &mut dyn FnMut((Outcome, String)),
) -> Cow<'v, str> {
    for check in every.iter().copied().chain(column_check) {
        let Some(outcome) = check(&value, context) else {
            continue;
        };
        let seen = value.to_string();
        // A date written month first only for now is checked again once its order is known.
        let fixed = outcome.fix.is_some() && outcome.detail != Detail::DateOrderPending;
        if let Some(fix) = &outcome.fix {
            fix::apply(&mut value, fix);
        }
        found((outcome, seen));
        // What the fixed value still deserves (a fixed birth date that is implausible) is
        // reported now, so checking the corrected file finds nothing new.
        if let Some(again) = fixed
            .then(|| check(&value, context))
            .flatten()
            .filter(|o| o.fix.is_none())
        {
            found((again, value.to_string()));
        }
    }
    value
}

/// An ASCII value with no control bytes and no space at either end passes the line-break and
/// whitespace rules as it is (measured: the usual cell, and most of the time of a check).
fn has_space_at_an_end(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_whitespace)
        || bytes.last().is_some_and(u8::is_ascii_whitespace)
}

impl Cells {
    /// Checks every cell of `text` in output order. Nothing is allocated for a value that needs
    /// no change. Returns whether anything changed.
    pub fn check(
        &mut self,
        table: &Table,
        text: &RecordText<'_>,
        index: u64,
        edits: &Edits,
        context: &RuleContext,
    ) -> bool {
        self.values.clear();
        self.cells.clear();
        self.outcomes.clear();
        self.edited.clear();
        let count = text.len();
        let mut changed = count != table.plan.input.len();
        for (position, plan) in table.cells.iter().enumerate() {
            let Some(source) = plan.source.filter(|&s| s < count) else {
                self.cells.push(CellText::EMPTY);
                continue;
            };
            let span = text.range(source);
            let as_read = CellText {
                start: span.start,
                end: span.end,
                owned: false,
            };
            if let Some(value) = text.plain(span).filter(|_| !plan.edited) {
                let accepted = if value.is_empty() {
                    plan.blank_passes
                } else {
                    !has_space_at_an_end(value)
                        && plan
                            .check
                            .is_none_or(|check| check(value, context).is_none())
                };
                if accepted {
                    self.cells.push(as_read);
                    continue;
                }
            }
            let field = text.field(source);
            let name = &table.plan.output[position].name;
            let edit = (plan.edited)
                .then(|| edits.edit_for(index, name, &field))
                .flatten();
            // Noted for the audit trail: only cells a person's edit reaches.
            if let Some((to, map)) = edit.filter(|(to, _)| *to != field) {
                self.edited.push(match map {
                    Some(map) => Edited::Map(map),
                    None => Edited::Cell {
                        position,
                        from: field.to_string(),
                        to: to.to_owned(),
                    },
                });
            }
            let edited = edit.map(|(to, _)| to);
            let cell = self.check_the_long_way(field, edited, (position, plan), context);
            changed |= cell.is_some();
            self.cells.push(cell.unwrap_or(as_read));
        }
        changed
    }

    /// A value that did not pass as read, or that the person edited: every rule in turn, each
    /// fix applied. `None` when it comes out as the very text read, still in the record; the
    /// changed value otherwise.
    fn check_the_long_way(
        &mut self,
        field: Cow<'_, str>,
        edited: Option<&str>,
        (position, plan): (usize, &CellPlan),
        context: &RuleContext,
    ) -> Option<CellText> {
        let value = edited.map_or(field, Cow::Borrowed);
        let read = (value.as_ptr(), value.len());
        let outcomes = &mut self.outcomes;
        let mut found = |(outcome, seen)| {
            if !plan.quiet {
                outcomes.push((position, outcome, seen));
            }
        };
        let every = &self.every_value;
        let value = check_value(value, every, plan.check, context, &mut found);
        // A fixed value may be borrowed too (a canonical code): unchanged is the very text read.
        let unchanged = edited.is_none()
            && matches!(value, Cow::Borrowed(_))
            && (value.as_ptr(), value.len()) == read;
        // An unchanged value is not copied: it is named by its place in the record.
        (!unchanged).then(|| self.push_owned(&value))
    }

    /// Extra fields are kept (the row has an extra-cell error) but written clean, so the
    /// corrected file stays readable text; they get no findings of their own.
    pub fn keep_extras(&mut self, table: &Table, text: &RecordText<'_>, context: &RuleContext) {
        for i in table.plan.input.len()..text.len() {
            let value = clean(text.field(i), context).into_owned();
            let cell = self.push_owned(&value);
            self.cells.push(cell);
        }
    }

    fn push_owned(&mut self, value: &str) -> CellText {
        let start = self.values.len();
        self.values.push_str(value);
        CellText {
            start,
            end: self.values.len(),
            owned: true,
        }
    }

    /// The dates of the row with two readings (day or month first), each with its place and
    /// both readings. Such a date is written one way or the other depending on what the file's
    /// end tells, so rows are compared by both its readings (and its column), the same in both
    /// passes (found by review: without the column, two rows matched in the first pass and not
    /// in the second, and one was lost).
    pub fn both_readings(&self) -> Vec<u8> {
        let mut both = Vec::new();
        for (position, outcome, seen) in &self.outcomes {
            if let Some(readings) = decisions::both_readings(outcome, seen) {
                both.push(0x1E);
                both.extend_from_slice(&(*position as u32).to_le_bytes());
                both.extend_from_slice(&readings);
            }
        }
        both
    }

    /// The values the cell rules changed, and in a record that is not all UTF-8 the fields
    /// read as Windows-1252, each with the place in the record as read of the field it
    /// replaces (in a row whose output columns are its input columns).
    pub fn replaced<'a>(
        &'a self,
        text: &'a RecordText<'a>,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, &'a str)> + 'a {
        let record = text.record;
        let decoded = !text.is_utf8();
        (self.cells.iter().enumerate()).filter_map(move |(i, cell)| {
            let value = cell.read(&self.values, text);
            let as_read = record.field_range(i);
            let differs = || decoded && value.as_bytes() != &record.all_bytes()[as_read.clone()];
            (cell.owned || differs()).then_some((as_read.clone(), value))
        })
    }

    /// Sets value `position` (a fix made after the cell rules, by the users stage).
    pub fn set(&mut self, position: usize, value: &str) {
        let cell = self.push_owned(value);
        self.cells[position] = cell;
    }

    /// The number of values (output columns, then kept extra fields).
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// The row's values, read from the record's text `text`.
    pub fn values<'a>(&'a self, text: &'a RecordText<'a>) -> Values<'a> {
        Values {
            changed: &self.values,
            cells: &self.cells,
            text,
        }
    }

    /// The findings (to take some out) and value `i`, at once.
    pub fn outcomes_and_value<'a>(
        &'a mut self,
        i: Option<usize>,
        text: &RecordText<'a>,
    ) -> (&'a mut Vec<CellOutcome>, Option<&'a str>) {
        let Cells {
            values,
            cells,
            outcomes,
            ..
        } = self;
        (outcomes, i.map(|i| cells[i].read(values, text)))
    }

    /// Adds one to `filled` for each value that is not empty.
    pub fn count_filled(&self, filled: &mut [u64]) {
        for (count, cell) in filled.iter_mut().zip(&self.cells) {
            *count += u64::from(cell.end > cell.start);
        }
    }
}
