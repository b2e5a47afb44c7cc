//! The lookup every code list shares: codes in any case, names after normalisation.
//!
//! Countries, languages and states differ only in their tables, so the normalisation (case,
//! accents, punctuation, spacing) and the search live here once: a spelling accepted for one
//! list is accepted the same way for the others.

/// One table of codes a value may be written as.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Codes {
    /// Canonical codes, each standing for itself; sorted.
    Canonical(&'static [&'static str]),
    /// Other codes (alpha-3, withdrawn, …) and the canonical code each stands for; sorted by the
    /// first.
    Mapped(&'static [(&'static str, &'static str)]),
}

impl Codes {
    /// The `i`th code of the table, if it has that many.
    const fn nth(self, i: usize) -> Option<&'static str> {
        match self {
            Codes::Canonical(table) if i < table.len() => Some(table[i]),
            Codes::Mapped(table) if i < table.len() => Some(table[i].0),
            _ => None,
        }
    }

    /// The lengths of the table's codes, as bit `n` for length `n`.
    const fn widths(self) -> u16 {
        let mut widths = 0;
        let mut i = 0;
        while let Some(code) = self.nth(i) {
            assert!(code.len() <= MAX_CODE, "a code longer than MAX_CODE");
            widths |= 1 << code.len();
            i += 1;
        }
        widths
    }

    /// The canonical code for `value`, put in the case of the table by `fold`.
    fn find(self, value: &[u8], fold: impl Fn(&u8) -> u8) -> Option<&'static str> {
        match self {
            Codes::Canonical(table) => search(table, |&k| k, value, fold).map(|i| table[i]),
            Codes::Mapped(table) => search(table, |&(k, _)| k, value, fold).map(|i| table[i].1),
        }
    }
}

/// Binary search of a table sorted by `key` for `value` put in the table's case by `fold`.
fn search<T>(
    table: &[T],
    key: impl Fn(&T) -> &str,
    value: &[u8],
    fold: impl Fn(&u8) -> u8,
) -> Option<usize> {
    // Byte by byte as iterators: codes are 2 or 3 bytes, and comparing slices calls `memcmp` each
    // time, which made the search four times slower.
    table
        .binary_search_by(|entry| key(entry).bytes().cmp(value.iter().map(&fold)))
        .ok()
}

/// No code of any list is longer; a list with a longer one does not compile.
const MAX_CODE: usize = 8;

/// No list has more code tables; a list with more does not compile.
const MAX_TABLES: usize = 8;

/// A code list: what a cell may say, and the canonical code it means.
#[derive(Debug)]
pub(crate) struct CodeList {
    /// The code tables, tried in order; the first that has the value answers.
    codes: &'static [Codes],
    /// For each table of `codes`, the lengths of its codes (bit `n` for length `n`), and in
    /// `all_widths` for all of them: a table is only searched for a value of a length it has.
    widths: [u16; MAX_TABLES],
    all_widths: u16,
    /// Whether the codes are upper case (else lower): what a value is folded to when compared.
    upper: bool,
    /// Normalised names and aliases (as [`normalise`] writes them) to codes, sorted by name.
    names: &'static [(&'static str, &'static str)],
    /// Words that are never part of a name or a code, dropped from either end of the key before
    /// it is looked up: "the" in "The Netherlands", "Bahamas, The" and "the USA".
    articles: &'static [&'static str],
    /// Words that may follow a name without changing it, tried only when the whole key is not
    /// known and only against names: "Spanish language" is Spanish, but "No language" is not
    /// Norwegian (`no`), so no code is read out of such a value.
    name_suffixes: &'static [&'static str],
}

impl CodeList {
    /// A list of `codes` (tried in order) and normalised `names` sorted by name, with no
    /// articles or name suffixes.
    pub(crate) const fn new(
        codes: &'static [Codes],
        names: &'static [(&'static str, &'static str)],
    ) -> Self {
        CodeList {
            codes,
            widths: widths(codes),
            all_widths: all_widths(codes),
            upper: is_upper(codes),
            names,
            articles: &[],
            name_suffixes: &[],
        }
    }

