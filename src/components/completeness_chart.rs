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

/// The chart: one row per category with the label and the percentage in words and an SVG bar
/// (a dashed empty bar when the column is not in the file). Rows flow into columns on wide
/// screens.
#[component]
pub fn CompletenessChart(props: &CompletenessChartProps) -> Html {
    let bars = bars(&props.report.report);
    let items = bars.iter().map(|bar| {
        let share_text = bar.share.map_or_else(|| "not in the file".to_owned(), percent);
        let fill = bar.share.unwrap_or(0.0) * 100.0;
        html! {
            <li key={bar.column} title={bar.column}>
                <span class="chart-label">{ bar.label }</span>
                <span class="chart-value">{ share_text }</span>
                <svg class="chart-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                    <rect
                        x="0" y="0" width="100" height="10"
                        class={classes!("chart-track", bar.share.is_none().then_some("missing"))}
                        vector-effect="non-scaling-stroke"
                    />
                    if fill > 0.0 {
                        <rect x="0" y="0" width={format!("{fill:.2}")} height="10" class="chart-fill" />
                    }
                </svg>
            </li>
        }
    });
    html! {
        <figure class="completeness" aria-labelledby="completeness-title">
            <figcaption>
                <h3 id="completeness-title">{ "Completeness" }</h3>
                <p class="hint">{ "Share of students with a value, per demographic category. Amplify's reports are only as complete as this." }</p>
            </figcaption>
            <ul class="chart">{ for items }</ul>
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
