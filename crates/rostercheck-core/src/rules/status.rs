//! `status`: blank in bulk files; `active` or `tobedeleted` in delta files.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::finding::{Code, Detail, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "status",
    codes: &[Code::InvalidStatus],
    scope: Scope::Columns(&[Column::Status]),
    check: Check::Cell(check),
};

fn check(value: &str, ctx: &RuleContext) -> Option<Outcome> {
    if let Some(answered) = crate::decisions::answered_mode(Column::Status, value, ctx) {
        return Some(answered);
    }
    match value {
        "" | "active" | "tobedeleted" => None,
        _ if value.eq_ignore_ascii_case("active") => Some(Outcome::fixed(
            Code::InvalidStatus,
            Severity::Warning,
            "active",
        )),
        _ if value.eq_ignore_ascii_case("tobedeleted")
            || value.eq_ignore_ascii_case("to be deleted") =>
        {
            Some(Outcome::fixed(
                Code::InvalidStatus,
                Severity::Warning,
                "tobedeleted",
            ))
        }
        _ if value.eq_ignore_ascii_case("inactive") => {
            Some(Outcome::error(Code::InvalidStatus).with_detail(Detail::Inactive))
        }
        _ => Some(Outcome::error(Code::InvalidStatus)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    #[test]
    fn cases() {
        let ctx = RuleContext::on(Date::new(2026, 11, 28).unwrap());
        let cases: &[(&str, Option<(Severity, Option<&str>)>)] = &[
            ("", None),
            ("active", None),
            ("tobedeleted", None),
            ("Active", Some((Severity::Warning, Some("active")))),
            ("ACTIVE", Some((Severity::Warning, Some("active")))),
            (
                "toBeDeleted",
                Some((Severity::Warning, Some("tobedeleted"))),
            ),
            ("inactive", Some((Severity::Error, None))),
            ("deleted", Some((Severity::Error, None))),
        ];
        for (input, expected) in cases {
            let got = check(input, &ctx).map(|o| (o.severity, o.fixed_text()));
            let expected = expected.map(|(s, f)| (s, f.map(String::from)));
            assert_eq!(got, expected, "{input}");
        }
    }
}
