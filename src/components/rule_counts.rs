//! Counts per rule; each rule filters the findings.

use super::focus;
use crate::filters::Filter;
use crate::state::{Action, CheckResult, Shared};
use crate::verdict::group;
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
    let rows = props.report.report.by_code.iter().map(|(code, totals)| {
        let code = *code;
        let pressed = props.filter.code == Some(code);
        let onclick = {
            let dispatch = props.dispatch.clone();
            let next = toggle_code(&props.filter, code);
            Callback::from(move |_: MouseEvent| {
                dispatch.emit(Action::SetFilter(next.clone()));
                focus("findings");
            })
        };
        html! {
            <tr key={code.as_str()}>
                <th scope="row">
                    <button type="button" class="link" aria-pressed={pressed.to_string()} title={code.source()} {onclick}>
                        { code.as_str() }
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
        <div class="counts rule-counts">
            <h3 id="rules-title">{ "By rule" }</h3>
            <div class="table-scroll">
                <table aria-labelledby="rules-title">
                    <thead>
                        <tr>
                            <th scope="col">{ "Rule" }</th>
                            <th scope="col" class="num">{ "Errors" }</th>
                            <th scope="col" class="num">{ "Warnings" }</th>
                            <th scope="col" class="num">{ "Info" }</th>
                            <th scope="col" class="num">{ "Fixed" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <p class="hint">{ "Press a rule to list only its findings; press it again to list all." }</p>
        </div>
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
