//! `birthDate`: `YYYY-MM-DD`; `invalid-date`, `implausible-birth-date`.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::date::{parse_loose_date, Date};
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
    // Already `YYYY-MM-DD` is the common case, and the strict parser does not allocate.
    if let Some(date) = Date::parse_iso(value) {
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
