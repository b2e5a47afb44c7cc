//! Messages between the page and the worker.
//!
//! The page posts a JS array `[ask, file, names]`: `ask` is a bincode-encoded [`Ask`] in a
//! `Uint8Array`; with a new file, `file` is the `Blob` to check (a `File` the person chose, or
//! the built-in sample) or a JS array of `File`s (a bundle of several files, or a folder's), so
//! the page never copies the bytes. One file that is a zip is a bundle too. The worker keeps
//! the file, so a re-check after a change is asked without it.
//!
//! The worker owns the data: it keeps the findings of its last checks and answers the page's
//! questions about them ([`Query`]: the window of the findings table in view, under a filter;
//! [`Export`]: a report file, as a `Blob`), so no message grows with the file except those
//! files themselves, which cross as `Blob`s. It answers with bincode-encoded [`Reply`] values
//! in `Uint8Array`s, or `[reply, Blob]`.

use crate::filters::Filter;
use crate::mapping::Candidate;
use crate::verdict::Verdict;
use rostercheck_core::build::{BuildSummary, Plan, Recipe, Role};
use rostercheck_core::bundle::{BundleFile, RosterCounts};
use rostercheck_core::workbook::{Sheet, Unread};
use rostercheck_core::{Code, Date, Edits, Finding, FoundRows, Report};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// What the page asks the checking worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Ask {
    /// Check the file posted with this (or, without one, the file the worker has), with
    /// `places` when given (else the ones it has).
    Check {
        /// The check.
        request: Request,
        /// Where the findings of a workbook are: given with the file.
        places: Option<Box<Places>>,
    },
    /// Keep this report, made in the page (a workbook that could not be read), and answer
    /// about it as about a check's.
    Keep {
        /// The request it answers.
        id: u64,
        /// What the page calls the file.
        name: String,
        /// The report.
        report: Box<Report>,
    },
    /// A window of the findings.
    Window(Query),
    /// A report file.
    Export(Export),
    /// The rows a finding is about, read again from the file.
    Rows(RowsAsk),
}

/// Where the findings of a workbook, or of a bundle's workbooks, are: the worker puts each
/// finding in its cell and adds what reading them found (the checking worker never sees a
/// workbook, only its sheet made CSV).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Places {
    /// The sheet checked, when the file was a workbook.
    pub sheet: Option<Box<Sheet>>,
    /// The workbooks among a bundle's files.
    pub books: Vec<Book>,
}

/// A workbook among a bundle's files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Book {
    /// Its name in the bundle.
    pub name: String,
    /// Read: where its CSV came from.
    pub read: Option<Box<Sheet>>,
    /// Not read: why (a finding of its file; the file stays as it was).
    pub unread: Option<Finding>,
}

/// Identifies a finding across re-checks (its index changes when others appear or go).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingKey {
    /// Its line.
    pub line: u64,
    /// Its rule.
    pub code: Code,
    /// Its column.
    pub column: Option<String>,
}

impl FindingKey {
    /// The key of `finding`.
    pub fn of(finding: &Finding) -> FindingKey {
        FindingKey {
            line: finding.line,
            code: finding.code,
            column: finding.column.clone(),
        }
    }
}

/// Which finding to select, with a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Select {
    /// The one at this place in the filtered list (the last if there are fewer).
    At(usize),
    /// The same finding as before a re-check or a new filter, if it is still listed.
    Same(FindingKey),
}

/// The page asks for the findings `start..end` of the filtered list of check `check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    /// The check (a [`Request`]'s id).
    pub check: u64,
    /// The filter.
    pub filter: Filter,
    /// The first place in the filtered list.
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// A finding to select.
    pub select: Option<Select>,
}

/// A finding selected: its index among all the findings, its place in the filtered list,
/// and itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selected {
    /// Index among all the check's findings.
    pub index: usize,
    /// Place in the filtered list.
    pub position: usize,
    /// The finding.
    pub finding: Finding,
}

/// The answer to a [`Query`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// The check.
    pub check: u64,
    /// The filter.
    pub filter: Filter,
    /// How many findings pass the filter.
    pub matching: usize,
    /// The place in the filtered list of the first row.
    pub start: usize,
    /// The findings `start..` of the filtered list, each with its index among all.
    pub rows: Vec<(usize, Finding)>,
    /// The selection asked for (echoed), and what it found.
    pub select: Option<Select>,
    /// The finding selected, when one was asked for and found.
    pub selected: Option<Selected>,
}

