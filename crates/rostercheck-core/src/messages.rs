//! Every message a person reads, in one table. Rules report codes and typed details; words live
//! here.

use crate::answers::{Mode, Question};
use crate::date::DateOrder;
use crate::decisions::{Basis, Ordered};
use crate::finding::{
    BulkDelta, Code, Detail, DisabilityConflict, Implausible, Mangling, ManifestProblem, OpenOrder,
    Refusal, SheetChoice, WorkbookProblem,
};

/// What a message may mention.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct MessageArgs<'a> {
    /// The column's canonical name.
    pub column: Option<&'a str>,
    /// The value as written.
    pub value: Option<&'a str>,
    /// The value it was fixed to.
    pub fixed: Option<&'a str>,
    /// What the rule or stage said beyond the value.
    pub detail: Detail,
}

fn manifest_version_message(detail: Detail, value: &str) -> String {
    match detail {
        Detail::Manifest(ManifestProblem::NoVersion) => "manifest.csv has no oneroster.version. Add the line oneroster.version,1.1 (or 1.2, whichever your SIS exports).".into(),
        Detail::Manifest(ManifestProblem::Version10) => "manifest.csv says oneroster.version 1.0. OneRoster 1.0 had no manifest and used other column names; ClassLink reads 1.1 and 1.2. Export OneRoster 1.1 or 1.2 from your SIS.".into(),
        _ => format!("oneroster.version is \"{value}\"; ClassLink reads OneRoster 1.1 and 1.2."),
    }
}

fn manifest_demographics_message(detail: Detail, value: &str, fixed: &str) -> String {
    let said = if fixed.is_empty() {
        String::new()
    } else {
        format!(" It was set to {fixed}.")
    };
    match detail {
        Detail::Manifest(ManifestProblem::AbsentButPresent) => format!("manifest.csv says file.demographics,absent, but demographics.csv is in the bundle: ClassLink ignores it.{said}"),
        Detail::Manifest(ManifestProblem::BulkWithDelta) => format!("manifest.csv says file.demographics,bulk, but the rows of demographics.csv carry status and dateLastModified, as in a delta file.{said}"),
        Detail::Manifest(ManifestProblem::DeltaWithBulk) => format!("manifest.csv says file.demographics,delta, but no row of demographics.csv has status or dateLastModified, as in a bulk file.{said}"),
        Detail::Manifest(ManifestProblem::NotListed) => format!("manifest.csv does not list file.demographics, so ClassLink may ignore demographics.csv.{said}"),
        Detail::Manifest(ManifestProblem::ListedButMissing) => format!("manifest.csv says file.demographics,{value}, but the bundle has no demographics.csv."),
        _ => format!("file.demographics is \"{value}\" in manifest.csv.{said}"),
    }
}

fn zip_refused_message(detail: Detail, value: &str) -> String {
    let why = match detail {
        Detail::Refused(Refusal::Broken) => "it is not a zip archive, or it is cut short (an interrupted download or copy). Make the zip again".to_owned(),
        Detail::Refused(Refusal::TooManyEntries) => format!("it has more than {} entries, far more than a roster bundle. Zip only the OneRoster CSV files", thousands(crate::bundle::archive::MAX_ENTRIES as u64)),
        Detail::Refused(Refusal::TooLarge) => format!("unzipped it would be larger than {} GB. Unzip it and check demographics.csv and users.csv as files (the rostercheck command line takes files of any size)", crate::bundle::archive::MAX_TOTAL >> 30),
        Detail::Refused(Refusal::Ratio) => format!("\"{value}\" would expand more than {} times, which no CSV does: this is a zip bomb", crate::bundle::archive::MAX_RATIO),
        Detail::Refused(Refusal::Nested) => format!("it holds another zip, \"{value}\". Put the OneRoster CSV files at the root of one zip"),
        Detail::Refused(Refusal::Encrypted) => format!("\"{value}\" is protected by a password. Zip the files again without a password (student data never leaves this computer)"),
        Detail::Refused(Refusal::UnsafeName) => format!("the member name \"{value}\" points outside the zip's folder (../ or an absolute path). Make the zip again from the CSV files"),
        Detail::Refused(Refusal::DuplicateName) => format!("\"{value}\" is in it twice. Make the zip again with one file of each name"),
        Detail::Refused(Refusal::Unusual) => "it is written in a way no roster bundle needs (64-bit zip records, several parts, or data before the zip). Make the zip again with your system's own zip".to_owned(),
        Detail::Refused(Refusal::Damaged) => format!("a file in it could not be unzipped ({value}). Make the zip again"),
        Detail::Refused(Refusal::Method) => format!("\"{value}\" is compressed in a way other than the usual (deflate). Make the zip again with your system's own zip"),
        _ => "it could not be read".to_owned(),
    };
    format!("The zip was not read: {why}. Nothing was written.")
}

