//! `rostercheck`: check and fix a OneRoster demographics.csv from the command line.
//!
//! Exit status: 0 when no errors remain after fixes, 1 when errors remain, 2 when the file could
//! not be read (missing, not a CSV, bad arguments).

mod build;
mod bundle;
mod output;
mod run;
mod workbook;

use output::Findings;
use rostercheck_core::{Answers, Date, Options};
use run::{Failure, Source};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

const USAGE: &str = "\
rostercheck — check and fix a OneRoster demographics.csv for ClassLink and Amplify

Usage:
  rostercheck check [--format text|json] [--fix OUT.csv] [--today YYYY-MM-DD]
                    [--date-order COLUMN=mdy|dmy] [--mode bulk|delta]
                    [--answer KEY=ANSWER] [--answers FILE]
                    [--list-missing OUT.csv] [--sheet NAME] FILE...
  rostercheck build --suggest (--users users.csv | --demographics demographics.csv) LIST...
  rostercheck build --recipe R.json [--users users.csv] [--demographics demographics.csv]
                    [--out demographics.csv] [--leftovers OUT.csv] [--format text|json]
                    [--today YYYY-MM-DD] LIST...
  rostercheck rules
  rostercheck --version

FILE is demographics.csv (or - for standard input), a workbook (.xlsx, .xlsm, .xlsb, .xls,
.ods: read directly, every digit of a number-cell ID kept), or a whole OneRoster bundle: a
.zip, a folder, or several files (users.csv, roles.csv, manifest.csv, ...; workbooks too). In
a bundle every demographics row is looked up in users.csv, and manifest.csv is checked against
the files.
  --format text   findings grouped by rule, for people (default)
  --format json   one JSON object on standard output, for pipelines
  --fix OUT.csv   write the corrected demographics.csv (UTF-8, commas, safe fixes applied)
  --fix OUT.zip   write the corrected bundle: demographics.csv and manifest.csv corrected,
                  every other file as it was, all at the root of the zip
  --list-missing OUT.csv
                  write the students of users.csv who have no demographics row
  --today DATE    the date birth dates are judged against, as YYYY-MM-DD (default: today)
  --sheet NAME    the sheet of a workbook to check (default: the one whose header looks
                  like demographics.csv; when several do, rostercheck lists them)

Where a value has more than one right answer, rostercheck asks instead of guessing; the
questions are listed at the end (JSON: decisions), each with a KEY. Answer them with:
  --date-order birthDate=dmy   how 3/4/2012 reads in a date column: mdy (March 4) or dmy (3 April)
  --mode bulk                  bulk (clear status and dateLastModified) or delta (fill them)
  --answer KEY=ANSWER          any question by its key, e.g. value:countryOfBirthCode:Congo=CD
  --answers FILE               one KEY=ANSWER a line (# comments), to reuse every night

build fills demographics.csv (the rows of --demographics, or one a student of --users)
from SIS lists (CSV or workbooks: an English learner list, the meal list, race rows...),
each joined by its student number, directly or through users.csv identifier, username,
userIds or a metadata.* ID. --suggest prints a recipe (JSON): the key of each list, the
column each fills, and what each code becomes where only one answer is sensible; the codes
left (F in a one-letter meal column) are listed, to answer in the recipe. --recipe builds,
then checks the result as check does; --leftovers writes the list rows that matched no
student, the values two rows disagree on, and the students a list has no row for.

Exit status: 0 no errors remain after fixes, 1 errors remain, 2 a file could not be read
(or, for build, questions are left unanswered).";

#[derive(Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Debug)]
struct CheckArgs {
    format: Format,
    fix: Option<String>,
    today: Option<Date>,
    answers: Answers,
    /// The files given: one demographics.csv (or `-`), a zip, a folder, or several files.
    files: Vec<String>,
    list_missing: Option<String>,
    /// The sheet of a workbook to read.
    sheet: Option<String>,
}

impl CheckArgs {
    /// True when the files given are a bundle rather than one demographics.csv.
    fn is_bundle(&self) -> bool {
        match &self.files[..] {
            [one] if one == "-" => false,
            [one] => !workbook::is_workbook_file(one) && bundle::is_zip_or_folder(one),
            _ => true,
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => match parse_check_args(&args[1..]) {
            Ok(check_args) => run_check(&check_args),
            Err(problem) => usage_error(&problem),
        },
        Some("build") => match build::parse(&args[1..]) {
            Ok(build_args) => build::run(&build_args),
            Err(problem) => usage_error(&problem),
        },
        Some("rules") => {
            print_rules();
            ExitCode::SUCCESS
        }
        Some("--version" | "-V") => {
            println!("rostercheck {}", rostercheck_core::VERSION);
            ExitCode::SUCCESS
        }
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown command \"{other}\"")),
        None => usage_error("no command given"),
    }
}

