//! `sourcedId`: required; `missing-id`, `id-mangled` (digits lost), `id-scientific` (all there),
//! `id-charset`.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::date::is_loose_date;
use crate::finding::{Code, Detail, Mangling, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "sourced_id",
    codes: &[
        Code::MissingId,
        Code::IdMangled,
        Code::IdScientific,
        Code::IdCharset,
    ],
    scope: Scope::Columns(&[Column::SourcedId]),
    check: Check::Cell(check),
};

/// OneRoster GUIDs: fewer than 256 characters of `0-9 A-Z a-z . - _ / @`.
const MAX_LEN: usize = 255;

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    if value.is_empty() {
        return Some(Outcome::error(Code::MissingId));
    }
    // The usual ID in one pass: digits and letters other than `E`, nothing a date or
    // scientific notation needs, and a short one. (With the USPS code as written in `state`:
    // -3.5 % of the instructions of a clean check, callgrind, 100,000 rows.)
    let plain = |b: &u8| b.is_ascii_digit() || (b.is_ascii_alphabetic() && (b | 0x20) != b'e');
    if value.len() <= MAX_LEN && value.as_bytes().iter().all(plain) {
        return None;
    }
    if let Some(whole) = scientific(value) {
        return Some(match whole {
            Some(digits) => Outcome::fixed(Code::IdScientific, Severity::Warning, digits),
            None => {
                Outcome::error(Code::IdMangled).with_detail(Detail::Mangled(Mangling::Scientific))
            }
        });
    }
    if value.bytes().any(|b| b == b'/' || b == b'-') && is_loose_date(value) {
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

/// `1.23457E+11`, `1E+15`, `6.02e23`: what Excel shows for a long number. `None` when the text
/// is not in scientific notation; `Some(None)` when digits of the number are lost (the mantissa
/// has fewer digits than the number: `1.23457E+11` is some number from 123456500000 to
/// 123457499999); `Some(Some(digits))` when every digit is there (`1.00238E+05` is 100238).
fn scientific(value: &str) -> Option<Option<String>> {
    let e = value.find(['E', 'e'])?;
    let (mantissa, exponent) = (&value[..e], &value[e + 1..]);
    let negative = exponent.starts_with('-');
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let form = !int.is_empty() && digits(int) && digits(frac) && !exponent.is_empty();
    if !form || !digits(exponent) || (mantissa.contains('.') && frac.is_empty()) {
        return None;
    }
    // The exponent moves the point over exactly the fraction's digits: an integer, all there.
    let whole = !negative
        && !int.starts_with('0')
        && exponent.parse::<usize>().ok() == Some(frac.len())
        && int.len() + frac.len() <= MAX_LEN;
    Some(whole.then(|| format!("{int}{frac}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    #[test]
    fn cases() {
        let ctx = RuleContext::on(Date::new(2026, 11, 28).unwrap());
        let cases: &[(&str, Option<Code>)] = &[
            ("12345", None),
            ("user_1.a-b/c@d", None),
            ("", Some(Code::MissingId)),
            ("1.23457E+11", Some(Code::IdMangled)),
            ("1E+15", Some(Code::IdMangled)),
            ("1.00238E+05", Some(Code::IdScientific)),
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

    #[test]
    fn scientific_ids_are_fixed_only_when_every_digit_is_there() {
        let ctx = RuleContext::on(Date::new(2026, 11, 28).unwrap());
        let cases: &[(&str, Option<&str>)] = &[
            ("1.00238E+05", Some("100238")),
            ("1.23456789012E+11", Some("123456789012")),
            ("9E+00", Some("9")),
            ("12.5e+01", Some("125")),
            ("1.23457E+11", None),
            ("1E+15", None),
            ("1.5E+03", None),
            ("1.23E+01", None),
            ("1.0E-02", None),
            ("0.5E+01", None),
        ];
        for &(input, fixed) in cases {
            let outcome = check(input, &ctx).expect(input);
            let code = if fixed.is_some() {
                Code::IdScientific
            } else {
                Code::IdMangled
            };
            assert_eq!(outcome.code, code, "{input}");
            assert_eq!(outcome.fixed_text().as_deref(), fixed, "{input}");
            let severity = if fixed.is_some() {
                Severity::Warning
            } else {
                Severity::Error
            };
            assert_eq!(outcome.severity, severity, "{input}");
        }
        assert_eq!(scientific("1.E+05"), None, "not a number Excel writes");
        assert_eq!(scientific("E12"), None);
    }
}
