//! Findings for people (grouped by rule, worst first, like a compiler) or for pipelines (one
//! JSON object), written as the check goes: JSON findings go straight to standard output, and
//! the text output keeps only the few per rule it shows.

use crate::run::Failure;
use rostercheck_core::bundle::BundleReport;
use rostercheck_core::{json_start, Code, Finding, Report, Severity};
use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

/// How many findings of each rule the text output lists.
pub const SHOWN_PER_RULE: usize = 5;

/// Where findings go while the file is checked.
pub enum Findings {
    /// For people: the first few of each rule, printed at the end.
    Text(Groups),
    /// For pipelines: each finding written to standard output as it comes, by a thread of its
    /// own while the check goes on (measured: `scripts/bench.sh`, see BENCHMARKS.md; writing
    /// the JSON of a million findings is a third of the work of such a check).
    Json(JsonWriter),
}

/// The text output's findings: a few of each kind, worst first; and, in a bundle, the name of
/// the demographics file for the findings that name none.
pub struct Groups {
    groups: BTreeMap<(Reverse<Severity>, Code), Vec<Finding>>,
    default_file: Option<String>,
}

/// The thread that writes JSON findings, and the batches on their way to it.
pub struct JsonWriter {
    /// `None` once no more are sent.
    batches: Option<SyncSender<Vec<Finding>>>,
    thread: Option<JoinHandle<Result<(Stdout, u64), Failure>>>,
    /// Standard output back from the thread, once every finding sent is written, and how many
    /// were written (the findings made after, a bundle's manifest.csv's, are written here).
    out: Option<Stdout>,
    written: u64,
    default_file: Option<String>,
}

type Stdout = BufWriter<Box<dyn Write + Send>>;

impl JsonWriter {
    fn start(mut out: Stdout, default_file: Option<String>) -> JsonWriter {
        let in_thread = default_file.clone();
        // A few batches in flight: the check does not wait for the writer, nor run far ahead of
        // it (each batch is the findings of one piece read, 1 MB).
        let (batches, received) = sync_channel::<Vec<Finding>>(4);
        let thread = std::thread::spawn(move || {
            let mut written = 0u64;
            for batch in received {
                write_batch(&mut out, &mut written, batch, in_thread.as_deref())?;
            }
            Ok((out, written))
        });
        JsonWriter {
            batches: Some(batches),
            thread: Some(thread),
            out: None,
            written: 0,
            default_file,
        }
    }

    fn send(&mut self, findings: Vec<Finding>) -> Result<(), Failure> {
        if findings.is_empty() {
            return Ok(());
        }
        let Some(batches) = self.batches.as_ref() else {
            // After the wait: written here.
            return self.write_here(findings);
        };
        if batches.send(findings).is_ok() {
            return Ok(());
        }
        // The writer stopped on an error, which waiting for it gives.
        self.wait().and(Err(stopped()))
    }

    fn write_here(&mut self, findings: Vec<Finding>) -> Result<(), Failure> {
        let out = self.out.as_mut().ok_or_else(stopped)?;
        let default_file = self.default_file.as_deref();
        write_batch(out, &mut self.written, findings, default_file)
    }

    /// Waits for every finding sent to be written; none can be sent after.
    fn wait(&mut self) -> Result<(), Failure> {
        self.batches = None;
        if let Some(thread) = self.thread.take() {
            let (out, written) = thread.join().unwrap_or_else(|_| Err(stopped()))?;
            self.out = Some(out);
            self.written = written;
        }
        self.out.as_ref().map(|_| ()).ok_or_else(stopped)
    }
}

/// Writes `findings` after the `written` ones, a comma between two.
fn write_batch(
    out: &mut Stdout,
    written: &mut u64,
    findings: Vec<Finding>,
    default_file: Option<&str>,
) -> Result<(), Failure> {
    for finding in findings {
        if *written > 0 {
            out.write_all(b",").map_err(stdout_error)?;
        }
        (finding.write_json_in(&mut *out, default_file)).map_err(stdout_error)?;
        *written += 1;
    }
    Ok(())
}

