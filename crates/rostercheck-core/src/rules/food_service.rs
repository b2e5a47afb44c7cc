//! `metadata.eligibilityStatusForSchoolFoodServicePrograms`: CEDS 000092.

use super::{Check, Outcome, Rule, RuleContext, Scope};
use crate::columns::Column;
use crate::finding::{Code, Detail, Severity};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "food_service",
    codes: &[Code::InvalidFoodService],
    scope: Scope::Columns(&[Column::EligibilityStatusForSchoolFoodServicePrograms]),
    check: Check::Cell(check),
};

pub(crate) const CODES: [&str; 4] = ["Free", "ReducedPrice", "FullPrice", "Other"];

fn check(value: &str, _: &RuleContext) -> Option<Outcome> {
    if value.is_empty() || CODES.contains(&value) {
        return None;
    }
    let key: String = value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let fixed = match key.as_str() {
        "free" => "Free",
        "reducedprice" | "reduced" => "ReducedPrice",
        "fullprice" | "full" | "paid" => "FullPrice",
        "other" => "Other",
        // F is Free or Full price: the person decides, for the whole column.
        "f" => {
            let choices = Detail::Choices(&["Free", "FullPrice"]);
            return Some(Outcome::error(Code::InvalidFoodService).with_detail(choices));
        }
        // One letter, a number, anything else: the person maps the column.
        _ => return Some(Outcome::error(Code::InvalidFoodService)),
    };
    Some(Outcome::fixed(
        Code::InvalidFoodService,
        Severity::Warning,
        fixed,
    ))
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
                ("Free", None),
                ("ReducedPrice", None),
                ("free", Some(Some("Free"))),
                ("reduced price", Some(Some("ReducedPrice"))),
                ("Reduced-Price", Some(Some("ReducedPrice"))),
                ("REDUCED", Some(Some("ReducedPrice"))),
                ("Full Price", Some(Some("FullPrice"))),
                ("Paid", Some(Some("FullPrice"))),
                ("F", Some(None)),
                ("R", Some(None)),
                ("2", Some(None)),
            ],
        );
    }
}
