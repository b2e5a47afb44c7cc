//! The workbook's sheets: which one was checked, and a choice of another — or, when several
//! look like demographics, the question which one to check. Shown only for a workbook with
//! more than one worksheet.

use crate::protocol::SheetView;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct SheetPickerProps {
    /// The sheet read, and those there are.
    pub view: SheetView,
    /// The sheet the person chose to check.
    pub on_choose: Callback<String>,
    /// A check is running: the choice waits.
    #[prop_or_default]
    pub busy: bool,
}

#[component]
pub fn SheetPicker(props: &SheetPickerProps) -> Html {
    let view = &props.view;
    let first = view.read.clone().or_else(|| view.sheets.first().cloned());
    let chosen = use_state(|| first.clone().unwrap_or_default());
    {
        // A new workbook (or a new reading) starts from the sheet read.
        let chosen = chosen.clone();
        use_effect_with(first, move |first| {
            chosen.set(first.clone().unwrap_or_default())
        });
    }
    if view.read.is_some() && view.sheets.len() < 2 {
        return html! {};
    }
    let on_change = {
        let chosen = chosen.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                chosen.set(select.value());
            }
        })
    };
    let on_check = {
        let chosen = chosen.clone();
        let on_choose = props.on_choose.clone();
        Callback::from(move |_: MouseEvent| on_choose.emit((*chosen).clone()))
    };
    let question = match &view.read {
        Some(read) => html! {
            <p>{ "Sheet checked: " }<strong>{ read.clone() }</strong>{ format!(" (the workbook has {} sheets).", view.sheets.len()) }</p>
        },
        None => html! {
            <p><strong>{ "Several sheets of this workbook look like demographics." }</strong>{ " Choose the one to check." }</p>
        },
    };
    let options = view.sheets.iter().map(|sheet| {
        html! { <option value={sheet.clone()} selected={*sheet == *chosen}>{ sheet.clone() }</option> }
    });
    html! {
        <section class="sheets" id="sheets" aria-labelledby="sheets-title">
            <h2 id="sheets-title">{ "The workbook's sheets" }</h2>
            { question }
            <label for="sheet-select">{ "Sheet to check " }</label>
            <select id="sheet-select" onchange={on_change} disabled={props.busy}>
                { for options }
            </select>
            { " " }
            <button type="button" id="sheet-check" onclick={on_check} disabled={props.busy || view.read.as_deref() == Some(chosen.as_str())}>
                { "Check this sheet" }
            </button>
        </section>
    }
}
