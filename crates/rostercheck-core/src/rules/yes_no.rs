//! The nine ClassLink Yes/No metadata columns: the seven CEDS ones take exactly `Yes` or `No`;
//! `metadata.titleI` and `metadata.iepStatus` also `True` and `False` as written (ClassLink
//! article). One rule with two registry entries (one per column group), both named `yes_no`.

use super::race_flag::parse_flag;
use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::finding::{Code, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "yes_no",
    codes: &[Code::InvalidYesNo],
    scope: Scope::Columns(&[
        Column::OtherRaceIndicator,
        Column::EnglishLearnerStatus,
        Column::IdeaIndicator,
        Column::DisabilityStatus,
        Column::Section504Status,
        Column::EconomicDisadvantageStatus,
        Column::MigrantStatus,
    ]),
    check: Check::Cell(check),
};

/// `Yes`/`No` for any spelling of a yes/no answer.
pub fn yes_no(value: &str) -> Option<&'static str> {
    parse_flag(value).map(|flag| if flag { "Yes" } else { "No" })
}

/// The registry entry for `metadata.titleI` and `metadata.iepStatus`.
pub const TITLE_IEP: Rule = Rule {
    name: "yes_no",
    codes: &[Code::InvalidYesNo],
    scope: Scope::Columns(&[Column::TitleI, Column::IepStatus]),
    check: Check::Cell(check_title_iep),
};

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    match value {
        "" | "Yes" | "No" => None,
        _ => Some(verdict(value)),
    }
}

fn check_title_iep(value: &str, _: &RuleContext) -> Option<Outcome> {
    match value {
        "" | "Yes" | "No" | "True" | "False" => None,
        _ => Some(verdict(value)),
    }
}

fn verdict(value: &str) -> Outcome {
    match yes_no(value) {
        Some(fixed) => Outcome::fixed(Code::InvalidYesNo, Severity::Warning, fixed),
        None => Outcome::error(Code::InvalidYesNo),
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

    #[test]
    fn title_and_iep_cases() {
        assert_cases(
            &TITLE_IEP,
            &[
                ("", None),
                ("Yes", None),
                ("True", None),
                ("False", None),
                ("true", Some(Some("Yes"))),
                ("Y", Some(Some("Yes"))),
                ("no", Some(Some("No"))),
                ("0", Some(Some("No"))),
                ("sometimes", Some(None)),
            ],
        );
    }
}
