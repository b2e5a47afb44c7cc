//! `metadata.primaryDisabilityType`: CEDS 000218 codes.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::finding::{Code, Detail, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "disability_type",
    codes: &[Code::InvalidDisabilityType],
    scope: Scope::Columns(&[Column::PrimaryDisabilityType]),
    check: Check::Cell(check),
};

/// (code, description, CEDS 001733 word code).
pub(crate) const TYPES: [(&str, &str, &str); 13] = [
    ("AUT", "Autism", "Autism"),
    ("DB", "Deaf-blindness", "Deafblindness"),
    ("DD", "Developmental delay", "Developmentaldelay"),
    ("EMN", "Emotional disturbance", "Emotionaldisturbance"),
    ("HI", "Hearing impairment", "Hearingimpairment"),
    ("ID", "Intellectual disability", "Intellectualdisability"),
    ("MD", "Multiple disabilities", "Multipledisabilities"),
    ("OI", "Orthopedic impairment", "Orthopedicimpairment"),
    ("OHI", "Other health impairment", "Otherhealthimpairment"),
    (
        "SLD",
        "Specific learning disability",
        "Specificlearningdisability",
    ),
    (
        "SLI",
        "Speech or language impairment",
        "Speechlanguageimpairment",
    ),
    ("TBI", "Traumatic brain injury", "Traumaticbraininjury"),
    ("VI", "Visual impairment", "Visualimpairment"),
];

/// Letters only, lower case: "Deaf-blindness" and "deaf blindness" both become "deafblindness".
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    if value.is_empty() || TYPES.iter().any(|(code, _, _)| *code == value) {
        return None;
    }
    let key = squash(value);
    let key = key
        .strip_suffix("s")
        .filter(|k| k.ends_with("impairment"))
        .unwrap_or(&key);
    // Compared as they are squashed, not squashed into new strings: 26 of those a value were
    // 6 % of the instructions of a check of `examples/generate messy` (callgrind).
    let squashed = |text: &str| {
        let letters = text.chars().filter(|c| c.is_alphanumeric());
        letters.flat_map(char::to_lowercase).eq(key.chars())
    };
    let found = TYPES.iter().find(|(code, description, word)| {
        code.eq_ignore_ascii_case(key)
            || squashed(description)
            || squashed(word)
            || (*code == "SLI" && (key == "speechimpairment" || key == "languageimpairment"))
    });
    Some(match found {
        Some((code, _, _)) => Outcome::fixed(Code::InvalidDisabilityType, Severity::Warning, *code),
        None => match usually_reported_as(key) {
            Some(code) => Outcome::error(Code::InvalidDisabilityType)
                .with_detail(Detail::UsuallyReportedAs(code)),
            None => Outcome::error(Code::InvalidDisabilityType),
        },
    })
}

/// The code a squashed value (letters and digits, lower case) without one of its own is
/// usually reported as.
fn usually_reported_as(key: &str) -> Option<&'static str> {
    matches!(key, "deafness" | "deaf").then_some("HI")
}

/// The code the value as written is usually reported as, when it has none of its own (the
/// suggestion `invalid-disability-type` makes).
pub(crate) fn suggestion(value: &str) -> Option<&'static str> {
    match check(
        value.trim(),
        &RuleContext::on(crate::Date::from_unix_days(0)),
    )?
    .detail
    {
        Detail::UsuallyReportedAs(code) => Some(code),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::assert_cases;
    use super::*;

    #[test]
    fn cases() {
        assert_cases(
            &RULE,
            &[
                ("", None),
                ("AUT", None),
                ("SLD", None),
                ("aut", Some(Some("AUT"))),
                ("Autism", Some(Some("AUT"))),
                ("deaf-blindness", Some(Some("DB"))),
                ("Deaf Blindness", Some(Some("DB"))),
                ("Speechlanguageimpairment", Some(Some("SLI"))),
                ("Speech or Language Impairment", Some(Some("SLI"))),
                ("specific learning disability", Some(Some("SLD"))),
                ("Visual Impairments", Some(Some("VI"))),
                ("Deafness", Some(None)),
                ("broken arm", Some(None)),
            ],
        );
    }
}
