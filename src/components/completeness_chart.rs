//! The completeness chart: for each of the 20 demographic categories, the share of students
//! with a value. SVG with the label and the percentage written out, so it reads without colour.

use crate::state::{CheckResult, Shared};
use crate::verdict::percent;
use rostercheck_core::{Column, Report};
use yew::prelude::*;

/// Properties of [`CompletenessChart`].
#[derive(Properties, PartialEq, Debug)]
pub struct CompletenessChartProps {
    /// The latest finished check.
    pub report: Shared<CheckResult>,
}

/// One category of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// A short label ("English learner").
    pub label: &'static str,
    /// The column name.
    pub column: &'static str,
    /// Share of corrected rows with a value; `None` when the column is not in the file.
    pub share: Option<f64>,
}

/// The chart's bars, in the article's order.
pub fn bars(report: &Report) -> Vec<Bar> {
    Column::demographic_categories()
        .map(|c| Bar {
            label: c.label(),
            column: c.name(),
            share: report.completeness(c.name()),
        })
        .collect()
}

const WIDTH: f64 = 320.0;
const ROW: f64 = 42.0;

/// The chart.
#[component]
pub fn CompletenessChart(props: &CompletenessChartProps) -> Html {
    let bars = bars(&props.report.report);
    let height = ROW * bars.len() as f64;
    let rows = bars.iter().enumerate().map(|(i, bar)| {
        let y = ROW * i as f64;
        let share_text = bar.share.map_or_else(|| "not in the file".to_owned(), percent);
        let fill = bar.share.unwrap_or(0.0) * WIDTH;
        html! {
            <g key={bar.column}>
                <title>{ format!("{} ({}): {}", bar.label, bar.column, share_text) }</title>
                <text x="0" y={(y + 14.0).to_string()} class="chart-label">{ bar.label }</text>
                <text x={WIDTH.to_string()} y={(y + 14.0).to_string()} text-anchor="end" class="chart-value">{ share_text.clone() }</text>
                <rect
                    x="0.5" y={(y + 20.5).to_string()} width={(WIDTH - 1.0).to_string()} height="12"
                    class={classes!("chart-track", bar.share.is_none().then_some("missing"))}
                />
                if fill > 0.0 {
                    <rect x="0.5" y={(y + 20.5).to_string()} width={(fill - 1.0).max(1.0).to_string()} height="12" class="chart-fill" />
                }
            </g>
        }
    });
    let table_rows = bars.iter().map(|bar| {
        html! {
            <tr key={bar.column}>
                <th scope="row">{ bar.label }</th>
                <td>{ bar.share.map_or_else(|| "not in the file".to_owned(), percent) }</td>
            </tr>
        }
    });
    html! {
        <figure class="completeness">
            <figcaption>
                <h3>{ "Completeness" }</h3>
                <p class="hint">{ "Share of students with a value, per demographic category. Amplify's reports are only as complete as this." }</p>
            </figcaption>
            <svg
                viewBox={format!("0 0 {WIDTH} {height}")}
                width="100%"
                preserveAspectRatio="xMinYMin meet"
                aria-hidden="true"
                focusable="false"
            >
                { for rows }
            </svg>
            <div class="visually-hidden">
                <table>
                    <caption>{ "Completeness per demographic category" }</caption>
                    <tbody>{ for table_rows }</tbody>
                </table>
            </div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_core::{check_and_fix, Date, Options};

    #[test]
    fn twenty_bars_with_missing_columns_marked() {
        let (report, _) = check_and_fix(
            b"sourcedId,sex,metadata.homeLanguage\n1,male,eng\n2,,\n",
            &Options::new(Date::new(2026, 11, 28).unwrap()),
        );
        let bars = bars(&report);
        assert_eq!(bars.len(), 20);
        let share = |column: &str| bars.iter().find(|b| b.column == column).unwrap().share;
        assert_eq!(share("sex"), Some(0.5));
        assert_eq!(share("metadata.homeLanguage"), Some(0.5));
        // A standard column is added (empty) by the fix; a metadata one is not in the file.
        assert_eq!(share("asian"), Some(0.0));
        assert_eq!(share("metadata.titleI"), None);
    }
}
