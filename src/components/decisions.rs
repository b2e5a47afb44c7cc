//! The to-do list, first on the page: "Needs your decision" — the checker's questions (a value
//! with more than one meaning, the order of day and month in a date column, bulk or delta),
//! each with what the file shows and its answers as buttons, one answer settling every row
//! that waits for it — then the errors left for a person, gone through one by one in the
//! findings list (each change selects the next). A new file's check puts the focus here.

use super::focus;
use crate::filters::Filter;
use crate::state::{Action, CheckResult, Shared};
use crate::verdict::{count, group};
use rostercheck_core::Decision;
use yew::prelude::*;

thread_local! {
    /// The last file opened (`AppState::opened`) the list took the focus for.
    static FOCUSED_FOR: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Properties of [`Decisions`].
#[derive(Properties, PartialEq, Debug)]
pub struct DecisionsProps {
    /// The latest finished check.
    pub result: Shared<CheckResult>,
    /// Whether changes can be made now (not while the worker checks).
    pub can_edit: bool,
    /// Where actions go.
    pub dispatch: Callback<Action>,
    /// Grows each time a new file's check is done: the list takes the focus.
    #[prop_or_default]
    pub opened: u64,
}

/// The lines a decision names, in words: "line 4", "lines 4, 9 and 12", "lines 4, 9, … (20 of
/// 5,007 rows)".
pub fn lines_in_words(decision: &Decision) -> String {
    let shown: Vec<String> = decision.lines.iter().map(|l| group(*l)).collect();
    match shown.as_slice() {
        [] => String::new(),
        [one] => format!("line {one}"),
        [first @ .., last] if decision.rows as usize <= shown.len() => {
            format!("lines {} and {last}", first.join(", "))
        }
        all => format!("lines {}, …", all.join(", ")),
    }
}

/// The questions, and the answers given.
#[component]
pub fn Decisions(props: &DecisionsProps) -> Html {
    let report = &props.result.report;
    // After an answer its buttons are gone: focus goes to the next question, or to the
    // heading when none is left, not to the page's start.
    let answered = use_mut_ref(|| false);
    {
        let answered = answered.clone();
        let left = report.decisions.len();
        use_effect_with(props.result.id, move |_| {
            if std::mem::take(&mut *answered.borrow_mut()) {
                match left {
                    0 => focus("decisions-title"),
                    _ => focus("decision-0-choice-0"),
                }
            }
        });
    }
    let errors = report.totals.errors;
    let shown = !(report.decisions.is_empty() && report.answers.is_empty() && errors == 0);
    // Once for each file opened (the list is mounted with it), not again when the list is
    // shown again for the same file.
    use_effect_with(props.opened, move |opened| {
        if shown && super::first_time(&FOCUSED_FOR, *opened) {
            focus("decisions-title");
        }
    });
    if !shown {
        return html! {};
    }
    let go_through = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::SetFilter(Filter {
                warnings: false,
                infos: false,
                ..Filter::default()
            }));
            dispatch.emit(Action::SelectAt(0));
            focus("findings");
        })
    };
    let questions = report.decisions.iter().enumerate().map(|(at, decision)| {
        let choices = decision.choices.iter().enumerate().map(|(n, choice)| {
            let onclick = {
                let dispatch = props.dispatch.clone();
                let answered = answered.clone();
                let key = decision.key.clone();
                let answer = choice.answer.clone();
                Callback::from(move |_: MouseEvent| {
                    *answered.borrow_mut() = true;
                    dispatch.emit(Action::Answer {
                        key: key.clone(),
                        answer: answer.clone(),
                    })
                })
            };
            html! {
                <button type="button" class="button" id={format!("decision-{at}-choice-{n}")} {onclick} disabled={!props.can_edit}>
                    { choice.label.clone() }
                </button>
            }
        });
        let waiting = format!(
            "{} for this answer ({}).",
            count(decision.rows, "row waits", "rows wait"),
            lines_in_words(decision)
        );
        html! {
            <li class="decision" key={decision.key.clone()} aria-labelledby={format!("decision-{at}")}>
                <h3 id={format!("decision-{at}")}>{ decision.question.clone() }</h3>
                <p class="evidence">{ decision.evidence.clone() }{ " " }{ waiting }</p>
                <div class="choices" role="group" aria-label={format!("Answers to: {}", decision.question)}>
                    { for choices }
                </div>
            </li>
        }
    });
    let heading = match (report.decisions.len(), report.answers.is_empty()) {
        (0, true) => "To do".to_owned(),
        (0, false) => "Needs your decision: nothing left".to_owned(),
        (n, _) => format!("Needs your decision ({})", group(n as u64)),
    };
    let then = if report.decisions.is_empty() {
        ""
    } else {
        "Then "
    };
    html! {
        <section class="decisions" aria-labelledby="decisions-title" data-testid="decisions">
            <h2 id="decisions-title" tabindex="-1">{ heading }</h2>
            if report.decisions.is_empty() && !report.answers.is_empty() {
                <p class="hint">{ "Every question is answered. Undo takes an answer back." }</p>
            } else if !report.decisions.is_empty() {
                <p class="hint">{ "rostercheck does not guess where a value has more than one right answer. One answer settles every row that waits for it." }</p>
                <ol class="decision-list">{ for questions }</ol>
            }
            if errors > 0 {
                <p class="errors-left">
                    { format!("{then}{} for a person: fix each, or leave its row out. ", count(errors, "error is left", "errors are left")) }
                    <button type="button" class="button" id="go-through-errors" onclick={go_through}>
                        { format!("Go through the {} one by one", count(errors, "error", "errors")) }
                    </button>
                </p>
            }
            if !report.answers.is_empty() {
                <p class="answered">
                    { "Your answers: " }
                    { report.answers.join("; ") }
                </p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(rows: u64, lines: &[u64]) -> Decision {
        Decision {
            key: "mode".into(),
            question: String::new(),
            column: None,
            value: None,
            choices: Vec::new(),
            rows,
            lines: lines.to_vec(),
            evidence: String::new(),
        }
    }

    #[test]
    fn lines_are_named_and_cut_short_when_there_are_more() {
        assert_eq!(lines_in_words(&decision(1, &[4])), "line 4");
        assert_eq!(
            lines_in_words(&decision(3, &[4, 9, 1200])),
            "lines 4, 9 and 1,200"
        );
        assert_eq!(lines_in_words(&decision(30, &[4, 9])), "lines 4, 9, …");
        assert_eq!(lines_in_words(&decision(0, &[])), "");
    }
}
