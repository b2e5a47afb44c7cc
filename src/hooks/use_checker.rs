//! The bridge to the checking worker: spawns it, posts requests, turns its replies into
//! actions, and terminates it on Cancel of a new file's check (a re-check is left to finish). A
//! workbook goes first to the workbook worker (started only then), which gives back its sheet
//! as CSV; that CSV is what the checking worker checks.

use crate::protocol::{
    decode, encode, Ask, Book, Export, Places, Query, Reply, Request, RowsAsk, SheetView,
    WorkbookReply, WorkbookRequest,
};
use crate::state::{Action, AppState, Body};
use rostercheck_core::workbook::{is_workbook_name, named_as_roster_file, Sheet};
use rostercheck_core::{Finding, FoundRows};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, ErrorEvent, MessageEvent, Worker};
use yew::prelude::*;

/// The worker script Trunk writes for `src/bin/worker.rs` (`data-loader-shim`), used when the
/// page does not name one.
const WORKER_URL: &str = "./worker_loader.js";

/// The workbook worker's script Trunk writes for `src/bin/workbook.rs`.
const WORKBOOK_WORKER_URL: &str = "./workbook_loader.js";

/// The worker script to start: `<html data-worker="...">` when the page names one (the build
/// writes the content-hashed loader's relative URL there, and the single-file build a `blob:`
/// URL), else `./worker_loader.js` (what Trunk itself names it).
pub fn worker_url() -> String {
    page_attribute("data-worker").unwrap_or_else(|| WORKER_URL.to_owned())
}

/// The workbook worker's script, as [`worker_url`] finds the checking worker's
/// (`<html data-workbook-worker="...">`).
pub fn workbook_worker_url() -> String {
    page_attribute("data-workbook-worker").unwrap_or_else(|| WORKBOOK_WORKER_URL.to_owned())
}

fn page_attribute(name: &str) -> Option<String> {
    gloo::utils::document()
        .document_element()
        .and_then(|root| root.get_attribute(name))
        .filter(|url| !url.is_empty())
}

/// What the page says when the workbook worker dies (out of memory, or a bug in the reader).
const WORKBOOK_CRASHED: &str = "The workbook reader stopped: this browser tab ran out of memory \
for a workbook this large, or the workbook is damaged in a way the reader could not get past. Your \
file was not changed, and the page is ready for another one. In Excel use File › Save As › CSV UTF-8 and check that file here, or use the rostercheck \
command line, which reads workbooks of any size.";

/// What the page says when the worker dies: nearly always the tab ran out of memory (a bug
/// would be the other cause). The next file gets a new worker, so no reload is needed.
const CRASHED: &str = "The checker stopped: this browser tab most likely ran out of memory for \
a file this large. Your file was not changed, and the page is ready for another one. Check a smaller \
file (split by school), use a browser with more memory, or use the rostercheck command line, \
which has no such limit.";

struct Running {
    worker: Worker,
    ready: bool,
    /// Messages posted before it was ready, in order.
    queued: Vec<JsValue>,
    /// The version of the file it was given (see [`Inner::file_version`]).
    file_version: Option<u64>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

/// The page's two workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    /// The checking worker (started with the page).
    Checker,
    /// The workbook reader (started when a workbook is chosen).
    Reader,
}

/// A workbook among a bundle's files: read into its sheet's CSV (which takes its place in the
/// list) before the bundle is checked.
struct BundleBook {
    /// Its place in the bundle's list of files.
    index: u32,
    /// Its name, and where its findings are once it is read.
    book: Book,
    /// Read, or tried.
    done: bool,
}

/// A workbook chosen: read into its sheet's CSV before it is checked.
struct Workbook {
    /// The workbook as chosen.
    file: Blob,
    /// Its name.
    name: String,
    /// The sheet the person chose, if any.
    sheet: Option<String>,
    /// Its sheet, read: where the CSV came from (the CSV itself is `Inner::file`).
    read: Option<Box<Sheet>>,
    /// What the page shows about its sheets.
    view: Option<SheetView>,
}

