//! `birthDate`: `YYYY-MM-DD`; `invalid-date`, `implausible-birth-date`.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::date::{digits, parse_loose_date, Date};
use crate::finding::{Code, Detail, Implausible, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "birth_date",
    codes: &[Code::InvalidDate, Code::ImplausibleBirthDate],
    scope: Scope::Columns(&[Column::BirthDate]),
    check: Check::Cell(check),
};

/// Students are between 2 and 30 years old [ours: pre-K to adult education].
const MIN_AGE: i32 = 2;
const MAX_AGE: i32 = 30;

fn check(value: &str, ctx: &RuleContext) -> Option<Outcome> {
    if value.is_empty() {
        return None;
    }
    if let Some(date) = canonical_date(value) {
        return plausibility(date, ctx.today);
    }
    let Some(date) = parse_loose_date(value) else {
        return Some(Outcome::error(Code::InvalidDate));
    };
    let canonical = date.to_string();
    if canonical != value {
        return Some(Outcome::fixed(
            Code::InvalidDate,
            Severity::Warning,
            canonical,
        ));
    }
    plausibility(date, ctx.today)
}

/// The date when `value` is already exactly `YYYY-MM-DD` (the fast path: no allocation).
fn canonical_date(value: &str) -> Option<Date> {
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Date::new(
        digits(&value[..4], 4)? as i32,
        digits(&value[5..7], 2)?,
        digits(&value[8..], 2)?,
    )
}

/// `implausible-birth-date` for a date that is already in canonical form.
pub fn plausibility(date: Date, today: Date) -> Option<Outcome> {
    let why = if date > today {
        Implausible::Future
    } else {
        match date.years_until(today) {
            age if age > MAX_AGE => Implausible::Old,
            age if age < MIN_AGE => Implausible::Young,
            _ => return None,
        }
    };
    Some(Outcome::warning(Code::ImplausibleBirthDate).with_detail(Detail::BirthDate(why)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        let ctx = RuleContext {
            today: Date::new(2026, 11, 28).unwrap(),
        };
        let cases: &[(&str, Option<(Code, Option<&str>)>)] = &[
            ("", None),
            ("2012-03-14", None),
            ("3/14/2012", Some((Code::InvalidDate, Some("2012-03-14")))),
            (
                "2012-03-14T00:00:00",
                Some((Code::InvalidDate, Some("2012-03-14"))),
            ),
            ("2013-02-30", Some((Code::InvalidDate, None))),
            ("unknown", Some((Code::InvalidDate, None))),
            ("2027-01-01", Some((Code::ImplausibleBirthDate, None))),
            ("1980-02-12", Some((Code::ImplausibleBirthDate, None))),
            ("2025-06-01", Some((Code::ImplausibleBirthDate, None))),
        ];
        for (input, expected) in cases {
            let got = check(input, &ctx).map(|o| (o.code, o.fixed_text()));
            let expected = expected.map(|(c, f)| (c, f.map(String::from)));
            assert_eq!(got, expected, "{input}");
        }
    }
}
