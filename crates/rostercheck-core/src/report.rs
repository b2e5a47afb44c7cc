//! The result of a check: findings, counts, and what the corrected file looks like.

use crate::answers::Question;
use crate::decisions::Decision;
use crate::finding::{Code, Encoding, Finding, Severity};
use crate::messages::{done_message, Done};
use crate::rules::formula::is_formula_like;
use crate::writer::{push_record, LineEnding};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Counts of findings by severity, and of fixes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Errors: problems a person must resolve.
    pub errors: u64,
    /// Warnings.
    pub warnings: u64,
    /// Infos.
    pub infos: u64,
    /// Findings that carry a fix.
    pub fixes: u64,
}

impl Totals {
    /// Counts one finding.
    pub fn add(&mut self, severity: Severity, fixed: bool) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
        self.fixes += u64::from(fixed);
    }
}

/// Everything the checker found out about a file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The findings kept (all of them unless `Options::max_findings` was reached), by line.
    pub findings: Vec<Finding>,
    /// True when more findings exist than were kept; `totals` still counts all.
    pub truncated: bool,
    /// Counts over all findings.
    pub totals: Totals,
    /// Counts per code, over all findings.
    pub by_code: BTreeMap<Code, Totals>,
    /// Counts per column, over all findings that name one.
    pub by_column: BTreeMap<String, Totals>,
    /// Data rows read (the header is not counted; excluded rows are).
    pub rows: u64,
    /// Data rows in the corrected file.
    pub rows_out: u64,
    /// Rows the person excluded.
    pub excluded: u64,
    /// Data rows that were blank (removed; one `blank-row` finding per run of them).
    #[serde(default)]
    pub blank_rows: u64,
    /// Header of the corrected file.
    pub columns: Vec<String>,
    /// Per output column: rows of the corrected file with a value in it.
    pub filled: Vec<u64>,
    /// The input's encoding.
    pub encoding: Encoding,
    /// The input's delimiter.
    pub delimiter: char,
    /// The line ending written.
    pub line_ending: LineEnding,
    /// False when the bytes are not a CSV at all (`not-csv`): there is no corrected file.
    pub readable: bool,
    /// The questions only a person can answer, with the rows that wait for each (see
    /// [`crate::Answers`]).
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// The answers the check applied, as `KEY=ANSWER` (the audit trail of the person's
    /// decisions).
    #[serde(default)]
    pub answers: Vec<String>,
    /// What the person's own edits changed (the audit trail of their edits; left out of the
    /// CLI's JSON when there are none, see [`Report::json_end`]). Always serialised here: the
    /// page's messages are bincode, which cannot skip a field.
    #[serde(default)]
    pub audit: Audit,
}

/// What a person's edits changed: where, from what, to what. Values and places only — the
/// report carries no names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    /// Each cell the person changed.
    pub cells: Vec<CellChange>,
    /// Each column-wide replacement, with the rows it changed.
    pub maps: Vec<MapChange>,
    /// The lines of the rows the person left out.
    pub excluded: Vec<u64>,
    /// Each line the person wrote again as a whole.
    #[serde(default)]
    pub lines: Vec<LineChange>,
}

impl Audit {
    /// True when the person changed nothing.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
            && self.maps.is_empty()
            && self.excluded.is_empty()
            && self.lines.is_empty()
    }
}

/// A line a person wrote again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineChange {
    /// The line.
    pub line: u64,
    /// It as written in the file.
    pub from: String,
    /// It as the person wrote it.
    pub to: String,
}

/// A cell a person changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellChange {
    /// The line of its row.
    pub line: u64,
    /// Its column (canonical name).
    pub column: String,
    /// The value as written.
    pub from: String,
    /// The person's value.
    pub to: String,
}

/// A column-wide replacement a person made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapChange {
    /// The column.
    pub column: String,
    /// The value replaced.
    pub from: String,
    /// Its replacement.
    pub to: String,
    /// The rows it changed.
    pub rows: u64,
}

impl Report {
    /// Counts a finding made outside the check (the bundle's files) in the totals.
    pub fn count(&mut self, finding: &Finding) {
        let fixed = finding.fix.is_some();
        self.totals.add(finding.severity, fixed);
        (self.by_code.entry(finding.code).or_default()).add(finding.severity, fixed);
        // The columns counted are demographics.csv's.
        if let (Some(column), None) = (&finding.column, &finding.file) {
            (self.by_column.entry(column.clone()).or_default()).add(finding.severity, fixed);
        }
    }