/// `formula-value`: `count` values of a column came from formulas, the first `first`.
pub(crate) fn formula_message(count: u64, first: Option<&str>) -> String {
    let first = first.unwrap_or("");
    match count {
        1 => format!("This value came from a formula ({first}): it is written as Excel last calculated it. If the lists it looks up have changed since, recalculate in Excel first."),
        _ => format!("{} values of this column came from formulas (the first, here: {first}): they are written as Excel last calculated them. If the lists they look up have changed since, recalculate in Excel first.", thousands(count)),
    }
}

fn workbook_message(detail: Detail, value: &str) -> String {
    let why = match detail {
        Detail::Workbook(WorkbookProblem::Encrypted) => "it is protected with a password. Open it in Excel, remove the password (File › Info › Protect Workbook), save it, and check that copy".to_owned(),
        Detail::Workbook(WorkbookProblem::Empty) => "it has no sheet with a value in it".to_owned(),
        Detail::Workbook(WorkbookProblem::ChartsOnly) => "it has charts only, no worksheet with rows".to_owned(),
        Detail::Workbook(WorkbookProblem::TooManySheets) => format!("it has {value} sheets, far more than a roster workbook (at most {} are read). Copy the roster's sheet into a workbook of its own", crate::workbook::MAX_SHEETS),
        Detail::Workbook(WorkbookProblem::TooLarge) => format!("unzipped, its parts would be larger than {} GB, far more than a roster sheet. Copy the roster's sheet into a workbook of its own, or save it as CSV UTF-8 in Excel and check the CSV (keep the IDs' column formatted as Text first)", crate::workbook::MAX_UNZIPPED >> 30),
        Detail::Workbook(WorkbookProblem::Sparse) => format!("its cells span {value}: a value far from the rest (often a stray space or format in a far corner) makes a grid too large to read. In Excel press Ctrl+End to find the far cell, delete the rows and columns between it and the data, and save"),
        Detail::Workbook(WorkbookProblem::Bomb) => format!("its part \"{value}\" would expand more than {} times, which no sheet does: this is a zip bomb", crate::workbook::MAX_RATIO),
        _ => format!("it is damaged or not really a workbook ({value}). Open it in Excel and save it again, or export the file from the SIS again"),
    };
    format!("The workbook was not read: {why}.")
}

