//! Calendar dates without a clock: the rules are pure, so "today" is passed in.

use std::fmt;
use std::str::FromStr;

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

    /// The date `text` is, if it is exactly an ISO 8601 calendar date `YYYY-MM-DD` that exists.
    ///
    /// The one reading of an ISO date everywhere (the rules, the CLI's `--today`, the app's
    /// `?today=`), so they agree on every text. Strict: four-digit year, two-digit month and day,
    /// hyphens, nothing around it (`2026-1-2`, `+2026-01-02` and ` 2026-01-02` are not dates).
    /// [`Date::from_str`] says why not; the rules' loose parser reads the other forms people write.
    pub fn parse_iso(text: &str) -> Option<Date> {
        text.parse().ok()
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

/// Why a text is not an ISO 8601 calendar date (see [`Date::parse_iso`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseDateError {
    /// Not written `YYYY-MM-DD`.
    Form,
    /// Written `YYYY-MM-DD`, but no such day (`2023-02-29`, `2026-13-01`).
    NoSuchDay,
}

impl fmt::Display for ParseDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParseDateError::Form => {
                "expected YYYY-MM-DD: a four-digit year, a two-digit month and a two-digit day, \
                 such as 2026-01-02"
            }
            ParseDateError::NoSuchDay => "there is no such day in the calendar",
        })
    }
}

impl std::error::Error for ParseDateError {}

impl FromStr for Date {
    type Err = ParseDateError;

    /// Reads exactly `YYYY-MM-DD` (see [`Date::parse_iso`]).
    fn from_str(text: &str) -> Result<Date, ParseDateError> {
        let b = text.as_bytes();
        let digit = |i: usize| b[i].is_ascii_digit();
        let form = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
        if !form || ![0, 1, 2, 3, 5, 6, 8, 9].into_iter().all(digit) {
            return Err(ParseDateError::Form);
        }
        // Read from the bytes, not with `str::parse`, which would also take a sign ("+1").
        let number = |from: usize, to: usize| {
            b[from..to]
                .iter()
                .fold(0, |n, d| n * 10 + u32::from(d - b'0'))
        };
        Date::new(number(0, 4) as i32, number(5, 7), number(8, 10)).ok_or(ParseDateError::NoSuchDay)
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

/// Which part of a `3/4/2012`-style date comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateOrder {
    /// `3/4/2012` is March 4 (US).
    MonthFirst,
    /// `3/4/2012` is 3 April (most of the world, and many Spanish- or UK-locale exports).
    DayFirst,
}

impl DateOrder {
    /// The answer's word: `mdy` or `dmy`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "mdy",
            DateOrder::DayFirst => "dmy",
        }
    }
}

impl FromStr for DateOrder {
    type Err = String;

    /// `mdy` (or `month-first`) and `dmy` (or `day-first`), in any case.
    fn from_str(text: &str) -> Result<DateOrder, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "mdy" | "month-first" | "monthfirst" | "us" => Ok(DateOrder::MonthFirst),
            "dmy" | "day-first" | "dayfirst" => Ok(DateOrder::DayFirst),
            other => Err(format!(
                "a date order is mdy (month first, 3/4/2012 is March 4) or dmy (day first, \
                 3/4/2012 is 3 April), not \"{other}\""
            )),
        }
    }
}

impl fmt::Display for DateOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a date written the way people and spreadsheets write it can mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Loose {
    /// Exactly one day. `shows`: the order of day and month the text proves (`14/3/2012` can
    /// only be day first, `3/14/2012` only month first); `None` when it proves neither
    /// (year first, or day and month equal).
    One {
        date: Date,
        shows: Option<DateOrder>,
    },
    /// Two different days, one for each order (`3/4/2012`).
    Two { month_first: Date, day_first: Date },
}

impl Loose {
    /// The day it is when the column's order is `order` (`None`: unknown).
    pub fn read(self, order: Option<DateOrder>) -> Option<Date> {
        match (self, order) {
            (Loose::One { date, .. }, _) => Some(date),
            (Loose::Two { month_first, .. }, Some(DateOrder::MonthFirst)) => Some(month_first),
            (Loose::Two { day_first, .. }, Some(DateOrder::DayFirst)) => Some(day_first),
            (Loose::Two { .. }, None) => None,
        }
    }
}

