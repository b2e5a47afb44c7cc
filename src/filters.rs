//! Which findings the detail view shows.

use rostercheck_core::{Code, Finding, Report, Severity};

/// The detail view's filter. The default shows everything.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Filter {
    /// Show errors.
    pub errors: bool,
    /// Show warnings.
    pub warnings: bool,
    /// Show infos.
    pub infos: bool,
    /// Only this rule.
    pub code: Option<Code>,
    /// Only this column (canonical name).
    pub column: Option<String>,
    /// Only findings the checker could not fix.
    pub unfixed_only: bool,
    /// In a bundle, only the findings of one file: `Some(None)` for demographics.csv (whose
    /// findings name no file), `Some(Some(name))` for another.
    pub file: Option<Option<String>>,
    /// Only the findings of rows whose `sourcedId` starts with this (the search box: a
    /// student's findings as the ID is typed).
    #[serde(default)]
    pub student: Option<String>,
}

impl Default for Filter {
    fn default() -> Filter {
        Filter {
            errors: true,
            warnings: true,
            infos: true,
            code: None,
            column: None,
            unfixed_only: false,
            file: None,
            student: None,
        }
    }
}

impl Filter {
    /// True when `finding` passes.
    pub fn matches(&self, finding: &Finding) -> bool {
        let severity = match finding.severity {
            Severity::Error => self.errors,
            Severity::Warning => self.warnings,
            Severity::Info => self.infos,
        };
        severity
            && self.code.is_none_or(|c| c == finding.code)
            && self
                .column
                .as_deref()
                .is_none_or(|c| finding.column.as_deref() == Some(c))
            && (!self.unfixed_only || finding.fix.is_none())
            && self.file.as_ref().is_none_or(|file| *file == finding.file)
            && self.student.as_deref().is_none_or(|start| {
                (finding.sourced_id.as_deref()).is_some_and(|id| id.starts_with(start))
            })
    }

    /// True when something is filtered out.
    pub fn is_active(&self) -> bool {
        *self != Filter::default()
    }

    /// Whether the filter shows findings of `severity`.
    pub fn shows(&self, severity: Severity) -> bool {
        match severity {
            Severity::Error => self.errors,
            Severity::Warning => self.warnings,
            Severity::Info => self.infos,
        }
    }

    /// The filter with findings of `severity` shown or not.
    pub fn with_severity(mut self, severity: Severity, shown: bool) -> Filter {
        match severity {
            Severity::Error => self.errors = shown,
            Severity::Warning => self.warnings = shown,
            Severity::Info => self.infos = shown,
        }
        self
    }
}

/// The columns that have findings, in the corrected file's column order (columns the file does
/// not write, such as a second copy of a column, last).
pub fn columns_with_findings(report: &Report) -> Vec<&String> {
    let mut columns: Vec<&String> = report.by_column.keys().collect();
    columns.sort_by_key(|c| {
        report
            .columns
            .iter()
            .position(|o| o == *c)
            .unwrap_or(usize::MAX)
    });
    columns
}

/// The files of a bundle that have findings, in order of first finding (`None`: the
/// demographics file checked).
pub fn files_with_findings(report: &Report) -> Vec<Option<&str>> {
    let mut files: Vec<Option<&str>> = Vec::new();
    for finding in &report.findings {
        let file = finding.file.as_deref();
        if !files.contains(&file) {
            files.push(file);
        }
    }
    files
}

