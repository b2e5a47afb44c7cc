//! `publicSchoolResidenceStatus`: CEDS 000570 codes `01652`–`01656`.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::finding::{Code, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "residence",
    codes: &[Code::UnknownResidenceStatus],
    scope: Scope::Columns(&[Column::PublicSchoolResidenceStatus]),
    check: Check::Cell(check),
};

pub(crate) const CODES: [&str; 5] = ["01652", "01653", "01654", "01655", "01656"];

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    if value.is_empty() || CODES.contains(&value) {
        return None;
    }
    // Excel drops the leading zero: 1652 → 01652.
    let padded = format!("{value:0>5}");
    if value.bytes().all(|b| b.is_ascii_digit()) && CODES.contains(&padded.as_str()) {
        return Some(Outcome::fixed(
            Code::UnknownResidenceStatus,
            Severity::Warning,
            padded,
        ));
    }
    Some(Outcome::warning(Code::UnknownResidenceStatus))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        let ctx = super::super::testing::ctx();
        let cases: &[(&str, Option<Option<&str>>)] = &[
            ("", None),
            ("01652", None),
            ("01656", None),
            ("1652", Some(Some("01652"))),
            ("1653", Some(Some("01653"))),
            ("01657", Some(None)),
            ("resident", Some(None)),
        ];
        for (input, expected) in cases {
            let got = check(input, &ctx).map(Outcome::into_fixed_value);
            assert_eq!(got.as_ref().map(|f| f.as_deref()), *expected, "{input}");
        }
    }
}
