//! The rule registry: one rule per file, all listed here.
//!
//! Cell rules look at one value of one column and say what is wrong and, when there is exactly
//! one sensible answer, what the value should be. Row rules look at one row after its cells were
//! fixed. File rules keep small state across rows and report when the file ends. None of them
//! changes anything: fixes are applied by [`crate::fix`].

use crate::answers::Mode;
use crate::cells::Values;
use crate::columns::Column;
use crate::date::Date;
use crate::decisions::DateOrders;
use crate::finding::{Code, Detail, Fix, Severity};

pub mod birth_date;
pub mod bulk_delta;
pub mod country;
pub mod date_last_modified;
pub mod disability_consistency;
pub mod disability_type;
pub mod duplicates;
pub mod food_service;
pub mod formula;
pub mod home_language;
pub mod leading_zeros;
pub mod line_breaks;
pub mod race_consistency;
pub mod race_flag;
pub mod residence;
pub mod sex;
pub mod sourced_id;
pub mod state;
pub mod status;
pub mod whitespace;
pub mod yes_no;

/// What the rules need to know besides the value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RuleContext {
    /// The day the check runs, for plausibility of birth dates.
    pub today: Date,
    /// The order of day and month of the date columns, where known (answered, or shown by the
    /// column on a second pass).
    pub date_orders: DateOrders,
    /// The person's answer to "bulk or delta?", if given.
    pub mode: Option<Mode>,
}

impl RuleContext {
    /// The context of a check on `today` with no answers.
    pub fn on(today: Date) -> RuleContext {
        RuleContext {
            today,
            date_orders: DateOrders::default(),
            mode: None,
        }
    }
}

/// A rule's verdict on one value or row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// The finding code.
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// What to do about it, when there is exactly one sensible answer.
    pub fix: Option<Fix>,
    /// What the message needs to know beyond the value.
    pub detail: Detail,
}

impl Outcome {
    /// A value with exactly one right answer: `fixed`.
    pub fn fixed(
        code: Code,
        severity: Severity,
        fixed: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Outcome {
        Outcome {
            code,
            severity,
            fix: Some(Fix::Value(fixed.into())),
            detail: Detail::None,
        }
    }

    /// A problem a person has to resolve.
    pub fn error(code: Code) -> Outcome {
        Outcome {
            code,
            severity: Severity::Error,
            fix: None,
            detail: Detail::None,
        }
    }

    /// A warning without a fix.
    pub fn warning(code: Code) -> Outcome {
        Outcome {
            severity: Severity::Warning,
            ..Outcome::error(code)
        }
    }

    /// Adds what the message needs to know.
    pub fn with_detail(mut self, detail: Detail) -> Outcome {
        self.detail = detail;
        self
    }

    /// Adds a fix that is not a new value (a removed row).
    pub fn with_fix(mut self, fix: Fix) -> Outcome {
        self.fix = Some(fix);
        self
    }

    /// The new value, when the fix is one.
    #[cfg(test)]
    pub fn fixed_text(&self) -> Option<String> {
        self.clone().into_fixed_value()
    }

    /// The new value, when the fix is one, taken out.
    #[cfg(test)]
    pub fn into_fixed_value(self) -> Option<String> {
        match self.fix {
            Some(Fix::Value(value)) => Some(value.into_owned()),
            _ => None,
        }
    }
}

/// A cell check: `None` means the value is fine. It gets the value already trimmed by
/// [`whitespace`].
pub(crate) type CellCheck = fn(&str, &RuleContext) -> Option<Outcome>;

/// A row check: reads the row's fixed values, pushes findings.
pub(crate) type RowCheck = fn(&RowView<'_>, &mut Vec<RowOutcome>);

/// Where a rule looks.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope {
    /// Every value of these columns.
    Columns(&'static [Column]),
    /// Every value of every column.
    EveryValue,
    /// The values of columns no other cell rule checks (free text, unknown columns).
    FreeText,
    /// One row after its cells were fixed.
    Row,
    /// Every row of the file; reports as rows go by and when the file ends.
    File,
}

/// How a rule checks.
#[derive(Clone, Copy)]
pub(crate) enum Check {
    /// One value.
    Cell(CellCheck),
    /// One row.
    Row(RowCheck),
    /// The file: a fresh tracker per check.
    File(fn() -> Box<dyn FileRule>),
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Check::Cell(_) => "Check::Cell",
            Check::Row(_) => "Check::Row",
            Check::File(_) => "Check::File",
        })
    }
}