/// Indices of the findings that pass, in order.
pub fn apply(findings: &[Finding], filter: &Filter) -> Vec<usize> {
    if !filter.is_active() {
        return (0..findings.len()).collect();
    }
    findings
        .iter()
        .enumerate()
        .filter(|(_, f)| filter.matches(f))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_core::{check_and_fix, Date, Fix, Options};

    fn finding(code: Code, severity: Severity, column: Option<&str>, fixed: bool) -> Finding {
        Finding {
            code,
            severity,
            line: 2,
            record: Some(0),
            column: column.map(str::to_owned),
            value: Some("x".into()),
            fix: fixed.then(|| Fix::Value("y".into())),
            message: String::new(),
            sourced_id: None,
            file: None,
            decision: None,
            cell: None,
        }
    }

    #[test]
    fn each_criterion_filters() {
        let mut in_manifest = finding(Code::ManifestMode, Severity::Error, None, false);
        in_manifest.file = Some("manifest.csv".into());
        let mut of_student = finding(Code::InvalidSex, Severity::Warning, Some("sex"), true);
        of_student.sourced_id = Some("S0042".into());
        let findings = [
            finding(Code::InvalidSex, Severity::Error, Some("sex"), false),
            of_student,
            finding(Code::InvalidBoolean, Severity::Warning, Some("asian"), true),
            finding(Code::Bom, Severity::Info, None, true),
            in_manifest,
        ];
        let cases: [(Filter, Vec<usize>); 11] = [
            (
                Filter {
                    student: Some("S004".into()),
                    ..Filter::default()
                },
                vec![1],
            ),
            (
                Filter {
                    student: Some("S0043".into()),
                    ..Filter::default()
                },
                vec![],
            ),
            (Filter::default(), vec![0, 1, 2, 3, 4]),
            (
                Filter::default().with_severity(Severity::Warning, false),
                vec![0, 3, 4],
            ),
            (
                Filter {
                    errors: false,
                    warnings: false,
                    infos: false,
                    ..Filter::default()
                },
                vec![],
            ),
            (
                Filter {
                    code: Some(Code::InvalidSex),
                    ..Filter::default()
                },
                vec![0, 1],
            ),
            (
                Filter {
                    column: Some("asian".into()),
                    ..Filter::default()
                },
                vec![2],
            ),
            (
                Filter {
                    unfixed_only: true,
                    ..Filter::default()
                },
                vec![0, 4],
            ),
            (
                Filter {
                    file: Some(Some("manifest.csv".into())),
                    ..Filter::default()
                },
                vec![4],
            ),
            (
                Filter {
                    file: Some(None),
                    ..Filter::default()
                },
                vec![0, 1, 2, 3],
            ),
            (
                Filter {
                    code: Some(Code::InvalidSex),
                    infos: false,
                    errors: false,
                    ..Filter::default()
                },
                vec![1],
            ),
        ];
        for (filter, want) in cases {
            assert_eq!(apply(&findings, &filter), want, "{filter:?}");
        }
    }

    #[test]
    fn filtered_sample_counts_match_the_report() {
        let (report, _) = check_and_fix(
            crate::SAMPLE,
            &Options::new(Date::new(2026, 11, 28).unwrap()),
        );
        for (code, totals) in &report.by_code {
            let filter = Filter {
                code: Some(*code),
                ..Filter::default()
            };
            let want = totals.errors + totals.warnings + totals.infos;
            assert_eq!(
                apply(&report.findings, &filter).len() as u64,
                want,
                "{code}"
            );
        }
        let errors = Filter {
            warnings: false,
            infos: false,
            ..Filter::default()
        };
        assert_eq!(
            apply(&report.findings, &errors).len() as u64,
            report.totals.errors
        );
    }

    #[test]
    fn columns_with_findings_follow_the_file() {
        let (report, _) = check_and_fix(
            crate::SAMPLE,
            &Options::new(Date::new(2026, 11, 28).unwrap()),
        );
        let columns = columns_with_findings(&report);
        assert_eq!(columns.len(), report.by_column.len());
        let positions: Vec<usize> = columns
            .iter()
            .map(|c| {
                report
                    .columns
                    .iter()
                    .position(|o| o == *c)
                    .unwrap_or(usize::MAX)
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] <= w[1]), "{columns:?}");
        assert_eq!(columns.first().map(|c| c.as_str()), Some("sourcedId"));
    }
}
