//! Streams a file through the checker: the corrected file is written as it goes (to
//! `OUT.part`, renamed at the end) and findings go to the output as they are made, so memory
//! stays small however large the file. When the end of the file changes the corrected file's
//! layout (rare), the second pass streams from the source again; standard input is spooled to
//! a temporary file for that, never held in memory.

use crate::output::Findings;
use rostercheck_core::workbook::Sheet;
use rostercheck_core::{Checker, Finding, Finished, Options, Report};
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;

/// Size of the pieces a file is read in.
const CHUNK: usize = 1 << 20;

/// What went wrong outside the checker.
#[derive(Debug)]
pub enum Failure {
    /// The input could not be read.
    Read(std::io::Error),
    /// A file could not be written (its name, the error).
    Write(String, std::io::Error),
}

/// Where the bytes come from: a file (read again for a second pass) or standard input.
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// Standard input, spooled to this file while the first pass reads it, when a corrected
    /// file is written (the second pass reads the spool).
    Stdin(Option<PathBuf>),
}

/// What the check reads: a file, standard input, or a member of a bundle. Read twice when the
/// end of the file asks for a second pass.
pub trait Input {
    /// The bytes, for the first pass.
    fn open(&mut self) -> Result<Box<dyn Read + '_>, Failure>;
    /// The same bytes again, for the second pass.
    fn reopen(&mut self) -> Result<Box<dyn Read + '_>, Failure>;
    /// The size in bytes, when known.
    fn size(&self) -> Option<u64>;
    /// Where the first pass keeps a copy, for a second pass over bytes that cannot be read
    /// again (standard input).
    fn spool(&self) -> Option<&std::path::Path> {
        None
    }
}

impl Input for Source {
    fn open(&mut self) -> Result<Box<dyn Read + '_>, Failure> {
        match self {
            Source::File(path) => Ok(Box::new(File::open(path).map_err(Failure::Read)?)),
            Source::Stdin(_) => Ok(Box::new(std::io::stdin().lock())),
        }
    }

    fn size(&self) -> Option<u64> {
        match self {
            Source::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            Source::Stdin(_) => None,
        }
    }

    fn reopen(&mut self) -> Result<Box<dyn Read + '_>, Failure> {
        match self {
            Source::File(path) | Source::Stdin(Some(path)) => {
                Ok(Box::new(File::open(path).map_err(Failure::Read)?))
            }
            Source::Stdin(None) => Err(Failure::Read(std::io::Error::other("no spool"))),
        }
    }

    fn spool(&self) -> Option<&std::path::Path> {
        match self {
            Source::Stdin(Some(path)) => Some(path),
            _ => None,
        }
    }
}

/// A file of a bundle (a zip's member, or one of the files given).
pub struct Member<'f> {
    pub files: &'f mut dyn rostercheck_core::bundle::Files,
    pub index: usize,
}

impl Input for Member<'_> {
    fn open(&mut self) -> Result<Box<dyn Read + '_>, Failure> {
        self.files.open(self.index).map_err(Failure::Read)
    }

    fn reopen(&mut self) -> Result<Box<dyn Read + '_>, Failure> {
        self.open()
    }

    fn size(&self) -> Option<u64> {
        self.files.size(self.index)
    }
}

impl Drop for Source {
    fn drop(&mut self) {
        if let Source::Stdin(Some(spool)) = self {
            let _ = std::fs::remove_file(spool);
        }
    }
}

/// Feeds every piece of `reader` to `each`, copying it to `spool` if there is one.
fn each_piece(
    mut reader: impl Read,
    mut spool: Option<&mut BufWriter<File>>,
    mut each: impl FnMut(&[u8]) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut buffer = vec![0; CHUNK];
    loop {
        let read = reader.read(&mut buffer).map_err(Failure::Read)?;
        if read == 0 {
            return Ok(());
        }
        if let Some(spool) = spool.as_mut() {
            let spool_error = |e| Failure::Write("a temporary file".into(), e);
            spool.write_all(&buffer[..read]).map_err(spool_error)?;
        }
        each(&buffer[..read])?;
    }
}

/// The corrected file being written: to `OUT.part`, renamed to `OUT` at the end, so a
/// failed run never leaves half a file under the name a pipeline picks up, and the part is
/// removed when the run fails.
struct Corrected {
    out: String,
    part: String,
    /// `OUT` is not a file (`/dev/null`, a named pipe): the part is written in the temporary
    /// folder and copied into it at the end. Renaming over it would replace the device or
    /// pipe with a file.
    into_special: bool,
    /// `None` once closed.
    writer: Option<BufWriter<File>>,
}

impl Drop for Corrected {
    /// The part is removed unless it was renamed to `OUT` (then there is nothing to remove).
    fn drop(&mut self) {
        drop(self.writer.take());
        let _ = std::fs::remove_file(&self.part);
    }
}

