//! Browser tests of the components with behaviour of their own, in headless Chromium
//! (`scripts/wasm-test.sh`). The app's stylesheet is injected so layout (the virtualised
//! table's viewport) is the real one.
#![cfg(target_arch = "wasm32")]

use rostercheck_core::{check_and_fix, Code, Date, Edits, Finding, Fix, Options, Severity};
use rostercheck_web::components::{
    CellEditor, CellEditorProps, ColumnMapper, ColumnMapperProps, CompletenessChart,
    CompletenessChartProps, DropZone, DropZoneProps, FindingsTable, FindingsTableProps, LineEditor,
    LineEditorProps, Summary, SummaryProps, ROW_WIDE,
};
use rostercheck_web::filters::Filter;
use rostercheck_web::protocol::Window;
use rostercheck_web::state::{Action, CheckResult, Phase, Shared};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

const FOOD: &str = "metadata.eligibilityStatusForSchoolFoodServicePrograms";

fn document() -> web_sys::Document {
    gloo::utils::document()
}

/// A fresh root element, with the app's stylesheet loaded once.
fn root() -> Element {
    let doc = document();
    if doc.get_element_by_id("app-css").is_none() {
        let style = doc.create_element("style").unwrap();
        style.set_id("app-css");
        style.set_text_content(Some(include_str!("../styles/app.css")));
        doc.head().unwrap().append_child(&style).unwrap();
    }
    let root = doc.create_element("div").unwrap();
    root.set_attribute("style", "width: 1100px").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(60)).await;
}

fn sample() -> Shared<CheckResult> {
    let (report, output) = check_and_fix(
        rostercheck_web::SAMPLE,
        &Options::new(Date::new(2026, 11, 28).unwrap()),
    );
    Shared::new(CheckResult {
        id: 7,
        digest: rostercheck_web::held::digest(&report),
        report,
        output: output.into(),
        edits: Edits::default(),
        elapsed_ms: 3.0,
        bundle: None,
        sheet: None,
    })
}

/// A callback that records the actions it gets.
fn recorder() -> (Callback<Action>, Rc<RefCell<Vec<Action>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&seen);
    (
        Callback::from(move |a: Action| sink.borrow_mut().push(a)),
        seen,
    )
}

