//! The findings as a virtualised grid: only the rows in view (plus a few) are in the DOM, so it
//! stays fast with 250,000 findings; and only a window around them is in the page, asked of the
//! worker as the table scrolls (the places in view go out as [`Action::Want`]). Arrow keys,
//! Page Up/Down, Home and End move the selection; Enter goes to the cell editor.
//!
//! Row positions are set through the CSS object model after each render, never as `style`
//! attributes: the page's Content-Security-Policy (`style-src 'self'`) blocks inline styles.

use super::{focus, severity_label};
use crate::hooks::use_scroll_view;
use crate::protocol::Window;
use crate::state::{Action, Shared};
use crate::window::{key_target, scroll_to_show, visible};
use rostercheck_core::{visible as shown, Finding};
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// Row height in pixels when the table is wide (one line per finding).
pub const ROW_WIDE: f64 = 40.0;
/// Row height in pixels when the table is narrow (a small card per finding).
pub const ROW_NARROW: f64 = 124.0;
/// Below this width (pixels; the wide grid's `min-width` in `styles/app.css`) rows become cards.
const NARROW_BELOW: f64 = 880.0;
/// Height of the sticky header row (must match `styles/app.css`).
const HEADER: f64 = 36.0;

/// Properties of [`FindingsTable`].
#[derive(Properties, PartialEq, Debug)]
pub struct FindingsTableProps {
    /// The findings the worker sent for the check and filter shown (`None` until it
    /// answers: rows of another filter or check would select the wrong finding).
    pub window: Option<Shared<Window>>,
    /// How many findings pass the filter (the list's length).
    pub rows: usize,
    /// The worker has not yet answered for this check and filter: the rows shown may be
    /// the last answer's (`aria-busy`).
    pub pending: bool,
    /// The selected finding: its index among all findings, and its place in the list.
    pub selected: Option<(usize, usize)>,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

fn row(
    finding: &Finding,
    index: usize,
    position: usize,
    selected: bool,
    dispatch: &Callback<Action>,
) -> Html {
    let (icon, word) = severity_label(finding.severity);
    let onclick = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Select(Some(index))))
    };
    let fixed = finding.fix.as_ref().map(|f| f.display().to_owned());
    // Invisible characters shown as ⟨U+202E⟩: a direction override must not reorder the text.
    let shown_value = shown(finding.value.as_deref().unwrap_or("")).into_owned();
    let shown_message = shown(&finding.message).into_owned();
    html! {
        <div
            key={index}
            id={format!("finding-{index}")}
            role="row"
            aria-rowindex={(position + 2).to_string()}
            aria-selected={selected.to_string()}
            class={classes!("grid-row", finding.severity.as_str(), selected.then_some("selected"))}
            data-position={position.to_string()}
            {onclick}
        >
            { line_cell(finding) }
            <div role="gridcell" class="c-sev"><span aria-hidden="true" class="sev-icon">{ icon }</span>{ " " }{ word }</div>
            <div role="gridcell" class="c-code" title={finding.code.source()}>{ finding.code.as_str() }</div>
            <div role="gridcell" class="c-col" title={finding.column.clone().unwrap_or_default()}>{ finding.column.clone().unwrap_or_default() }</div>
            <div role="gridcell" class="c-val" title={shown_value.clone()}>{ shown_value }</div>
            <div role="gridcell" class="c-fix">
                { match fixed {
                    Some(text) => html! { <><span class="narrow-label">{ "→ " }</span>{ text }</> },
                    None => html! { <span class="muted">{ "(no fix)" }</span> },
                } }
            </div>
            <div role="gridcell" class="c-msg" title={shown_message.clone()}>{ shown_message }</div>
        </div>
    }
}

/// Sets the grid body's height and each rendered row's `top` and `height` (rows carry their
/// place in the list as `data-position`).
/// Where the finding is: its line, and in a bundle the file when it is not demographics.csv
/// (line 0: the whole file).
fn line_cell(finding: &Finding) -> Html {
    match (finding.file.as_deref(), finding.cell.as_deref()) {
        // A workbook's finding: its cell (`C14`; the sheet and the line in the tooltip).
        (None, Some(cell)) => {
            let short = cell.rsplit_once('!').map_or(cell, |(_, at)| at).to_owned();
            let title = format!("{} (line {})", shown(cell), finding.line);
            html! {
                <div role="gridcell" class="c-line c-cell" {title}><span class="narrow-label">{ "Cell " }</span>{ short }</div>
            }
        }
        (None, None) => html! {
            <div role="gridcell" class="c-line"><span class="narrow-label">{ "Line " }</span>{ finding.line }</div>
        },
        (Some(file), _) => {
            let file = shown(file).into_owned();
            let place = match finding.line {
                0 => file.clone(),
                line => format!("{file}:{line}"),
            };
            html! {
                <div role="gridcell" class="c-line c-file" title={place.clone()}>{ place }</div>
            }
        }
    }
}

