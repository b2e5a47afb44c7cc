//! `sex`: `male`/`female` for Amplify; OneRoster 1.2 adds `other`/`unspecified`.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::finding::{Code, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "sex",
    codes: &[Code::InvalidSex, Code::SexNotInAmplify],
    scope: Scope::Columns(&[Column::Sex]),
    check: Check::Cell(check),
};

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    let fixed = match value {
        "" | "male" | "female" => return None,
        "other" | "unspecified" => return Some(Outcome::warning(Code::SexNotInAmplify)),
        v if v.eq_ignore_ascii_case("m") || v.eq_ignore_ascii_case("male") => "male",
        v if v.eq_ignore_ascii_case("f") || v.eq_ignore_ascii_case("female") => "female",
        v if v.eq_ignore_ascii_case("other") => "other",
        v if v.eq_ignore_ascii_case("unspecified") => "unspecified",
        _ => return Some(Outcome::error(Code::InvalidSex)),
    };
    Some(Outcome::fixed(Code::InvalidSex, Severity::Warning, fixed))
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
                ("male", None),
                ("female", None),
                ("M", Some(Some("male"))),
                ("Male", Some(Some("male"))),
                ("MALE", Some(Some("male"))),
                ("f", Some(Some("female"))),
                ("Female", Some(Some("female"))),
                ("Other", Some(Some("other"))),
                ("X", Some(None)),
                ("U", Some(None)),
                ("N/A", Some(None)),
            ],
        );
        assert_eq!(
            check("other", &super::super::testing::ctx()).map(|o| o.code),
            Some(Code::SexNotInAmplify)
        );
    }
}