fn query(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// Types `value` into the field `selector` as a person would: the value, then an input event.
async fn type_into(root: &Element, selector: &str, value: &str) {
    let field = query(root, selector);
    js_sys::Reflect::set(&field, &"value".into(), &value.into()).unwrap();
    (field.dispatch_event(&web_sys::InputEvent::new("input").unwrap())).unwrap();
    settle().await;
}

fn click(root: &Element, selector: &str) {
    query(root, selector)
        .unchecked_into::<HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn summary_carries_the_test_hooks_and_the_verdict() {
    let result = sample();
    let root = root();
    let report = &result.report;
    let props = SummaryProps {
        phase: Phase::Done,
        file_name: "demographics.csv".into(),
        result: Some(result.clone()),
    };
    let _app = yew::Renderer::<Summary>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let el = query(&root, "[data-testid=report]");
    let attr = |name: &str| el.get_attribute(name).unwrap_or_default();
    assert_eq!(attr("data-state"), "done");
    assert_eq!(attr("data-rows"), report.rows.to_string());
    assert_eq!(attr("data-errors"), report.totals.errors.to_string());
    assert_eq!(attr("data-warnings"), report.totals.warnings.to_string());
    assert_eq!(attr("data-fixes"), report.totals.fixes.to_string());
    assert_eq!(attr("data-check"), "7");
    assert_eq!(attr("aria-live"), "polite");
    let text = el.text_content().unwrap_or_default();
    assert!(text.contains("Not ready:"), "{text}");
    assert!(text.contains("will reject or misread"), "{text}");
}

#[wasm_bindgen_test]
async fn summary_shows_a_failure_in_words() {
    let root = root();
    let props = SummaryProps {
        phase: Phase::Failed {
            message: "This is not a CSV file: it looks like an image.".into(),
        },
        file_name: "photo.png".into(),
        result: None,
    };
    let _app = yew::Renderer::<Summary>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let el = query(&root, "[data-testid=report]");
    assert_eq!(el.get_attribute("data-state").as_deref(), Some("failed"));
    let text = query(&root, "[data-testid=failure]")
        .text_content()
        .unwrap_or_default();
    assert!(text.contains("it looks like an image"), "{text}");
    assert!(el
        .text_content()
        .unwrap_or_default()
        .contains("photo.png cannot be checked"));
}

/// Finding `i` of a synthetic list (an error or a warning in turn).
fn synthetic(i: usize) -> Finding {
    Finding {
        code: Code::InvalidSex,
        severity: if i.is_multiple_of(2) {
            Severity::Warning
        } else {
            Severity::Error
        },
        line: i as u64 + 2,
        record: Some(i as u64),
        column: Some("sex".into()),
        value: Some("M".into()),
        fix: i.is_multiple_of(2).then(|| Fix::Value("male".into())),
        message: format!("finding {i}"),
        sourced_id: None,
        decision: None,
        file: None,
        cell: None,
    }
}

/// The worker's window of `len` findings from place `start` of a list of `matching`.
fn window(matching: usize, start: usize, len: usize) -> Shared<Window> {
    Shared::new(Window {
        check: 7,
        filter: Filter::default(),
        matching,
        start,
        rows: (start..start + len).map(|i| (i, synthetic(i))).collect(),
        select: None,
        selected: None,
    })
}

#[wasm_bindgen_test]
async fn findings_table_renders_only_what_is_visible_and_asks_for_what_comes_into_view() {
    const N: usize = 100_000;
    let (dispatch, seen) = recorder();
    let root = root();
    let props = FindingsTableProps {
        window: Some(window(N, 0, 1_000)),
        rows: N,
        pending: false,
        selected: None,
        dispatch: dispatch.clone(),
    };
    let _app = yew::Renderer::<FindingsTable>::with_root_and_props(root.clone(), props).render();
    settle().await;

    let grid = query(&root, "#findings");
    assert_eq!(
        grid.get_attribute("aria-rowcount"),
        Some((N + 1).to_string())
    );
    assert_eq!(grid.get_attribute("aria-busy").as_deref(), Some("false"));
    let first = count(&root, ".grid-row");
    assert!(first > 5 && first < 60, "{first} rows rendered of {N}");
    let body = query(&root, ".grid-body").unchecked_into::<HtmlElement>();
    assert_eq!(body.offset_height() as f64, N as f64 * ROW_WIDE);
    assert!(matches!(
        seen.borrow().first(),
        Some(Action::Want { start: 0, .. })
    ));

    // Scrolled to the middle, beyond the window: the places now in view are asked for, and no
    // row is drawn until the worker sends them.
    grid.set_scroll_top((N as f64 / 2.0 * ROW_WIDE) as i32);
    settle().await;
    let Some(Action::Want { start, end }) = seen.borrow().last().cloned() else {
        panic!("nothing asked: {:?}", seen.borrow());
    };
    assert!(
        (N / 2 - 20..=N / 2 + 2).contains(&start),
        "asked from {start}"
    );
    assert!(end > start && end - start < 60, "asked {start}..{end}");
    assert_eq!(count(&root, ".grid-row"), 0);

    // Keys move the selection by place in the list: End asks for the last.
    let key = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &{
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("End");
        init.set_bubbles(true);
        init
    })
    .unwrap();
    grid.dispatch_event(&key).unwrap();
    assert_eq!(seen.borrow().last(), Some(&Action::SelectAt(N - 1)));

    // With the middle's window, its rows are drawn, still only a few.
    let root = self::root();
    let props = FindingsTableProps {
        window: Some(window(N, N / 2 - 100, 1_000)),
        rows: N,
        pending: false,
        selected: Some((N / 2, N / 2)),
        dispatch,
    };
    let _app = yew::Renderer::<FindingsTable>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let grid = query(&root, "#findings");
    grid.set_scroll_top((N as f64 / 2.0 * ROW_WIDE) as i32);
    settle().await;
    let rendered = count(&root, ".grid-row");
    assert!(
        rendered > 5 && rendered < 60,
        "{rendered} rows rendered after scrolling"
    );
    let index: usize = query(&root, ".grid-row")
        .get_attribute("aria-rowindex")
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (N / 2 - 20..=N / 2 + 2).contains(&index),
        "first row {index}"
    );
    let selected = query(&root, &format!("#finding-{}", N / 2));
    assert_eq!(
        selected.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert_eq!(
        grid.get_attribute("aria-activedescendant"),
        Some(format!("finding-{}", N / 2))
    );
}

#[wasm_bindgen_test]
async fn completeness_chart_writes_labels_and_percentages() {
    let root = root();
    let props = CompletenessChartProps { report: sample() };
    let _app =
        yew::Renderer::<CompletenessChart>::with_root_and_props(root.clone(), props).render();
    settle().await;
    assert_eq!(count(&root, ".chart li"), 20);
    assert_eq!(count(&root, ".chart li svg"), 20);
    let text = query(&root, ".chart").text_content().unwrap_or_default();
    for label in ["Sex", "Asian", "School meals eligibility", "Home language"] {
        assert!(text.contains(label), "{label} missing in {text}");
    }
    // Every category says its share in words: a percentage, or that the column is missing.
    for item in 0..20 {
        let li = root
            .query_selector_all(".chart li")
            .unwrap()
            .item(item)
            .unwrap();
        let words = li.text_content().unwrap_or_default();
        assert!(
            words.ends_with('%') || words.ends_with("not in the file"),
            "{words}"
        );
    }
    // The sample has no metadata.migrantStatus column: a dashed, empty bar.
    assert!(text.contains("not in the file"));
    assert!(count(&root, ".chart-track.missing") > 0);
}

#[wasm_bindgen_test]
async fn column_mapper_counts_rows_and_emits_the_map() {
    let (dispatch, seen) = recorder();
    let root = root();
    let props = ColumnMapperProps {
        result: sample(),
        can_edit: true,
        dispatch,
        start: None,
    };
    let _app = yew::Renderer::<ColumnMapper>::with_root_and_props(root.clone(), props).render();
    settle().await;

    let column = query(&root, "#map-column").unchecked_into::<HtmlSelectElement>();
    column.set_value(FOOD);
    column
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    let from = query(&root, "#map-from").unchecked_into::<HtmlSelectElement>();
    assert_eq!(from.length(), 2, "F and R");
    from.set_value("F");
    from.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    type_into(&root, "#map-to", "Free").await;
    let button = query(&root, "button[type=submit]");
    assert_eq!(button.text_content().as_deref(), Some("Replace in 1 row"));
    button.unchecked_into::<HtmlElement>().click();
    assert_eq!(
        seen.borrow().last(),
        Some(&Action::MapValue(rostercheck_core::ValueMap {
            column: FOOD.into(),
            from: "F".into(),
            to: "Free".into(),
        }))
    );
}

#[wasm_bindgen_test]
async fn cell_editor_emits_an_edit_and_an_exclusion() {
    let (dispatch, seen) = recorder();
    let finding = Finding {
        code: Code::InvalidSex,
        severity: Severity::Error,
        line: 5,
        record: Some(3),
        column: Some("sex".into()),
        value: Some("X".into()),
        fix: None,
        message: "\"X\" is not a sex Amplify accepts.".into(),
        sourced_id: None,
        decision: None,
        file: None,
        cell: None,
    };
    let root = root();
    let props = CellEditorProps {
        finding: Some(finding),
        edits: Edits::default(),
        can_edit: true,
        dispatch,
        advanced: 0,
        rows: None,
        decision: None,
        delimiter: ',',
        done: None,
        same_value_rows: None,
    };
    let _app = yew::Renderer::<CellEditor>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let input = query(&root, "#cell-value").unchecked_into::<HtmlInputElement>();
    assert_eq!(input.value(), "X");
    assert!(query(&root, ".facts")
        .text_content()
        .unwrap_or_default()
        .contains(Code::InvalidSex.source()));
    // A value the column does not take is refused, and the person told which it takes.
    type_into(&root, "#cell-value", "fem").await;
    click(&root, "button[type=submit]");
    settle().await;
    assert!(seen.borrow().is_empty(), "{:?}", seen.borrow());
    let problem = query(&root, "#cell-value-problem").text_content();
    assert!(
        problem
            .as_deref()
            .unwrap_or_default()
            .contains("male, female"),
        "{problem:?}"
    );
    assert_eq!(count(&root, "#cell-values option"), 2);
    // Written in another case, it is given the code's own.
    type_into(&root, "#cell-value", "FEMALE").await;
    assert_eq!(count(&root, "#cell-value-problem"), 0);
    click(&root, "button[type=submit]");
    assert_eq!(
        seen.borrow().last(),
        Some(&Action::EditCell {
            record: 3,
            column: "sex".into(),
            value: "female".into(),
        })
    );
    // One button a value.
    click(&root, ".quick-values button:first-child");
    assert_eq!(
        seen.borrow().last(),
        Some(&Action::EditCell {
            record: 3,
            column: "sex".into(),
            value: "male".into(),
        })
    );
    click(&root, ".cell-editor > button.button");
    assert_eq!(seen.borrow().last(), Some(&Action::Exclude(3)));
}

#[wasm_bindgen_test]
async fn drop_zone_has_the_only_file_input_and_the_sample_button() {
    let samples = Rc::new(RefCell::new(0));
    let counter = Rc::clone(&samples);
    let root = root();
    let props = DropZoneProps {
        on_files: Callback::noop(),
        on_sample: Callback::from(move |()| *counter.borrow_mut() += 1),
        busy: false,
    };
    let _app = yew::Renderer::<DropZone>::with_root_and_props(root.clone(), props).render();
    settle().await;
    assert_eq!(count(&root, "input[type=file]"), 2);
    // The visible "Choose files" and "Choose a folder" controls are the inputs' labels, so they
    // open the pickers.
    assert_eq!(
        query(&root, "label[for=file-input]")
            .text_content()
            .as_deref(),
        Some("Choose files…")
    );
    assert_eq!(
        query(&root, "label[for=folder-input]")
            .text_content()
            .as_deref(),
        Some("Choose a folder…")
    );
    assert_eq!(count(&root, "#file-input[multiple]"), 1);
    assert_eq!(count(&root, "#folder-input[webkitdirectory]"), 1);
    click(&root, "button");
    assert_eq!(*samples.borrow(), 1);
}

#[wasm_bindgen_test]
async fn a_file_dropped_anywhere_on_the_page_is_checked() {
    let dropped = Rc::new(RefCell::new(Vec::<String>::new()));
    let sink = Rc::clone(&dropped);
    let root = root();
    let props = DropZoneProps {
        on_files: Callback::from(move |files: Vec<web_sys::File>| {
            sink.borrow_mut()
                .extend(files.iter().map(web_sys::File::name))
        }),
        on_sample: Callback::noop(),
        busy: false,
    };
    let app = yew::Renderer::<DropZone>::with_root_and_props(root.clone(), props).render();
    settle().await;

    let transfer = web_sys::DataTransfer::new().unwrap();
    let parts = js_sys::Array::of1(&js_sys::JsString::from("sourcedId\n1\n"));
    let file = web_sys::File::new_with_str_sequence(&parts, "dropped.csv").unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&transfer));
    let over = web_sys::DragEvent::new_with_event_init_dict("dragover", &init).unwrap();
    document().body().unwrap().dispatch_event(&over).unwrap();
    assert!(
        over.default_prevented(),
        "dragover must be cancelled to allow a drop"
    );
    settle().await;
    assert_eq!(count(&root, ".drop.dragging"), 1);

    let drop = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    document().body().unwrap().dispatch_event(&drop).unwrap();
    assert!(
        drop.default_prevented(),
        "the browser would open the dropped file"
    );
    settle().await;
    assert_eq!(*dropped.borrow(), vec!["dropped.csv".to_owned()]);
    assert_eq!(count(&root, ".drop.dragging"), 0);

    // Unmounted, the page no longer takes drops.
    app.destroy();
    settle().await;
    let again = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    document().body().unwrap().dispatch_event(&again).unwrap();
    assert_eq!(dropped.borrow().len(), 1);
}

