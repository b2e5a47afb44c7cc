//! `whitespace`: surrounding whitespace, non-breaking and zero-width spaces in any value.

use super::Outcome;
use crate::finding::{Code, Severity};

/// Characters that are invisible in a spreadsheet but make a value differ.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn is_trimmable(c: char) -> bool {
    c.is_whitespace() || c == '\u{00A0}' || is_invisible(c)
}

/// The value without surrounding whitespace and without zero-width characters, if that differs.
pub fn check(value: &str) -> Option<Outcome> {
    let bytes = value.as_bytes();
    // Fast path: plain ASCII ends and no multi-byte characters at all.
    let ends_clean = match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => !first.is_ascii_whitespace() && !last.is_ascii_whitespace(),
        _ => return None,
    };
    if ends_clean && value.is_ascii() {
        return None;
    }
    let cleaned: String = value
        .trim_matches(is_trimmable)
        .chars()
        .filter(|c| !is_invisible(*c))
        .collect();
    (cleaned != value).then(|| Outcome::fixed(Code::Whitespace, Severity::Info, cleaned))
}

/// [`check`] for a value known to be ASCII (the record was checked once): only the ends matter.
pub fn check_ascii(value: &str) -> Option<Outcome> {
    let bytes = value.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_whitespace() || last.is_ascii_whitespace() => {
            let trimmed = value.trim_matches(|c: char| c.is_ascii_whitespace());
            Some(Outcome::fixed(Code::Whitespace, Severity::Info, trimmed))
        }
        _ => None,
    }
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
            ("   ", Some("")),
            ("two words", None),
        ];
        for (input, expected) in cases {
            let got = check(input).and_then(|o| o.fixed);
            assert_eq!(got.as_deref(), *expected, "{input:?}");
            if input.is_ascii() {
                assert_eq!(
                    check_ascii(input).and_then(|o| o.fixed),
                    got,
                    "{input:?}: the ASCII path agrees"
                );
            }
        }
    }
}
