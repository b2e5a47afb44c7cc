//! `formula-like-value`: free text that a spreadsheet would run as a formula.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::finding::Code;

/// The registry entry: free text only (coded columns have their own rules).
pub const RULE: Rule = Rule {
    name: "formula",
    codes: &[Code::FormulaLikeValue],
    scope: Scope::FreeText,
    check: Check::Cell(|value, _: &RuleContext| check(value)),
};

/// Warns when `value` starts with `=`, `+`, `-`, `@`, TAB or CR. The value is kept as is.
pub fn check(value: &str) -> Option<Outcome> {
    is_formula_like(value).then(|| Outcome::warning(Code::FormulaLikeValue))
}

/// True when a spreadsheet could read the value as a formula: it starts with `=`, `+`, `-`,
/// `@`, TAB or CR, or with the full-width `＝`, `＋`, `－`, `＠` that Excel in East Asian
/// locales turns into them.
pub fn is_formula_like(value: &str) -> bool {
    match value.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => true,
        Some(0xEF) => value.starts_with(['\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}']),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        for (input, flagged) in [
            ("=1+2", true),
            ("+1", true),
            ("\u{FF1D}1+1", true),
            ("\u{FF20}SUM(A1)", true),
            ("\u{FF21}", false),
            ("=cmd|' /C calc'!A0", true),
            ("-x", true),
            ("@SUM(A1)", true),
            ("\tx", true),
            ("Austin", false),
            ("", false),
            ("a=b", false),
        ] {
            assert_eq!(check(input).is_some(), flagged, "{input}");
        }
    }
}
