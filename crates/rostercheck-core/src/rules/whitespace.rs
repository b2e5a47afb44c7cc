//! `whitespace`: surrounding whitespace, non-breaking and zero-width spaces, and control
//! characters (NUL, escape, ...) in any value.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::finding::{Code, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "whitespace",
    codes: &[Code::Whitespace],
    scope: Scope::EveryValue,
    check: Check::Cell(|value, _: &RuleContext| check(value)),
};

/// Characters that are invisible in a spreadsheet but make a value differ: zero-width spaces
/// and joiners, and the bidirectional marks, embeddings, overrides and isolates that reorder
/// what is shown ("Trojan Source"): an ID with one looks like another ID.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Control characters other than TAB: never meant, often the debris of a binary export. (Line
/// breaks are replaced by a space before this rule runs.)
fn is_control(c: char) -> bool {
    c.is_control() && c != '\t'
}

/// True when the value is nothing once cleaned: only whitespace, invisible and control
/// characters. The one test of "empty" for blank rows and extra fields, so that what is written
/// clean is judged the same when the corrected file is checked again (found by fuzzing).
pub(crate) fn cleans_to_empty(value: &str) -> bool {
    value.chars().all(|c| is_trimmable(c) || is_control(c))
}

fn is_trimmable(c: char) -> bool {
    c.is_whitespace() || c == '\u{00A0}' || is_invisible(c)
}

/// The value without surrounding whitespace and without zero-width or control characters, if
/// that differs.
pub fn check(value: &str) -> Option<Outcome> {
    let bytes = value.as_bytes();
    // Fast path: plain ASCII ends and no multi-byte or control characters at all.
    let ends_clean = match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => !first.is_ascii_whitespace() && !last.is_ascii_whitespace(),
        _ => return None,
    };
    if ends_clean
        && bytes
            .iter()
            .all(|&b| (0x20..0x7F).contains(&b) || b == b'\t')
    {
        return None;
    }
    let cleaned: String = value
        .trim_matches(|c| is_trimmable(c) || is_control(c))
        .chars()
        .filter(|&c| !is_invisible(c) && !is_control(c))
        .collect();
    (cleaned != value).then(|| Outcome::fixed(Code::Whitespace, Severity::Info, cleaned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        let cases: &[(&str, Option<&str>)] = &[
            ("male", None),
            ("", None),
            ("José", None),
            (" male", Some("male")),
            ("male ", Some("male")),
            ("\tmale\r", Some("male")),
            ("\u{00A0}Free\u{00A0}", Some("Free")),
            ("12\u{200B}34", Some("1234")),
            ("1\u{202E}2", Some("12")),
            ("\u{2066}1001\u{2069}", Some("1001")),
            ("San Jos\u{E9}", None),
            ("   ", Some("")),
            ("two words", None),
            ("a\u{0}b", Some("ab")),
            ("\u{1B}[31mred", Some("[31mred")),
            ("x\u{7F}", Some("x")),
            ("tab\tinside", None),
        ];
        for (input, expected) in cases {
            let got = check(input).and_then(Outcome::into_fixed_value);
            assert_eq!(got.as_deref(), *expected, "{input:?}");
        }
    }
}