/// A rule: one file in this folder, one entry in [`RULES`].
#[derive(Debug)]
pub(crate) struct Rule {
    /// The rule's name (its module).
    pub name: &'static str,
    /// The codes it reports; each code is reported by exactly one rule or stage.
    pub codes: &'static [Code],
    /// Where it looks.
    pub scope: Scope,
    /// The check itself.
    pub check: Check,
}

impl Rule {
    /// The cell check, for a cell rule.
    pub fn cell_check(&self) -> Option<CellCheck> {
        match self.check {
            Check::Cell(check) => Some(check),
            _ => None,
        }
    }
}

/// A finding of a row or file rule: which column it points at, and the verdict.
pub(crate) type RowOutcome = (Option<Column>, Outcome);

/// What a file rule sees of a row.
#[derive(Debug)]
pub(crate) struct SeenRow<'a> {
    /// The row's fixed values.
    pub view: &'a RowView<'a>,
    /// 128 bits of the row as it would be written (its canonical values).
    pub digest: u128,
    /// 1-based line where the record starts.
    pub line: u64,
    /// 0-based data row.
    pub record: u64,
}

/// A finding a file rule makes when the file ends, about a row it saw earlier.
#[derive(Debug)]
pub(crate) struct LateFinding {
    /// 1-based line where the record starts.
    pub line: u64,
    /// 0-based data row.
    pub record: u64,
    /// The row's `sourcedId`.
    pub student: Option<Box<str>>,
    /// The column it is about.
    pub column: Column,
    /// The value it is about.
    pub value: Option<String>,
    /// The verdict.
    pub outcome: Outcome,
}

/// A rule across rows. It keeps small state (see the crate docs for how small).
pub(crate) trait FileRule: std::fmt::Debug {
    /// Sees one row; `kept` is false when an earlier file rule leaves the row out. Pushes what
    /// it finds about this row now; returns false to leave the row out (an exact duplicate).
    fn observe(&mut self, row: &SeenRow<'_>, kept: bool, out: &mut Vec<RowOutcome>) -> bool;

    /// About `rows` rows are coming (an estimate): room for them can be made at once.
    fn expect_rows(&mut self, _rows: usize) {}

    /// The IDs of the rows coming next, as written: a hint to fetch what they will need.
    fn look_ahead(&mut self, _ids: &[&[u8]]) {}

    /// The file has ended: findings about rows seen earlier.
    fn finish(self: Box<Self>) -> Vec<LateFinding>;
}

/// Where each known column is among a row's values (`None`: the file does not have it).
pub(crate) type Positions = [Option<usize>; Column::ALL.len()];

/// One row's values after cell fixes, by known column (`None`: the column is absent).
///
/// A checked row's values are read when a rule asks for them, not gathered beforehand: the
/// row rules read a few columns of 28. Measured (callgrind, 100,000 rows of `examples/generate`):
/// -3.5 % instructions on a clean check, -2.6 % on a messy one, +1.2 % on an Excel-style one.
#[derive(Clone, Default)]
pub(crate) struct RowView<'a> {
    row: Option<(&'a Positions, Values<'a>)>,
    /// Values set one by one (by tests).
    #[cfg(test)]
    values: [Option<&'a str>; Column::ALL.len()],
}

impl std::fmt::Debug for RowView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let values = Column::ALL.iter().map(|&c| (c.name(), self.get(c)));
        f.debug_map().entries(values).finish()
    }
}

impl<'a> RowView<'a> {
    /// A view of a row whose value at output position `i` is `values.get(i)`.
    pub fn of_row(positions: &'a Positions, values: Values<'a>) -> Self {
        RowView {
            row: Some((positions, values)),
            #[cfg(test)]
            values: Default::default(),
        }
    }

    /// Sets the value of a column.
    #[cfg(test)]
    pub fn set(&mut self, column: Column, value: &'a str) {
        self.values[column.index()] = Some(value);
    }