#[derive(Default)]
struct Inner {
    running: Option<Running>,
    /// What to check: a `Blob` (one file), or a JS array of `File`s (a bundle).
    file: Option<JsValue>,
    /// For several files: a JS array of their names.
    names: Option<JsValue>,
    /// Grows whenever `file` changes: the checking worker is given the file only when it
    /// does not have this version (a re-check after a change is asked without it).
    file_version: u64,
    /// Report files asked of the worker, and who wants each.
    exports: Vec<(Export, Callback<Option<Blob>>)>,
    /// Rows asked of the worker, and who wants each.
    rows: Vec<(RowsAsk, Callback<Option<FoundRows>>)>,
    last_id: u64,
    /// A request was posted and not answered yet.
    in_flight: Option<Which>,
    /// A crashed worker, kept until the next spawn: its error handler is still running when
    /// it is retired, and a closure must not be dropped while it runs.
    retired: Option<Running>,
    /// The workbook being checked, when the file is one.
    workbook: Option<Workbook>,
    /// The workbook worker, started the first time a workbook is chosen.
    reader: Option<Running>,
    /// A crashed workbook worker, kept as `retired` is.
    retired_reader: Option<Running>,
    /// The last request, asked again once a workbook's sheet is read.
    last_request: Option<Request>,
    /// The workbooks among a bundle's files.
    bundle_books: Vec<BundleBook>,
    /// A workbook that could not be read: the sheets to choose from, shown once the
    /// checking worker has kept its report.
    unread_view: Option<Option<SheetView>>,
}

impl Inner {
    /// The worker `which`, and its retired predecessor.
    fn slot(&mut self, which: Which) -> (&mut Option<Running>, &mut Option<Running>) {
        match which {
            Which::Checker => (&mut self.running, &mut self.retired),
            Which::Reader => (&mut self.reader, &mut self.retired_reader),
        }
    }
}

/// Controls the worker. Cheap to clone; all clones share one worker.
#[derive(Clone)]
pub struct CheckerHandle {
    inner: Rc<RefCell<Inner>>,
    dispatch: UseReducerDispatcher<AppState>,
}

impl std::fmt::Debug for CheckerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = self.inner.borrow();
        f.debug_struct("CheckerHandle")
            .field("running", &inner.running.is_some())
            .field("last_id", &inner.last_id)
            .finish()
    }
}

impl PartialEq for CheckerHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl CheckerHandle {
    /// Remembers the file to check (a `File`, or a `Blob` holding the sample).
    pub fn set_file(&self, file: Blob) {
        let mut inner = self.inner.borrow_mut();
        inner.file = Some(file.into());
        inner.file_version += 1;
        inner.names = None;
        inner.workbook = None;
        inner.bundle_books.clear();
    }

    /// Reads another sheet of the workbook at the next check.
    pub fn choose_sheet(&self, sheet: &str) {
        let mut inner = self.inner.borrow_mut();
        let Some(workbook) = inner.workbook.as_mut() else {
            return;
        };
        workbook.sheet = Some(sheet.to_owned());
        workbook.read = None;
        let file: JsValue = workbook.file.clone().into();
        inner.file = Some(file);
        inner.file_version += 1;
    }

    /// Several files (or a folder's) to check as one bundle, with the names the findings give
    /// them (a folder's files by their path in it).
    pub fn set_files(&self, files: &[(web_sys::File, String)]) {
        let list = js_sys::Array::new();
        let names = js_sys::Array::new();
        for (file, name) in files {
            list.push(file);
            names.push(&JsValue::from_str(name));
        }
        let mut inner = self.inner.borrow_mut();
        inner.file = Some(list.into());
        inner.file_version += 1;
        inner.names = Some(names.into());
        inner.workbook = None;
        inner.bundle_books = (files.iter().enumerate())
            .filter(|(_, (_, name))| is_workbook_name(name))
            .map(|(index, (_, name))| BundleBook {
                index: index as u32,
                book: Book {
                    name: name.clone(),
                    read: None,
                    unread: None,
                },
                done: false,
            })
            .collect();
    }

