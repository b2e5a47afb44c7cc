//! The builder's side of the worker: keeps the files of a build (read once, workbooks made CSV
//! by the core's reader) and answers each change of the recipe with a plan, and the build.
//! Plain Rust, tested natively; `worker.rs` wires it to the messages.

use rostercheck_core::build::{build, complete, suggest, Recipe, Role, Sources, TableError};
use rostercheck_core::workbook::{self, looks_like_workbook};
use rostercheck_core::Date;
use rostercheck_web::protocol::{BuildReply, BuildRequest};
use std::cell::RefCell;

thread_local! {
    /// The files of the build under way, kept between requests.
    static OPEN: RefCell<Option<(Sources, Vec<(String, Role)>)>> = const { RefCell::new(None) };
}

fn date((y, m, d): (i32, u32, u32)) -> Date {
    Date::new(y, m, d).unwrap_or_else(|| Date::from_unix_days(0))
}

/// Reads the files of a build: each workbook into its sheet's CSV, each file used as its
/// header says.
pub fn open(files: Vec<(String, Vec<u8>)>) -> Result<(Sources, Vec<(String, Role)>), String> {
    let mut sources = Sources::default();
    let mut roles = Vec::new();
    for (name, bytes) in files {
        let tail = &bytes[bytes.len().saturating_sub(workbook::SNIFF_BYTES)..];
        let head = &bytes[..bytes.len().min(workbook::SNIFF_BYTES)];
        let csv = if looks_like_workbook(&name, head, tail) {
            match workbook::read(&bytes, &name, None) {
                Ok(converted) => converted.csv,
                Err(unread) if !unread.choices.is_empty() => {
                    return Err(format!(
                        "{name} has several sheets that could be the list ({}): save the one \
                         to use as CSV, or keep only it in the workbook.",
                        unread.choices.join(", ")
                    ))
                }
                Err(unread) => return Err(format!("{name}: {}", unread.finding.message)),
            }
        } else {
            bytes
        };
        let role = sources.add_file(&name, &csv).map_err(|error| match error {
            TableError::NotText => format!("{name} is not a CSV file or a workbook."),
            TableError::TooLarge => format!("{name} holds more than 4 GB of text."),
        })?;
        roles.push((name, role));
    }
    if sources.users.is_none() && sources.demographics.is_none() {
        return Err(
            "Add users.csv (or demographics.csv) to the lists: it tells which students \
                    there are and how the lists' student numbers reach them."
                .into(),
        );
    }
    if sources.lists.is_empty() {
        return Err(
            "No list to fill from: add the SIS lists (an English learner list, the meal \
                    list, race…) beside users.csv."
                .into(),
        );
    }
    Ok((sources, roles))
}

/// Answers one request (`files`: the files posted with an `Open`).
pub fn answer(request: BuildRequest, files: Vec<(String, Vec<u8>)>) -> BuildReply {
    match request {
        BuildRequest::Open {
            id, today, recipe, ..
        } => {
            let recipe = match recipe.as_deref().map(Recipe::from_json).transpose() {
                Ok(recipe) => recipe,
                Err(message) => return BuildReply::Failed { id, message },
            };
            match open(files) {
                Ok((sources, roles)) => {
                    let recipe = recipe.unwrap_or_else(|| suggest(&sources, date(today)));
                    let reply = planned(id, &sources, &roles, recipe, date(today));
                    OPEN.with(|open| *open.borrow_mut() = Some((sources, roles)));
                    reply
                }
                Err(message) => BuildReply::Failed { id, message },
            }
        }
        BuildRequest::Plan { recipe, id, .. } | BuildRequest::Build { recipe, id, .. }
            if recipe.check().is_err() =>
        {
            let message = recipe.check().err().unwrap_or_default();
            BuildReply::Failed { id, message }
        }
        BuildRequest::Plan { id, today, recipe } => with_open(id, |sources, roles| {
            planned(id, sources, roles, recipe, date(today))
        }),
        BuildRequest::Build { id, today, recipe } => with_open(id, |sources, _| {
            match build(sources, &recipe, date(today)) {
                Ok(built) => BuildReply::Built {
                    id,
                    csv: built.csv,
                    summary: Box::new(built.summary),
                    leftovers: built.leftovers,
                },
                Err(error) => BuildReply::Failed {
                    id,
                    message: error.to_string(),
                },
            }
        }),
    }
}

fn planned(
    id: u64,
    sources: &Sources,
    roles: &[(String, Role)],
    recipe: Recipe,
    today: Date,
) -> BuildReply {
    let (recipe, plan) = complete(sources, recipe, today);
    BuildReply::Planned {
        id,
        files: roles.to_vec(),
        plan: Box::new(plan),
        recipe,
    }
}

fn with_open(id: u64, then: impl FnOnce(&Sources, &[(String, Role)]) -> BuildReply) -> BuildReply {
    OPEN.with(|open| match open.borrow().as_ref() {
        Some((sources, roles)) => then(sources, roles),
        None => BuildReply::Failed {
            id,
            message: "The files of the build are gone; choose them again.".into(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> (String, Vec<u8>) {
        let path = format!("{}/../../fixtures/build/{name}", env!("CARGO_MANIFEST_DIR"));
        (name.to_owned(), std::fs::read(path).expect("fixture"))
    }

    const TODAY: (i32, u32, u32) = (2026, 12, 3);

    #[test]
    fn the_recipe_builds_what_the_command_line_builds() {
        let recipe = String::from_utf8(file("recipe.json").1).unwrap();
        let names = [
            "users.csv",
            "demographics.csv",
            "el.csv",
            "lunch.csv",
            "race.csv",
            "fram.csv",
        ];
        let files: Vec<_> = names.iter().map(|n| file(n)).collect();
        let open = BuildRequest::Open {
            id: 1,
            today: TODAY,
            names: names.iter().map(|n| n.to_string()).collect(),
            recipe: Some(recipe),
        };
        let BuildReply::Planned {
            files,
            plan,
            recipe,
            ..
        } = answer(open, files)
        else {
            panic!("not planned");
        };
        assert_eq!(files[0].1, Role::Users);
        assert_eq!(files[1].1, Role::Demographics);
        assert_eq!(files[2].1, Role::List);
        assert!(plan.questions.is_empty(), "{:?}", plan.questions);
        let BuildReply::Built { csv, leftovers, .. } = answer(
            BuildRequest::Build {
                id: 2,
                today: TODAY,
                recipe,
            },
            Vec::new(),
        ) else {
            panic!("not built");
        };
        let options = rostercheck_core::Options::new(date(TODAY));
        let (_, corrected) = rostercheck_core::check_and_fix(&csv, &options);
        assert_eq!(corrected, file("built.csv").1);
        assert_eq!(leftovers, file("leftovers.csv").1);
    }

    #[test]
    fn a_workbook_list_is_read_and_missing_users_is_said() {
        let reply = answer(
            BuildRequest::Open {
                id: 3,
                today: TODAY,
                names: Vec::new(),
                recipe: None,
            },
            vec![file("users.csv"), file("el.xlsx")],
        );
        let BuildReply::Planned { plan, .. } = reply else {
            panic!("{reply:?}")
        };
        assert_eq!(plan.lists[0].matched, 36);
        let reply = answer(
            BuildRequest::Open {
                id: 4,
                today: TODAY,
                names: Vec::new(),
                recipe: None,
            },
            vec![file("el.csv")],
        );
        let BuildReply::Failed { message, .. } = reply else {
            panic!("{reply:?}")
        };
        assert!(message.contains("Add users.csv"), "{message}");
    }
}
