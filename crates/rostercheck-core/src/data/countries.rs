//! Country names and codes to ISO 3166-1 alpha-2.
//!
//! Codes, short names and official names follow ISO 3166-1 as shipped in
//! Debian's iso-codes 4.15; the extra names are spellings that turn up in
//! roster exports. Every table is sorted so lookups are binary searches.

/// Returns the ISO 3166-1 alpha-2 code (upper case) for a country cell.
///
/// Accepts an alpha-2 or alpha-3 code in any case, or an English short,
/// official or common name ("United States of America", "U.S.A.", "Viet Nam",
/// "Korea, Republic of", "Ivory Coast"), ignoring case, accents, dots,
/// repeated spaces, `-`/`_`, and a leading or trailing "the". `value` should
/// already be trimmed. Returns `None` for anything not recognised.
#[must_use]
pub fn country_code(value: &str) -> Option<&'static str> {
    // Canonical and alpha-3 codes are the common case: answer them without
    // building a key.
    if let Some(code) = code_of(value.as_bytes()) {
        return Some(code);
    }
    let key = normalise(value)?;
    let key = key.as_str();
    let key = key.strip_prefix("the ").unwrap_or(key);
    let key = key.strip_suffix(" the").unwrap_or(key);
    code_of(key.as_bytes()).or_else(|| find(NAMES, key))
}

/// Whether `code` is exactly an assigned ISO 3166-1 alpha-2 code in upper
/// case, such as `"US"`; `"us"` and `"UK"` are not.
#[must_use]
pub fn is_alpha2(code: &str) -> bool {
    match code.as_bytes() {
        &[a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => {
            let n = usize::from(a - b'A') * 26 + usize::from(b - b'A');
            ALPHA2_BITS[n / 64] >> (n % 64) & 1 == 1
        }
        _ => false,
    }
}

/// Every assigned alpha-2 code as one bit of 26 × 26: the check that runs on every row is one
/// lookup instead of a binary search over strings.
const ALPHA2_BITS: [u64; 11] = {
    let mut bits = [0u64; 11];
    let mut i = 0;
    while i < ALPHA2.len() {
        let b = ALPHA2[i].as_bytes();
        assert!(b.len() == 2 && b[0].is_ascii_uppercase() && b[1].is_ascii_uppercase());
        let n = (b[0] - b'A') as usize * 26 + (b[1] - b'A') as usize;
        bits[n / 64] |= 1 << (n % 64);
        i += 1;
    }
    bits
};

/// Looks `bytes` up as an alpha-2 or alpha-3 code in any case.
fn code_of(bytes: &[u8]) -> Option<&'static str> {
    let upper = |k: &str| k.bytes().cmp(bytes.iter().map(u8::to_ascii_uppercase));
    match bytes.len() {
        2 => ALPHA2
            .binary_search_by(|k| upper(k))
            .ok()
            .map(|i| ALPHA2[i]),
        3 => ALPHA3
            .binary_search_by(|(k, _)| upper(k))
            .ok()
            .map(|i| ALPHA3[i].1),
        _ => None,
    }
}

/// Longest key in any table is well under this; longer input cannot match.
const MAX_KEY: usize = 64;

/// A lookup key built on the stack, so name lookups never touch the heap.
struct Key {
    bytes: [u8; MAX_KEY],
    len: usize,
    gap: bool,
}

impl Key {
    fn push(&mut self, piece: &[u8]) -> Option<()> {
        // A separator only counts between words, which collapses runs and
        // drops leading and trailing ones.
        let space = usize::from(self.gap && self.len > 0);
        let end = self.len + space + piece.len();
        if end > MAX_KEY {
            return None;
        }
        if space == 1 {
            self.bytes[self.len] = b' ';
        }
        self.bytes[self.len + space..end].copy_from_slice(piece);
        self.len = end;
        self.gap = false;
        Some(())
    }

    fn as_str(&self) -> &str {
        // Only ASCII is ever pushed, so this cannot fail.
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

/// Lower-cases, folds accents, drops dots and apostrophes, and turns other
/// punctuation into single spaces: `"Côte d'Ivoire"` becomes `"cote divoire"`.
///
/// `None` means the value has a character no key contains, or is too long.
fn normalise(value: &str) -> Option<Key> {
    let mut key = Key {
        bytes: [0; MAX_KEY],
        len: 0,
        gap: false,
    };
    for c in value.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' => key.push(&[c.to_ascii_lowercase() as u8])?,
            // Abbreviation dots and apostrophes sit inside words ("U.S.", "K'iche'").
            '.'
            | '\''
            | '"'
            | '`'
            | '\u{b4}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{2bb}'
            | '\u{2bc}'
            | '\u{300}'..='\u{36f}' => {}
            ' ' | '\t' | '-' | '_' | ',' | '(' | ')' | '/' | ';' | ':' | '\u{a0}' | '\u{2013}'
            | '\u{2014}' => key.gap = true,
            '&' => {
                key.gap = true;
                key.push(b"and")?;
                key.gap = true;
            }
            _ => key.push(fold(c)?.as_bytes())?,
        }
    }
    Some(key)
}

