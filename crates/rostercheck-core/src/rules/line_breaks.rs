//! `line-break-in-field`: a quoted value that spans lines. OneRoster allows no line breaks in
//! values; each becomes one space (CRLF counts as one).

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::finding::{Code, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "line_breaks",
    codes: &[Code::LineBreakInField],
    scope: Scope::EveryValue,
    check: Check::Cell(check),
};

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    memchr::memchr2(b'\n', b'\r', value.as_bytes())?;
    Some(Outcome::fixed(
        Code::LineBreakInField,
        Severity::Warning,
        replace_line_breaks(value),
    ))
}

/// Line breaks inside a value become one space each (CRLF counts as one).
pub fn replace_line_breaks(value: &str) -> String {
    value.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::super::testing::assert_cases;
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(replace_line_breaks("a\r\nb\nc\rd"), "a b c d");
        assert_cases(
            &RULE,
            &[
                ("plain", None),
                ("two\nlines", Some(Some("two lines"))),
                ("crlf\r\nhere", Some(Some("crlf here"))),
            ],
        );
    }
}
