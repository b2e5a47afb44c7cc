//! The overview in plain words: numbers with thousands separators and the one-sentence verdict.

use rostercheck_core::{Code, Fix, Report, Severity};
use std::collections::BTreeSet;

/// `1203` → `"1,203"` (as the core's messages write counts).
pub fn group(n: u64) -> String {
    rostercheck_core::thousands(n)
}

/// `"1 row"`, `"1,203 rows"`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", group(n), if n == 1 { one } else { many })
}

/// A share (0.0–1.0) as a whole percentage; never shows 100 % or 0 % for a share that is not.
pub fn percent(share: f64) -> String {
    let p = (share * 100.0).clamp(0.0, 100.0);
    let rounded = if p > 99.0 && p < 100.0 {
        99.0
    } else if p > 0.0 && p < 1.0 {
        1.0
    } else {
        p.round()
    };
    format!("{rounded:.0}%")
}

/// Why a file could not be checked at all (not a CSV, or empty), in the core's words.
pub fn failure(report: &Report) -> Option<String> {
    // A bundle without demographics.csv has no columns, and its findings say so.
    let no_demographics = (report.findings.iter()).any(|f| f.code == Code::MissingDemographicsFile);
    let unreadable = !report.readable || (report.columns.is_empty() && !no_demographics);
    unreadable.then(|| {
        report
            .findings
            .iter()
            .find(|f| {
                matches!(
                    f.code,
                    Code::NotCsv
                        | Code::NoDataRows
                        | Code::ZipRefused
                        | Code::WorkbookUnreadable
                        | Code::WorkbookSheet
                )
            })
            .map(|f| f.message.clone())
            .unwrap_or_else(|| "The file could not be read as a CSV file.".into())
    })
}

/// The tone of the verdict (shown with a word and an icon, never by colour alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Tone {
    /// No errors remain.
    Good,
    /// Errors remain.
    Bad,
}

/// The verdict: a headline and a line of detail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Verdict {
    /// Good or bad.
    pub tone: Tone,
    /// One sentence: what ClassLink and Amplify will do with the file.
    pub headline: String,
    /// Fixes, warnings and exclusions.
    pub detail: String,
}

/// Data rows of the corrected file with at least one error, and whether the count is a lower
/// bound (findings were truncated). A row the checker removes (an exact copy of an earlier row)
/// is not sent, so its errors are not counted twice.
pub fn rows_with_errors(report: &Report) -> (u64, bool) {
    let removed: BTreeSet<u64> = report
        .findings
        .iter()
        .filter(|f| f.fix == Some(Fix::RemoveRow))
        .filter_map(|f| f.record)
        .collect();
    let rows: BTreeSet<u64> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter_map(|f| f.record)
        .filter(|record| !removed.contains(record))
        .collect();
    (rows.len() as u64, report.truncated)
}

