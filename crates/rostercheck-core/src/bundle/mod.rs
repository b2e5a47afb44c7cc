//! The whole OneRoster bundle: a zip, a folder or several CSV files. Each file is recognised
//! by its header (then its name); users.csv (and roles.csv in 1.2) become the set of users that
//! every demographics row is looked up in (`roster`); manifest.csv is read and checked against
//! the files (`manifest`); a zip is read in memory with limits (`archive`) and written back
//! with the corrected demographics.csv and every other member as it was.
//!
//! The check of demographics.csv itself is the usual [`crate::Checker`], given the users
//! through [`crate::Options::users`]: callers stream it as they stream a demographics.csv
//! alone, between [`Bundle::open`] and [`Bundle::finish`].

pub(crate) mod archive;
pub(crate) mod manifest;
pub(crate) mod reader;
pub(crate) mod roster;
pub(crate) mod users;

pub use archive::{refusal, write_zip, Archive, Stamp, ZipLimits};
pub use manifest::Manifest;
pub use users::{MissingList, RolesReader, RosterCounts, Users, UsersReader};

use crate::columns::Column;
use crate::finding::{Code, Detail, Finding, Fix, Severity};
use crate::header::{foreign_format, resolve, Resolution};
use crate::options::Options;
use crate::passes::{check_and_fix_pieces, each_piece, Pieces};
use crate::report::Report;
use crate::rules::{About, Stage};
use crate::sink::{self, Draft};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::sync::Arc;

/// The registry entry of the intake: what the bundle holds.
pub(crate) const STAGE: Stage = Stage {
    name: "bundle",
    about: About::File,
    codes: &[
        Code::MissingUsersFile,
        Code::MissingDemographicsFile,
        Code::DuplicateFile,
        Code::FileNameCase,
        Code::NotOneRoster,
    ],
};

/// What a file of the bundle is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// demographics.csv: checked.
    Demographics,
    /// users.csv: the users every demographics row must be.
    Users,
    /// roles.csv (OneRoster 1.2): who is a student.
    Roles,
    /// manifest.csv: the version and each file's mode.
    Manifest,
    /// Another OneRoster file (orgs.csv, enrollments.csv, …): listed, not checked.
    #[serde(rename = "other-oneroster")]
    OtherOneRoster,
    /// Not a OneRoster CSV file.
    #[serde(rename = "not-oneroster")]
    NotOneRoster,
}

impl FileKind {
    /// The name OneRoster gives the file, for the kinds that are read.
    pub fn canonical_name(self) -> Option<&'static str> {
        match self {
            FileKind::Demographics => Some("demographics.csv"),
            FileKind::Users => Some("users.csv"),
            FileKind::Roles => Some("roles.csv"),
            FileKind::Manifest => Some("manifest.csv"),
            FileKind::OtherOneRoster | FileKind::NotOneRoster => None,
        }
    }

    /// What a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Demographics => "demographics",
            FileKind::Users => "users",
            FileKind::Roles => "roles",
            FileKind::Manifest => "manifest",
            FileKind::OtherOneRoster => "other OneRoster file",
            FileKind::NotOneRoster => "not OneRoster",
        }
    }
}

/// The OneRoster 1.1 and 1.2 CSV file names (without `.csv`).
const ONEROSTER_FILES: [&str; 21] = [
    "academicSessions",
    "categories",
    "classes",
    "classResources",
    "courses",
    "courseResources",
    "demographics",
    "enrollments",
    "lineItems",
    "manifest",
    "orgs",
    "resources",
    "results",
    "users",
    "roles",
    "userProfiles",
    "scoreScales",
    "lineItemLearningObjectiveIds",
    "lineItemScoreScales",
    "resultLearningObjectiveIds",
    "resultScoreScales",
];

/// The OneRoster file `name` is (`Demographics.CSV` → `demographics.csv`), by its base name.
pub(crate) fn oneroster_name(name: &str) -> Option<String> {
    let base = base_name(name);
    let stem = base.get(..base.len().checked_sub(4)?)?;
    if !base[stem.len()..].eq_ignore_ascii_case(".csv") {
        return None;
    }
    ONEROSTER_FILES
        .iter()
        .find(|file| file.eq_ignore_ascii_case(stem))
        .map(|file| format!("{file}.csv"))
}

