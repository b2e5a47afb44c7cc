//! The worker's side: reads the file in chunks, runs the core, reports progress.
//!
//! `Slices`, [`check_zip`] and [`check_files`] are plain Rust (tested natively against
//! [`rostercheck_core::check_and_fix`] and the bundle's own check); [`start`] wires them to the
//! Web Worker's `onmessage` (see [`crate::protocol`]).

use crate::held::{Held, RowsWanted};
use crate::protocol::{BundleDone, ExportKind, Places, Request};
use rostercheck_core::bundle::{
    refusal, write_zip, Archive, Bundle, BundleReport, FileKind, Files, ZipLimits,
};
use rostercheck_core::Refusal;
use rostercheck_core::{check_and_fix_pieces_to, Options, Output, Pieces, Report};

/// Bytes read and checked at a time; progress is reported after each chunk. 4 MB: on
/// 1,000,000 rows (110 MB) in Chromium, drop → summary took 2.3–2.4 s with 1 MB pieces,
/// 1.7–1.8 s with 4 MB and 2.0 s with 16 MB, for about 80 MB more peak memory than 1 MB
/// (`scripts/bench-browser.sh`, BENCHMARKS.md): fewer reads, and fewer progress messages
/// for the page to draw.
pub const CHUNK: u64 = 4 << 20;

/// Findings kept for the page (counts, the corrected file and the verdict stay exact beyond it).
pub const MAX_FINDINGS: usize = 250_000;

/// The core's options for a request.
pub fn options(request: &Request) -> Options {
    let mut options = Options::new(request.today());
    options.edits = request.edits.clone();
    for (key, answer) in &request.answers {
        // The page offers only the choices the core gave; one it would not take is left
        // out, and its question stays open.
        let _ = options.answers.answer(key, answer);
    }
    options.max_findings = Some(MAX_FINDINGS);
    options
}

/// A file of `total` bytes read by `read(start, end)` a [`CHUNK`] at a time (the worker's
/// `Blob`): never held whole, not even when the end of the file asks for a second pass, which
/// reads it again.
struct Slices<R> {
    /// The file's size.
    total: u64,
    /// Reads bytes `start..end`.
    read: R,
}

impl<R: FnMut(u64, u64) -> std::io::Result<Vec<u8>>> Pieces for Slices<R> {
    fn each_piece(&mut self, each: &mut dyn FnMut(&[u8])) -> std::io::Result<()> {
        let mut start = 0;
        while start < self.total {
            let end = (start + CHUNK).min(self.total);
            each(&(self.read)(start, end)?);
            start = end;
        }
        Ok(())
    }

    fn size(&self) -> Option<u64> {
        Some(self.total)
    }
}

/// A bundle checked: the report, the corrected demographics.csv and the rest.
pub type Checked = (Report, Vec<u8>, Option<Box<BundleDone>>);