/// The plain-language message for a finding.
pub(crate) fn message(code: Code, args: MessageArgs<'_>) -> String {
    let column = args.column.unwrap_or("this column");
    let value = args.value.unwrap_or("");
    let fixed = args.fixed.unwrap_or("");
    let detail = args.detail;
    // The message of most fixes (a million in a file of a million `M`): put together rather
    // than formatted (measured: callgrind, `check --format json` on 100,000 Excel-style rows,
    // see BENCHMARKS.md).
    let changed = || ["\"", value, "\" was changed to \"", fixed, "\"."].concat();
    match code {
        Code::NotCsv => format!("This is not a CSV file: it looks like {}.", match detail { Detail::NotCsv(what) => what, _ => "something else" }),
        Code::NoDataRows if detail == Detail::EmptyFile => {
            "The file is empty. OneRoster does not allow a demographics.csv without data rows; if you have no demographics, put file.demographics,absent in manifest.csv instead.".into()
        }
        Code::NoDataRows => {
            "The file has a header but no students. OneRoster does not allow a demographics.csv without data rows; if you have no demographics, put file.demographics,absent in manifest.csv instead.".into()
        }
        Code::WrongFile => format!("{} The corrected file keeps the columns, but ClassLink will not read it as demographics.", match detail { Detail::WrongFile(what) => what, _ => "This is another roster format." }),
        Code::Bom => "The file starts with a byte-order mark (BOM). Some importers read it as part of the first column name; it was removed.".into(),
        Code::Encoding => encoding_message(detail, value),
        Code::Delimiter => format!("Columns are separated by {} instead of commas (Excel does this in some regions). The corrected file uses commas.", match detail { Detail::Delimiter(b';') => "semicolons", _ => "tabs" }),
        Code::LineEnding => "Lines end with a carriage return alone (the old Mac \"CSV (Macintosh)\" format), which ClassLink reads as one long line. The corrected file ends lines with LF.".into(),
        Code::UnclosedQuote => "A quote (\") opens a value on this line and is never closed. The line was read as written, with the quote kept as text; check the value and remove or close the quote.".into(),
        Code::StrayQuote => "A quote (\") appears inside a value that is not quoted, or after a closing quote. ClassLink may split or merge values here; remove the quote or quote the whole value.".into(),
        Code::LineBreakInField => format!("A value in {column} spans several lines. OneRoster does not allow line breaks inside values; each was replaced by a space."),
        Code::BlankRow => match detail {
            Detail::BlankRows { rows, last_line } if rows > 1 => format!("This row and the {} after it, up to line {}, are empty; all {} were removed.", thousands(rows - 1), thousands(last_line), thousands(rows)),
            _ => "The row is empty; it was removed.".into(),
        },
        Code::MissingCell => format!("The row has {} fields; the header has more. The missing fields at the end were added, empty.", fields(detail)),
        Code::ExtraCell if args.fixed.is_some() => format!("The row has {} fields, more than the header; the extra fields were empty and were removed.", fields(detail)),
        Code::ExtraCell => format!("The row has {} fields, more than the header, and the extra ones hold data (\"{value}\"). A comma inside an unquoted value usually causes this; quote the value or remove the extra data.", fields(detail)),
        Code::MissingRequiredColumn => "No column is sourcedId, the student ID. ClassLink needs it to match each row to a student in users.csv; add or rename the column.".into(),
        Code::HeaderCase => format!("The column \"{value}\" should be written \"{fixed}\"; ClassLink column names are case-sensitive. It was renamed."),
        Code::HeaderAlias => format!("The column \"{value}\" is an old or non-standard name for \"{fixed}\". It was renamed."),
        Code::DuplicateColumn => format!("Two columns are {column}. ClassLink reads only one of them; merge them or delete one. The second was kept at the end as \"{value}\"."),
        Code::BlankHeader if args.fixed.is_some() => "A column has no name and no data; it was removed.".into(),
        Code::BlankHeader => "A column has no name but holds data. Give it a name (metadata.something for extra data) or delete it.".into(),
        Code::UnknownColumn => format!("\"{value}\" is not a OneRoster demographics column. ClassLink ignores it; extra data must be a metadata.* column. It was kept and moved to the end."),
        Code::MissingStandardColumn => format!("The standard column {column} is missing; it was added, empty."),
        Code::ColumnOrder => "The columns are not in the OneRoster order; they were reordered.".into(),
        Code::Whitespace => format!("\"{value}\" has spaces around it, or invisible or control characters in it (zero-width spaces, direction marks); they were removed."),
        Code::MissingId => "This row has no sourcedId. ClassLink drops rows without a student ID; fill it in from users.csv or exclude the row.".into(),
        Code::DuplicateId => format!("Student {value} appears more than once with different data. ClassLink keeps only one row per student; decide which is right and remove the other."),
        Code::IdCharset => format!("The ID \"{value}\" has characters other than letters, digits and . - _ / @, or is longer than 255 characters. ClassLink may not match it to users.csv."),
        Code::IdMangled if detail == Detail::Mangled(Mangling::Date) => format!("The ID \"{value}\" looks like a date: Excel probably turned it into one. Re-export the IDs from your SIS as text."),
        Code::IdMangled => format!("The ID \"{value}\" is in scientific notation: Excel shortened a long number and the real ID is lost. Re-export the IDs from your SIS as text."),
        Code::IdScientific => format!("The ID \"{value}\" is in scientific notation, but every digit of it is there: it was written as \"{fixed}\". Check it against users.csv (Excel also drops leading zeros)."),
        Code::IdLeadingZeros if detail == Detail::PaddedUser => format!("The ID \"{value}\" lost its leading zeros (Excel removes them). It was changed to \"{fixed}\", the one student of users.csv it can be."),
        Code::IdLeadingZeros => format!("The ID \"{value}\" is shorter than most IDs ({} digits); Excel may have removed its leading zeros. Check it against users.csv.", match detail { Detail::IdWidth(width) => width, _ => 0 }),
        Code::BulkDeltaMixed if matches!(detail, Detail::BulkDelta(BulkDelta::Answered(_))) => answered_mode_message(detail, column, value, fixed),
        Code::BulkDeltaMixed if detail == Detail::BulkDelta(BulkDelta::WithinRow) => format!("{column} is blank while the other of status / dateLastModified is filled. In a bulk file both are blank; in a delta file both are filled."),
        Code::BulkDeltaMixed => bulk_delta_message(detail),
        Code::InvalidStatus if args.fixed.is_some() => changed(),
        Code::InvalidStatus if detail == Detail::Inactive => "\"inactive\" was a OneRoster 1.0 status. Use active, tobedeleted, or leave it blank in a bulk file.".into(),
        Code::InvalidStatus => format!("\"{value}\" is not a status. Use active, tobedeleted, or leave it blank in a bulk file."),
        Code::InvalidDatetime if args.fixed.is_some() => format!("\"{value}\" was written as the OneRoster UTC datetime \"{fixed}\"{}.", shown_order(detail)),
        Code::InvalidDatetime => format!("\"{value}\" is not a datetime ClassLink can read. Use YYYY-MM-DDTHH:MM:SS.sssZ in UTC, or leave it blank in a bulk file."),
        Code::InvalidDate if args.fixed.is_some() => format!("The date \"{value}\" was written as \"{fixed}\" (YYYY-MM-DD){}.", shown_order(detail)),
        Code::InvalidDate => format!("\"{value}\" is not a date. Use YYYY-MM-DD, e.g. 2012-03-14."),
        Code::AmbiguousDate => ambiguous_date_message(detail, column, value, fixed),
        Code::ImplausibleBirthDate => match detail {
            Detail::BirthDate(Implausible::Future) => format!("The birth date {value} is in the future."),
            Detail::BirthDate(Implausible::Old) => format!("The birth date {value} makes the student older than 30."),
            _ => format!("The birth date {value} makes the student younger than 2."),
        },
        Code::InvalidSex if args.fixed.is_some() => changed(),
        Code::InvalidSex => format!("\"{value}\" is not a sex Amplify accepts (male, female). Use male or female; OneRoster 1.2 also allows other or unspecified; or leave it blank."),
        Code::SexNotInAmplify => format!("\"{value}\" is valid OneRoster 1.2, but Amplify only uses male and female; this student will have no sex in Amplify reports."),
        Code::InvalidBoolean if args.fixed.is_some() => changed(),
        Code::InvalidBoolean => format!("\"{value}\" is not true or false. Race and ethnicity columns take true, false, or blank for unknown."),
        Code::RaceFlagsInconsistent => format!("{} race columns are true but demographicRaceTwoOrMoreRaces is not. Amplify counts the student under one race only; set demographicRaceTwoOrMoreRaces to true if that is right.", match detail { Detail::Races(count) => count, _ => 2 }),
        Code::UnknownCountry if args.fixed.is_some() => format!("The country \"{value}\" was written as the ISO code \"{fixed}\"."),
        Code::UnknownCountry if matches!(detail, Detail::Choices(_)) => format!("\"{value}\" names more than one country ({}). Choose the code for the whole column.", choice_list(detail)),
        Code::UnknownCountry => format!("\"{value}\" is not an ISO 3166 two-letter country code (e.g. US, MX)."),
        Code::UnknownState if args.fixed.is_some() => format!("The state \"{value}\" was written as the postal code \"{fixed}\"."),
        Code::UnknownState => format!("\"{value}\" is not a US state postal code (e.g. TX). Leave it blank for students born outside the US."),
        Code::UnknownResidenceStatus if args.fixed.is_some() => format!("\"{value}\" was written as the CEDS code \"{fixed}\" (Excel drops the leading zero)."),
        Code::UnknownResidenceStatus => format!("\"{value}\" is not a CEDS public school residence status code (01652 to 01656)."),
        Code::InvalidYesNo if args.fixed.is_some() => changed(),
        Code::InvalidYesNo => format!("\"{value}\" is not Yes or No. {column} takes Yes, No, or blank for unknown."),
        Code::UnknownLanguage if args.fixed.is_some() => format!("The language \"{value}\" was written as the ISO 639-2 code \"{fixed}\"."),
        Code::UnknownLanguage if matches!(detail, Detail::Choices(_)) => format!("\"{value}\" names more than one language ({}). Choose the code for the whole column.", choice_list(detail)),
        Code::UnknownLanguage => format!("\"{value}\" is not an ISO 639-2 language code (e.g. eng, spa, vie). Map it to a code for the whole column."),
        Code::InvalidDisabilityType if args.fixed.is_some() => format!("The disability type \"{value}\" was written as the CEDS code \"{fixed}\"."),
        Code::InvalidDisabilityType if matches!(detail, Detail::UsuallyReportedAs(_)) => format!("\"{value}\" has no CEDS primary disability code; it is usually reported as {} (hearing impairment).", match detail { Detail::UsuallyReportedAs(code) => code, _ => "" }),
        Code::InvalidDisabilityType => format!("\"{value}\" is not a CEDS primary disability type code (AUT, DB, DD, EMN, HI, ID, MD, OI, OHI, SLD, SLI, TBI, VI)."),
        Code::InvalidFoodService if args.fixed.is_some() => changed(),
        Code::InvalidFoodService if matches!(detail, Detail::Choices(_)) => format!("\"{value}\" is not a school meals code, and it could mean {}. Choose for the whole column.", choice_list(detail)),
        Code::InvalidFoodService => format!("\"{value}\" is not a school meals code (Free, ReducedPrice, FullPrice, Other). One-letter codes are ambiguous (F is Free or Full): map them for the whole column."),
        Code::DisabilityInconsistent if detail == Detail::Disability(DisabilityConflict::Iep) => "The student has an IEP but metadata.ideaIndicator is No. An IEP is provided under IDEA; check both.".into(),
        Code::DisabilityInconsistent => "A primary disability type is given but metadata.ideaIndicator is No; the type is only reported for IDEA students. Check both.".into(),
        Code::FormulaLikeValue => format!("\"{value}\" starts with a character a spreadsheet reads as a formula. It is kept, but opening the file in Excel may change it."),
        Code::DuplicateRow => "This row is an exact copy of an earlier row; it was removed.".into(),
        Code::UnknownUser if detail == Detail::UserCase => format!("No user in users.csv has the ID \"{value}\", but one does when upper and lower case or spaces around it are ignored. ClassLink matches IDs exactly and drops this row: write the ID as users.csv does."),
        Code::UnknownUser => format!("No user in users.csv has the ID \"{value}\". ClassLink drops this row without a word, and Amplify will have no demographics for this student; correct the ID or exclude the row."),
        Code::NotAStudent => format!("The user \"{value}\" is {}, not a student (by the role users.csv or roles.csv gives). Amplify takes demographics for students only; exclude the row unless the role is wrong.", match detail { Detail::Role(role) => role, _ => "not a student" }),
        Code::StudentWithoutDemographics => {
            let count = match detail { Detail::Count(count) => count, _ => 0 };
            let (students, have) = if count == 1 { ("student", "has") } else { ("students", "have") };
            format!("{} {students} in users.csv {have} no row in demographics.csv. Amplify will have no demographics for them; list them with \"Download the students without demographics\" (or rostercheck check --list-missing FILE).", thousands(count))
        }
        Code::MissingManifest => "The bundle has no manifest.csv. ClassLink needs it to know the OneRoster version and which files are bulk or delta; add one.".into(),
        Code::ManifestVersion => manifest_version_message(detail, value),
        Code::ManifestMode if detail == Detail::Manifest(ManifestProblem::ModeCase) => format!("{column} is \"{value}\"; manifest values are written in lower case, so it was set to \"{fixed}\"."),
        Code::ManifestMode if detail == Detail::Manifest(ManifestProblem::ModeFromRows) => format!("{column} is \"{value}\", but a file.* value must be absent, bulk or delta. The rows of demographics.csv are {fixed}, so it was set to \"{fixed}\"."),
        Code::ManifestMode if args.fixed.is_some() => format!("{column} is \"{value}\", but a file.* value must be absent, bulk or delta. The file is not in the bundle, so it was set to \"{fixed}\"."),
        Code::ManifestMode => format!("{column} is \"{value}\", but a file.* value must be absent, bulk or delta."),
        Code::ManifestDemographics => manifest_demographics_message(detail, value, fixed),
        Code::MissingUsersFile if detail == Detail::Kind("unreadable") => format!("\"{value}\" is named or looks like users.csv, but it has no sourcedId column beside the users' names and roles, so the students of demographics.csv could not be looked up in it."),
        Code::MissingUsersFile => "The bundle has no users.csv, so rostercheck cannot check that every student in demographics.csv exists. ClassLink drops the rows of students it does not know; add users.csv to check them.".into(),
        Code::MissingDemographicsFile => "The bundle has no demographics.csv: Amplify will get no demographics. Add demographics.csv to the bundle.".into(),
        Code::DuplicateFile => format!("\"{value}\" is a second {} file. The one with OneRoster's name (or else the first) was read; this one was not, and the corrected bundle keeps it as it is. A bundle has one file of each kind: remove the other.", match detail { Detail::Kind(kind) => kind, _ => "OneRoster" }),
        Code::FileNameCase if matches!(detail, Detail::Kind(_)) => format!("\"{value}\" holds the {} file, which OneRoster names \"{fixed}\"; the corrected bundle uses that name.", match detail { Detail::Kind(kind) => kind, _ => "" }),
        Code::FileNameCase => format!("\"{value}\" should be named \"{fixed}\"; OneRoster file names are case-sensitive. The corrected bundle uses that name."),
        Code::NotOneRoster => format!("\"{value}\" is not a OneRoster CSV file; it was listed but not checked."),
        Code::ZipFolder => format!("The files are inside the folder \"{value}\" in the zip; OneRoster wants them at the root. The corrected bundle has them at the root."),
        Code::ZipJunk => format!("\"{value}\" is left over from the computer that made the zip (not roster data); it is left out of the corrected bundle."),
        Code::ZipName => format!("Amplify's own OneRoster upload wants the bundle named OneRoster.zip, not \"{value}\". Rename it if you upload it to Amplify."),
        Code::ZipRefused => zip_refused_message(detail, value),
        Code::WorkbookUnreadable => workbook_message(detail, value),
        Code::WorkbookSheet => match detail {
            Detail::Sheet(SheetChoice::Chosen(count)) => format!("Sheet \"{value}\" was read: its header looks like this file (the workbook has {count} sheets)."),
            Detail::Sheet(SheetChoice::First(count)) => format!("Sheet \"{value}\" was read, the first with data: no sheet's header looks like a OneRoster file (the workbook has {count} sheets)."),
            Detail::Sheet(SheetChoice::Several) => format!("Several sheets look like this file: {value}. Choose the one to check (on the command line: --sheet NAME)."),
            _ => format!("The workbook has no sheet of the name asked for. Its sheets: {value}."),
        },
        Code::HeaderNotFirstRow => match detail {
            Detail::Count(1) => format!("The header is on row 2, below \"{value}\": that row is left out of the CSV, whose first line must be the header."),
            Detail::Count(rows) => format!("The header is on row {}, below \"{value}\": the {rows} rows above it are left out of the CSV, whose first line must be the header.", rows + 1),
            _ => "The header is not on the first row: the rows above it are left out.".into(),
        },
        Code::MergedHeader => match detail {
            Detail::Count(cells) => format!("\"{value}\" is one merged cell over {cells} header cells: the name stays in the first column, and the others have no name. Unmerge the cells and give each column its own name."),
            _ => format!("\"{value}\" is a merged header cell; give each column its own name."),
        },
        Code::FormulaValue => formula_message(1, Some(value)),
        Code::CellError if detail == Detail::Uncalculated => format!("The cell holds a formula that was never calculated ({value}), so it has no value: it is written blank. Open the workbook in Excel and save it (Excel calculates it then), or give {column} its value."),
        Code::CellError => format!("The cell holds the error {value} (a VLOOKUP that found nothing gives #N/A): it is written blank. Give {column} its value."),
        Code::NumberTooLong if matches!(detail, Detail::Count(_)) => format!("{value} has 16 digits, and Excel keeps 15 significant digits of a number typed or pasted into it: if this value went through Excel as a number, its last digit may have become 0. Check it against the SIS; keep IDs as text in Excel (format the column as Text first)."),
        Code::NumberTooLong => format!("{value} has more digits than a number cell keeps exactly (15 to 16): its last digits may already be lost in the workbook. Type the ID as text in Excel (format the column as Text first) or export it from the SIS again."),
        Code::ZerosFromFormat => format!("The cell holds the number {value}, shown as {fixed} by its number format: written as {fixed}, with its leading zeros."),
    }
}