/// The part of a path after its last `/` (or `\`).
pub(crate) fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// What a file is, from its first bytes (its header) and then its name.
pub fn recognise(name: &str, head: &[u8]) -> FileKind {
    let by_name = oneroster_name(name);
    let named = |file: &str| by_name.as_deref() == Some(file);
    let Some(header) = header_of(head) else {
        // Not text, or no header line: the name alone says what it was meant to be.
        return match by_name.as_deref() {
            Some("demographics.csv") => FileKind::Demographics,
            Some(_) | None => FileKind::NotOneRoster,
        };
    };
    let has = |wanted: &str| header.iter().any(|n| n.eq_ignore_ascii_case(wanted));
    if has("propertyName") && has("value") {
        return FileKind::Manifest;
    }
    if has("userSourcedId") && has("roleType") {
        return FileKind::Roles;
    }
    let id = has("sourcedId") || has("userSourcedId");
    // Columns only demographics.csv has (every OneRoster file has sourcedId, status and
    // dateLastModified; orgs.csv may have metadata.* columns of its own).
    let common = [Column::SourcedId, Column::Status, Column::DateLastModified];
    let demographic = (header.iter())
        .filter(|n| match resolve(n) {
            Resolution::Exact(c) | Resolution::Case(c) | Resolution::Alias(c) => {
                !common.contains(&c)
            }
            _ => false,
        })
        .count();
    // Two demographics columns (birthDate, sex, a race flag…) make it demographics, even with
    // the students' names in it (found by review: such a file was taken for users.csv).
    if id && demographic >= 2 {
        return FileKind::Demographics;
    }
    let user_columns = ["givenName", "familyName", "enabledUser", "username", "role"];
    let user_like = user_columns.iter().filter(|c| has(c)).count();
    if has("sourcedId") && (user_like >= 2 || (named("users.csv") && demographic == 0)) {
        return FileKind::Users;
    }
    if id && demographic >= 1 && foreign_format(&header).is_none() {
        return FileKind::Demographics;
    }
    if named("demographics.csv") {
        // Checked, so the person learns what is wrong with it.
        return FileKind::Demographics;
    }
    if by_name.is_some() || (has("sourcedId") && has("status") && has("dateLastModified")) {
        return FileKind::OtherOneRoster;
    }
    FileKind::NotOneRoster
}

/// The header's names, cleaned, when `head` starts with a line of text.
fn header_of(head: &[u8]) -> Option<Vec<String>> {
    let mut header = None;
    let mut reader = reader::TableReader::default();
    reader.feed(head, true, &mut |index, text| {
        if index == 0 {
            let names = (0..text.len()).map(|i| text.field(i).trim().to_owned());
            header = Some(names.collect::<Vec<_>>());
        }
    });
    header.filter(|names| reader.readable() && names.iter().any(|n| !n.is_empty()))
}

/// True when `head` (a file's first bytes, 256 are enough) is a zip that may be a bundle: a
/// zip, but not a workbook or a document, whose first member is its content types (Office)
/// or its mimetype (OpenDocument). Those are told apart by the check of one file.
pub fn is_bundle_zip(head: &[u8]) -> bool {
    if !(head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")) {
        return false;
    }
    let length = head
        .get(26..28)
        .map_or(0, |l| usize::from(u16::from_le_bytes([l[0], l[1]])));
    let first = head.get(30..30 + length).unwrap_or(b"");
    !(first == b"[Content_Types].xml" || first == b"mimetype" || first.starts_with(b"xl/"))
}

/// How many bytes of each file are read to recognise it.
pub const HEAD_BYTES: usize = 64 * 1024;

