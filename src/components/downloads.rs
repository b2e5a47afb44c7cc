//! The downloads: the corrected file as `demographics.csv` (the name ClassLink wants), the
//! findings as CSV (safe to open in Excel) and the report as JSON in the CLI's shape.

use crate::hooks::{use_download, CheckerHandle, Download};
use crate::protocol::{Export, ExportKind};
use crate::state::{Body, CheckResult, Shared};
use yew::prelude::*;

/// Properties of [`Downloads`].
#[derive(Properties, PartialEq, Debug)]
pub struct DownloadsProps {
    /// The latest finished check.
    pub result: Shared<CheckResult>,
    /// The checked file's name.
    pub file_name: AttrValue,
    /// A re-check is running: the result is about to change.
    #[prop_or_default]
    pub busy: bool,
    /// The worker, which writes the report files (it holds the findings).
    pub checker: CheckerHandle,
}

/// The corrected file's name: always `demographics.csv`, the name ClassLink and OneRoster
/// give the file, whatever the export was called (`Student_Demo_Export (3).csv`).
pub const CORRECTED_NAME: &str = "demographics.csv";

/// The corrected bundle's name: the one Amplify's own OneRoster upload wants.
pub const BUNDLE_NAME: &str = "OneRoster.zip";

/// The list of students of users.csv without a demographics row.
pub const MISSING_NAME: &str = "students-without-demographics.csv";

/// The report files' names: `demographics.csv` → (`demographics-report.csv`,
/// `demographics-report.json`).
pub fn report_names(file_name: &str) -> (String, String) {
    let stem = match file_name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ if file_name.is_empty() => "demographics",
        _ => file_name,
    };
    (format!("{stem}-report.csv"), format!("{stem}-report.json"))
}

/// The download buttons.
#[component]
pub fn Downloads(props: &DownloadsProps) -> Html {
    let download = use_download();
    // The next steps in ClassLink follow a download of the corrected file or bundle.
    let downloaded = use_state(|| false);
    let name = props.file_name.to_string();
    let (csv_name, json_name) = report_names(&name);

    let corrected = {
        let download = download.clone();
        let result = props.result.clone();
        let downloaded = downloaded.clone();
        Callback::from(move |_: MouseEvent| {
            downloaded.set(true);
            download.emit(Download {
                name: CORRECTED_NAME.to_owned(),
                body: result.output.clone(),
                mime: "text/csv;charset=utf-8",
            })
        })
    };
    // The report files are written by the worker, which holds the findings, and downloaded
    // as the Blob it makes.
    let report_file = |kind: ExportKind, name: String, mime: &'static str| {
        let download = download.clone();
        let checker = props.checker.clone();
        let check = props.result.id;
        Callback::from(move |_: MouseEvent| {
            let download = download.clone();
            let name = name.clone();
            let done = Callback::from(move |blob: Option<web_sys::Blob>| {
                if let Some(blob) = blob {
                    download.emit(Download {
                        name: name.clone(),
                        body: Body::Blob(blob),
                        mime,
                    });
                }
            });
            checker.export(Export { check, kind }, done);
        })
    };
    let report_csv = report_file(ExportKind::Csv, csv_name, "text/csv;charset=utf-8");
    let report_json = report_file(ExportKind::Json, json_name, "application/json");
    let bundle_buttons = props.result.bundle.clone().map(|bundle| {
        let zip = {
            let download = download.clone();
            let bundle = bundle.clone();
            let downloaded = downloaded.clone();
            Callback::from(move |_: MouseEvent| {
                downloaded.set(true);
                if let Some(zip) = &bundle.zip_blob {
                    download.emit(Download {
                        name: BUNDLE_NAME.to_owned(),
                        body: Body::Blob(zip.clone()),
                        mime: "application/zip",
                    })
                }
            })
        };
        let missing = bundle.missing_blob.clone().map(|list| {
            let download = download.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                download.emit(Download {
                    name: MISSING_NAME.to_owned(),
                    body: Body::Blob(list.clone()),
                    mime: "text/csv;charset=utf-8",
                })
            });
            html! {
                <button type="button" class="button" {onclick} disabled={props.busy}>
                    { "Download the students without demographics" }
                </button>
            }
        });
        html! {
            <>
                <button type="button" class="button primary" onclick={zip} disabled={props.busy || bundle.zip_blob.is_none()}>
                    { "Download corrected bundle" }
                </button>
                { missing.unwrap_or_default() }
            </>
        }
    });
    let errors = props.result.report.totals.errors;
    html! {
        <section class="downloads" aria-labelledby="downloads-title">
            <h2 id="downloads-title">{ "Download" }</h2>
            <div class="download-actions">
                { bundle_buttons.unwrap_or_default() }
                <button type="button" class={classes!("button", props.result.bundle.is_none().then_some("primary"))} onclick={corrected} disabled={props.busy || props.result.output.is_empty()}>
                    { "Download corrected file" }
                </button>
                <button type="button" class="button" onclick={report_csv} disabled={props.busy}>
                    { "Download report" }
                </button>
                <button type="button" class="button" onclick={report_json} disabled={props.busy}>
                    { "Download report (JSON)" }
                </button>
            </div>
            <p class="hint">
                { format!("The corrected file is {CORRECTED_NAME} (the name ClassLink wants), UTF-8 and comma-separated, with every automatic fix and your changes applied.") }
                if errors > 0 {
                    { " It still has errors: fix or exclude those rows before you upload it." }
                }
                if props.result.bundle.is_some() {
                    { " The corrected bundle (OneRoster.zip) has the corrected demographics.csv and manifest.csv and every other file as it was, all at the root of the zip." }
                }
                { " The report (CSV for Excel, or JSON) lists every finding with its rule's source." }
            </p>
            if *downloaded {
                <super::NextSteps fields={super::fields_with_values(&props.result.report)} />
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn report_names_follow_the_file() {
        let cases = [
            ("demographics.csv", "demographics-report.csv"),
            ("a.b.csv", "a.b-report.csv"),
            ("noext", "noext-report.csv"),
            (".csv", ".csv-report.csv"),
            ("", "demographics-report.csv"),
        ];
        for (name, want) in cases {
            assert_eq!(super::report_names(name).0, want, "{name}");
        }
        assert_eq!(super::report_names("x.csv").1, "x-report.json");
    }
}