impl Window {
    /// True when the window is of `check` under `filter` and holds `start..end` (as far as
    /// the filtered list goes).
    pub fn covers(&self, check: u64, filter: &Filter, start: usize, end: usize) -> bool {
        let end = end.min(self.matching);
        self.check == check
            && self.filter == *filter
            && self.start <= start.min(end)
            && self.start + self.rows.len() >= end
    }

    /// The row at `position` in the filtered list, when the window holds it.
    pub fn row(&self, position: usize) -> Option<&(usize, Finding)> {
        self.rows.get(position.checked_sub(self.start)?)
    }
}

/// A report file the page asks the worker to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportKind {
    /// The findings as CSV.
    Csv,
    /// The report as JSON, in the CLI's shape.
    Json,
}

/// The page asks for the rows finding `index` (among all) of check `check` is about: its row,
/// and for a duplicated ID every row with that ID up to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowsAsk {
    /// The check.
    pub check: u64,
    /// The finding, by its index among all the check's findings.
    pub index: usize,
    /// The finding's line and code as the page has them: a finding at `index` of another
    /// check (the page's selection not yet moved to a re-check's) is not answered for.
    pub line: u64,
    /// See [`RowsAsk::line`].
    pub code: rostercheck_core::Code,
}

/// The rows a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowsFound {
    /// What was asked.
    pub ask: RowsAsk,
    /// The header and rows found; `None` when the rows cannot be read again (the file is a
    /// bundle's, or no longer readable) or the finding is not about a row.
    pub found: Option<FoundRows>,
}

/// The page asks for a report file of check `check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    /// The check.
    pub check: u64,
    /// Which file.
    pub kind: ExportKind,
}

/// What the page shows of a check's findings without holding them: their number and what is
/// drawn from them all (the verdict, the files and the values to map).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    /// How many findings the worker holds.
    pub findings: usize,
    /// Why the file could not be checked, when it could not.
    pub failure: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// In a bundle, the files with findings, in order of first finding (`None`: the
    /// demographics file).
    pub files: Vec<Option<String>>,
    /// The columns with values that can be mapped, in file order, each with its values.
    pub mappable: Vec<(String, Vec<Candidate>)>,
    /// The worker's WebAssembly memory after the check, in bytes (it never shrinks, so it is
    /// the check's peak; 0 natively). The summary shows it to the benchmark as
    /// `data-worker-memory`.
    pub memory: u64,
}

/// What the page asks the worker to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// Matches the [`Reply`] to the request; stale replies are dropped by the reducer.
    pub id: u64,
    /// The day birth dates are judged against, as (year, month, day).
    pub today: (i32, u32, u32),
    /// The person's edits, applied by the core before the rules.
    pub edits: Edits,
    /// What the page calls the file (or the bundle), for the findings about a whole bundle.
    #[serde(default)]
    pub name: String,
    /// The person's answers to the checker's questions, as (decision key, answer).
    #[serde(default)]
    pub answers: Vec<(String, String)>,
    /// The check whose findings the page shows: the worker keeps it while later checks come
    /// and go (a re-check cancelled goes back to it).
    #[serde(default)]
    pub shown: Option<u64>,
}

impl Request {
    /// The request's date as a core [`Date`] (falls back to 1970-01-01 if it does not exist).
    pub fn today(&self) -> Date {
        let (y, m, d) = self.today;
        Date::new(y, m, d).unwrap_or_else(|| Date::from_unix_days(0))
    }
}

