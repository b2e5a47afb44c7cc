//! The bridge to the builder: a second instance of the workbook worker (it has the core's
//! workbook reader, which lists often need, and the checking worker stays as small as it is),
//! started when files are first chosen for a build. The worker keeps the files; the page
//! sends only the recipe after that.

use super::use_checker::workbook_worker_url;
use crate::build_state::{Asking, BuildAction, BuildState};
use crate::protocol::{decode, encode, BuildReply, BuildRequest};
use rostercheck_core::build::Recipe;
use rostercheck_core::Date;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::prelude::*;

/// What the page says when the builder dies.
const CRASHED: &str = "The builder stopped: this browser tab most likely ran out of memory for \
files this large. Nothing was changed. Choose the files again, or use `rostercheck build` on the \
command line, which has no such limit.";

/// What the page says when a reply cannot be read (a page and a worker of two versions).
const UNREADABLE: &str = "The builder's answer could not be read: the page and its builder are \
of two versions. Reload the page and choose the files again.";

struct Running {
    worker: Worker,
    ready: bool,
    queued: Vec<JsValue>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

#[derive(Default)]
struct Inner {
    running: Option<Running>,
    /// A crashed worker, kept until the next start (its handler may still be running).
    retired: Option<Running>,
    last_id: u64,
    /// The last built demographics.csv, until the page takes it.
    built: Option<Vec<u8>>,
}

/// Controls the builder. Cheap to clone.
#[derive(Clone)]
pub struct BuilderHandle {
    inner: Rc<RefCell<Inner>>,
    dispatch: UseReducerDispatcher<BuildState>,
    today: Date,
}

impl std::fmt::Debug for BuilderHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = self.inner.borrow();
        f.debug_struct("BuilderHandle")
            .field("running", &inner.running.is_some())
            .field("last_id", &inner.last_id)
            .finish()
    }
}

impl PartialEq for BuilderHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl BuilderHandle {
    fn today(&self) -> (i32, u32, u32) {
        (self.today.year, self.today.month, self.today.day)
    }

    fn next_id(&self) -> u64 {
        let mut inner = self.inner.borrow_mut();
        inner.last_id += 1;
        inner.last_id
    }

    /// Reads `files` for a build, planned with `recipe` (a recipe file's text) or with the
    /// recipe rostercheck suggests.
    pub fn open(&self, files: &[web_sys::File], recipe: Option<String>) {
        let id = self.next_id();
        let list = js_sys::Array::new();
        for file in files {
            list.push(file);
        }
        let request = BuildRequest::Open {
            id,
            today: self.today(),
            names: files.iter().map(web_sys::File::name).collect(),
            recipe,
        };
        self.post(id, Asking::Open, &request, list.into());
    }

    /// Plans again with `recipe`.
    pub fn plan(&self, recipe: Recipe) {
        let id = self.next_id();
        let request = BuildRequest::Plan {
            id,
            today: self.today(),
            recipe,
        };
        self.post(id, Asking::Plan, &request, JsValue::UNDEFINED);
    }

    /// Builds with `recipe`.
    pub fn build(&self, recipe: Recipe) {
        let id = self.next_id();
        let request = BuildRequest::Build {
            id,
            today: self.today(),
            recipe,
        };
        self.post(id, Asking::Build, &request, JsValue::UNDEFINED);
    }

    fn post(&self, id: u64, asking: Asking, request: &BuildRequest, files: JsValue) {
        self.dispatch.dispatch(BuildAction::Asked(id, asking));
        if self.inner.borrow().running.is_none() {
            match self.start() {
                Ok(running) => {
                    let mut inner = self.inner.borrow_mut();
                    inner.retired = None;
                    inner.running = Some(running);
                }
                Err(_) => {
                    self.dispatch.dispatch(BuildAction::Crashed(
                        "This browser cannot start the builder (Web Workers are blocked or unsupported).".into(),
                    ));
                    return;
                }
            }
        }
        let bytes = js_sys::Uint8Array::from(encode(request).as_slice());
        let message: JsValue = js_sys::Array::of3(&bytes, &files, &"build".into()).into();
        let mut inner = self.inner.borrow_mut();
        if let Some(running) = inner.running.as_mut() {
            if running.ready {
                let _ = running.worker.post_message(&message);
            } else {
                running.queued.push(message);
            }
        }
    }

    /// The last built demographics.csv, once.
    pub fn take_built(&self) -> Option<Vec<u8>> {
        self.inner.borrow_mut().built.take()
    }

    fn replied(&self, mut reply: BuildReply) {
        if let BuildReply::Built { csv, .. } = &mut reply {
            // Kept here, not in the panel's state: it is the page's to check.
            self.inner.borrow_mut().built = Some(std::mem::take(csv));
        }
        if reply == BuildReply::Ready {
            let mut inner = self.inner.borrow_mut();
            if let Some(running) = inner.running.as_mut() {
                running.ready = true;
                for message in running.queued.drain(..) {
                    let _ = running.worker.post_message(&message);
                }
            }
            return;
        }
        self.dispatch
            .dispatch(BuildAction::Replied(Box::new(reply)));
    }

    fn crashed(&self) {
        let mut inner = self.inner.borrow_mut();
        if let Some(running) = inner.running.take() {
            running.worker.terminate();
            inner.retired = Some(running);
        }
        drop(inner);
        self.dispatch.dispatch(BuildAction::Crashed(CRASHED.into()));
    }

    fn start(&self) -> Result<Running, JsValue> {
        let worker = Worker::new(&workbook_worker_url())?;
        let weak = Rc::downgrade(&self.inner);
        let dispatch = self.dispatch.clone();
        let today = self.today;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
            let Some(inner) = weak.upgrade() else {
                return;
            };
            let Some(reply) = decode::<BuildReply>(&bytes) else {
                // Never left "reading" for ever: a reply the page cannot read is said.
                dispatch.dispatch(BuildAction::Crashed(UNREADABLE.into()));
                return;
            };
            let handle = BuilderHandle {
                inner,
                dispatch: dispatch.clone(),
                today,
            };
            handle.replied(reply);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let handle = self.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            handle.crashed();
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Running {
            worker,
            ready: false,
            queued: Vec::new(),
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

/// The builder bridge for the builder panel; its worker is terminated when the panel goes.
#[hook]
pub fn use_builder(dispatch: UseReducerDispatcher<BuildState>, today: Date) -> BuilderHandle {
    let inner = use_mut_ref(Inner::default);
    {
        let inner = Rc::clone(&inner);
        use_effect_with((), move |_| {
            move || {
                if let Some(running) = inner.borrow_mut().running.take() {
                    running.worker.terminate();
                }
            }
        });
    }
    BuilderHandle {
        inner,
        dispatch,
        today,
    }
}
