//! Findings as data: what is wrong, where, and what the checker does about it.

use crate::answers::Mode;
use crate::date::DateOrder;
use crate::decisions::Ordered;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A harmless normalisation (a BOM removed, a column reordered).
    Info,
    /// Accepted downstream but probably wrong or lost (a value that was fixed, a suspicious date).
    Warning,
    /// ClassLink or Amplify would reject, drop or misread it, and no safe fix exists.
    Error,
}

impl Severity {
    /// The lower-case name used in reports: `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, $source:literal; )*) => {
        /// A stable finding code. The kebab-case text is public API: never rename one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in rule-book order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The kebab-case code, as in RULES.md and the JSON report.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $text, )* }
            }

            /// Where the rule comes from (OneRoster section, CEDS element, article, or "ours").
            pub fn source(self) -> &'static str {
                match self { $( Code::$variant => $source, )* }
            }

            /// Looks a code up by its kebab-case text.
            pub fn from_str_code(text: &str) -> Option<Code> {
                match text { $( $text => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

codes! {
    /// The bytes are not delimited text (workbook, zip, PDF, image, binary).
    NotCsv = "not-csv", "OneRoster 1.2 CSV binding §3.1 (CSV files)";
    /// Header only, or empty.
    NoDataRows = "no-data-rows", "OneRoster 1.2 CSV binding §3.1 (files with no data rows are not permitted)";
    /// The file is some other roster format, not a OneRoster demographics.csv.
    WrongFile = "wrong-file", "rostercheck (ours): OneRoster 1.2 demographics table";
    /// A UTF-8 byte-order mark.
    Bom = "bom", "OneRoster 1.2 CSV binding §3.1 (UTF-8, BOM ignored)";
    /// Not UTF-8; re-encoded.
    Encoding = "encoding", "OneRoster 1.2 CSV binding §3.1 (UTF-8)";
    /// `;` or TAB instead of `,`.
    Delimiter = "delimiter", "OneRoster 1.2 CSV binding §3.1 (comma-separated)";
    /// Lines end in CR alone (the old Mac format), which other tools read as one long line.
    LineEnding = "line-ending", "RFC 4180 §2 (CRLF line breaks); rostercheck (ours)";
    /// A quoted field is never closed.
    UnclosedQuote = "unclosed-quote", "RFC 4180 §2";
    /// A quote in the middle of an unquoted field, or text after a closing quote.
    StrayQuote = "stray-quote", "RFC 4180 §2";
    /// A quoted field holds a line break.
    LineBreakInField = "line-break-in-field", "OneRoster 1.2 CSV binding §3.1 (no line breaks in fields)";
    /// Every field of the row is empty.
    BlankRow = "blank-row", "rostercheck (ours)";
    /// Fewer fields than the header.
    MissingCell = "missing-cell", "RFC 4180 §2.4 (same number of fields in each record)";
    /// More fields than the header.
    ExtraCell = "extra-cell", "RFC 4180 §2.4 (same number of fields in each record)";
    /// No column resolves to `sourcedId`.
    MissingRequiredColumn = "missing-required-column", "OneRoster 1.2 demographics table; article (only sourcedId is required)";
    /// A known column name in the wrong case or spacing.
    HeaderCase = "header-case", "OneRoster 1.2 CSV binding §3.1 (header names are case-sensitive); article";
    /// An older or non-standard name for a known column.
    HeaderAlias = "header-alias", "OneRoster 1.0 names; article (metadata.* names)";
    /// Two columns resolve to the same name.
    DuplicateColumn = "duplicate-column", "OneRoster 1.2 CSV binding §3.1";
    /// A column without a name.
    BlankHeader = "blank-header", "OneRoster 1.2 CSV binding §3.1";
    /// Not a OneRoster column and not `metadata.*`.
    UnknownColumn = "unknown-column", "OneRoster 1.2 CSV binding §3.1 (extensions only as metadata.* columns)";
    /// One of the 16 standard columns is absent.
    MissingStandardColumn = "missing-standard-column", "OneRoster 1.2 demographics table";
    /// Columns out of the standard order.
    ColumnOrder = "column-order", "OneRoster 1.2 CSV binding (column order); article (metadata order)";
    /// Surrounding or invisible whitespace.
    Whitespace = "whitespace", "rostercheck (ours)";
    /// Blank `sourcedId`.
    MissingId = "missing-id", "OneRoster 1.2 demographics table (sourcedId required)";
    /// Same `sourcedId` with different data.
    DuplicateId = "duplicate-id", "OneRoster 1.2 §3.1; article (one row per student)";
    /// `sourcedId` with characters outside the GUID set, or too long.
    IdCharset = "id-charset", "OneRoster 1.2 GUID definition";
    /// An ID that Excel turned into a number or a date.
    IdMangled = "id-mangled", "rostercheck (ours): Excel damage";
    /// An ID in scientific notation with every digit of the number (`1.00238E+05`): written out.
    IdScientific = "id-scientific", "rostercheck (ours): Excel display of a number";
    /// Numeric IDs that lost their leading zeros.
    IdLeadingZeros = "id-leading-zeros", "rostercheck (ours): Excel damage";
    /// Bulk rows (blank status/dateLastModified) mixed with delta rows.
    BulkDeltaMixed = "bulk-delta-mixed", "OneRoster 1.2 CSV binding §3.1 (bulk and delta)";
    /// `status` is not `active` or `tobedeleted`.
    InvalidStatus = "invalid-status", "OneRoster 1.2 StatusTypeEnum";
    /// `dateLastModified` is not a UTC datetime.
    InvalidDatetime = "invalid-datetime", "OneRoster 1.2 DateTime (ISO 8601, UTC)";
    /// `birthDate` is not a calendar date.
    InvalidDate = "invalid-date", "OneRoster 1.2 Date (YYYY-MM-DD)";
    /// A date that is two different days depending on the order of day and month (`3/4/2012`).
    AmbiguousDate = "ambiguous-date", "OneRoster 1.2 Date (YYYY-MM-DD); rostercheck (ours): one answer or none";
    /// A birth date in the future, or a student older than 30 or younger than 2.
    ImplausibleBirthDate = "implausible-birth-date", "rostercheck (ours)";
    /// `sex` is not one of the allowed values.
    InvalidSex = "invalid-sex", "article (male, female); OneRoster 1.2 GenderEnum";
    /// `other` / `unspecified`: valid OneRoster 1.2, unknown to Amplify.
    SexNotInAmplify = "sex-not-in-amplify", "article (Amplify accepts male, female)";
    /// A race/ethnicity flag that is not `true`/`false`.
    InvalidBoolean = "invalid-boolean", "OneRoster 1.2 demographics table (Boolean)";
    /// Two or more race flags without `demographicRaceTwoOrMoreRaces`.
    RaceFlagsInconsistent = "race-flags-inconsistent", "CEDS 000016 Demographic Race Two or More Races";
    /// Not an ISO 3166-1 alpha-2 country code.
    UnknownCountry = "unknown-country", "CEDS 000047 Country Code (ISO 3166-1 alpha-2)";
    /// Not a USPS state abbreviation.
    UnknownState = "unknown-state", "CEDS 000267 State Abbreviation";
    /// Not a CEDS public school residence status code.
    UnknownResidenceStatus = "unknown-residence-status", "CEDS 000570 Public School Residence Status (01652-01656)";
    /// A metadata Yes/No column with another value.
    InvalidYesNo = "invalid-yes-no", "CEDS option set Yes/No (article: metadata columns)";
    /// `metadata.homeLanguage` is not an ISO 639-2 code.
    UnknownLanguage = "unknown-language", "CEDS 000317 ISO 639-2 Language Code";
    /// `metadata.primaryDisabilityType` is not a CEDS code.
    InvalidDisabilityType = "invalid-disability-type", "CEDS 000218 Primary Disability Type";
    /// `metadata.eligibilityStatusForSchoolFoodServicePrograms` is not a CEDS code.
    InvalidFoodService = "invalid-food-service", "CEDS 000092 Eligibility Status for School Food Service Programs";
    /// Disability fields that contradict `metadata.ideaIndicator`.
    DisabilityInconsistent = "disability-inconsistent", "CEDS 000151 IDEA Indicator; 000218 Primary Disability Type";
    /// A free-text value starting with `=`, `+`, `-`, `@`, TAB or CR.
    FormulaLikeValue = "formula-like-value", "OWASP CSV injection";
    /// The same row twice.
    DuplicateRow = "duplicate-row", "article (one row per student)";
    /// A demographics `sourcedId` that is not a user in users.csv.
    UnknownUser = "unknown-user", "article (sourcedId must map to users.csv); OneRoster 1.2 demographics table";
    /// A demographics row for a user whose role is not `student`.
    NotAStudent = "not-a-student", "article (student demographics); OneRoster 1.2 users and roles tables";
    /// Students in users.csv without a demographics row (counted once).
    StudentWithoutDemographics = "student-without-demographics", "article (one row per student); rostercheck (ours)";
    /// A bundle without manifest.csv.
    MissingManifest = "missing-manifest", "OneRoster 1.2 CSV binding §2 (manifest.csv is required)";
    /// `oneroster.version` missing, 1.0, or not a version ClassLink reads.
    ManifestVersion = "manifest-version", "OneRoster 1.2 CSV binding, manifest table (oneroster.version)";
    /// A `file.*` value that is not `absent`, `bulk` or `delta`.
    ManifestMode = "manifest-mode", "OneRoster 1.2 CSV binding, manifest table (file.* values)";
    /// `file.demographics` disagrees with demographics.csv.
    ManifestDemographics = "manifest-demographics", "OneRoster 1.2 CSV binding §3.1 (bulk and delta), manifest table";
    /// A bundle (several files or a zip) without users.csv: no cross-checks.
    MissingUsersFile = "missing-users-file", "article (sourcedId must map to users.csv)";
    /// A bundle without demographics.csv.
    MissingDemographicsFile = "missing-demographics-file", "article (demographics.csv)";
    /// Two files of the bundle are the same OneRoster file.
    DuplicateFile = "duplicate-file", "OneRoster 1.2 CSV binding §2 (one file per table)";
    /// A OneRoster file name not written in OneRoster's case (`Demographics.csv`).
    FileNameCase = "file-name-case", "OneRoster 1.2 CSV binding §2 (file names)";
    /// A file of the bundle that is not OneRoster CSV: listed, not checked.
    NotOneRoster = "not-oneroster", "rostercheck (ours)";
    /// The CSVs of the zip are inside a folder, not at its root.
    ZipFolder = "zip-folder", "OneRoster 1.2 CSV binding §2 (files at the root of the zip)";
    /// `__MACOSX/`, `.DS_Store`, `Thumbs.db`: left out of the corrected bundle.
    ZipJunk = "zip-junk", "rostercheck (ours)";
    /// The zip is not named `OneRoster.zip`, the name Amplify's own upload wants.
    ZipName = "zip-name", "Amplify OneRoster upload (OneRoster.zip)";
    /// A zip that is refused whole: too big, a bomb, encrypted, unsafe or broken.
    ZipRefused = "zip-refused", "rostercheck (ours): hostile or broken archives";
    /// A workbook that cannot be read: password-protected, damaged, empty, charts only.
    WorkbookUnreadable = "workbook-unreadable", "rostercheck (ours): workbooks read directly";
    /// Which sheet of a workbook was read, or that the person must choose one.
    WorkbookSheet = "workbook-sheet", "rostercheck (ours): workbooks read directly";
    /// The header is not on the sheet's first row: the rows above it (a title) are left out.
    HeaderNotFirstRow = "header-not-first-row", "OneRoster 1.2 CSV binding §3.1 (the header is the first line)";
    /// Header cells are merged: the name is in the first cell only.
    MergedHeader = "merged-header", "OneRoster 1.2 CSV binding §3.1 (one name per column)";
    /// The cell's value came from a formula: its last calculated value is written.
    FormulaValue = "formula-value", "rostercheck (ours): workbooks read directly";
    /// An error cell (`#N/A`, `#REF!`): written blank.
    CellError = "cell-error", "rostercheck (ours): workbooks read directly";
    /// A whole number beyond 2^53: a number cell cannot hold every digit of it.
    NumberTooLong = "number-too-long", "IEEE 754 double (Excel keeps 15 significant digits)";
    /// Leading zeros shown by the cell's number format (`0000000`) are written.
    ZerosFromFormat = "zeros-from-format", "rostercheck (ours): workbooks read directly";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Code, D::Error> {
        let text = String::deserialize(deserializer)?;
        Code::from_str_code(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown code {text}")))
    }
}

/// What the checker does about a finding. Applied in one place (`fix.rs`), never by the rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Fix {
    /// The cell gets this value. (Most fixed values are a canonical code, `male` or `Yes`:
    /// borrowed, so a million of them allocate nothing.)
    Value(Cow<'static, str>),
    /// The column gets this name.
    RenameColumn(String),
    /// The (missing) column is added, empty.
    AddColumn,
    /// The column is dropped (it had no name and no data).
    RemoveColumn,
    /// The column moves to the end.
    MoveColumn,
    /// The columns are written in the canonical order.
    ReorderColumns,
    /// The row is not written (blank, or an exact duplicate).
    RemoveRow,
    /// The row is padded with empty fields.
    PadRow,
    /// Empty extra fields are dropped.
    TrimRow,
    /// The file is written as UTF-8 (without BOM).
    Reencode,
    /// The file is written comma-separated.
    Recomma,
    /// The file is written with LF line endings.
    LineFeeds,
    /// The bundle's file gets this name.
    RenameFile(String),
    /// manifest.csv gets this value for the property.
    SetProperty(String),
    /// The file is left out of the corrected bundle.
    RemoveFile,
    /// The files are moved to the zip's root.
    Flatten,
}

impl Fix {
    /// A kebab-case name of the action, for reports.
    pub fn action(&self) -> &'static str {
        match self {
            Fix::Value(_) => "set-value",
            Fix::RenameColumn(_) => "rename-column",
            Fix::AddColumn => "add-column",
            Fix::RemoveColumn => "remove-column",
            Fix::MoveColumn => "move-column",
            Fix::ReorderColumns => "reorder-columns",
            Fix::RemoveRow => "remove-row",
            Fix::PadRow => "pad-row",
            Fix::TrimRow => "trim-row",
            Fix::Reencode => "re-encode",
            Fix::Recomma => "use-comma",
            Fix::LineFeeds => "use-lf",
            Fix::RenameFile(_) => "rename-file",
            Fix::SetProperty(_) => "set-property",
            Fix::RemoveFile => "remove-file",
            Fix::Flatten => "flatten",
        }
    }

    /// The text shown as the "fixed value": the new value or name, or a short description.
    pub fn display(&self) -> &str {
        match self {
            Fix::Value(v) => v,
            Fix::RenameColumn(v) => v,
            Fix::RenameFile(v) => v,
            Fix::SetProperty(v) => v,
            Fix::RemoveFile => "(left out of the bundle)",
            Fix::Flatten => "(files moved to the zip's root)",
            Fix::AddColumn => "(column added, empty)",
            Fix::RemoveColumn => "(column removed)",
            Fix::MoveColumn => "(moved to the end)",
            Fix::ReorderColumns => "(columns reordered)",
            Fix::RemoveRow => "(row removed)",
            Fix::PadRow => "(padded with empty fields)",
            Fix::TrimRow => "(empty extra fields removed)",
            Fix::Reencode => "(written as UTF-8)",
            Fix::Recomma => "(written with commas)",
            Fix::LineFeeds => "(written with LF line endings)",
        }
    }
}

/// One problem or change, with its location.
///
/// Positions: `line` is the 1-based physical line of the *input* where the record starts (the
/// header is line 1; a file-level finding uses line 1 or 0 when the file is empty). `record` is
/// the 0-based data row (`None` for the header and file-level findings). `column` is the canonical
/// column name when the finding is about one column (`None` for file- and row-level findings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable kebab-case code.
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// 1-based physical line in the input where the record starts.
    pub line: u64,
    /// 0-based data row, if the finding belongs to one.
    pub record: Option<u64>,
    /// Canonical column name (or the header as written for unknown columns).
    pub column: Option<String>,
    /// The original value (or header name) as written.
    pub value: Option<String>,
    /// What the checker does about it, if anything.
    pub fix: Option<Fix>,
    /// Plain-language explanation, from the one table of messages.
    pub message: String,
    /// The `sourcedId` of the finding's row (after fixes), when the row has one: the student a
    /// person looks up.
    // No `skip_serializing_if`: the worker's binary protocol needs every field.
    #[serde(default)]
    pub sourced_id: Option<String>,
    /// The key of the [`crate::Decision`] the finding waits for, if it waits for one.
    #[serde(default)]
    pub decision: Option<String>,
    /// The file of a bundle the finding is in (the member's name or the path given); `None`
    /// for the demographics file checked (its name is the report's).
    #[serde(default)]
    pub file: Option<String>,
    /// The workbook cell (`Sheet1!C14`) or cells (`Sheet1!C1:E1`, a row `Sheet1!14:14`) the
    /// finding is about, when the file checked was a workbook.
    #[serde(default)]
    pub cell: Option<String>,
}

impl Finding {
    /// The fixed value as a string, if this finding replaces a value.
    pub fn fixed_value(&self) -> Option<&str> {
        match &self.fix {
            Some(Fix::Value(v)) => Some(v),
            _ => None,
        }
    }
}

/// What a finding's message needs to know beyond its code, column, value and fix. Rules and
/// stages say it as data; [`crate::messages`] words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Detail {
    /// Nothing more.
    #[default]
    None,
    /// `not-csv`: what the bytes look like, and what to do instead.
    NotCsv(&'static str),
    /// `wrong-file`: which roster format it is.
    WrongFile(&'static str),
    /// `no-data-rows`: the file has no header either.
    EmptyFile,
    /// `encoding`: what the file was read as.
    Encoding(Encoding),
    /// `delimiter`: the delimiter found instead of a comma.
    Delimiter(u8),
    /// `missing-cell`, `extra-cell`: how many fields the row has.
    Fields(usize),
    /// `id-mangled`: what Excel turned the ID into.
    Mangled(Mangling),
    /// `id-leading-zeros`: the width most IDs have.
    IdWidth(usize),
    /// `bulk-delta-mixed`.
    BulkDelta(BulkDelta),
    /// `invalid-status`: the OneRoster 1.0 status `inactive`.
    Inactive,
    /// `implausible-birth-date`: why.
    BirthDate(Implausible),
    /// `race-flags-inconsistent`: how many race flags are true.
    Races(usize),
    /// `invalid-disability-type`: the CEDS code it is usually reported as.
    UsuallyReportedAs(&'static str),
    /// `disability-inconsistent`: what contradicts `metadata.ideaIndicator`.
    Disability(DisabilityConflict),
    /// `invalid-date`, `invalid-datetime`: the date could only be read in this order of day and
    /// month (evidence for the column's order).
    DateShows(DateOrder),
    /// `ambiguous-date`: read in the column's order, known this way.
    DateOrder(Ordered),
    /// `ambiguous-date`, inside the checker only: the column's order is known at the end.
    DateOrderPending,
    /// `ambiguous-date`: the column's order is the person's decision; what the column shows.
    DateOrderOpen(OpenOrder),
    /// `blank-row`: how many consecutive blank rows, up to which line.
    BlankRows { rows: u64, last_line: u64 },
    /// The value names more than one code; these are its meanings (a decision).
    Choices(&'static [&'static str]),
    /// How many (students without demographics).
    Count(u64),
    /// The ID matches a users.csv ID when case and surrounding spaces are ignored.
    UserCase,
    /// The users.csv ID this one becomes with its leading zeros back.
    PaddedUser,
    /// What kind of user it is, by role.
    Role(&'static str),
    /// The manifest says this; the file says otherwise.
    Manifest(ManifestProblem),
    /// Why a zip is refused.
    Refused(Refusal),
    /// What kind of OneRoster file this is (for duplicates and names).
    Kind(&'static str),
    /// Why a workbook cannot be read (made only by the reader, feature `workbook`).
    #[cfg_attr(not(feature = "workbook"), allow(dead_code))]
    Workbook(WorkbookProblem),
    /// Which sheet, or why none (made only by the reader, feature `workbook`).
    #[cfg_attr(not(feature = "workbook"), allow(dead_code))]
    Sheet(SheetChoice),
    /// `cell-error`: the cell holds a formula that was never calculated.
    #[cfg_attr(not(feature = "workbook"), allow(dead_code))]
    Uncalculated,
}

/// Why a workbook cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkbookProblem {
    /// Protected with a password (encrypted).
    Encrypted,
    /// Damaged, cut short, or not really a workbook.
    Damaged,
    /// No sheet has a cell with a value.
    Empty,
    /// Only charts, no worksheet.
    ChartsOnly,
    /// More sheets than any roster workbook has.
    TooManySheets,
    /// Unzipped, its parts would be larger than a browser holds.
    TooLarge,
    /// A part expands far more than a sheet does: a zip bomb.
    Bomb,
    /// Its cells span a grid far larger than the cells it holds (a value far from the rest):
    /// read as a grid, it would not fit in memory.
    Sparse,
}

/// Which sheet of a workbook was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "workbook"), allow(dead_code))]
pub(crate) enum SheetChoice {
    /// This one, by its header, of this many worksheets.
    Chosen(usize),
    /// No header looks like a OneRoster file: the first worksheet with data, of this many.
    First(usize),
    /// Several look like the file: the person chooses (the names are the value).
    Several,
    /// The sheet asked for is not in the workbook (the value lists those that are).
    NotFound,
}

/// What is wrong between manifest.csv and the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ManifestProblem {
    /// `oneroster.version` is absent.
    NoVersion,
    /// `oneroster.version` is 1.0.
    Version10,
    /// `oneroster.version` is something else.
    UnknownVersion,
    /// `file.demographics` is absent though demographics.csv is in the bundle.
    AbsentButPresent,
    /// `file.demographics` is bulk, but rows carry status and dateLastModified.
    BulkWithDelta,
    /// `file.demographics` is delta, but no row carries status or dateLastModified.
    DeltaWithBulk,
    /// `file.demographics` is missing from the manifest.
    NotListed,
    /// `file.demographics` says present (bulk or delta) but the bundle has no demographics.csv.
    ListedButMissing,
    /// A file.* value is a mode in another case (`Bulk`).
    ModeCase,
    /// `file.demographics` is no mode at all; the rows say which.
    ModeFromRows,
}

/// Why a zip is refused whole (nothing is read from it, nothing is written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// Not a zip archive, or cut short.
    Broken,
    /// More entries than any roster bundle has.
    TooManyEntries,
    /// Uncompressed, the members would be larger than the limit.
    TooLarge,
    /// A member expands far more than text does: a zip bomb.
    Ratio,
    /// A zip inside the zip.
    Nested,
    /// A member is encrypted (password-protected).
    Encrypted,
    /// A member's name leaves the folder (`../`) or is absolute.
    UnsafeName,
    /// Two members have the same name.
    DuplicateName,
    /// A member is compressed with a method other than stored or deflate.
    Method,
    /// Zip64 records, several disks, or bytes before the zip: none needed by a roster bundle.
    Unusual,
    /// A member could not be unzipped (damaged, or larger than the zip says).
    Damaged,
}

/// What a date column shows when its order is not known: the first line with a date that can
/// only be day first, and only month first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OpenOrder {
    pub day_first: Option<u64>,
    pub month_first: Option<u64>,
}

/// What Excel made of an ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mangling {
    /// Scientific notation (`1.23457E+11`) with fewer digits than the number: digits are lost.
    Scientific,
    /// A date.
    Date,
}