/// What the worker says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker has started and listens for requests.
    Ready,
    /// `done` of `total` bytes are checked.
    Progress {
        /// The request this is about.
        id: u64,
        /// Bytes checked so far.
        done: u64,
        /// Bytes in the file.
        total: u64,
    },
    /// The check is complete.
    Done {
        /// The request this is about.
        id: u64,
        /// The report without its findings, which the worker keeps and the page asks for a
        /// window at a time. The corrected file is posted beside the reply, as
        /// `[reply, Blob]`, when there is one.
        report: Box<Report>,
        /// What the page shows of the findings.
        digest: Box<Digest>,
        /// Time the worker spent, in milliseconds.
        elapsed_ms: f64,
        /// What a bundle gives besides: `None` for a demographics.csv alone.
        bundle: Option<Box<BundleDone>>,
    },
    /// The file could not be read.
    Failed {
        /// The request this is about.
        id: u64,
        /// What went wrong, in plain words.
        message: String,
    },
    /// The file is a workbook (by its bytes): the page has it read by the workbook worker and
    /// asks again with the sheet made CSV, and where its cells are.
    Workbook {
        /// The request this is about.
        id: u64,
    },
    /// A window of the findings.
    Window(Box<Window>),
    /// A report file, posted beside the reply as `[reply, Blob]`.
    Exported(Export),
    /// The rows asked for.
    Rows(Box<RowsFound>),
    /// The worker no longer holds the findings of this check (it was restarted).
    Gone {
        /// The check asked about.
        check: u64,
    },
}

/// What the page asks the workbook worker (`src/bin/workbook.rs`, started only when a workbook
/// is chosen): read the workbook posted with it into CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkbookRequest {
    /// Matches the reply to the request.
    pub id: u64,
    /// The workbook's file name.
    pub name: String,
    /// The sheet the person chose, if any (else the one that looks like demographics).
    pub sheet: Option<String>,
}

/// What the workbook worker says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkbookReply {
    /// The worker has started and listens for requests.
    Ready,
    /// The sheet as CSV, and where it came from.
    Read {
        /// The request this is about.
        id: u64,
        /// The sheet as UTF-8 CSV.
        csv: Vec<u8>,
        /// Where it came from, and what reading it found.
        sheet: Box<Sheet>,
    },
    /// No sheet was read: why (and the sheets to choose from, when several could be).
    Unread {
        /// The request this is about.
        id: u64,
        /// The finding that says why.
        unread: Box<Unread>,
    },
    /// The file could not be read at all.
    Failed {
        /// The request this is about.
        id: u64,
        /// What went wrong, in plain words.
        message: String,
    },
}

/// What the page asks of the builder (the workbook worker, a second instance of it started when
/// files are chosen for a build). Posted as `[request, files, "build"]`: the files (a JS array
/// of `File`s) only with [`BuildRequest::Open`]. The worker keeps the files read, so that each
/// change of the recipe is answered without sending them again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BuildRequest {
    /// Read these files (their names, in the order of the array), and plan with `recipe` (a
    /// recipe file's text) or, without one, with the recipe rostercheck suggests.
    Open {
        /// Matches the reply.
        id: u64,
        /// The day birth dates are judged against, as (year, month, day).
        today: (i32, u32, u32),
        /// The files' names.
        names: Vec<String>,
        /// A recipe loaded by the person, as its file's text.
        recipe: Option<String>,
    },
    /// Plan again with this recipe (the person changed a choice).
    Plan {
        /// Matches the reply.
        id: u64,
        /// The day birth dates are judged against.
        today: (i32, u32, u32),
        /// The recipe as it stands.
        recipe: Recipe,
    },
    /// Build with this recipe.
    Build {
        /// Matches the reply.
        id: u64,
        /// The day birth dates are judged against.
        today: (i32, u32, u32),
        /// The recipe, every code answered.
        recipe: Recipe,
    },
}

impl BuildRequest {
    /// The request's id.
    pub fn id(&self) -> u64 {
        match self {
            BuildRequest::Open { id, .. }
            | BuildRequest::Plan { id, .. }
            | BuildRequest::Build { id, .. } => *id,
        }
    }
}

/// What the builder says. `Ready` is the first variant, as [`WorkbookReply::Ready`] is, so
/// the worker's one "ready" message reads as either (a test holds them together).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum BuildReply {
    /// The worker has started and listens for requests.
    Ready,
    /// What the recipe would do.
    Planned {
        /// The request this is about.
        id: u64,
        /// Each file's name and what it is used as.
        files: Vec<(String, Role)>,
        /// The recipe planned with.
        recipe: Recipe,
        /// What it would do, and the questions left.
        plan: Box<Plan>,
    },
    /// demographics.csv, built (the page then checks it as any file).
    Built {
        /// The request this is about.
        id: u64,
        /// demographics.csv before the check.
        csv: Vec<u8>,
        /// What the build did.
        summary: Box<BuildSummary>,
        /// The leftovers CSV.
        leftovers: Vec<u8>,
    },
    /// Nothing could be done: why.
    Failed {
        /// The request this is about.
        id: u64,
        /// In plain words.
        message: String,
    },
}

