//! The detail view's filters: severity, rule, column, and "only problems without a fix".

use super::severity_label;
use crate::filters::Filter;
use crate::state::{Action, CheckResult, Shared};
use crate::verdict::group;
use rostercheck_core::bundle::FileKind;
use rostercheck_core::{Code, Severity};

/// The file filter's value for demographics.csv (no file name can be it).
const DEMOGRAPHICS_FILE: &str = "\u{1}demographics";
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Properties of [`FilterBar`].
#[derive(Properties, PartialEq, Debug)]
pub struct FilterBarProps {
    /// The latest finished check.
    pub report: Shared<CheckResult>,
    /// The current filter.
    pub filter: Filter,
    /// How many findings pass.
    pub shown: usize,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

fn select_value(event: &Event) -> String {
    event
        .target()
        .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

fn checked(event: &Event) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// The filter bar.
#[component]
pub fn FilterBar(props: &FilterBarProps) -> Html {
    let report = &props.report.report;
    let total = props.report.digest.findings;
    let severity_box = |severity: Severity, count: u64| {
        let (icon, word) = severity_label(severity);
        let onchange = {
            let dispatch = props.dispatch.clone();
            let filter = props.filter.clone();
            Callback::from(move |e: Event| {
                dispatch.emit(Action::SetFilter(
                    filter.clone().with_severity(severity, checked(&e)),
                ))
            })
        };
        let id = format!("show-{}", severity.as_str());
        html! {
            <label class="check" for={id.clone()}>
                <input type="checkbox" id={id} checked={props.filter.shows(severity)} {onchange} />
                <span aria-hidden="true" class={classes!("sev-icon", severity.as_str())}>{ icon }</span>
                { format!(" {word}s ({})", group(count)) }
            </label>
        }
    };
    let on_code = {
        let dispatch = props.dispatch.clone();
        let filter = props.filter.clone();
        Callback::from(move |e: Event| {
            dispatch.emit(Action::SetFilter(Filter {
                code: Code::from_str_code(&select_value(&e)),
                ..filter.clone()
            }))
        })
    };
    let on_column = {
        let dispatch = props.dispatch.clone();
        let filter = props.filter.clone();
        Callback::from(move |e: Event| {
            let value = select_value(&e);
            dispatch.emit(Action::SetFilter(Filter {
                column: (!value.is_empty()).then_some(value),
                ..filter.clone()
            }))
        })
    };
    let on_file = {
        let dispatch = props.dispatch.clone();
        let filter = props.filter.clone();
        Callback::from(move |e: Event| {
            let value = select_value(&e);
            let file = match value.as_str() {
                "" => None,
                DEMOGRAPHICS_FILE => Some(None),
                name => Some(Some(name.to_owned())),
            };
            dispatch.emit(Action::SetFilter(Filter {
                file,
                ..filter.clone()
            }))
        })
    };
    let on_student = {
        let dispatch = props.dispatch.clone();
        let filter = props.filter.clone();
        Callback::from(move |e: InputEvent| {
            let value = (e.target())
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .map(|input| input.value().trim().to_owned())
                .unwrap_or_default();
            dispatch.emit(Action::SetFilter(Filter {
                student: (!value.is_empty()).then_some(value),
                ..filter.clone()
            }))
        })
    };
    let on_unfixed = {
        let dispatch = props.dispatch.clone();
        let filter = props.filter.clone();
        Callback::from(move |e: Event| {
            dispatch.emit(Action::SetFilter(Filter {
                unfixed_only: checked(&e),
                ..filter.clone()
            }))
        })
    };
    let on_clear = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::SetFilter(Filter::default())))
    };
    // The rule and column filtered on stay in their lists when a change leaves them no
    // findings: else the list would show another option while this one still filters.
    let mut codes: Vec<Code> = report.by_code.keys().copied().collect();
    if let Some(code) = props.filter.code.filter(|code| !codes.contains(code)) {
        codes.push(code);
    }
    let code_options = codes.into_iter().map(|code| {
        html! {
            <option value={code.as_str()} selected={props.filter.code == Some(code)}>{ code.as_str() }</option>
        }
    });
    let mut columns = crate::filters::columns_with_findings(report);
    if let Some(column) = (props.filter.column.as_ref()).filter(|column| !columns.contains(column))
    {
        columns.push(column);
    }
    let column_options = columns.into_iter().map(|column| {
        html! {
            <option value={column.clone()} selected={props.filter.column.as_deref() == Some(column.as_str())}>{ column.clone() }</option>
        }
    });
    // In a bundle, the findings of one file: demographics.csv's name no file.
    let demographics_name = (props.report.bundle.as_ref())
        .and_then(|b| {
            b.files
                .iter()
                .find(|f| f.used && f.kind == FileKind::Demographics)
        })
        .map_or("demographics.csv", |f| f.name.as_str());
    let file_select = props.report.bundle.is_some().then(|| {
        let options = (props.report.digest.files.iter())
            .map(Option::as_deref)
            .map(|file| {
                let (value, label) = match file {
                    None => (DEMOGRAPHICS_FILE, demographics_name),
                    Some(name) => (name, name),
                };
                let selected = props.filter.file.as_ref().map(Option::as_deref) == Some(file);
                html! { <option value={value.to_owned()} {selected}>{ label.to_owned() }</option> }
            });
        html! {
            <label class="field" for="filter-file">
                <span>{ "File" }</span>
                <select id="filter-file" onchange={on_file}>
                    <option value="" selected={props.filter.file.is_none()}>{ "All files" }</option>
                    { for options }
                </select>
            </label>
        }
    });
    html! {
        <div class="filters" role="group" aria-label="Filter the findings">
            <fieldset class="severities">
                <legend>{ "Show" }</legend>
                { severity_box(Severity::Error, report.totals.errors) }
                { severity_box(Severity::Warning, report.totals.warnings) }
                { severity_box(Severity::Info, report.totals.infos) }
            </fieldset>
            <label class="field" for="filter-rule">
                <span>{ "Rule" }</span>
                <select id="filter-rule" onchange={on_code}>
                    <option value="" selected={props.filter.code.is_none()}>{ "All rules" }</option>
                    { for code_options }
                </select>
            </label>
            <label class="field" for="filter-column">
                <span>{ "Column" }</span>
                <select id="filter-column" onchange={on_column}>
                    <option value="" selected={props.filter.column.is_none()}>{ "All columns" }</option>
                    { for column_options }
                </select>
            </label>
            { file_select.unwrap_or_default() }
            <label class="field" for="filter-student">
                <span>{ "Student (sourcedId)" }</span>
                <input type="search" id="filter-student" autocomplete="off" spellcheck="false"
                    value={props.filter.student.clone().unwrap_or_default()} oninput={on_student} />
            </label>
            <label class="check" for="unfixed-only">
                <input type="checkbox" id="unfixed-only" checked={props.filter.unfixed_only} onchange={on_unfixed} />
                { " Only problems without an automatic fix" }
            </label>
            <button type="button" class="button" onclick={on_clear} disabled={!props.filter.is_active()}>
                { "Show all findings" }
            </button>
            <p class="shown" data-testid="shown" role="status">
                { format!("Showing {} of {} findings", group(props.shown as u64), group(total as u64)) }
            </p>
        </div>
    }
}