fn bulk_delta_message(detail: Detail) -> String {
    let Detail::BulkDelta(BulkDelta::Minority {
        delta,
        minority,
        majority,
    }) = detail
    else {
        return "This row mixes bulk and delta rows.".into();
    };
    if delta {
        format!("This row has a status or dateLastModified, but {majority} other rows have neither (a bulk file). {minority} rows like this one mix delta rows into a bulk file; clear them or fill all rows.")
    } else {
        format!("This row has no status or dateLastModified, but {majority} other rows have them (a delta file). {minority} rows like this one mix bulk rows into a delta file; fill them in.")
    }
}

fn encoding_message(detail: Detail, example: &str) -> String {
    let name = match detail {
        Detail::Encoding(encoding) => encoding.name(),
        _ => "another encoding",
    };
    if example.is_empty() {
        return format!("The file is not UTF-8; it was read as {name} and written as UTF-8.");
    }
    format!("The file is not UTF-8; it was read as {name} and written as UTF-8. Check that names with accents look right, e.g. \"{example}\".")
}

/// `invalid-date` and `invalid-datetime` fixes: why the order of day and month was certain.
fn shown_order(detail: Detail) -> &'static str {
    match detail {
        Detail::DateShows(DateOrder::DayFirst) => "; it can only be day first",
        Detail::DateShows(DateOrder::MonthFirst) => "; it can only be month first",
        _ => "",
    }
}