    /// Asks the worker to check the remembered file (a workbook's sheet is read first).
    pub fn send(&self, request: &Request) {
        self.inner.borrow_mut().last_request = Some(request.clone());
        // A bundle's workbooks first, one at a time.
        let book = {
            let inner = self.inner.borrow();
            let list = (inner.file.clone()).and_then(|f| f.dyn_into::<js_sys::Array>().ok());
            (inner.bundle_books.iter().find(|book| !book.done)).and_then(|book| {
                let file = list?.get(book.index).dyn_into::<Blob>().ok()?;
                let asked = WorkbookRequest {
                    id: request.id,
                    name: book.book.name.clone(),
                    sheet: None,
                };
                Some((asked, file))
            })
        };
        if let Some((asked, file)) = book {
            self.read_workbook(&asked, &file);
            return;
        }
        let unread = {
            let inner = self.inner.borrow();
            (inner.workbook.as_ref())
                .filter(|workbook| workbook.read.is_none())
                .map(|workbook| {
                    let asked = WorkbookRequest {
                        id: request.id,
                        name: workbook.name.clone(),
                        sheet: workbook.sheet.clone(),
                    };
                    (asked, workbook.file.clone())
                })
        };
        if let Some((asked, file)) = unread {
            self.read_workbook(&asked, &file);
            return;
        }

        let Some(file) = self.inner.borrow().file.clone() else {
            self.dispatch.dispatch(Action::Failed {
                id: request.id,
                message: "No file is chosen.".into(),
            });
            return;
        };
        self.busy(Which::Checker, request.id);
        // The file (and where a workbook's findings are) only when the worker does not have
        // it: a re-check after a change is asked without it.
        let (version, has_it) = {
            let inner = self.inner.borrow();
            let version = inner.file_version;
            let has = (inner.running.as_ref()).is_some_and(|r| r.file_version == Some(version));
            (version, has)
        };
        let (places, file, names) = match has_it {
            true => (None, JsValue::UNDEFINED, JsValue::UNDEFINED),
            false => {
                let inner = self.inner.borrow();
                let places = Places {
                    sheet: (inner.workbook.as_ref()).and_then(|w| w.read.clone()),
                    books: inner.bundle_books.iter().map(|b| b.book.clone()).collect(),
                };
                let names = inner.names.clone().unwrap_or(JsValue::UNDEFINED);
                (Some(Box::new(places)), file, names)
            }
        };
        let ask = Ask::Check {
            request: request.clone(),
            places,
        };
        let bytes = js_sys::Uint8Array::from(encode(&ask).as_slice());
        let message: JsValue = js_sys::Array::of3(&bytes, &file, &names).into();
        self.post(Which::Checker, request.id, message);
        if let Some(running) = self.inner.borrow_mut().running.as_mut() {
            running.file_version = Some(version);
        }
    }

    /// Asks the checking worker for a window of the findings (answered as
    /// [`Action::Window`]). Not a check: a check in progress is not stopped for it.
    pub fn query(&self, query: &Query) {
        let id = self.inner.borrow().last_id;
        self.post_ask(id, &Ask::Window(query.clone()));
    }

    /// Asks the checking worker for a report file; `done` gets it (`None` when the worker no
    /// longer holds the check).
    pub fn export(&self, export: Export, done: Callback<Option<Blob>>) {
        self.inner.borrow_mut().exports.push((export.clone(), done));
        let id = self.inner.borrow().last_id;
        self.post_ask(id, &Ask::Export(export));
    }

    /// Asks the checking worker for the rows a finding is about; `done` gets them (`None` when
    /// they cannot be read again).
    pub fn rows(&self, ask: RowsAsk, done: Callback<Option<FoundRows>>) {
        self.inner.borrow_mut().rows.push((ask, done));
        let id = self.inner.borrow().last_id;
        self.post_ask(id, &Ask::Rows(ask));
    }

    /// Posts `ask` to the checking worker, beside no file.
    fn post_ask(&self, id: u64, ask: &Ask) {
        let bytes = js_sys::Uint8Array::from(encode(ask).as_slice());
        let message: JsValue = js_sys::Array::of1(&bytes).into();
        self.post(Which::Checker, id, message);
    }

