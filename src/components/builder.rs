//! "Build demographics.csv from SIS lists": choose users.csv (or demographics.csv) and the
//! lists, confirm each list's student key, map its columns, answer the codes that have more
//! than one meaning, build — the built file is then checked like any other. The recipe (every
//! choice, no student data) downloads and loads again, so next month is one drop.

use crate::build_state::{set_answer, set_key, set_target, BuildPhase, BuildState};
use crate::hooks::{use_builder, use_download, Download};
use crate::state::Body;
use rostercheck_core::build::{FillPlan, ListPlan, Recipe, Role, Target};
use rostercheck_core::{thousands, Column, Date};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Properties of [`Builder`].
#[derive(Properties, PartialEq, Debug)]
pub struct BuilderProps {
    /// The built demographics.csv, to be checked by the page.
    pub on_built: Callback<Vec<u8>>,
    /// The day birth dates are judged against.
    pub today: Date,
}

/// The recipe's file name.
pub const RECIPE_NAME: &str = "rostercheck-recipe.json";

/// The leftovers' file name.
pub const LEFTOVERS_NAME: &str = "build-leftovers.csv";

/// The empty template's file name.
pub const TEMPLATE_NAME: &str = "demographics-template.csv";

/// The value of a code's select that stands for "not answered yet".
const UNANSWERED: &str = "\u{1}";

/// The empty template: the 28 headers in the canonical order, CRLF (as Excel writes it).
pub fn template() -> String {
    let names: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
    format!("{}\r\n", names.join(","))
}

fn files_of(event: &Event) -> Vec<web_sys::File> {
    let Some(input) = event.target_dyn_into::<HtmlInputElement>() else {
        return Vec::new();
    };
    let files = input.files();
    let list = (0..files.as_ref().map_or(0, |f| f.length()))
        .filter_map(|i| files.as_ref()?.get(i))
        .collect();
    list
}