/// Checks the zip `bytes` (named `name`) as a bundle. A zip refused for what it is (a zip bomb,
/// encrypted, broken, a member that cannot be unzipped) gives a report of that one finding,
/// not readable.
pub fn check_zip(
    bytes: Vec<u8>,
    name: &str,
    options: &Options,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Checked, String> {
    let mut archive = match Archive::open(std::io::Cursor::new(bytes), name) {
        Ok(archive) => archive,
        Err(finding) => return Ok(refused(*finding)),
    };
    let checked = Bundle::open_zip(&mut archive).and_then(|bundle| {
        check_bundle(
            &mut archive,
            bundle,
            options,
            progress,
            |archive, report, corrected| {
                let out = std::io::Cursor::new(Vec::new());
                let written = archive.write_corrected(report, Some(&mut &corrected[..]), out)?;
                Ok(written.into_inner())
            },
        )
    });
    // A member that cannot be unzipped (damaged, or larger than the zip says) is the zip's
    // fault, said as such (found by review: "choose the files again" was said).
    Ok(
        checked
            .unwrap_or_else(|error| refused(refusal(name, Refusal::Damaged, &error.to_string()))),
    )
}

/// The report of a zip refused for what it is: that one finding, not readable.
fn refused(finding: rostercheck_core::Finding) -> Checked {
    let mut report = Report {
        delimiter: ',',
        ..Report::default()
    };
    report.count(&finding);
    report.findings.push(finding);
    (report, Vec::new(), None)
}

/// Checks several files (or a folder's) as a bundle, called `name` in its findings.
pub fn check_files<F: Files>(
    files: &mut F,
    name: &str,
    options: &Options,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Checked, String> {
    if files.len() > ZipLimits::default().entries {
        return Err(format!(
            "These are {} files; a OneRoster bundle has about 20. Choose the bundle's CSV files, or its folder alone.",
            files.len()
        ));
    }
    let bundle = Bundle::open(files, name).map_err(|e| read_error(&e))?;
    check_bundle(
        files,
        bundle,
        options,
        progress,
        |files, report, corrected| {
            let out = std::io::Cursor::new(Vec::new());
            let written = write_zip(files, report, Some(&mut &corrected[..]), out)?;
            Ok(written.into_inner())
        },
    )
    .map_err(|e| read_error(&e))
}

fn read_error(error: &std::io::Error) -> String {
    format!("A file of the bundle could not be read: {error}. It may have been moved or changed; choose the files again.")
}

fn check_bundle<F: Files>(
    files: &mut F,
    bundle: Bundle,
    options: &Options,
    progress: &mut dyn FnMut(u64, u64),
    write: impl FnOnce(&mut F, &BundleReport, &[u8]) -> std::io::Result<Vec<u8>>,
) -> std::io::Result<Checked> {
    let users = bundle.users().cloned();
    let (report, output) = bundle.check_with_progress(files, options, progress)?;
    let users_file = (report.files.iter()).position(|f| f.used && f.kind == FileKind::Users);
    let missing = match (users, users_file) {
        (Some(users), Some(index)) if users.knows_roles() => {
            let mut list = users.missing_list();
            let mut reader = files.open(index)?;
            let mut buffer = vec![0; CHUNK as usize];
            loop {
                match std::io::Read::read(&mut reader, &mut buffer)? {
                    0 => break,
                    read => list.feed(&buffer[..read]),
                }
            }
            drop(reader);
            Some(list.finish())
        }
        _ => None,
    };
    // A corrected bundle that cannot be made leaves the report as it is: its download is off.
    let zip = match report.report.readable {
        true => write(files, &report, &output).unwrap_or_default(),
        false => Vec::new(),
    };
    let BundleReport {
        report,
        files: listed,
        roster,
        ..
    } = report;
    let done = BundleDone {
        files: listed,
        roster,
        zip,
        missing,
        zip_blob: None,
        missing_blob: None,
    };
    Ok((report, output, Some(Box::new(done))))
}

/// Puts the findings of a workbook in their cells and adds what reading it found; for a
/// bundle, the demographics sheet's findings in its cells, the other workbooks' reading
/// findings in their files, and why a workbook could not be read — all counted.
pub fn place(places: &Places, report: &mut Report, bundle: Option<&BundleDone>) {
    let demographics = (bundle.into_iter())
        .flat_map(|bundle| &bundle.files)
        .find(|file| file.used && file.kind == FileKind::Demographics)
        .map(|file| file.name.as_str());
    for book in &places.books {
        match &book.read {
            Some(sheet) if Some(book.name.as_str()) == demographics => sheet.annotate(report),
            Some(sheet) => {
                for finding in sheet.findings_in(Some(&book.name)) {
                    report.count(&finding);
                    report.findings.push(finding);
                }
            }
            None => {}
        }
        if let Some(finding) = &book.unread {
            report.count(finding);
            report.findings.push(finding.clone());
        }
    }
    if let Some(sheet) = &places.sheet {
        sheet.annotate(report);
    }
}

/// The file the page gave last: a `Blob`, or a JS array of `File`s with their names, and
/// where a workbook's findings are. Kept so that a re-check is asked without it.
struct Given {
    file: wasm_bindgen::JsValue,
    names: wasm_bindgen::JsValue,
    places: Places,
}

/// Starts the worker: answers each request posted by the page (see [`crate::protocol`]).
/// Only meaningful inside a Web Worker (`src/bin/worker.rs`).
pub fn start() {
    use crate::protocol::{decode, encode, Ask, Reply, RowsFound};
    use rostercheck_core::{FoundRows, RowFinder};
    use std::cell::RefCell;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let given = RefCell::new(None::<Given>);
    let held = RefCell::new(Held::default());
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let scope = &reply_scope;
        let parts: js_sys::Array = event.data().unchecked_into();
        let ask_bytes = js_sys::Uint8Array::new(&parts.get(0)).to_vec();
        let Some(ask) = decode::<Ask>(&ask_bytes) else {
            let message = "The page and the checker do not match; reload the page.".into();
            return post(scope, &Reply::Failed { id: 0, message });
        };
        match ask {
            Ask::Check { request, places } => {
                if !parts.get(1).is_undefined() {
                    // Another file: the findings of the last one will not be asked about again,
                    // and their room is the new file's (WebAssembly memory never shrinks).
                    held.borrow_mut().forget();
                    *given.borrow_mut() = Some(Given {
                        file: parts.get(1),
                        names: parts.get(2),
                        places: places.map(|p| *p).unwrap_or_default(),
                    });
                }
                // The corrected file goes as a Blob beside the reply, not inside it: the page
                // then holds a handle, not a copy decoded into its memory (110 MB for
                // 1,000,000 rows).
                let mut written = None;
                let started = now(scope);
                let reply = match answer(scope, &request, given.borrow().as_ref(), &mut written) {
                    Ok((mut report, bundle)) => {
                        if let Some(given) = given.borrow().as_ref() {
                            place(&given.places, &mut report, bundle.as_deref());
                        }
                        let (report, mut digest) = held.borrow_mut().keep(
                            request.id,
                            &request.name,
                            report,
                            bundle.as_deref(),
                            request.shown,
                            &request.edits,
                        );
                        digest.memory = wasm_memory();
                        Reply::Done {
                            id: request.id,
                            report: Box::new(report),
                            digest: Box::new(digest),
                            elapsed_ms: now(scope) - started,
                            bundle,
                        }
                    }
                    Err(reply) => reply,
                };
                // A bundle's zip and list go as Blobs beside the reply too, after the
                // corrected demographics.csv: `[reply, corrected, zip, list]`.
                let mut reply = reply;
                let mut extra = [None, None];
                if let Reply::Done {
                    bundle: Some(bundle),
                    ..
                } = &mut reply
                {
                    let zip = std::mem::take(&mut bundle.zip);
                    extra[0] = (!zip.is_empty())
                        .then(|| bytes_blob(zip, "application/zip"))
                        .flatten();
                    extra[1] = (bundle.missing.take())
                        .and_then(|list| bytes_blob(list, "text/csv;charset=utf-8"));
                }
                post_blobs(scope, &reply, &[written, extra[0].take(), extra[1].take()]);
            }
            Ask::Keep { id, name, report } => {
                let (report, digest) =
                    held.borrow_mut()
                        .keep(id, &name, *report, None, None, &Default::default());
                let reply = Reply::Done {
                    id,
                    report: Box::new(report),
                    digest: Box::new(digest),
                    elapsed_ms: 0.0,
                    bundle: None,
                };
                post(scope, &reply);
            }
            Ask::Window(query) => {
                let reply = match held.borrow_mut().window(&query) {
                    Some(window) => Reply::Window(Box::new(window)),
                    None => Reply::Gone { check: query.check },
                };
                post(scope, &reply);
            }
            Ask::Rows(ask) => {
                let wanted = held.borrow().rows_wanted(&ask);
                let found = wanted.and_then(|wanted| {
                    let file = given.borrow().as_ref()?.file.clone();
                    find_rows(file.dyn_into::<web_sys::Blob>().ok()?, wanted)
                });
                post(scope, &Reply::Rows(Box::new(RowsFound { ask, found })));
            }
            Ask::Export(export) => {
                let made = held.borrow_mut().export(&export);
                let mime = match export.kind {
                    ExportKind::Csv => "text/csv;charset=utf-8",
                    ExportKind::Json => "application/json",
                };
                let blob = made.and_then(|bytes| bytes_blob(bytes, mime));
                match blob {
                    Some(blob) => post_with(scope, &Reply::Exported(export), Some(&blob)),
                    None => post(
                        scope,
                        &Reply::Gone {
                            check: export.check,
                        },
                    ),
                }
            }
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&scope, &Reply::Ready);

    /// The size of this WebAssembly instance's memory, in bytes.
    /// The rows starting on `lines` of the file (and the rows with ID `id`), read again from
    /// its start up to the last of them; `None` when it cannot be read, or is a zip.
    fn find_rows(blob: web_sys::Blob, wanted: RowsWanted) -> Option<FoundRows> {
        let reader = web_sys::FileReaderSync::new().ok()?;
        let total = blob.size() as u64;
        let mut finder = RowFinder::new(&wanted.lines).with_edits(wanted.edits);
        if let Some(id) = &wanted.id {
            finder = finder.with_id(id);
        }
        let mut start = 0;
        while start < total {
            let end = (start + CHUNK).min(total);
            let piece = read_slice(&reader, &blob, start, end).ok()?;
            if start == 0 && rostercheck_core::bundle::is_bundle_zip(&piece) {
                return None;
            }
            start = end;
            if finder.feed(&piece) {
                break;
            }
        }
        Some(finder.finish())
    }

    fn wasm_memory() -> u64 {
        (wasm_bindgen::memory().dyn_into::<js_sys::WebAssembly::Memory>()).map_or(0, |memory| {
            let buffer: js_sys::ArrayBuffer = memory.buffer().unchecked_into();
            buffer.byte_length() as u64
        })
    }

    fn now(scope: &DedicatedWorkerGlobalScope) -> f64 {
        scope.performance().map_or(0.0, |p| p.now())
    }

    fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
        post_with(scope, reply, None);
    }

    /// Posts `reply`, and `blob` beside it as `[reply, blob]` when there is one.
    fn post_with(scope: &DedicatedWorkerGlobalScope, reply: &Reply, blob: Option<&web_sys::Blob>) {
        post_blobs(scope, reply, &[blob.cloned()]);
    }

    /// Posts `reply` with `blobs` beside it, in their places, as `[reply, blob, …]`
    /// (`undefined` for a `None`), or alone when there are none.
    fn post_blobs(
        scope: &DedicatedWorkerGlobalScope,
        reply: &Reply,
        blobs: &[Option<web_sys::Blob>],
    ) {
        let bytes = js_sys::Uint8Array::from(encode(reply).as_slice());
        let transfer = js_sys::Array::of1(&bytes.buffer());
        // Posting to the page only fails when the page is gone; nothing is left to tell.
        let _ = match blobs.iter().any(Option::is_some) {
            true => {
                let message = js_sys::Array::of1(&bytes);
                for blob in blobs {
                    message.push(
                        blob.as_ref()
                            .map_or(&wasm_bindgen::JsValue::UNDEFINED, |b| b),
                    );
                }
                scope.post_message_with_transfer(&message, &transfer)
            }
            false => scope.post_message_with_transfer(&bytes, &transfer),
        };
    }

    /// `bytes` as a Blob of type `mime`, their memory given back as soon as they are copied.
    /// (`None` only if the browser refuses to make a Blob.)
    fn bytes_blob(bytes: Vec<u8>, mime: &str) -> Option<web_sys::Blob> {
        // Copied into JS, and the wasm copy dropped before the Blob copies it again: the
        // worker's memory is then reused by the next check.
        let copy = js_sys::Uint8Array::from(bytes.as_slice());
        drop(bytes);
        typed_blob(&js_sys::Array::of1(&copy), mime)
    }

    /// The corrected file as a Blob (see [`bytes_blob`]).
    fn corrected_blob(output: Vec<u8>) -> Option<web_sys::Blob> {
        bytes_blob(output, "text/csv;charset=utf-8")
    }

    /// Checks the file `given` as `request` asks, with its corrected file, if any, in
    /// `written`: a file alone is written into it as it is checked, a bundle's
    /// demographics.csv after. `Err`: the reply that says why not.
    fn answer(
        scope: &DedicatedWorkerGlobalScope,
        request: &Request,
        given: Option<&Given>,
        written: &mut Option<web_sys::Blob>,
    ) -> Result<(Report, Option<Box<BundleDone>>), Reply> {
        let id = request.id;
        let failed = |message: &str| Reply::Failed {
            id,
            message: message.to_owned(),
        };
        let Some(given) = given else {
            return Err(failed("No file was given to the checker."));
        };
        let Ok(reader) = web_sys::FileReaderSync::new() else {
            return Err(failed("This browser cannot read files in the background."));
        };
        let options = options(request);
        let checked = if js_sys::Array::is_array(&given.file) {
            // Several files, or a folder's: a bundle.
            let list: js_sys::Array = given.file.clone().unchecked_into();
            let files: Vec<web_sys::File> = (list.iter())
                .filter_map(|f| f.dyn_into::<web_sys::File>().ok())
                .collect();
            // The names the page gives (a folder's files by their path in it), else their own.
            let names: Vec<String> = match given.names.clone().dyn_into::<js_sys::Array>() {
                Ok(names) => names.iter().filter_map(|n| n.as_string()).collect(),
                Err(_) => Vec::new(),
            };
            let mut files = BlobFiles::new(files, names, &reader);
            let mut progress = |done, total| post(scope, &Reply::Progress { id, done, total });
            check_files(&mut files, &request.name, &options, &mut progress)
        } else {
            let Ok(blob) = given.file.clone().dyn_into::<web_sys::Blob>() else {
                return Err(failed("No file was given to the checker."));
            };
            let total = blob.size() as u64;
            let read = |start: u64, end: u64| -> Result<Vec<u8>, String> {
                read_slice(&reader, &blob, start, end).map_err(|_| {
                    "The file could not be read. It may have been moved or changed; choose it again."
                        .to_owned()
                })
            };
            let sniff = rostercheck_core::workbook::SNIFF_BYTES as u64;
            let head = read(0, total.min(sniff)).unwrap_or_default();
            let tail = read(total.saturating_sub(sniff), total).unwrap_or_default();
            if rostercheck_core::workbook::looks_like_workbook(&request.name, &head, &tail) {
                // The page has the workbook worker read it, and asks again with its sheet.
                return Err(Reply::Workbook { id });
            }
            if rostercheck_core::bundle::is_bundle_zip(&head) {
                // A zip is read whole (it is the compressed bundle, a fraction of its CSVs).
                let mut progress = |done, total| post(scope, &Reply::Progress { id, done, total });
                read(0, total)
                    .and_then(|bytes| check_zip(bytes, &request.name, &options, &mut progress))
            } else {
                let mut progress = |done: u64| post(scope, &Reply::Progress { id, done, total });
                let read = |start, end| read(start, end).map_err(std::io::Error::other);
                let mut file = Slices { total, read };
                let mut parts = BlobParts::default();
                check_and_fix_pieces_to(&mut file, &options, &mut progress, &mut parts)
                    .map_err(|error| error.to_string())
                    .and_then(|report| {
                        *written = parts.finish()?;
                        Ok((report, Vec::new(), None))
                    })
            }
        };
        let checked = checked.and_then(|(report, output, bundle)| {
            if !output.is_empty() {
                *written = Some(corrected_blob(output).ok_or_else(|| REFUSED_BLOB.to_owned())?);
            }
            Ok((report, bundle))
        });
        checked.map_err(|message| Reply::Failed { id, message })
    }
}

/// What the page says when the browser will not make the corrected file's Blob.
const REFUSED_BLOB: &str = "The browser could not hold the corrected file (it ran out of room). \
Your file was not changed. Check a smaller file, or use the rostercheck command line.";

/// A Blob of `parts` (Uint8Arrays or Blobs), typed as the corrected file is.
fn csv_blob(parts: &js_sys::Array) -> Option<web_sys::Blob> {
    typed_blob(parts, "text/csv;charset=utf-8")
}

/// A Blob of `parts` of media type `mime`.
fn typed_blob(parts: &js_sys::Array, mime: &str) -> Option<web_sys::Blob> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options).ok()
}