/// The files of a bundle, in order: a zip's members ([`Archive`]), a folder's files or the files
/// given. Each is read from its start as often as needed.
pub trait Files {
    /// How many files.
    fn len(&self) -> usize;
    /// True when there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The name of file `index` as findings show it (the member's path, or the path given).
    fn name(&self, index: usize) -> &str;
    /// File `index`'s bytes, from the start.
    fn open(&mut self, index: usize) -> std::io::Result<Box<dyn Read + '_>>;
    /// When file `index` was last changed, if known (kept in a corrected zip).
    fn modified(&self, _index: usize) -> Option<Stamp> {
        None
    }
    /// File `index`'s size in bytes, if known.
    fn size(&self, _index: usize) -> Option<u64> {
        None
    }
}

/// Files held in memory: `(name, bytes)`.
impl Files for Vec<(String, Vec<u8>)> {
    fn len(&self) -> usize {
        <[_]>::len(self)
    }

    fn name(&self, index: usize) -> &str {
        &self[index].0
    }

    fn open(&mut self, index: usize) -> std::io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(&self[index].1[..]))
    }
}

/// One file of the bundle, as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleFile {
    /// Its name (a zip's member path, or the path given).
    pub name: String,
    /// What it was recognised as.
    pub kind: FileKind,
    /// Its data rows, for the files read (demographics, users, roles, manifest).
    pub rows: Option<u64>,
    /// Its name in the corrected bundle (OneRoster's name for the files read, at the root).
    pub output_name: String,
    /// True when it is the file of its kind that was used (not a second copy).
    pub used: bool,
}

/// What the bundle holds, read before demographics.csv is checked: the users, the manifest,
/// and the findings about the files themselves.
#[derive(Debug)]
pub struct Bundle {
    files: Vec<BundleFile>,
    /// The findings about the files (all kept, for the counts) and how many were taken.
    findings: Vec<Finding>,
    taken: usize,
    users: Option<Arc<Users>>,
    manifest: Option<(usize, Manifest)>,
    demographics: Option<usize>,
}

/// The `missing-users-file` finding for a file that is named, or looks like, users.csv but
/// gives no users.
fn unreadable_users(name: &str) -> Finding {
    let draft = Draft::new(Code::MissingUsersFile, Severity::Warning, 0)
        .file(Some(name))
        .value(Some(name))
        .detail(Detail::Kind("unreadable"));
    sink::finding(draft)
}

/// The report of a bundle: the demographics report with every file's findings in it, what
/// each file is, the users' counts, and manifest.csv corrected when it needs to be.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BundleReport {
    /// The report (its findings name their file when it is not demographics.csv).
    pub report: Report,
    /// Every file, in order.
    pub files: Vec<BundleFile>,
    /// Users, students, and students with a demographics row (when users.csv was read).
    pub roster: Option<RosterCounts>,
    /// manifest.csv as the corrected bundle has it, when it was corrected.
    pub manifest: Option<Vec<u8>>,
}

impl BundleReport {
    /// The whole JSON report, as the CLI writes it for the bundle `file`: each finding of
    /// demographics.csv named by `demographics` (its name in the bundle).
    pub fn to_json(&self, file: &str, demographics: Option<&str>) -> String {
        let mut out = crate::report::json_start(file).into_bytes();
        for (i, finding) in self.report.findings.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            // Writing into a Vec cannot fail.
            let _ = finding.write_json_in(&mut out, demographics);
        }
        out.extend_from_slice(self.json_end().as_bytes());
        String::from_utf8(out).unwrap_or_default()
    }

    /// The end of the CLI's JSON report: the counts of [`Report::json_end`], then `files` (what
    /// each file was recognised as, its rows) and `roster` (users, students, students with a
    /// demographics row).
    pub fn json_end(&self) -> String {
        let counts = self.report.json_end();
        let counts = counts.strip_suffix('}').unwrap_or(&counts);
        let files = serde_json::to_string(&self.files).unwrap_or_else(|_| "[]".into());
        let roster = serde_json::to_string(&self.roster).unwrap_or_else(|_| "null".into());
        format!("{counts},\"files\":{files},\"roster\":{roster}}}")
    }
}

impl Bundle {
    /// Reads the bundle of several files (or a folder's), called `name` in the findings about
    /// the whole bundle (a file it lacks): recognises each file, reads manifest.csv, users.csv
    /// and roles.csv.
    pub fn open(files: &mut dyn Files, name: &str) -> std::io::Result<Bundle> {
        Bundle::open_with(files, name, Vec::new(), None)
    }

