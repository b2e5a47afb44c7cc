//! Counts per rule; each rule filters the findings.

use super::counts_table::{CountRow, CountsTable};
use super::filter_on_press;
use crate::filters::Filter;
use crate::state::{Action, CheckResult, Shared};
use rostercheck_core::Code;
use yew::prelude::*;

/// Properties of [`RuleCounts`].
#[derive(Properties, PartialEq, Debug)]
pub struct RuleCountsProps {
    /// The latest finished check.
    pub report: Shared<CheckResult>,
    /// The current filter (the active rule is marked pressed).
    pub filter: Filter,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// The filter after pressing `code`: only that rule, or all rules again if it was the one.
pub fn toggle_code(filter: &Filter, code: Code) -> Filter {
    Filter {
        code: (filter.code != Some(code)).then_some(code),
        ..filter.clone()
    }
}

/// Counts per rule, in rule-book order.
#[component]
pub fn RuleCounts(props: &RuleCountsProps) -> Html {
    let rows: Vec<CountRow> = props
        .report
        .report
        .by_code
        .iter()
        .map(|(code, totals)| {
            let code = *code;
            let next = toggle_code(&props.filter, code);
            CountRow {
                key: code.as_str().to_owned(),
                label: html! { code.as_str() },
                title: Some(code.source()),
                totals: *totals,
                pressed: props.filter.code == Some(code),
                onclick: filter_on_press(&props.dispatch, next),
            }
        })
        .collect();
    html! {
        <CountsTable
            class="rule-counts"
            title_id="rules-title"
            title="By rule"
            item="Rule"
            {rows}
            hint={Some("Press a rule to list only its findings; press it again to list all.")}
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pressing_a_rule_twice_clears_it() {
        let filter = Filter {
            unfixed_only: true,
            ..Filter::default()
        };
        let once = toggle_code(&filter, Code::InvalidSex);
        assert_eq!(once.code, Some(Code::InvalidSex));
        assert!(once.unfixed_only);
        let other = toggle_code(&once, Code::Bom);
        assert_eq!(other.code, Some(Code::Bom));
        assert_eq!(toggle_code(&other, Code::Bom).code, None);
    }
}
