//! Map a value for a whole column in one step (every `F` in the school-meals column → `Free`),
//! with the number of rows it will change.

use crate::mapping::Candidate;
use crate::state::{Action, CheckResult, Shared};
use crate::verdict::count;
use rostercheck_core::ValueMap;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

thread_local! {
    /// The last request to start from a value (`AppState::map_from`) the mapper served.
    static STARTED_FOR: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Properties of [`ColumnMapper`].
#[derive(Properties, PartialEq, Debug)]
pub struct ColumnMapperProps {
    /// The latest finished check.
    pub result: Shared<CheckResult>,
    /// Whether changes can be made now (not while the worker checks).
    pub can_edit: bool,
    /// Where actions go.
    pub dispatch: Callback<Action>,
    /// A column and value to start from (a finding's "Replace every …"), with the count of
    /// such requests: each one chooses them and puts the focus on "Replace with".
    #[prop_or_default]
    pub start: Option<(String, String, u64)>,
}

/// The choice shown: the chosen column if it still has values to map, else the first; the
/// chosen value likewise.
pub fn effective<'a>(
    columns: &'a [String],
    chosen_column: Option<&str>,
    candidates: impl Fn(&str) -> Vec<Candidate>,
    chosen_value: Option<&str>,
) -> Option<(&'a str, Vec<Candidate>, Option<Candidate>)> {
    let column = chosen_column
        .and_then(|c| columns.iter().find(|o| *o == c))
        .or_else(|| columns.first())?;
    let values = candidates(column);
    let value = chosen_value
        .and_then(|v| values.iter().find(|c| c.value == v))
        .or_else(|| values.first())
        .cloned();
    Some((column.as_str(), values, value))
}

fn target_value<T: JsCast>(e: &Event) -> Option<T> {
    e.target().and_then(|t| t.dyn_into::<T>().ok())
}