    /// Reads the bundle of a zip, as [`Bundle::open`] does; the archive's own findings (junk,
    /// a folder, its name) come first, and the files get their names at the zip's root.
    pub fn open_zip<R: std::io::Read + std::io::Seek>(
        archive: &mut Archive<R>,
    ) -> std::io::Result<Bundle> {
        let findings = archive.findings().to_vec();
        let names = archive.output_names();
        let name = archive.zip_name().to_owned();
        Bundle::open_with(archive, &name, findings, Some(names))
    }

    fn open_with(
        files: &mut dyn Files,
        name: &str,
        mut findings: Vec<Finding>,
        output_names: Option<Vec<String>>,
    ) -> std::io::Result<Bundle> {
        let zipped = output_names.is_some();
        let mut listed = Vec::with_capacity(files.len());
        for index in 0..files.len() {
            let mut head = Vec::with_capacity(HEAD_BYTES);
            files
                .open(index)?
                .take(HEAD_BYTES as u64)
                .read_to_end(&mut head)?;
            let name = files.name(index).to_owned();
            let kind = recognise(&name, &head);
            let given = (output_names.as_ref()).and_then(|names| names.get(index).cloned());
            let output_name = given.unwrap_or_else(|| base_name(&name).to_owned());
            listed.push(BundleFile {
                name,
                kind,
                rows: None,
                output_name,
                used: false,
            });
        }
        let mut bundle = Bundle {
            files: listed,
            findings: Vec::new(),
            taken: 0,
            users: None,
            manifest: None,
            demographics: None,
        };
        bundle.intake(&mut findings, name, zipped);
        bundle.findings = findings;
        bundle.read_manifest(files)?;
        bundle.read_users(files)?;
        Ok(bundle)
    }

    /// Picks the file of each kind, and finds duplicates, misnamed and foreign files.
    fn intake(&mut self, findings: &mut Vec<Finding>, name: &str, zipped: bool) {
        // The file of each kind that is read: the one with OneRoster's very name, else with it
        // in another case, else the first (found by review: `Demographics_old.csv` sorted
        // before `demographics.csv` and was read instead).
        let mut seen: Vec<FileKind> = Vec::new();
        for kind in [
            FileKind::Demographics,
            FileKind::Users,
            FileKind::Roles,
            FileKind::Manifest,
        ] {
            let canonical = kind.canonical_name().unwrap_or_default();
            let of_kind: Vec<usize> = (0..self.files.len())
                .filter(|&i| self.files[i].kind == kind)
                .collect();
            let base = |i: &usize| base_name(&self.files[*i].name).to_owned();
            let chosen = (of_kind.iter().find(|i| base(i) == canonical))
                .or_else(|| {
                    of_kind
                        .iter()
                        .find(|i| base(i).eq_ignore_ascii_case(canonical))
                })
                .or(of_kind.first())
                .copied();
            if let Some(index) = chosen {
                self.files[index].used = true;
                seen.push(kind);
                if kind == FileKind::Demographics {
                    self.demographics = Some(index);
                }
            }
        }
        for file in &mut self.files {
            let kind = file.kind;
            match kind.canonical_name() {
                Some(_) if !file.used => {
                    let draft = Draft::new(Code::DuplicateFile, Severity::Error, 0)
                        .file(Some(&file.name))
                        .value(Some(&file.name))
                        .detail(Detail::Kind(kind.label()));
                    findings.push(sink::finding(draft));
                }
                Some(canonical) => {
                    let base = base_name(&file.output_name);
                    if base != canonical {
                        // Only the case, or another name for a file recognised by its header.
                        let detail = match base.eq_ignore_ascii_case(canonical) {
                            true => Detail::None,
                            false => Detail::Kind(kind.label()),
                        };
                        let draft = Draft::new(Code::FileNameCase, Severity::Warning, 0)
                            .file(Some(&file.name))
                            .value(Some(base))
                            .fix(Some(Fix::RenameFile(canonical.to_owned())))
                            .detail(detail);
                        findings.push(sink::finding(draft));
                    }
                    file.output_name = canonical.to_owned();
                }
                None if kind == FileKind::NotOneRoster => {
                    let draft = Draft::new(Code::NotOneRoster, Severity::Info, 0)
                        .file(Some(&file.name))
                        .value(Some(&file.name));
                    findings.push(sink::finding(draft));
                }
                None => {}
            }
        }
        self.unique_output_names();
        let missing =
            |code, severity| sink::finding(Draft::new(code, severity, 0).file(Some(name)));
        if !seen.contains(&FileKind::Demographics) {
            findings.push(missing(Code::MissingDemographicsFile, Severity::Error));
        }
        if !seen.contains(&FileKind::Users) {
            // A file named users.csv that is not one is named (found by review).
            let named =
                (self.files.iter()).find(|f| base_name(&f.name).eq_ignore_ascii_case("users.csv"));
            findings.push(match named {
                Some(file) => unreadable_users(&file.name),
                None => missing(Code::MissingUsersFile, Severity::Warning),
            });
        }
        if !seen.contains(&FileKind::Manifest) {
            // ClassLink refuses a zip without it; files given one by one may just be a part.
            let severity = if zipped {
                Severity::Error
            } else {
                Severity::Warning
            };
            findings.push(missing(Code::MissingManifest, severity));
        }
    }

