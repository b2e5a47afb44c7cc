//! `rostercheck`: check and fix a OneRoster demographics.csv from the command line.
//!
//! Exit status: 0 when no errors remain after fixes, 1 when errors remain, 2 when the file could
//! not be read (missing, not a CSV, bad arguments).

use rostercheck_core::{check_and_fix, Checker, Code, Date, Finding, Options, Report, Severity};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

const USAGE: &str = "\
rostercheck — check and fix a OneRoster demographics.csv for ClassLink and Amplify

Usage:
  rostercheck check [--format text|json] [--fix OUT.csv] [--today YYYY-MM-DD] FILE
  rostercheck rules
  rostercheck --version

FILE may be - for standard input.
  --format text   findings grouped by rule, for people (default)
  --format json   one JSON object on standard output, for pipelines
  --fix OUT.csv   write the corrected file (UTF-8, commas, safe fixes applied)
  --today DATE    the date birth dates are judged against (default: today)

Exit status: 0 no errors remain after fixes, 1 errors remain, 2 the file could not be read.";

/// How many findings of each rule the text output lists.
const SHOWN_PER_RULE: usize = 5;

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
    file: String,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => match parse_check_args(&args[1..]) {
            Ok(check_args) => run_check(&check_args),
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

fn usage_error(problem: &str) -> ExitCode {
    eprintln!("rostercheck: {problem}\n\n{USAGE}");
    ExitCode::from(2)
}

fn parse_check_args(args: &[String]) -> Result<CheckArgs, String> {
    let mut format = Format::Text;
    let mut fix = None;
    let mut today = None;
    let mut file = None;
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
            "--today" => {
                let text = value("--today")?;
                today = Some(
                    parse_iso_date(&text)
                        .ok_or_else(|| format!("--today must be YYYY-MM-DD, not \"{text}\""))?,
                );
            }
            "-" => file = Some(arg.clone()),
            flag if flag.starts_with('-') => return Err(format!("unknown option \"{flag}\"")),
            path if file.is_none() => file = Some(path.to_owned()),
            extra => return Err(format!("only one FILE, got another: \"{extra}\"")),
        }
    }
    let file = file.ok_or("no FILE given")?;
    Ok(CheckArgs {
        format,
        fix,
        today,
        file,
    })
}

fn parse_iso_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some(())?;
    Date::new(year, month, day)
}

fn today() -> Date {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Date::from_unix_days((seconds / 86_400) as i64)
}

