//! Counts per column; each column filters the findings.

use super::counts_table::{CountRow, CountsTable};
use super::filter_on_press;
use crate::filters::Filter;
use crate::state::{Action, CheckResult, Shared};
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
    let columns = crate::filters::columns_with_findings(report);
    let rows: Vec<CountRow> = columns
        .into_iter()
        .map(|column| {
            let label = html! {
                { for break_points(column).into_iter().enumerate().map(|(i, part)| html! {
                    <>{ if i > 0 { html! { <wbr /> } } else { html! {} } }{ part }</>
                }) }
            };
            CountRow {
                key: column.clone(),
                label,
                title: None,
                totals: report.by_column[column],
                pressed: props.filter.column.as_deref() == Some(column.as_str()),
                onclick: filter_on_press(&props.dispatch, toggle_column(&props.filter, column)),
            }
        })
        .collect();
    html! {
        <CountsTable class="column-counts" title_id="columns-title" title="By column" item="Column" {rows} />
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