/// The corrected file written into `Blob` parts as it is made: every 4 MB are copied out of
/// the worker's memory, and every 64 MB of those become a Blob of their own (held by the
/// browser, not the JS heap), so neither memory grows with the file.
#[derive(Default)]
struct BlobParts {
    /// Bytes not yet copied out.
    buffer: Vec<u8>,
    /// Copied out, not yet in a Blob.
    arrays: Vec<js_sys::Uint8Array>,
    /// The Blobs so far.
    blobs: Vec<web_sys::Blob>,
    /// The browser refused a Blob: the file can no longer be given whole.
    failed: bool,
}

impl BlobParts {
    const PIECE: usize = 4 << 20;
    const PIECES_A_BLOB: usize = 16;

    fn copy_out(&mut self) {
        if !self.buffer.is_empty() {
            self.arrays
                .push(js_sys::Uint8Array::from(self.buffer.as_slice()));
            self.buffer.clear();
        }
    }

    fn seal(&mut self) {
        if !self.arrays.is_empty() {
            let arrays: js_sys::Array = self.arrays.drain(..).collect();
            match csv_blob(&arrays) {
                Some(blob) => self.blobs.push(blob),
                // A hole in the file: it is never offered in part.
                None => self.failed = true,
            }
        }
    }

    /// The whole file as one Blob (`Ok(None)` when it is empty), or `Err` when the browser
    /// would not hold it.
    fn finish(mut self) -> Result<Option<web_sys::Blob>, String> {
        self.copy_out();
        self.seal();
        let refused = || REFUSED_BLOB.to_owned();
        if self.failed {
            return Err(refused());
        }
        if self.blobs.is_empty() {
            return Ok(None);
        }
        let blobs: js_sys::Array = self.blobs.drain(..).collect();
        csv_blob(&blobs).map(Some).ok_or_else(refused)
    }
}