    /// True when errors remain after fixes (the CLI exits 1).
    pub fn has_errors(&self) -> bool {
        self.totals.errors > 0
    }

    /// Share of corrected rows with a value in `column` (0.0–1.0), if the column is written.
    pub fn completeness(&self, column: &str) -> Option<f64> {
        let index = self.columns.iter().position(|c| c == column)?;
        Some(if self.rows_out == 0 {
            0.0
        } else {
            self.filled[index] as f64 / self.rows_out as f64
        })
    }

    /// The report as the CLI's JSON object (public API: fields are added, never renamed).
    pub fn to_json(&self, file: &str) -> String {
        let mut out = json_start(file);
        for (i, finding) in self.findings.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&finding.to_json());
        }
        out.push_str(&self.json_end());
        out
    }

    /// What closes the JSON object [`json_start`] opened, after the findings: the counts.
    pub fn json_end(&self) -> String {
        #[derive(Serialize)]
        struct JsonCounts<'a> {
            rows: u64,
            errors: u64,
            warnings: u64,
            infos: u64,
            fixes: u64,
            rows_out: u64,
            excluded: u64,
            blank_rows: u64,
            encoding: &'a str,
            delimiter: String,
            columns: &'a [String],
            truncated: bool,
            decisions: &'a [Decision],
            answers: &'a [String],
            // Only from the page, where a person edits (the CLI's JSON is unchanged).
            #[serde(skip_serializing_if = "Audit::is_empty")]
            audit: &'a Audit,
        }
        let counts = JsonCounts {
            rows: self.rows,
            errors: self.totals.errors,
            warnings: self.totals.warnings,
            infos: self.totals.infos,
            fixes: self.totals.fixes,
            rows_out: self.rows_out,
            excluded: self.excluded,
            blank_rows: self.blank_rows,
            encoding: self.encoding.name(),
            delimiter: self.delimiter.to_string(),
            columns: &self.columns,
            truncated: self.truncated,
            decisions: &self.decisions,
            answers: &self.answers,
            audit: &self.audit,
        };
        let fields = serde_json::to_string(&counts).unwrap_or_else(|_| "{}".into());
        // `{"rows":...}` becomes `],"rows":...}`: the counts follow the findings.
        format!("],{}", fields.strip_prefix('{').unwrap_or(&fields))
    }

    /// The findings as a CSV a person can open in Excel safely: cells that a spreadsheet would
    /// run as a formula are prefixed with `'`.
    ///
    /// It starts with a UTF-8 byte-order mark: without one, Excel on Windows reads the file as
    /// Windows-1252 and shows "§" as "Â§".
    pub fn findings_csv(&self) -> Vec<u8> {
        let mut out = b"\xEF\xBB\xBF".to_vec();
        push_record(
            &mut out,
            [
                "line",
                "record",
                "sourcedId",
                "column",
                "severity",
                "code",
                "value",
                "fix",
                "message",
                "source",
                "decision",
                "file",
                "cell",
            ],
        );
        out.extend_from_slice(b"\r\n");
        for f in &self.findings {
            let line = f.line.to_string();
            let record = f.record.map(|r| r.to_string()).unwrap_or_default();
            let cells = [
                line.as_str(),
                record.as_str(),
                f.sourced_id.as_deref().unwrap_or(""),
                f.column.as_deref().unwrap_or(""),
                f.severity.as_str(),
                f.code.as_str(),
                f.value.as_deref().unwrap_or(""),
                f.fix.as_ref().map(|x| x.display()).unwrap_or(""),
                f.message.as_str(),
                f.code.source(),
                f.decision.as_deref().unwrap_or(""),
                f.file.as_deref().unwrap_or(""),
                f.cell.as_deref().unwrap_or(""),
            ];
            push_safe_row(&mut out, &cells);
        }
        self.push_audit_rows(&mut out);
        out
    }

    /// The audit trail after the findings, one row each, with severity `edit`: the answers
    /// given, then the person's own cells, column replacements and rows left out — what
    /// changed, where, from → to (`value` → `fix`). Values and places only, no names.
    fn push_audit_rows(&self, out: &mut Vec<u8>) {
        let mut push = |line: String,
                        column: &str,
                        code: &str,
                        from: &str,
                        to: &str,
                        message: String,
                        decision: &str| {
            let cells = [
                line.as_str(),
                "",
                "",
                column,
                "edit",
                code,
                from,
                to,
                &message,
                "",
                decision,
                "",
                "",
            ];
            push_safe_row(out, &cells);
        };
        for given in &self.answers {
            // Split as `Answers::give` splits it: a value in a key may hold `=`.
            let (key, answer) = given.rsplit_once('=').unwrap_or((given, ""));
            let question = Question::parse(key);
            let message = done_message(Done::Answered {
                key,
                question,
                answer,
            });
            // The column and the value asked about in their own cells, for a filter in Excel.
            let (column, value) = match question {
                Some(Question::Value { column, value }) => (column, value),
                Some(Question::DateOrder(column)) => (column, ""),
                _ => ("", ""),
            };
            push(String::new(), column, "answer", value, answer, message, key);
        }
        for cell in &self.audit.cells {
            let (column, from, to) = (cell.column.as_str(), cell.from.as_str(), cell.to.as_str());
            let message = done_message(Done::Cell { column, from, to });
            push(
                cell.line.to_string(),
                column,
                "cell-edited",
                from,
                to,
                message,
                "",
            );
        }
        for map in &self.audit.maps {
            let (column, from, to) = (map.column.as_str(), map.from.as_str(), map.to.as_str());
            let message = done_message(Done::Map {
                column,
                from,
                to,
                rows: map.rows,
            });
            push(
                String::new(),
                column,
                "column-edited",
                from,
                to,
                message,
                "",
            );
        }
        for changed in &self.audit.lines {
            let (from, to) = (changed.from.as_str(), changed.to.as_str());
            let message = done_message(Done::Line);
            push(
                changed.line.to_string(),
                "",
                "line-edited",
                from,
                to,
                message,
                "",
            );
        }
        for line in &self.audit.excluded {
            push(
                line.to_string(),
                "",
                "row-left-out",
                "",
                "",
                done_message(Done::LeftOut),
                "",
            );
        }
    }
}

