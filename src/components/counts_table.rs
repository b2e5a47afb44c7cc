//! The table shared by the counts per rule and per column: one pressable row per item.

use crate::verdict::group;
use rostercheck_core::Totals;
use yew::prelude::*;

/// One row: what it counts, and what pressing it does.
#[derive(Clone, PartialEq, Debug)]
pub struct CountRow {
    /// A stable key for the row.
    pub key: String,
    /// The label inside the button.
    pub label: Html,
    /// A tooltip (the rule's source), if any.
    pub title: Option<&'static str>,
    /// The counts.
    pub totals: Totals,
    /// True when this row's filter is on.
    pub pressed: bool,
    /// What pressing the label does.
    pub onclick: Callback<MouseEvent>,
}

/// Properties of [`CountsTable`].
#[derive(Properties, PartialEq, Debug)]
pub struct CountsTableProps {
    /// CSS class of the block (`rule-counts`, `column-counts`).
    pub class: &'static str,
    /// Id of the heading, which names the table.
    pub title_id: &'static str,
    /// The heading.
    pub title: &'static str,
    /// Header of the first column ("Rule", "Column").
    pub item: &'static str,
    /// The rows.
    pub rows: Vec<CountRow>,
    /// A line under the table, if any.
    #[prop_or_default]
    pub hint: Option<&'static str>,
}

/// Errors, warnings, infos and fixes per item, each item a button that filters the findings.
#[component]
pub fn CountsTable(props: &CountsTableProps) -> Html {
    let rows = props.rows.iter().map(|row| {
        html! {
            <tr key={row.key.clone()}>
                <th scope="row">
                    <button type="button" class="link" aria-pressed={row.pressed.to_string()} title={row.title} onclick={row.onclick.clone()}>
                        { row.label.clone() }
                    </button>
                </th>
                <td class="num">{ group(row.totals.errors) }</td>
                <td class="num">{ group(row.totals.warnings) }</td>
                <td class="num">{ group(row.totals.infos) }</td>
                <td class="num">{ group(row.totals.fixes) }</td>
            </tr>
        }
    });
    html! {
        <div class={classes!("counts", props.class)}>
            <h3 id={props.title_id}>{ props.title }</h3>
            <div class="table-scroll">
                <table aria-labelledby={props.title_id}>
                    <thead>
                        <tr>
                            <th scope="col">{ props.item }</th>
                            <th scope="col" class="num">{ "Errors" }</th>
                            <th scope="col" class="num">{ "Warnings" }</th>
                            <th scope="col" class="num">{ "Info" }</th>
                            <th scope="col" class="num">{ "Fixed" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            if let Some(hint) = props.hint {
                <p class="hint">{ hint }</p>
            }
        </div>
    }
}
