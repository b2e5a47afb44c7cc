//! Counts per column; each column filters the findings.

use super::focus;
use crate::filters::Filter;
use crate::state::{Action, CheckResult, Shared};
use crate::verdict::group;
use yew::prelude::*;

/// Properties of [`ColumnCounts`].
#[derive(Properties, PartialEq, Debug)]
pub struct ColumnCountsProps {
    /// The latest finished check.
    pub report: Shared<CheckResult>,
    /// The current filter (the active column is marked pressed).
    pub filter: Filter,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// The filter after pressing `column`: only that column, or all again if it was the one.
pub fn toggle_column(filter: &Filter, column: &str) -> Filter {
    Filter {
        column: (filter.column.as_deref() != Some(column)).then(|| column.to_owned()),
        ..filter.clone()
    }
}

/// Splits a column name where a line may break: before capitals and after dots
/// (`metadata.ideaIndicator` → `metadata.`, `idea`, `Indicator`).
pub fn break_points(name: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices() {
        let after_dot = i > 0 && name[..i].ends_with('.');
        if i > start && (c.is_uppercase() || after_dot) {
            parts.push(&name[start..i]);
            start = i;
        }
    }
    parts.push(&name[start..]);
    parts
}

/// Counts per column, in the corrected file's column order.
#[component]
pub fn ColumnCounts(props: &ColumnCountsProps) -> Html {
    let report = &props.report.report;
    let mut columns: Vec<&String> = report.by_column.keys().collect();
    columns.sort_by_key(|c| {
        report
            .columns
            .iter()
            .position(|o| o == *c)
            .unwrap_or(usize::MAX)
    });
    let rows = columns.into_iter().map(|column| {
        let totals = report.by_column[column];
        let pressed = props.filter.column.as_deref() == Some(column.as_str());
        let onclick = {
            let dispatch = props.dispatch.clone();
            let next = toggle_column(&props.filter, column);
            Callback::from(move |_: MouseEvent| {
                dispatch.emit(Action::SetFilter(next.clone()));
                focus("findings");
            })
        };
        html! {
            <tr key={column.clone()}>
                <th scope="row">
                    <button type="button" class="link" aria-pressed={pressed.to_string()} {onclick}>
                        { for break_points(column).into_iter().enumerate().map(|(i, part)| html! {
                            <>{ if i > 0 { html! { <wbr /> } } else { html! {} } }{ part }</>
                        }) }
                    </button>
                </th>
                <td class="num">{ group(totals.errors) }</td>
                <td class="num">{ group(totals.warnings) }</td>
                <td class="num">{ group(totals.infos) }</td>
                <td class="num">{ group(totals.fixes) }</td>
            </tr>
        }
    });
    html! {
        <div class="counts column-counts">
            <h3 id="columns-title">{ "By column" }</h3>
            <div class="table-scroll">
                <table aria-labelledby="columns-title">
                    <thead>
                        <tr>
                            <th scope="col">{ "Column" }</th>
                            <th scope="col" class="num">{ "Errors" }</th>
                            <th scope="col" class="num">{ "Warnings" }</th>
                            <th scope="col" class="num">{ "Info" }</th>
                            <th scope="col" class="num">{ "Fixed" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_break_before_capitals_and_after_dots() {
        let cases: [(&str, &[&str]); 4] = [
            ("sex", &["sex"]),
            ("birthDate", &["birth", "Date"]),
            (
                "metadata.ideaIndicator",
                &["metadata.", "idea", "Indicator"],
            ),
            ("", &[""]),
        ];
        for (name, want) in cases {
            assert_eq!(break_points(name), want, "{name}");
            assert_eq!(break_points(name).concat(), name);
        }
    }

    #[test]
    fn pressing_a_column_twice_clears_it() {
        let once = toggle_column(&Filter::default(), "sex");
        assert_eq!(once.column.as_deref(), Some("sex"));
        assert_eq!(toggle_column(&once, "sex").column, None);
        assert_eq!(
            toggle_column(&once, "asian").column.as_deref(),
            Some("asian")
        );
    }
}
