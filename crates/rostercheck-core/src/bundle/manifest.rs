//! manifest.csv: `propertyName,value` lines. The version is read (1.1 and 1.2; 1.0 explained),
//! every `file.*` value must be `absent`, `bulk` or `delta`, and `file.demographics` must agree
//! with demographics.csv — absent while it is in the bundle, bulk while its rows carry status
//! and dateLastModified, delta while none does — each with its one fix when there is one. A
//! corrected manifest is every line of the manifest as it was read, values fixed.

use super::reader::TableReader;
use crate::columns::Column;
use crate::finding::{Code, Detail, Finding, Fix, ManifestProblem, Severity};
use crate::report::Report;
use crate::rules::{About, Stage};
use crate::sink::{self, Draft};
use crate::writer::push_record;

/// The registry entry of this stage.
pub(crate) const STAGE: Stage = Stage {
    name: "manifest",
    about: About::File,
    codes: &[
        Code::MissingManifest,
        Code::ManifestVersion,
        Code::ManifestMode,
        Code::ManifestDemographics,
    ],
};

/// A manifest larger than this is not one (a real one is about 1 KB): only this much is read,
/// and a manifest cut there is not corrected.
pub(crate) const MAX_BYTES: usize = 1 << 20;

/// One property: where it is among the records, its line, name and value.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Property {
    record: usize,
    line: u64,
    name: String,
    value: String,
}

/// A manifest.csv, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Every record as read (the header, lines without a name, extra fields), written back
    /// as they are when the manifest is corrected (found by review: they were dropped).
    records: Vec<Vec<String>>,
    properties: Vec<Property>,
    crlf: bool,
    /// Read whole (not cut at [`MAX_BYTES`]): only then is it corrected.
    whole: bool,
}

const MODES: [&str; 3] = ["absent", "bulk", "delta"];

impl Manifest {
    /// Reads manifest.csv (the header line is skipped when it is `propertyName,value`); `whole`
    /// is false when the bytes are only its start.
    pub fn read(bytes: &[u8], whole: bool) -> Manifest {
        let mut manifest = Manifest {
            crlf: memchr::memmem::find(bytes, b"\r\n").is_some(),
            whole,
            ..Manifest::default()
        };
        let mut reader = TableReader::default();
        reader.feed(bytes, true, &mut |index, text| {
            let fields: Vec<String> = (0..text.len())
                .map(|i| text.field(i).into_owned())
                .collect();
            let record = manifest.records.len();
            let name = fields
                .first()
                .map(|n| n.trim().to_owned())
                .unwrap_or_default();
            let value = fields
                .get(1)
                .map(|v| v.trim().to_owned())
                .unwrap_or_default();
            manifest.records.push(fields);
            if (index == 0 && name.eq_ignore_ascii_case("propertyName")) || name.is_empty() {
                return;
            }
            manifest.properties.push(Property {
                record,
                line: text.record.line,
                name,
                value,
            });
        });
        manifest
    }

    /// How many properties.
    pub fn len(&self) -> usize {
        self.properties.len()
    }

