//! `rostercheck check` on a whole OneRoster bundle — a zip, a folder or several files: the
//! files recognised, users.csv (and roles.csv) read into the set of users, demographics.csv
//! streamed through the same check as a file alone, manifest.csv checked, and `--fix OUT.zip`
//! writes the corrected bundle.

use crate::output::Findings;
use crate::run::{self, Failure, Member};
use crate::{CheckArgs, Format};
use rostercheck_core::bundle::{
    write_zip, Archive, Bundle, BundleReport, FileKind, Files, Stamp, Users,
};
use rostercheck_core::workbook::{self, Converted};
use rostercheck_core::{Finding, Options, Report};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// True for a name ending in `.zip`.
pub fn is_zip_name(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".zip")
}

/// True when `path` is a folder, or a zip (by its name or its first bytes).
pub fn is_zip_or_folder(path: &str) -> bool {
    let path = Path::new(path);
    if path.is_dir() || is_zip_name(&path.to_string_lossy()) {
        return true;
    }
    // Workbooks and documents are zips too: those are told apart by the check of one file.
    let extension = (path.extension()).map(|e| e.to_string_lossy().to_ascii_lowercase());
    let document = [
        "xlsx", "xlsm", "xlsb", "xltx", "ods", "docx", "pptx", "odt", "jar",
    ];
    if extension.is_some_and(|e| document.contains(&e.as_str())) {
        return false;
    }
    let mut head = Vec::new();
    let read = File::open(path).and_then(|file| file.take(256).read_to_end(&mut head));
    read.is_ok() && rostercheck_core::bundle::is_bundle_zip(&head)
}

/// Files on disk: the files given, or a folder's. A workbook among them is read into the CSV
/// of its sheet that looks like a OneRoster file, which stands for it in the bundle.
struct Loose {
    paths: Vec<PathBuf>,
    names: Vec<String>,
    /// Per file, the sheet a workbook was read into (the CSV, and where it came from).
    sheets: Vec<Option<Converted>>,
    /// What reading the workbooks found that stops one being read (password, damaged…).
    unread: Vec<Finding>,
}

impl Loose {
    /// Reads each workbook among the files into its sheet's CSV.
    fn read_workbooks(&mut self) {
        self.sheets = (self.paths.iter().zip(&self.names))
            .map(|(path, name)| {
                if !crate::workbook::is_workbook_file(&path.to_string_lossy()) {
                    return None;
                }
                let read = std::fs::read(path).map_err(|e| e.to_string());
                match read.map(|bytes| workbook::read(&bytes, name, None)) {
                    // Only a file the bundle reads stands in it as its sheet's CSV; any other
                    // workbook is left as it is (and said nothing about).
                    Ok(Ok(converted)) => Some(converted).filter(|c| c.sheet.is_roster_file()),
                    Ok(Err(unread)) => {
                        if workbook::named_as_roster_file(name) {
                            let mut finding = *unread.finding;
                            finding.file = Some(name.clone());
                            self.unread.push(finding);
                        }
                        None
                    }
                    // Said when the bundle reads it.
                    Err(_) => None,
                }
            })
            .collect();
    }

    /// The findings of reading the workbooks (a sheet chosen, formulas, error cells…): in the
    /// file they came from, but demographics.csv's, which are its own.
    fn reading_findings(&self, demographics: Option<usize>) -> Vec<Finding> {
        let mut found = self.unread.clone();
        for (index, converted) in self.sheets.iter().enumerate() {
            if let Some(converted) = converted {
                let file = (Some(index) != demographics).then(|| self.names[index].as_str());
                found.extend(converted.sheet.findings_in(file));
            }
        }
        found
    }
}

impl Files for Loose {
    fn len(&self) -> usize {
        self.paths.len()
    }

    fn name(&self, index: usize) -> &str {
        &self.names[index]
    }

    fn open(&mut self, index: usize) -> std::io::Result<Box<dyn Read + '_>> {
        if let Some(Some(converted)) = self.sheets.get(index) {
            return Ok(Box::new(&converted.csv[..]));
        }
        Ok(Box::new(File::open(&self.paths[index])?))
    }

    fn modified(&self, index: usize) -> Option<Stamp> {
        let modified = std::fs::metadata(&self.paths[index])
            .ok()?
            .modified()
            .ok()?;
        let seconds = modified
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs();
        Some(Stamp::from_unix(seconds))
    }

    fn size(&self, index: usize) -> Option<u64> {
        if let Some(Some(converted)) = self.sheets.get(index) {
            return Some(converted.csv.len() as u64);
        }
        std::fs::metadata(&self.paths[index]).ok().map(|m| m.len())
    }
}