impl Output for BlobParts {
    fn write(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= Self::PIECE {
            self.copy_out();
            if self.arrays.len() >= Self::PIECES_A_BLOB {
                self.seal();
            }
        }
    }

    fn restart(&mut self) {
        self.buffer.clear();
        self.arrays.clear();
        self.blobs.clear();
        self.failed = false;
    }
}

/// Bytes `start..end` of `blob`, copied into WebAssembly memory once: `Uint8Array::to_vec`
/// copies into room it has not zero-filled first.
///
/// Why `File.slice` and `FileReaderSync`, 4 MB at a time: measured (`scripts/bench-browser.sh`,
/// 110 MB, same runs), reading alone takes 146–184 ms this way and 68–131 ms with
/// `file.stream()` — 50 ms less, 4 % of a clean check (1.24 s). `file.stream()` would make the
/// check loop wait for each piece (async), so that the page's other messages (windows, report
/// files, another check) would run in the middle of a check, which then needs a queue and a
/// state per check. 4 % does not pay for that; the check itself (the core's cost per cell) is
/// what stands between the page and the targets.
fn read_slice(
    reader: &web_sys::FileReaderSync,
    blob: &web_sys::Blob,
    start: u64,
    end: u64,
) -> Result<Vec<u8>, wasm_bindgen::JsValue> {
    let part = blob.slice_with_f64_and_f64(start as f64, end as f64)?;
    let buffer = reader.read_as_array_buffer(&part)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The files the person gave, read a megabyte at a time when the check asks.
struct BlobFiles<'r> {
    files: Vec<web_sys::File>,
    names: Vec<String>,
    reader: &'r web_sys::FileReaderSync,
}