#[wasm_bindgen_test]
async fn line_editor_refuses_a_line_still_broken_and_emits_the_line_written_again() {
    let (dispatch, seen) = recorder();
    let root = root();
    let props = LineEditorProps {
        record: 8,
        line: 10,
        text: "7,=HYPERLINK(\"x\"),c".into(),
        columns: 3,
        delimiter: ',',
        can_edit: true,
        dispatch,
    };
    let _app = yew::Renderer::<LineEditor>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let input = query(&root, "#line-edit").unchecked_into::<web_sys::HtmlTextAreaElement>();
    assert_eq!(input.value(), "7,=HYPERLINK(\"x\"),c");
    type_into(&root, "#line-edit", "7,=HYPERLINK(\"y\"),c").await;
    click(&root, "button[type=submit]");
    settle().await;
    assert!(seen.borrow().is_empty(), "{:?}", seen.borrow());
    let problem = query(&root, "#line-edit-problem").text_content();
    assert!(
        problem
            .as_deref()
            .unwrap_or_default()
            .starts_with("A quote is still broken"),
        "{problem:?}"
    );
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    // The line refused stays in the box, to be corrected.
    assert_eq!(input.value(), "7,=HYPERLINK(\"y\"),c");
    type_into(&root, "#line-edit", "7,\"=HYPERLINK(\"\"x\"\")\",c").await;
    click(&root, "button[type=submit]");
    settle().await;
    assert_eq!(
        seen.borrow().last(),
        Some(&Action::EditLine {
            record: 8,
            text: "7,\"=HYPERLINK(\"\"x\"\")\",c".into(),
        })
    );
    assert_eq!(count(&root, "#line-edit-problem"), 0);
    // Enter applies the line (the box wraps a long line but writes no line break).
    type_into(&root, "#line-edit", "7,\"=HYPERLINK(\"\"z\"\")\",c").await;
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let enter =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&enter).unwrap();
    settle().await;
    assert!(enter.default_prevented(), "Enter wrote a line break");
    assert_eq!(
        seen.borrow().last(),
        Some(&Action::EditLine {
            record: 8,
            text: "7,\"=HYPERLINK(\"\"z\"\")\",c".into(),
        })
    );
}
