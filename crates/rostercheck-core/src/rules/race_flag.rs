//! The seven race/ethnicity flags: `true` or `false`.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::finding::{Code, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "race_flag",
    codes: &[Code::InvalidBoolean],
    scope: Scope::Columns(&[
        Column::AmericanIndianOrAlaskaNative,
        Column::Asian,
        Column::BlackOrAfricanAmerican,
        Column::NativeHawaiianOrOtherPacificIslander,
        Column::White,
        Column::DemographicRaceTwoOrMoreRaces,
        Column::HispanicOrLatinoEthnicity,
    ]),
    check: Check::Cell(check),
};

/// Reads the spellings of a yes/no answer people and systems use; `None` if it is not one.
pub fn parse_flag(value: &str) -> Option<bool> {
    const TRUE: &[&str] = &["true", "t", "y", "yes", "1"];
    const FALSE: &[&str] = &["false", "f", "n", "no", "0"];
    if TRUE.iter().any(|t| value.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if FALSE.iter().any(|f| value.eq_ignore_ascii_case(f)) {
        Some(false)
    } else {
        None
    }
}

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    match value {
        "" | "true" | "false" => None,
        _ => Some(match parse_flag(value) {
            Some(flag) => Outcome::fixed(
                Code::InvalidBoolean,
                Severity::Warning,
                if flag { "true" } else { "false" },
            ),
            None => Outcome::error(Code::InvalidBoolean),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::assert_cases;
    use super::*;

    #[test]
    fn cases() {
        assert_cases(
            &RULE,
            &[
                ("", None),
                ("true", None),
                ("false", None),
                ("TRUE", Some(Some("true"))),
                ("True", Some(Some("true"))),
                ("T", Some(Some("true"))),
                ("Y", Some(Some("true"))),
                ("Yes", Some(Some("true"))),
                ("1", Some(Some("true"))),
                ("FALSE", Some(Some("false"))),
                ("F", Some(Some("false"))),
                ("N", Some(Some("false"))),
                ("No", Some(Some("false"))),
                ("0", Some(Some("false"))),
                ("maybe", Some(None)),
                ("2", Some(None)),
            ],
        );
    }
}