/// One row of the report CSV, each cell neutralised for Excel, ended by CRLF.
fn push_safe_row(out: &mut Vec<u8>, cells: &[&str]) {
    let safe: Vec<String> = cells.iter().map(|c| neutralise(c)).collect();
    push_record(out, safe.iter().map(String::as_str));
    out.extend_from_slice(b"\r\n");
}

/// Opens the CLI's JSON object: the file's name, then the findings (each [`Finding::to_json`],
/// separated by commas) and [`Report::json_end`]. The findings can so be written as they are
/// made, in bounded memory.
pub fn json_start(file: &str) -> String {
    let name = serde_json::to_string(file).unwrap_or_else(|_| "\"\"".into());
    format!("{{\"file\":{name},\"findings\":[")
}

impl Finding {
    /// The finding as a JSON object of the CLI's report.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = self.write_json(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Writes the finding as [`Finding::to_json`] does, with no string in between (the CLI
    /// writes a million of them). Written by hand rather than through a derived `Serialize`:
    /// serde_json escapes a string byte by byte, which was a fifth of the instructions of
    /// `rostercheck check --format json` on the Excel-style file (callgrind, 100,000 rows);
    /// here a string with nothing to escape (nearly all) is copied in one piece, and any other
    /// is still escaped by serde_json, so the bytes are the same.
    pub fn write_json(&self, out: impl std::io::Write) -> std::io::Result<()> {
        self.write_json_in(out, None)
    }