    /// Gives a file whose name in the corrected bundle another file already has a name of its
    /// own (`users (2).csv`): the zip writer takes no name twice (found by review: a second
    /// users.csv from another folder stopped the corrected bundle, and the page's report).
    fn unique_output_names(&mut self) {
        let mut taken: Vec<String> = (self.files.iter())
            .filter(|f| f.used)
            .map(|f| f.output_name.to_lowercase())
            .collect();
        for file in self.files.iter_mut().filter(|f| !f.used) {
            let wanted = file.output_name.clone();
            let (stem, extension) = match wanted.rsplit_once('.') {
                Some((stem, extension)) if !stem.is_empty() => (stem, format!(".{extension}")),
                _ => (wanted.as_str(), String::new()),
            };
            let mut name = wanted.clone();
            let mut n = 2;
            while taken.contains(&name.to_lowercase()) {
                name = format!("{stem} ({n}){extension}");
                n += 1;
            }
            taken.push(name.to_lowercase());
            file.output_name = name;
        }
    }

    fn used(&self, kind: FileKind) -> Option<usize> {
        (self.files.iter()).position(|file| file.kind == kind && file.used)
    }

    fn read_manifest(&mut self, files: &mut dyn Files) -> std::io::Result<()> {
        let Some(index) = self.used(FileKind::Manifest) else {
            return Ok(());
        };
        let mut bytes = Vec::new();
        let limit = manifest::MAX_BYTES as u64;
        files.open(index)?.take(limit).read_to_end(&mut bytes)?;
        let whole = bytes.len() < manifest::MAX_BYTES;
        let manifest = Manifest::read(&bytes, whole);
        self.files[index].rows = Some(manifest.len() as u64);
        self.manifest = Some((index, manifest));
        Ok(())
    }

    fn read_users(&mut self, files: &mut dyn Files) -> std::io::Result<()> {
        let Some(index) = self.used(FileKind::Users) else {
            return Ok(());
        };
        let mut reader = Users::reader(&self.files[index].name.clone());
        if let Some(bytes) = files.size(index) {
            reader.expect_bytes(bytes);
        }
        each_piece(files.open(index)?, &mut |piece| reader.feed(piece))?;
        let Some(mut users) = reader.finish() else {
            // Recognised as users.csv, yet no user can be read: said, not passed over.
            self.findings
                .push(unreadable_users(&self.files[index].name));
            return Ok(());
        };
        self.files[index].rows = Some(users.rows());
        if let Some(roles) = self.used(FileKind::Roles) {
            let mut reader = users.roles_reader();
            each_piece(files.open(roles)?, &mut |piece| reader.feed(piece))?;
            self.files[roles].rows = reader.finish();
        }
        self.users = Some(Arc::new(users));
        Ok(())
    }

    /// The index of demographics.csv among the files, when there is one.
    pub fn demographics(&self) -> Option<usize> {
        self.demographics
    }