/// Reads the date forms people and spreadsheets write, without guessing the order of day and
/// month.
///
/// Accepts `2012-03-14` (read by [`Date::parse_iso`]), `2012-3-4`, `2012/03/14`, `3/14/2012`,
/// `03-14-2012`, `14/3/2012`, `3/4/2012` (two readings), and any of these followed by a time part
/// (`T00:00:00`, ` 00:00:00`, `T00:00:00.000Z`). Two-digit years are not accepted: the century is
/// a guess. Returns `None` for text and for dates that do not exist.
pub(crate) fn parse_loose(text: &str) -> Option<Loose> {
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    if date_part.len() != text.len() && !is_time_part(&text[date_part.len() + 1..]) {
        return None;
    }
    let one = |date| Loose::One { date, shows: None };
    match Date::from_str(date_part) {
        Ok(date) => return Some(one(date)),
        // ISO in form, so no other reading of it can be a day either.
        Err(ParseDateError::NoSuchDay) => return None,
        Err(ParseDateError::Form) => {}
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
        return year_first([a, b, c]).map(one);
    }
    if c.len() != 4 {
        return None;
    }
    let (first, second, year) = (digits(a, 2)?, digits(b, 2)?, digits(c, 4)? as i32);
    let month_first = Date::new(year, first, second);
    let day_first = Date::new(year, second, first);
    match (month_first, day_first) {
        (Some(m), Some(d)) if m == d => Some(one(m)),
        (Some(month_first), Some(day_first)) => Some(Loose::Two {
            month_first,
            day_first,
        }),
        (Some(date), None) => Some(Loose::One {
            date,
            shows: Some(DateOrder::MonthFirst),
        }),
        (None, Some(date)) => Some(Loose::One {
            date,
            shows: Some(DateOrder::DayFirst),
        }),
        (None, None) => None,
    }
}

/// Whether `text` is a date in any reading (an ID that Excel turned into a date).
pub(crate) fn is_loose_date(text: &str) -> bool {
    parse_loose(text).is_some()
}

/// A year-first date split into its parts: a four-digit year, a month and a day of one or two
/// digits (`2012-3-4`). Looser than ISO on purpose: it reads dates to fix them.
fn year_first([year, month, day]: [&str; 3]) -> Option<Date> {
    if year.len() != 4 {
        return None;
    }
    Date::new(digits(year, 4)? as i32, digits(month, 2)?, digits(day, 2)?)
}

