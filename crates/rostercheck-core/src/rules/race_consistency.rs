//! `race-flags-inconsistent`: two or more races without `demographicRaceTwoOrMoreRaces`.

use super::{Check, Outcome, RowOutcome, RowView, Rule, Scope};
use crate::columns::Column;
use crate::finding::{Code, Detail};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "race_consistency",
    codes: &[Code::RaceFlagsInconsistent],
    scope: Scope::Row,
    check: Check::Row(check),
};

fn check(row: &RowView<'_>, out: &mut Vec<RowOutcome>) {
    let races = Column::RACES
        .iter()
        .filter(|c| row.value(**c) == "true")
        .count();
    if races >= 2 && row.value(Column::DemographicRaceTwoOrMoreRaces) != "true" {
        out.push((
            Some(Column::DemographicRaceTwoOrMoreRaces),
            Outcome::warning(Code::RaceFlagsInconsistent).with_detail(Detail::Races(races)),
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
        assert_eq!(run(&[(Column::Asian, "true"), (Column::White, "true")]), 1);
        assert_eq!(
            run(&[
                (Column::Asian, "true"),
                (Column::White, "true"),
                (Column::DemographicRaceTwoOrMoreRaces, "false")
            ]),
            1
        );
        assert_eq!(
            run(&[
                (Column::Asian, "true"),
                (Column::White, "true"),
                (Column::DemographicRaceTwoOrMoreRaces, "true")
            ]),
            0
        );
        assert_eq!(run(&[(Column::Asian, "true"), (Column::White, "false")]), 0);
        assert_eq!(
            run(&[
                (Column::Asian, "true"),
                (Column::HispanicOrLatinoEthnicity, "true")
            ]),
            0
        );
    }
}
