//! Intake: a drop zone that is also a keyboard-reachable file picker, and the sample button.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

/// Properties of [`DropZone`].
#[derive(Properties, PartialEq, Debug)]
pub struct DropZoneProps {
    /// Files were chosen or dropped: one, several, or a folder's.
    pub on_files: Callback<Vec<web_sys::File>>,
    /// "Try it with a sample file" was pressed.
    pub on_sample: Callback<()>,
    /// A check is running (choosing another file is still allowed and replaces it).
    #[prop_or_default]
    pub busy: bool,
}

/// Removes the page-wide drag listeners (dropping a listener unregisters it).
/// Every file of a file list.
fn all_files(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

fn drop_all(listeners: (EventListener, EventListener, EventListener)) {
    drop(listeners);
}

/// The drop zone. Its `input[type=file]` is the page's only one (a test hook). Files can be
/// dropped anywhere on the page.
#[component]
pub fn DropZone(props: &DropZoneProps) -> Html {
    let dragging = use_state_eq(|| false);
    let input = use_node_ref();

    let on_change = {
        let on_files = props.on_files.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let files = all_files(input.files());
            if !files.is_empty() {
                on_files.emit(files);
            }
            // Choosing the same file again must fire `change` again.
            input.set_value("");
        })
    };
    // Files dropped anywhere on the page are checked (and the browser never navigates away to
    // show the dropped file). The latest `on_files` is read at drop time.
    let latest = use_mut_ref(|| props.on_files.clone());
    *latest.borrow_mut() = props.on_files.clone();
    {
        let dragging = dragging.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let options = EventListenerOptions::enable_prevent_default();
            let over = {
                let dragging = dragging.clone();
                EventListener::new_with_options(&window, "dragover", options, move |event| {
                    event.prevent_default();
                    dragging.set(true);
                })
            };
            let leave = {
                let dragging = dragging.clone();
                EventListener::new(&window, "dragleave", move |event| {
                    // Leaving the window, not just moving between elements.
                    let left = event
                        .dyn_ref::<DragEvent>()
                        .is_some_and(|e| e.related_target().is_none());
                    if left {
                        dragging.set(false);
                    }
                })
            };
            let drop = EventListener::new_with_options(&window, "drop", options, move |event| {
                event.prevent_default();
                dragging.set(false);
                let files = all_files(
                    event
                        .dyn_ref::<DragEvent>()
                        .and_then(|e| e.data_transfer())
                        .and_then(|d| d.files()),
                );
                if !files.is_empty() {
                    let on_files = latest.borrow().clone();
                    on_files.emit(files);
                }
            });
            move || drop_all((over, leave, drop))
        });
    }
    let on_sample = {
        let on_sample = props.on_sample.clone();
        Callback::from(move |_: MouseEvent| on_sample.emit(()))
    };

    html! {
        <section
            class={classes!("drop", dragging.then_some("dragging"))}
            aria-labelledby="drop-title"
        >
            <h2 id="drop-title">{ "Check a demographics.csv, or the whole OneRoster bundle" }</h2>
            <p>
                { "Drop the file anywhere on this page, or choose it. Drop the bundle's zip, or its CSV files together (users.csv, manifest.csv…), to check that every student is in users.csv. Files are checked in this browser and never leave your computer." }
            </p>
            <div class="drop-actions">
                <input
                    id="file-input"
                    class="visually-hidden"
                    type="file"
                    multiple=true
                    ref={input}
                    onchange={on_change.clone()}
                    aria-describedby="drop-hint"
                />
                <label class="button primary" for="file-input">{ "Choose files…" }</label>
                <input
                    id="folder-input"
                    class="visually-hidden"
                    type="file"
                    webkitdirectory=true
                    onchange={on_change}
                    aria-describedby="drop-hint"
                />
                <label class="button" for="folder-input">{ "Choose a folder…" }</label>
                <button type="button" class="button" onclick={on_sample}>
                    { "Try it with a sample file" }
                </button>
            </div>
            <p id="drop-hint" class="hint">
                { if props.busy {
                    "A check is running; choosing another file replaces it."
                } else {
                    "A CSV export from your SIS (comma, semicolon or tab separated; UTF-8, UTF-16 or Windows-1252), or a OneRoster zip."
                } }
            </p>
        </section>
    }
}
