//! The seven CEDS Yes/No metadata columns: exactly `Yes` or `No`.

use super::race_flag::parse_flag;
use super::{CellRule, Outcome, RuleContext};
use crate::columns::Column;
use crate::finding::{Code, Severity};

/// The registry entry.
pub const RULE: CellRule = CellRule {
    name: "yes_no",
    codes: &[Code::InvalidYesNo],
    columns: &[
        Column::OtherRaceIndicator,
        Column::EnglishLearnerStatus,
        Column::IdeaIndicator,
        Column::DisabilityStatus,
        Column::Section504Status,
        Column::EconomicDisadvantageStatus,
        Column::MigrantStatus,
    ],
    check,
};

/// `Yes`/`No` for any spelling of a yes/no answer.
pub fn yes_no(value: &str) -> Option<&'static str> {
    parse_flag(value).map(|flag| if flag { "Yes" } else { "No" })
}

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    match value {
        "" | "Yes" | "No" => None,
        _ => Some(match yes_no(value) {
            Some(fixed) => Outcome::fixed(Code::InvalidYesNo, Severity::Warning, fixed),
            None => Outcome::error(Code::InvalidYesNo),
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
                ("Yes", None),
                ("No", None),
                ("yes", Some(Some("Yes"))),
                ("Y", Some(Some("Yes"))),
                ("TRUE", Some(Some("Yes"))),
                ("1", Some(Some("Yes"))),
                ("n", Some(Some("No"))),
                ("False", Some(Some("No"))),
                ("0", Some(Some("No"))),
                ("Unknown", Some(None)),
            ],
        );
    }
}