impl Drop for JsonWriter {
    /// A check that fails for another reason (the input cannot be read) still lets the writer
    /// finish what it was given, instead of ending the program in the middle of a finding.
    fn drop(&mut self) {
        let _ = self.wait();
    }
}

fn stopped() -> Failure {
    Failure::Write(
        "standard output".into(),
        std::io::Error::other("the JSON writer stopped"),
    )
}

/// Standard output without its line buffering, where the system allows: the JSON is one long
/// line, and the line buffer searched every byte of it for a line break (measured: callgrind,
/// `check --format json` on 100,000 Excel-style rows, 2.3 % of the instructions in `memrchr`).
/// Elsewhere (a Windows console wants its own writes), standard output as it is.
fn unbuffered_stdout() -> Box<dyn Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout())
}

fn stdout_error(error: std::io::Error) -> Failure {
    Failure::Write("standard output".into(), error)
}

impl Findings {
    /// Starts the output for `file`.
    /// Starts the output for `file`; in a bundle, `default_file` names the demographics file
    /// for the findings that name no file.
    pub fn start(
        json: bool,
        file: &str,
        default_file: Option<String>,
    ) -> Result<Findings, Failure> {
        if !json {
            return Ok(Findings::Text(Groups {
                groups: BTreeMap::new(),
                default_file,
            }));
        }
        let mut out = BufWriter::with_capacity(1 << 16, unbuffered_stdout());
        out.write_all(json_start(file).as_bytes())
            .map_err(stdout_error)?;
        Ok(Findings::Json(JsonWriter::start(out, default_file)))
    }

    /// Takes findings as the checker makes them.
    pub fn add(&mut self, findings: Vec<Finding>) -> Result<(), Failure> {
        match self {
            Findings::Text(Groups { groups, .. }) => {
                for finding in findings {
                    let group = groups
                        .entry((Reverse(finding.severity), finding.code))
                        .or_default();
                    if group.len() < SHOWN_PER_RULE {
                        group.push(finding);
                    }
                }
                Ok(())
            }
            Findings::Json(writer) => writer.send(findings),
        }
    }

    /// Waits until every finding taken so far is out (so a failure to write them is known
    /// before the corrected file is kept). No finding can be added after.
    pub fn wait(&mut self) -> Result<(), Failure> {
        match self {
            Findings::Json(writer) => writer.wait(),
            Findings::Text(_) => Ok(()),
        }
    }

    /// Ends the output with the counts of `report`, and of `bundle` when it is one.
    pub fn end(
        self,
        file: &str,
        report: &Report,
        bundle: Option<&BundleReport>,
    ) -> Result<(), Failure> {
        match self {
            Findings::Json(mut writer) => {
                writer.wait()?;
                let mut out = writer.out.take().ok_or_else(stopped)?;
                let end = bundle.map_or_else(|| report.json_end(), BundleReport::json_end);
                out.write_all(format!("{end}\n").as_bytes())
                    .map_err(stdout_error)?;
                out.flush().map_err(stdout_error)
            }
            Findings::Text(groups) => {
                let text = text_report(file, report, &groups, bundle);
                let mut stdout = std::io::stdout().lock();
                stdout.write_all(text.as_bytes()).map_err(stdout_error)
            }
        }
    }
}

impl Findings {
    /// Ends the output of a build: as [`Findings::end`], with the JSON object's last member
    /// `build` (what the build did: `summary_json`).
    pub fn end_build(self, file: &str, report: &Report, summary_json: &str) -> Result<(), Failure> {
        match self {
            Findings::Json(mut writer) => {
                writer.wait()?;
                let mut out = writer.out.take().ok_or_else(stopped)?;
                let end = report.json_end();
                let end = end.strip_suffix('}').unwrap_or(&end);
                out.write_all(format!("{end},\"build\":{summary_json}}}\n").as_bytes())
                    .map_err(stdout_error)?;
                out.flush().map_err(stdout_error)
            }
            text => text.end(file, report, None),
        }
    }
}

