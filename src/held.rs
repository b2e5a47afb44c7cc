//! What the checking worker keeps of its last checks, and its answers about them: the page
//! holds the counts and the rows in view, never the findings (250,000 of them, 175 MB of the
//! page's heap when they crossed whole; see BENCHMARKS.md, issue 8).
//!
//! Plain Rust, tested natively; [`crate::worker`] wires it to the worker's messages.

use crate::filters::{self, Filter};
use crate::protocol::RowsAsk;
use crate::protocol::{
    BundleDone, Digest, Export, ExportKind, FindingKey, Query, Select, Selected, Window,
};
use rostercheck_core::bundle::{BundleFile, BundleReport, FileKind, RosterCounts};
use rostercheck_core::lookup::MAX_LINES;
use rostercheck_core::{Code, Edits, Report};
use std::collections::VecDeque;

/// The most findings one window holds (the table shows about 30 at a time).
pub const MAX_WINDOW: usize = 1_000;

/// The values of a column offered for mapping, at most (the most common first).
pub const MAPPABLE_VALUES: usize = 500;

/// How many checks are kept: the last, and the one before it, which the page goes back to
/// when a re-check is cancelled (the re-check then runs on, unwanted, in the worker).
const KEEP: usize = 2;

/// One check kept.
#[derive(Debug)]
struct Kept {
    /// The request's id.
    id: u64,
    /// What the page calls the file.
    name: String,
    /// The whole report, findings and all.
    report: Report,
    /// A bundle's files and roster, for the JSON report.
    bundle: Option<(Vec<BundleFile>, Option<RosterCounts>)>,
    /// The person's edits the check was made with: the file is read again with them.
    edits: Edits,
    /// The last filter asked for, and the indices of the findings that pass it.
    filtered: Option<(Filter, Vec<usize>)>,
}

/// What the worker reads the file again for (see [`Held::rows_wanted`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowsWanted {
    /// The lines of the rows wanted.
    pub lines: Vec<u64>,
    /// An ID whose every row is wanted.
    pub id: Option<String>,
    /// The person's edits the check was made with.
    pub edits: Edits,
}

/// The checks the worker keeps.
#[derive(Debug, Default)]
pub struct Held {
    checks: VecDeque<Kept>,
}

impl Held {
    /// Keeps check `id` (of the file the page calls `name`), and of the ones before it the
    /// check the page `shown` (its findings are on screen until this one is taken, or for good
    /// when this one's re-check was cancelled); gives back the report without the findings, and
    /// the digest the page shows of them.
    pub fn keep(
        &mut self,
        id: u64,
        name: &str,
        report: Report,
        bundle: Option<&BundleDone>,
        shown: Option<u64>,
        edits: &Edits,
    ) -> (Report, Digest) {
        let digest = digest(&report);
        let mut report = report;
        // A copy of everything but the findings, without copying them.
        let findings = std::mem::take(&mut report.findings);
        let lean = report.clone();
        report.findings = findings;
        self.checks.retain(|kept| kept.id != id);
        self.checks.push_back(Kept {
            id,
            name: name.to_owned(),
            report,
            bundle: bundle.map(|b| (b.files.clone(), b.roster)),
            edits: edits.clone(),
            filtered: None,
        });
        // The oldest go first, except the one shown.
        while self.checks.len() > KEEP {
            let Some(at) = (self.checks.iter()).position(|kept| Some(kept.id) != shown) else {
                break;
            };
            self.checks.remove(at);
        }
        (lean, digest)
    }