pub(crate) fn usage_error(problem: &str) -> ExitCode {
    eprintln!("rostercheck: {problem}\n\n{USAGE}");
    ExitCode::from(2)
}

fn parse_check_args(args: &[String]) -> Result<CheckArgs, String> {
    let mut format = Format::Text;
    let mut fix = None;
    let mut today = None;
    let mut answers = Answers::default();
    let mut files: Vec<String> = Vec::new();
    let mut list_missing = None;
    let mut sheet = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--format" => {
                format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => return Err(format!("--format must be text or json, not \"{other}\"")),
                }
            }
            "--fix" => fix = Some(value("--fix")?),
            "--list-missing" => list_missing = Some(value("--list-missing")?),
            "--sheet" => sheet = Some(value("--sheet")?),
            "--today" => today = Some(parse_today(&value("--today")?)?),
            "--date-order" => {
                let given = value("--date-order")?;
                let (column, order) = given.split_once('=').ok_or_else(|| {
                    format!("--date-order is COLUMN=mdy or COLUMN=dmy, not \"{given}\"")
                })?;
                answers
                    .date_order(column.trim(), order.trim())
                    .map_err(|why| format!("--date-order: {why}"))?;
            }
            "--mode" => {
                let mode = value("--mode")?;
                answers.mode = Some(mode.parse().map_err(|why| format!("--mode: {why}"))?);
            }
            "--answer" => answers
                .give(&value("--answer")?)
                .map_err(|why| format!("--answer {why}"))?,
            "--answers" => {
                let path = value("--answers")?;
                let text = std::fs::read_to_string(&path)
                    .map_err(|error| format!("--answers: cannot read {path}: {error}"))?;
                answers
                    .read(&text)
                    .map_err(|why| format!("--answers {path}: {why}"))?;
            }
            "-" => files.push(arg.clone()),
            flag if flag.starts_with('-') => return Err(format!("unknown option \"{flag}\"")),
            path => files.push(path.to_owned()),
        }
    }
    if files.is_empty() {
        return Err("no FILE given".into());
    }
    if files.len() > 1 && files.iter().any(|f| f == "-") {
        return Err("standard input (-) can only be the one FILE".into());
    }
    let args = CheckArgs {
        format,
        fix,
        today,
        answers,
        files,
        list_missing,
        sheet,
    };
    if args.files.len() > 1 {
        if let Some(zip) = args.files.iter().find(|f| bundle::is_zip_or_folder(f)) {
            return Err(format!(
                "\"{zip}\" is a zip or a folder: give it alone, or give the CSV files"
            ));
        }
    }
    if !args.is_bundle() {
        if args.fix.as_deref().is_some_and(bundle::is_zip_name) {
            return Err(
                "--fix OUT.zip writes a bundle: give a zip, a folder or several files".into(),
            );
        }
        if args.list_missing.is_some() {
            return Err(
                "--list-missing needs users.csv: give a zip, a folder or several files".into(),
            );
        }
    }
    Ok(args)
}

/// `--today`: the core's strict ISO reading, as the web app's `?today=` uses, so the two agree
/// (`2026-1-2` is not a date for either). Surrounding spaces are ignored by both.
pub(crate) fn parse_today(text: &str) -> Result<Date, String> {
    text.trim()
        .parse()
        .map_err(|problem| format!("--today \"{text}\": {problem}"))
}

pub(crate) fn today() -> Date {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Date::from_unix_days((seconds / 86_400) as i64)
}

fn run_check(args: &CheckArgs) -> ExitCode {
    let options = options(args);
    if args.is_bundle() {
        if args.sheet.is_some() {
            // Which sheet of which workbook: a bundle's are read by their headers.
            return usage_error("--sheet NAME is for a workbook checked alone");
        }
        return bundle::run(args, &options);
    }
    if workbook::is_workbook_file(&args.files[0]) {
        return workbook::run(args, &options);
    }
    if args.sheet.is_some() {
        return usage_error("--sheet NAME is for a workbook checked alone");
    }
    run_one(args, &options)
}

/// The options of a check, from the arguments.
fn options(args: &CheckArgs) -> Options {
    let mut options = Options::new(args.today.unwrap_or_else(today));
    options.answers = args.answers.clone();
    options.write_output = args.fix.is_some();
    if args.format == Format::Text {
        // The text shows a few findings of each kind: the others are counted, never worded.
        options.max_per_kind = Some(output::SHOWN_PER_RULE);
    }
    options
}

