//! `sourcedId`: required; `missing-id`, `id-mangled`, `id-charset`.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::date::parse_loose_date;
use crate::finding::{Code, Detail, Mangling};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "sourced_id",
    codes: &[Code::MissingId, Code::IdMangled, Code::IdCharset],
    scope: Scope::Columns(&[Column::SourcedId]),
    check: Check::Cell(check),
};

/// OneRoster GUIDs: fewer than 256 characters of `0-9 A-Z a-z . - _ / @`.
const MAX_LEN: usize = 255;

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    if value.is_empty() {
        return Some(Outcome::error(Code::MissingId));
    }
    if is_scientific(value) {
        return Some(
            Outcome::error(Code::IdMangled).with_detail(Detail::Mangled(Mangling::Scientific)),
        );
    }
    if value.bytes().any(|b| b == b'/' || b == b'-') && parse_loose_date(value).is_some() {
        return Some(Outcome::error(Code::IdMangled).with_detail(Detail::Mangled(Mangling::Date)));
    }
    let charset_ok = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b".-_/@".contains(&b));
    if !charset_ok || value.len() > MAX_LEN {
        return Some(Outcome::warning(Code::IdCharset));
    }
    None
}

/// `1.23457E+11`, `1E+15`, `6.02e23`: what Excel shows for a long number.
fn is_scientific(value: &str) -> bool {
    let Some(e) = value.find(['E', 'e']) else {
        return false;
    };
    let (mantissa, exponent) = (&value[..e], &value[e + 1..]);
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && all_digits(frac) && all_digits(exponent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    #[test]
    fn cases() {
        let ctx = RuleContext {
            today: Date::new(2026, 11, 28).unwrap(),
        };
        let cases: &[(&str, Option<Code>)] = &[
            ("12345", None),
            ("user_1.a-b/c@d", None),
            ("", Some(Code::MissingId)),
            ("1.23457E+11", Some(Code::IdMangled)),
            ("1E+15", Some(Code::IdMangled)),
            ("3/14/2012", Some(Code::IdMangled)),
            ("2012-03-14", Some(Code::IdMangled)),
            ("E12", None),
            ("12E", None),
            ("stu 12", Some(Code::IdCharset)),
            ("élève", Some(Code::IdCharset)),
        ];
        for (input, expected) in cases {
            assert_eq!(check(input, &ctx).map(|o| o.code), *expected, "{input}");
        }
        assert_eq!(
            check(&"a".repeat(256), &ctx).map(|o| o.code),
            Some(Code::IdCharset)
        );
        assert_eq!(check(&"a".repeat(255), &ctx), None);
    }
}
