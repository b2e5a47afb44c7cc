//! `dateLastModified`: blank in bulk files; a UTC `YYYY-MM-DDTHH:MM:SS.sssZ` in delta files.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::date::{digits, parse_loose, parse_year_first, Date, Loose};
use crate::decisions::{ambiguous_date, answered_mode};
use crate::finding::Detail;
use crate::finding::{Code, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "date_last_modified",
    codes: &[Code::InvalidDatetime],
    scope: Scope::Columns(&[Column::DateLastModified]),
    check: Check::Cell(check),
};

fn check(value: &str, ctx: &RuleContext) -> Option<Outcome> {
    if let Some(answered) = answered_mode(Column::DateLastModified, value, ctx) {
        return Some(answered);
    }
    if value.is_empty() || is_canonical(value) {
        return None;
    }
    if let Some(fixed) = normalise_utc(value) {
        return Some(Outcome::fixed(
            Code::InvalidDatetime,
            Severity::Warning,
            fixed,
        ));
    }
    // A date alone (any of the accepted date forms) means midnight UTC.
    if !value.contains(':') {
        let midnight = |date: Date| format!("{date}T00:00:00.000Z");
        match parse_loose(value) {
            Some(Loose::One { date, shows }) => {
                let fixed =
                    Outcome::fixed(Code::InvalidDatetime, Severity::Warning, midnight(date));
                return Some(match shows {
                    Some(order) => fixed.with_detail(Detail::DateShows(order)),
                    None => fixed,
                });
            }
            Some(two) => {
                return Some(ambiguous_date(Column::DateLastModified, two, ctx, midnight));
            }
            None => {}
        }
    }
    Some(Outcome::error(Code::InvalidDatetime))
}

/// `2024-06-26T14:03:09.123Z`, exactly.
fn is_canonical(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 24
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'.'
        && b[23] == b'Z'
        && normalise_utc(value).as_deref() == Some(value)
}

/// An explicit-UTC datetime (`Z` or `+00:00`, `T` or space, 0–9 fraction digits) in canonical form.
/// A time without a zone is not fixed: which zone it meant is a guess.
fn normalise_utc(value: &str) -> Option<String> {
    let rest = value
        .strip_suffix('Z')
        .or_else(|| value.strip_suffix("+00:00"))
        .or_else(|| value.strip_suffix("z"))?;
    let (date, time) = rest.split_once(['T', ' '])?;
    // ISO, or with a one-digit month or day: this is a fix, so it reads what it can.
    let date = parse_year_first(date)?;
    let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
    let mut parts = hms.split(':');
    let hour = digits(parts.next()?, 2)?;
    let minute = digits(parts.next()?, 2)?;
    let second = parts.next().map_or(Some(0), |s| digits(s, 2))?;
    if parts.next().is_some() || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 9 {
        return None;
    }
    let millis: String = frac.chars().chain("000".chars()).take(3).collect();
    Some(format!(
        "{date}T{hour:02}:{minute:02}:{second:02}.{millis}Z"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    #[test]
    fn cases() {
        let ctx = RuleContext::on(Date::new(2026, 11, 28).unwrap());
        let cases: &[(&str, Option<Option<&str>>)] = &[
            ("", None),
            ("2023-10-02T00:00:00.000Z", None),
            ("2024-06-26", Some(Some("2024-06-26T00:00:00.000Z"))),
            ("6/26/2024", Some(Some("2024-06-26T00:00:00.000Z"))),
            ("26/6/2024", Some(Some("2024-06-26T00:00:00.000Z"))),
            // Two readings: month first for now, kept back until the column's end tells.
            ("6/5/2024", Some(Some("2024-06-05T00:00:00.000Z"))),
            (
                "2012-04-23T18:25:43Z",
                Some(Some("2012-04-23T18:25:43.000Z")),
            ),
            (
                "2012-04-23T18:25:43.5Z",
                Some(Some("2012-04-23T18:25:43.500Z")),
            ),
            (
                "2012-04-23 18:25:43.511+00:00",
                Some(Some("2012-04-23T18:25:43.511Z")),
            ),
            ("2019-01-01 04:05:06.995", Some(None)),
            ("2023-02-30T00:00:00.000Z", Some(None)),
            ("2023-01-01T24:00:00.000Z", Some(None)),
            ("last week", Some(None)),
        ];
        for (input, expected) in cases {
            let got = check(input, &ctx).map(|o| o.fixed_text());
            let expected = expected.map(|f| f.map(String::from));
            assert_eq!(got, expected, "{input}");
        }
    }

    #[test]
    fn the_date_part_reads_like_the_other_dates() {
        let ctx = RuleContext::on(Date::new(2026, 11, 28).unwrap());
        let fixed = |value: &str| check(value, &ctx).and_then(Outcome::into_fixed_value);
        // One-digit month and day are fixed, as in a date alone.
        assert_eq!(
            fixed("2012-4-3T18:25:43Z").as_deref(),
            Some("2012-04-03T18:25:43.000Z")
        );
        // A two-digit year is not: the century is a guess (it used to become year 12).
        assert_eq!(fixed("12-04-23T18:25:43Z"), None);
        assert_eq!(fixed("2012-04-23-1T18:25:43Z"), None);
    }
}
