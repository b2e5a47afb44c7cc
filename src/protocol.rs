//! Messages between the page and the worker.
//!
//! The page posts a two-element JS array `[request, file]`: `request` is a bincode-encoded
//! [`Request`] in a `Uint8Array`, `file` the `Blob` to check (a `File` the person chose, or the
//! built-in sample) or a JS array of `File`s (a bundle of several files, or a folder's), so the
//! page never copies the bytes. One file that is a zip is a bundle too. The worker answers with bincode-encoded
//! [`Reply`] values in `Uint8Array`s. Bincode rather than JSON: a report with 100,000 findings
//! crosses in a fraction of the time.

use rostercheck_core::build::{BuildSummary, Plan, Recipe, Role};
use rostercheck_core::bundle::{BundleFile, RosterCounts};
use rostercheck_core::workbook::{Sheet, Unread};
use rostercheck_core::{Date, Edits, Report};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

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
        /// The report (boxed: it is large and the other replies are small). The corrected
        /// file is posted beside the reply, as `[reply, Blob]`, when there is one.
        report: Box<Report>,
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
    /// asks again with the sheet made CSV (and places the findings in their cells itself: the
    /// checking worker never sees the workbook).
    Workbook {
        /// The request this is about.
        id: u64,
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

/// Encodes a message.
/// What checking a bundle gives besides the report and the corrected demographics.csv.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleDone {
    /// Every file, what it was recognised as, its rows.
    pub files: Vec<BundleFile>,
    /// Users, students, and students with a demographics row (when users.csv was read).
    pub roster: Option<RosterCounts>,
    /// The corrected bundle, a zip (`OneRoster.zip`).
    pub zip: Vec<u8>,
    /// The students of users.csv without a demographics row, as a CSV (when users.csv says
    /// who is a student).
    pub missing: Option<Vec<u8>>,
}

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
        };
        assert_eq!(decode::<Request>(&encode(&request)), Some(request.clone()));
        assert_eq!(request.today(), Date::new(2026, 11, 28).unwrap());

        let report = check(crate::SAMPLE, &Options::new(request.today()));
        let reply = Reply::Done {
            id: 9,
            report: Box::new(report),
            elapsed_ms: 1.5,
            bundle: Some(Box::new(BundleDone {
                files: Vec::new(),
                roster: None,
                zip: b"PK".to_vec(),
                missing: Some(b"sourcedId\r\n".to_vec()),
            })),
        };
        assert_eq!(decode::<Reply>(&encode(&reply)), Some(reply));
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
        };
        assert_eq!(request.today(), Date::from_unix_days(0));
    }
}
