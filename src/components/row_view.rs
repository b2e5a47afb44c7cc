//! The row a finding is about, read again from the file by the worker: its values as a small
//! grid with the finding's cell marked; the line as written, its quotes marked, for a broken
//! quote; every row of a duplicated ID side by side, each with "keep this one".

use super::LineEditor;
use crate::hooks::CheckerHandle;
use crate::protocol::RowsAsk;
use crate::state::Action;
use rostercheck_core::lookup::MAX_LINES;
use rostercheck_core::{visible, Code, Finding, FoundRow, FoundRows};
use yew::prelude::*;

/// How long the selection stays on a finding before its row is asked for.
const ASK_AFTER_MS: u32 = 150;

/// Properties of [`RowView`].
#[derive(Properties, PartialEq, Debug)]
pub struct RowViewProps {
    /// The finding selected, and where the worker has it.
    pub finding: Finding,
    /// Which finding of which check.
    pub ask: RowsAsk,
    /// The worker.
    pub checker: CheckerHandle,
    /// Whether changes can be made now.
    pub can_edit: bool,
    /// Where actions go.
    pub dispatch: Callback<Action>,
    /// The file's delimiter.
    #[prop_or(',')]
    pub delimiter: char,
}

/// The row(s), or nothing when they cannot be read again (a bundle's file).
#[component]
pub fn RowView(props: &RowViewProps) -> Html {
    let found = use_state(|| None::<(RowsAsk, Option<FoundRows>)>);
    {
        let found = found.clone();
        let checker = props.checker.clone();
        use_effect_with(props.ask, move |ask| {
            let ask = *ask;
            let done = Callback::from(move |rows: Option<FoundRows>| found.set(Some((ask, rows))));
            // Asked a moment after the selection settles: arrowing through the list would
            // otherwise queue a read of the file for each finding passed (0.35 s each at the
            // end of 1,000,000 rows), and every other question to the worker would wait.
            let wait =
                gloo::timers::callback::Timeout::new(ASK_AFTER_MS, move || checker.rows(ask, done));
            move || drop(wait)
        });
    }
    let finding = &props.finding;
    let rows = match &*found {
        Some((ask, rows)) if *ask == props.ask => rows.as_ref(),
        _ => {
            return html! {
                <p class="row-view hint" aria-busy="true">{ format!("Reading line {}…", finding.line) }</p>
            }
        }
    };
    let Some(rows) = rows.filter(|rows| !rows.rows.is_empty()) else {
        return html! {};
    };
    if finding.code == Code::DuplicateId && rows.rows.len() > 1 {
        return side_by_side(rows, finding, props);
    }
    let Some(row) = rows.rows.iter().find(|row| row.line == finding.line) else {
        return html! {};
    };
    let quote = matches!(finding.code, Code::StrayQuote | Code::UnclosedQuote);
    html! {
        <section class="row-view" aria-labelledby="row-view-title">
            <h4 id="row-view-title">{ format!("Line {} as read", row.line) }</h4>
            if quote {
                { quoted_line(rows, row, props) }
            }
            { grid(rows, std::slice::from_ref(row), finding.column.as_deref()) }
        </section>
    }
}

/// A line with a broken quote as written (or as the person wrote it again), its quotes
/// marked, and a box to write it again unless it is too long to show whole.
fn quoted_line(rows: &FoundRows, row: &FoundRow, props: &RowViewProps) -> Html {
    let said = match row.rewritten {
        true => "The line as you wrote it, its quotes marked:",
        false => "The line as written, its quotes marked:",
    };
    html! {
        <>
            <p class="hint">{ said }</p>
            <pre class="raw-line" data-testid="raw-line">{ marked_quotes(&row.text) }{ cut(row) }</pre>
            if row.cut {
                <p class="hint">{ "The line is too long to write again here: correct it in the file, or leave the row out." }</p>
            } else {
                <LineEditor key={format!("{}:{}", row.record, row.text)} record={row.record} line={row.line}
                    text={row.text.clone()} columns={rows.header.len()} delimiter={props.delimiter}
                    can_edit={props.can_edit} dispatch={props.dispatch.clone()} />
            }
        </>
    }
}