#[component]
pub fn Builder(props: &BuilderProps) -> Html {
    let state = use_reducer(BuildState::default);
    let builder = use_builder(state.dispatcher(), props.today);
    let download = use_download();
    let chosen = use_mut_ref(Vec::<web_sys::File>::new);
    let loaded_recipe = use_mut_ref(|| None::<String>);

    let open = {
        let builder = builder.clone();
        let chosen = chosen.clone();
        let loaded_recipe = loaded_recipe.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            if files.is_empty() {
                return;
            }
            *chosen.borrow_mut() = files.clone();
            builder.open(&files, loaded_recipe.borrow().clone());
        })
    };
    let on_files = {
        let open = open.clone();
        Callback::from(move |event: Event| open.emit(files_of(&event)))
    };
    // Lists dropped on the panel are the builder's, not a bundle for the page's check (the
    // page takes files dropped anywhere else).
    let on_drop = {
        let open = open.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            event.stop_propagation();
            let files = event.data_transfer().and_then(|d| d.files());
            let files = (0..files.as_ref().map_or(0, |f| f.length()))
                .filter_map(|i| files.as_ref()?.get(i))
                .collect();
            open.emit(files);
        })
    };
    let reading = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let on_recipe = {
        let reading = reading.clone();
        let builder = builder.clone();
        let chosen = chosen.clone();
        let loaded_recipe = loaded_recipe.clone();
        Callback::from(move |event: Event| {
            let Some(file) = files_of(&event).into_iter().next() else {
                // The recipe taken away: the next files get rostercheck's suggestion.
                *loaded_recipe.borrow_mut() = None;
                return;
            };
            let builder = builder.clone();
            let chosen = chosen.clone();
            let loaded_recipe = loaded_recipe.clone();
            let blob = gloo::file::Blob::from(web_sys::Blob::from(file));
            let reader = gloo::file::callbacks::read_as_text(&blob, move |text| {
                let text = text.unwrap_or_default();
                *loaded_recipe.borrow_mut() = Some(text.clone());
                let files = chosen.borrow().clone();
                if !files.is_empty() {
                    builder.open(&files, Some(text));
                }
            });
            // Dropping the reader would cancel it: kept until the next recipe.
            *reading.borrow_mut() = Some(reader);
        })
    };
    let on_template = {
        let download = download.clone();
        Callback::from(move |_: MouseEvent| {
            download.emit(Download {
                name: TEMPLATE_NAME.into(),
                body: Body::Bytes(Rc::from(template().into_bytes())),
                mime: "text/csv;charset=utf-8",
            })
        })
    };
    let replan = {
        let builder = builder.clone();
        Callback::from(move |recipe: Recipe| builder.plan(recipe))
    };
    let on_build = {
        let builder = builder.clone();
        let recipe = state.recipe.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(recipe) = &recipe {
                builder.build((**recipe).clone());
            }
        })
    };
    let on_save_recipe = {
        let download = download.clone();
        let recipe = state.recipe.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(recipe) = &recipe {
                download.emit(Download {
                    name: RECIPE_NAME.into(),
                    body: Body::Bytes(Rc::from(recipe.to_json().into_bytes())),
                    mime: "application/json",
                })
            }
        })
    };
    let on_leftovers = {
        let download = download.clone();
        let leftovers = state.leftovers.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(bytes) = &leftovers {
                download.emit(Download {
                    name: LEFTOVERS_NAME.into(),
                    body: Body::Bytes(Rc::clone(bytes)),
                    mime: "text/csv;charset=utf-8",
                })
            }
        })
    };

    let working = matches!(state.phase, BuildPhase::Working | BuildPhase::Building);
    let questions = state.open_questions();
    let plan_view = match (&state.plan, &state.recipe) {
        (Some(plan), Some(recipe)) => html! {
            <>
                <p id="build-files-used">
                    { format!("{} students, from {}. ", thousands(plan.students as u64), plan.students_from) }
                    { state.files.iter().map(|(name, role)| format!("{name}: {}. ", role_words(*role))).collect::<String>() }
                </p>
                { for plan.lists.iter().enumerate().map(|(i, list)| list_view(i, list, recipe, &replan, working)) }
                <p id="build-questions" role="status">
                    if questions == 0 {
                        { "Every code has its value. Build when the columns are right." }
                    } else {
                        { format!("{questions} {} left to answer before building.", if questions == 1 { "question" } else { "questions" }) }
                    }
                </p>
                <div class="download-actions">
                    <button type="button" id="build-run" class="button primary" onclick={on_build} disabled={questions > 0 || working}>
                        { "Build demographics.csv" }
                    </button>
                    <button type="button" id="build-save-recipe" class="button" onclick={on_save_recipe} disabled={working}>
                        { "Download the recipe" }
                    </button>
                </div>
            </>
        },
        _ => html! {},
    };
    let summary = state.summary.as_ref().filter(|_| state.phase == BuildPhase::Built).map(|summary| {
        let lists: Vec<String> = summary.lists.iter().map(|l| {
            format!(
                "{}: {} of {} rows matched a student; {} matched none; {} students have no row (left blank).",
                l.name, thousands(l.matched_rows as u64), thousands(l.rows as u64),
                thousands(l.unmatched_rows as u64), thousands(l.students_without_row as u64)
            )
        }).collect();
        html! {
            <div id="build-summary" role="status">
                <p>{ format!("Built demographics.csv for {} students. It is checked below like any file: download it there.", thousands(summary.students as u64)) }</p>
                <ul>{ for lists.into_iter().map(|l| html! { <li>{ l }</li> }) }</ul>
                if summary.conflicts > 0 {
                    <p>{ format!("{} values were left as they were: two rows disagree.", thousands(summary.conflicts as u64)) }</p>
                }
                <button type="button" id="build-leftovers" class="button" onclick={on_leftovers}>
                    { "Download the rows that did not match, and the disagreements" }
                </button>
            </div>
        }
    });

    // Hand the built file to the page once per build.
    {
        let on_built = props.on_built.clone();
        let handed = use_mut_ref(|| 0u64);
        let asked = state.asked;
        let phase = state.phase;
        let builder = builder.clone();
        use_effect_with((asked, phase), move |_| {
            if phase == BuildPhase::Built && *handed.borrow() != asked {
                *handed.borrow_mut() = asked;
                if let Some(csv) = builder.take_built() {
                    on_built.emit(csv);
                }
            }
        });
    }

    html! {
        <section class="builder" aria-labelledby="builder-title" ondrop={on_drop}>
            <h2 id="builder-title">{ "Build demographics.csv from SIS lists" }</h2>
            <p class="hint">
                { "ClassLink's 12 metadata columns (English learner, IDEA, 504, meals, home language…) are not in the SIS's OneRoster export. Drop users.csv (or demographics.csv) with the SIS's lists — CSV or workbooks — here, or choose them, and rostercheck joins them by student number, on this computer. Codes with more than one meaning are yours to answer." }
            </p>
            <div class="builder-inputs">
                <label for="build-files">{ "users.csv and the lists" }</label>
                <input type="file" id="build-files" multiple=true accept=".csv,.txt,.tsv,.xlsx,.xlsm,.xlsb,.xls,.ods" onchange={on_files} disabled={working} />
                <label for="build-recipe">{ "A recipe from last time (optional)" }</label>
                <input type="file" id="build-recipe" accept=".json,application/json" onchange={on_recipe} disabled={working} />
                <button type="button" id="build-template" class="button" onclick={on_template}>
                    { "Download an empty template (28 columns)" }
                </button>
            </div>
            if working {
                <p class="notice" role="status">{ "Reading the lists…" }</p>
            }
            if let Some(message) = &state.message {
                <p class="notice" role="alert" id="build-message">{ message.clone() }</p>
            }
            { plan_view }
            { summary.unwrap_or_default() }
        </section>
    }
}

