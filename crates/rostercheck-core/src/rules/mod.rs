//! The rule registry: one rule per file, all listed here.
//!
//! Cell rules look at one value of one column and say what is wrong and, when there is exactly
//! one sensible answer, what the value should be. Row rules look at one row after its cells were
//! fixed. File rules keep small state across rows and report when the file ends. None of them
//! changes anything: fixes are applied by [`crate::fix`].

use crate::columns::Column;
use crate::date::Date;
use crate::finding::{Code, Severity};

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
pub mod race_consistency;
pub mod race_flag;
pub mod residence;
pub mod sex;
pub mod sourced_id;
pub mod state;
pub mod status;
pub mod title_iep;
pub mod whitespace;
pub mod yes_no;

/// What the rules need to know besides the value.
#[derive(Debug, Clone, Copy)]
pub struct RuleContext {
    /// The day the check runs, for plausibility of birth dates.
    pub today: Date,
}

/// A cell rule's verdict on one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The finding code.
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// The value it should have, when there is exactly one sensible answer.
    pub fixed: Option<String>,
    /// Extra words for the message (a suggestion, what was assumed).
    pub hint: Option<String>,
}

impl Outcome {
    /// A fixable problem.
    pub fn fixed(code: Code, severity: Severity, fixed: impl Into<String>) -> Outcome {
        Outcome {
            code,
            severity,
            fixed: Some(fixed.into()),
            hint: None,
        }
    }

    /// A problem a person has to resolve.
    pub fn error(code: Code) -> Outcome {
        Outcome {
            code,
            severity: Severity::Error,
            fixed: None,
            hint: None,
        }
    }

    /// A warning without a fix.
    pub fn warning(code: Code) -> Outcome {
        Outcome {
            code,
            severity: Severity::Warning,
            fixed: None,
            hint: None,
        }
    }

    /// Adds words to the message.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Outcome {
        self.hint = Some(hint.into());
        self
    }
}

/// A rule over one value. `check` gets the value already trimmed by [`whitespace`].
#[derive(Debug)]
pub struct CellRule {
    /// The rule's name (its module).
    pub name: &'static str,
    /// The codes it can report.
    pub codes: &'static [Code],
    /// The columns it applies to.
    pub columns: &'static [Column],
    /// The check itself; `None` means the value is fine.
    pub check: fn(&str, &RuleContext) -> Option<Outcome>,
}

/// A finding of a row rule: which column it points at, and the verdict.
pub type RowOutcome = (Option<Column>, Outcome);

/// One row's values after cell fixes, by known column (`None`: the column is absent).
#[derive(Debug, Clone, Default)]
pub struct RowView<'a> {
    values: [Option<&'a str>; Column::ALL.len()],
}

impl<'a> RowView<'a> {
    /// Sets the value of a column.
    pub fn set(&mut self, column: Column, value: &'a str) {
        self.values[column.index()] = Some(value);
    }

    /// The value of a column, if the file has it.
    pub fn get(&self, column: Column) -> Option<&'a str> {
        self.values[column.index()]
    }

    /// The value of a column, or blank when the file does not have it.
    pub fn value(&self, column: Column) -> &'a str {
        self.get(column).unwrap_or("")
    }
}

/// A rule over one whole row, after its cells were fixed.
#[derive(Debug)]
pub struct RowRule {
    /// The rule's name (its module).
    pub name: &'static str,
    /// The codes it can report.
    pub codes: &'static [Code],
    /// The check: reads the row's fixed values, pushes findings.
    pub check: fn(&RowView<'_>, &mut Vec<RowOutcome>),
}

/// Every cell rule. A column is checked by the first rule that lists it.
pub const CELL_RULES: &[CellRule] = &[
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
    title_iep::RULE,
    home_language::RULE,
    disability_type::RULE,
    food_service::RULE,
];

/// Every row rule, run in this order.
pub const ROW_RULES: &[RowRule] = &[
    race_consistency::RULE,
    disability_consistency::RULE,
    bulk_delta::ROW_RULE,
];

/// The cell rule for a known column, if any (free-text columns have none).
pub fn cell_rule_for(column: Column) -> Option<&'static CellRule> {
    CELL_RULES
        .iter()
        .find(|rule| rule.columns.contains(&column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_but_city_has_exactly_one_cell_rule() {
        for column in Column::ALL {
            let rules = CELL_RULES
                .iter()
                .filter(|r| r.columns.contains(&column))
                .count();
            let expected = usize::from(column != Column::CityOfBirth);
            assert_eq!(rules, expected, "{column:?}");
        }
    }

    #[test]
    fn every_code_is_reported_by_some_part_of_the_engine() {
        let by_rules: Vec<Code> = CELL_RULES
            .iter()
            .flat_map(|r| r.codes)
            .chain(ROW_RULES.iter().flat_map(|r| r.codes))
            .copied()
            .collect();
        for code in [
            Code::InvalidSex,
            Code::InvalidBoolean,
            Code::RaceFlagsInconsistent,
        ] {
            assert!(by_rules.contains(&code));
        }
    }
}

/// Table-driven test helpers shared by the rule files.
#[cfg(test)]
pub(crate) mod testing {
    use super::{CellRule, RuleContext};
    use crate::date::Date;

    /// The fixed "today" of every rule test.
    pub fn ctx() -> RuleContext {
        RuleContext {
            today: Date::new(2026, 11, 28).expect("valid date"),
        }
    }

    /// `(input, None)`: fine. `(input, Some(Some(v)))`: fixed to `v`. `(input, Some(None))`: needs a person.
    pub fn assert_cases(rule: &CellRule, cases: &[(&str, Option<Option<&str>>)]) {
        for (input, expected) in cases {
            let got = (rule.check)(input, &ctx());
            let got = got.map(|o| {
                assert!(
                    rule.codes.contains(&o.code),
                    "{input}: {:?} not declared",
                    o.code
                );
                assert_eq!(
                    o.fixed.is_none(),
                    o.severity == crate::Severity::Error,
                    "{input}: unfixed ⇔ error"
                );
                o.fixed
            });
            assert_eq!(
                got.as_ref().map(|f| f.as_deref()),
                *expected,
                "{}: {input:?}",
                rule.name
            );
            if let Some(Some(fixed)) = expected {
                let again = (rule.check)(fixed, &ctx()).and_then(|o| o.fixed);
                assert_eq!(again, None, "{}: fix of {input:?} is not final", rule.name);
            }
        }
    }
}
