//! `rostercheck build`: demographics.csv filled from SIS lists by a recipe, then checked as
//! `check` checks a file (the same findings, the same exit status). `--suggest` prints the
//! recipe rostercheck proposes, with what is left for a person to answer.

use crate::output::Findings;
use crate::run::{write_file, Failure};
use crate::{parse_today, today, usage_error, workbook};
use rostercheck_core::build::{build, plan, suggest, Recipe, Sources, Table, TableError};
use rostercheck_core::{thousands, Date, Options};
use std::process::ExitCode;

/// The arguments of `rostercheck build`.
#[derive(Debug, Default)]
pub struct BuildArgs {
    suggest: bool,
    recipe: Option<String>,
    users: Option<String>,
    demographics: Option<String>,
    out: Option<String>,
    leftovers: Option<String>,
    today: Option<Date>,
    json: bool,
    lists: Vec<String>,
}

/// Reads the arguments after `build`.
pub fn parse(args: &[String]) -> Result<BuildArgs, String> {
    let mut parsed = BuildArgs::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--suggest" => parsed.suggest = true,
            "--recipe" => parsed.recipe = Some(value("--recipe")?),
            "--users" => parsed.users = Some(value("--users")?),
            "--demographics" => parsed.demographics = Some(value("--demographics")?),
            "--out" => parsed.out = Some(value("--out")?),
            "--leftovers" => parsed.leftovers = Some(value("--leftovers")?),
            "--today" => parsed.today = Some(parse_today(&value("--today")?)?),
            "--format" => {
                parsed.json = match value("--format")?.as_str() {
                    "text" => false,
                    "json" => true,
                    other => return Err(format!("--format must be text or json, not \"{other}\"")),
                }
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option \"{flag}\"")),
            path => parsed.lists.push(path.to_owned()),
        }
    }
    if parsed.lists.is_empty() {
        return Err("build needs at least one LIST".into());
    }
    if parsed.users.is_none() && parsed.demographics.is_none() {
        return Err("build needs --users users.csv or --demographics demographics.csv".into());
    }
    match (parsed.suggest, &parsed.recipe) {
        (true, Some(_)) => Err("give --suggest or --recipe, not both".into()),
        (false, None) => Err("build needs --recipe R.json (or --suggest to make one)".into()),
        (true, None) if parsed.out.is_some() || parsed.leftovers.is_some() => {
            Err("--suggest writes the recipe only: --out and --leftovers need --recipe".into())
        }
        _ => Ok(parsed),
    }
}