/// How an order of day and month reads, in words.
fn order_words(order: DateOrder) -> &'static str {
    match order {
        DateOrder::DayFirst => "day first",
        DateOrder::MonthFirst => "month first",
    }
}

fn ambiguous_date_message(detail: Detail, column: &str, value: &str, fixed: &str) -> String {
    match detail {
        Detail::DateOrder(Ordered { order, basis: Basis::Answer }) => format!(
            "\"{value}\" was read {} (as you answered for {column}) and written as \"{fixed}\".",
            order_words(order)
        ),
        Detail::DateOrder(Ordered { order, basis: Basis::Evidence { line } }) => format!(
            "\"{value}\" could be read either way; it was read {} and written as \"{fixed}\", because line {line} has a date in {column} that can only be {}, and no date in it can only be the other way.",
            order_words(order),
            order_words(order)
        ),
        Detail::DateOrderOpen(open) => format!(
            "\"{value}\" is two different days: day first or month first. {} Answer the date order of {column} once and every such date is written.",
            open_evidence(open, column)
        ),
        _ => format!("\"{value}\" is two different days: day first or month first."),
    }
}

/// What a date column shows when its order is open.
fn open_evidence(open: OpenOrder, column: &str) -> String {
    match (open.day_first, open.month_first) {
        (Some(day), Some(month)) => format!("{column} mixes both: line {day} has a date that can only be day first, line {month} one that can only be month first."),
        _ => format!("No date in {column} can only be read one way, so the file does not tell."),
    }
}

