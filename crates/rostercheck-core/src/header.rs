//! The header: what each input column is, and the order columns are written in.

use crate::columns::{Column, STANDARD_COLUMNS};
use crate::finding::{Code, Fix, Severity};

/// What a header name resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly a known column name.
    Exact(Column),
    /// A known name in another case or spacing (`header-case`).
    Case(Column),
    /// An older or non-standard name (`header-alias`).
    Alias(Column),
    /// A `metadata.*` extension ClassLink passes through.
    Extension,
    /// An empty name.
    Blank,
    /// Anything else.
    Unknown,
}

/// Lower case without spaces, `_`, `-` and `.`: "Metadata_English Learner-Status" → "metadataenglishlearnerstatus".
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The canonical names squashed, and the metadata names without `metadata.`, squashed.
struct CanonicalKeys {
    names: Vec<(String, Column)>,
    metadata: Vec<(String, Column)>,
}

/// Made once: squashing every canonical name for every header name made a 100,000-column
/// header take 4.9 s (measured; 56 s in a debug build), nearly all of it in `squash`; 0.25 s now.
fn canonical_keys() -> &'static CanonicalKeys {
    static KEYS: std::sync::OnceLock<CanonicalKeys> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| CanonicalKeys {
        names: Column::ALL.iter().map(|&c| (squash(c.name()), c)).collect(),
        metadata: Column::ALL[STANDARD_COLUMNS..]
            .iter()
            .map(|&c| (squash(&c.name()["metadata.".len()..]), c))
            .collect(),
    })
}

/// Resolves one header name (already trimmed).
pub fn resolve(name: &str) -> Resolution {
    if name.is_empty() {
        return Resolution::Blank;
    }
    if let Some(column) = Column::from_name(name) {
        return Resolution::Exact(column);
    }
    // OneRoster 1.0 names that differ from the 1.1 ones only in case are aliases, not typos.
    match name {
        "birthdate" => return Resolution::Alias(Column::BirthDate),
        "userSourcedId" => return Resolution::Alias(Column::SourcedId),
        _ => {}
    }
    let key = squash(name);
    let keys = canonical_keys();
    if let Some(&(_, column)) = keys.names.iter().find(|(k, _)| *k == key) {
        return Resolution::Case(column);
    }
    let alias = match key.as_str() {
        "usersourcedid" | "studentsourcedid" => Some(Column::SourcedId),
        "datalastmodified" | "datemodified" | "lastmodified" => Some(Column::DateLastModified),
        _ => {
            let bare = key.strip_prefix("ext").unwrap_or(&key);
            keys.metadata
                .iter()
                .find(|(k, _)| k == bare)
                .map(|&(_, column)| column)
        }
    };
    if let Some(column) = alias {
        return Resolution::Alias(column);
    }
    if name.starts_with("metadata.") {
        Resolution::Extension
    } else {
        Resolution::Unknown
    }
}

/// One column of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputColumn {
    /// The name as written (trimmed).
    pub name: String,
    /// The known column it is, if any (not for a second copy of a column).
    pub column: Option<Column>,
    /// Its position in the output, or `None` when it is dropped.
    pub output: Option<usize>,
}

/// One column of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputColumn {
    /// The header written.
    pub name: String,
    /// The known column it is, if any.
    pub column: Option<Column>,
    /// The input column its values come from (`None`: added, empty).
    pub source: Option<usize>,
}

/// A header finding before it gets a line and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderIssue {
    /// The code.
    pub code: Code,
    /// How bad.
    pub severity: Severity,
    /// The column (canonical name, or as written).
    pub column: Option<String>,
    /// The name as written.
    pub value: Option<String>,
    /// The fix.
    pub fix: Option<Fix>,
}

impl HeaderIssue {
    fn new(code: Code, severity: Severity, column: Option<String>) -> HeaderIssue {
        HeaderIssue {
            code,
            severity,
            column,
            value: None,
            fix: None,
        }
    }

    fn value(mut self, value: &str) -> HeaderIssue {
        self.value = Some(value.to_owned());
        self
    }