    /// The list with `words` dropped from either end of a key (see the field).
    pub(crate) const fn with_articles(self, words: &'static [&'static str]) -> Self {
        CodeList {
            articles: words,
            ..self
        }
    }

    /// The list with `words` allowed after a name (see the field).
    pub(crate) const fn with_name_suffixes(self, words: &'static [&'static str]) -> Self {
        CodeList {
            name_suffixes: words,
            ..self
        }
    }

    /// The canonical code for `value`, or `None` if the list does not know it.
    ///
    /// Tried in turn, the first answer winning: `value` as a code; its normalised key, without
    /// articles, as a code or a name; that key without a name suffix, as a name. The key with its
    /// suffix goes first so that a name ending in one ("ga language") is found as itself.
    // Inlined into each list's function, where the list is a constant: without it names were
    // looked up about 10 % slower than by the hand-written lookups this replaced.
    #[inline(always)]
    pub(crate) fn lookup(&self, value: &str) -> Option<&'static str> {
        // Canonical codes are the common case: answer them without building a key.
        if let Some(code) = self.code(value.as_bytes()) {
            return Some(code);
        }
        let key = normalise(value)?;
        let key = self.without_articles(key.as_str());
        self.code(key.as_bytes())
            .or_else(|| self.name(key))
            .or_else(|| {
                let name = self
                    .name_suffixes
                    .iter()
                    .find_map(|word| strip_word_after(key, word));
                self.name(name?)
            })
    }

    /// The canonical code for `bytes` written as any code of the list, in any case.
    // Inlined for the same reason as `lookup`.
    #[inline(always)]
    pub(crate) fn code(&self, bytes: &[u8]) -> Option<&'static str> {
        if bytes.len() > MAX_CODE || self.all_widths >> bytes.len() & 1 == 0 {
            return None;
        }
        let width = 1 << bytes.len();
        let mut tables = (self.codes.iter().zip(self.widths)).filter(|&(_, w)| w & width != 0);
        // The case is chosen once here, so that each comparison folds without a branch.
        if self.upper {
            tables.find_map(|(table, _)| table.find(bytes, u8::to_ascii_uppercase))
        } else {
            tables.find_map(|(table, _)| table.find(bytes, u8::to_ascii_lowercase))
        }
    }

    /// The code for a normalised name.
    fn name(&self, key: &str) -> Option<&'static str> {
        self.names
            .binary_search_by(|&(name, _)| name.cmp(key))
            .ok()
            .map(|i| self.names[i].1)
    }

    /// `key` without one article at its start and one at its end.
    fn without_articles<'k>(&self, key: &'k str) -> &'k str {
        let strip = |key: &'k str, at: fn(&'k str, &str) -> Option<&'k str>| {
            self.articles
                .iter()
                .find_map(|word| at(key, word))
                .unwrap_or(key)
        };
        strip(strip(key, strip_word_before), strip_word_after)
    }
}

/// The lengths of each table's codes (see [`Codes::widths`]).
const fn widths(codes: &[Codes]) -> [u16; MAX_TABLES] {
    assert!(
        codes.len() <= MAX_TABLES,
        "more code tables than MAX_TABLES"
    );
    let mut widths = [0; MAX_TABLES];
    let mut t = 0;
    while t < codes.len() {
        widths[t] = codes[t].widths();
        t += 1;
    }
    widths
}

/// The lengths of all the codes (see [`Codes::widths`]).
const fn all_widths(codes: &[Codes]) -> u16 {
    let mut widths = 0;
    let mut t = 0;
    while t < codes.len() {
        widths |= codes[t].widths();
        t += 1;
    }
    widths
}

/// Whether every code in `codes` is upper-case letters; panics unless they are all upper or all
/// lower case, since [`CodeList::code`] puts a value in one case before searching.
const fn is_upper(codes: &[Codes]) -> bool {
    let upper = match codes.first() {
        Some(table) => match table.nth(0) {
            Some(code) => !code.is_empty() && code.as_bytes()[0].is_ascii_uppercase(),
            None => true,
        },
        None => true,
    };
    let first = if upper { b'A' } else { b'a' };
    let mut t = 0;
    while t < codes.len() {
        let mut i = 0;
        while let Some(code) = codes[t].nth(i) {
            let mut b = 0;
            while b < code.len() {
                assert!(
                    code.as_bytes()[b].wrapping_sub(first) < 26,
                    "codes in mixed case"
                );
                b += 1;
            }
            i += 1;
        }
        t += 1;
    }
    upper
}

