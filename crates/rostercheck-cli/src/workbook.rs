//! `rostercheck check demographics.xlsx`: a workbook is read whole (the format needs it), its
//! sheet made CSV by the core, and checked in memory; findings name their cells.

use crate::output::Findings;
use crate::run::{write_file, Failure};
use crate::{CheckArgs, Format};
use rostercheck_core::workbook;
use rostercheck_core::Options;
use std::io::{Read, Seek, SeekFrom};
use std::process::ExitCode;

/// True when `path` is to be read as a workbook (by its bytes, and its name).
pub fn is_workbook_file(path: &str) -> bool {
    let sniff = || -> std::io::Result<bool> {
        let mut file = std::fs::File::open(path)?;
        if !file.metadata()?.is_file() {
            return Ok(false);
        }
        let mut head = Vec::new();
        (&mut file)
            .take(workbook::SNIFF_BYTES as u64)
            .read_to_end(&mut head)?;
        let size = file.metadata()?.len();
        let mut tail = Vec::new();
        file.seek(SeekFrom::Start(
            size.saturating_sub(workbook::SNIFF_BYTES as u64),
        ))?;
        file.take(workbook::SNIFF_BYTES as u64)
            .read_to_end(&mut tail)?;
        Ok(workbook::looks_like_workbook(path, &head, &tail))
    };
    sniff().unwrap_or(false)
}

/// Checks the workbook `args.files[0]`.
pub fn run(args: &CheckArgs, options: &Options) -> ExitCode {
    let file = &args.files[0];
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("rostercheck: cannot read {file}: {error}");
            return ExitCode::from(2);
        }
    };
    let json = args.format == Format::Json;
    let (mut report, corrected) = match workbook::read(&bytes, file, args.sheet.as_deref()) {
        Ok(converted) => workbook::check_and_fix(&converted, options),
        Err(unread) => {
            let report = unread.report();
            let shown = Findings::start(json, file, None).and_then(|mut out| {
                out.add(report.findings.clone())?;
                out.end(file, &report, None)
            });
            if let Err(failure) = shown {
                return failed(failure);
            }
            if !unread.choices.is_empty() {
                eprintln!(
                    "rostercheck: choose the sheet with --sheet NAME, one of: {}",
                    unread.choices.join(", ")
                );
            }
            return ExitCode::from(2);
        }
    };
    let findings = std::mem::take(&mut report.findings);
    let shown = Findings::start(json, file, None).and_then(|mut out| {
        out.add(findings)?;
        out.end(file, &report, None)
    });
    if let Err(failure) = shown {
        return failed(failure);
    }
    if let Some(out) = &args.fix {
        if let Err(failure) = write_file(out, &corrected) {
            return failed(failure);
        }
        if args.format == Format::Text {
            println!(
                "Corrected file written to {out} ({} rows).",
                report.rows_out
            );
        }
    }
    match report.has_errors() {
        true => ExitCode::from(1),
        false => ExitCode::SUCCESS,
    }
}

fn failed(failure: Failure) -> ExitCode {
    match failure {
        Failure::Read(error) => eprintln!("rostercheck: cannot read: {error}"),
        Failure::Write(out, error) => eprintln!("rostercheck: cannot write {out}: {error}"),
    }
    ExitCode::from(2)
}
