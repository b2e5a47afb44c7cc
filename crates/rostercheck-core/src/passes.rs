//! One pass or two: how a check ends, the second pass a file's end may ask for, and the
//! whole-file helpers.

use crate::check::Checker;
use crate::decisions::DateOrders;
use crate::finding::Finding;
use crate::options::Options;
use crate::report::Report;
use crate::writer::LineEnding;

/// What only the end of the file can tell about the corrected file, fixed for a second pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Layout {
    pub line_ending: Option<LineEnding>,
    pub keep_blank: Vec<usize>,
    /// The order of day and month each date column's dates showed (its ambiguous dates are
    /// written in it).
    pub date_orders: DateOrders,
}

impl Layout {
    /// The layout the corrected file needs, given what the file's end told (`blank_with_data`:
    /// nameless columns that hold data; the line ending written and the dominant one; the date
    /// orders learnt), when it differs from this one.
    pub fn after(
        &self,
        mut blank_with_data: Vec<usize>,
        (written, dominant): (LineEnding, LineEnding),
        learnt: DateOrders,
    ) -> Option<Layout> {
        blank_with_data.extend(&self.keep_blank);
        blank_with_data.sort_unstable();
        blank_with_data.dedup();
        let date_orders = self.date_orders.or(learnt);
        let same = blank_with_data == self.keep_blank
            && written == dominant
            && date_orders == self.date_orders;
        (!same).then_some(Layout {
            line_ending: Some(dominant),
            keep_blank: blank_with_data,
            date_orders,
        })
    }
}

impl Checker {
    /// Ends the file.
    pub fn finish(self) -> Finished {
        let mut late = Vec::new();
        let mut finished = self.finish_streaming(&mut |batch| late.extend(batch));
        let report = match &mut finished {
            Finished::Done(report, _) => report,
            Finished::WriteAgain(second) => &mut second.report,
        };
        if !late.is_empty() {
            late.append(&mut report.findings);
            // Each batch is in (line, made) order and the batches in the order made: a stable
            // sort by line gives the one order of a report.
            late.sort_by_key(|f| f.line);
            report.findings = late;
        }
        finished
    }

    /// Ends the file, handing the findings made at the end to `late` in batches as they are
    /// made (the report keeps only the last of them): a file with an ambiguous date in every
    /// row is not held as a million findings at once.
    pub fn finish_streaming(self, late: &mut dyn FnMut(Vec<Finding>)) -> Finished {
        let options = self.options().clone();
        let (report, output, layout) = self.finish_parts(late);
        match layout {
            Some(layout) if options.write_output && report.readable => {
                Finished::WriteAgain(SecondPass {
                    report,
                    options: Box::new(options),
                    layout: Box::new(layout),
                })
            }
            _ => Finished::Done(report, output),
        }
    }
}

/// How a check ended.
#[derive(Debug)]
pub enum Finished {
    /// The report, and the corrected bytes written since the last [`Checker::take_output`].
    Done(Report, Vec<u8>),
    /// The end of the file changed the corrected file's layout (its dominant line ending, or a
    /// nameless column that holds data): the findings are final, but the corrected file must
    /// be written again by [`SecondPass::checker`], fed the same bytes from the start.
    WriteAgain(SecondPass),
}

/// The second pass over a file whose end changed the corrected file's layout.
#[derive(Debug)]
pub struct SecondPass {
    pub(crate) report: Report,
    // Boxed: `Finished` stays small when the check is done in one pass.
    pub(crate) options: Box<Options>,
    pub(crate) layout: Box<Layout>,
}

impl SecondPass {
    /// The first pass's report: its findings (those not taken yet) and counts are final.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// A checker that writes the corrected file right; it keeps no findings.
    pub fn checker(&self) -> Checker {
        let options = Options {
            max_findings: Some(0),
            ..(*self.options).clone()
        };
        Checker::with_layout(options, (*self.layout).clone())
    }

    /// Ends the second pass: the report (the first pass's findings, the corrected file's
    /// columns) and the last corrected bytes.
    pub fn complete(self, second: Checker) -> (Report, Vec<u8>) {
        // The second pass keeps no findings: nothing to hand over.
        let (mut report, output, _) = second.finish_parts(&mut |_| {});
        report.findings = self.report.findings;
        report.truncated = self.report.truncated;
        report.decisions = self.report.decisions;
        report.answers = self.report.answers;
        // Its options have the answers merged into the edits: the first pass told them apart.
        report.audit = self.report.audit;
        (report, output)
    }
}