    /// Posts `message` to the worker `which`, started now if it is not running, and held until
    /// it says it is ready.
    fn post(&self, which: Which, id: u64, message: JsValue) {
        if self.inner.borrow_mut().slot(which).0.is_none() {
            *self.inner.borrow_mut().slot(which).1 = None;
            match self.start(which) {
                Ok(started) => *self.inner.borrow_mut().slot(which).0 = Some(started),
                Err(_) => {
                    let what = match which {
                        Which::Checker => "the background checker",
                        Which::Reader => "the workbook reader",
                    };
                    self.dispatch.dispatch(Action::Failed {
                        id,
                        message: format!("This browser cannot start {what} (Web Workers are blocked or unsupported)."),
                    });
                    return;
                }
            }
        }
        let mut inner = self.inner.borrow_mut();
        if let Some(running) = inner.slot(which).0.as_mut() {
            if running.ready {
                if running.worker.post_message(&message).is_err() {
                    drop(inner);
                    self.crashed(which, id);
                }
            } else {
                running.queued.push(message);
            }
        }
    }

    /// Request `id` goes to the worker `which`. A worker still busy with the last request
    /// (either of them) is stopped: its answer is no longer wanted, so it is not waited for.
    fn busy(&self, which: Which, id: u64) {
        let mut inner = self.inner.borrow_mut();
        let mut stopped = None;
        if let Some(busy) = inner.in_flight.take() {
            if let Some(running) = inner.slot(busy).0.take() {
                running.worker.terminate();
                stopped = Some(busy);
            }
        }
        inner.last_id = id;
        inner.in_flight = Some(which);
        drop(inner);
        if stopped == Some(Which::Checker) {
            self.never_answered();
        }
    }

    /// The checking worker was stopped: what it was asked and will never answer is answered
    /// "none" (the report files, the rows of a finding), so nothing waits for it.
    fn never_answered(&self) {
        let (exports, rows) = {
            let mut inner = self.inner.borrow_mut();
            (
                std::mem::take(&mut inner.exports),
                std::mem::take(&mut inner.rows),
            )
        };
        for (_, done) in exports {
            done.emit(None);
        }
        for (_, done) in rows {
            done.emit(None);
        }
    }

    /// The worker `which` is ready: it gets the message held for it.
    fn ready(&self, which: Which) {
        let mut inner = self.inner.borrow_mut();
        if let Some(running) = inner.slot(which).0.as_mut() {
            running.ready = true;
            for message in running.queued.drain(..) {
                // A failure here surfaces as the worker's error event.
                let _ = running.worker.post_message(&message);
            }
        }
    }

    /// Starts the worker before the first file, so that everything the page needs is loaded
    /// with the page (and a first check starts at once). Does nothing when one is running.
    pub fn warm_up(&self) {
        if self.inner.borrow().running.is_some() {
            return;
        }
        self.inner.borrow_mut().retired = None;
        // A failure here is reported when a file is checked.
        if let Ok(running) = self.start(Which::Checker) {
            self.inner.borrow_mut().running = Some(running);
        }
    }

    /// Stops the workers mid-check; the next request starts fresh ones. A re-check after a
    /// change (`recheck`) is left to finish unwanted instead: the worker holds the findings
    /// of the check the page goes back to, and would lose them.
    pub fn cancel(&self, recheck: bool) {
        let mut inner = self.inner.borrow_mut();
        inner.in_flight = None;
        let checker = match recheck {
            true => None,
            false => inner.running.take(),
        };
        let stopped = checker.is_some();
        for running in [checker, inner.reader.take()].into_iter().flatten() {
            running.worker.terminate();
        }
        drop(inner);
        if stopped {
            self.never_answered();
        }
        self.dispatch.dispatch(Action::Cancel);
    }