/// The column mapper.
#[component]
pub fn ColumnMapper(props: &ColumnMapperProps) -> Html {
    let column = use_state(|| None::<String>);
    let value = use_state(|| None::<String>);
    let to = use_state(String::new);
    {
        let (column, value) = (column.clone(), value.clone());
        use_effect_with(props.start.clone(), move |start| {
            // Each request once: not again when the mapper is drawn anew.
            let asked = start.as_ref().map_or(0, |(_, _, asked)| *asked);
            if let Some((chosen_column, chosen_value, _)) = start
                .clone()
                .filter(|_| super::first_time(&STARTED_FOR, asked))
            {
                column.set(Some(chosen_column));
                value.set(Some(chosen_value));
                // Once the choice is shown.
                gloo::timers::callback::Timeout::new(0, || super::focus("map-to")).forget();
            }
        });
    }
    // A replacement made here: once its re-check is shown, the focus is put back on the
    // heading if it was lost (the button was disabled meanwhile, or the form went).
    let replaced = use_mut_ref(|| false);
    {
        let replaced = replaced.clone();
        use_effect_with(props.result.id, move |_| {
            let lost = (gloo::utils::document().active_element())
                .is_none_or(|active| active.tag_name() == "BODY");
            if std::mem::take(&mut *replaced.borrow_mut()) && lost {
                super::focus("mapper-title");
            }
        });
    }
    let mappable = &props.result.digest.mappable;
    let columns: Vec<String> = mappable.iter().map(|(column, _)| column.clone()).collect();
    let Some((current, values, chosen)) = effective(
        &columns,
        column.as_deref(),
        |c| {
            (mappable.iter().find(|(column, _)| column == c))
                .map(|(_, values)| values.clone())
                .unwrap_or_default()
        },
        value.as_deref(),
    ) else {
        // A form as the other branch is, its heading in the same place: when the last value
        // is replaced, the heading that has the focus stays.
        return html! {
            <form class="mapper" data-testid="mapper">
                <h3 id="mapper-title" tabindex="-1">{ "Replace a value in a whole column" }</h3>
                <p class="hint">{ "No flagged value is left to replace: every remaining finding is fixed automatically or needs a decision about a row." }</p>
            </form>
        };
    };
    let on_column = {
        let column = column.clone();
        let value = value.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = target_value::<HtmlSelectElement>(&e) {
                column.set(Some(select.value()));
                value.set(None);
            }
        })
    };
    let on_value = {
        let value = value.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = target_value::<HtmlSelectElement>(&e) {
                value.set(Some(select.value()));
            }
        })
    };
    let on_to = {
        let to = to.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                to.set(input.value());
            }
        })
    };
    let rows = chosen.as_ref().map_or(0, |c| c.rows);
    let on_submit = {
        let replaced = replaced.clone();
        let dispatch = props.dispatch.clone();
        let current = current.to_owned();
        let from = chosen.as_ref().map(|c| c.value.clone());
        let to = to.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(from) = from.clone() {
                dispatch.emit(Action::MapValue(ValueMap {
                    column: current.clone(),
                    from,
                    to: to.trim().to_owned(),
                }));
                to.set(String::new());
                // The button is disabled while the change is checked again, and the controls
                // are gone when no value is left: the focus goes to the heading.
                super::focus("mapper-title");
                *replaced.borrow_mut() = true;
            }
        })
    };
    let column_options = columns.iter().map(|c| {
        html! { <option value={c.clone()} selected={c == current}>{ c.clone() }</option> }
    });
    let value_options = values.iter().map(|c| {
        let selected = chosen.as_ref().is_some_and(|v| v.value == c.value);
        html! {
            <option value={c.value.clone()} {selected}>
                { format!("{} ({})", c.value, count(c.rows, "row", "rows")) }
            </option>
        }
    });
    html! {
        <form class="mapper" data-testid="mapper" onsubmit={on_submit}>
            <h3 id="mapper-title" tabindex="-1">{ "Replace a value in a whole column" }</h3>
            <p class="hint">{ "For values the checker flagged but could not fix, e.g. every F in the school meals column → Free." }</p>
            <label class="field" for="map-column">
                <span>{ "Column" }</span>
                <select id="map-column" onchange={on_column}>{ for column_options }</select>
            </label>
            <label class="field" for="map-from">
                <span>{ "Value" }</span>
                <select id="map-from" onchange={on_value}>{ for value_options }</select>
            </label>
            <label class="field" for="map-to">
                <span>{ "Replace with" }</span>
                <input id="map-to" type="text" value={(*to).clone()} oninput={on_to} autocomplete="off" spellcheck="false" />
            </label>
            <button type="submit" class="button primary" disabled={!props.can_edit || chosen.is_none()}>
                { format!("Replace in {}", count(rows, "row", "rows")) }
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(column: &str) -> Vec<Candidate> {
        let values: &[&str] = match column {
            "a" => &["x", "y"],
            "b" => &["z"],
            _ => &[],
        };
        values
            .iter()
            .map(|v| Candidate {
                value: (*v).into(),
                rows: 1,
            })
            .collect()
    }

    #[test]
    fn falls_back_to_the_first_column_and_value() {
        let columns = vec!["a".to_owned(), "b".to_owned()];
        let pick = |c: Option<&str>, v: Option<&str>| {
            effective(&columns, c, candidates, v)
                .map(|(c, _, v)| (c.to_owned(), v.map(|v| v.value)))
        };
        assert_eq!(pick(None, None), Some(("a".into(), Some("x".into()))));
        assert_eq!(
            pick(Some("a"), Some("y")),
            Some(("a".into(), Some("y".into())))
        );
        assert_eq!(
            pick(Some("b"), Some("y")),
            Some(("b".into(), Some("z".into())))
        );
        assert_eq!(
            pick(Some("gone"), None),
            Some(("a".into(), Some("x".into())))
        );
        assert_eq!(effective(&[], None, candidates, None).map(|e| e.0), None);
    }
}