fn answered_mode_message(detail: Detail, column: &str, value: &str, fixed: &str) -> String {
    let mode = match detail {
        Detail::BulkDelta(BulkDelta::Answered(mode)) => mode,
        _ => Mode::Bulk,
    };
    match mode {
        Mode::Bulk => format!("{column} \"{value}\" was cleared: you answered that this is a bulk file."),
        Mode::Delta => format!("The blank {column} was filled with \"{fixed}\": you answered that this is a delta file."),
    }
}

/// The meanings of an ambiguous value, in words: `CD or CG`.
fn choice_list(detail: Detail) -> String {
    let Detail::Choices(choices) = detail else {
        return String::new();
    };
    match choices {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// A decision in words.
#[derive(Debug)]
pub(crate) struct DecisionWords {
    pub question: String,
    pub choices: Vec<(String, String)>,
    pub evidence: String,
}

/// The words of the decision a finding waits for (see [`crate::decisions::key`]).
pub(crate) fn decision(
    code: Code,
    detail: Detail,
    column: Option<&str>,
    value: Option<&str>,
) -> DecisionWords {
    let column = column.unwrap_or("this column");
    let value = value.unwrap_or("");
    let owned = |choices: &[(&str, &str)]| -> Vec<(String, String)> {
        choices
            .iter()
            .map(|&(answer, label)| (answer.to_owned(), label.to_owned()))
            .collect()
    };
    match (code, detail) {
        (Code::AmbiguousDate, Detail::DateOrderOpen(open)) => DecisionWords {
            question: format!("In {column}, is 3/4/2012 March 4 (month first) or 3 April (day first)?"),
            choices: owned(&[
                ("mdy", "Month first: 3/4/2012 is March 4 (US)"),
                ("dmy", "Day first: 3/4/2012 is 3 April"),
            ]),
            evidence: open_evidence(open, column),
        },
        (Code::BulkDeltaMixed, _) => DecisionWords {
            question: "Is this a bulk file (the whole roster) or a delta file (changes only)?".into(),
            choices: owned(&[
                ("bulk", "Bulk: clear status and dateLastModified in every row"),
                ("delta", "Delta: fill a blank status with active and a blank dateLastModified with today"),
            ]),
            evidence: match detail {
                Detail::BulkDelta(BulkDelta::Minority { delta, minority, majority }) => {
                    let (bulk, delta) = if delta { (majority, minority) } else { (minority, majority) };
                    format!("{bulk} rows have neither status nor dateLastModified (bulk) and {delta} rows have them (delta).")
                }
                _ => "Rows have one of status and dateLastModified but not the other.".into(),
            },
        },
        (_, Detail::Choices(choices)) => DecisionWords {
            question: format!("What does \"{value}\" mean in {column}?"),
            choices: choices
                .iter()
                .map(|&code| (code.to_owned(), choice_label(column, code)))
                .collect(),
            evidence: format!("\"{value}\" names more than one code ({}).", choice_list(detail)),
        },
        _ => DecisionWords {
            question: format!("What should {column} be?"),
            choices: Vec::new(),
            evidence: String::new(),
        },
    }
}

/// What a code offered as a choice means.
fn choice_label(column: &str, code: &str) -> String {
    let meaning = match (column, code) {
        (_, "CD") => "Democratic Republic of the Congo (Kinshasa)",
        (_, "CG") => "Republic of the Congo (Brazzaville)",
        (_, "KR") => "Republic of Korea (South Korea)",
        (_, "KP") => "Democratic People's Republic of Korea (North Korea)",
        (_, "GE") => "Georgia, the country",
        (_, "US") => "United States (the state of Georgia)",
        (_, "VI") => "US Virgin Islands",
        (_, "VG") => "British Virgin Islands",
        (_, "hat") => "Haitian Creole",
        (_, "cpf") => "another French-based creole (Louisiana, Antillean)",
        (_, "cpe") => "an English-based creole (Jamaican, Gullah, Krio)",
        (_, "cpp") => "a Portuguese-based creole (Cape Verdean)",
        (_, "fry") => "Western Frisian",
        (_, "frr") => "Northern Frisian",
        (_, "frs") => "Eastern Frisian",
        (_, "sot") => "Southern Sotho (Sesotho)",
        (_, "nso") => "Northern Sotho (Sepedi)",
        (_, "Free") => "Free meals",
        (_, "FullPrice") => "Full price",
        _ => return code.to_owned(),
    };
    format!("{code}: {meaning}")
}

/// Something a person did, as the report CSV's audit rows say it.
pub(crate) enum Done<'a> {
    /// A cell set by hand.
    Cell {
        column: &'a str,
        from: &'a str,
        to: &'a str,
    },
    /// A value replaced in a whole column.
    Map {
        column: &'a str,
        from: &'a str,
        to: &'a str,
        rows: u64,
    },
    /// A row left out of the corrected file.
    LeftOut,
    /// A line written again as a whole.
    Line,
    /// A question answered (`key` is the decision's key, `question` it read).
    Answered {
        key: &'a str,
        question: Option<Question<'a>>,
        answer: &'a str,
    },
}

/// The words of an audit row of the report CSV.
pub(crate) fn done_message(done: Done<'_>) -> String {
    match done {
        Done::Cell { column, from, to } => {
            format!("Edited by hand: {column} \"{from}\" set to \"{to}\".")
        }
        Done::Map {
            column,
            from,
            to,
            rows,
        } => format!(
            "Replaced by hand in the whole column: {column} \"{from}\" set to \"{to}\" in {} {}.",
            thousands(rows),
            if rows == 1 { "row" } else { "rows" }
        ),
        Done::LeftOut => "Left out of the corrected file by hand.".into(),
        Done::Line => "The line written again by hand.".into(),
        Done::Answered {
            key,
            question,
            answer,
        } => match question {
            Some(Question::Value { column, value }) => {
                format!("Answered: \"{value}\" in {column} means {answer}.")
            }
            Some(Question::DateOrder(column)) => {
                let order = match answer {
                    "dmy" => "day first (dmy)",
                    "mdy" => "month first (mdy)",
                    other => other,
                };
                format!("Answered: the dates of {column} are written {order}.")
            }
            Some(Question::Mode) => format!("Answered: the file is a {answer} file."),
            _ => format!("Answered: {key} = {answer}."),
        },
    }
}

/// `text` with the characters a person cannot see made visible: control characters, zero-width
/// spaces and joiners, and the direction marks and overrides that reorder what is shown
/// ("Trojan Source") become `⟨U+202E⟩`, so a finding about `1`, U+202E, `2` shows what is there
/// instead of `21`. For showing a value or a message (the page, the text output); never for the data.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\n') || crate::rules::whitespace::is_invisible(c) || c == '\u{AD}'
    };
    if !text.chars().any(hidden) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\u{27E8}U+{:04X}\u{27E9}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// `10000000` → `10,000,000`: how every count a person reads is written (the page's too).
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn fields(detail: Detail) -> usize {
    match detail {
        Detail::Fields(count) => count,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_shown() {
        assert_eq!(visible("Austin"), "Austin");
        assert_eq!(visible("1\u{202E}2"), "1\u{27E8}U+202E\u{27E9}2");
        assert_eq!(
            visible("a\u{200B}b\tc"),
            "a\u{27E8}U+200B\u{27E9}b\u{27E8}U+0009\u{27E9}c"
        );
        assert_eq!(visible("San Jos\u{E9}"), "San Jos\u{E9}");
    }

    #[test]
    fn every_code_has_a_message_that_mentions_its_value() {
        for &code in Code::ALL {
            let text = message(
                code,
                MessageArgs {
                    column: Some("sex"),
                    value: Some("VALUE"),
                    fixed: None,
                    detail: Detail::Fields(2),
                },
            );
            assert!(text.len() > 20, "{code}: {text}");
            assert!(!text.contains("{"), "{code}: {text}");
        }
        let text = message(
            Code::InvalidSex,
            MessageArgs {
                value: Some("M"),
                fixed: Some("male"),
                ..Default::default()
            },
        );
        assert_eq!(text, "\"M\" was changed to \"male\".");
    }
}