    /// The lines finding `ask.index` of check `ask.check` is about, and the ID whose every row
    /// is wanted (a duplicated ID: its later rows are the findings, its first row is found by
    /// its ID); `None` when the check is no longer kept or the finding is not about a row of
    /// the file checked.
    pub fn rows_wanted(&self, ask: &RowsAsk) -> Option<RowsWanted> {
        let kept = self.checks.iter().find(|kept| kept.id == ask.check)?;
        let findings = &kept.report.findings;
        let finding = (findings.get(ask.index))
            .filter(|finding| finding.line == ask.line && finding.code == ask.code)?;
        if finding.record.is_none() || finding.file.is_some() {
            return None;
        }
        let edits = kept.edits.clone();
        let Some(id) = finding
            .value
            .as_ref()
            .filter(|_| finding.code == Code::DuplicateId)
        else {
            return Some(RowsWanted {
                lines: vec![finding.line],
                id: None,
                edits,
            });
        };
        // The other rows of the ID: its later duplicates, and the copies of a row removed as
        // duplicate rows (keeping one row leaves them out too); the first is found by its ID.
        let same = (findings.iter())
            .filter(|f| {
                (f.code == Code::DuplicateId && f.value.as_ref() == Some(id))
                    || (f.code == Code::DuplicateRow && f.sourced_id.as_ref() == Some(id))
            })
            .map(|f| f.line)
            .filter(|&line| line != finding.line)
            .take(MAX_LINES - 1);
        let mut lines: Vec<u64> = std::iter::once(finding.line).chain(same).collect();
        lines.sort_unstable();
        Some(RowsWanted {
            lines,
            id: Some(id.clone()),
            edits,
        })
    }

    /// Lets every check go (another file is checked).
    pub fn forget(&mut self) {
        self.checks.clear();
    }

    /// The window `query` asks for; `None` when check `query.check` is no longer kept.
    pub fn window(&mut self, query: &Query) -> Option<Window> {
        let kept = self.checks.iter_mut().find(|kept| kept.id == query.check)?;
        let findings = &kept.report.findings;
        if kept
            .filtered
            .as_ref()
            .is_none_or(|(filter, _)| *filter != query.filter)
        {
            let passing = filters::apply(findings, &query.filter);
            kept.filtered = Some((query.filter.clone(), passing));
        }
        let list = kept
            .filtered
            .as_ref()
            .map_or(&[][..], |(_, list)| &list[..]);
        let end = query
            .end
            .min(list.len())
            .min(query.start.saturating_add(MAX_WINDOW));
        let start = query.start.min(end);
        let rows = (list[start..end].iter())
            .map(|&index| (index, findings[index].clone()))
            .collect();
        let at = |position: usize| Selected {
            index: list[position],
            position,
            finding: findings[list[position]].clone(),
        };
        let selected = match &query.select {
            None => None,
            Some(Select::At(position)) => list
                .len()
                .checked_sub(1)
                .map(|last| at((*position).min(last))),
            Some(Select::Same(key)) => (list.iter())
                .position(|&index| FindingKey::of(&findings[index]) == *key)
                .map(at),
        };
        Some(Window {
            check: query.check,
            filter: query.filter.clone(),
            matching: list.len(),
            start,
            rows,
            select: query.select.clone(),
            selected,
        })
    }

    /// The report file `export` asks for, as the CLI writes it; `None` when the check is no
    /// longer kept.
    pub fn export(&mut self, export: &Export) -> Option<Vec<u8>> {
        let kept = self
            .checks
            .iter_mut()
            .find(|kept| kept.id == export.check)?;
        Some(match export.kind {
            ExportKind::Csv => kept.report.findings_csv(),
            ExportKind::Json => report_json(kept).into_bytes(),
        })
    }
}

/// What the page shows of `report`'s findings.
pub fn digest(report: &Report) -> Digest {
    let mappable = crate::mapping::columns(&report.findings, &report.columns)
        .into_iter()
        .map(|column| {
            let mut values = crate::mapping::candidates(&report.findings, &column);
            // The most common first: beyond these, a list to choose from is no help, and the
            // digest would grow with the file.
            values.truncate(MAPPABLE_VALUES);
            (column, values)
        })
        .collect();
    Digest {
        findings: report.findings.len(),
        failure: crate::verdict::failure(report),
        verdict: crate::verdict::verdict(report),
        files: (filters::files_with_findings(report).into_iter())
            .map(|file| file.map(str::to_owned))
            .collect(),
        mappable,
        memory: 0,
    }
}

