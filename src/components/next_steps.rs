//! "Next steps in ClassLink", shown after the corrected (or built) file is downloaded: the
//! article's Roster Server steps as a checklist, naming exactly the metadata fields to tick —
//! those the file holds values for.

use rostercheck_core::Report;
use yew::prelude::*;

/// Properties of [`NextSteps`].
#[derive(Properties, PartialEq, Debug)]
pub struct NextStepsProps {
    /// The metadata fields the downloaded file holds values for ([`fields_with_values`]).
    pub fields: Vec<String>,
}

/// The metadata columns of `report`'s file that hold at least one value, without their
/// `metadata.` prefix (as Roster Server lists them).
pub fn fields_with_values(report: &Report) -> Vec<String> {
    report
        .columns
        .iter()
        .zip(report.filled.iter().copied().chain(std::iter::repeat(0)))
        .filter(|(name, filled)| name.starts_with("metadata.") && *filled > 0)
        .map(|(name, _)| name.trim_start_matches("metadata.").to_owned())
        .collect()
}

#[component]
pub fn NextSteps(props: &NextStepsProps) -> Html {
    let fields = props.fields.clone();
    html! {
        <section class="next-steps" id="next-steps" aria-labelledby="next-steps-title">
            <h3 id="next-steps-title">{ "Next steps in ClassLink" }</h3>
            <ol>
                <li>{ "Upload demographics.csv to ClassLink Roster Server by SFTP, with the rest of your OneRoster files." }</li>
                <li>{ "In Roster Server, run a complete import (not a delta), so the metadata fields are ingested." }</li>
                <li>{ "From the Roster Server Dashboard: Apps › Amplify (More Actions) › DataGuard › Demographics › Enable Demographics." }</li>
                <li>
                    { "Scroll to Metadata Fields, check that Metadata is enabled, and tick " }
                    if fields.is_empty() {
                        { "no field: this file has no metadata values (build them from your SIS lists above)." }
                    } else {
                        { "exactly these fields, the ones this file holds values for:" }
                        <ul id="next-steps-fields">
                            { for fields.into_iter().map(|f| html! { <li><code>{ f }</code></li> }) }
                        </ul>
                    }
                </li>
                <li>{ "Click Save. Amplify gets the demographics at Roster Server's next sync." }</li>
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_core::{check_and_fix, Date, Options};

    #[test]
    fn only_metadata_fields_with_a_value_are_named() {
        let input = b"sourcedId,sex,metadata.englishLearnerStatus,metadata.titleI\n1,M,Y,\n";
        let (report, _) = check_and_fix(input, &Options::new(Date::new(2026, 12, 3).unwrap()));
        assert_eq!(fields_with_values(&report), ["englishLearnerStatus"]);
    }
}
