//! The summary: the verdict in plain words and the counts, announced to screen readers.
//! It carries the test hooks `data-testid="report"`, `data-state`, `data-rows`, `data-errors`,
//! `data-warnings` and `data-fixes`, and `data-check` (the id of the check shown, which grows
//! with every check, so a test can wait for the check that follows its action); and for the
//! browser benchmark `data-worker-memory` and `data-page-memory` (each WebAssembly memory's
//! size, in bytes).

use crate::state::{CheckResult, Phase, Shared};
use crate::verdict::{group, Tone};
use yew::prelude::*;

/// Properties of [`Summary`].
#[derive(Properties, PartialEq, Debug)]
pub struct SummaryProps {
    /// Where the page is.
    pub phase: Phase,
    /// The file's name.
    pub file_name: AttrValue,
    /// The latest finished check.
    pub result: Option<Shared<CheckResult>>,
}

/// The size of the page's WebAssembly memory, in bytes (0 natively), for the benchmark.
fn page_memory() -> u64 {
    use wasm_bindgen::JsCast;
    if !cfg!(target_arch = "wasm32") {
        return 0;
    }
    (wasm_bindgen::memory().dyn_into::<js_sys::WebAssembly::Memory>()).map_or(0, |memory| {
        let buffer: js_sys::ArrayBuffer = memory.buffer().unchecked_into();
        buffer.byte_length() as u64
    })
}

/// The summary.
#[component]
pub fn Summary(props: &SummaryProps) -> Html {
    let totals = props
        .result
        .as_ref()
        .map(|r| (r.report.rows, r.report.totals))
        .unwrap_or_default();
    let (rows, t) = totals;
    let body = match (&props.phase, &props.result) {
        (Phase::Idle, _) => html! {
            <p>{ "No file checked yet. Choose your demographics.csv, or try the sample." }</p>
        },
        (Phase::Working { .. }, None) => html! {
            <p>{ format!("Checking {}…", props.file_name) }</p>
        },
        (Phase::Failed { message }, _) => html! {
            <div class="verdict bad">
                <p class="headline">
                    <span class="icon" aria-hidden="true">{ "✖" }</span>
                    <strong>{ format!("{} cannot be checked. ", props.file_name) }</strong>
                </p>
                <p class="failure" data-testid="failure">{ message.clone() }</p>
            </div>
        },
        (Phase::Working { .. } | Phase::Done, Some(result)) => {
            let v = result.digest.verdict.clone();
            let (class, icon, word) = match v.tone {
                Tone::Good => ("good", "✔", "Ready:"),
                Tone::Bad => ("bad", "✖", "Not ready:"),
            };
            html! {
                <div class={classes!("verdict", class)}>
                    <p class="headline">
                        <span class="icon" aria-hidden="true">{ icon }</span>
                        <strong>{ word }</strong>{ " " }{ v.headline }
                    </p>
                    <p class="detail">{ v.detail }</p>
                    <dl class="stats">
                        <div><dt>{ "Rows" }</dt><dd>{ group(rows) }</dd></div>
                        <div class="stat-errors"><dt>{ "Errors" }</dt><dd>{ group(t.errors) }</dd></div>
                        <div class="stat-warnings"><dt>{ "Warnings" }</dt><dd>{ group(t.warnings) }</dd></div>
                        <div><dt>{ "Fixed automatically" }</dt><dd>{ group(t.fixes) }</dd></div>
                    </dl>
                    if result.report.truncated {
                        <p class="hint">{ format!(
                            "The table lists the first {} findings; the counts cover all of them.",
                            group(result.report.findings.len() as u64)
                        ) }</p>
                    }
                    <p class="hint">{ format!(
                        "{}: {}, {}. Checked in {:.2} s.",
                        props.file_name,
                        result.report.encoding,
                        match result.report.delimiter { ',' => "comma-separated", ';' => "semicolon-separated", _ => "tab-separated" },
                        result.elapsed_ms / 1000.0
                    ) }</p>
                </div>
            }
        }
        (Phase::Done, None) => html! {},
    };
    html! {
        <section
            class="summary"
            aria-labelledby="summary-title"
            aria-live="polite"
            aria-busy={matches!(props.phase, Phase::Working { .. }).to_string()}
            data-testid="report"
            data-state={props.phase.name()}
            data-rows={rows.to_string()}
            data-errors={t.errors.to_string()}
            data-warnings={t.warnings.to_string()}
            data-fixes={t.fixes.to_string()}
            data-check={props.result.as_ref().map_or(0, |r| r.id).to_string()}
            data-worker-memory={props.result.as_ref().map_or(0, |r| r.digest.memory).to_string()}
            data-page-memory={page_memory().to_string()}
        >
            <h2 id="summary-title">{ "Summary" }</h2>
            { body }
        </section>
    }
}