/// The JSON report, in the CLI's shape: for a bundle, each finding names its file and the
/// report ends with the files and the roster (found by review: the page's lacked them).
fn report_json(kept: &mut Kept) -> String {
    let Some((files, roster)) = &mut kept.bundle else {
        return kept.report.to_json(&kept.name);
    };
    // Lent to the bundle's report and given back: a second copy of 250,000 findings would
    // double the worker's memory for the moment of writing.
    let report = BundleReport {
        report: std::mem::take(&mut kept.report),
        files: std::mem::take(files),
        roster: *roster,
        manifest: None,
    };
    let demographics = (report.files.iter())
        .find(|f| f.used && f.kind == FileKind::Demographics)
        .map(|f| f.name.clone());
    let json = report.to_json(&kept.name, demographics.as_deref());
    kept.report = report.report;
    *files = report.files;
    json
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_core::{check_and_fix, Code, Date, Options};

    /// A file with `rows` rows, each with a sex the checker cannot fix: `rows` findings.
    fn report(rows: usize) -> Report {
        let mut input = String::from("sourcedId,birthDate,sex\n");
        for row in 0..rows {
            input.push_str(&format!("s{row},2015-01-01,Q\n"));
        }
        check_and_fix(
            input.as_bytes(),
            &Options::new(Date::new(2026, 11, 28).unwrap()),
        )
        .0
    }

    fn query(check: u64, start: usize, end: usize, select: Option<Select>) -> Query {
        Query {
            check,
            filter: Filter::default(),
            start,
            end,
            select,
        }
    }

    #[test]
    fn windows_are_bounded_and_select_by_place_or_by_finding() {
        let whole = report(3_000);
        let mut held = Held::default();
        let (lean, digest) = held.keep(1, "d.csv", whole.clone(), None, None, &Edits::default());
        assert!(lean.findings.is_empty());
        assert_eq!(lean.totals, whole.totals);
        assert_eq!(digest.findings, whole.findings.len());

        let window = held.window(&query(1, 100, 5_000, None)).unwrap();
        assert_eq!(window.matching, whole.findings.len());
        assert_eq!(window.start, 100);
        assert_eq!(window.rows.len(), MAX_WINDOW);
        assert_eq!(window.rows[0], (100, whole.findings[100].clone()));
        assert!(window.covers(1, &Filter::default(), 100, 1_100));
        assert!(!window.covers(1, &Filter::default(), 99, 200));
        assert!(!window.covers(2, &Filter::default(), 100, 200));

        // Past the end: an empty window at the end, and the last finding when asked by place.
        let end = held
            .window(&query(1, 9_000, 9_100, Some(Select::At(9_050))))
            .unwrap();
        assert!(end.rows.is_empty());
        let last = end.selected.unwrap();
        assert_eq!(last.position, whole.findings.len() - 1);
        assert_eq!(last.finding, *whole.findings.last().unwrap());

        // By finding, under a filter: found only where the filter lists it.
        let sex = whole
            .findings
            .iter()
            .position(|f| f.code == Code::InvalidSex)
            .unwrap();
        let key = FindingKey::of(&whole.findings[sex]);
        let mut only_sex = query(1, 0, 10, Some(Select::Same(key.clone())));
        only_sex.filter.code = Some(Code::InvalidSex);
        let found = held.window(&only_sex).unwrap().selected.unwrap();
        assert_eq!((found.index, found.position), (sex, 0));
        only_sex.filter.code = Some(Code::InvalidFoodService);
        assert_eq!(held.window(&only_sex).unwrap().selected, None);
    }

    #[test]
    fn the_values_to_map_are_the_most_common_and_bounded() {
        let mut input = String::from("sourcedId,birthDate,sex\n");
        for row in 0..(MAPPABLE_VALUES + 100) {
            input.push_str(&format!("s{row},2015-01-01,Q{row}\n"));
        }
        input.push_str("x1,2015-01-01,Q7\n");
        let report = check_and_fix(
            input.as_bytes(),
            &Options::new(Date::new(2026, 11, 28).unwrap()),
        )
        .0;
        let digest = digest(&report);
        let (column, values) = &digest.mappable[0];
        assert_eq!(column, "sex");
        assert_eq!(values.len(), MAPPABLE_VALUES);
        assert_eq!((values[0].value.as_str(), values[0].rows), ("Q7", 2));
    }

    #[test]
    fn the_last_two_checks_are_kept_and_exports_are_the_cli_s() {
        let mut held = Held::default();
        for id in 1..=3 {
            held.keep(
                id,
                "d.csv",
                report(id as usize),
                None,
                None,
                &Edits::default(),
            );
        }
        assert!(
            held.window(&query(1, 0, 10, None)).is_none(),
            "the oldest is let go"
        );
        assert_eq!(
            held.window(&query(2, 0, 10, None)).unwrap().matching,
            report(2).findings.len()
        );
        let csv = held
            .export(&Export {
                check: 3,
                kind: ExportKind::Csv,
            })
            .unwrap();
        assert_eq!(csv, report(3).findings_csv());
        let json = held
            .export(&Export {
                check: 3,
                kind: ExportKind::Json,
            })
            .unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), report(3).to_json("d.csv"));
        assert!(held
            .export(&Export {
                check: 1,
                kind: ExportKind::Csv
            })
            .is_none());
        held.forget();
        assert!(held.window(&query(3, 0, 10, None)).is_none());
    }

    #[test]
    fn the_check_shown_is_kept_through_cancelled_re_checks() {
        // The page shows check 1; re-checks 2, 3 and 4 are cancelled one after another, each
        // finishing unwanted in the worker.
        let mut held = Held::default();
        held.keep(1, "d.csv", report(1), None, None, &Edits::default());
        for id in 2..=4 {
            held.keep(
                id,
                "d.csv",
                report(id as usize),
                None,
                Some(1),
                &Edits::default(),
            );
        }
        assert_eq!(
            held.window(&query(1, 0, 10, None)).unwrap().matching,
            report(1).findings.len(),
            "the check on screen is still answered for"
        );
        assert!(held.window(&query(4, 0, 10, None)).is_some());
        assert!(held.window(&query(2, 0, 10, None)).is_none());
        assert!(held.window(&query(3, 0, 10, None)).is_none());
    }

    #[test]
    fn the_rows_a_finding_is_about_are_wanted_with_the_persons_edits() {
        // Line 4 written again; line 6 a copy of line 2 (a duplicate row, removed).
        let input = "sourcedId,sex\n7,Q\n7,male\n8,\"m\"ale\n7,female\n7,Q\n";
        let mut options = Options::new(Date::new(2026, 11, 28).unwrap());
        options.edits.lines.insert(2, "8,\"ma\"\"le\"".into());
        let (whole, _) = check_and_fix(input.as_bytes(), &options);
        let mut held = Held::default();
        held.keep(1, "d.csv", whole.clone(), None, None, &options.edits);
        let at = |code: Code| {
            let (index, finding) = (whole.findings.iter().enumerate())
                .find(|(_, f)| f.code == code)
                .unwrap();
            RowsAsk {
                check: 1,
                index,
                line: finding.line,
                code,
            }
        };
        assert_eq!(
            held.rows_wanted(&at(Code::DuplicateId)),
            Some(RowsWanted {
                lines: vec![3, 5, 6],
                id: Some("7".into()),
                edits: options.edits.clone()
            })
        );
        assert_eq!(
            held.rows_wanted(&at(Code::InvalidSex))
                .map(|w| (w.lines, w.id)),
            Some((vec![2], None))
        );
        let not_kept = RowsAsk {
            check: 2,
            ..at(Code::InvalidSex)
        };
        assert_eq!(held.rows_wanted(&not_kept), None, "not kept");
        // Asked for the finding of another check at the same place: not answered.
        let stale = RowsAsk {
            line: 99,
            ..at(Code::InvalidSex)
        };
        assert_eq!(held.rows_wanted(&stale), None, "another finding");
    }
}