    /// As [`Finding::write_json`], in a bundle: a finding of the demographics file checked
    /// (`file` is `None`) is given `default_file`, its name in the bundle.
    // Inlined into the CLI's JSON writer, its hot caller (callgrind, `check --format json` on
    // 100,000 Excel-style rows: as a call of its own, with its writes, 19 M more instructions).
    #[inline(always)]
    pub fn write_json_in(
        &self,
        mut out: impl std::io::Write,
        default_file: Option<&str>,
    ) -> std::io::Result<()> {
        let out = &mut out;
        out.write_all(b"{\"code\":")?;
        json_string(out, self.code.as_str())?;
        out.write_all(b",\"severity\":")?;
        json_string(out, self.severity.as_str())?;
        out.write_all(b",\"line\":")?;
        json_number(out, Some(self.line))?;
        out.write_all(b",\"record\":")?;
        json_number(out, self.record)?;
        let fix = self.fix.as_ref();
        let optional: [(&[u8], Option<&str>); 4] = [
            (b",\"column\":", self.column.as_deref()),
            (b",\"value\":", self.value.as_deref()),
            (b",\"fix\":", fix.map(|fix| fix.display())),
            (b",\"fix_action\":", fix.map(|fix| fix.action())),
        ];
        for (name, value) in optional {
            out.write_all(name)?;
            match value {
                Some(value) => json_string(out, value)?,
                None => out.write_all(b"null")?,
            }
        }
        out.write_all(b",\"message\":")?;
        json_string(out, &self.message)?;
        out.write_all(b",\"source\":")?;
        json_string(out, self.code.source())?;
        // Left out when there is none (fields added after the contract was first published).
        let added: [(&[u8], Option<&str>); 4] = [
            (b",\"sourced_id\":", self.sourced_id.as_deref()),
            (b",\"decision\":", self.decision.as_deref()),
            (b",\"file\":", self.file.as_deref().or(default_file)),
            (b",\"cell\":", self.cell.as_deref()),
        ];
        for (name, value) in added {
            if let Some(value) = value {
                out.write_all(name)?;
                json_string(out, value)?;
            }
        }
        out.write_all(b"}")
    }
}

/// `text` as a JSON string, as serde_json writes it.
fn json_string(out: &mut impl std::io::Write, text: &str) -> std::io::Result<()> {
    // One pass without early exit, which the compiler vectorises.
    let escaped = (text.bytes()).fold(false, |any, b| {
        any | (b == b'"') | (b == b'\\') | (b < 0x20)
    });
    if escaped {
        return serde_json::to_writer(out, text).map_err(std::io::Error::from);
    }
    out.write_all(b"\"")?;
    out.write_all(text.as_bytes())?;
    out.write_all(b"\"")
}

/// A number, or `null`.
fn json_number(out: &mut impl std::io::Write, number: Option<u64>) -> std::io::Result<()> {
    match number {
        Some(number) => out.write_all(itoa::Buffer::new().format(number).as_bytes()),
        None => out.write_all(b"null"),
    }
}

