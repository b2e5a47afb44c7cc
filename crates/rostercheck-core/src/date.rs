//! Calendar dates without a clock: the rules are pure, so "today" is passed in.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2012.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
}

impl Date {
    /// A date, if it exists in the calendar (`2013-02-30` does not).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The date from days since 1970-01-01 (what `Date.now()` and `SystemTime` give).
    pub fn from_unix_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Whole years from `self` to `later` (an age).
    pub fn years_until(self, later: Date) -> i32 {
        let mut years = later.year - self.year;
        if (later.month, later.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads the digits of `text` as a number, if it is 1..=`max_len` ASCII digits.
pub(crate) fn digits(text: &str, max_len: usize) -> Option<u32> {
    if text.is_empty() || text.len() > max_len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parses the date forms people and spreadsheets write, US month/day order first.
///
/// Accepts `2012-03-14`, `2012-3-4`, `2012/03/14`, `3/14/2012`, `03-14-2012`, `14/3/2012`
/// (unambiguous day/month), and any of these followed by a midnight-or-any time part
/// (`T00:00:00`, ` 00:00:00`, `T00:00:00.000Z`). Two-digit years are not accepted: the century is a
/// guess. Returns `None` for text and for dates that do not exist.
pub fn parse_loose_date(text: &str) -> Option<Date> {
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    if date_part.len() != text.len() && !is_time_part(&text[date_part.len() + 1..]) {
        return None;
    }
    let sep = if date_part.contains('-') {
        '-'
    } else if date_part.contains('/') {
        '/'
    } else if date_part.contains('.') {
        '.'
    } else {
        return None;
    };
    let mut parts = date_part.split(sep);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    if a.len() == 4 {
        return Date::new(digits(a, 4)? as i32, digits(b, 2)?, digits(c, 2)?);
    }
    if c.len() != 4 {
        return None;
    }
    let (first, second, year) = (digits(a, 2)?, digits(b, 2)?, digits(c, 4)? as i32);
    if first > 12 {
        // 14/3/2012 can only be day/month.
        Date::new(year, second, first)
    } else {
        Date::new(year, first, second)
    }
}

fn is_time_part(time: &str) -> bool {
    let time = time.trim_end_matches('Z');
    let (hms, frac) = time.split_once('.').unwrap_or((time, "0"));
    let mut fields = hms.split(':');
    let ok = |f: Option<&str>, max: u32| f.and_then(|f| digits(f, 2)).is_some_and(|v| v <= max);
    ok(fields.next(), 23)
        && ok(fields.next(), 59)
        && fields
            .next()
            .is_none_or(|s| digits(s, 2).is_some_and(|v| v <= 60))
        && fields.next().is_none()
        && frac.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_dates() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2012-03-14", Some("2012-03-14")),
            ("2012-3-4", Some("2012-03-04")),
            ("2012/03/14", Some("2012-03-14")),
            ("3/14/2012", Some("2012-03-14")),
            ("03/14/2012", Some("2012-03-14")),
            ("14/3/2012", Some("2012-03-14")),
            ("3/4/2012", Some("2012-03-04")),
            ("2012-03-14T00:00:00", Some("2012-03-14")),
            ("2012-03-14 00:00:00", Some("2012-03-14")),
            ("2012-03-14T00:00:00.000Z", Some("2012-03-14")),
            ("2013-02-30", None),
            ("2012-02-29", Some("2012-02-29")),
            ("1900-02-29", None),
            ("13/13/2012", None),
            ("3/14/12", None),
            ("yesterday", None),
            ("2012-03-14Tnoon", None),
            ("", None),
        ];
        for (input, expected) in cases {
            let got = parse_loose_date(input).map(|d| d.to_string());
            assert_eq!(got.as_deref(), *expected, "{input}");
        }
    }

    #[test]
    fn unix_days_and_age() {
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(20_420).to_string(), "2025-11-28");
        let born = Date::new(2012, 3, 14).unwrap();
        assert_eq!(born.years_until(Date::new(2026, 3, 13).unwrap()), 13);
        assert_eq!(born.years_until(Date::new(2026, 3, 14).unwrap()), 14);
    }
}
