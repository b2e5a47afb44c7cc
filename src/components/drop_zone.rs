//! Intake: a drop zone that is also a keyboard-reachable file picker, and the sample button.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

/// Properties of [`DropZone`].
#[derive(Properties, PartialEq, Debug)]
pub struct DropZoneProps {
    /// A file was chosen or dropped.
    pub on_file: Callback<web_sys::File>,
    /// "Try it with a sample file" was pressed.
    pub on_sample: Callback<()>,
    /// A check is running (choosing another file is still allowed and replaces it).
    #[prop_or_default]
    pub busy: bool,
}

/// Removes the page-wide drag listeners (dropping a listener unregisters it).
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
        let on_file = props.on_file.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_file.emit(file);
            }
            // Choosing the same file again must fire `change` again.
            input.set_value("");
        })
    };
    // Files dropped anywhere on the page are checked (and the browser never navigates away to
    // show the dropped file). The latest `on_file` is read at drop time.
    let latest = use_mut_ref(|| props.on_file.clone());
    *latest.borrow_mut() = props.on_file.clone();
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
                let file = event
                    .dyn_ref::<DragEvent>()
                    .and_then(|e| e.data_transfer())
                    .and_then(|d| d.files())
                    .and_then(|files| files.get(0));
                if let Some(file) = file {
                    let on_file = latest.borrow().clone();
                    on_file.emit(file);
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
            <h2 id="drop-title">{ "Check a demographics.csv" }</h2>
            <p>
                { "Drop the file anywhere on this page, or choose it. It is checked in this browser and never leaves your computer." }
            </p>
            <div class="drop-actions">
                <input
                    id="file-input"
                    class="visually-hidden"
                    type="file"
                    ref={input}
                    onchange={on_change}
                    aria-describedby="drop-hint"
                />
                <label class="button primary" for="file-input">{ "Choose a file…" }</label>
                <button type="button" class="button" onclick={on_sample}>
                    { "Try it with a sample file" }
                </button>
            </div>
            <p id="drop-hint" class="hint">
                { if props.busy {
                    "A check is running; choosing another file replaces it."
                } else {
                    "A CSV export from your SIS (comma, semicolon or tab separated; UTF-8, UTF-16 or Windows-1252)."
                } }
            </p>
        </section>
    }
}
