//! `metadata.titleI` and `metadata.iepStatus`: `Yes`, `No`, `True`, `False` as written (ClassLink article).

use super::yes_no::yes_no;
use super::{CellRule, Outcome, RuleContext};
use crate::columns::Column;
use crate::finding::{Code, Severity};

/// The registry entry.
pub const RULE: CellRule = CellRule {
    name: "title_iep",
    codes: &[Code::InvalidYesNo],
    columns: &[Column::TitleI, Column::IepStatus],
    check,
};

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    match value {
        "" | "Yes" | "No" | "True" | "False" => None,
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