fn text_report(
    file: &str,
    report: &Report,
    groups: &Groups,
    bundle: Option<&BundleReport>,
) -> String {
    let mut out = String::new();
    for ((severity, code), findings) in &groups.groups {
        let total = report.by_code.get(code).map_or(0, |t| match severity.0 {
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
        for finding in findings {
            let column = finding
                .column
                .as_deref()
                .map(|c| format!(" {c}"))
                .unwrap_or_default();
            let place = (finding.file.as_deref())
                .or(groups.default_file.as_deref())
                .unwrap_or(file);
            // A direction override in a value must not reorder the terminal's line.
            // Line 0 of a bundle's other file: about the whole file (a demographics.csv alone
            // keeps its `:0`, as before bundles).
            let line = match (finding.line, &finding.file, &finding.cell) {
                (0, Some(_), _) => String::new(),
                (line, _, Some(cell)) => format!(":{line} [{}]", rostercheck_core::visible(cell)),
                (line, _, None) => format!(":{line}"),
            };
            out.push_str(&format!(
                "  --> {}{line}{column}: {}\n",
                rostercheck_core::visible(place),
                rostercheck_core::visible(&finding.message)
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
    out.push_str(&decisions(report));
    if !report.answers.is_empty() {
        out.push_str("Answers applied:\n");
        for answer in &report.answers {
            out.push_str(&format!("  {answer}\n"));
        }
        out.push('\n');
    }
    if let Some(bundle) = bundle {
        out.push_str(&files(bundle));
    }
    out.push_str(&summary(file, report));
    out
}

/// The bundle's files, what each is, and the students of users.csv.
fn files(bundle: &BundleReport) -> String {
    let mut out = String::from("Files:\n");
    let width = (bundle.files.iter())
        .map(|f| f.name.chars().count())
        .max()
        .unwrap_or(0);
    for file in &bundle.files {
        let rows = file
            .rows
            .map(|rows| format!(", {rows} {}", plural(rows, "row")))
            .unwrap_or_default();
        let unused = if file.used || file.kind.canonical_name().is_none() {
            ""
        } else {
            " (a second copy, not read)"
        };
        out.push_str(&format!(
            "  {:<width$}  {}{rows}{unused}\n",
            rostercheck_core::visible(&file.name),
            file.kind.label(),
        ));
    }
    if let Some(roster) = &bundle.roster {
        match (roster.students, roster.with_demographics) {
            (Some(students), Some(with)) => out.push_str(&format!(
                "Students: {students} in users.csv; {with} with a demographics row, {} without.\n",
                students - with
            )),
            _ => out.push_str(&format!(
                "Users: {} in users.csv (no role given, so students are not counted).\n",
                roster.users
            )),
        }
    }
    out.push('\n');
    out
}

/// The open questions, each with the flag that answers it.
fn decisions(report: &Report) -> String {
    let mut out = String::new();
    for decision in &report.decisions {
        out.push_str(&format!(
            "decision[{}]: {} ({} {})\n  {}\n",
            decision.key,
            decision.question,
            decision.rows,
            plural(decision.rows, "row"),
            decision.evidence
        ));
        for choice in &decision.choices {
            out.push_str(&format!(
                "  --answer {}={:<10} {}\n",
                decision.key, choice.answer, choice.label
            ));
        }
        out.push('\n');
    }
    out
}

fn summary(file: &str, report: &Report) -> String {
    let t = &report.totals;
    let mut out = format!(
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
    );
    let workbook = (report.findings.iter())
        .any(|f| matches!(f.code, Code::WorkbookUnreadable | Code::WorkbookSheet));
    out.push_str(if !report.readable && workbook {
        "Verdict: no sheet of this workbook was read, so nothing was checked.\n"
    } else if !report.readable {
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
