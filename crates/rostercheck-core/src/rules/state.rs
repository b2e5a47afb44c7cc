//! `stateOfBirthAbbreviation`: a USPS state code (CEDS 000267).

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::data::states::{is_code, state_code};
use crate::finding::{Code, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "state",
    codes: &[Code::UnknownState],
    scope: Scope::Columns(&[Column::StateOfBirthAbbreviation]),
    check: Check::Cell(check),
};

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    if value.is_empty() || is_code(value) {
        return None;
    }
    Some(match state_code(value) {
        Some(code) if code == value => return None,
        Some(code) => Outcome::fixed(Code::UnknownState, Severity::Warning, code),
        None => Outcome::warning(Code::UnknownState),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        let ctx = super::super::testing::ctx();
        let cases: &[(&str, Option<Option<&str>>)] = &[
            ("", None),
            ("TX", None),
            ("tx", Some(Some("TX"))),
            ("Texas", Some(Some("TX"))),
            ("new york", Some(Some("NY"))),
            ("Ontario", Some(None)),
        ];
        for (input, expected) in cases {
            let got = check(input, &ctx).map(Outcome::into_fixed_value);
            assert_eq!(got.as_ref().map(|f| f.as_deref()), *expected, "{input}");
        }
    }
}
