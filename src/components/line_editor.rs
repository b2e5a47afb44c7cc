//! A line whose quotes are broken, written again by the person: read as the check will read it
//! before it is sent, so a line that is still broken, or has another number of values than the
//! header, is refused with what to change.

use crate::state::Action;
use rostercheck_core::read_line;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Properties of [`LineEditor`].
#[derive(Properties, PartialEq, Debug)]
pub struct LineEditorProps {
    /// The data row (`Finding::record`).
    pub record: u64,
    /// Its line, as the finding names it.
    pub line: u64,
    /// The line as written (or as the person wrote it before).
    pub text: String,
    /// The header's number of values.
    pub columns: usize,
    /// The file's delimiter.
    pub delimiter: char,
    /// Whether changes can be made now.
    pub can_edit: bool,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// Why `text` cannot take the place of the line, if it cannot.
pub fn line_problem(text: &str, original: &str, columns: usize, delimiter: char) -> Option<String> {
    if text == original {
        return Some("The line is unchanged: change its quotes first.".into());
    }
    let read = read_line(text, u8::try_from(delimiter).unwrap_or(b','));
    if read.line_break {
        return Some("One line only: a line break would make it two rows.".into());
    }
    if read.broken_quote {
        return Some("A quote is still broken. Write a quote inside a value twice and put the whole value in quotes, as in \"=HYPERLINK(\"\"http://x\"\")\", or remove the quotes.".into());
    }
    if read.values.len() != columns {
        let shown = match delimiter {
            '\t' => "tabs",
            ';' => "semicolons (;)",
            _ => "commas (,)",
        };
        return Some(format!(
            "The line has {} values; the header has {columns}. Check the {shown} between the values.",
            read.values.len()
        ));
    }
    None
}

/// The line in a text box, with "Apply to line N".
#[component]
pub fn LineEditor(props: &LineEditorProps) -> Html {
    let problem = use_state(|| None::<String>);
    // What the person typed, kept across renders: a line refused stays in the box to correct.
    let text = use_state(|| props.text.clone());
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = (e.target()).and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                text.set(input.value());
            }
        })
    };
    let apply = {
        let (text, problem) = (text.clone(), problem.clone());
        let (record, original, columns, delimiter) = (
            props.record,
            props.text.clone(),
            props.columns,
            props.delimiter,
        );
        let dispatch = props.dispatch.clone();
        Callback::from(move |()| {
            // A line pasted with its line end: the end is not part of the line.
            let text = text.trim_end_matches(['\r', '\n']).to_owned();
            match line_problem(&text, &original, columns, delimiter) {
                Some(message) => problem.set(Some(message)),
                None => {
                    problem.set(None);
                    dispatch.emit(Action::EditLine { record, text });
                }
            }
        })
    };
    let onsubmit = {
        let apply = apply.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            apply.emit(());
        })
    };
    // A long line wraps in a box of several lines, but is one line: Enter applies it, as in a
    // one-line box, and never writes a line break.
    let can_edit = props.can_edit;
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        // Not while an input method composes a character (Enter ends the composition).
        if e.key() == "Enter" && !e.is_composing() {
            e.prevent_default();
            if can_edit {
                apply.emit(());
            }
        }
    });
    html! {
        <form class="line-editor" {onsubmit}>
            <label for="line-edit">{ format!("Line {} written again:", props.line) }</label>
            <textarea id="line-edit" class="line-edit" rows="4" {oninput} {onkeydown}
                value={(*text).clone()} spellcheck="false" autocomplete="off"
                aria-invalid={problem.is_some().then_some("true")}
                aria-describedby={problem.is_some().then_some("line-edit-problem")} />
            if let Some(problem) = (*problem).clone() {
                <p id="line-edit-problem" class="problem" role="alert">{ problem }</p>
            }
            <button type="submit" class="button" disabled={!props.can_edit}>{ format!("Apply to line {}", props.line) }</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_still_broken_or_of_another_width_is_refused() {
        let original = "1,=HYPERLINK(\"x\"),c";
        assert!(line_problem(original, original, 3, ',').is_some());
        let still = line_problem("1,=HYPERLINK(\"y\"),c", original, 3, ',');
        assert!(still.is_some_and(|m| m.starts_with("A quote is still broken")));
        let narrow = line_problem("1,\"=HYPERLINK(\"\"x\"\")\"", original, 3, ',');
        assert_eq!(
            narrow.as_deref(),
            Some(
                "The line has 2 values; the header has 3. Check the commas (,) between the values."
            )
        );
        assert!(line_problem("1,x\n2,y,z", original, 3, ',').is_some());
        assert_eq!(
            line_problem("1,\"=HYPERLINK(\"\"x\"\")\",c", original, 3, ','),
            None
        );
        assert_eq!(line_problem("1;\"a;b\";c", "1;\"a;b;c", 3, ';'), None);
    }
}
