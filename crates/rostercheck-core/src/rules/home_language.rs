//! `metadata.homeLanguage`: ISO 639-2 bibliographic code (CEDS 000317).

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::data::languages::{is_bibliographic_code, language_choices, language_code};
use crate::finding::{Code, Detail, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "home_language",
    codes: &[Code::UnknownLanguage],
    scope: Scope::Columns(&[Column::HomeLanguage]),
    check: Check::Cell(check),
};

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    if value.is_empty() || is_bibliographic_code(value) {
        return None;
    }
    if let Some(choices) = language_choices(value) {
        return Some(Outcome::error(Code::UnknownLanguage).with_detail(Detail::Choices(choices)));
    }
    Some(match language_code(value) {
        Some(code) => Outcome::fixed(Code::UnknownLanguage, Severity::Warning, code),
        None => Outcome::error(Code::UnknownLanguage),
    })
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
                ("eng", None),
                ("spa", None),
                ("chi", None),
                ("ENG", Some(Some("eng"))),
                ("Creole", Some(None)),
                ("French Creole", Some(None)),
                ("Haitian Creole", Some(Some("hat"))),
                ("zho", Some(Some("chi"))),
                ("fra", Some(Some("fre"))),
                ("deu", Some(Some("ger"))),
                ("en", Some(Some("eng"))),
                ("es", Some(Some("spa"))),
                ("Spanish", Some(Some("spa"))),
                ("Vietnamese", Some(Some("vie"))),
                ("Mandarin", Some(Some("chi"))),
                ("Haitian Creole", Some(Some("hat"))),
                ("Hmong", Some(Some("hmn"))),
                ("Elvish", Some(None)),
                ("qqq", Some(None)),
            ],
        );
    }
}