    fn fix(mut self, fix: Option<Fix>) -> HeaderIssue {
        self.fix = fix;
        self
    }
}

/// How the input's columns map to the output's.
#[derive(Debug, Clone)]
pub struct HeaderPlan {
    /// Per input column.
    pub input: Vec<InputColumn>,
    /// Per output column, in output order.
    pub output: Vec<OutputColumn>,
    /// Input columns without a name (dropped unless they hold data).
    pub blank: Vec<usize>,
    /// What is wrong with the header.
    pub issues: Vec<HeaderIssue>,
}

impl HeaderPlan {
    /// Plans the output from the header names. Blank-named columns are dropped unless listed in
    /// `keep_blank` (the checker learns which hold data only at the end of the file, and reports
    /// `blank-header` then).
    pub fn new(names: &[String], keep_blank: &[usize]) -> HeaderPlan {
        let mut plan = HeaderPlan {
            input: Vec::with_capacity(names.len()),
            output: Vec::new(),
            blank: Vec::new(),
            issues: Vec::new(),
        };
        let mut known = [None; Column::ALL.len()];
        for (index, name) in names.iter().enumerate() {
            plan.read_column(index, name, &mut known);
        }
        plan.plan_known(&known);
        plan.plan_rest(&known, keep_blank);
        plan.order_issue(names);
        plan
    }

    /// One input column: what it is, and what is wrong with its name.
    fn read_column(&mut self, index: usize, name: &str, known: &mut Known) {
        let resolution = resolve(name);
        let mut column = match resolution {
            Resolution::Exact(c) | Resolution::Case(c) | Resolution::Alias(c) => Some(c),
            _ => None,
        };
        if let Some(c) = column {
            let canonical = Some(c.name().to_owned());
            if known[c.index()].is_some() {
                let issue = HeaderIssue::new(Code::DuplicateColumn, Severity::Error, canonical);
                self.issues.push(issue.value(name));
                column = None;
            } else {
                known[c.index()] = Some(index);
                let code = match resolution {
                    Resolution::Case(_) => Some(Code::HeaderCase),
                    Resolution::Alias(_) => Some(Code::HeaderAlias),
                    _ => None,
                };
                if let Some(code) = code {
                    let fix = Some(Fix::RenameColumn(c.name().into()));
                    let issue = HeaderIssue::new(code, Severity::Warning, canonical);
                    self.issues.push(issue.value(name).fix(fix));
                }
            }
        }
        if resolution == Resolution::Blank {
            self.blank.push(index);
        }
        self.input.push(InputColumn {
            name: name.to_owned(),
            column,
            output: None,
        });
    }

    /// The known columns in canonical order; the 16 standard ones are added when missing.
    fn plan_known(&mut self, known: &Known) {
        for c in Column::ALL {
            let source = known[c.index()];
            if source.is_none() && !c.is_standard() {
                continue;
            }
            if source.is_none() {
                let name = Some(c.name().to_owned());
                self.issues.push(if c == Column::SourcedId {
                    HeaderIssue::new(Code::MissingRequiredColumn, Severity::Error, name)
                } else {
                    HeaderIssue::new(Code::MissingStandardColumn, Severity::Info, name)
                        .fix(Some(Fix::AddColumn))
                });
            }
            self.output.push(OutputColumn {
                name: c.name().into(),
                column: Some(c),
                source,
            });
        }
    }

