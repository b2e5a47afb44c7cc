//! `birthDate`: `YYYY-MM-DD`; `invalid-date`, `implausible-birth-date`.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::date::{parse_loose, Date, Loose};
use crate::decisions::ambiguous_date;
use crate::finding::{Code, Detail, Implausible, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "birth_date",
    // `ambiguous-date` comes from here too, but belongs to the date-order stage (`decisions`).
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
    let (date, shows) = match parse_loose(value) {
        None => return Some(Outcome::error(Code::InvalidDate)),
        Some(Loose::One { date, shows }) => (date, shows),
        Some(two) => {
            let write = |date: Date| date.to_string();
            return Some(ambiguous_date(Column::BirthDate, two, ctx, write));
        }
    };
    let canonical = date.to_string();
    if canonical != value {
        let fixed = Outcome::fixed(Code::InvalidDate, Severity::Warning, canonical);
        return Some(match shows {
            Some(order) => fixed.with_detail(Detail::DateShows(order)),
            None => fixed,
        });
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
        let ctx = RuleContext::on(Date::new(2026, 11, 28).unwrap());
        let cases: &[(&str, Option<(Code, Option<&str>)>)] = &[
            ("", None),
            ("2012-03-14", None),
            ("3/14/2012", Some((Code::InvalidDate, Some("2012-03-14")))),
            ("14/3/2012", Some((Code::InvalidDate, Some("2012-03-14")))),
            // Two readings: month first for now, kept back until the column's end tells.
            ("3/4/2012", Some((Code::AmbiguousDate, Some("2012-03-04")))),
            ("5/5/2012", Some((Code::InvalidDate, Some("2012-05-05")))),
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

    #[test]
    fn an_ambiguous_date_is_read_in_the_known_order_only() {
        use crate::date::DateOrder;
        use crate::decisions::{Basis, Ordered};
        let mut ctx = RuleContext::on(Date::new(2026, 11, 28).unwrap());
        let pending = check("12/5/2010", &ctx).unwrap();
        assert_eq!(pending.detail, Detail::DateOrderPending);
        assert_eq!(pending.severity, Severity::Error);
        // Written month first until the column's end tells.
        assert_eq!(pending.fixed_text().as_deref(), Some("2010-12-05"));
        for (order, want) in [
            (DateOrder::DayFirst, "2010-05-12"),
            (DateOrder::MonthFirst, "2010-12-05"),
        ] {
            let ordered = Ordered {
                order,
                basis: Basis::Answer,
            };
            let known = crate::decisions::ColumnOrder::Known(ordered);
            ctx.date_orders.set(Column::BirthDate, known);
            let read = check("12/5/2010", &ctx).unwrap();
            assert_eq!(read.fixed_text().as_deref(), Some(want));
            assert_eq!(read.detail, Detail::DateOrder(ordered));
            // The other date column's order is not this one's.
            assert_eq!(ctx.date_orders.get(Column::DateLastModified), None);
        }
        let shows = check("14/10/2012", &ctx).unwrap().detail;
        assert_eq!(shows, Detail::DateShows(DateOrder::DayFirst));
    }
}