    /// The worker `which` died (or could not be posted to): said, and retired.
    fn crashed(&self, which: Which, id: u64) {
        let mut inner = self.inner.borrow_mut();
        inner.in_flight = None;
        let (running, retired) = inner.slot(which);
        if let Some(running) = running.take() {
            running.worker.terminate();
            *retired = Some(running);
        }
        drop(inner);
        // What it was asked and will never answer is answered "none", and the page stops
        // waiting for its window.
        if which == Which::Checker {
            self.never_answered();
            self.dispatch.dispatch(Action::Lost);
        }
        let message = match which {
            Which::Checker => CRASHED,
            Which::Reader => WORKBOOK_CRASHED,
        };
        self.dispatch.dispatch(Action::Failed {
            id,
            message: message.into(),
        });
    }

    /// Has the workbook worker (started now if it is not running) read `file`.
    fn read_workbook(&self, asked: &WorkbookRequest, file: &Blob) {
        self.busy(Which::Reader, asked.id);
        self.dispatch.dispatch(Action::Progress {
            id: asked.id,
            done: 0,
            total: file.size() as u64,
        });
        let bytes = js_sys::Uint8Array::from(encode(asked).as_slice());
        let message: JsValue = js_sys::Array::of2(&bytes, file).into();
        self.post(Which::Reader, asked.id, message);
    }

    /// A bundle's workbook was read (its CSV takes its place) or could not be (it stays as it
    /// was, and the finding says why); the bundle is asked for again.
    fn bundle_book_done(&self, result: Result<(Vec<u8>, Box<Sheet>), Finding>) {
        let request = {
            let mut inner = self.inner.borrow_mut();
            let Some(at) = inner.bundle_books.iter().position(|book| !book.done) else {
                return;
            };
            inner.in_flight = None;
            let list = (inner.file.clone()).and_then(|f| f.dyn_into::<js_sys::Array>().ok());
            inner.file_version += 1;
            let book = &mut inner.bundle_books[at];
            book.done = true;
            match result {
                // Only a file the bundle reads stands in it as its sheet's CSV (as in the
                // CLI); any other workbook is left as it is.
                Ok((_, sheet)) if !sheet.is_roster_file() => {}
                Err(_) if !named_as_roster_file(&book.book.name) => {}
                Ok((csv, sheet)) => {
                    if let Some(list) = list {
                        let old = list.get(book.index).dyn_into::<web_sys::File>().ok();
                        // The workbook's time, kept in the corrected zip as the CLI keeps it.
                        let modified = old.map(|f| {
                            let millis = f.last_modified().max(0.0) as u64;
                            std::time::UNIX_EPOCH + std::time::Duration::from_millis(millis)
                        });
                        let file = gloo::file::File::new_with_options(
                            &book.book.name,
                            csv.as_slice(),
                            Some("text/csv"),
                            modified,
                        );
                        let file: &web_sys::File = file.as_ref();
                        list.set(book.index, file.clone().into());
                    }
                    book.book.read = Some(sheet);
                }
                Err(mut finding) => {
                    finding.file = Some(book.book.name.clone());
                    book.book.unread = Some(finding);
                }
            }
            inner.last_request.clone()
        };
        if let Some(request) = request {
            self.send(&request);
        }
    }

    /// The workbook worker said `reply`.
    fn workbook_replied(&self, reply: WorkbookReply) {
        let current = |id: u64| self.inner.borrow().last_id == id;
        let in_bundle = self
            .inner
            .borrow()
            .bundle_books
            .iter()
            .any(|book| !book.done);
        if in_bundle {
            match reply {
                WorkbookReply::Read { id, csv, sheet } if current(id) => {
                    self.bundle_book_done(Ok((csv, sheet)));
                    return;
                }
                WorkbookReply::Unread { id, unread } if current(id) => {
                    self.bundle_book_done(Err(*unread.finding));
                    return;
                }
                other => return self.workbook_replied_alone(other),
            }
        }
        self.workbook_replied_alone(reply);
    }