/// Checks one demographics.csv (or standard input).
fn run_one(args: &CheckArgs, options: &Options) -> ExitCode {
    let file = &args.files[0];
    let mut source = if file == "-" {
        // Spooled only when a second pass may be needed (a corrected file is written).
        let spool = std::env::temp_dir().join(format!("rostercheck-{}.spool", std::process::id()));
        Source::Stdin(args.fix.is_some().then_some(spool))
    } else {
        if let Err(error) = std::fs::metadata(file) {
            eprintln!("rostercheck: cannot read {file}: {error}");
            return ExitCode::from(2);
        }
        Source::File(file.clone().into())
    };
    let shown_name = if file == "-" {
        "<stdin>"
    } else {
        file.as_str()
    };
    let json = args.format == Format::Json;
    let checked = Findings::start(json, shown_name, None).and_then(|mut out| {
        let report = run::check(&mut source, options, args.fix.as_deref(), &mut out, None)?;
        out.end(shown_name, &report, None)?;
        Ok(report)
    });
    let report = match checked {
        Ok(report) => report,
        Err(Failure::Read(error)) => {
            eprintln!("rostercheck: cannot read {file}: {error}");
            return ExitCode::from(2);
        }
        Err(Failure::Write(out, error)) => {
            eprintln!("rostercheck: cannot write {out}: {error}");
            return ExitCode::from(2);
        }
    };
    if !report.readable {
        return ExitCode::from(2);
    }
    if let (Some(out), Format::Text) = (&args.fix, &args.format) {
        println!(
            "Corrected file written to {out} ({} rows).",
            report.rows_out
        );
    }
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Every code from the registry: the code, what it is about, the rule that reports it, and
/// where the rule comes from.
fn print_rules() {
    for (code, rule, about) in rostercheck_core::registry() {
        let about = format!("{about:?}").to_lowercase();
        println!(
            "{:<28} {about:<7} {rule:<23} {}",
            code.as_str(),
            code.source()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<CheckArgs, String> {
        parse_check_args(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_arguments() {
        let parsed = args(&["--format", "json", "--fix", "out.csv", "in.csv"]).expect("valid");
        assert_eq!(parsed.format, Format::Json);
        assert_eq!(parsed.fix.as_deref(), Some("out.csv"));
        assert_eq!(parsed.files, ["in.csv"]);
        assert!(!parsed.is_bundle());
        assert!(args(&["--format", "xml", "in.csv"]).is_err());
        assert!(args(&["--fix"]).is_err());
        assert!(args(&[]).is_err());
        let several = args(&["a.csv", "b.csv"]).expect("a bundle of two files");
        assert!(several.is_bundle());
        assert!(args(&["a.csv", "-"]).is_err());
        assert!(args(&["--fix", "out.zip", "a.csv"]).is_err());
        assert!(args(&["--list-missing", "m.csv", "a.csv"]).is_err());
        assert!(args(&["--fix", "out.zip", "a.csv", "b.csv"]).is_ok());
        assert_eq!(
            args(&["--today", "2026-01-02", "-"]).expect("valid").today,
            Date::new(2026, 1, 2)
        );
        assert!(args(&["--today", "2026-02-30", "x"]).is_err());
    }

    #[test]
    fn parses_answers() {
        let parsed = args(&[
            "--date-order",
            "birthDate=dmy",
            "--mode",
            "bulk",
            "--answer",
            "value:countryOfBirthCode:Congo=CD",
            "in.csv",
        ])
        .expect("valid");
        let mut want = Answers::default();
        want.give("date-order:birthDate=dmy").unwrap();
        want.give("mode=bulk").unwrap();
        want.give("value:countryOfBirthCode:Congo=CD").unwrap();
        assert_eq!(parsed.answers, want);
        for bad in [
            &["--date-order", "birthDate", "x"][..],
            &["--date-order", "sex=dmy", "x"],
            &["--mode", "often", "x"],
            &["--answer", "nothing", "x"],
            &["--answers", "/no/such/file", "x"],
        ] {
            let problem = args(bad).expect_err(bad[0]);
            assert!(problem.starts_with(bad[0]), "{problem}");
        }
    }

    #[test]
    fn today_is_strict_iso() {
        assert_eq!(
            parse_today(" 2026-01-02 "),
            Ok(Date::new(2026, 1, 2).unwrap())
        );
        for text in ["2026-1-2", "+2026-01-02", "2026/01/02", "02/01/2026", ""] {
            let problem = parse_today(text).expect_err(text);
            assert!(problem.contains("expected YYYY-MM-DD"), "{problem}");
            assert!(problem.contains(&format!("\"{text}\"")), "{problem}");
        }
        let problem = parse_today("2026-02-30").expect_err("no such day");
        assert!(problem.contains("no such day"), "{problem}");
    }
}
