//! `countryOfBirthCode`: ISO 3166-1 alpha-2 (CEDS 000047).

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::data::countries::{country_choices, country_code, is_alpha2};
use crate::finding::{Code, Detail, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "country",
    codes: &[Code::UnknownCountry],
    scope: Scope::Columns(&[Column::CountryOfBirthCode]),
    check: Check::Cell(check),
};

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    if value.is_empty() || is_alpha2(value) {
        return None;
    }
    if let Some(choices) = country_choices(value) {
        return Some(Outcome::warning(Code::UnknownCountry).with_detail(Detail::Choices(choices)));
    }
    Some(match country_code(value) {
        Some(code) => Outcome::fixed(Code::UnknownCountry, Severity::Warning, code),
        None => Outcome::warning(Code::UnknownCountry),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        let ctx = super::super::testing::ctx();
        let cases: &[(&str, Option<Option<&str>>)] = &[
            ("", None),
            ("US", None),
            ("us", Some(Some("US"))),
            ("USA", Some(Some("US"))),
            ("United States", Some(Some("US"))),
            ("MEX", Some(Some("MX"))),
            ("Mexico", Some(Some("MX"))),
            ("Narnia", Some(None)),
            ("Congo", Some(None)),
            ("the Congo", Some(None)),
            ("KOREA", Some(None)),
            ("Congo, Democratic Republic of the", Some(Some("CD"))),
            ("South Korea", Some(Some("KR"))),
        ];
        for (input, expected) in cases {
            let got = check(input, &ctx).map(Outcome::into_fixed_value);
            assert_eq!(got.as_ref().map(|f| f.as_deref()), *expected, "{input}");
        }
        let congo = check("Congo", &ctx).unwrap().detail;
        assert_eq!(congo, Detail::Choices(&["CD", "CG"]));
    }
}
