//! The bridge to the checking worker: spawns it, posts requests, turns its replies into
//! actions, and terminates it on Cancel.

use crate::protocol::{decode, encode, Reply, Request};
use crate::state::{Action, AppState};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, ErrorEvent, MessageEvent, Worker};
use yew::prelude::*;

/// The worker script Trunk writes for `src/bin/worker.rs` (`data-loader-shim`), used when the
/// page does not name one.
const WORKER_URL: &str = "./worker_loader.js";

/// The worker script to start: `<html data-worker="...">` when the page names one (the build
/// writes the content-hashed loader's relative URL there, and the single-file build a `blob:`
/// URL), else `./worker_loader.js` (what Trunk itself names it).
pub fn worker_url() -> String {
    gloo::utils::document()
        .document_element()
        .and_then(|root| root.get_attribute("data-worker"))
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| WORKER_URL.to_owned())
}

/// What the page says when the worker dies: nearly always the tab ran out of memory (a bug
/// would be the other cause). The next file gets a new worker, so no reload is needed.
const CRASHED: &str = "The checker stopped: this browser tab most likely ran out of memory for \
a file this large. Your file was not changed, and the page is ready for another one. Check a smaller \
file (split by school), use a browser with more memory, or use the rostercheck command line, \
which has no such limit.";

struct Running {
    worker: Worker,
    ready: bool,
    queued: Option<JsValue>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

#[derive(Default)]
struct Inner {
    running: Option<Running>,
    /// What to check: a `Blob` (one file), or a JS array of `File`s (a bundle).
    file: Option<JsValue>,
    /// For several files: a JS array of their names.
    names: Option<JsValue>,
    last_id: u64,
    /// A request was posted and not answered yet.
    in_flight: bool,
    /// A crashed worker, kept until the next spawn: its error handler is still running when
    /// it is retired, and a closure must not be dropped while it runs.
    retired: Option<Running>,
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
        inner.names = None;
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
        inner.names = Some(names.into());
    }

    /// Asks the worker to check the remembered file.
    pub fn send(&self, request: &Request) {
        let Some(file) = self.inner.borrow().file.clone() else {
            self.dispatch.dispatch(Action::Failed {
                id: request.id,
                message: "No file is chosen.".into(),
            });
            return;
        };
        {
            // A new file while the worker is still busy with the last one: its answer is no
            // longer wanted, so stop it rather than wait for it.
            let mut inner = self.inner.borrow_mut();
            if inner.in_flight {
                if let Some(running) = inner.running.take() {
                    running.worker.terminate();
                }
            }
            inner.last_id = request.id;
            inner.in_flight = true;
        }
        let bytes = js_sys::Uint8Array::from(encode(request).as_slice());
        let names = self
            .inner
            .borrow()
            .names
            .clone()
            .unwrap_or(JsValue::UNDEFINED);
        let message: JsValue = js_sys::Array::of3(&bytes, &file, &names).into();
        if self.inner.borrow().running.is_none() {
            self.inner.borrow_mut().retired = None;
            match self.spawn() {
                Ok(running) => self.inner.borrow_mut().running = Some(running),
                Err(_) => {
                    self.dispatch.dispatch(Action::Failed {
                        id: request.id,
                        message: "This browser cannot start the background checker (Web Workers are blocked or unsupported).".into(),
                    });
                    return;
                }
            }
        }
        let mut inner = self.inner.borrow_mut();
        if let Some(running) = inner.running.as_mut() {
            if running.ready {
                if running.worker.post_message(&message).is_err() {
                    drop(inner);
                    self.crashed(request.id);
                }
            } else {
                running.queued = Some(message);
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
        if let Ok(running) = self.spawn() {
            self.inner.borrow_mut().running = Some(running);
        }
    }

    /// Stops the worker mid-check; the next request starts a fresh one.
    pub fn cancel(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.in_flight = false;
        if let Some(running) = inner.running.take() {
            running.worker.terminate();
        }
        drop(inner);
        self.dispatch.dispatch(Action::Cancel);
    }

    fn crashed(&self, id: u64) {
        let mut inner = self.inner.borrow_mut();
        inner.in_flight = false;
        if let Some(running) = inner.running.take() {
            running.worker.terminate();
            inner.retired = Some(running);
        }
        drop(inner);
        self.dispatch.dispatch(Action::Failed {
            id,
            message: CRASHED.into(),
        });
    }

    fn spawn(&self) -> Result<Running, JsValue> {
        let worker = Worker::new(&worker_url())?;
        let weak = Rc::downgrade(&self.inner);
        let dispatch = self.dispatch.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
            let reply = decode::<Reply>(&bytes);
            if let (Some(Reply::Done { id, .. } | Reply::Failed { id, .. }), Some(inner)) =
                (&reply, weak.upgrade())
            {
                let mut inner = inner.borrow_mut();
                if inner.last_id == *id {
                    inner.in_flight = false;
                }
            }
            match reply {
                Some(Reply::Ready) => {
                    if let Some(inner) = weak.upgrade() {
                        let mut inner = inner.borrow_mut();
                        if let Some(running) = inner.running.as_mut() {
                            running.ready = true;
                            if let Some(message) = running.queued.take() {
                                // A failure here surfaces as the worker's error event.
                                let _ = running.worker.post_message(&message);
                            }
                        }
                    }
                }
                Some(Reply::Progress { id, done, total }) => {
                    dispatch.dispatch(Action::Progress { id, done, total })
                }
                Some(Reply::Done {
                    id,
                    report,
                    output,
                    elapsed_ms,
                    bundle,
                }) => dispatch.dispatch(Action::Finished {
                    id,
                    report,
                    output,
                    elapsed_ms,
                    bundle,
                }),
                Some(Reply::Failed { id, message }) => {
                    dispatch.dispatch(Action::Failed { id, message })
                }
                None => {}
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let handle = self.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            let id = handle.inner.borrow().last_id;
            handle.crashed(id);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Running {
            worker,
            ready: false,
            queued: None,
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
                if let Some(running) = inner.borrow_mut().running.take() {
                    running.worker.terminate();
                }
            }
        });
    }
    handle
}
