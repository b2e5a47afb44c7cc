//! `disability-inconsistent`: a disability type or an IEP while `metadata.ideaIndicator` is `No`.

use super::{Check, Outcome, RowOutcome, RowView, Rule, Scope};
use crate::columns::Column;
use crate::finding::{Code, Detail, DisabilityConflict};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "disability_consistency",
    codes: &[Code::DisabilityInconsistent],
    scope: Scope::Row,
    check: Check::Row(check),
};

fn check(row: &RowView<'_>, out: &mut Vec<RowOutcome>) {
    if row.value(Column::IdeaIndicator) != "No" {
        return;
    }
    if !row.value(Column::PrimaryDisabilityType).is_empty() {
        out.push((
            Some(Column::PrimaryDisabilityType),
            Outcome::warning(Code::DisabilityInconsistent)
                .with_detail(Detail::Disability(DisabilityConflict::Type)),
        ));
    }
    if matches!(row.value(Column::IepStatus), "Yes" | "True") {
        out.push((
            Some(Column::IepStatus),
            Outcome::warning(Code::DisabilityInconsistent)
                .with_detail(Detail::Disability(DisabilityConflict::Iep)),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(values: &[(Column, &'static str)]) -> usize {
        let mut row = RowView::default();
        for (c, v) in values {
            row.set(*c, v);
        }
        let mut out = Vec::new();
        check(&row, &mut out);
        out.len()
    }

    #[test]
    fn cases() {
        assert_eq!(
            run(&[
                (Column::IdeaIndicator, "No"),
                (Column::PrimaryDisabilityType, "AUT")
            ]),
            1
        );
        assert_eq!(
            run(&[(Column::IdeaIndicator, "No"), (Column::IepStatus, "True")]),
            1
        );
        assert_eq!(
            run(&[
                (Column::IdeaIndicator, "Yes"),
                (Column::PrimaryDisabilityType, "AUT"),
                (Column::IepStatus, "Yes")
            ]),
            0
        );
        assert_eq!(
            run(&[(Column::IdeaIndicator, "No"), (Column::IepStatus, "No")]),
            0
        );
        assert_eq!(run(&[(Column::PrimaryDisabilityType, "AUT")]), 0);
    }
}