    /// After the known columns: metadata.* extensions, other columns (with `unknown-column`),
    /// then blank-named columns that hold data.
    fn plan_rest(&mut self, known: &Known, keep_blank: &[usize]) {
        let rest = |wanted: &dyn Fn(&InputColumn, usize) -> bool| -> Vec<usize> {
            let unknown = self.input.iter().enumerate();
            let unknown = unknown.filter(|(i, col)| col.column.is_none() && wanted(col, *i));
            unknown.map(|(i, _)| i).collect()
        };
        let extensions = rest(&|col, _| resolve(&col.name) == Resolution::Extension);
        let others = rest(&|col, _| {
            !matches!(
                resolve(&col.name),
                Resolution::Extension | Resolution::Blank
            ) || is_duplicate(col, known)
        });
        let kept_blank =
            rest(&|col, i| resolve(&col.name) == Resolution::Blank && keep_blank.contains(&i));
        let last_known = known.iter().flatten().max().copied();
        for &i in others
            .iter()
            .filter(|&&i| !is_duplicate(&self.input[i], known))
        {
            let name = self.input[i].name.clone();
            let moved = last_known.is_some_and(|last| last > i);
            let issue = HeaderIssue::new(Code::UnknownColumn, Severity::Warning, Some(name));
            let issue = issue
                .value(&self.input[i].name)
                .fix(moved.then_some(Fix::MoveColumn));
            self.issues.push(issue);
        }
        for i in extensions.into_iter().chain(others).chain(kept_blank) {
            self.output.push(OutputColumn {
                name: self.input[i].name.clone(),
                column: None,
                source: Some(i),
            });
        }
        for (position, out) in self.output.iter().enumerate() {
            if let Some(source) = out.source {
                self.input[source].output = Some(position);
            }
        }
    }

    /// `column-order` when the known columns are not in the canonical order.
    fn order_issue(&mut self, names: &[String]) {
        let known_sources: Vec<usize> = self
            .output
            .iter()
            .filter(|o| o.column.is_some())
            .filter_map(|o| o.source)
            .collect();
        if known_sources.windows(2).any(|w| w[0] > w[1]) {
            let issue = HeaderIssue::new(Code::ColumnOrder, Severity::Info, None);
            let issue = issue.value(&names.join(",")).fix(Some(Fix::ReorderColumns));
            self.issues.push(issue);
        }
    }

    /// True when the output has the input's columns in the input's order under the same names.
    #[cfg(test)]
    pub fn is_identity(&self) -> bool {
        self.keeps_positions()
            && (self.output.iter())
                .zip(&self.input)
                .all(|(o, i)| o.name == i.name)
    }

    /// True when the output has the input's columns in the input's order, renamed or not: a
    /// row is then written field for field as read.
    pub fn keeps_positions(&self) -> bool {
        self.output.len() == self.input.len()
            && (self.output.iter().enumerate()).all(|(i, o)| o.source == Some(i))
    }
}

/// The input index of each known column.
type Known = [Option<usize>; Column::ALL.len()];

/// A second copy of a known column (its `column` was cleared).
fn is_duplicate(col: &InputColumn, known: &Known) -> bool {
    col.column.is_none()
        && match resolve(&col.name) {
            Resolution::Exact(c) | Resolution::Case(c) | Resolution::Alias(c) => {
                known[c.index()].is_some()
            }
            _ => false,
        }
}