    /// The workbook worker said `reply` about a workbook checked alone (or `Ready`).
    fn workbook_replied_alone(&self, reply: WorkbookReply) {
        let current = |id: u64| self.inner.borrow().last_id == id;
        match reply {
            WorkbookReply::Ready => self.ready(Which::Reader),
            WorkbookReply::Read { id, csv, sheet } if current(id) => {
                let blob = gloo::file::Blob::new_with_options(csv.as_slice(), Some("text/csv"));
                let request = {
                    let mut inner = self.inner.borrow_mut();
                    inner.in_flight = None;
                    inner.file = Some(web_sys::Blob::from(blob).into());
                    inner.file_version += 1;
                    if let Some(workbook) = inner.workbook.as_mut() {
                        workbook.view = Some(SheetView {
                            read: Some(sheet.name.clone()),
                            sheets: sheet.sheets.clone(),
                        });
                        workbook.read = Some(sheet);
                    }
                    inner.last_request.clone()
                };
                if let Some(request) = request {
                    self.send(&request);
                }
            }
            WorkbookReply::Unread { id, unread } if current(id) => {
                let sheet = {
                    let mut inner = self.inner.borrow_mut();
                    inner.in_flight = None;
                    let view = (!unread.choices.is_empty()).then(|| SheetView {
                        read: None,
                        sheets: unread.choices.clone(),
                    });
                    if let Some(workbook) = inner.workbook.as_mut() {
                        workbook.view = view.clone();
                    }
                    view
                };
                // Kept by the checking worker, which answers about its findings as about a
                // check's; its reply finishes the request.
                let name = (self.inner.borrow().last_request.as_ref())
                    .map(|r| r.name.clone())
                    .unwrap_or_default();
                let report = Box::new(unread.report());
                self.inner.borrow_mut().unread_view = Some(sheet);
                self.busy(Which::Checker, id);
                self.post_ask(id, &Ask::Keep { id, name, report });
            }
            WorkbookReply::Failed { id, message } if current(id) => {
                self.inner.borrow_mut().in_flight = None;
                self.dispatch.dispatch(Action::Failed { id, message });
            }
            // An answer no longer wanted.
            _ => {}
        }
    }

    /// The checking worker found the file to be a workbook (by its bytes, whatever its name):
    /// it is read as one, and the request asked again.
    fn is_a_workbook(&self, id: u64) {
        let request = {
            let mut inner = self.inner.borrow_mut();
            if inner.last_id != id {
                return;
            }
            inner.in_flight = None;
            let file = (inner.file.clone()).and_then(|f| f.dyn_into::<Blob>().ok());
            let (Some(file), Some(request)) = (file, inner.last_request.clone()) else {
                return;
            };
            inner.workbook = Some(Workbook {
                file,
                name: request.name.clone(),
                sheet: None,
                read: None,
                view: None,
            });
            request
        };
        self.send(&request);
    }

    /// The checking worker said `reply`; `blobs`: the files beside it (the corrected file or
    /// a report file; a bundle's zip and list).
    fn replied(&self, reply: Reply, blobs: [Option<Blob>; 3]) {
        let [blob, zip, missing] = blobs;
        if let Reply::Done { id, .. } | Reply::Failed { id, .. } | Reply::Workbook { id } = &reply {
            let mut inner = self.inner.borrow_mut();
            if inner.last_id == *id {
                inner.in_flight = None;
            }
        }
        match reply {
            Reply::Ready => self.ready(Which::Checker),
            Reply::Progress { id, done, total } => {
                self.dispatch.dispatch(Action::Progress { id, done, total })
            }
            Reply::Done {
                id,
                report,
                digest,
                elapsed_ms,
                mut bundle,
            } => {
                if let Some(bundle) = bundle.as_mut() {
                    bundle.zip_blob = zip;
                    bundle.missing_blob = missing;
                }
                let sheet = {
                    let mut inner = self.inner.borrow_mut();
                    match inner.unread_view.take() {
                        Some(view) => view,
                        None => (inner.workbook.as_ref()).and_then(|w| w.view.clone()),
                    }
                };
                let output = blob.map_or_else(|| Vec::new().into(), Body::Blob);
                self.dispatch.dispatch(Action::Finished {
                    id,
                    report,
                    digest,
                    output,
                    elapsed_ms,
                    bundle,
                    sheet,
                })
            }
            Reply::Window(window) => self.dispatch.dispatch(Action::Window(window)),
            Reply::Exported(export) => self.exported(&export, blob),
            Reply::Rows(rows) => {
                let wanted = {
                    let mut inner = self.inner.borrow_mut();
                    let at = inner.rows.iter().position(|(ask, _)| *ask == rows.ask);
                    at.map(|at| inner.rows.remove(at).1)
                };
                if let Some(done) = wanted {
                    done.emit(rows.found);
                }
            }
            Reply::Gone { check } => {
                let exports: Vec<Export> = (self.inner.borrow().exports.iter())
                    .filter(|(e, _)| e.check == check)
                    .map(|(e, _)| e.clone())
                    .collect();
                for export in exports {
                    self.exported(&export, None);
                }
                self.dispatch.dispatch(Action::Gone { check })
            }
            Reply::Failed { id, message } => self.dispatch.dispatch(Action::Failed { id, message }),
            Reply::Workbook { id } => self.is_a_workbook(id),
        }
    }