fn role_words(role: Role) -> &'static str {
    role.label()
}

/// One list: its key, its columns' targets, and its codes.
fn list_view(
    index: usize,
    list: &ListPlan,
    recipe: &Recipe,
    replan: &Callback<Recipe>,
    working: bool,
) -> Html {
    let Some(entry) = list.entry else {
        return html! {
            <fieldset class="build-list"><legend>{ &list.name }</legend>
                <p>{ "This list is not in the recipe." }</p>
            </fieldset>
        };
    };
    let key = &recipe.lists[entry].key;
    let on_key = {
        let recipe = recipe.clone();
        let replan = replan.clone();
        Callback::from(move |event: Event| {
            let Some(select) = event.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            let value = select.value();
            if let Some((column, via)) = value.split_once('\u{1f}') {
                replan.emit(set_key(&recipe, entry, column, via));
            }
        })
    };
    let key_value = format!("{}\u{1f}{}", key.column, key.via);
    let key_id = format!("build-key-{index}");
    let mut pairings = list.pairings.clone();
    if !key.column.is_empty()
        && !pairings
            .iter()
            .any(|p| p.column == key.column && p.via == key.via)
    {
        pairings.insert(
            0,
            rostercheck_core::build::Pairing {
                column: key.column.clone(),
                via: key.via.clone(),
                label: key.via.clone(),
                matched: 0,
                tried: 0,
                students: 0,
            },
        );
    }
    let filled_from = |column: &str| {
        recipe.lists[entry]
            .fill
            .iter()
            .find(|f| f.from.iter().any(|c| c == column))
            .map(|f| f.to.clone())
    };
    let columns: Vec<&String> = list.header.iter().filter(|c| **c != key.column).collect();
    html! {
        <fieldset class="build-list">
            <legend>{ format!("{} — {} rows", list.name, thousands(list.rows as u64)) }</legend>
            <label for={key_id.clone()}>{ "Student number" }</label>
            <select id={key_id} class="build-key" onchange={on_key} disabled={working}>
                if key.column.is_empty() {
                    <option value="" selected=true>{ "— choose the student-number column —" }</option>
                }
                { for pairings.iter().map(|p| {
                    let value = format!("{}\u{1f}{}", p.column, p.via);
                    let selected = value == key_value;
                    let label = if p.tried > 0 {
                        format!("{} = {} ({} of the first {} rows match)", p.column, p.label, thousands(p.matched as u64), thousands(p.tried as u64))
                    } else {
                        format!("{} = {}", p.column, p.label)
                    };
                    html! { <option {value} {selected}>{ label }</option> }
                }) }
            </select>
            if !key.column.is_empty() {
                <p class="build-match">{ format!("{} of {} rows match a student.", thousands(list.matched as u64), thousands(list.rows as u64)) }</p>
            }
            <table class="build-columns">
                <caption>{ "What each column fills" }</caption>
                <thead><tr><th scope="col">{ "Column" }</th><th scope="col">{ "Fills" }</th></tr></thead>
                <tbody>
                { for columns.iter().enumerate().map(|(c, column)| {
                    let current = filled_from(column);
                    let id = format!("build-target-{index}-{c}");
                    let on_change = {
                        let recipe = recipe.clone();
                        let replan = replan.clone();
                        let column = (*column).clone();
                        Callback::from(move |event: Event| {
                            let Some(select) = event.target_dyn_into::<HtmlSelectElement>() else { return };
                            let value = select.value();
                            let target = (!value.is_empty()).then_some(value.as_str());
                            replan.emit(set_target(&recipe, entry, &column, target));
                        })
                    };
                    html! {
                        <tr>
                            <th scope="row"><label for={id.clone()}>{ (*column).clone() }</label></th>
                            <td>
                                <select {id} class="build-target" onchange={on_change} disabled={working}>
                                    <option value="" selected={current.is_none()}>{ "— nothing —" }</option>
                                    { for Target::all().map(|t| html! {
                                        <option value={t.name()} selected={current.as_deref() == Some(t.name())}>{ t.label() }</option>
                                    }) }
                                </select>
                            </td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            { for list.fills.iter().enumerate().map(|(f, fill)| codes_view(index, f, entry, fill, recipe, replan, working)) }
        </fieldset>
    }
}

/// The codes of one fill, each with its value.
fn codes_view(
    index: usize,
    f: usize,
    entry: usize,
    fill: &FillPlan,
    recipe: &Recipe,
    replan: &Callback<Recipe>,
    working: bool,
) -> Html {
    if fill.copies {
        return html! {
            <p class="build-copies">{ format!("{} → {}: copied as written (the check reads and fixes dates).", fill.from.join(", "), fill.label) }</p>
        };
    }
    if fill.too_many_codes {
        return html! {
            <p class="build-copies">{ format!("{} has too many different values to be {}: choose another column.", fill.from.join(", "), fill.label) }</p>
        };
    }
    html! {
        <table class="build-codes">
            <caption>{ format!("{} → {}", fill.from.join(", "), fill.label) }</caption>
            <thead><tr><th scope="col">{ "Code" }</th><th scope="col">{ "Rows" }</th><th scope="col">{ "Becomes" }</th></tr></thead>
            <tbody>
            { for fill.codes.iter().enumerate().map(|(k, code)| {
                let id = format!("build-answer-{index}-{f}-{k}");
                let on_change = {
                    let recipe = recipe.clone();
                    let replan = replan.clone();
                    let to = fill.to.clone();
                    let code = code.code.clone();
                    Callback::from(move |event: Event| {
                        let value = event
                            .target()
                            .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok().map(|s| s.value())
                                .or_else(|| event.target_dyn_into::<HtmlInputElement>().map(|i| i.value())));
                        match value {
                            Some(value) if value != UNANSWERED => replan.emit(set_answer(&recipe, entry, &to, &code, value.trim())),
                            _ => {}
                        }
                    })
                };
                let answer = code.answer.clone();
                let open = answer.is_none();
                let options: Vec<Html> = fill.choices.iter().map(|choice| html! {
                    <option value={choice.clone()} selected={answer.as_deref() == Some(choice.as_str())}>{ choice_words(&fill.to, choice) }</option>
                }).collect();
                let control = if fill.choices.is_empty() {
                    html! {
                        <input {id} class="build-answer" type="text" value={answer.clone().unwrap_or_default()}
                            placeholder="ISO 639-2 code, e.g. spa" onchange={on_change} disabled={working} aria-invalid={open.to_string()} />
                    }
                } else {
                    html! {
                        <select {id} class="build-answer" onchange={on_change} disabled={working} aria-invalid={open.to_string()}>
                            if open {
                                <option value={UNANSWERED} selected=true>{ "— choose —" }</option>
                            }
                            { for options }
                            <option value="" selected={answer.as_deref() == Some("")}>{ "(leave blank)" }</option>
                        </select>
                    }
                };
                html! {
                    <tr class={classes!(open.then_some("build-open"))}>
                        <th scope="row"><label for={format!("build-answer-{index}-{f}-{k}")}>{ rostercheck_core::visible(&code.code).to_string() }</label></th>
                        <td>{ thousands(code.rows as u64) }</td>
                        <td>{ control }</td>
                    </tr>
                }
            }) }
            </tbody>
        </table>
    }
}

/// A choice in words: race meanings by name, others as written.
fn choice_words(to: &str, choice: &str) -> String {
    if to == "race" {
        if let Some((_, words)) = rostercheck_core::build::RACE_MEANINGS
            .iter()
            .find(|(k, _)| *k == choice)
        {
            return (*words).to_owned();
        }
    }
    choice.to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_template_has_the_28_headers_in_order() {
        let template = super::template();
        assert!(template.starts_with("sourcedId,status,dateLastModified,birthDate,sex,"));
        assert!(template.ends_with("metadata.titleI,metadata.iepStatus\r\n"));
        assert_eq!(template.split(',').count(), 28);
    }
}