/// Which sheet of a workbook the page shows, and which it could show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SheetView {
    /// The sheet read (`None`: the person must choose one).
    pub read: Option<String>,
    /// The worksheets the person can choose from.
    pub sheets: Vec<String>,
}

/// What checking a bundle gives besides the report and the corrected demographics.csv.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleDone {
    /// Every file, what it was recognised as, its rows.
    pub files: Vec<BundleFile>,
    /// Users, students, and students with a demographics row (when users.csv was read).
    pub roster: Option<RosterCounts>,
    /// The corrected bundle, a zip (`OneRoster.zip`), as the worker makes it. It crosses to
    /// the page as a Blob beside the reply ([`BundleDone::zip_blob`]), not in it: it grows
    /// with the file.
    #[serde(skip)]
    pub zip: Vec<u8>,
    /// The students of users.csv without a demographics row, as a CSV (when users.csv says
    /// who is a student); it crosses as [`BundleDone::missing_blob`].
    #[serde(skip)]
    pub missing: Option<Vec<u8>>,
    /// In the page: the corrected bundle, the worker's Blob (`None`: it could not be made).
    #[serde(skip)]
    pub zip_blob: Option<web_sys::Blob>,
    /// In the page: the students without a demographics row, the worker's Blob.
    #[serde(skip)]
    pub missing_blob: Option<web_sys::Blob>,
}

/// Encodes a message.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising these types into a Vec cannot fail (no maps with non-string keys, no I/O).
    bincode::serialize(value).unwrap_or_default()
}

/// Decodes a message; `None` if the bytes are not one.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    bincode::deserialize(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_core::{check, Options, ValueMap};

    #[test]
    fn request_and_reply_round_trip() {
        let mut edits = Edits::default();
        edits.cells.insert((3, "sex".into()), "male".into());
        edits.maps.push(ValueMap {
            column: "sex".into(),
            from: "X".into(),
            to: "female".into(),
        });
        edits.excluded.insert(7);
        let request = Request {
            id: 9,
            today: (2026, 11, 28),
            edits,
            name: "demographics.csv".into(),
            answers: vec![("date-order:birthDate".into(), "dmy".into())],
            shown: Some(8),
        };
        assert_eq!(decode::<Request>(&encode(&request)), Some(request.clone()));
        assert_eq!(request.today(), Date::new(2026, 11, 28).unwrap());

        let report = check(crate::SAMPLE, &Options::new(request.today()));
        let reply = Reply::Done {
            id: 9,
            digest: Box::new(crate::held::digest(&report)),
            report: Box::new(report),
            elapsed_ms: 1.5,
            bundle: Some(Box::new(BundleDone {
                files: Vec::new(),
                roster: None,
                // The zip and the list cross as Blobs beside the reply, never in it.
                zip: Vec::new(),
                missing: None,
                zip_blob: None,
                missing_blob: None,
            })),
        };
        assert_eq!(decode::<Reply>(&encode(&reply)), Some(reply.clone()));
        let Reply::Done {
            bundle: Some(mut bundle),
            ..
        } = reply
        else {
            unreachable!()
        };
        bundle.zip = vec![0; 1 << 20];
        assert!(
            encode(&bundle).len() < 1_000,
            "the zip crossed in the reply"
        );
        let ask = Ask::Window(Query {
            check: 9,
            filter: Filter {
                code: Some(Code::InvalidSex),
                ..Filter::default()
            },
            start: 0,
            end: 30,
            select: Some(Select::At(4)),
        });
        assert_eq!(decode::<Ask>(&encode(&ask)), Some(ask));
        assert_eq!(decode::<Reply>(b"\xff\xff\xff"), None);
    }

    #[test]
    fn the_readers_ready_reads_as_the_builders() {
        assert_eq!(
            decode::<BuildReply>(&encode(&WorkbookReply::Ready)),
            Some(BuildReply::Ready)
        );
    }

    #[test]
    fn impossible_date_falls_back() {
        let request = Request {
            id: 1,
            today: (2026, 2, 30),
            edits: Edits::default(),
            name: String::new(),
            answers: Vec::new(),
            shown: Some(8),
        };
        assert_eq!(request.today(), Date::from_unix_days(0));
    }
}