/// Files a folder holds that are not the district's (left out, as a zip's junk is).
fn is_junk(name: &str) -> bool {
    name.starts_with('.')
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

fn loose(given: &[String]) -> Result<Loose, String> {
    let mut paths = Vec::new();
    match given {
        [folder] => {
            let entries =
                std::fs::read_dir(folder).map_err(|e| format!("cannot read {folder}: {e}"))?;
            for entry in entries {
                let entry = entry.map_err(|e| format!("cannot read {folder}: {e}"))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.path().is_file() && !is_junk(&name) {
                    paths.push(entry.path());
                }
            }
            paths.sort();
        }
        files => {
            for file in files {
                match std::fs::metadata(file) {
                    Ok(meta) if meta.is_file() => paths.push(PathBuf::from(file)),
                    Ok(_) => return Err(format!("cannot read {file}: not a file")),
                    Err(error) => return Err(format!("cannot read {file}: {error}")),
                }
            }
        }
    }
    let most = rostercheck_core::bundle::ZipLimits::default().entries;
    if paths.len() > most {
        return Err(format!(
            "{}: {} files, where a OneRoster bundle has about 20 (at most {most} are read)",
            given.join(", "),
            paths.len()
        ));
    }
    let names = paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let mut loose = Loose {
        paths,
        names,
        sheets: Vec::new(),
        unread: Vec::new(),
    };
    loose.read_workbooks();
    Ok(loose)
}

/// The bundle: a zip's members, or files on disk.
enum Input {
    Zip(Archive<BufReader<File>>),
    Loose(Loose),
}

impl Input {
    fn files(&mut self) -> &mut dyn Files {
        match self {
            Input::Zip(archive) => archive,
            Input::Loose(loose) => loose,
        }
    }

    /// Writes the corrected bundle (a zip's unchanged members copied as they are).
    fn write(
        &mut self,
        report: &BundleReport,
        corrected: Option<&mut dyn Read>,
        out: BufWriter<File>,
    ) -> std::io::Result<BufWriter<File>> {
        match self {
            Input::Zip(archive) => archive.write_corrected(report, corrected, out),
            Input::Loose(loose) => write_zip(loose, report, corrected, out),
        }
    }
}

/// Removes a file when dropped (a temporary file, whatever happens).
struct Temporary(String);

impl Drop for Temporary {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Checks the bundle `args` gives.
pub fn run(args: &CheckArgs, options: &Options) -> ExitCode {
    let json = args.format == Format::Json;
    let given = &args.files[0];
    let zipped = args.files.len() == 1 && !Path::new(given).is_dir();
    if zipped {
        let file = match File::open(given) {
            Ok(file) => file,
            Err(error) => return cannot_read(given, &error),
        };
        match Archive::open(BufReader::new(file), given) {
            Ok(mut archive) => {
                let bundle = Bundle::open_zip(&mut archive);
                check(args, options, given, &mut Input::Zip(archive), bundle)
            }
            Err(refused) => {
                // Nothing was read and nothing is written: the refusal is the report.
                let mut report = Report {
                    delimiter: ',',
                    ..Report::default()
                };
                report.count(&refused);
                let shown = Findings::start(json, given, None).and_then(|mut out| {
                    out.add(vec![*refused])?;
                    out.end(given, &report, None)
                });
                match shown {
                    Ok(()) => ExitCode::from(2),
                    Err(failure) => failed(given, failure),
                }
            }
        }
    } else {
        let mut files = match loose(&args.files) {
            Ok(files) => files,
            Err(problem) => {
                eprintln!("rostercheck: {problem}");
                return ExitCode::from(2);
            }
        };
        let shown = if args.files.len() == 1 {
            given.clone()
        } else {
            args.files.join(", ")
        };
        let bundle = Bundle::open(&mut files, &shown);
        check(args, options, &shown, &mut Input::Loose(files), bundle)
    }
}

/// A member of the zip `name` that cannot be unzipped: the zip's fault, said as such.
fn damaged(name: &str, error: &std::io::Error) -> ExitCode {
    eprintln!("rostercheck: {name}: a file in the zip could not be unzipped ({error}); make the zip again. Nothing was written.");
    ExitCode::from(2)
}

fn cannot_read(name: &str, error: &std::io::Error) -> ExitCode {
    eprintln!("rostercheck: cannot read {name}: {error}");
    ExitCode::from(2)
}

fn failed(name: &str, failure: Failure) -> ExitCode {
    match failure {
        Failure::Read(error) => cannot_read(name, &error),
        Failure::Write(out, error) => {
            eprintln!("rostercheck: cannot write {out}: {error}");
            ExitCode::from(2)
        }
    }
}

fn check(
    args: &CheckArgs,
    options: &Options,
    shown: &str,
    input: &mut Input,
    bundle: std::io::Result<Bundle>,
) -> ExitCode {
    let mut bundle = match bundle {
        Ok(bundle) => bundle,
        Err(error) if matches!(input, Input::Zip(_)) => return damaged(shown, &error),
        Err(error) => return cannot_read(shown, &error),
    };
    let demographics = bundle.demographics();
    let users = bundle.users().cloned();
    let default_file = demographics.map(|index| input.files().name(index).to_owned());
    let zip_out = args.fix.as_deref().filter(|out| is_zip_name(out));
    // The corrected demographics.csv: the file asked for, or a temporary one for the zip.
    let temporary = zip_out.map(|out| Temporary(format!("{out}.demographics.tmp")));
    let target = match (&temporary, &args.fix) {
        (Some(temporary), _) => Some(temporary.0.clone()),
        (None, fix) => fix.clone(),
    };
    let json = args.format == Format::Json;
    // Workbooks among loose files: what reading them found, and the demographics sheet's
    // cells for the check's findings.
    let (reading, sheet) = match input {
        Input::Loose(loose) => {
            let sheet =
                demographics.and_then(|i| loose.sheets[i].as_ref().map(|c| c.sheet.clone()));
            (loose.reading_findings(demographics), sheet)
        }
        Input::Zip(_) => (Vec::new(), None),
    };
    let checked = Findings::start(json, shown, default_file).and_then(|mut out| {
        out.add(bundle.take_findings())?;
        out.add(reading.clone())?;
        let report = match demographics {
            Some(index) => {
                let options = bundle.options(options);
                let mut member = Member {
                    files: input.files(),
                    index,
                };
                Some(run::check(
                    &mut member,
                    &options,
                    target.as_deref(),
                    &mut out,
                    sheet.as_ref(),
                )?)
            }
            None => None,
        };
        let mut bundle_report = bundle.finish(report);
        for finding in &reading {
            bundle_report.report.count(finding);
        }
        out.add(bundle_report.report.findings.clone())?;
        out.end(shown, &bundle_report.report, Some(&bundle_report))?;
        Ok(bundle_report)
    });
    let bundle_report = match checked {
        Ok(report) => report,
        // A member that cannot be unzipped: the zip's fault, said as such.
        Err(Failure::Read(error)) if matches!(input, Input::Zip(_)) => {
            return damaged(shown, &error)
        }
        Err(failure) => return failed(shown, failure),
    };
    let report = &bundle_report.report;
    if !report.readable {
        return ExitCode::from(2);
    }
    if let Some(out) = zip_out {
        let corrected = target.as_deref().filter(|_| demographics.is_some());
        if let Err(failure) = write_bundle(input, &bundle_report, corrected, out) {
            return failed(shown, failure);
        }
        if !json {
            println!(
                "Corrected bundle written to {out} ({} files).",
                bundle_report.files.len()
            );
        }
    } else if let (Some(out), false) = (&args.fix, json) {
        match demographics {
            Some(_) => println!(
                "Corrected file written to {out} ({} rows).",
                report.rows_out
            ),
            None => println!("The bundle has no demographics.csv: nothing was written to {out}."),
        }
    }
    if let Some(list) = &args.list_missing {
        match list_missing(input.files(), &bundle_report, users.as_deref(), list) {
            Ok(Some(count)) if !json => {
                println!("{count} students without demographics listed in {list}.")
            }
            Ok(None) if !json => {
                println!("No users.csv with roles: nothing was written to {list}.")
            }
            Ok(_) => {}
            Err(failure) => return failed(shown, failure),
        }
    }
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes the corrected bundle to `out` (through `out.part`, renamed when complete).
fn write_bundle(
    input: &mut Input,
    bundle: &BundleReport,
    corrected: Option<&str>,
    out: &str,
) -> Result<(), Failure> {
    let write_error = |e| Failure::Write(out.to_owned(), e);
    let part = Temporary(format!("{out}.part"));
    let mut demographics = match corrected {
        Some(path) => Some(BufReader::new(File::open(path).map_err(Failure::Read)?)),
        None => None,
    };
    let target = BufWriter::new(File::create(&part.0).map_err(write_error)?);
    let source = demographics.as_mut().map(|d| d as &mut dyn Read);
    let mut written = input.write(bundle, source, target).map_err(write_error)?;
    written.flush().map_err(write_error)?;
    drop(written);
    std::fs::rename(&part.0, out).map_err(write_error)
}

/// Writes the students of users.csv without a demographics row to `list`; their count, or
/// `None` when there is no users.csv saying who is a student.
fn list_missing(
    files: &mut dyn Files,
    bundle: &BundleReport,
    set: Option<&Users>,
    list: &str,
) -> Result<Option<u64>, Failure> {
    let users = bundle
        .files
        .iter()
        .position(|f| f.used && f.kind == FileKind::Users);
    let (Some(index), Some(roster)) = (users, bundle.roster) else {
        return Ok(None);
    };
    let (Some(students), Some(with)) = (roster.students, roster.with_demographics) else {
        return Ok(None);
    };
    let Some(set) = set else {
        return Ok(None);
    };
    let mut missing = set.missing_list();
    let mut reader = files.open(index).map_err(Failure::Read)?;
    let mut buffer = vec![0; 1 << 20];
    loop {
        let read = reader.read(&mut buffer).map_err(Failure::Read)?;
        if read == 0 {
            break;
        }
        missing.feed(&buffer[..read]);
    }
    std::fs::write(list, missing.finish()).map_err(|e| Failure::Write(list.to_owned(), e))?;
    Ok(Some(students - with))
}