/// The verdict for a checked file.
pub fn verdict(report: &Report) -> Verdict {
    let fixes = report.totals.fixes;
    let fixed = match fixes {
        0 => "nothing needed an automatic fix".to_owned(),
        1 => "1 problem was fixed automatically".to_owned(),
        n => format!("{} problems were fixed automatically", group(n)),
    };
    let file_error = report
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error && f.record.is_none());
    let (rows, at_least) = rows_with_errors(report);
    let (tone, headline) = if let Some(f) = file_error {
        (
            Tone::Bad,
            format!(
                "ClassLink will not accept this file as it is: {}",
                f.message
            ),
        )
    } else if rows > 0 {
        let bound = if at_least { "at least " } else { "" };
        (
            Tone::Bad,
            format!(
                "ClassLink or Amplify will reject or misread {bound}{}; {fixed}.",
                count(rows, "row", "rows")
            ),
        )
    } else if report.totals.errors > 0 {
        (
            Tone::Bad,
            format!(
                "{} must be resolved before ClassLink accepts this file; {fixed}.",
                count(report.totals.errors, "error", "errors")
            ),
        )
    } else {
        (
            Tone::Good,
            format!("No errors remain: ClassLink and Amplify will accept every row; {fixed}."),
        )
    };
    let mut detail = vec![format!(
        "{} checked, {} in the corrected file",
        count(report.rows, "row", "rows"),
        group(report.rows_out)
    )];
    if report.totals.warnings > 0 {
        detail.push(format!(
            "{} to review",
            count(report.totals.warnings, "warning", "warnings")
        ));
    }
    if report.excluded > 0 {
        detail.push(format!(
            "{} left out by you",
            count(report.excluded, "row", "rows")
        ));
    }
    Verdict {
        tone,
        headline,
        detail: format!("{}.", detail.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_core::{check_and_fix, Date, Edits, Options};

    fn run(input: &[u8], edits: Edits) -> Report {
        let mut options = Options::new(Date::new(2026, 11, 28).unwrap());
        options.edits = edits;
        check_and_fix(input, &options).0
    }

    #[test]
    fn groups_thousands() {
        let cases = [
            (0, "0"),
            (12, "12"),
            (999, "999"),
            (1000, "1,000"),
            (1203, "1,203"),
            (1_000_000, "1,000,000"),
        ];
        for (n, want) in cases {
            assert_eq!(group(n), want);
        }
        assert_eq!(count(1, "row", "rows"), "1 row");
        assert_eq!(count(2, "row", "rows"), "2 rows");
    }

    #[test]
    fn percentages_never_round_to_the_ends() {
        let cases = [
            (0.0, "0%"),
            (0.001, "1%"),
            (0.5, "50%"),
            (0.996, "99%"),
            (1.0, "100%"),
        ];
        for (share, want) in cases {
            assert_eq!(percent(share), want);
        }
    }

    #[test]
    fn sample_verdict_names_rejected_rows_and_fixes() {
        let report = run(crate::SAMPLE, Edits::default());
        let v = verdict(&report);
        assert_eq!(v.tone, Tone::Bad);
        let (rows, _) = rows_with_errors(&report);
        assert!(rows > 0);
        assert!(
            v.headline
                .contains(&format!("reject or misread {}", count(rows, "row", "rows"))),
            "{}",
            v.headline
        );
        assert!(v.headline.contains("fixed automatically"));
        assert!(failure(&report).is_none());
    }

    #[test]
    fn a_removed_copy_is_not_a_row_with_errors() {
        // The second row is an exact copy: removed, so ClassLink gets one row with an error.
        let report = run(b"sourcedId,sex\n1001,X\n1001,X\n1002,Y\n", Edits::default());
        assert_eq!(report.totals.errors, 3, "each row's value is reported");
        assert_eq!(rows_with_errors(&report), (2, false));
        assert!(verdict(&report).headline.contains("misread 2 rows"));
    }

    #[test]
    fn clean_file_is_good() {
        let report = run(
            b"sourcedId,status,dateLastModified,birthDate,sex\n1001,,,2012-03-14,male\n",
            Edits::default(),
        );
        let v = verdict(&report);
        assert_eq!(v.tone, Tone::Good, "{v:?}");
        assert!(v
            .detail
            .starts_with("1 row checked, 1 in the corrected file"));
    }

    #[test]
    fn unreadable_and_empty_files_fail_with_the_core_message() {
        let zip = run(
            b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml",
            Edits::default(),
        );
        assert!(failure(&zip).is_some_and(|m| m.contains("Excel workbook")));
        let empty = run(b"", Edits::default());
        assert!(failure(&empty).is_some_and(|m| m.contains("empty")));
        let header_only = run(b"sourcedId,sex\n", Edits::default());
        assert!(failure(&header_only).is_none());
        let v = verdict(&header_only);
        assert_eq!(v.tone, Tone::Bad);
        assert!(v.headline.contains("no students"), "{}", v.headline);
    }

    #[test]
    fn exclusions_are_mentioned() {
        let mut edits = Edits::default();
        edits.excluded.insert(0);
        let report = run(crate::SAMPLE, edits);
        assert!(verdict(&report).detail.contains("1 row left out by you"));
    }
}
