//! The person's changes so far, with Undo and Redo, and excluded rows that can be put back.

use crate::state::Action;
use crate::verdict::count;
use rostercheck_core::Edits;
use std::collections::BTreeMap;
use yew::prelude::*;

/// Properties of [`EditsBar`].
#[derive(Properties, PartialEq, Debug)]
pub struct EditsBarProps {
    /// The edits in force.
    pub edits: Edits,
    /// The input line of each data row the person acted on (rows are shown by the line a
    /// person sees in Excel or an editor, as findings are).
    #[prop_or_default]
    pub lines: BTreeMap<u64, u64>,
    /// Whether Undo is possible.
    pub can_undo: bool,
    /// Whether Redo is possible.
    pub can_redo: bool,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// Where data row `record` is, in words: its input line when known (as findings say it),
/// else its place among the data rows.
pub fn row_words(record: u64, lines: &BTreeMap<u64, u64>) -> String {
    match lines.get(&record) {
        Some(line) => format!("Line {line}"),
        None => format!("Data row {}", record + 1),
    }
}

/// One line per change, in words.
pub fn describe(edits: &Edits, rows: &BTreeMap<u64, u64>) -> Vec<String> {
    let mut lines = Vec::new();
    for ((record, column), value) in &edits.cells {
        lines.push(format!(
            "{}: {column} set to \"{value}\"",
            row_words(*record, rows)
        ));
    }
    for (record, text) in &edits.lines {
        lines.push(format!(
            "{} written again: {text}",
            row_words(*record, rows)
        ));
    }
    for map in &edits.maps {
        lines.push(format!(
            "{}: every \"{}\" replaced by \"{}\"",
            map.column, map.from, map.to
        ));
    }
    lines
}

/// The changes panel.
#[component]
pub fn EditsBar(props: &EditsBarProps) -> Html {
    let on_undo = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Undo))
    };
    let on_redo = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Redo))
    };
    let changes = describe(&props.edits, &props.lines);
    let excluded = props.edits.excluded.iter().map(|&record| {
        let onclick = {
            let dispatch = props.dispatch.clone();
            Callback::from(move |_: MouseEvent| dispatch.emit(Action::Include(record)))
        };
        let row = row_words(record, &props.lines);
        html! {
            <li key={record}>
                { format!("{row} left out ") }
                <button type="button" class="button small" {onclick}>{ format!("Put {} back", row.to_lowercase()) }</button>
            </li>
        }
    });
    let summary = if props.edits.is_empty() {
        "No changes yet.".to_owned()
    } else {
        format!(
            "{}; {} left out.",
            count(changes.len() as u64, "change", "changes"),
            count(props.edits.excluded.len() as u64, "row", "rows")
        )
    };
    html! {
        <div class="edits" data-testid="edits">
            <h3>{ "Your changes" }</h3>
            <p data-testid="edits-summary">{ summary }</p>
            <div class="inline">
                // aria-disabled, not disabled: a button that is disabled while its change is
                // checked again would drop the keyboard's focus to the page (the reducer
                // ignores an Undo or Redo with nothing to do).
                <button type="button" class="button" onclick={on_undo} aria-disabled={(!props.can_undo).then_some("true")}>{ "Undo" }</button>
                <button type="button" class="button" onclick={on_redo} aria-disabled={(!props.can_redo).then_some("true")}>{ "Redo" }</button>
            </div>
            if !changes.is_empty() {
                <ul class="change-list">
                    { for changes.iter().map(|line| html! { <li>{ line.clone() }</li> }) }
                </ul>
            }
            if !props.edits.excluded.is_empty() {
                <ul class="excluded-list">{ for excluded }</ul>
            }
            <p class="hint">{ "Each change is checked again at once, so the counts stay true. Lines are the file's, as a text editor numbers them (the header is line 1)." }</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_core::ValueMap;

    #[test]
    fn describes_each_change() {
        let mut edits = Edits::default();
        let mut rows = BTreeMap::new();
        assert!(describe(&edits, &rows).is_empty());
        edits.cells.insert((3, "sex".into()), "female".into());
        edits.maps.push(ValueMap {
            column: "metadata.x".into(),
            from: "F".into(),
            to: "Free".into(),
        });
        edits.lines.insert(8, "9,\"a\"\"b\"".into());
        assert_eq!(
            describe(&edits, &rows)[0],
            "Data row 4: sex set to \"female\""
        );
        // The line the person saw the finding on, where the row was acted on from one.
        rows.insert(3, 5);
        assert_eq!(
            describe(&edits, &rows),
            vec![
                "Line 5: sex set to \"female\"".to_owned(),
                "Data row 9 written again: 9,\"a\"\"b\"".to_owned(),
                "metadata.x: every \"F\" replaced by \"Free\"".to_owned()
            ]
        );
    }
}
