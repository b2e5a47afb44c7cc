//! US state, district, territory and military "state" names to USPS codes.
//!
//! Covers the 50 states, DC, the territories PR, GU, VI, AS, MP and UM, and
//! the military codes AA, AE and AP, with AP-style and older GPO
//! abbreviations. Every table is sorted so lookups are binary searches.

use super::lookup::{CodeList, Codes};

/// Returns the USPS two-letter code (upper case) for a state cell.
///
/// Accepts the code in any case (`"tx"`), the English name in any case and
/// spacing (`"new york"`, `"Washington, D.C."`, `"US Virgin Islands"`) and
/// common abbreviations (`"Calif."`, `"N.Y."`, `"Pa."`). `value` should
/// already be trimmed. Returns `None` for anything not recognised.
#[must_use]
pub fn state_code(value: &str) -> Option<&'static str> {
    STATES.lookup(value)
}

/// True when `value` is a USPS code as written (`TX`), the usual value: answered without a
/// lookup by name.
pub fn is_code(value: &str) -> bool {
    value.len() == 2 && CODES.binary_search(&value).is_ok()
}

/// The state list: USPS codes and names, with no articles or suffixes.
const STATES: CodeList = CodeList::new(&[Codes::Canonical(CODES)], NAMES);

/// Every accepted USPS code, sorted.
pub(crate) const CODES: &[&str] = &[
    "AA", "AE", "AK", "AL", "AP", "AR", "AS", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "GU",
    "HI", "IA", "ID", "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MP", "MS",
    "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA", "PR", "RI", "SC",
    "SD", "TN", "TX", "UM", "UT", "VA", "VI", "VT", "WA", "WI", "WV", "WY",
];