    /// True when it has none.
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
    }

    /// The value of property `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        (self.properties.iter())
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    }

    /// Sets property `index`'s value, in the record too.
    fn set(&mut self, index: usize, value: &str) {
        let property = &mut self.properties[index];
        property.value = value.to_owned();
        let record = &mut self.records[property.record];
        if record.len() < 2 {
            record.resize(2, String::new());
        }
        record[1] = value.to_owned();
    }

    /// The findings about this manifest (named `file`) in a bundle of the files `present`
    /// (their names), with `demographics` the check of demographics.csv when the bundle has
    /// one; and the manifest corrected, when a fix changed it.
    pub(crate) fn check(
        &self,
        file: &str,
        present: &[&str],
        demographics: Option<&Report>,
    ) -> (Vec<Finding>, Option<Vec<u8>>) {
        let mut found = Vec::new();
        let mut fixed = self.clone();
        let at = |line| Draft::new(Code::ManifestVersion, Severity::Error, line).file(Some(file));
        match self
            .properties
            .iter()
            .find(|p| p.name == "oneroster.version")
        {
            None => found.push(sink::finding(
                Draft {
                    severity: Severity::Warning,
                    ..at(1)
                }
                .detail(Detail::Manifest(ManifestProblem::NoVersion)),
            )),
            Some(p) if p.value == "1.1" || p.value == "1.2" => {}
            Some(p) => {
                let problem = match p.value.as_str() {
                    "1.0" => ManifestProblem::Version10,
                    _ => ManifestProblem::UnknownVersion,
                };
                found.push(sink::finding(
                    at(p.line)
                        .value(Some(&p.value))
                        .detail(Detail::Manifest(problem)),
                ));
            }
        }
        for (index, p) in self.properties.iter().enumerate() {
            let Some(table) = p.name.strip_prefix("file.") else {
                continue;
            };
            // file.demographics beside demographics.csv: its rows say (below).
            if MODES.contains(&p.value.as_str())
                || (table == "demographics" && demographics.is_some())
            {
                continue;
            }
            let csv = format!("{table}.csv");
            let in_bundle = present.iter().any(|name| name.eq_ignore_ascii_case(&csv));
            // One answer: the value in other case, or absent for a file the bundle lacks.
            let (answer, detail) = match MODES.iter().find(|m| m.eq_ignore_ascii_case(&p.value)) {
                Some(mode) => (Some(*mode), Detail::Manifest(ManifestProblem::ModeCase)),
                None => ((!in_bundle).then_some("absent"), Detail::None),
            };
            if let Some(answer) = answer {
                fixed.set(index, answer);
            }
            found.push(mode_finding(file, p, answer, detail));
        }
        self.check_demographics(file, demographics, &mut fixed, &mut found);
        let corrected = (fixed != *self && self.whole).then(|| fixed.write());
        (found, corrected)
    }

    fn check_demographics(
        &self,
        file: &str,
        demographics: Option<&Report>,
        fixed: &mut Manifest,
        found: &mut Vec<Finding>,
    ) {
        let listed = (self.properties.iter()).position(|p| p.name == "file.demographics");
        let mode = demographics.map(rows_mode);
        let written = listed.map(|i| self.properties[i].value.as_str());
        // A mode in another case is that mode; the rows tell what it should be.
        let said = written.and_then(|v| MODES.iter().find(|m| m.eq_ignore_ascii_case(v)).copied());
        let line = listed.map_or(1, |i| self.properties[i].line);
        let problem = match (written, said, mode) {
            (Some(_), None, Some(_)) => Some(ManifestProblem::ModeFromRows),
            (_, Some("bulk" | "delta"), None) => Some(ManifestProblem::ListedButMissing),
            (_, Some("absent"), Some(_)) => Some(ManifestProblem::AbsentButPresent),
            (_, Some("bulk"), Some(Some("delta"))) => Some(ManifestProblem::BulkWithDelta),
            (_, Some("delta"), Some(Some("bulk"))) => Some(ManifestProblem::DeltaWithBulk),
            (None, _, Some(_)) => Some(ManifestProblem::NotListed),
            _ => None,
        };
        let Some(problem) = problem else {
            // Right, but in another case.
            if let (Some(i), Some(said), Some(written)) = (listed, said, written) {
                if said != written && mode.is_some() {
                    fixed.set(i, said);
                    let detail = Detail::Manifest(ManifestProblem::ModeCase);
                    found.push(mode_finding(file, &self.properties[i], Some(said), detail));
                }
            }
            return;
        };
        // The mode the rows show is the one answer; rows of both modes have none.
        let answer = mode
            .flatten()
            .filter(|_| problem != ManifestProblem::ListedButMissing);
        if let Some(answer) = answer {
            match listed {
                Some(i) => fixed.set(i, answer),
                None => {
                    fixed
                        .records
                        .push(vec!["file.demographics".into(), answer.into()]);
                    fixed.properties.push(Property {
                        record: fixed.records.len() - 1,
                        line: 0,
                        name: "file.demographics".into(),
                        value: answer.to_owned(),
                    });
                }
            }
        }
        if problem == ManifestProblem::ModeFromRows {
            let property = &self.properties[listed.unwrap_or_default()];
            let detail = match answer {
                Some(_) => Detail::Manifest(problem),
                None => Detail::None,
            };
            found.push(mode_finding(file, property, answer, detail));
            return;
        }
        // Fixed, a warning; an error is what is left for a person (as everywhere).
        let severity = match (problem, answer) {
            (ManifestProblem::NotListed, _) | (_, Some(_)) => Severity::Warning,
            _ => Severity::Error,
        };
        let draft = Draft::new(Code::ManifestDemographics, severity, line)
            .file(Some(file))
            .value(written)
            .fix(answer.map(|a| Fix::SetProperty(a.to_owned())))
            .detail(Detail::Manifest(problem));
        found.push(sink::finding(draft));
    }

    /// The manifest as a file: every record as it was read, values fixed, with the line
    /// endings it had (and `propertyName,value` first when it had no header).
    pub fn write(&self) -> Vec<u8> {
        let end: &[u8] = if self.crlf { b"\r\n" } else { b"\n" };
        let mut out = Vec::new();
        let has_header = (self.records.first())
            .and_then(|r| r.first())
            .is_some_and(|name| name.trim().eq_ignore_ascii_case("propertyName"));
        if !has_header {
            push_record(&mut out, ["propertyName", "value"]);
            out.extend_from_slice(end);
        }
        for record in &self.records {
            push_record(&mut out, record.iter().map(String::as_str));
            out.extend_from_slice(end);
        }
        out
    }
}

