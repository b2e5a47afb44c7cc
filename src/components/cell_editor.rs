//! The selected finding in full (message, rule source, values) with the fixes a person can make:
//! edit the cell, or leave the row out of the corrected file.

use super::severity_label;
use super::RowView;
use crate::hooks::CheckerHandle;
use crate::protocol::RowsAsk;
use crate::state::Action;
use rostercheck_core::{
    also_taken, suggestion, thousands, valid_values, visible, Decision, Edits, Finding, ValidValues,
};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

thread_local! {
    /// The last move to the next problem (`AppState::advanced`) the details took the focus for.
    static FOCUSED_FOR: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Properties of [`CellEditor`].
#[derive(Properties, PartialEq, Debug)]
pub struct CellEditorProps {
    /// The selected finding.
    pub finding: Option<Finding>,
    /// The edits in force (to show a cell's current edited value).
    pub edits: Edits,
    /// Whether changes can be made now (not while the worker checks).
    pub can_edit: bool,
    /// Where actions go.
    pub dispatch: Callback<Action>,
    /// Grows each time the next problem was selected after a change made here.
    #[prop_or_default]
    pub advanced: u64,
    /// Where the worker has the finding (the check, its index), to read its row again.
    #[prop_or_default]
    pub rows: Option<(RowsAsk, CheckerHandle)>,
    /// The decision the finding waits for, if any: answered here for the whole column.
    #[prop_or_default]
    pub decision: Option<Decision>,
    /// The file's delimiter (a line written again is read with it).
    #[prop_or(',')]
    pub delimiter: char,
    /// What the change that led here did, in words (the details were moved on to this
    /// problem after it).
    #[prop_or_default]
    pub done: Option<String>,
    /// The rows whose value in this column is the finding's, flagged and not fixed, when more
    /// than one: the details then lead to the mapper to replace them all at once.
    #[prop_or_default]
    pub same_value_rows: Option<u64>,
}

/// What an edit of a cell of `column` to `value` becomes: a code column takes one of its codes
/// (written in any case, it is given the code's own), else the person is told which.
pub fn checked_value(column: &str, value: &str) -> Result<String, String> {
    let value = value.trim();
    let ValidValues::Codes(codes) = valid_values(column) else {
        return Ok(value.to_owned());
    };
    if value.is_empty() {
        return Ok(String::new());
    }
    let taken = (codes.iter().map(|(code, _)| code))
        .chain(also_taken(column))
        .find(|code| code.eq_ignore_ascii_case(value));
    match taken {
        Some(code) => Ok((*code).to_owned()),
        None => {
            let list: Vec<&str> = codes.iter().map(|(code, _)| *code).collect();
            Err(format!(
                "\"{}\" is not a value of {column}. Choose one of: {} (or leave it empty).",
                visible(value),
                list.join(", ")
            ))
        }
    }
}

/// The value the editor starts with: the person's earlier edit of the cell, else the value as
/// written.
pub fn initial_value(finding: &Finding, edits: &Edits) -> String {
    match (finding.record, finding.column.as_ref()) {
        (Some(record), Some(column)) => edits
            .cells
            .get(&(record, column.clone()))
            .cloned()
            .unwrap_or_else(|| finding.value.clone().unwrap_or_default()),
        _ => finding.value.clone().unwrap_or_default(),
    }
}

/// True when the finding is about one cell that can be edited.
pub fn editable(finding: &Finding) -> bool {
    finding.record.is_some() && finding.column.is_some()
}

/// Focuses the details' first control for the next problem: the value suggested, else the
/// value, selected so that typing replaces it, else the first button, else the heading.
fn focus_next_problem() {
    use wasm_bindgen::JsCast;
    let document = gloo::utils::document();
    // A suggestion is one key away.
    if let Some(button) = (document.get_element_by_id("use-suggestion"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = button.focus();
        return;
    }
    if let Some(input) = (document.get_element_by_id("cell-value"))
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
    {
        let _ = input.focus();
        input.select();
        return;
    }
    let button = (document
        .query_selector(".cell-editor button")
        .ok()
        .flatten())
    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match button {
        Some(button) => {
            let _ = button.focus();
        }
        None => super::focus("cell-editor-heading"),
    }
}

/// The details panel and cell editor.
#[component]
pub fn CellEditor(props: &CellEditorProps) -> Html {
    let text = use_state(String::new);
    let problem = use_state(|| None::<String>);
    // After a change made here, the next problem is selected: its first control takes the
    // focus (after the render that shows it), so that a person goes on with the keyboard.
    // Once for each move, not again when the details are shown again.
    use_effect_with(props.advanced, |advanced| {
        if super::first_time(&FOCUSED_FOR, *advanced) {
            // After the value shown is the new finding's (set by the effect below, which
            // renders again): a value changed after it was selected loses the selection.
            gloo::timers::callback::Timeout::new(0, focus_next_problem).forget();
        }
    });
    {
        let text = text.clone();
        let start = props
            .finding
            .as_ref()
            .map(|f| initial_value(f, &props.edits))
            .unwrap_or_default();
        let key = props
            .finding
            .as_ref()
            .map(|f| (f.line, f.code.as_str(), f.column.clone()));
        let problem = problem.clone();
        use_effect_with(key, move |_| {
            text.set(start);
            problem.set(None);
        });
    }
    let Some(finding) = props.finding.clone() else {
        return html! {
            <aside class="cell-editor" aria-labelledby="cell-editor-heading">
                <h3 id="cell-editor-heading" tabindex="-1">{ "Details" }</h3>
                <p class="hint">{ "Select a finding in the table (click it, or use the arrow keys) to see its rule and fix it: edit the cell, or leave the row out." }</p>
            </aside>
        };
    };
    let (icon, word) = severity_label(finding.severity);
    let mut where_ = match &finding.column {
        Some(column) => format!("Line {} · {column}", finding.line),
        None => format!("Line {}", finding.line),
    };
    if let Some(cell) = &finding.cell {
        where_.push_str(&format!(" · cell {}", rostercheck_core::visible(cell)));
    }
    // The student the row is about (their ID only: the report carries no names).
    if let Some(id) = &finding.sourced_id {
        where_.push_str(&format!(" · student {}", rostercheck_core::visible(id)));
    }
    let on_input = {
        let text = text.clone();
        let problem = problem.clone();
        Callback::from(move |e: InputEvent| {
            problem.set(None);
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                text.set(input.value());
            }
        })
    };
    let on_submit = {
        let dispatch = props.dispatch.clone();
        let text = text.clone();
        let finding = finding.clone();
        let problem = problem.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let (Some(record), Some(column)) = (finding.record, finding.column.clone()) {
                let value = match checked_value(&column, &text) {
                    Ok(value) => value,
                    Err(message) => return problem.set(Some(message)),
                };
                dispatch.emit(Action::EditCell {
                    record,
                    column,
                    value,
                });
            }
        })
    };
    let on_exclude = {
        let dispatch = props.dispatch.clone();
        let record = finding.record;
        Callback::from(move |_: MouseEvent| {
            if let Some(record) = record {
                dispatch.emit(Action::Exclude(record));
            }
        })
    };
    let set_to = |value: &str| {
        let dispatch = props.dispatch.clone();
        let (record, column, value) = (finding.record, finding.column.clone(), value.to_owned());
        Callback::from(move |_: MouseEvent| {
            if let (Some(record), Some(column)) = (record, column.clone()) {
                let value = value.clone();
                dispatch.emit(Action::EditCell {
                    record,
                    column,
                    value,
                });
            }
        })
    };
    let suggested = suggestion(&finding).filter(|_| editable(&finding));
    let values = (finding.column.as_deref()).map_or(ValidValues::Any, valid_values);
    let list = match &values {
        ValidValues::Codes(codes) => codes
            .iter()
            .map(|(code, meaning)| (*code, *meaning))
            .collect(),
        ValidValues::Listed(codes) => codes.iter().map(|code| (*code, "")).collect(),
        ValidValues::Any => Vec::new(),
    };
    let answers = props.decision.as_ref().map(|decision| {
        let label = match decision.rows {
            1 => "Answer for the one row that waits for it:".to_owned(),
            rows => format!("Apply to all {} rows that wait for this answer:", thousands(rows)),
        };
        html! {
            <div class="answers" role="group" aria-labelledby="answer-all-label">
                <p id="answer-all-label">{ label }</p>
                { for decision.choices.iter().map(|choice| {
                    let dispatch = props.dispatch.clone();
                    let (key, answer) = (decision.key.clone(), choice.answer.clone());
                    let onclick = Callback::from(move |_: MouseEvent| {
                        dispatch.emit(Action::Answer { key: key.clone(), answer: answer.clone() })
                    });
                    html! {
                        <button type="button" class="button" {onclick} disabled={!props.can_edit}>{ choice.label.clone() }</button>
                    }
                }) }
            </div>
        }
    });
    html! {
        <aside class="cell-editor" aria-labelledby="cell-editor-heading" data-testid="cell-editor">
            // Always there, filled when a change moved the details on: a live region that
            // appears with its words is often not read out.
            <p class={classes!("done", props.done.is_none().then_some("empty"))} role="status" data-testid="done">
                if let Some(done) = &props.done {
                    <span aria-hidden="true">{ "✓ " }</span>{ format!("{done}. The next problem:") }
                }
            </p>
            <h3 id="cell-editor-heading" tabindex="-1">{ where_.clone() }</h3>
            <p class={classes!("sev", finding.severity.as_str())}>
                <span aria-hidden="true" class="sev-icon">{ icon }</span>{ " " }{ word }{ " · " }
                <code>{ finding.code.as_str() }</code>
            </p>
            <p class="message">{ visible(&finding.message).into_owned() }</p>
            <dl class="facts">
                if let Some(value) = finding.value.as_deref() {
                    <div><dt>{ "Value as written" }</dt><dd>{ format!("\"{}\"", visible(value)) }</dd></div>
                }
                <div><dt>{ "Fixed to" }</dt><dd>{ finding.fix.as_ref().map_or("not fixed automatically", |f| f.display()) }</dd></div>
                <div><dt>{ "Source" }</dt><dd>{ finding.code.source() }</dd></div>
            </dl>
            { answers.unwrap_or_default() }
            if let Some(code) = suggested {
                <button type="button" class="button primary" id="use-suggestion" onclick={set_to(code)} disabled={!props.can_edit}>
                    { format!("Use {code}") }
                </button>
            }
            if editable(&finding) {
                <form class="edit-cell" onsubmit={on_submit}>
                    <label for="cell-value">
                        { format!("New value for {} on line {}", finding.column.clone().unwrap_or_default(), finding.line) }
                    </label>
                    <div class="inline">
                        <input id="cell-value" type="text" value={(*text).clone()} oninput={on_input} disabled={!props.can_edit} autocomplete="off" spellcheck="false"
                            list={(!list.is_empty()).then_some("cell-values")}
                            aria-invalid={problem.is_some().then_some("true")}
                            aria-describedby={problem.is_some().then_some("cell-value-problem")} />
                        <button type="submit" class="button primary" disabled={!props.can_edit}>{ "Apply to this cell" }</button>
                    </div>
                    if !list.is_empty() {
                        <datalist id="cell-values">
                            { for list.iter().map(|(code, meaning)| html! { <option value={*code}>{ *meaning }</option> }) }
                        </datalist>
                    }
                    if let Some(problem) = (*problem).clone() {
                        <p id="cell-value-problem" class="problem" role="alert">{ problem }</p>
                    }
                    if let ValidValues::Codes(codes) = &values {
                        if codes.len() <= 5 && props.decision.is_none() {
                            <div class="quick-values" role="group" aria-label="Set this cell to">
                                { for codes.iter().map(|(code, meaning)| html! {
                                    <button type="button" class="button small" onclick={set_to(code)} disabled={!props.can_edit}
                                        title={*meaning}>{ format!("Use {code}") }</button>
                                }) }
                            </div>
                        }
                    }
                </form>
            }
            if let (Some(rows), Some(column), Some(value)) = (props.same_value_rows, &finding.column, &finding.value) {
                <button type="button" class="button" id="map-this-value" onclick={{
                    let dispatch = props.dispatch.clone();
                    let (column, value) = (column.clone(), value.trim().to_owned());
                    Callback::from(move |_: MouseEvent| dispatch.emit(Action::MapFrom { column: column.clone(), value: value.clone() }))
                }}>
                    { format!("Replace every \"{}\" in {column} ({} rows)…", visible(value.trim()), thousands(rows)) }
                </button>
            }
            if finding.record.is_some() {
                <button type="button" class="button" onclick={on_exclude} disabled={!props.can_edit}>
                    { format!("Leave line {} out of the corrected file", finding.line) }
                </button>
            }
            // The row after the controls: the keyboard reaches the fix first.
            if let (Some((ask, checker)), Some(_), None) = (props.rows.clone(), finding.record, &finding.file) {
                <RowView finding={finding.clone()} {ask} {checker} can_edit={props.can_edit} dispatch={props.dispatch.clone()}
                    delimiter={props.delimiter} />
            }
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_core::{Code, Severity};

    fn finding(record: Option<u64>, column: Option<&str>) -> Finding {
        Finding {
            code: Code::InvalidSex,
            severity: Severity::Error,
            line: 5,
            record,
            column: column.map(str::to_owned),
            value: Some("X".into()),
            fix: None,
            message: String::new(),
            sourced_id: None,
            file: None,
            decision: None,
            cell: None,
        }
    }

    #[test]
    fn starts_from_the_earlier_edit_or_the_value() {
        let f = finding(Some(3), Some("sex"));
        let mut edits = Edits::default();
        assert_eq!(initial_value(&f, &edits), "X");
        edits.cells.insert((3, "sex".into()), "female".into());
        assert_eq!(initial_value(&f, &edits), "female");
        assert!(editable(&f));
        assert!(!editable(&finding(None, Some("sex"))));
        assert!(!editable(&finding(Some(3), None)));
    }

    #[test]
    fn a_code_column_takes_its_codes_in_their_own_case_and_what_the_check_takes() {
        assert_eq!(checked_value("sex", " FEMALE "), Ok("female".into()));
        // OneRoster 1.2's values: taken by the check with a warning, so not refused here.
        assert_eq!(
            checked_value("sex", "Unspecified"),
            Ok("unspecified".into())
        );
        assert!(checked_value("sex", "fem").is_err_and(|m| m.contains("male, female")));
        assert_eq!(checked_value("sex", ""), Ok(String::new()));
        assert_eq!(checked_value("cityOfBirth", " Waco "), Ok("Waco".into()));
    }
}