/// Normalised name or abbreviation to USPS code, sorted by name.
const NAMES: &[(&str, &str)] = &[
    ("ala", "AL"),
    ("alabama", "AL"),
    ("alaska", "AK"),
    ("american samoa", "AS"),
    ("ariz", "AZ"),
    ("arizona", "AZ"),
    ("ark", "AR"),
    ("arkansas", "AR"),
    ("armed forces africa", "AE"),
    ("armed forces america", "AA"),
    ("armed forces americas", "AA"),
    ("armed forces canada", "AE"),
    ("armed forces europe", "AE"),
    ("armed forces europe middle east africa and canada", "AE"),
    ("armed forces europe the middle east and canada", "AE"),
    ("armed forces middle east", "AE"),
    ("armed forces pacific", "AP"),
    ("armed forces the americas", "AA"),
    ("cal", "CA"),
    ("calif", "CA"),
    ("california", "CA"),
    ("cnmi", "MP"),
    ("col", "CO"),
    ("colo", "CO"),
    ("colorado", "CO"),
    ("commonwealth of kentucky", "KY"),
    ("commonwealth of massachusetts", "MA"),
    ("commonwealth of pennsylvania", "PA"),
    ("commonwealth of puerto rico", "PR"),
    ("commonwealth of the northern mariana islands", "MP"),
    ("commonwealth of virginia", "VA"),
    ("conn", "CT"),
    ("connecticut", "CT"),
    ("d c", "DC"),
    ("del", "DE"),
    ("delaware", "DE"),
    ("district of columbia", "DC"),
    ("district of columbia dc", "DC"),
    ("fla", "FL"),
    ("flor", "FL"),
    ("florida", "FL"),
    ("georgia", "GA"),
    ("guam", "GU"),
    ("hawaii", "HI"),
    ("ida", "ID"),
    ("idaho", "ID"),
    ("ill", "IL"),
    ("illinois", "IL"),
    ("ind", "IN"),
    ("indiana", "IN"),
    ("iowa", "IA"),
    ("kan", "KS"),
    ("kans", "KS"),
    ("kansas", "KS"),
    ("kentucky", "KY"),
    ("louisiana", "LA"),
    ("maine", "ME"),
    ("mariana islands", "MP"),
    ("maryland", "MD"),
    ("mass", "MA"),
    ("massachusetts", "MA"),
    ("mich", "MI"),
    ("michigan", "MI"),
    ("minn", "MN"),
    ("minnesota", "MN"),
    ("minor outlying islands", "UM"),
    ("miss", "MS"),
    ("mississippi", "MS"),
    ("missouri", "MO"),
    ("mont", "MT"),
    ("montana", "MT"),
    ("n car", "NC"),
    ("n dak", "ND"),
    ("n mex", "NM"),
    ("ndak", "ND"),
    ("neb", "NE"),
    ("nebr", "NE"),
    ("nebraska", "NE"),
    ("nev", "NV"),
    ("nevada", "NV"),
    ("new hampshire", "NH"),
    ("new jersey", "NJ"),
    ("new mexico", "NM"),
    ("new york", "NY"),
    ("new york state", "NY"),
    ("nmex", "NM"),
    ("north carolina", "NC"),
    ("north dakota", "ND"),
    ("northern mariana islands", "MP"),
    ("northern marianas", "MP"),
    ("ohio", "OH"),
    ("okla", "OK"),
    ("oklahoma", "OK"),
    ("ore", "OR"),
    ("oreg", "OR"),
    ("oregon", "OR"),
    ("penn", "PA"),
    ("penna", "PA"),
    ("pennsylvania", "PA"),
    ("puerto rico", "PR"),
    ("rhode island", "RI"),
    ("s car", "SC"),
    ("s dak", "SD"),
    ("sdak", "SD"),
    ("south carolina", "SC"),
    ("south dakota", "SD"),
    ("state of new york", "NY"),
    ("state of washington", "WA"),
    ("tenn", "TN"),
    ("tennessee", "TN"),
    ("tex", "TX"),
    ("texas", "TX"),
    ("u s virgin islands", "VI"),
    ("united states minor outlying islands", "UM"),
    ("united states virgin islands", "VI"),
    ("us minor outlying islands", "UM"),
    ("us virgin islands", "VI"),
    ("usvi", "VI"),
    ("utah", "UT"),
    ("vermont", "VT"),
    ("virgin islands", "VI"),
    ("virgin islands of the united states", "VI"),
    ("virgin islands us", "VI"),
    ("virginia", "VA"),
    ("w va", "WV"),
    ("w virginia", "WV"),
    ("wash", "WA"),
    ("washington", "WA"),
    ("washington d c", "DC"),
    ("washington dc", "DC"),
    ("washington district of columbia", "DC"),
    ("washington state", "WA"),
    ("west virginia", "WV"),
    ("wis", "WI"),
    ("wisc", "WI"),
    ("wisconsin", "WI"),
    ("wva", "WV"),
    ("wyo", "WY"),
    ("wyoming", "WY"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::lookup::normalise;

    /// The list's code search alone, as the tests below name it.
    fn code_of(bytes: &[u8]) -> Option<&'static str> {
        STATES.code(bytes)
    }

    const CASES: &[(&str, Option<&str>)] = &[
        ("TX", Some("TX")),
        ("tx", Some("TX")),
        ("Tx", Some("TX")),
        ("Texas", Some("TX")),
        ("TEXAS", Some("TX")),
        ("texas", Some("TX")),
        ("new york", Some("NY")),
        ("New York", Some("NY")),
        ("New  York", Some("NY")),
        ("new-york", Some("NY")),
        ("NEW_YORK", Some("NY")),
        ("New York State", Some("NY")),
        ("District of Columbia", Some("DC")),
        ("Washington DC", Some("DC")),
        ("Washington, D.C.", Some("DC")),
        ("D.C.", Some("DC")),
        ("dc", Some("DC")),
        ("Washington", Some("WA")),
        ("Washington State", Some("WA")),
        ("West Virginia", Some("WV")),
        ("Virginia", Some("VA")),
        ("Puerto Rico", Some("PR")),
        ("pr", Some("PR")),
        ("US Virgin Islands", Some("VI")),
        ("U.S. Virgin Islands", Some("VI")),
        ("Virgin Islands", Some("VI")),
        ("Guam", Some("GU")),
        ("American Samoa", Some("AS")),
        ("Northern Mariana Islands", Some("MP")),
        ("United States Minor Outlying Islands", Some("UM")),
        ("UM", Some("UM")),
        ("AA", Some("AA")),
        ("ae", Some("AE")),
        ("Ap", Some("AP")),
        ("Armed Forces Americas", Some("AA")),
        ("Armed Forces Europe", Some("AE")),
        ("Armed Forces Middle East", Some("AE")),
        ("Armed Forces Pacific", Some("AP")),
        ("Tex.", Some("TX")),
        ("Calif.", Some("CA")),
        ("Fla.", Some("FL")),
        ("N.Y.", Some("NY")),
        ("Mass.", Some("MA")),
        ("Penn.", Some("PA")),
        ("Pa.", Some("PA")),
        ("W. Va.", Some("WV")),
        ("N. Dak.", Some("ND")),
        ("Wis.", Some("WI")),
        ("Hawaii", Some("HI")),
        ("Hawaiʻi", Some("HI")),
        ("Rhode Island", Some("RI")),
        ("North Carolina", Some("NC")),
        ("South Dakota", Some("SD")),
        ("New Mexico", Some("NM")),
        ("", None),
        ("xx", None),
        ("Narnia", None),
        ("zzz", None),
        ("123", None),
        ("Ontario", None),
        ("ON", None),
        ("Mexico", None),
        ("USA", None),
        ("Washington D.C. USA", None),
        ("T", None),
        ("T.X.", Some("TX")),
        ("Texas!", None),
    ];

    #[test]
    fn cases() {
        for &(input, expected) in CASES {
            assert_eq!(state_code(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn counts() {
        // 50 states, DC, six territories and three military codes.
        assert_eq!(CODES.len(), 60);
        assert!(NAMES.len() >= 60);
    }

    #[test]
    fn tables_are_sorted_without_duplicates() {
        assert!(CODES.windows(2).all(|w| w[0] < w[1]));
        for w in NAMES.windows(2) {
            assert!(w[0].0 < w[1].0, "{:?} before {:?}", w[0].0, w[1].0);
        }
    }

    #[test]
    fn names_are_normalised_and_not_codes() {
        for &(name, _) in NAMES {
            let key = normalise(name).expect("normalisable");
            assert_eq!(key.as_str(), name);
            assert!(
                code_of(name.as_bytes()).is_none(),
                "{name} shadowed by a code"
            );
        }
    }

    #[test]
    fn every_entry_is_reachable() {
        for &code in CODES {
            assert_eq!(state_code(code), Some(code));
            assert_eq!(state_code(&code.to_ascii_lowercase()), Some(code));
        }
        for &(name, code) in NAMES {
            assert_eq!(state_code(name), Some(code), "{name}");
            assert_eq!(state_code(&name.to_ascii_uppercase()), Some(code), "{name}");
        }
    }

    #[test]
    fn every_result_round_trips() {
        for &(_, code) in NAMES {
            assert!(CODES.contains(&code), "{code}");
            assert_eq!(state_code(code), Some(code));
        }
        // Every code has at least one full name.
        for &code in CODES {
            assert!(NAMES.iter().any(|&(_, c)| c == code), "{code}");
        }
    }
}