impl<'r> BlobFiles<'r> {
    fn new(
        files: Vec<web_sys::File>,
        names: Vec<String>,
        reader: &'r web_sys::FileReaderSync,
    ) -> Self {
        let names = match names.len() == files.len() {
            true => names,
            false => files.iter().map(web_sys::File::name).collect(),
        };
        BlobFiles {
            files,
            names,
            reader,
        }
    }
}

/// One file read from its start (see [`BlobFiles`]).
struct BlobReader<'a> {
    file: &'a web_sys::File,
    reader: &'a web_sys::FileReaderSync,
    at: u64,
    piece: Vec<u8>,
    used: usize,
}

impl std::io::Read for BlobReader<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        if self.used == self.piece.len() {
            let size = self.file.size() as u64;
            if self.at >= size {
                return Ok(0);
            }
            let end = (self.at + CHUNK).min(size);
            self.piece = read_slice(self.reader, self.file, self.at, end).map_err(|_| {
                std::io::Error::other(format!("{} could not be read", self.file.name()))
            })?;
            self.at = end;
            self.used = 0;
        }
        let count = buffer.len().min(self.piece.len() - self.used);
        buffer[..count].copy_from_slice(&self.piece[self.used..self.used + count]);
        self.used += count;
        Ok(count)
    }
}