/// `key` without `word` and the space after it, if it starts with them.
fn strip_word_before<'k>(key: &'k str, word: &str) -> Option<&'k str> {
    key.strip_prefix(word)?.strip_prefix(' ')
}

/// `key` without `word` and the space before it, if it ends with them.
fn strip_word_after<'k>(key: &'k str, word: &str) -> Option<&'k str> {
    key.strip_suffix(word)?.strip_suffix(' ')
}

/// Every code of `WIDTH` letters in one case, as one bit each of 26^`WIDTH` (in `WORDS` words):
/// the check that runs on every row is one lookup instead of a binary search over strings.
#[derive(Debug)]
pub(crate) struct CodeBits<const WIDTH: usize, const WORDS: usize> {
    bits: [u64; WORDS],
    first: u8,
}

impl<const WIDTH: usize, const WORDS: usize> CodeBits<WIDTH, WORDS> {
    /// The set of `codes`, each `WIDTH` letters from `first` (`b'A'` or `b'a'`) to 25 past it.
    ///
    /// Panics (at compile time, where it is used for a `static`) on a code of another shape.
    pub(crate) const fn new(codes: &[&str], first: u8) -> Self {
        assert!(WORDS * 64 >= 26usize.pow(WIDTH as u32));
        let mut bits = [0u64; WORDS];
        let mut i = 0;
        while i < codes.len() {
            let n = match index::<WIDTH>(codes[i].as_bytes(), first) {
                Some(n) => n,
                None => panic!("a code of another width or case"),
            };
            bits[n / 64] |= 1 << (n % 64);
            i += 1;
        }
        CodeBits { bits, first }
    }

    /// Whether `code` is exactly one of the codes, in their case.
    pub(crate) fn contains(&self, code: &str) -> bool {
        index::<WIDTH>(code.as_bytes(), self.first)
            .is_some_and(|n| self.bits[n / 64] >> (n % 64) & 1 == 1)
    }
}

/// `code` read as a base-26 number, if it is `WIDTH` letters from `first` to 25 past it.
const fn index<const WIDTH: usize>(code: &[u8], first: u8) -> Option<usize> {
    if code.len() != WIDTH {
        return None;
    }
    let mut n = 0;
    let mut i = 0;
    while i < WIDTH {
        let letter = code[i].wrapping_sub(first);
        if letter >= 26 {
            return None;
        }
        n = n * 26 + letter as usize;
        i += 1;
    }
    Some(n)
}

/// Longest key in any table is well under this; longer input cannot match.
const MAX_KEY: usize = 64;

/// A lookup key built on the stack, so name lookups never touch the heap.
#[derive(Debug)]
pub(crate) struct Key {
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

    /// The key as text: lower-case ASCII words separated by single spaces.
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII is ever pushed, so this cannot fail.
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

/// Names that stand for more than one code, each with its codes (most likely first).
pub(crate) type Ambiguous = &'static [(&'static str, &'static [&'static str])];

/// The codes `value` may mean when it is one of the `ambiguous` names (after normalisation):
/// the person chooses, the checker does not.
pub(crate) fn choices(value: &str, ambiguous: Ambiguous) -> Option<&'static [&'static str]> {
    let key = normalise(value)?;
    let key = key.as_str();
    let key = key.strip_prefix("the ").unwrap_or(key);
    ambiguous
        .iter()
        .find(|(name, _)| *name == key)
        .map(|&(_, codes)| codes)
}