    /// The value of a column, if the file has it. Inlined: the row rules read about 16 values
    /// a row (measured: callgrind, 100,000 rows of `examples/generate clean`, see BENCHMARKS.md).
    #[inline(always)]
    pub fn get(&self, column: Column) -> Option<&'a str> {
        #[cfg(test)]
        if let Some(value) = self.values[column.index()] {
            return Some(value);
        }
        let (positions, values) = self.row.as_ref()?;
        positions[column.index()].map(|i| values.get(i))
    }

    /// True when the file has the column (its value is not read).
    pub fn has(&self, column: Column) -> bool {
        #[cfg(test)]
        if self.values[column.index()].is_some() {
            return true;
        }
        self.row
            .as_ref()
            .is_some_and(|(positions, _)| positions[column.index()].is_some())
    }

    /// The value of a column, or blank when the file does not have it.
    #[inline(always)]
    pub fn value(&self, column: Column) -> &'a str {
        self.get(column).unwrap_or("")
    }
}

/// Every rule, in the order they run: for a value, the first cell rule whose scope lists its
/// column is its column rule (after line breaks and whitespace, which see every value).
pub(crate) const RULES: &[Rule] = &[
    line_breaks::RULE,
    whitespace::RULE,
    sourced_id::RULE,
    status::RULE,
    date_last_modified::RULE,
    birth_date::RULE,
    sex::RULE,
    race_flag::RULE,
    country::RULE,
    state::RULE,
    residence::RULE,
    yes_no::RULE,
    yes_no::TITLE_IEP,
    home_language::RULE,
    disability_type::RULE,
    food_service::RULE,
    formula::RULE,
    race_consistency::RULE,
    disability_consistency::RULE,
    bulk_delta::RULE,
    duplicates::RULE,
    leading_zeros::RULE,
];

/// The check for the values of a known column (`None`: a free-text column).
pub(crate) fn column_check(column: Column) -> Option<CellCheck> {
    RULES
        .iter()
        .find(|rule| matches!(rule.scope, Scope::Columns(columns) if columns.contains(&column)))
        .and_then(Rule::cell_check)
}

/// The check for free-text values (the formula check).
pub(crate) fn free_text_check() -> Option<CellCheck> {
    RULES
        .iter()
        .find(|rule| matches!(rule.scope, Scope::FreeText))
        .and_then(Rule::cell_check)
}

/// The row checks, in order.
pub(crate) fn row_checks() -> impl Iterator<Item = RowCheck> {
    RULES.iter().filter_map(|rule| match rule.check {
        Check::Row(check) => Some(check),
        _ => None,
    })
}

/// Fresh trackers for the file rules, in order.
pub(crate) fn file_rules() -> Vec<Box<dyn FileRule>> {
    RULES
        .iter()
        .filter_map(|rule| match rule.check {
            Check::File(new) => Some(new()),
            _ => None,
        })
        .collect()
}

/// The rule that reports `code`, if a rule does (the others come from the stages).
pub(crate) fn rule_for(code: Code) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.codes.contains(&code))
}

/// What a finding is about: the app offers a column-wide replacement only for values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    /// The file as a whole (its encoding, its delimiter, whether it is a CSV).
    File,
    /// The header.
    Header,
    /// One row's shape (quotes, field count, blank).
    Shape,
    /// One value of one cell: replacing the value can resolve it.
    Value,
    /// One row's values together.
    Row,
    /// Rows compared with each other (duplicates, bulk and delta).
    Rows,
}

/// What `code` is about, from the rule or stage that reports it.
pub(crate) fn about(code: Code) -> About {
    if let Some(rule) = rule_for(code) {
        return match rule.scope {
            Scope::Columns(_) | Scope::EveryValue | Scope::FreeText => About::Value,
            Scope::Row => About::Row,
            Scope::File => About::Rows,
        };
    }
    STAGES
        .iter()
        .find(|stage| stage.codes.contains(&code))
        .map_or(About::File, |stage| stage.about)
}

/// A stage of the pipeline that reports findings of its own (the rest come from [`RULES`]).
#[derive(Debug)]
pub(crate) struct Stage {
    /// The stage's module.
    pub name: &'static str,
    /// What its findings are about.
    pub about: About,
    /// The codes it reports.
    pub codes: &'static [Code],
}