/// ASCII spelling of the accented Latin letters that occur in names.
fn fold(c: char) -> Option<&'static str> {
    Some(match c.to_lowercase().next()? {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'į' | 'ı' => "i",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Exact search in a table sorted by key.
fn find(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| table[i].1)
}

/// Every assigned ISO 3166-1 alpha-2 code, sorted.
const ALPHA2: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// ISO 3166-1 alpha-3 code to alpha-2, sorted by alpha-3.
const ALPHA3: &[(&str, &str)] = &[
    ("ABW", "AW"),
    ("AFG", "AF"),
    ("AGO", "AO"),
    ("AIA", "AI"),
    ("ALA", "AX"),
    ("ALB", "AL"),
    ("AND", "AD"),
    ("ARE", "AE"),
    ("ARG", "AR"),
    ("ARM", "AM"),
    ("ASM", "AS"),
    ("ATA", "AQ"),
    ("ATF", "TF"),
    ("ATG", "AG"),
    ("AUS", "AU"),
    ("AUT", "AT"),
    ("AZE", "AZ"),
    ("BDI", "BI"),
    ("BEL", "BE"),
    ("BEN", "BJ"),
    ("BES", "BQ"),
    ("BFA", "BF"),
    ("BGD", "BD"),
    ("BGR", "BG"),
    ("BHR", "BH"),
    ("BHS", "BS"),
    ("BIH", "BA"),
    ("BLM", "BL"),
    ("BLR", "BY"),
    ("BLZ", "BZ"),
    ("BMU", "BM"),
    ("BOL", "BO"),
    ("BRA", "BR"),
    ("BRB", "BB"),
    ("BRN", "BN"),
    ("BTN", "BT"),
    ("BVT", "BV"),
    ("BWA", "BW"),
    ("CAF", "CF"),
    ("CAN", "CA"),
    ("CCK", "CC"),
    ("CHE", "CH"),
    ("CHL", "CL"),
    ("CHN", "CN"),
    ("CIV", "CI"),
    ("CMR", "CM"),
    ("COD", "CD"),
    ("COG", "CG"),
    ("COK", "CK"),
    ("COL", "CO"),
    ("COM", "KM"),
    ("CPV", "CV"),
    ("CRI", "CR"),
    ("CUB", "CU"),
    ("CUW", "CW"),
    ("CXR", "CX"),
    ("CYM", "KY"),
    ("CYP", "CY"),
    ("CZE", "CZ"),
    ("DEU", "DE"),
    ("DJI", "DJ"),
    ("DMA", "DM"),
    ("DNK", "DK"),
    ("DOM", "DO"),
    ("DZA", "DZ"),
    ("ECU", "EC"),
    ("EGY", "EG"),
    ("ERI", "ER"),
    ("ESH", "EH"),
    ("ESP", "ES"),
    ("EST", "EE"),
    ("ETH", "ET"),
    ("FIN", "FI"),
    ("FJI", "FJ"),
    ("FLK", "FK"),
    ("FRA", "FR"),
    ("FRO", "FO"),
    ("FSM", "FM"),
    ("GAB", "GA"),
    ("GBR", "GB"),
    ("GEO", "GE"),
    ("GGY", "GG"),
    ("GHA", "GH"),
    ("GIB", "GI"),
    ("GIN", "GN"),
    ("GLP", "GP"),
    ("GMB", "GM"),
    ("GNB", "GW"),
    ("GNQ", "GQ"),
    ("GRC", "GR"),
    ("GRD", "GD"),
    ("GRL", "GL"),
    ("GTM", "GT"),
    ("GUF", "GF"),
    ("GUM", "GU"),
    ("GUY", "GY"),
    ("HKG", "HK"),
    ("HMD", "HM"),
    ("HND", "HN"),
    ("HRV", "HR"),
    ("HTI", "HT"),
    ("HUN", "HU"),
    ("IDN", "ID"),
    ("IMN", "IM"),
    ("IND", "IN"),
    ("IOT", "IO"),
    ("IRL", "IE"),
    ("IRN", "IR"),
    ("IRQ", "IQ"),
    ("ISL", "IS"),
    ("ISR", "IL"),
    ("ITA", "IT"),
    ("JAM", "JM"),
    ("JEY", "JE"),
    ("JOR", "JO"),
    ("JPN", "JP"),
    ("KAZ", "KZ"),
    ("KEN", "KE"),
    ("KGZ", "KG"),
    ("KHM", "KH"),
    ("KIR", "KI"),
    ("KNA", "KN"),
    ("KOR", "KR"),
    ("KWT", "KW"),
    ("LAO", "LA"),
    ("LBN", "LB"),
    ("LBR", "LR"),
    ("LBY", "LY"),
    ("LCA", "LC"),
    ("LIE", "LI"),
    ("LKA", "LK"),
    ("LSO", "LS"),
    ("LTU", "LT"),
    ("LUX", "LU"),
    ("LVA", "LV"),
    ("MAC", "MO"),
    ("MAF", "MF"),
    ("MAR", "MA"),
    ("MCO", "MC"),
    ("MDA", "MD"),
    ("MDG", "MG"),
    ("MDV", "MV"),
    ("MEX", "MX"),
    ("MHL", "MH"),
    ("MKD", "MK"),
    ("MLI", "ML"),
    ("MLT", "MT"),
    ("MMR", "MM"),
    ("MNE", "ME"),
    ("MNG", "MN"),
    ("MNP", "MP"),
    ("MOZ", "MZ"),
    ("MRT", "MR"),
    ("MSR", "MS"),
    ("MTQ", "MQ"),
    ("MUS", "MU"),
    ("MWI", "MW"),
    ("MYS", "MY"),
    ("MYT", "YT"),
    ("NAM", "NA"),
    ("NCL", "NC"),
    ("NER", "NE"),
    ("NFK", "NF"),
    ("NGA", "NG"),
    ("NIC", "NI"),
    ("NIU", "NU"),
    ("NLD", "NL"),
    ("NOR", "NO"),
    ("NPL", "NP"),
    ("NRU", "NR"),
    ("NZL", "NZ"),
    ("OMN", "OM"),
    ("PAK", "PK"),
    ("PAN", "PA"),
    ("PCN", "PN"),
    ("PER", "PE"),
    ("PHL", "PH"),
    ("PLW", "PW"),
    ("PNG", "PG"),
    ("POL", "PL"),
    ("PRI", "PR"),
    ("PRK", "KP"),
    ("PRT", "PT"),
    ("PRY", "PY"),
    ("PSE", "PS"),
    ("PYF", "PF"),
    ("QAT", "QA"),
    ("REU", "RE"),
    ("ROU", "RO"),
    ("RUS", "RU"),
    ("RWA", "RW"),
    ("SAU", "SA"),
    ("SDN", "SD"),
    ("SEN", "SN"),
    ("SGP", "SG"),
    ("SGS", "GS"),
    ("SHN", "SH"),
    ("SJM", "SJ"),
    ("SLB", "SB"),
    ("SLE", "SL"),
    ("SLV", "SV"),
    ("SMR", "SM"),
    ("SOM", "SO"),
    ("SPM", "PM"),
    ("SRB", "RS"),
    ("SSD", "SS"),
    ("STP", "ST"),
    ("SUR", "SR"),
    ("SVK", "SK"),
    ("SVN", "SI"),
    ("SWE", "SE"),
    ("SWZ", "SZ"),
    ("SXM", "SX"),
    ("SYC", "SC"),
    ("SYR", "SY"),
    ("TCA", "TC"),
    ("TCD", "TD"),
    ("TGO", "TG"),
    ("THA", "TH"),
    ("TJK", "TJ"),
    ("TKL", "TK"),
    ("TKM", "TM"),
    ("TLS", "TL"),
    ("TON", "TO"),
    ("TTO", "TT"),
    ("TUN", "TN"),
    ("TUR", "TR"),
    ("TUV", "TV"),
    ("TWN", "TW"),
    ("TZA", "TZ"),
    ("UGA", "UG"),
    ("UKR", "UA"),
    ("UMI", "UM"),
    ("URY", "UY"),
    ("USA", "US"),
    ("UZB", "UZ"),
    ("VAT", "VA"),
    ("VCT", "VC"),
    ("VEN", "VE"),
    ("VGB", "VG"),
    ("VIR", "VI"),
    ("VNM", "VN"),
    ("VUT", "VU"),
    ("WLF", "WF"),
    ("WSM", "WS"),
    ("YEM", "YE"),
    ("ZAF", "ZA"),
    ("ZMB", "ZM"),
    ("ZWE", "ZW"),
];

/// Normalised country name to alpha-2, sorted by name.
const NAMES: &[(&str, &str)] = &[
    ("afghanistan", "AF"),
    ("aland", "AX"),
    ("aland islands", "AX"),
    ("albania", "AL"),
    ("algeria", "DZ"),
    ("america", "US"),
    ("american samoa", "AS"),
    ("andorra", "AD"),
    ("angola", "AO"),
    ("anguilla", "AI"),
    ("antarctica", "AQ"),
    ("antigua", "AG"),
    ("antigua and barbuda", "AG"),
    ("arab republic of egypt", "EG"),
    ("argentina", "AR"),
    ("argentine republic", "AR"),
    ("armenia", "AM"),
    ("aruba", "AW"),
    ("ascension island", "SH"),
    ("australia", "AU"),
    ("austria", "AT"),
    ("azerbaijan", "AZ"),
    ("bahamas", "BS"),
    ("bahrain", "BH"),
    ("bangladesh", "BD"),
    ("barbados", "BB"),
    ("belarus", "BY"),
    ("belgium", "BE"),
    ("belize", "BZ"),
    ("belorussia", "BY"),
    ("benin", "BJ"),
    ("bermuda", "BM"),
    ("bhutan", "BT"),
    ("bolivarian republic of venezuela", "VE"),
    ("bolivia", "BO"),
    ("bolivia plurinational state of", "BO"),
    ("bonaire", "BQ"),
    ("bonaire sint eustatius and saba", "BQ"),
    ("bosnia", "BA"),
    ("bosnia and hercegovina", "BA"),
    ("bosnia and herzegovina", "BA"),
    ("bosnia hercegovina", "BA"),
    ("bosnia herzegovina", "BA"),
    ("botswana", "BW"),
    ("bouvet island", "BV"),
    ("brasil", "BR"),
    ("brazil", "BR"),
    ("britain", "GB"),
    ("british indian ocean territory", "IO"),
    ("british virgin islands", "VG"),
    ("brunei", "BN"),
    ("brunei darussalam", "BN"),
    ("bulgaria", "BG"),
    ("burkina faso", "BF"),
    ("burma", "MM"),
    ("burundi", "BI"),
    ("bvi", "VG"),
    ("byelorussia", "BY"),
    ("cabo verde", "CV"),
    ("cambodia", "KH"),
    ("cameroon", "CM"),
    ("canada", "CA"),
    ("cape verde", "CV"),
    ("caribbean netherlands", "BQ"),
    ("cayman islands", "KY"),
    ("central african republic", "CF"),
    ("chad", "TD"),
    ("chile", "CL"),
    ("china", "CN"),
    ("china peoples republic of", "CN"),
    ("christmas island", "CX"),
    ("cocos islands", "CC"),
    ("cocos keeling islands", "CC"),
    ("colombia", "CO"),
    ("commonwealth of dominica", "DM"),
    ("commonwealth of the bahamas", "BS"),
    ("commonwealth of the northern mariana islands", "MP"),
    ("comoros", "KM"),
    // ISO gives the bare short name "Congo" to the Republic of the Congo (Brazzaville).
    ("congo", "CG"),
    ("congo brazzaville", "CG"),
    ("congo democratic republic", "CD"),
    ("congo democratic republic of", "CD"),
    ("congo dr", "CD"),
    ("congo drc", "CD"),
    ("congo kinshasa", "CD"),
    ("congo republic", "CG"),
    ("congo republic of", "CG"),
    ("congo the democratic republic of", "CD"),
    ("cook islands", "CK"),
    ("costa rica", "CR"),
    ("cote d ivoire", "CI"),
    ("cote divoire", "CI"),
    ("croatia", "HR"),
    ("cuba", "CU"),
    ("curacao", "CW"),
    ("cyprus", "CY"),
    ("czech", "CZ"),
    ("czech republic", "CZ"),
    ("czechia", "CZ"),
    ("democratic peoples republic of korea", "KP"),
    ("democratic republic of congo", "CD"),
    ("democratic republic of sao tome and principe", "ST"),
    ("democratic republic of the congo", "CD"),
    ("democratic republic of timor leste", "TL"),
    ("democratic socialist republic of sri lanka", "LK"),
    ("denmark", "DK"),
    ("deutschland", "DE"),
    ("djibouti", "DJ"),
    ("dominica", "DM"),
    ("dominican rep", "DO"),
    ("dominican republic", "DO"),
    ("dprk", "KP"),
    ("dr congo", "CD"),
    ("drc", "CD"),
    ("east germany", "DE"),
    ("east timor", "TL"),
    ("eastern republic of uruguay", "UY"),
    ("ecuador", "EC"),
    ("ee uu", "US"),
    ("eeuu", "US"),
    ("egypt", "EG"),
    ("eire", "IE"),
    ("el salvador", "SV"),
    ("emirates", "AE"),
    ("england", "GB"),
    ("equatorial guinea", "GQ"),
    ("eritrea", "ER"),
    ("espana", "ES"),
    ("estados unidos", "US"),
    ("estados unidos de america", "US"),
    ("estados unidos mexicanos", "MX"),
    ("estonia", "EE"),
    ("eswatini", "SZ"),
    ("ethiopia", "ET"),
    ("faeroe islands", "FO"),
    ("falkland islands", "FK"),
    ("falkland islands malvinas", "FK"),
    ("falklands", "FK"),
    ("faroe islands", "FO"),
    ("faroes", "FO"),
    ("federal democratic republic of ethiopia", "ET"),
    ("federal democratic republic of nepal", "NP"),
    ("federal republic of germany", "DE"),
    ("federal republic of nigeria", "NG"),
    ("federal republic of somalia", "SO"),
    ("federated states of micronesia", "FM"),
    ("federative republic of brazil", "BR"),
    ("fiji", "FJ"),
    ("finland", "FI"),
    ("former yugoslav republic of macedonia", "MK"),
    ("france", "FR"),
    ("french guiana", "GF"),
    ("french guyana", "GF"),
    ("french polynesia", "PF"),
    ("french republic", "FR"),
    ("french southern and antarctic lands", "TF"),
    ("french southern territories", "TF"),
    ("fyrom", "MK"),
    ("gabon", "GA"),
    ("gabonese republic", "GA"),
    ("gambia", "GM"),
    ("gaza", "PS"),
    ("gaza strip", "PS"),
    ("georgia", "GE"),
    ("germany", "DE"),
    ("ghana", "GH"),
    ("gibraltar", "GI"),
    ("grand duchy of luxembourg", "LU"),
    ("great britain", "GB"),
    ("greece", "GR"),
    ("greenland", "GL"),
    ("grenada", "GD"),
    ("guadeloupe", "GP"),
    ("guam", "GU"),
    ("guatemala", "GT"),
    ("guernsey", "GG"),
    ("guinea", "GN"),
    ("guinea bissau", "GW"),
    ("guyana", "GY"),
    ("haiti", "HT"),
    ("hashemite kingdom of jordan", "JO"),
    ("heard island and mcdonald islands", "HM"),
    ("hellenic republic", "GR"),
    ("holland", "NL"),
    ("holy see", "VA"),
    ("holy see vatican city state", "VA"),
    ("honduras", "HN"),
    ("hong kong", "HK"),
    ("hong kong china", "HK"),
    ("hong kong sar", "HK"),
    ("hong kong special administrative region of china", "HK"),
    ("hongkong", "HK"),
    ("hungary", "HU"),
    ("iceland", "IS"),
    ("independent state of papua new guinea", "PG"),
    ("independent state of samoa", "WS"),
    ("india", "IN"),
    ("indonesia", "ID"),
    ("iran", "IR"),
    ("iran islamic republic of", "IR"),
    ("iraq", "IQ"),
    ("ireland", "IE"),
    ("islamic republic of afghanistan", "AF"),
    ("islamic republic of iran", "IR"),
    ("islamic republic of mauritania", "MR"),
    ("islamic republic of pakistan", "PK"),
    ("isle of man", "IM"),
    ("israel", "IL"),
    ("italian republic", "IT"),
    ("italy", "IT"),
    ("ivory coast", "CI"),
    ("jamaica", "JM"),
    ("japan", "JP"),
    ("jersey", "JE"),
    ("jordan", "JO"),
    ("kampuchea", "KH"),
    ("kazakhstan", "KZ"),
    ("kazakstan", "KZ"),
    ("keeling islands", "CC"),
    ("kenya", "KE"),
    ("kingdom of bahrain", "BH"),
    ("kingdom of belgium", "BE"),
    ("kingdom of bhutan", "BT"),
    ("kingdom of cambodia", "KH"),
    ("kingdom of denmark", "DK"),
    ("kingdom of eswatini", "SZ"),
    ("kingdom of lesotho", "LS"),
    ("kingdom of morocco", "MA"),
    ("kingdom of norway", "NO"),
    ("kingdom of saudi arabia", "SA"),
    ("kingdom of spain", "ES"),
    ("kingdom of sweden", "SE"),
    ("kingdom of thailand", "TH"),
    ("kingdom of the netherlands", "NL"),
    ("kingdom of tonga", "TO"),
    ("kirghizia", "KG"),
    ("kiribati", "KI"),
    // Nearly every Korea-born student in US rosters comes from the Republic of Korea.
    ("korea", "KR"),
    ("korea democratic peoples republic of", "KP"),
    ("korea dpr", "KP"),
    ("korea north", "KP"),
    ("korea republic of", "KR"),
    ("korea south", "KR"),
    ("ksa", "SA"),
    ("kuwait", "KW"),
    ("kyrgyz republic", "KG"),
    ("kyrgyzstan", "KG"),
    ("lao pdr", "LA"),
    ("lao peoples democratic republic", "LA"),
    ("laos", "LA"),
    ("latvia", "LV"),
    ("lebanese republic", "LB"),
    ("lebanon", "LB"),
    ("lesotho", "LS"),
    ("liberia", "LR"),
    ("libya", "LY"),
    ("libyan arab jamahiriya", "LY"),
    ("liechtenstein", "LI"),
    ("lithuania", "LT"),
    ("luxembourg", "LU"),
    ("macao", "MO"),
    ("macao sar", "MO"),
    ("macao special administrative region of china", "MO"),
    ("macau", "MO"),
    ("macedonia", "MK"),
    ("macedonia the former yugoslav republic of", "MK"),
    ("madagascar", "MG"),
    ("mainland china", "CN"),
    ("malawi", "MW"),
    ("malaysia", "MY"),
    ("maldives", "MV"),
    ("mali", "ML"),
    ("malta", "MT"),
    ("malvinas", "FK"),
    ("marshall islands", "MH"),
    ("martinique", "MQ"),
    ("mauritania", "MR"),
    ("mauritius", "MU"),
    ("mayotte", "YT"),
    ("mexico", "MX"),
    ("micronesia", "FM"),
    ("micronesia federated states of", "FM"),
    ("moldova", "MD"),
    ("moldova republic of", "MD"),
    ("monaco", "MC"),
    ("mongolia", "MN"),
    ("montenegro", "ME"),
    ("montserrat", "MS"),
    ("morocco", "MA"),
    ("mozambique", "MZ"),
    ("myanmar", "MM"),
    ("namibia", "NA"),
    ("nauru", "NR"),
    ("nederland", "NL"),
    ("nepal", "NP"),
    ("netherlands", "NL"),
    ("new caledonia", "NC"),
    ("new zealand", "NZ"),
    ("nicaragua", "NI"),
    ("niger", "NE"),
    ("nigeria", "NG"),
    ("niue", "NU"),
    ("norfolk island", "NF"),
    ("north korea", "KP"),
    ("north macedonia", "MK"),
    ("northern ireland", "GB"),
    ("northern mariana islands", "MP"),
    ("norway", "NO"),
    ("occupied palestinian territory", "PS"),
    ("oman", "OM"),
    ("pakistan", "PK"),
    ("palau", "PW"),
    ("palestine", "PS"),
    ("palestine state of", "PS"),
    ("palestinian territories", "PS"),
    ("palestinian territory", "PS"),
    ("palestinian territory occupied", "PS"),
    ("panama", "PA"),
    ("papua new guinea", "PG"),
    ("paraguay", "PY"),
    ("peoples democratic republic of algeria", "DZ"),
    ("peoples republic of bangladesh", "BD"),
    ("peoples republic of china", "CN"),
    ("peru", "PE"),
    ("philippines", "PH"),
    ("pilipinas", "PH"),
    ("pitcairn", "PN"),
    ("pitcairn islands", "PN"),
    ("plurinational state of bolivia", "BO"),
    ("poland", "PL"),
    ("portugal", "PT"),
    ("portuguese republic", "PT"),
    ("prc", "CN"),
    ("principality of andorra", "AD"),
    ("principality of liechtenstein", "LI"),
    ("principality of monaco", "MC"),
    ("puerto rico", "PR"),
    ("qatar", "QA"),
    ("republic of albania", "AL"),
    ("republic of angola", "AO"),
    ("republic of armenia", "AM"),
    ("republic of austria", "AT"),
    ("republic of azerbaijan", "AZ"),
    ("republic of belarus", "BY"),
    ("republic of benin", "BJ"),
    ("republic of bosnia and herzegovina", "BA"),
    ("republic of botswana", "BW"),
    ("republic of bulgaria", "BG"),
    ("republic of burundi", "BI"),
    ("republic of cabo verde", "CV"),
    ("republic of cameroon", "CM"),
    ("republic of chad", "TD"),
    ("republic of chile", "CL"),
    ("republic of china", "TW"),
    ("republic of colombia", "CO"),
    ("republic of congo", "CG"),
    ("republic of costa rica", "CR"),
    ("republic of cote divoire", "CI"),
    ("republic of croatia", "HR"),
    ("republic of cuba", "CU"),
    ("republic of cyprus", "CY"),
    ("republic of djibouti", "DJ"),
    ("republic of ecuador", "EC"),
    ("republic of el salvador", "SV"),
    ("republic of equatorial guinea", "GQ"),
    ("republic of estonia", "EE"),
    ("republic of fiji", "FJ"),
    ("republic of finland", "FI"),
    ("republic of ghana", "GH"),
    ("republic of guatemala", "GT"),
    ("republic of guinea", "GN"),
    ("republic of guinea bissau", "GW"),
    ("republic of guyana", "GY"),
    ("republic of haiti", "HT"),
    ("republic of honduras", "HN"),
    ("republic of iceland", "IS"),
    ("republic of india", "IN"),
    ("republic of indonesia", "ID"),
    ("republic of iraq", "IQ"),
    ("republic of ireland", "IE"),
    ("republic of kazakhstan", "KZ"),
    ("republic of kenya", "KE"),
    ("republic of kiribati", "KI"),
    ("republic of korea", "KR"),
    ("republic of latvia", "LV"),
    ("republic of liberia", "LR"),
    ("republic of lithuania", "LT"),
    ("republic of macedonia", "MK"),
    ("republic of madagascar", "MG"),
    ("republic of malawi", "MW"),
    ("republic of maldives", "MV"),
    ("republic of mali", "ML"),
    ("republic of malta", "MT"),
    ("republic of mauritius", "MU"),
    ("republic of moldova", "MD"),
    ("republic of mozambique", "MZ"),
    ("republic of myanmar", "MM"),
    ("republic of namibia", "NA"),
    ("republic of nauru", "NR"),
    ("republic of nicaragua", "NI"),
    ("republic of north macedonia", "MK"),
    ("republic of palau", "PW"),
    ("republic of panama", "PA"),
    ("republic of paraguay", "PY"),
    ("republic of peru", "PE"),
    ("republic of poland", "PL"),
    ("republic of san marino", "SM"),
    ("republic of senegal", "SN"),
    ("republic of serbia", "RS"),
    ("republic of seychelles", "SC"),
    ("republic of sierra leone", "SL"),
    ("republic of singapore", "SG"),
    ("republic of slovenia", "SI"),
    ("republic of south africa", "ZA"),
    ("republic of south sudan", "SS"),
    ("republic of suriname", "SR"),
    ("republic of tajikistan", "TJ"),
    ("republic of the congo", "CG"),
    ("republic of the gambia", "GM"),
    ("republic of the marshall islands", "MH"),
    ("republic of the niger", "NE"),
    ("republic of the philippines", "PH"),
    ("republic of the sudan", "SD"),
    ("republic of trinidad and tobago", "TT"),
    ("republic of tunisia", "TN"),
    ("republic of turkiye", "TR"),
    ("republic of uganda", "UG"),
    ("republic of uzbekistan", "UZ"),
    ("republic of vanuatu", "VU"),
    ("republic of yemen", "YE"),
    ("republic of zambia", "ZM"),
    ("republic of zimbabwe", "ZW"),
    ("republica dominicana", "DO"),
    ("reunion", "RE"),
    ("rok", "KR"),
    ("romania", "RO"),
    ("russia", "RU"),
    ("russian federation", "RU"),
    ("rwanda", "RW"),
    ("rwandese republic", "RW"),
    ("saba", "BQ"),
    ("saint barthelemy", "BL"),
    ("saint barths", "BL"),
    ("saint barts", "BL"),
    ("saint christopher and nevis", "KN"),
    ("saint helena", "SH"),
    ("saint helena ascension and tristan da cunha", "SH"),
    ("saint kitts", "KN"),
    ("saint kitts and nevis", "KN"),
    ("saint lucia", "LC"),
    ("saint maarten", "SX"),
    ("saint martin", "MF"),
    ("saint martin french part", "MF"),
    ("saint pierre and miquelon", "PM"),
    ("saint vincent", "VC"),
    ("saint vincent and the grenadines", "VC"),
    ("samoa", "WS"),
    ("san marino", "SM"),
    ("sao tome", "ST"),
    ("sao tome and principe", "ST"),
    ("saudi arabia", "SA"),
    ("scotland", "GB"),
    ("senegal", "SN"),
    ("serbia", "RS"),
    ("seychelles", "SC"),
    ("sierra leone", "SL"),
    ("singapore", "SG"),
    ("sint eustatius", "BQ"),
    ("sint maarten", "SX"),
    ("sint maarten dutch part", "SX"),
    ("slovak republic", "SK"),
    ("slovakia", "SK"),
    ("slovenia", "SI"),
    ("socialist republic of viet nam", "VN"),
    ("socialist republic of vietnam", "VN"),
    ("solomon islands", "SB"),
    ("somalia", "SO"),
    ("south africa", "ZA"),
    ("south georgia", "GS"),
    ("south georgia and south sandwich islands", "GS"),
    ("south georgia and the south sandwich islands", "GS"),
    ("south korea", "KR"),
    ("south sudan", "SS"),
    ("spain", "ES"),
    ("sri lanka", "LK"),
    ("st barthelemy", "BL"),
    ("st barths", "BL"),
    ("st barts", "BL"),
    ("st helena", "SH"),
    ("st helena ascension and tristan da cunha", "SH"),
    ("st kitts", "KN"),
    ("st kitts and nevis", "KN"),
    ("st lucia", "LC"),
    ("st maarten", "SX"),
    ("st martin", "MF"),
    ("st martin french part", "MF"),
    ("st pierre and miquelon", "PM"),
    ("st vincent", "VC"),
    ("st vincent and the grenadines", "VC"),
    ("state of eritrea", "ER"),
    ("state of israel", "IL"),
    ("state of kuwait", "KW"),
    ("state of palestine", "PS"),
    ("state of qatar", "QA"),
    ("sudan", "SD"),
    ("sultanate of oman", "OM"),
    ("suriname", "SR"),
    ("svalbard", "SJ"),
    ("svalbard and jan mayen", "SJ"),
    ("swaziland", "SZ"),
    ("sweden", "SE"),
    ("swiss confederation", "CH"),
    ("switzerland", "CH"),
    ("syria", "SY"),
    ("syrian arab republic", "SY"),
    ("taiwan", "TW"),
    ("taiwan province of china", "TW"),
    ("taiwan republic of china", "TW"),
    ("tajikistan", "TJ"),
    ("tanzania", "TZ"),
    ("tanzania united republic of", "TZ"),
    ("thailand", "TH"),
    ("timor leste", "TL"),
    ("togo", "TG"),
    ("togolese republic", "TG"),
    ("tokelau", "TK"),
    ("tonga", "TO"),
    ("trinidad", "TT"),
    ("trinidad and tobago", "TT"),
    ("tristan da cunha", "SH"),
    ("tunisia", "TN"),
    ("turkey", "TR"),
    ("turkiye", "TR"),
    ("turkmenistan", "TM"),
    ("turks and caicos", "TC"),
    ("turks and caicos islands", "TC"),
    ("tuvalu", "TV"),
    ("u k", "GB"),
    ("u s", "US"),
    ("u s a", "US"),
    ("uae", "AE"),
    ("uganda", "UG"),
    // "UK" is only exceptionally reserved in ISO 3166-1; the assigned code is GB.
    ("uk", "GB"),
    ("ukraine", "UA"),
    ("union of the comoros", "KM"),
    ("united arab emirates", "AE"),
    ("united kingdom", "GB"),
    ("united kingdom of great britain and northern ireland", "GB"),
    ("united mexican states", "MX"),
    ("united republic of tanzania", "TZ"),
    ("united states", "US"),
    ("united states america", "US"),
    ("united states minor outlying islands", "UM"),
    ("united states of america", "US"),
    ("united states virgin islands", "VI"),
    ("uruguay", "UY"),
    ("us minor outlying islands", "UM"),
    ("us virgin islands", "VI"),
    ("usvi", "VI"),
    ("uzbekistan", "UZ"),
    ("vanuatu", "VU"),
    ("vatican", "VA"),
    ("vatican city", "VA"),
    ("vatican city state", "VA"),
    ("venezuela", "VE"),
    ("venezuela bolivarian republic of", "VE"),
    ("viet nam", "VN"),
    ("vietnam", "VN"),
    // In US data an unqualified "Virgin Islands" is the US territory.
    ("virgin islands", "VI"),
    ("virgin islands british", "VG"),
    ("virgin islands of the united states", "VI"),
    ("virgin islands us", "VI"),
    ("wales", "GB"),
    ("wallis and futuna", "WF"),
    ("wallis and futuna islands", "WF"),
    ("west bank", "PS"),
    ("west bank and gaza", "PS"),
    ("west germany", "DE"),
    ("western sahara", "EH"),
    ("yemen", "YE"),
    ("zaire", "CD"),
    ("zambia", "ZM"),
    ("zimbabwe", "ZW"),
];

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &[(&str, Option<&str>)] = &[
        ("US", Some("US")),
        ("us", Some("US")),
        ("Us", Some("US")),
        ("USA", Some("US")),
        ("usa", Some("US")),
        ("MEX", Some("MX")),
        ("gbr", Some("GB")),
        ("mx", Some("MX")),
        ("United States", Some("US")),
        ("united states of america", Some("US")),
        ("UNITED STATES", Some("US")),
        ("United  States", Some("US")),
        ("U.S.", Some("US")),
        ("U.S.A.", Some("US")),
        ("u.s.a", Some("US")),
        ("America", Some("US")),
        ("The United States", Some("US")),
        ("Mexico", Some("MX")),
        ("México", Some("MX")),
        ("MÉXICO", Some("MX")),
        ("Viet Nam", Some("VN")),
        ("Vietnam", Some("VN")),
        ("South Korea", Some("KR")),
        ("Korea, Republic of", Some("KR")),
        ("Republic of Korea", Some("KR")),
        ("Korea", Some("KR")),
        ("North Korea", Some("KP")),
        ("Korea, Democratic People's Republic of", Some("KP")),
        ("Russia", Some("RU")),
        ("Russian Federation", Some("RU")),
        ("UK", Some("GB")),
        ("U.K.", Some("GB")),
        ("uk", Some("GB")),
        ("United Kingdom", Some("GB")),
        ("Great Britain", Some("GB")),
        ("England", Some("GB")),
        ("Scotland", Some("GB")),
        ("Burma", Some("MM")),
        ("Myanmar", Some("MM")),
        ("Ivory Coast", Some("CI")),
        ("Côte d'Ivoire", Some("CI")),
        ("Cote d’Ivoire", Some("CI")),
        ("COTE D IVOIRE", Some("CI")),
        ("Czech Republic", Some("CZ")),
        ("Czechia", Some("CZ")),
        ("Holland", Some("NL")),
        ("Netherlands", Some("NL")),
        ("The Netherlands", Some("NL")),
        ("Laos", Some("LA")),
        ("Lao People's Democratic Republic", Some("LA")),
        ("Syria", Some("SY")),
        ("Syrian Arab Republic", Some("SY")),
        ("Iran", Some("IR")),
        ("Iran, Islamic Republic of", Some("IR")),
        ("Bolivia", Some("BO")),
        ("Venezuela", Some("VE")),
        ("Tanzania", Some("TZ")),
        ("Congo", Some("CG")),
        ("Republic of the Congo", Some("CG")),
        ("DRC", Some("CD")),
        ("D.R.C.", Some("CD")),
        ("Democratic Republic of the Congo", Some("CD")),
        ("Congo, The Democratic Republic of the", Some("CD")),
        ("Zaire", Some("CD")),
        ("Dominican Republic", Some("DO")),
        ("Dominica", Some("DM")),
        ("Puerto Rico", Some("PR")),
        ("PR", Some("PR")),
        ("El Salvador", Some("SV")),
        ("Guatemala", Some("GT")),
        ("Honduras", Some("HN")),
        ("Philippines", Some("PH")),
        ("the Philippines", Some("PH")),
        ("China", Some("CN")),
        ("People's Republic of China", Some("CN")),
        ("Taiwan", Some("TW")),
        ("Taiwan, Province of China", Some("TW")),
        ("Hong Kong", Some("HK")),
        ("India", Some("IN")),
        ("Pakistan", Some("PK")),
        ("Somalia", Some("SO")),
        ("Ethiopia", Some("ET")),
        ("Haiti", Some("HT")),
        ("Haití", Some("HT")),
        ("Ukraine", Some("UA")),
        ("Afghanistan", Some("AF")),
        ("Guinea-Bissau", Some("GW")),
        ("guinea_bissau", Some("GW")),
        ("Guinea", Some("GN")),
        ("Trinidad & Tobago", Some("TT")),
        ("St. Lucia", Some("LC")),
        ("Saint Lucia", Some("LC")),
        ("Bahamas, The", Some("BS")),
        ("Gambia", Some("GM")),
        ("Åland Islands", Some("AX")),
        ("Curaçao", Some("CW")),
        ("Türkiye", Some("TR")),
        ("Turkey", Some("TR")),
        ("Bosnia and Herzegovina", Some("BA")),
        ("Georgia", Some("GE")),
        ("Virgin Islands, U.S.", Some("VI")),
        ("Virgin Islands, British", Some("VG")),
        ("Saint Martin (French part)", Some("MF")),
        ("Sint Maarten (Dutch part)", Some("SX")),
        ("Cape Verde", Some("CV")),
        ("Cabo Verde", Some("CV")),
        ("Eswatini", Some("SZ")),
        ("Swaziland", Some("SZ")),
        ("North Macedonia", Some("MK")),
        ("Macedonia", Some("MK")),
        ("Palestine, State of", Some("PS")),
        ("Micronesia, Federated States of", Some("FM")),
        ("Holy See (Vatican City State)", Some("VA")),
        ("Estados Unidos", Some("US")),
        ("España", Some("ES")),
        ("Brasil", Some("BR")),
        ("", None),
        ("xx", None),
        ("XX", None),
        ("Narnia", None),
        ("zzz", None),
        ("123", None),
        ("u", None),
        (".", None),
        ("the", None),
        ("Kosovo", None),
        ("USSR", None),
        ("Yugoslavia", None),
        ("Korea!", None),
        ("Texas", None),
        ("USAA", None),
        ("U S A X", None),
        ("日本", None),
    ];

    #[test]
    fn cases() {
        for &(input, expected) in CASES {
            assert_eq!(country_code(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn counts() {
        assert_eq!(ALPHA2.len(), 249);
        assert_eq!(ALPHA3.len(), 249);
        assert!(NAMES.len() > 500);
    }

    #[test]
    fn tables_are_sorted_without_duplicates() {
        assert!(ALPHA2.windows(2).all(|w| w[0] < w[1]));
        assert!(ALPHA3.windows(2).all(|w| w[0].0 < w[1].0));
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
                !name.starts_with("the ") && !name.ends_with(" the"),
                "{name}"
            );
            assert!(
                code_of(name.as_bytes()).is_none(),
                "{name} shadowed by a code"
            );
        }
    }

    #[test]
    fn every_entry_is_reachable() {
        for &code in ALPHA2 {
            assert_eq!(country_code(code), Some(code));
            assert_eq!(country_code(&code.to_ascii_lowercase()), Some(code));
        }
        for &(alpha3, code) in ALPHA3 {
            assert_eq!(country_code(alpha3), Some(code), "{alpha3}");
            assert_eq!(country_code(&alpha3.to_ascii_lowercase()), Some(code));
        }
        for &(name, code) in NAMES {
            assert_eq!(country_code(name), Some(code), "{name}");
            assert_eq!(
                country_code(&name.to_ascii_uppercase()),
                Some(code),
                "{name}"
            );
        }
    }

    #[test]
    fn every_result_round_trips() {
        let results = ALPHA3.iter().chain(NAMES).map(|&(_, code)| code);
        for code in ALPHA2.iter().copied().chain(results) {
            assert!(is_alpha2(code), "{code}");
            assert_eq!(country_code(code), Some(code));
        }
        assert_eq!(ALPHA3.iter().filter(|&&(a3, _)| a3.len() == 3).count(), 249);
    }

    #[test]
    fn is_alpha2_is_exact() {
        assert!(is_alpha2("US"));
        assert!(is_alpha2("GB"));
        for code in ["us", "Us", "UK", "USA", "", "XX", "U"] {
            assert!(!is_alpha2(code), "{code}");
        }
    }

    #[test]
    fn overlong_input_is_rejected() {
        assert_eq!(country_code(&"a".repeat(1000)), None);
        assert_eq!(country_code(&"united states ".repeat(10)), None);
    }

    #[test]
    fn bitmap_agrees_with_the_table() {
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                let code = String::from_utf8(vec![a, b]).unwrap();
                assert_eq!(
                    is_alpha2(&code),
                    ALPHA2.binary_search(&code.as_str()).is_ok(),
                    "{code}"
                );
            }
        }
        assert!(!is_alpha2("us") && !is_alpha2("USA") && !is_alpha2("") && !is_alpha2("U"));
    }
}
