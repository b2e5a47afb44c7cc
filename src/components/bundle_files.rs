//! The bundle: the files found and what each is, and the cross-check's counts — the students
//! in users.csv, those with a demographics row and those without. Shown only for a bundle
//! (a zip, several files or a folder).

use crate::protocol::BundleDone;
use crate::state::Shared;
use crate::verdict::group;
use rostercheck_core::bundle::FileKind;
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct BundleFilesProps {
    /// What the bundle gave.
    pub bundle: Shared<BundleDone>,
}

/// What a person calls a kind of file.
fn kind_label(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Demographics => "demographics (checked)",
        FileKind::Users => "users (every student looked up here)",
        FileKind::Roles => "roles (who is a student)",
        FileKind::Manifest => "manifest (version and modes)",
        FileKind::OtherOneRoster => "other OneRoster file (kept as it is)",
        FileKind::NotOneRoster => "not OneRoster (kept as it is)",
    }
}

#[component]
pub fn BundleFiles(props: &BundleFilesProps) -> Html {
    let bundle = &props.bundle;
    let rows = bundle.files.iter().map(|file| {
        let rows = file.rows.map(group).unwrap_or_default();
        let label = if file.used || file.kind.canonical_name().is_none() {
            kind_label(file.kind).to_owned()
        } else {
            format!("a second {} file (not read)", file.kind.label())
        };
        let renamed = (crate::components::base_name(&file.name) != file.output_name)
            .then(|| format!(" → {}", file.output_name));
        html! {
            <tr>
                <th scope="row">{ rostercheck_core::visible(&file.name) }{ renamed.unwrap_or_default() }</th>
                <td>{ label }</td>
                <td class="num">{ rows }</td>
            </tr>
        }
    });
    let roster = bundle.roster.map(|roster| match (roster.students, roster.with_demographics) {
        (Some(students), Some(with)) => html! {
            <dl class="stats" data-testid="roster">
                <div><dt>{ "Students in users.csv" }</dt><dd data-testid="students">{ group(students) }</dd></div>
                <div><dt>{ "With a demographics row" }</dt><dd data-testid="with-demographics">{ group(with) }</dd></div>
                <div class="stat-warnings"><dt>{ "Without" }</dt><dd data-testid="without-demographics">{ group(students - with) }</dd></div>
            </dl>
        },
        _ => html! {
            <p class="hint" data-testid="roster">{ format!(
                "users.csv has {} users but says nothing of their roles (OneRoster 1.2 keeps them in roles.csv), so students are not counted.",
                group(roster.users)
            ) }</p>
        },
    });
    html! {
        <section class="bundle" aria-labelledby="bundle-title" data-testid="bundle">
            <h2 id="bundle-title">{ "The bundle" }</h2>
            { roster.unwrap_or_default() }
            <table class="files">
                <caption class="visually-hidden">{ "The files of the bundle" }</caption>
                <thead>
                    <tr><th scope="col">{ "File" }</th><th scope="col">{ "What it is" }</th><th scope="col">{ "Rows" }</th></tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        </section>
    }
}