/// Every code with the rule or stage that reports it and what it is about, in code order.
pub(crate) fn registry() -> impl Iterator<Item = (Code, &'static str, About)> {
    Code::ALL.iter().map(|&code| {
        let name = rule_for(code).map(|rule| rule.name).or_else(|| {
            STAGES
                .iter()
                .find(|stage| stage.codes.contains(&code))
                .map(|stage| stage.name)
        });
        (code, name.unwrap_or("?"), about(code))
    })
}

/// Every stage that reports findings.
pub(crate) const STAGES: &[Stage] = &[
    crate::input::STAGE,
    crate::records::STAGE,
    crate::table::STAGE,
    crate::check::STAGE,
    crate::decisions::STAGE,
    crate::bundle::roster::STAGE,
    crate::bundle::STAGE,
    crate::bundle::manifest::STAGE,
    crate::bundle::archive::STAGE,
    crate::workbook::STAGE,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_but_city_has_exactly_one_column_rule() {
        for column in Column::ALL {
            let rules = RULES
                .iter()
                .filter(|r| matches!(r.scope, Scope::Columns(c) if c.contains(&column)))
                .count();
            let expected = usize::from(column != Column::CityOfBirth);
            assert_eq!(rules, expected, "{column:?}");
            assert_eq!(column_check(column).is_some(), expected == 1);
        }
    }

    #[test]
    fn every_code_is_reported_by_exactly_one_rule_or_stage() {
        for &code in Code::ALL {
            let mut rules: Vec<&str> = RULES
                .iter()
                .filter(|r| r.codes.contains(&code))
                .map(|r| r.name)
                .chain(
                    STAGES
                        .iter()
                        .filter(|s| s.codes.contains(&code))
                        .map(|s| s.name),
                )
                .collect();
            // A rule may have several entries (one per column group), all with its name.
            rules.dedup();
            assert_eq!(rules.len(), 1, "{code}: reported by {rules:?}");
        }
    }

    #[test]
    fn each_check_kind_matches_its_scope() {
        for rule in RULES {
            let consistent = match rule.check {
                Check::Cell(_) => matches!(
                    rule.scope,
                    Scope::Columns(_) | Scope::EveryValue | Scope::FreeText
                ),
                Check::Row(_) => matches!(rule.scope, Scope::Row),
                Check::File(_) => matches!(rule.scope, Scope::File),
            };
            assert!(consistent, "{}", rule.name);
        }
    }

    #[test]
    fn what_codes_are_about() {
        assert_eq!(about(Code::InvalidSex), About::Value);
        assert_eq!(about(Code::MissingId), About::Value);
        assert_eq!(about(Code::RaceFlagsInconsistent), About::Row);
        assert_eq!(about(Code::DuplicateId), About::Rows);
        assert_eq!(about(Code::BulkDeltaMixed), About::Rows);
        assert_eq!(about(Code::IdLeadingZeros), About::Rows);
        assert_eq!(about(Code::HeaderCase), About::Header);
        assert_eq!(about(Code::Encoding), About::File);
        assert_eq!(about(Code::ExtraCell), About::Shape);
    }
}

/// Table-driven test helpers shared by the rule files.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Rule, RuleContext};
    use crate::date::Date;

    /// The fixed "today" of every rule test.
    pub fn ctx() -> RuleContext {
        RuleContext::on(Date::new(2026, 11, 28).expect("valid date"))
    }

    /// `(input, None)`: fine. `(input, Some(Some(v)))`: fixed to `v`. `(input, Some(None))`: needs a person.
    pub fn assert_cases(rule: &Rule, cases: &[(&str, Option<Option<&str>>)]) {
        let check = rule.cell_check().expect("a cell rule");
        for (input, expected) in cases {
            let got = check(input, &ctx());
            let got = got.map(|o| {
                assert!(
                    rule.codes.contains(&o.code),
                    "{input}: {:?} not declared",
                    o.code
                );
                assert_eq!(
                    o.fix.is_none(),
                    o.severity == crate::Severity::Error,
                    "{input}: unfixed ⇔ error"
                );
                o.into_fixed_value()
            });
            assert_eq!(
                got.as_ref().map(|f| f.as_deref()),
                *expected,
                "{}: {input:?}",
                rule.name
            );
            if let Some(Some(fixed)) = expected {
                let again = check(fixed, &ctx()).and_then(Outcome::into_fixed_value);
                assert_eq!(again, None, "{}: fix of {input:?} is not final", rule.name);
            }
        }
    }

    use super::Outcome;
}