    /// The report file `export` is made (`None`: it could not be): given to who asked.
    fn exported(&self, export: &Export, blob: Option<Blob>) {
        let wanted = {
            let mut inner = self.inner.borrow_mut();
            let at = inner.exports.iter().position(|(e, _)| e == export);
            at.map(|at| inner.exports.remove(at).1)
        };
        if let Some(done) = wanted {
            done.emit(blob);
        }
    }

    /// Starts the worker `which`: its replies go to [`CheckerHandle::replied`] or
    /// [`CheckerHandle::workbook_replied`], its death to [`CheckerHandle::crashed`].
    fn start(&self, which: Which) -> Result<Running, JsValue> {
        let url = match which {
            Which::Checker => worker_url(),
            Which::Reader => workbook_worker_url(),
        };
        let worker = Worker::new(&url)?;
        let weak = Rc::downgrade(&self.inner);
        let dispatch = self.dispatch.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            // A reply alone, or `[reply, Blob, …]` when it comes with files: the corrected
            // file (or a report file), and a bundle's zip and list.
            let data = event.data();
            let (message, blobs) = match data.dyn_ref::<js_sys::Array>() {
                Some(parts) => {
                    let blob = |at: u32| parts.get(at).dyn_into::<Blob>().ok();
                    (parts.get(0), [blob(1), blob(2), blob(3)])
                }
                None => (data, [None, None, None]),
            };
            let bytes = js_sys::Uint8Array::new(&message).to_vec();
            let Some(inner) = weak.upgrade() else {
                return;
            };
            let handle = CheckerHandle {
                inner,
                dispatch: dispatch.clone(),
            };
            match which {
                Which::Checker => {
                    if let Some(reply) = decode::<Reply>(&bytes) {
                        handle.replied(reply, blobs);
                    }
                }
                Which::Reader => {
                    if let Some(reply) = decode::<WorkbookReply>(&bytes) {
                        handle.workbook_replied(reply);
                    }
                }
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let handle = self.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            let id = handle.inner.borrow().last_id;
            handle.crashed(which, id);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Running {
            worker,
            ready: false,
            queued: Vec::new(),
            file_version: None,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

/// The worker bridge for this page. The worker starts when the page does (and again after a
/// Cancel or a crash, with the next request) and is terminated when the component unmounts.
#[hook]
pub fn use_checker(dispatch: UseReducerDispatcher<AppState>) -> CheckerHandle {
    let inner = use_mut_ref(Inner::default);
    let handle = CheckerHandle { inner, dispatch };
    {
        let inner = Rc::clone(&handle.inner);
        let warm = handle.clone();
        use_effect_with((), move |_| {
            warm.warm_up();
            move || {
                let mut inner = inner.borrow_mut();
                for running in [inner.running.take(), inner.reader.take()]
                    .into_iter()
                    .flatten()
                {
                    running.worker.terminate();
                }
            }
        });
    }
    handle
}