/// A year-first date with `-` between its parts, ISO or with one-digit month or day
/// (`2012-3-4`): the date part of a datetime that is to be fixed.
pub(crate) fn parse_year_first(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let date = year_first([parts.next()?, parts.next()?, parts.next()?])?;
    parts.next().is_none().then_some(date)
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
        // (text, month-first reading, day-first reading)
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("2012-03-14", Some("2012-03-14"), Some("2012-03-14")),
            ("2012-3-4", Some("2012-03-04"), Some("2012-03-04")),
            ("2012/03/14", Some("2012-03-14"), Some("2012-03-14")),
            ("3/14/2012", Some("2012-03-14"), Some("2012-03-14")),
            ("03/14/2012", Some("2012-03-14"), Some("2012-03-14")),
            ("14/3/2012", Some("2012-03-14"), Some("2012-03-14")),
            ("3/4/2012", Some("2012-03-04"), Some("2012-04-03")),
            ("12/5/2010", Some("2010-12-05"), Some("2010-05-12")),
            ("6/6/2012", Some("2012-06-06"), Some("2012-06-06")),
            (
                "2012-03-14T00:00:00",
                Some("2012-03-14"),
                Some("2012-03-14"),
            ),
            (
                "2012-03-14 00:00:00",
                Some("2012-03-14"),
                Some("2012-03-14"),
            ),
            (
                "2012-03-14T00:00:00.000Z",
                Some("2012-03-14"),
                Some("2012-03-14"),
            ),
            ("2/30/2012", None, None),
            ("2013-02-30", None, None),
            ("2012-02-29", Some("2012-02-29"), Some("2012-02-29")),
            ("1900-02-29", None, None),
            ("13/13/2012", None, None),
            ("3/14/12", None, None),
            ("yesterday", None, None),
            ("2012-03-14Tnoon", None, None),
            ("", None, None),
        ];
        for &(input, month_first, day_first) in cases {
            let read = |order| {
                parse_loose(input)
                    .and_then(|l| l.read(Some(order)))
                    .map(|d| d.to_string())
            };
            assert_eq!(
                read(DateOrder::MonthFirst).as_deref(),
                month_first,
                "{input}"
            );
            assert_eq!(read(DateOrder::DayFirst).as_deref(), day_first, "{input}");
            let unknown = parse_loose(input).and_then(|l| l.read(None));
            let one = month_first.is_some() && month_first == day_first;
            assert_eq!(
                unknown.is_some(),
                one,
                "{input}: one reading without an order"
            );
        }
    }

    #[test]
    fn a_date_shows_its_order_only_when_one_reading_exists() {
        let shows = |text| match parse_loose(text) {
            Some(Loose::One { shows, .. }) => shows,
            _ => None,
        };
        assert_eq!(shows("14/10/2012"), Some(DateOrder::DayFirst));
        assert_eq!(shows("10/14/2012"), Some(DateOrder::MonthFirst));
        assert_eq!(shows("5/5/2012"), None);
        assert_eq!(shows("2012-10-14"), None);
        assert!(matches!(parse_loose("12/5/2010"), Some(Loose::Two { .. })));
    }

    #[test]
    fn date_orders_are_answered_in_words() {
        assert_eq!("dmy".parse(), Ok(DateOrder::DayFirst));
        assert_eq!(" MDY ".parse(), Ok(DateOrder::MonthFirst));
        assert_eq!("day-first".parse(), Ok(DateOrder::DayFirst));
        assert!("ymd".parse::<DateOrder>().unwrap_err().contains("mdy"));
    }

    #[test]
    fn iso_dates_are_strict() {
        let cases: &[(&str, Result<(i32, u32, u32), ParseDateError>)] = &[
            ("2026-01-02", Ok((2026, 1, 2))),
            ("2024-02-29", Ok((2024, 2, 29))),
            ("0001-12-31", Ok((1, 12, 31))),
            ("2023-02-29", Err(ParseDateError::NoSuchDay)),
            ("2026-13-01", Err(ParseDateError::NoSuchDay)),
            ("2026-00-10", Err(ParseDateError::NoSuchDay)),
            ("2026-1-2", Err(ParseDateError::Form)),
            ("2026-01-2", Err(ParseDateError::Form)),
            ("26-01-02", Err(ParseDateError::Form)),
            ("+202-01-02", Err(ParseDateError::Form)),
            ("2026-+1-02", Err(ParseDateError::Form)),
            ("2026/01/02", Err(ParseDateError::Form)),
            (" 2026-01-02", Err(ParseDateError::Form)),
            ("2026-01-02T00:00:00", Err(ParseDateError::Form)),
            ("2026-01-0２", Err(ParseDateError::Form)),
            ("", Err(ParseDateError::Form)),
        ];
        for &(text, want) in cases {
            let want = want.map(|(y, m, d)| Date {
                year: y,
                month: m,
                day: d,
            });
            assert_eq!(text.parse::<Date>(), want, "{text}");
            assert_eq!(Date::parse_iso(text), want.ok(), "{text}");
        }
    }

    #[test]
    fn iso_errors_name_the_form() {
        assert!(ParseDateError::Form.to_string().contains("YYYY-MM-DD"));
        assert!(ParseDateError::NoSuchDay
            .to_string()
            .contains("no such day"));
    }

    #[test]
    fn every_iso_date_reads_back() {
        for days in (-800_000..800_000).step_by(997) {
            let date = Date::from_unix_days(days);
            if date.year >= 0 && date.year <= 9999 {
                assert_eq!(Date::parse_iso(&date.to_string()), Some(date), "{date}");
            }
        }
    }

    #[test]
    fn year_first_is_looser_than_iso() {
        let day = Date::new(2012, 3, 4);
        assert_eq!(parse_year_first("2012-3-4"), day);
        assert_eq!(parse_year_first("2012-03-04"), day);
        for text in [
            "2012-3",
            "2012-3-4-5",
            "12-3-4",
            "2012-003-4",
            "2012/3/4",
            "2012-2-30",
        ] {
            assert_eq!(parse_year_first(text), None, "{text}");
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