fn run_check(args: &CheckArgs) -> ExitCode {
    let mut options = Options::new(args.today.unwrap_or_else(today));
    options.write_output = args.fix.is_some();
    let checked = if args.file == "-" {
        check_stdin(&options, args.fix.as_deref())
    } else {
        check_file(&args.file, &options, args.fix.as_deref())
    };
    let report = match checked {
        Ok(report) => report,
        Err(Failure::Read(error)) => {
            eprintln!("rostercheck: cannot read {}: {error}", args.file);
            return ExitCode::from(2);
        }
        Err(Failure::Write(out, error)) => {
            eprintln!("rostercheck: cannot write {out}: {error}");
            return ExitCode::from(2);
        }
    };
    let shown_name = if args.file == "-" {
        "<stdin>"
    } else {
        args.file.as_str()
    };
    let mut stdout = std::io::stdout().lock();
    let printed = match args.format {
        Format::Json => writeln!(stdout, "{}", report.to_json(shown_name)),
        Format::Text => stdout.write_all(text_report(shown_name, &report).as_bytes()),
    };
    if printed.is_err() || !report.readable {
        return ExitCode::from(2);
    }
    if let (Some(out), Format::Text) = (&args.fix, &args.format) {
        let _ = writeln!(
            stdout,
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

enum Failure {
    Read(std::io::Error),
    Write(String, std::io::Error),
}

/// Size of the pieces a file is read in: memory stays small however large the file is.
const CHUNK: usize = 1 << 20;

/// Streams a file through the checker, writing the corrected file as it goes (to `OUT.part`,
/// renamed at the end). When the end of the file changes the layout (rare), the file is read a
/// second time.
fn check_file(path: &str, options: &Options, fix: Option<&str>) -> Result<Report, Failure> {
    let mut file = std::fs::File::open(path).map_err(Failure::Read)?;
    let part = fix.map(|out| format!("{out}.part"));
    let write_error = |e| Failure::Write(fix.unwrap_or_default().to_owned(), e);
    let mut writer = match &part {
        Some(part) => Some(std::io::BufWriter::new(
            std::fs::File::create(part).map_err(write_error)?,
        )),
        None => None,
    };
    let mut checker = Checker::new(options.clone());
    let mut buffer = vec![0; CHUNK];
    loop {
        let read = file.read(&mut buffer).map_err(Failure::Read)?;
        if read == 0 {
            break;
        }
        checker.feed(&buffer[..read]);
        if let Some(writer) = writer.as_mut() {
            writer
                .write_all(&checker.take_output())
                .map_err(write_error)?;
        }
    }
    let (mut report, rest) = checker.finish();
    let (Some(mut writer), Some(part), Some(out)) = (writer, part, fix) else {
        return Ok(report);
    };
    if report.needs_second_pass {
        let input = std::fs::read(path).map_err(Failure::Read)?;
        let (again, corrected) = check_and_fix(&input, options);
        report = again;
        writer = std::io::BufWriter::new(std::fs::File::create(&part).map_err(write_error)?);
        writer.write_all(&corrected).map_err(write_error)?;
    } else {
        writer.write_all(&rest).map_err(write_error)?;
    }
    writer.flush().map_err(write_error)?;
    drop(writer);
    if report.readable {
        std::fs::rename(&part, out).map_err(write_error)?;
    } else {
        let _ = std::fs::remove_file(&part);
    }
    Ok(report)
}

/// Standard input cannot be read twice: it is read whole.
fn check_stdin(options: &Options, fix: Option<&str>) -> Result<Report, Failure> {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .map_err(Failure::Read)?;
    let (report, corrected) = check_and_fix(&input, options);
    if let (Some(out), true) = (fix, report.readable) {
        std::fs::write(out, corrected).map_err(|e| Failure::Write(out.to_owned(), e))?;
    }
    Ok(report)
}

/// Findings grouped by rule, worst first, each with its first few lines, like a compiler.
fn text_report(file: &str, report: &Report) -> String {
    let mut groups: BTreeMap<(std::cmp::Reverse<Severity>, Code), Vec<&Finding>> = BTreeMap::new();
    for finding in &report.findings {
        groups
            .entry((std::cmp::Reverse(finding.severity), finding.code))
            .or_default()
            .push(finding);
    }
    let mut out = String::new();
    for ((severity, code), findings) in &groups {
        let total = report
            .by_code
            .get(code)
            .map_or(findings.len() as u64, |t| match severity.0 {
                Severity::Error => t.errors,
                Severity::Warning => t.warnings,
                Severity::Info => t.infos,
            });
        out.push_str(&format!(
            "{}[{}]: {} {}\n",
            severity.0,
            code,
            total,
            plural(total, "finding")
        ));
        for finding in findings.iter().take(SHOWN_PER_RULE) {
            let column = finding
                .column
                .as_deref()
                .map(|c| format!(" {c}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  --> {file}:{}{column}: {}\n",
                finding.line, finding.message
            ));
        }
        if total as usize > SHOWN_PER_RULE {
            out.push_str(&format!(
                "  ... and {} more\n",
                total as usize - SHOWN_PER_RULE
            ));
        }
        out.push('\n');
    }
    let t = &report.totals;
    out.push_str(&format!(
        "{file}: {} {}, {} {}, {} {}, {} {}; {} {} applied.\n",
        report.rows,
        plural(report.rows, "row"),
        t.errors,
        plural(t.errors, "error"),
        t.warnings,
        plural(t.warnings, "warning"),
        t.infos,
        plural(t.infos, "info"),
        t.fixes,
        plural(t.fixes, "fix"),
    ));
    out.push_str(if !report.readable {
        "Verdict: this is not a CSV file ClassLink can read.\n"
    } else if report.has_errors() {
        "Verdict: ClassLink would reject or drop data from this file until the errors are resolved.\n"
    } else {
        "Verdict: after the fixes, ClassLink can take this file.\n"
    });
    out
}

fn plural(count: u64, word: &str) -> String {
    match (count, word) {
        (1, _) => word.to_owned(),
        (_, "fix") => "fixes".to_owned(),
        _ => format!("{word}s"),
    }
}

fn print_rules() {
    for code in Code::ALL {
        println!("{:<28} {}", code.as_str(), code.source());
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
        assert_eq!(parsed.file, "in.csv");
        assert!(args(&["--format", "xml", "in.csv"]).is_err());
        assert!(args(&["--fix"]).is_err());
        assert!(args(&[]).is_err());
        assert!(args(&["a.csv", "b.csv"]).is_err());
        assert_eq!(
            args(&["--today", "2026-01-02", "-"]).expect("valid").today,
            Date::new(2026, 1, 2)
        );
        assert!(args(&["--today", "2026-02-30", "x"]).is_err());
    }
}
