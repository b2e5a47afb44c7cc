//! The page: intake, progress, summary, overview, changes and detail.

use super::{
    Builder, BundleFiles, CellEditor, ColumnCounts, ColumnMapper, CompletenessChart, Decisions,
    Downloads, DropZone, EditsBar, FilterBar, FindingsTable, Footer, Privacy, Progress, RuleCounts,
    SheetPicker, Summary,
};
use crate::hooks::use_checker;
use crate::protocol::{Request, RowsAsk};
use crate::state::{Action, AppState, FileMeta, Phase};
use rostercheck_core::Date;
use yew::prelude::*;

/// The whole app.
/// A file of a folder that is not the district's: hidden (`.DS_Store`), or Windows' own.
fn is_junk(name: &str) -> bool {
    name.starts_with('.')
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// A file's path in the folder it was chosen with (empty when chosen on its own).
fn relative_path(file: &web_sys::File) -> String {
    js_sys::Reflect::get(file, &"webkitRelativePath".into())
        .ok()
        .and_then(|path| path.as_string())
        .unwrap_or_default()
}

/// The files to check, each with the name its findings give it. Of a folder, its own files
/// (not its subfolders'), by path, in order, as the command line reads a folder (found by
/// review: a backup copy in a subfolder was read too); hidden files (.DS_Store) and Windows'
/// thumbnails are not roster data.
fn bundle_files(files: Vec<web_sys::File>) -> Vec<(web_sys::File, String)> {
    let mut named: Vec<(web_sys::File, String)> = (files.into_iter())
        .map(|file| {
            let path = relative_path(&file);
            (file, path)
        })
        .filter(|(file, path)| !is_junk(&file.name()) && path.matches('/').count() <= 1)
        .map(|(file, path)| {
            let name = if path.is_empty() { file.name() } else { path };
            (file, name)
        })
        .collect();
    if named
        .iter()
        .any(|(file, _)| !relative_path(file).is_empty())
    {
        named.sort_by(|a, b| a.1.cmp(&b.1));
    }
    named
}

/// What the page calls the files chosen: the file's name, the folder's, or "N files".
fn bundle_name(files: &[(web_sys::File, String)]) -> String {
    if let [(one, _)] = files {
        return one.name();
    }
    let folders: Vec<&str> = (files.iter())
        .filter_map(|(_, name)| name.split_once('/').map(|(folder, _)| folder))
        .collect();
    match folders.first() {
        Some(folder) if folders.len() == files.len() && folders.iter().all(|f| f == folder) => {
            format!("{folder}/")
        }
        _ => format!("{} files", files.len()),
    }
}

/// The undo or redo a key press asks for: Ctrl+Z / ⌘Z, Ctrl+Y / ⇧⌘Z / Ctrl+Shift+Z; none in a
/// text field or a list, whose own keys they are.
fn undo_key(event: &web_sys::KeyboardEvent) -> Option<Action> {
    use wasm_bindgen::JsCast;
    if !(event.ctrl_key() || event.meta_key()) || event.alt_key() {
        return None;
    }
    let in_field = (event.target())
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
    if in_field {
        return None;
    }
    match (event.key().to_ascii_lowercase().as_str(), event.shift_key()) {
        ("z", false) => Some(Action::Undo),
        ("z", true) | ("y", false) => Some(Action::Redo),
        _ => None,
    }
}

/// Asks the person whether their changes may be discarded for another file.
fn discard_ok() -> bool {
    gloo::utils::window()
        .confirm_with_message(
            "Your changes to this file (edits, answers, rows left out) will be lost. Check another file anyway? Download the corrected file first to keep them.",
        )
        .unwrap_or(false)
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let today = use_memo((), |_| crate::today::for_page());
    let dispatcher = state.dispatcher();
    let checker = use_checker(dispatcher.clone());
    let dispatch = use_callback((), move |action: Action, _| dispatcher.dispatch(action));

    // Ask the worker whenever the reducer starts a new request.
    {
        let state = state.clone();
        let checker = checker.clone();
        let today: Date = *today;
        use_effect_with(state.request, move |_| {
            if let Phase::Working { id, .. } = state.phase {
                if id == state.request {
                    checker.send(&Request {
                        id,
                        today: (today.year, today.month, today.day),
                        edits: state.edits().clone(),
                        answers: state.answers(),
                        shown: state.result.as_ref().map(|result| result.id),
                        name: state
                            .file
                            .as_ref()
                            .map(|f| f.name.clone())
                            .unwrap_or_default(),
                    });
                }
            }
        });
    }

    // Ask the worker for the findings in view whenever the reducer asks for another window.
    {
        let checker = checker.clone();
        let asked = state.asked.clone();
        use_effect_with(state.asks, move |_| {
            if let Some(query) = asked {
                checker.query(&query);
            }
        });
    }

    // Ctrl+Z and Ctrl+Y (⌘Z, ⇧⌘Z on a Mac) undo and redo a change, except in a text field,
    // whose own undo they are.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = gloo::events::EventListener::new(
                &gloo::utils::document(),
                "keydown",
                move |event| {
                    use wasm_bindgen::JsCast;
                    let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if let Some(action) = undo_key(event) {
                        event.prevent_default();
                        dispatch.emit(action);
                    }
                },
            );
            move || drop(listener)
        });
    }

    // Closing the tab with changes in force asks first (the browser's own question).
    use_effect_with(state.has_changes(), |changed| {
        let listener = changed.then(|| {
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            gloo::events::EventListener::new_with_options(
                &gloo::utils::window(),
                "beforeunload",
                options,
                |event| {
                    event.prevent_default();
                    // Older browsers ask only when `returnValue` is set.
                    let _ = js_sys::Reflect::set(event, &"returnValue".into(), &"".into());
                },
            )
        });
        move || drop(listener)
    });

    // The app has started: remove the loading / "cannot run WebAssembly" notice.
    use_effect_with((), |_| {
        if let Some(boot) = gloo::utils::document().get_element_by_id("boot") {
            boot.remove();
        }
    });

    // Another file discards the person's changes: asked first.
    let keep_changes = {
        let changes = state.has_changes();
        move || changes && !discard_ok()
    };
    let on_files = {
        let checker = checker.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            if files.is_empty() || keep_changes() {
                return;
            }
            let files = bundle_files(files);
            let meta = FileMeta {
                name: bundle_name(&files),
                size: files.iter().map(|(f, _)| f.size() as u64).sum(),
            };
            match files.as_slice() {
                [] => return,
                // A workbook is found by the checking worker, by its bytes (and its name).
                [(one, _)] => checker.set_file(one.clone().into()),
                several => checker.set_files(several),
            }
            dispatch.emit(Action::Open(meta));
        })
    };
    let on_sample = {
        let checker = checker.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |()| {
            if keep_changes() {
                return;
            }
            let blob = gloo::file::Blob::new_with_options(crate::SAMPLE, Some("text/csv"));
            checker.set_file(blob.into());
            dispatch.emit(Action::Open(FileMeta {
                name: crate::SAMPLE_NAME.into(),
                size: crate::SAMPLE.len() as u64,
            }));
        })
    };
    let on_sheet = {
        let checker = checker.clone();
        let dispatch = dispatch.clone();
        let file = state.file.clone();
        Callback::from(move |sheet: String| {
            if keep_changes() {
                return;
            }
            // Another sheet is another file: checked from scratch.
            checker.choose_sheet(&sheet);
            if let Some(meta) = file.clone() {
                dispatch.emit(Action::Open(meta));
            }
        })
    };
    let on_built = {
        let checker = checker.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |csv: Vec<u8>| {
            if keep_changes() {
                return;
            }
            let size = csv.len() as u64;
            let blob = gloo::file::Blob::new_with_options(csv.as_slice(), Some("text/csv"));
            checker.set_file(blob.into());
            dispatch.emit(Action::Open(FileMeta {
                name: "demographics.csv".into(),
                size,
            }));
        })
    };
    let on_cancel = {
        let checker = checker.clone();
        // A re-check after a change (the page goes back to the last report) is not stopped.
        let recheck = matches!(
            state.phase,
            Phase::Working {
                restore: Some(_),
                ..
            }
        ) && state.result.is_some();
        Callback::from(move |()| checker.cancel(recheck))
    };

    let file_name = state
        .file
        .as_ref()
        .map(|f| f.name.clone())
        .unwrap_or_default();
    let busy = state.busy();
    let detail = match (&state.result, &state.phase) {
        (Some(result), Phase::Done | Phase::Working { .. }) if result.report.readable => {
            let selected = state.selected_finding().cloned();
            // More rows than this one with the finding's value, flagged and unfixed: the
            // mapper replaces them all at once.
            let same_value_rows = (selected.as_ref())
                .filter(|f| f.fix.is_none() && f.decision.is_none())
                .and_then(|f| {
                    let (column, value) = (f.column.as_ref()?, f.value.as_ref()?);
                    let (_, values) = (result.digest.mappable.iter()).find(|(c, _)| c == column)?;
                    let candidate = values.iter().find(|c| c.value == value.trim())?;
                    (candidate.rows > 1).then_some(candidate.rows)
                });
            let selected_decision = (selected.as_ref())
                .and_then(|f| f.decision.as_ref())
                .and_then(|key| {
                    (result.report.decisions.iter())
                        .find(|d| d.key == *key)
                        .cloned()
                });
            html! {
                <>
                    <Decisions result={result.clone()} can_edit={state.can_edit()} dispatch={dispatch.clone()} opened={state.opened} />
                    <Downloads result={result.clone()} file_name={file_name.clone()} busy={busy} checker={checker.clone()} />
                    if let Some(bundle) = result.bundle.clone() {
                        <BundleFiles {bundle} />
                    }
                    <section class="overview" aria-labelledby="overview-title">
                        <h2 id="overview-title">{ "Overview" }</h2>
                        <div class="overview-grid">
                            <RuleCounts report={result.clone()} filter={state.filter.clone()} dispatch={dispatch.clone()} />
                            <ColumnCounts report={result.clone()} filter={state.filter.clone()} dispatch={dispatch.clone()} />
                        </div>
                        <CompletenessChart report={result.clone()} />
                    </section>
                    <section class="changes" aria-labelledby="changes-title">
                        <h2 id="changes-title">{ "Fix the rest" }</h2>
                        <div class="changes-grid">
                            <ColumnMapper result={result.clone()} can_edit={state.can_edit()} dispatch={dispatch.clone()} start={state.map_from.clone()} />
                            <EditsBar
                                edits={state.edits().clone()}
                                lines={state.lines.clone()}
                                can_undo={state.can_undo()}
                                can_redo={state.can_redo()}
                                dispatch={dispatch.clone()}
                            />
                        </div>
                    </section>
                    <section class="detail" aria-labelledby="detail-title">
                        <h2 id="detail-title">{ "Findings" }</h2>
                        <FilterBar report={result.clone()} filter={state.filter.clone()} shown={state.matching()} dispatch={dispatch.clone()} />
                        <div class="detail-grid">
                            <FindingsTable
                                window={state.current_window().and(state.window.clone())}
                                rows={state.matching()}
                                pending={state.window_pending()}
                                selected={state.selected.as_ref().map(|s| (s.index, s.position))}
                                dispatch={dispatch.clone()}
                            />
                            <CellEditor
                                finding={selected}
                                edits={state.edits().clone()}
                                can_edit={state.can_edit()}
                                dispatch={dispatch.clone()}
                                advanced={state.advanced}
                                decision={selected_decision}
                                delimiter={state.result.as_ref().map_or(',', |result| result.report.delimiter)}
                                done={(state.done.as_ref()).filter(|(_, after)| *after == state.advanced).map(|(words, _)| words.clone())}
                                same_value_rows={same_value_rows}
                                rows={(state.result.as_ref().zip(state.selected.as_ref()))
                                    .map(|(result, selected)| {
                                        let (line, code) = (selected.finding.line, selected.finding.code);
                                        (RowsAsk { check: result.id, index: selected.index, line, code }, checker.clone())
                                    })}
                            />
                        </div>
                    </section>
                </>
            }
        }
        _ => html! {},
    };

    // Past the drop zone and the builder to the list, for the keyboard: there once a file's
    // findings are shown.
    let has_list = matches!(state.phase, Phase::Done | Phase::Working { .. })
        && (state.result.as_ref()).is_some_and(|result| result.report.readable);
    let on_skip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        super::focus("findings");
    });
    html! {
        <>
            if has_list {
                <a class="skip-link" href="#findings" onclick={on_skip}>{ "Skip to the findings list" }</a>
            }
            <header class="top">
                <h1>{ "rostercheck" }</h1>
                <p class="tagline">
                    { "Check and fix a OneRoster demographics.csv for ClassLink and Amplify. Your file is checked on this computer and never uploaded." }
                </p>
            </header>
            <main id="main">
                <DropZone on_files={on_files} on_sample={on_sample} busy={busy} />
                <Builder on_built={on_built} today={*today} />
                if let Phase::Working { done, total, .. } = state.phase {
                    <Progress done={done} total={total} file_name={file_name.clone()} on_cancel={on_cancel} />
                }
                if let Some(notice) = &state.notice {
                    <p class="notice" role="status">{ notice.clone() }</p>
                }
                if let Some(view) = state.result.as_ref().and_then(|r| r.sheet.clone()) {
                    <SheetPicker {view} on_choose={on_sheet} busy={busy} />
                }
                <Summary
                    phase={state.phase.clone()}
                    file_name={file_name.clone()}
                    result={state.result.clone()}
                />
                { detail }
                <Privacy />
            </main>
            <Footer />
        </>
    }
}