/// A cell a spreadsheet would run as a formula gets a leading `'`.
pub fn neutralise(cell: &str) -> String {
    if is_formula_like(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Fix;

    /// The JSON written by hand is what serde_json writes for the same fields, escapes included.
    #[test]
    fn findings_in_json_are_what_serde_json_writes() {
        #[derive(Serialize)]
        struct Derived<'a> {
            code: Code,
            severity: Severity,
            line: u64,
            record: Option<u64>,
            column: Option<&'a str>,
            value: Option<&'a str>,
            fix: Option<&'a str>,
            fix_action: Option<&'static str>,
            message: &'a str,
            source: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            sourced_id: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            decision: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            file: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            cell: Option<&'a str>,
        }
        let texts = [
            "",
            "plain",
            "a \"quote\"",
            "back\\slash",
            "tab\tand\nline",
            "\u{1}\u{1F}\u{7F}",
            "José ⟨U+202E⟩ \u{202E}",
        ];
        for (i, text) in texts.iter().enumerate() {
            let some = |s: &str| (i % 2 == 0).then(|| s.to_owned());
            let finding = Finding {
                code: Code::Whitespace,
                severity: Severity::Warning,
                line: 7 + i as u64,
                record: (i % 3 != 0).then_some(i as u64 * 1_000_000_007),
                column: some(text),
                value: Some(text.to_string()),
                fix: (i % 3 != 1).then(|| Fix::Value(text.to_string().into())),
                message: format!("{text} was {text}"),
                sourced_id: some(text),
                decision: (i % 4 == 0).then(|| text.to_string()),
                file: (i % 5 == 1).then(|| text.to_string()),
                cell: (i % 2 == 1).then(|| format!("'{text}'!C14")),
            };
            let derived = Derived {
                code: finding.code,
                severity: finding.severity,
                line: finding.line,
                record: finding.record,
                column: finding.column.as_deref(),
                value: finding.value.as_deref(),
                fix: finding.fix.as_ref().map(Fix::display),
                fix_action: finding.fix.as_ref().map(Fix::action),
                message: &finding.message,
                source: finding.code.source(),
                sourced_id: finding.sourced_id.as_deref(),
                decision: finding.decision.as_deref(),
                file: finding.file.as_deref(),
                cell: finding.cell.as_deref(),
            };
            let expected = serde_json::to_string(&derived).unwrap();
            assert_eq!(finding.to_json(), expected, "{text:?}");
        }
    }

    #[test]
    fn neutralises_formulas() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(1)"), "'@SUM(1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("plain"), "plain");
    }

    #[test]
    fn the_report_csv_ends_with_the_audit_trail_of_answers_and_edits() {
        let report = Report {
            answers: vec![
                "value:metadata.eligibilityStatusForSchoolFoodServicePrograms:F=Free".into(),
                // A value may hold `=`: the answer is after the last one.
                "value:cityOfBirth:a=b=Austin".into(),
            ],
            audit: Audit {
                cells: vec![CellChange {
                    line: 9,
                    column: "sex".into(),
                    from: "X".into(),
                    to: "=female".into(),
                }],
                maps: vec![MapChange {
                    column: "metadata.homeLanguage".into(),
                    from: "Spanish".into(),
                    to: "spa".into(),
                    rows: 1200,
                }],
                excluded: vec![4, 12],
                lines: vec![LineChange {
                    line: 7,
                    from: "1,\"a\"b".into(),
                    to: "1,\"a\"\"b\"".into(),
                }],
            },
            ..Report::default()
        };
        let csv = String::from_utf8(report.findings_csv()).unwrap();
        let rows: Vec<&str> = csv.trim_end().split("\r\n").skip(1).collect();
        assert_eq!(
            rows,
            [
                ",,,metadata.eligibilityStatusForSchoolFoodServicePrograms,edit,answer,F,Free,\"Answered: \"\"F\"\" in metadata.eligibilityStatusForSchoolFoodServicePrograms means Free.\",,value:metadata.eligibilityStatusForSchoolFoodServicePrograms:F,,",
                ",,,cityOfBirth,edit,answer,a=b,Austin,\"Answered: \"\"a=b\"\" in cityOfBirth means Austin.\",,value:cityOfBirth:a=b,,",
                // A person's value is neutralised like any other.
                "9,,,sex,edit,cell-edited,X,'=female,\"Edited by hand: sex \"\"X\"\" set to \"\"=female\"\".\",,,,",
                ",,,metadata.homeLanguage,edit,column-edited,Spanish,spa,\"Replaced by hand in the whole column: metadata.homeLanguage \"\"Spanish\"\" set to \"\"spa\"\" in 1,200 rows.\",,,,",
                "7,,,,edit,line-edited,\"1,\"\"a\"\"b\",\"1,\"\"a\"\"\"\"b\"\"\",The line written again by hand.,,,,",
                "4,,,,edit,row-left-out,,,Left out of the corrected file by hand.,,,,",
                "12,,,,edit,row-left-out,,,Left out of the corrected file by hand.,,,,",
            ]
        );
        // Nothing done, nothing added.
        assert_eq!(
            Report::default()
                .findings_csv()
                .split(|&b| b == b'\n')
                .count(),
            2
        );
    }

    #[test]
    fn every_formula_injection_variant_is_neutralised_in_the_report_csv() {
        let variants = [
            "=1+1",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "\u{FF1D}1+1",
            "\u{FF0B}1",
            "\u{FF0D}1",
            "\u{FF20}SUM(A1)",
            "=cmd|' /C calc'!A0",
            "=HYPERLINK(\"http://x\",\"y\")",
        ];
        for variant in variants {
            let finding = Finding {
                code: Code::FormulaLikeValue,
                severity: Severity::Warning,
                line: 2,
                record: Some(0),
                column: Some("cityOfBirth".into()),
                value: Some(variant.into()),
                fix: None,
                message: variant.into(),
                sourced_id: Some(variant.into()),
                decision: None,
                file: Some(variant.into()),
                cell: Some(variant.into()),
            };
            let report = Report {
                findings: vec![finding],
                ..Report::default()
            };
            let csv = String::from_utf8(report.findings_csv()).unwrap();
            let row = csv.lines().nth(1).unwrap_or("");
            for cell in row.split(',') {
                let cell = cell.trim_start_matches('"');
                assert!(!is_formula_like(cell), "{variant:?}: {row:?}");
            }
        }
    }
}