fn place_rows(body: &NodeRef, total: usize, row_height: f64) {
    use wasm_bindgen::JsCast;
    let Some(body) = body.cast::<web_sys::HtmlElement>() else {
        return;
    };
    let px = |value: f64| format!("{value}px");
    let _ = body
        .style()
        .set_property("height", &px(total as f64 * row_height));
    let children = body.children();
    for i in 0..children.length() {
        let Some(row) = children
            .item(i)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        let Some(position) = row
            .get_attribute("data-position")
            .and_then(|p| p.parse::<f64>().ok())
        else {
            continue;
        };
        let style = row.style();
        let _ = style.set_property("top", &px(position * row_height));
        let _ = style.set_property("height", &px(row_height));
    }
}

/// The findings grid.
#[component]
pub fn FindingsTable(props: &FindingsTableProps) -> Html {
    let node = use_node_ref();
    let view = use_scroll_view(node.clone());
    let narrow = view.width > 0.0 && view.width < NARROW_BELOW;
    let row_height = if narrow { ROW_NARROW } else { ROW_WIDE };
    let viewport = (view.height - HEADER).max(row_height);
    let rows = props.rows;
    let position = props
        .selected
        .map(|(_, position)| position)
        .filter(|p| *p < rows);
    let slice = visible(view.top, viewport, row_height, rows);
    {
        // The worker is asked for what comes into view.
        let dispatch = props.dispatch.clone();
        use_effect_with(slice, move |slice| {
            dispatch.emit(Action::Want {
                start: slice.start,
                end: slice.end,
            })
        });
    }

    let onkeydown = {
        let dispatch = props.dispatch.clone();
        let node = node.clone();
        let view = *view;
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            if key == "Enter" && position.is_some() {
                event.prevent_default();
                focus("cell-editor-heading");
                return;
            }
            if key == "Escape" {
                dispatch.emit(Action::Select(None));
                return;
            }
            let page = (viewport / row_height).floor() as usize;
            let Some(target) = key_target(&key, position, rows, page) else {
                return;
            };
            event.prevent_default();
            dispatch.emit(Action::SelectAt(target));
            if let Some(top) = scroll_to_show(target, view.top, viewport, row_height) {
                if let Some(element) = node.cast::<web_sys::Element>() {
                    element.set_scroll_top(top.round() as i32);
                }
            }
        })
    };

    let window = props.window.as_deref();
    let selected_index = props.selected.map(|(index, _)| index);
    let body =
        slice.range().map(
            |position_in_list| match window.and_then(|w| w.row(position_in_list)) {
                Some((index, finding)) => row(
                    finding,
                    *index,
                    position_in_list,
                    selected_index == Some(*index),
                    &props.dispatch,
                ),
                None => html! {},
            },
        );
    // Sizes and positions through the CSS object model (see the module docs), after every
    // render: rows are reused by key, so any of them may have moved.
    let body_node = use_node_ref();
    {
        let body_node = body_node.clone();
        use_effect(move || place_rows(&body_node, rows, row_height));
    }
    let active = selected_index.map(|index| format!("finding-{index}"));
    html! {
        <div class={classes!("findings-table", narrow.then_some("narrow"))}>
            <div
                id="findings"
                class="grid-scroll"
                role="grid"
                tabindex="0"
                ref={node}
                aria-label="Findings. Arrow keys move, Enter edits the selected finding."
                aria-rowcount={(rows + 1).to_string()}
                aria-busy={props.pending.to_string()}
                aria-colcount="7"
                aria-activedescendant={active}
                data-testid="findings"
                data-rows={rows.to_string()}
                {onkeydown}
            >
                <div class="grid-head" role="row" aria-rowindex="1">
                    <div role="columnheader" class="c-line">{ "Line" }</div>
                    <div role="columnheader" class="c-sev">{ "Severity" }</div>
                    <div role="columnheader" class="c-code">{ "Rule" }</div>
                    <div role="columnheader" class="c-col">{ "Column" }</div>
                    <div role="columnheader" class="c-val">{ "Value" }</div>
                    <div role="columnheader" class="c-fix">{ "Fixed to" }</div>
                    <div role="columnheader" class="c-msg">{ "Message" }</div>
                </div>
                <div class="grid-body" role="rowgroup" ref={body_node}>
                    { for body }
                </div>
            </div>
            if rows == 0 && !props.pending {
                <p class="empty">{ "No findings match the filters." }</p>
            }
        </div>
    }
}