/// A `manifest-mode` finding on `property`, with its fix when there is one.
fn mode_finding(file: &str, property: &Property, answer: Option<&str>, detail: Detail) -> Finding {
    // Fixed, a warning; an error is what is left for a person (as everywhere).
    let severity = match answer {
        Some(_) => Severity::Warning,
        None => Severity::Error,
    };
    let draft = Draft::new(Code::ManifestMode, severity, property.line)
        .file(Some(file))
        .column(Some(&property.name))
        .value(Some(&property.value))
        .fix(answer.map(|a| Fix::SetProperty(a.to_owned())))
        .detail(detail);
    sink::finding(draft)
}

/// The mode demographics.csv's rows are in, as corrected: `bulk` (no status or
/// dateLastModified), `delta` (every row has both), or `None` (both kinds).
fn rows_mode(report: &Report) -> Option<&'static str> {
    let filled = |column: Column| {
        (report.columns.iter())
            .position(|c| c == column.name())
            .map_or(0, |i| report.filled[i])
    };
    let (status, modified) = (filled(Column::Status), filled(Column::DateLastModified));
    if report.rows_out == 0 {
        None
    } else if status == 0 && modified == 0 {
        Some("bulk")
    } else if status == report.rows_out && modified == report.rows_out {
        Some("delta")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(status: u64, modified: u64, rows: u64) -> Report {
        Report {
            columns: vec![
                "sourcedId".into(),
                "status".into(),
                "dateLastModified".into(),
            ],
            filled: vec![rows, status, modified],
            rows_out: rows,
            ..Report::default()
        }
    }

    fn codes(found: &[Finding]) -> Vec<(Code, u64, Option<String>)> {
        let fix = |f: &Finding| f.fix.as_ref().map(|x| x.display().to_owned());
        found.iter().map(|f| (f.code, f.line, fix(f))).collect()
    }

    const GOOD: &[u8] = b"propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\nfile.users,bulk\r\nfile.demographics,bulk\r\nfile.orgs,absent\r\n";

    #[test]
    fn a_corrected_manifest_keeps_every_line_and_field() {
        let text = b"propertyName,value,note\n\noneroster.version,1.1,x\n,orphan\nfile.demographics,Delta,\"a, b\"\n";
        let manifest = Manifest::read(text, true);
        let present = ["demographics.csv"];
        let (found, fixed) = manifest.check("m.csv", &present, Some(&report(0, 0, 2)));
        assert_eq!(
            codes(&found),
            [(Code::ManifestDemographics, 5, Some("bulk".into()))]
        );
        let fixed = String::from_utf8(fixed.unwrap()).unwrap();
        assert_eq!(fixed, "propertyName,value,note\n\noneroster.version,1.1,x\n,orphan\nfile.demographics,bulk,\"a, b\"\n");
        // A value that is no mode gets the rows' mode; a manifest cut short is not corrected.
        let odd = Manifest::read(b"oneroster.version,1.2\nfile.demographics,yes\n", false);
        let (found, fixed) = odd.check("m.csv", &present, Some(&report(2, 2, 2)));
        assert_eq!(
            codes(&found),
            [(Code::ManifestMode, 2, Some("delta".into()))]
        );
        assert!(
            found[0]
                .message
                .contains("The rows of demographics.csv are delta"),
            "{}",
            found[0].message
        );
        assert_eq!(fixed, None);
    }

    #[test]
    fn a_good_manifest_has_no_findings() {
        let manifest = Manifest::read(GOOD, true);
        assert_eq!(manifest.len(), 5);
        assert_eq!(manifest.get("oneroster.version"), Some("1.1"));
        let present = ["users.csv", "demographics.csv"];
        let (found, fixed) = manifest.check("manifest.csv", &present, Some(&report(0, 0, 5)));
        assert_eq!(codes(&found), []);
        assert_eq!(fixed, None);
    }

    #[test]
    fn demographics_mode_disagreements_get_the_rows_mode() {
        let manifest = Manifest::read(GOOD, true);
        let present = ["users.csv", "demographics.csv"];
        let (found, fixed) = manifest.check("manifest.csv", &present, Some(&report(5, 5, 5)));
        assert_eq!(
            codes(&found),
            [(Code::ManifestDemographics, 5, Some("delta".into()))]
        );
        let fixed = String::from_utf8(fixed.unwrap()).unwrap();
        assert!(fixed.contains("\r\nfile.demographics,delta\r\n"), "{fixed}");
        assert!(fixed.starts_with("propertyName,value\r\nmanifest.version,1.0\r\n"));
        // Rows of both kinds: no answer (bulk-delta-mixed says why).
        let (found, fixed) = manifest.check("manifest.csv", &present, Some(&report(2, 5, 5)));
        assert_eq!(codes(&found), []);
        assert_eq!(fixed, None);
        // Listed as present, but missing.
        let (found, _) = manifest.check("manifest.csv", &["users.csv"], None);
        assert_eq!(codes(&found), [(Code::ManifestDemographics, 5, None)]);
    }

    #[test]
    fn absent_or_unlisted_demographics_and_bad_modes() {
        let text = b"propertyName,value\noneroster.version,1.0\nfile.demographics,absent\nfile.orgs,\nfile.users,Bulk\nfile.enrollments,yes\n";
        let manifest = Manifest::read(text, true);
        let present = ["users.csv", "demographics.csv", "enrollments.csv"];
        let (found, fixed) = manifest.check("m.csv", &present, Some(&report(0, 0, 3)));
        assert_eq!(
            codes(&found),
            [
                (Code::ManifestVersion, 2, None),
                (Code::ManifestMode, 4, Some("absent".into())),
                (Code::ManifestMode, 5, Some("bulk".into())),
                (Code::ManifestMode, 6, None),
                (Code::ManifestDemographics, 3, Some("bulk".into())),
            ]
        );
        assert!(found.iter().all(|f| f.file.as_deref() == Some("m.csv")));
        assert!(found[0].message.contains("1.0"), "{}", found[0].message);
        let fixed = String::from_utf8(fixed.unwrap()).unwrap();
        assert_eq!(fixed, "propertyName,value\noneroster.version,1.0\nfile.demographics,bulk\nfile.orgs,absent\nfile.users,bulk\nfile.enrollments,yes\n");
        let unlisted = Manifest::read(b"propertyName,value\noneroster.version,1.2\n", true);
        let (found, fixed) = unlisted.check("m.csv", &present, Some(&report(3, 3, 3)));
        assert_eq!(
            codes(&found),
            [(Code::ManifestDemographics, 1, Some("delta".into()))]
        );
        assert!(String::from_utf8(fixed.unwrap())
            .unwrap()
            .ends_with("file.demographics,delta\n"));
        let (found, _) = Manifest::read(b"propertyName,value\n", true).check("m.csv", &[], None);
        assert_eq!(codes(&found), [(Code::ManifestVersion, 1, None)]);
    }
}