impl Corrected {
    fn create(out: &str) -> Result<Corrected, Failure> {
        let special = std::fs::metadata(out).is_ok_and(|m| !m.is_file() && !m.is_dir());
        let part = if special {
            let name = format!("rostercheck-{}.part", std::process::id());
            std::env::temp_dir()
                .join(name)
                .to_string_lossy()
                .into_owned()
        } else {
            format!("{out}.part")
        };
        let file = File::create(&part).map_err(|e| Failure::Write(out.to_owned(), e))?;
        Ok(Corrected {
            out: out.to_owned(),
            writer: Some(BufWriter::new(file)),
            into_special: special,
            part,
        })
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        let out = &self.out;
        let writer = self.writer.as_mut().ok_or_else(|| closed(out))?;
        writer
            .write_all(bytes)
            .map_err(|e| Failure::Write(out.clone(), e))
    }

    /// Keeps the file when the input was readable (the part itself goes when `self` is
    /// dropped).
    fn close(mut self, keep: bool) -> Result<(), Failure> {
        let out = self.out.clone();
        let mut writer = self.writer.take().ok_or_else(|| closed(&out))?;
        writer.flush().map_err(|e| Failure::Write(out.clone(), e))?;
        // Closed before it is renamed (Windows renames no open file).
        drop(writer);
        let kept = match (keep, self.into_special) {
            (false, _) => Ok(()),
            (true, false) => std::fs::rename(&self.part, &out),
            (true, true) => File::open(&self.part).and_then(|mut part| {
                let mut target = std::fs::OpenOptions::new().write(true).open(&out)?;
                std::io::copy(&mut part, &mut target).map(|_| ())
            }),
        };
        kept.map_err(|e| Failure::Write(out, e))
    }
}

fn closed(out: &str) -> Failure {
    Failure::Write(out.to_owned(), std::io::Error::other("already closed"))
}

/// Writes `bytes` to `out` as a corrected file is written: through `OUT.part`.
pub fn write_file(out: &str, bytes: &[u8]) -> Result<(), Failure> {
    let mut corrected = Corrected::create(out)?;
    corrected.write(bytes)?;
    corrected.close(true)
}

/// Hands `batch` to `findings`, each finding placed in its workbook cell when the file is a
/// sheet made CSV.
fn add(
    findings: &mut Findings,
    sheet: Option<&Sheet>,
    mut batch: Vec<Finding>,
) -> Result<(), Failure> {
    if let Some(sheet) = sheet {
        batch.iter_mut().for_each(|finding| sheet.locate(finding));
    }
    findings.add(batch)
}

/// Checks `source`, writing the corrected file to `fix` and findings to `findings` (placed in
/// the cells of `sheet` when the source is a workbook's sheet made CSV).
pub fn check(
    source: &mut dyn Input,
    options: &Options,
    fix: Option<&str>,
    findings: &mut Findings,
    sheet: Option<&Sheet>,
) -> Result<Report, Failure> {
    let mut corrected = fix.map(Corrected::create).transpose()?;
    let mut spool = match source.spool() {
        Some(path) => Some(BufWriter::new(
            File::create(path).map_err(|e| Failure::Write("a temporary file".into(), e))?,
        )),
        None => None,
    };
    let mut checker = Checker::new(options.clone());
    if let Some(bytes) = source.size() {
        checker.expect_bytes(bytes);
    }
    let reader = source.open()?;
    each_piece(reader, spool.as_mut(), |piece| {
        checker.feed(piece);
        add(findings, sheet, checker.take_findings())?;
        match corrected.as_mut() {
            Some(corrected) => corrected.write(&checker.take_output()),
            None => Ok(()),
        }
    })?;
    if let Some(mut spool) = spool {
        spool
            .flush()
            .map_err(|e| Failure::Write("a temporary file".into(), e))?;
    }
    // The findings made at the end go out in batches as they are made.
    let mut failed = None;
    let finished = checker.finish_streaming(&mut |batch| {
        if failed.is_none() {
            failed = add(findings, sheet, batch).err();
        }
    });
    if let Some(failure) = failed {
        return Err(failure);
    }
    let (report, rest) = match finished {
        Finished::Done(mut report, rest) => {
            add(findings, sheet, std::mem::take(&mut report.findings))?;
            (report, rest)
        }
        Finished::WriteAgain(second_pass) => {
            add(findings, sheet, second_pass.report().findings.clone())?;
            // The first pass's file is closed before it is made again, so that none of its
            // buffered bytes is flushed into the new one (found by review).
            drop(corrected.take());
            corrected = fix.map(Corrected::create).transpose()?;
            second(source, second_pass, corrected.as_mut())?
        }
    };
    // A corrected file is only kept when the findings made it out too.
    findings.wait()?;
    if let Some(mut corrected) = corrected {
        corrected.write(&rest)?;
        corrected.close(report.readable)?;
    }
    Ok(report)
}

/// The second pass: the corrected file again, from the start of the source.
fn second(
    source: &mut dyn Input,
    second_pass: rostercheck_core::SecondPass,
    mut corrected: Option<&mut Corrected>,
) -> Result<(Report, Vec<u8>), Failure> {
    let mut checker = second_pass.checker();
    each_piece(source.reopen()?, None, |piece| {
        checker.feed(piece);
        match corrected.as_mut() {
            Some(corrected) => corrected.write(&checker.take_output()),
            None => Ok(()),
        }
    })?;
    let (mut report, rest) = second_pass.complete(checker);
    report.findings.clear();
    Ok((report, rest))
}