/// Which columns of a file a build keeps.
#[derive(Clone, Copy)]
enum Keep<'r> {
    /// users.csv's identifying columns (or, with a recipe, only those its routes read).
    Users(Option<&'r Recipe>),
    /// Every column (demographics.csv; a list when suggesting).
    All,
    /// A list's columns the recipe reads.
    ListFor(&'r Recipe),
}

/// Reads one file as a table: a workbook's sheet through the core's reader, else CSV.
fn read(path: &str, keep: Keep<'_>) -> Result<Table, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("cannot read {path}: {error}"))?;
    let name = std::path::Path::new(path)
        .file_name()
        .map_or(path.to_owned(), |n| n.to_string_lossy().into_owned());
    let bytes = if workbook::is_workbook_file(path) {
        match rostercheck_core::workbook::read(&bytes, &name, None) {
            Ok(converted) => converted.csv,
            Err(unread) => {
                let mut why = unread.finding.message.clone();
                if !unread.choices.is_empty() {
                    why = format!(
                        "it has several sheets ({}): save the one to use as CSV",
                        unread.choices.join(", ")
                    );
                }
                return Err(format!("cannot read {path}: {why}"));
            }
        }
    } else {
        bytes
    };
    let table = match keep {
        Keep::Users(None) => Sources::read_users(&name, &bytes),
        Keep::Users(Some(recipe)) => Table::read(&name, &bytes, &|h| recipe.reads_users_column(h)),
        Keep::All => Sources::read_table(&name, &bytes),
        Keep::ListFor(recipe) => Table::read(&name, &bytes, &|h| recipe.reads_list_column(h)),
    };
    table.map_err(|error| match error {
        TableError::NotText => format!("{path} is not a CSV file or a workbook"),
        TableError::TooLarge => format!("{path} holds more than 4 GB of text"),
    })
}

/// Runs `rostercheck build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    let today = args.today.unwrap_or_else(today);
    let recipe = match &args.recipe {
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {path}: {error}"))
            .and_then(|text| Recipe::from_json(&text).map_err(|why| format!("{path}: {why}")))
        {
            Ok(recipe) => Some(recipe),
            Err(problem) => return usage_error(&problem),
        },
        None => None,
    };
    let mut sources = Sources::default();
    let loaded = (|| -> Result<(), String> {
        if let Some(path) = &args.users {
            sources.users = Some(read(path, Keep::Users(recipe.as_ref()))?);
        }
        if let Some(path) = &args.demographics {
            sources.demographics = Some(read(path, Keep::All)?);
        }
        let list_keep = recipe.as_ref().map_or(Keep::All, Keep::ListFor);
        for path in &args.lists {
            sources.lists.push(read(path, list_keep)?);
        }
        Ok(())
    })();
    if let Err(problem) = loaded {
        eprintln!("rostercheck: {problem}");
        return ExitCode::from(2);
    }
    let Some(recipe) = recipe else {
        return run_suggest(&sources, today);
    };
    let built = match build(&sources, &recipe, today) {
        Ok(built) => built,
        Err(error) => {
            eprintln!("rostercheck: {error}");
            return ExitCode::from(2);
        }
    };
    let summary = &built.summary;
    if !args.json {
        println!(
            "Built demographics.csv for {} students (from {}).",
            thousands(summary.students as u64),
            summary.students_from
        );
        for list in &summary.lists {
            println!(
                "  {}: {} of {} rows match a student by {} ({}).",
                list.name,
                thousands(list.matched_rows as u64),
                thousands(list.rows as u64),
                list.key,
                list.via,
            );
            let left: Vec<String> = [
                (
                    list.unmatched_rows,
                    "row matches no student",
                    "rows match no student",
                ),
                (list.blank_key_rows, "row has no key", "rows have no key"),
                (
                    list.shared_key_rows,
                    "row has a key two students share",
                    "rows have a key two students share",
                ),
                (
                    list.students_without_row,
                    "student has no row (left blank)",
                    "students have no row (left blank)",
                ),
            ]
            .into_iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| count(n, one, many))
            .collect();
            if !left.is_empty() {
                println!("    {}.", left.join("; "));
            }
        }
        let filled: Vec<String> = summary
            .filled
            .iter()
            .map(|(column, n)| format!("{column} {}", thousands(*n as u64)))
            .collect();
        println!("  Values set: {}.", filled.join(", "));
        if summary.conflicts > 0 {
            println!(
                "  {}: two rows disagree (see --leftovers).",
                count(
                    summary.conflicts,
                    "value was left as it was",
                    "values were left as they were"
                )
            );
        }
    }
    if let Some(out) = &args.leftovers {
        if let Err(failure) = write_file(out, &built.leftovers) {
            return failed(failure);
        }
    }
    let mut options = Options::new(today);
    options.write_output = args.out.is_some();
    if !args.json {
        options.max_per_kind = Some(crate::output::SHOWN_PER_RULE);
    }
    let (mut report, corrected) = rostercheck_core::check_and_fix(&built.csv, &options);
    let name = "demographics.csv";
    let findings = std::mem::take(&mut report.findings);
    let shown = Findings::start(args.json, name, None).and_then(|mut out| {
        out.add(findings)?;
        out.end_build(name, &report, &built.summary.to_json())
    });
    if let Err(failure) = shown {
        return failed(failure);
    }
    if let Some(out) = &args.out {
        if let Err(failure) = write_file(out, &corrected) {
            return failed(failure);
        }
        if !args.json {
            println!("Built file written to {out} ({} rows).", report.rows_out);
        }
    }
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--suggest`: the recipe on standard output, what it does and what is left on standard
/// error.
fn run_suggest(sources: &Sources, today: Date) -> ExitCode {
    let recipe = suggest(sources, today);
    let plan = plan(sources, &recipe, today);
    print!("{}", recipe.to_json());
    eprintln!(
        "{} students (from {}).",
        thousands(plan.students as u64),
        plan.students_from
    );
    for list in &plan.lists {
        match list.pairings.first() {
            Some(_) if list.entry.is_some() => {
                let key = &recipe.lists[list.entry.unwrap_or(0)].key;
                eprintln!(
                    "{}: {} of {} rows match a student by {} ({}).",
                    list.name,
                    thousands(list.matched as u64),
                    thousands(list.rows as u64),
                    key.column,
                    rostercheck_core::build::Via::parse(&key.via)
                        .map_or(key.via.clone(), |v| v.label()),
                );
            }
            _ => eprintln!("{}: no column matches a student.", list.name),
        }
        for fill in &list.fills {
            eprintln!("  {} → {}", fill.from.join(", "), fill.to);
        }
    }
    if plan.questions.is_empty() {
        eprintln!("Nothing is left to answer: build with --recipe.");
    } else {
        eprintln!(
            "{} question(s) are left: answer each in the recipe's \"values\" (\"\" leaves it blank):",
            plan.questions.len()
        );
        for q in &plan.questions {
            eprintln!(
                "  {}: {} ({} rows)",
                q.list,
                q.question,
                thousands(q.rows as u64)
            );
        }
    }
    ExitCode::SUCCESS
}

/// `1 row matches…`, `2 rows match…`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        thousands(n as u64),
        if n == 1 { one } else { many }
    )
}

fn failed(failure: Failure) -> ExitCode {
    match failure {
        Failure::Read(error) => eprintln!("rostercheck: cannot read: {error}"),
        Failure::Write(out, error) => eprintln!("rostercheck: cannot write {out}: {error}"),
    }
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<BuildArgs, String> {
        parse(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_arguments() {
        let parsed = args(&[
            "--recipe", "r.json", "--users", "u.csv", "--out", "d.csv", "l.csv",
        ]);
        let parsed = parsed.expect("valid");
        assert_eq!(parsed.lists, ["l.csv"]);
        assert!(args(&["--suggest", "--users", "u.csv", "l.csv"]).is_ok());
        for (bad, says) in [
            (&["--recipe", "r.json", "--users", "u.csv"][..], "LIST"),
            (&["--recipe", "r.json", "l.csv"], "--users"),
            (&["--users", "u.csv", "l.csv"], "--recipe"),
            (
                &["--suggest", "--recipe", "r", "--users", "u", "l"],
                "not both",
            ),
            (&["--suggest", "--out", "o", "--users", "u", "l"], "--out"),
        ] {
            let problem = args(bad).expect_err(says);
            assert!(problem.contains(says), "{problem}");
        }
    }
}