/// How a row breaks the file's bulk or delta mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BulkDelta {
    /// One of status / dateLastModified is blank and the other is not.
    WithinRow,
    /// The row is in the minority mode of the file.
    Minority {
        /// True when the minority rows are delta rows (in a bulk file).
        delta: bool,
        /// Rows in the minority mode.
        minority: u64,
        /// Rows in the majority mode.
        majority: u64,
    },
    /// The person answered the file's mode: the value was changed to match it.
    Answered(Mode),
}

/// Why a birth date is implausible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Implausible {
    /// After today.
    Future,
    /// The student would be older than 30.
    Old,
    /// The student would be younger than 2.
    Young,
}

/// What contradicts `metadata.ideaIndicator` = `No`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DisabilityConflict {
    /// A primary disability type is given.
    Type,
    /// An IEP is given.
    Iep,
}

/// The text encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Encoding {
    /// UTF-8 (the only one OneRoster allows).
    #[default]
    Utf8,
    /// UTF-16 little-endian (Excel "Unicode Text").
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
    /// Windows-1252 (Excel's "CSV" on Windows), assumed for bytes that are not UTF-8.
    Windows1252,
}

impl Encoding {
    /// The encoding's name, as in reports: `UTF-8`, `UTF-16 LE`, `UTF-16 BE`, `Windows-1252`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