/// Every row of a duplicated ID, one under the other, the values that differ marked, each with
/// a button that keeps it and leaves the others out.
fn side_by_side(rows: &FoundRows, finding: &Finding, props: &RowViewProps) -> Html {
    let keep = |row: &FoundRow| {
        let dispatch = props.dispatch.clone();
        let others: Vec<(u64, u64)> = (rows.rows.iter())
            .filter(|other| other.record != row.record)
            .map(|other| (other.record, other.line))
            .collect();
        let keep = (row.record, row.line);
        let label = format!("Keep line {}, leave the others out", row.line);
        html! {
            <button type="button" class="button small" disabled={!props.can_edit}
                onclick={Callback::from(move |_: MouseEvent| dispatch.emit(Action::KeepOne { keep, others: others.clone() }))}>
                { label }
            </button>
        }
    };
    let id = visible(finding.value.as_deref().unwrap_or_default());
    // The finder stops at MAX_LINES rows: then there may be more.
    let heading = match rows.rows.len() {
        MAX_LINES => format!("The first {MAX_LINES} rows of student {id}"),
        count => format!("The {count} rows of student {id}"),
    };
    html! {
        <section class="row-view" aria-labelledby="row-view-title">
            <h4 id="row-view-title">{ heading }</h4>
            <p class="hint">{ "The values that differ come first, marked. Keep the right row; the others are left out of the corrected file (Undo puts them back)." }</p>
            { grid(rows, &rows.rows, None) }
            <div class="keep-one" role="group" aria-label="Keep one row">
                { for rows.rows.iter().map(keep) }
            </div>
        </section>
    }
}

/// The rows as a table: a row's line first, then the finding's column (`mark`, its cells
/// marked) or, with several rows, the columns whose values differ (marked), then every other
/// column in the file's order — what the finding is about is in view without scrolling.
fn grid(rows: &FoundRows, shown: &[FoundRow], mark: Option<&str>) -> Html {
    let width = (shown.iter().map(|row| row.values.len()))
        .chain([rows.header.len()])
        .max()
        .unwrap_or(0);
    let name = |i: usize| rows.header.get(i).map_or("(extra)", String::as_str);
    let marked = |i: usize| {
        let column = rows.columns.get(i).cloned().flatten();
        mark.is_some() && column.as_deref() == mark
    };
    let differs = |i: usize| {
        shown.len() > 1
            && shown
                .iter()
                .any(|row| row.values.get(i) != shown[0].values.get(i))
    };
    let (first, rest): (Vec<usize>, Vec<usize>) =
        (0..width).partition(|&i| marked(i) || differs(i));
    let order: Vec<usize> = first.into_iter().chain(rest).collect();
    html! {
        <div class="row-grid-scroll" tabindex="0" role="region" aria-label="The row's values">
            <table class="row-grid" data-testid="row-grid">
                <thead>
                    <tr>
                        <th scope="col">{ "Line" }</th>
                        { for order.iter().map(|&i| html! {
                            <th scope="col" class={classes!(marked(i).then_some("marked"))}>{ visible(name(i)).into_owned() }</th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for shown.iter().map(|row| html! {
                        <tr>
                            <th scope="row">{ row.line }</th>
                            { for order.iter().map(|&i| {
                                let value = row.values.get(i).map_or_else(|| "—".to_owned(), |v| visible(v).into_owned());
                                let class = classes!(marked(i).then_some("marked"), differs(i).then_some("differs"));
                                let note = (marked(i).then_some(" (this finding)")).or(differs(i).then_some(" (differs)"));
                                html! {
                                    <td {class}>{ value }if let Some(note) = note { <span class="visually-hidden">{ note }</span> }</td>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The text with each quote marked, and room to wrap after each delimiter (a line wraps
/// between values, not inside a date).
fn marked_quotes(text: &str) -> Html {
    let visible_text = visible(text);
    let mut parts = visible_text.split('"');
    let first = parts.next().unwrap_or_default();
    html! {
        <>
            { breakable(first) }
            { for parts.map(|part| html! {
                <><mark class="quote" title="a quote">{ "\"" }</mark>{ breakable(part) }</>
            }) }
        </>
    }
}

/// `text` with a `<wbr>` after each `,` `;` and tab.
fn breakable(text: &str) -> Html {
    let pieces = text.split_inclusive([',', ';', '\t']);
    html! { <>{ for pieces.map(|piece| html! { <>{ piece.to_owned() }<wbr /></> }) }</> }
}

/// "…" and a note when the row's text was cut.
fn cut(row: &FoundRow) -> Html {
    match row.cut {
        true => html! { <span class="hint">{ " … (cut: the line is longer)" }</span> },
        false => html! {},
    }
}