impl Files for BlobFiles<'_> {
    fn len(&self) -> usize {
        self.files.len()
    }

    fn name(&self, index: usize) -> &str {
        &self.names[index]
    }

    fn open(&mut self, index: usize) -> std::io::Result<Box<dyn std::io::Read + '_>> {
        Ok(Box::new(BlobReader {
            file: &self.files[index],
            reader: self.reader,
            at: 0,
            piece: Vec::new(),
            used: 0,
        }))
    }

    fn size(&self, index: usize) -> Option<u64> {
        Some(self.files[index].size() as u64)
    }

    fn modified(&self, index: usize) -> Option<rostercheck_core::bundle::Stamp> {
        let seconds = (self.files[index].last_modified() / 1000.0).max(0.0) as u64;
        Some(rostercheck_core::bundle::Stamp::from_unix(seconds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_core::{check_and_fix_pieces, Code, Date, Edits};

    fn request() -> Request {
        Request {
            id: 1,
            today: (2026, 11, 28),
            edits: Edits::default(),
            name: "demographics.csv".into(),
            answers: Vec::new(),
            shown: None,
        }
    }

    fn chunked(input: &[u8], options: &Options) -> (Report, Vec<u8>, Vec<u64>) {
        let mut seen = Vec::new();
        let read = |s: u64, e: u64| Ok(input[s as usize..e as usize].to_vec());
        let mut file = Slices {
            total: input.len() as u64,
            read,
        };
        let (report, output) =
            check_and_fix_pieces(&mut file, options, &mut |d| seen.push(d)).unwrap();
        (report, output, seen)
    }

    #[test]
    fn chunked_check_equals_whole_file_check() {
        let options = options(&request());
        let mut big = crate::SAMPLE.to_vec();
        let body: Vec<u8> = crate::SAMPLE
            .split(|&b| b == b'\n')
            .skip(1)
            .flat_map(|line| line.iter().copied().chain([b'\n']))
            .collect();
        while (big.len() as u64) < 3 * CHUNK {
            big.extend_from_slice(&body);
        }
        // A CRLF file whose first line ends in LF needs the second pass.
        let mixed = b"sourcedId,sex\n1,M\r\n2,F\r\n3,M\r\n".to_vec();
        for input in [crate::SAMPLE.to_vec(), big, mixed, Vec::new()] {
            let (report, output, seen) = chunked(&input, &options);
            let (want_report, want_output) = rostercheck_core::check_and_fix(&input, &options);
            assert_eq!(output, want_output);
            assert_eq!(report.totals, want_report.totals);
            assert_eq!(report.findings, want_report.findings);
            assert_eq!(seen.last().copied().unwrap_or(0), input.len() as u64);
            assert_eq!(seen.len() as u64, (input.len() as u64).div_ceil(CHUNK));
        }
    }

    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in members {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    const USERS: &[u8] =
        b"sourcedId,role,givenName,familyName\n1001,student,A,B\n1002,student,C,D\n";
    const DEMOGRAPHICS: &[u8] = b"sourcedId,sex\n1001,M\n9999,female\n";

    #[test]
    fn a_zip_is_checked_as_a_bundle_with_its_corrected_zip_and_list() {
        let options = options(&request());
        let bytes = zip_of(&[("users.csv", USERS), ("demographics.csv", DEMOGRAPHICS)]);
        let mut seen = Vec::new();
        let (report, output, bundle) =
            check_zip(bytes, "OneRoster.zip", &options, &mut |done, total| {
                seen.push((done, total))
            })
            .unwrap();
        let bundle = bundle.expect("a bundle");
        let codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
        assert!(codes.contains(&Code::UnknownUser), "{codes:?}");
        assert!(codes.contains(&Code::MissingManifest), "{codes:?}");
        assert_eq!(
            seen.last(),
            Some(&(DEMOGRAPHICS.len() as u64, DEMOGRAPHICS.len() as u64))
        );
        assert_eq!(bundle.files.len(), 2);
        assert_eq!(bundle.roster.unwrap().with_demographics, Some(1));
        assert_eq!(
            bundle.missing.as_deref(),
            Some(&b"\xEF\xBB\xBFsourcedId,givenName,familyName\r\n1002,C,D\r\n"[..])
        );
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bundle.zip)).unwrap();
        let mut written = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name("demographics.csv").unwrap(), &mut written)
            .unwrap();
        assert_eq!(written, output);
        assert!(String::from_utf8(output)
            .unwrap()
            .contains("\n1001,,,,male,"));
    }

    #[test]
    fn several_files_are_a_bundle_and_a_refused_zip_is_unreadable() {
        let options = options(&request());
        let mut files = vec![
            ("users.csv".to_owned(), USERS.to_vec()),
            ("demographics.csv".to_owned(), DEMOGRAPHICS.to_vec()),
        ];
        let (report, _, bundle) =
            check_files(&mut files, "2 files", &options, &mut |_, _| {}).unwrap();
        let manifest = (report.findings.iter())
            .find(|f| f.code == Code::MissingManifest)
            .unwrap();
        assert_eq!(manifest.file.as_deref(), Some("2 files"));
        assert!(!bundle.unwrap().zip.is_empty());
        let bomb = zip_of(&[("inner.zip", b"PK")]);
        let (report, output, bundle) = check_zip(bomb, "x.zip", &options, &mut |_, _| {}).unwrap();
        assert!(!report.readable);
        assert_eq!(report.findings[0].code, Code::ZipRefused);
        assert_eq!(report.totals.errors, 1);
        assert!(output.is_empty() && bundle.is_none());
        assert!(crate::verdict::failure(&report)
            .unwrap()
            .contains("holds another zip"));
    }

    #[test]
    fn a_member_that_cannot_be_unzipped_is_the_zip_s_fault() {
        let mut bytes = zip_of(&[("demographics.csv", &vec![b'a'; 200_000])]);
        let size = 200_000u32.to_le_bytes();
        let places: Vec<usize> = (0..bytes.len() - 4)
            .filter(|&at| bytes[at..at + 4] == size)
            .collect();
        for at in places {
            bytes[at..at + 4].copy_from_slice(&1_000u32.to_le_bytes());
        }
        let (report, _, bundle) =
            check_zip(bytes, "OneRoster.zip", &options(&request()), &mut |_, _| {}).unwrap();
        assert!(bundle.is_none() && !report.readable);
        assert_eq!(report.findings[0].code, Code::ZipRefused);
        let message = crate::verdict::failure(&report).unwrap();
        assert!(message.contains("could not be unzipped"), "{message}");
        assert!(message.contains("zip bomb"), "{message}");
    }

    #[test]
    fn read_errors_are_reported() {
        let mut file = Slices {
            total: 10,
            read: |_, _| Err(std::io::Error::other("gone")),
        };
        let options = Options::new(Date::new(2026, 11, 28).unwrap());
        let failed =
            check_and_fix_pieces(&mut file, &options, &mut |_| {}).map_err(|e| e.to_string());
        assert_eq!(failed, Err("gone".to_owned()));
    }
}