/// When the header is some other roster file: what it looks like.
pub fn foreign_format(names: &[String]) -> Option<&'static str> {
    let has = |wanted: &str| names.iter().any(|n| n.eq_ignore_ascii_case(wanted));
    if has("raceCodes") || has("ethnicityCodes") || (has("birthCity") && has("birthCountry")) {
        return Some("This looks like a Microsoft School Data Sync (SDS v2.1) demographics file, not OneRoster: race and ethnicity are code lists instead of the seven true/false columns.");
    }
    if has("propertyName") {
        return Some("This is a OneRoster manifest.csv, not demographics.csv.");
    }
    if has("givenName") || has("familyName") || has("enabledUser") || has("username") {
        return Some("This looks like a OneRoster users.csv, not demographics.csv.");
    }
    if has("classSourcedId") || has("roleType") || has("userProfileId") {
        return Some("This looks like another OneRoster file (enrollments, roles or user profiles), not demographics.csv.");
    }
    let known = names
        .iter()
        .filter(|n| !matches!(resolve(n), Resolution::Unknown | Resolution::Blank))
        .count();
    if known <= 1 && names.len() >= 3 {
        return Some("This does not look like a OneRoster demographics.csv: almost none of its columns are demographics columns.");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &str) -> Vec<String> {
        list.split(',').map(String::from).collect()
    }

    #[test]
    fn resolutions() {
        let cases: &[(&str, Resolution)] = &[
            ("sourcedId", Resolution::Exact(Column::SourcedId)),
            ("SourcedID", Resolution::Case(Column::SourcedId)),
            ("Sex", Resolution::Case(Column::Sex)),
            (
                "metadata.EnglishLearnerStatus",
                Resolution::Case(Column::EnglishLearnerStatus),
            ),
            (
                "Metadata_English_Learner_Status",
                Resolution::Case(Column::EnglishLearnerStatus),
            ),
            ("userSourcedId", Resolution::Alias(Column::SourcedId)),
            ("birthdate", Resolution::Alias(Column::BirthDate)),
            ("BirthDate", Resolution::Case(Column::BirthDate)),
            (
                "dataLastModified",
                Resolution::Alias(Column::DateLastModified),
            ),
            ("dateModified", Resolution::Alias(Column::DateLastModified)),
            (
                "englishLearnerStatus",
                Resolution::Alias(Column::EnglishLearnerStatus),
            ),
            ("titleI", Resolution::Alias(Column::TitleI)),
            ("ext_iepStatus", Resolution::Alias(Column::IepStatus)),
            ("metadata.phoneticGivenName", Resolution::Extension),
            ("", Resolution::Blank),
            ("grade", Resolution::Unknown),
        ];
        for (name, expected) in cases {
            assert_eq!(resolve(name), *expected, "{name}");
        }
    }

    #[test]
    fn canonical_header_is_identity() {
        let all: Vec<String> = Column::ALL.iter().map(|c| c.name().to_string()).collect();
        let plan = HeaderPlan::new(&all, &[]);
        assert!(plan.is_identity());
        assert!(plan.issues.is_empty());
        let standard = all[..16].to_vec();
        assert!(HeaderPlan::new(&standard, &[]).is_identity());
        let upper: Vec<String> = standard.iter().map(|n| n.to_uppercase()).collect();
        let renamed = HeaderPlan::new(&upper, &[]);
        assert!(renamed.keeps_positions() && !renamed.is_identity());
        assert!(!HeaderPlan::new(&names("SourcedID,Sex"), &[]).keeps_positions());
    }

    #[test]
    fn reorders_adds_and_moves() {
        let plan = HeaderPlan::new(&names("grade,sex,SourcedID,metadata.x"), &[]);
        let out: Vec<&str> = plan.output.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(out.len(), 16 + 2);
        assert_eq!(out[0], "sourcedId");
        assert_eq!(&out[16..], ["metadata.x", "grade"]);
        let codes: Vec<Code> = plan.issues.iter().map(|i| i.code).collect();
        assert!(codes.contains(&Code::HeaderCase));
        assert!(codes.contains(&Code::UnknownColumn));
        assert!(codes.contains(&Code::ColumnOrder));
        assert_eq!(
            codes
                .iter()
                .filter(|c| **c == Code::MissingStandardColumn)
                .count(),
            14
        );
    }

    #[test]
    fn duplicates_and_blanks() {
        let plan = HeaderPlan::new(&names("sourcedId,sex,Sex,"), &[]);
        let codes: Vec<Code> = plan.issues.iter().map(|i| i.code).collect();
        assert!(codes.contains(&Code::DuplicateColumn));
        // The blank is noted; `blank-header` is reported by the table stage when the file ends
        // (tests/file.rs), once it is known whether the column holds data.
        assert_eq!(plan.blank, [3]);
        assert_eq!(plan.output.last().map(|o| o.name.as_str()), Some("Sex"));
        assert_eq!(plan.input[3].output, None);
        let kept = HeaderPlan::new(&names("sourcedId,sex,Sex,"), &[3]);
        assert_eq!(kept.output.last().map(|o| o.source), Some(Some(3)));
    }

    #[test]
    fn foreign_formats() {
        assert!(foreign_format(&names("userSourcedId,sex,birthDate,birthCity,birthState,birthCountry,ethnicityCodes,raceCodes")).is_some());
        assert!(
            foreign_format(&names("sourcedId,status,enabledUser,givenName,familyName")).is_some()
        );
        assert!(foreign_format(&names("sourcedId,sex,birthDate")).is_none());
    }
}
