//! The day birth dates are judged against.
//!
//! By default the browser's current date in UTC, as the CLI does without `--today`. A page URL
//! with `?today=YYYY-MM-DD` pins it (a test hook: the end-to-end tests compare the corrected file
//! with `rostercheck check --today` for the same day).

use rostercheck_core::Date;

/// A `YYYY-MM-DD` date, if it is one: the core's strict reading, which the CLI's `--today` uses
/// too, so a day the page accepts is one the CLI accepts (`2026-1-2` is neither's). Surrounding
/// spaces are ignored by both.
pub fn parse_iso(text: &str) -> Option<Date> {
    Date::parse_iso(text.trim())
}

/// The `today` parameter of a URL query string (`?a=b&today=2026-11-28`), if valid.
pub fn from_query(search: &str) -> Option<Date> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "today")
        .and_then(|(_, value)| parse_iso(value))
}

/// The UTC date of a time in milliseconds since 1970 (what `Date.now()` gives).
pub fn from_unix_ms(ms: f64) -> Date {
    Date::from_unix_days((ms / 86_400_000.0).floor() as i64)
}

/// The date for this page: `?today=` if given, else the browser's clock (UTC).
pub fn for_page() -> Date {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    from_query(&search).unwrap_or_else(|| from_unix_ms(js_sys::Date::now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_dates_only() {
        let cases = [
            ("2026-11-28", Some((2026, 11, 28))),
            (" 2024-02-29 ", Some((2024, 2, 29))),
            ("2023-02-29", None),
            ("2026-1-28", None),
            ("28/11/2026", None),
            ("", None),
        ];
        for (text, want) in cases {
            let want = want.and_then(|(y, m, d)| Date::new(y, m, d));
            assert_eq!(parse_iso(text), want, "{text}");
        }
    }

    #[test]
    fn agrees_with_the_cli() {
        // What `rostercheck check --today` rejects with exit 2, the page ignores.
        for text in [
            "2026-1-2",
            "2026-01-2",
            "+2026-01-02",
            "2026-+1-02",
            "1/2/2026",
        ] {
            assert_eq!(parse_iso(text), None, "{text}");
            assert_eq!(from_query(&format!("?today={text}")), None, "{text}");
        }
        assert_eq!(from_query("?today=2026-01-02"), Date::new(2026, 1, 2));
    }

    #[test]
    fn reads_the_query() {
        let day = Date::new(2026, 11, 28);
        assert_eq!(from_query("?today=2026-11-28"), day);
        assert_eq!(from_query("?x=1&today=2026-11-28&y"), day);
        assert_eq!(from_query("?today=soon"), None);
        assert_eq!(from_query(""), None);
    }

    #[test]
    fn unix_ms_is_utc_days() {
        assert_eq!(from_unix_ms(0.0), Date::new(1970, 1, 1).unwrap());
        // 2026-11-28T23:59:59.999Z
        assert_eq!(
            from_unix_ms(1_795_910_399_999.0),
            Date::new(2026, 11, 28).unwrap()
        );
    }
}
