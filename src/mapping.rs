//! Values a person can map for a whole column in one step: the values the checker flagged and
//! could not fix, with how many rows each map would change.

use rostercheck_core::{about, About, Code, Finding};
use std::collections::{BTreeMap, BTreeSet};

/// A value that can be mapped.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Candidate {
    /// The value as written (trimmed, as the core matches it).
    pub value: String,
    /// Rows with this value flagged and unfixed, so rows the map will change.
    pub rows: u64,
}

/// Codes about one cell's value, where replacing the value can resolve the finding (from the
/// core's registry). Row and cross-row codes (duplicates, bulk/delta, race flags) are left to
/// cell edits and exclusions.
fn is_value_code(code: Code) -> bool {
    about(code) == About::Value
}

fn mappable(finding: &Finding) -> Option<(&str, &str, u64)> {
    if finding.fix.is_some() || !is_value_code(finding.code) {
        return None;
    }
    // IDs are one per student: a column-wide replacement makes no sense there.
    if finding.column.as_deref() == Some("sourcedId") {
        return None;
    }
    let value = finding.value.as_deref()?.trim();
    if value.is_empty() {
        return None;
    }
    Some((finding.column.as_deref()?, value, finding.record?))
}

/// Columns with at least one mappable value, in `columns` order (the corrected file's header).
pub fn columns(findings: &[Finding], columns: &[String]) -> Vec<String> {
    let with: BTreeSet<&str> = findings.iter().filter_map(mappable).map(|m| m.0).collect();
    columns
        .iter()
        .filter(|c| with.contains(c.as_str()))
        .cloned()
        .collect()
}

/// The mappable values of `column`, most rows first, then alphabetically.
pub fn candidates(findings: &[Finding], column: &str) -> Vec<Candidate> {
    let mut rows: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
    for (c, value, record) in findings.iter().filter_map(mappable) {
        if c == column {
            rows.entry(value).or_default().insert(record);
        }
    }
    let mut out: Vec<Candidate> = rows
        .into_iter()
        .map(|(value, records)| Candidate {
            value: value.to_owned(),
            rows: records.len() as u64,
        })
        .collect();
    out.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.value.cmp(&b.value)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_core::{check_and_fix, Date, Edits, Options, ValueMap};

    const FOOD: &str = "metadata.eligibilityStatusForSchoolFoodServicePrograms";

    fn sample(edits: Edits) -> rostercheck_core::Report {
        let mut options = Options::new(Date::new(2026, 11, 28).unwrap());
        options.edits = edits;
        check_and_fix(crate::SAMPLE, &options).0
    }

    #[test]
    fn sample_offers_the_food_service_letters() {
        let report = sample(Edits::default());
        let cols = columns(&report.findings, &report.columns);
        assert!(cols.iter().any(|c| c == FOOD), "{cols:?}");
        let values = candidates(&report.findings, FOOD);
        assert_eq!(
            values,
            vec![
                Candidate {
                    value: "F".into(),
                    rows: 1
                },
                Candidate {
                    value: "R".into(),
                    rows: 1
                }
            ]
        );
        // IDs are not offered; nor are fixed values (sex "M").
        assert!(!cols.iter().any(|c| c == "sourcedId"));
        assert!(candidates(&report.findings, "sex")
            .iter()
            .all(|c| c.value != "M"));
    }

    #[test]
    fn applying_a_map_removes_the_candidate() {
        let mut edits = Edits::default();
        edits.maps.push(ValueMap {
            column: FOOD.into(),
            from: "F".into(),
            to: "Free".into(),
        });
        let report = sample(edits);
        let values = candidates(&report.findings, FOOD);
        assert_eq!(values.len(), 1);
        assert_eq!(values[0].value, "R");
    }
}