    /// The users read, when users.csv was read.
    pub fn users(&self) -> Option<&Arc<Users>> {
        self.users.as_ref()
    }

    /// `options` with the bundle's users, for the check of demographics.csv.
    pub fn options(&self, options: &Options) -> Options {
        Options {
            users: self.users.clone(),
            ..options.clone()
        }
    }

    /// The findings about the files, made before demographics.csv is checked (streamed first).
    pub fn take_findings(&mut self) -> Vec<Finding> {
        let taken = self.findings[self.taken..].to_vec();
        self.taken = self.findings.len();
        taken
    }

    /// What each file is.
    pub fn files(&self) -> &[BundleFile] {
        &self.files
    }

    /// The bundle's report: `report` is the check of demographics.csv (or `None` when the
    /// bundle has none); the findings about the files not taken yet come before its findings,
    /// manifest.csv's after, all counted.
    pub fn finish(mut self, report: Option<Report>) -> BundleReport {
        let mut report = report.unwrap_or_else(|| Report {
            readable: true,
            delimiter: ',',
            ..Report::default()
        });
        if let Some(index) = self.demographics {
            self.files[index].rows = Some(report.rows);
        }
        let mut own = std::mem::take(&mut self.findings);
        let mut manifest_found = Vec::new();
        let mut corrected_manifest = None;
        if let Some((index, manifest)) = &self.manifest {
            // Every file counts as there, whatever it holds: `absent` is the answer only for a
            // file the bundle does not have at all.
            let present: Vec<&str> = (self.files.iter())
                .flat_map(|f| [f.output_name.as_str(), base_name(&f.name)])
                .collect();
            let demographics = self.demographics.map(|_| &report);
            let name = &self.files[*index].name;
            let (found, corrected) = manifest.check(name, &present, demographics);
            manifest_found = found;
            corrected_manifest = corrected;
        }
        for finding in own.iter().chain(&manifest_found) {
            report.count(finding);
        }
        // In the order the CLI streams them, the same whether taken or not: the files'
        // findings, demographics.csv's, then manifest.csv's (known once the rows are).
        let mut findings = own.split_off(self.taken.min(own.len()));
        findings.append(&mut report.findings);
        findings.append(&mut manifest_found);
        report.findings = findings;
        BundleReport {
            report,
            files: self.files,
            roster: self.users.as_ref().map(|users| users.counts()),
            manifest: corrected_manifest,
        }
    }
}

impl Bundle {
    /// Checks the bundle's demographics.csv in memory (as the page does; the CLI streams it
    /// through the same [`crate::Checker`]) and makes the bundle's report: the report and the
    /// corrected demographics.csv (empty when the bundle has none).
    pub fn check(
        self,
        files: &mut dyn Files,
        options: &Options,
    ) -> std::io::Result<(BundleReport, Vec<u8>)> {
        self.check_with_progress(files, options, &mut |_, _| {})
    }

    /// As [`Bundle::check`], telling `progress` the bytes of demographics.csv checked so far
    /// and its size (0 when unknown).
    pub fn check_with_progress(
        self,
        files: &mut dyn Files,
        options: &Options,
        progress: &mut dyn FnMut(u64, u64),
    ) -> std::io::Result<(BundleReport, Vec<u8>)> {
        let Some(index) = self.demographics else {
            return Ok((self.finish(None), Vec::new()));
        };
        let size = files.size(index).unwrap_or(0);
        let mut member = Member { files, index };
        let options = self.options(options);
        let mut progress = |done| progress(done, size);
        let (report, output) = check_and_fix_pieces(&mut member, &options, &mut progress)?;
        Ok((self.finish(Some(report)), output))
    }
}

/// File `index` of `files`, for the check.
struct Member<'f> {
    files: &'f mut dyn Files,
    index: usize,
}

impl Pieces for Member<'_> {
    fn each_piece(&mut self, each: &mut dyn FnMut(&[u8])) -> std::io::Result<()> {
        each_piece(self.files.open(self.index)?, each)
    }

    fn size(&self) -> Option<u64> {
        self.files.size(self.index)
    }
}
