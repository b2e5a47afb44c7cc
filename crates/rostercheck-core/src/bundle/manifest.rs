//! manifest.csv: `propertyName,value` lines. The version is read (1.1 and 1.2; 1.0 explained),
//! every `file.*` value must be `absent`, `bulk` or `delta`, and `file.demographics` must agree
//! with demographics.csv — absent while it is in the bundle, bulk while its rows carry status
//! and dateLastModified, delta while none does — each with its one fix when there is one.

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

/// A manifest larger than this is not one (a real one is about 1 KB): only this much is read.
pub(crate) const MAX_BYTES: usize = 1 << 20;

/// One property: its line, name and value.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Property {
    line: u64,
    name: String,
    value: String,
}

/// A manifest.csv, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    properties: Vec<Property>,
    crlf: bool,
}

const MODES: [&str; 3] = ["absent", "bulk", "delta"];

impl Manifest {
    /// Reads manifest.csv (the header line is skipped when it is `propertyName,value`).
    pub fn read(bytes: &[u8]) -> Manifest {
        let mut manifest = Manifest {
            crlf: memchr::memmem::find(bytes, b"\r\n").is_some(),
            ..Manifest::default()
        };
        let mut reader = TableReader::default();
        reader.feed(bytes, true, &mut |index, text| {
            let field = |i: usize| (i < text.len()).then(|| text.field(i).trim().to_owned());
            let (Some(name), value) = (field(0), field(1)) else {
                return;
            };
            if index == 0 && name.eq_ignore_ascii_case("propertyName") || name.is_empty() {
                return;
            }
            manifest.properties.push(Property {
                line: text.record.line,
                name,
                value: value.unwrap_or_default(),
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

    /// The findings about this manifest (named `file`) in a bundle of the files `present`
    /// (their OneRoster names), with `demographics` the check of demographics.csv when the
    /// bundle has one; and the manifest corrected, when a fix changed it.
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
            if MODES.contains(&p.value.as_str()) {
                continue;
            }
            let csv = format!("{table}.csv");
            let in_bundle = present.iter().any(|name| name.eq_ignore_ascii_case(&csv));
            // One answer: the value in other case, or absent for a file the bundle lacks.
            let answer = (MODES.iter())
                .find(|mode| mode.eq_ignore_ascii_case(&p.value))
                .copied()
                .or((!in_bundle).then_some("absent"));
            if let Some(answer) = answer {
                fixed.properties[index].value = answer.to_owned();
            }
            let draft = Draft::new(Code::ManifestMode, Severity::Error, p.line)
                .file(Some(file))
                .column(Some(&p.name))
                .value(Some(&p.value))
                .fix(answer.map(|a| Fix::SetProperty(a.to_owned())));
            found.push(sink::finding(draft));
        }
        self.check_demographics(file, demographics, &mut fixed, &mut found);
        let corrected = (fixed != *self).then(|| fixed.write());
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
        let said = listed.map(|i| fixed.properties[i].value.clone());
        let line = listed.map_or(1, |i| self.properties[i].line);
        let mode = demographics.map(rows_mode);
        let problem = match (said.as_deref(), mode) {
            (Some("bulk" | "delta"), None) => Some(ManifestProblem::ListedButMissing),
            (Some("absent"), Some(_)) => Some(ManifestProblem::AbsentButPresent),
            (Some("bulk"), Some(Some("delta"))) => Some(ManifestProblem::BulkWithDelta),
            (Some("delta"), Some(Some("bulk"))) => Some(ManifestProblem::DeltaWithBulk),
            (None, Some(_)) => Some(ManifestProblem::NotListed),
            _ => None,
        };
        let Some(problem) = problem else {
            return;
        };
        // The mode the rows show is the one answer; rows of both modes have none.
        let answer = mode
            .flatten()
            .filter(|_| problem != ManifestProblem::ListedButMissing);
        if let Some(answer) = answer {
            match listed {
                Some(i) => fixed.properties[i].value = answer.to_owned(),
                None => fixed.properties.push(Property {
                    line: 0,
                    name: "file.demographics".into(),
                    value: answer.to_owned(),
                }),
            }
        }
        let severity = match problem {
            ManifestProblem::NotListed => Severity::Warning,
            _ => Severity::Error,
        };
        let draft = Draft::new(Code::ManifestDemographics, severity, line)
            .file(Some(file))
            .value(said.as_deref())
            .fix(answer.map(|a| Fix::SetProperty(a.to_owned())))
            .detail(Detail::Manifest(problem));
        found.push(sink::finding(draft));
    }

    /// The manifest as a file: `propertyName,value`, then each property, with the line endings
    /// it had.
    pub fn write(&self) -> Vec<u8> {
        let end: &[u8] = if self.crlf { b"\r\n" } else { b"\n" };
        let mut out = Vec::new();
        push_record(&mut out, ["propertyName", "value"]);
        out.extend_from_slice(end);
        for p in &self.properties {
            push_record(&mut out, [p.name.as_str(), p.value.as_str()]);
            out.extend_from_slice(end);
        }
        out
    }
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
    fn a_good_manifest_has_no_findings() {
        let manifest = Manifest::read(GOOD);
        assert_eq!(manifest.len(), 5);
        assert_eq!(manifest.get("oneroster.version"), Some("1.1"));
        let present = ["users.csv", "demographics.csv"];
        let (found, fixed) = manifest.check("manifest.csv", &present, Some(&report(0, 0, 5)));
        assert_eq!(codes(&found), []);
        assert_eq!(fixed, None);
    }

    #[test]
    fn demographics_mode_disagreements_get_the_rows_mode() {
        let manifest = Manifest::read(GOOD);
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
        let manifest = Manifest::read(text);
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
        let unlisted = Manifest::read(b"propertyName,value\noneroster.version,1.2\n");
        let (found, fixed) = unlisted.check("m.csv", &present, Some(&report(3, 3, 3)));
        assert_eq!(
            codes(&found),
            [(Code::ManifestDemographics, 1, Some("delta".into()))]
        );
        assert!(String::from_utf8(fixed.unwrap())
            .unwrap()
            .ends_with("file.demographics,delta\n"));
        let (found, _) = Manifest::read(b"propertyName,value\n").check("m.csv", &[], None);
        assert_eq!(codes(&found), [(Code::ManifestVersion, 1, None)]);
    }
}