/// Lower-cases, folds accents, drops dots and apostrophes, and turns other
/// punctuation into single spaces: `"Côte d'Ivoire"` becomes `"cote divoire"`.
///
/// `None` means the value has a character no key contains, or is too long.
pub(crate) fn normalise(value: &str) -> Option<Key> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A small list with every kind of table, to test the lookup apart from the real data.
    const LIST: CodeList = CodeList::new(
        &[
            Codes::Canonical(&["AB", "CD"]),
            Codes::Mapped(&[("ABC", "AB"), ("XYZ", "CD")]),
        ],
        &[("ab land", "AB"), ("cd language", "AB"), ("cee dee", "CD")],
    )
    .with_articles(&["the"])
    .with_name_suffixes(&["language"]);

    #[test]
    fn code_lengths_are_measured() {
        assert_eq!(LIST.widths[..3], [1 << 2, 1 << 3, 0]);
        assert_eq!(LIST.all_widths, 1 << 2 | 1 << 3);
        let mixed = CodeList::new(&[Codes::Mapped(&[("ab", "ab"), ("abc", "ab")])], &[]);
        assert_eq!((mixed.widths[0], mixed.upper), (1 << 2 | 1 << 3, false));
        assert_eq!(CodeList::new(&[], &[]).all_widths, 0);
    }

    /// Each value with what `LIST.lookup` gives for it, grouped by what it tests.
    const CASES: &[(&str, Option<&str>)] = &[
        // Codes in any case, canonical or mapped; dots dropped.
        ("AB", Some("AB")),
        ("ab", Some("AB")),
        ("aBc", Some("AB")),
        ("xyz", Some("CD")),
        ("A.B.", Some("AB")),
        ("ABCD", None),
        // Names after normalisation: case, spacing, punctuation, accents.
        ("Ab Land", Some("AB")),
        ("AB-LAND", Some("AB")),
        ("  ab   land ", Some("AB")),
        ("ab_land", Some("AB")),
        ("A.B. Land", Some("AB")),
        ("Äb Lånd", Some("AB")),
        ("Ab Land!", None),
        ("日本", None),
        // Articles, at either end, before names and codes alike; only as whole words.
        ("The Cee Dee", Some("CD")),
        ("Cee Dee, The", Some("CD")),
        ("the cee dee the", Some("CD")),
        ("the XYZ", Some("CD")),
        ("the", None),
        ("the the", None),
        ("thecee dee", None),
        // Name suffixes: after names only, and the whole key first ("cd language" is a name).
        ("Cee Dee language", Some("CD")),
        ("The Cee Dee Language", Some("CD")),
        ("CD language", Some("AB")),
        ("XYZ language", None),
        ("language Cee Dee", None),
        ("language", None),
        ("", None),
    ];

    #[test]
    fn cases() {
        for &(value, expected) in CASES {
            assert_eq!(LIST.lookup(value), expected, "{value:?}");
        }
    }

    #[test]
    fn code_is_the_code_tables_alone() {
        for (value, code) in [("ab", Some("AB")), ("XyZ", Some("CD")), ("ab land", None)] {
            assert_eq!(LIST.code(value.as_bytes()), code, "{value}");
        }
        assert_eq!(LIST.code(b"A.B"), None, "not normalised");
        assert_eq!(LIST.code(b""), None);
    }

    #[test]
    fn keys_are_bounded() {
        assert!(normalise(&"a".repeat(MAX_KEY)).is_some());
        assert!(normalise(&"a".repeat(MAX_KEY + 1)).is_none());
        assert_eq!(LIST.lookup(&"ab land ".repeat(10)), None);
        assert_eq!(
            normalise(" -- Côte  d'Ivoire -- ").unwrap().as_str(),
            "cote divoire"
        );
    }

    #[test]
    fn bits_hold_exactly_their_codes() {
        const BITS: CodeBits<2, 11> = CodeBits::new(&["AB", "ZZ"], b'A');
        assert!(BITS.contains("AB") && BITS.contains("ZZ"));
        for code in ["ab", "AC", "A", "ABC", "", "A[", "@B"] {
            assert!(!BITS.contains(code), "{code}");
        }
        const LOWER: CodeBits<3, 275> = CodeBits::new(&["aaa", "zzz"], b'a');
        assert!(LOWER.contains("aaa") && LOWER.contains("zzz") && !LOWER.contains("AAA"));
    }
}