/// Checks a whole file in memory and writes the corrected file (a second pass over `input`
/// when the end of the file changes the layout).
pub fn check_and_fix(input: &[u8], options: &Options) -> (Report, Vec<u8>) {
    let mut checker = Checker::new(options.clone());
    checker.expect_bytes(input.len() as u64);
    let mut output = feed_whole(&mut checker, input);
    let (report, rest) = match checker.finish() {
        Finished::Done(report, rest) => (report, rest),
        Finished::WriteAgain(second_pass) => {
            let mut second = second_pass.checker();
            output = feed_whole(&mut second, input);
            second_pass.complete(second)
        }
    };
    output.extend_from_slice(&rest);
    (report, output)
}

/// Feeds all of `input`; returns the corrected bytes written (room for them made first, so
/// they are never copied).
fn feed_whole(checker: &mut Checker, input: &[u8]) -> Vec<u8> {
    checker.reserve(input.len() + input.len() / 8);
    checker.feed(input);
    checker.take_output()
}

/// A file a check reads from its start, a piece at a time, as often as it needs: the end of
/// the file may ask for a second pass ([`Finished::WriteAgain`]).
pub trait Pieces {
    /// Calls `each` with the file's bytes from its start, a piece at a time.
    fn each_piece(&mut self, each: &mut dyn FnMut(&[u8])) -> std::io::Result<()>;

    /// The file's size in bytes, when known.
    fn size(&self) -> Option<u64> {
        None
    }
}

/// Where [`check_and_fix_pieces_to`] writes the corrected file as it is made, so that a caller
/// need not hold it whole (the page's worker writes it into `Blob` parts: its memory stays
/// bounded whatever the file's size).
pub trait Output {
    /// The next bytes of the corrected file.
    fn write(&mut self, bytes: &[u8]);
    /// What was written so far is void: the file is written again from its start (the
    /// second pass some files need).
    fn restart(&mut self);
}

impl Output for Vec<u8> {
    fn write(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }

    fn restart(&mut self) {
        self.clear();
    }
}

/// [`check_and_fix`] on a file read in pieces (a bundle's member, a browser's `Blob`): the
/// second pass, when the end asks for one, reads it again. `progress` is told the bytes
/// checked so far.
pub fn check_and_fix_pieces(
    file: &mut dyn Pieces,
    options: &Options,
    progress: &mut dyn FnMut(u64),
) -> std::io::Result<(Report, Vec<u8>)> {
    let mut output = Vec::new();
    let report = check_and_fix_pieces_to(file, options, progress, &mut output)?;
    Ok((report, output))
}

/// [`check_and_fix_pieces`], writing the corrected file to `output` as it is made.
pub fn check_and_fix_pieces_to(
    file: &mut dyn Pieces,
    options: &Options,
    progress: &mut dyn FnMut(u64),
    output: &mut dyn Output,
) -> std::io::Result<Report> {
    let mut checker = Checker::new(options.clone());
    if let Some(size) = file.size() {
        checker.expect_bytes(size);
    }
    let mut done = 0;
    file.each_piece(&mut |piece| {
        checker.feed(piece);
        output.write(&checker.take_output());
        done += piece.len() as u64;
        progress(done);
    })?;
    let (report, rest) = match checker.finish() {
        Finished::Done(report, rest) => (report, rest),
        Finished::WriteAgain(second_pass) => {
            let mut second = second_pass.checker();
            output.restart();
            file.each_piece(&mut |piece| {
                second.feed(piece);
                output.write(&second.take_output());
            })?;
            second_pass.complete(second)
        }
    };
    output.write(&rest);
    Ok(report)
}

/// Feeds `reader`'s bytes to `each`, a megabyte at a time.
pub(crate) fn each_piece(
    mut reader: impl std::io::Read,
    each: &mut dyn FnMut(&[u8]),
) -> std::io::Result<()> {
    let mut buffer = vec![0; 1 << 20];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(read) => each(&buffer[..read]),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

/// Checks a whole file in memory without writing the corrected file.
pub fn check(input: &[u8], options: &Options) -> Report {
    let options = Options {
        write_output: false,
        ..options.clone()
    };
    check_and_fix(input, &options).0
}
