//! The builder on generated SIS lists with known truth, in the families of SIS-EXPORTS.md,
//! joined directly and through users.csv `identifier`, `username` and `userIds`: every value
//! lands on its student; unmatched, conflicting and missing rows are counted exactly; nothing
//! is guessed that has more than one meaning.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::sis::*;
use common::*;
use rostercheck_core::build::{build, plan, suggest, BuildError, Recipe, Sources, Table};
use rostercheck_core::{check_and_fix, Options, Severity};
use std::collections::HashMap;

const STUDENTS: usize = 400;

fn list(name: &str, text: &str) -> Table {
    Sources::read_table(name, text.as_bytes()).unwrap()
}

fn sources(students: &[Truth], demographics: bool, lists: Vec<Table>) -> Sources {
    Sources {
        demographics: demographics.then(|| {
            Sources::read_table("demographics.csv", demographics_csv(students).as_bytes()).unwrap()
        }),
        users: Some(Sources::read_users("users.csv", users_csv(students).as_bytes()).unwrap()),
        lists,
    }
}

/// The built file, through the normal check, as `sourcedId` → column → value.
fn built_values(bytes: &[u8]) -> HashMap<String, HashMap<String, String>> {
    let (report, corrected) = check_and_fix(bytes, &Options::new(today()));
    assert_eq!(report.totals.errors, 0, "{:?}", errors(&report));
    let mut reader = csv::Reader::from_reader(&corrected[..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let row: HashMap<String, String> = header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect();
            (row["sourcedId"].clone(), row)
        })
        .collect()
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "No"
    }
}

fn flag(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// Answers every open code of `recipe` with `answer(to, code)`.
fn answer(sources: &Sources, recipe: &mut Recipe, answer: impl Fn(&str, &str) -> &'static str) {
    let plan = plan(sources, recipe, today());
    for (l, list) in plan.lists.iter().enumerate() {
        let entry = &mut recipe.lists[list.entry.unwrap()];
        assert_eq!(entry.fill.len(), list.fills.len(), "{l}");
        for (fill, planned) in entry.fill.iter_mut().zip(&list.fills) {
            for code in planned.codes.iter().filter(|c| c.answer.is_none()) {
                fill.values
                    .insert(code.code.clone(), answer(&fill.to, &code.code).to_owned());
            }
        }
    }
}

#[test]
fn unambiguous_lists_build_from_users_alone_with_no_question() {
    let students = district(STUDENTS, 1);
    let s = sources(
        &students,
        false,
        vec![
            list("clever_students.csv", &clever(&students)),
            list("skyward.csv", &skyward(&students)),
            list("fram.csv", &infinite_campus_fram(&students, false)),
            list("race.csv", &powerschool_race(&students)),
        ],
    );
    let recipe = suggest(&s, today());
    let keys: Vec<(&str, &str)> = recipe
        .lists
        .iter()
        .map(|l| (l.key.column.as_str(), l.key.via.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("State_id", "userIds:Fed"),
            ("username", "username"),
            // studentNumber is the local number too: the first column wins a tie.
            ("studentNumber", "identifier"),
            ("Student_Number", "identifier"),
        ]
    );
    let plan = plan(&s, &recipe, today());
    assert_eq!(plan.questions, [], "every code has one sensible answer");
    assert_eq!(plan.students, STUDENTS, "teachers are not students");
    let fram = &plan.lists[2];
    assert_eq!(fram.matched, fram.rows - 1, "one unknown state ID");
    let built = build(&s, &recipe, today()).unwrap();
    let values = built_values(&built.csv);
    assert_eq!(values.len(), STUDENTS);
    for (i, t) in students.iter().enumerate() {
        let row = &values[&t.sourced_id];
        let lep = if i % 17 == 3 {
            ""
        } else {
            yes_no(t.english_learner)
        };
        assert_eq!(row["metadata.englishLearnerStatus"], lep, "{i}");
        let sped = if i % 17 == 3 {
            ""
        } else {
            yes_no(t.special_ed)
        };
        assert_eq!(row["metadata.ideaIndicator"], sped, "{i}");
        let meals = if i % 13 == 3 {
            ""
        } else {
            ["Free", "ReducedPrice", "FullPrice"][t.meals as usize]
        };
        assert_eq!(
            row["metadata.eligibilityStatusForSchoolFoodServicePrograms"], meals,
            "{i}: a missing row gives a blank"
        );
        assert_eq!(row["metadata.homeLanguage"], LANGUAGES[t.language].1);
        assert_eq!(row["hispanicOrLatinoEthnicity"], flag(t.hispanic));
        assert_eq!(row["sex"], if t.female { "female" } else { "male" });
        for (r, (_, column)) in RACES.iter().enumerate() {
            assert_eq!(row[*column], flag(t.races.contains(&r)), "{i} {column}");
        }
        assert_eq!(
            row["demographicRaceTwoOrMoreRaces"],
            flag(t.races.len() > 1)
        );
    }
    let summary = &built.summary;
    assert_eq!(summary.conflicts, 0);
    let without: Vec<usize> = summary
        .lists
        .iter()
        .map(|l| l.students_without_row)
        .collect();
    let gap = |n: usize| (0..STUDENTS).filter(|i| i % n == 3).count();
    assert_eq!(without, [0, gap(17), gap(13), 0]);
    let unmatched: Vec<usize> = summary.lists.iter().map(|l| l.unmatched_rows).collect();
    assert_eq!(unmatched, [0, 0, 1, 0]);
}

#[test]
fn codes_with_more_than_one_meaning_are_asked_and_then_applied() {
    let students = district(STUDENTS, 2);
    let s = sources(
        &students,
        true,
        vec![
            list("el.csv", &powerschool_el(&students)),
            list("lunch.csv", &powerschool_lunch(&students)),
            list("aeries.csv", &aeries(&students)),
        ],
    );
    let mut recipe = suggest(&s, today());
    assert_eq!(
        recipe.lists[0].key.via, "identifier",
        "zeros gone, still found"
    );
    assert_eq!(recipe.lists[2].key.column, "STU.ID");
    assert_eq!(recipe.lists[2].key.via, "sourcedId");
    assert_eq!(
        recipe.lists[2].fill[0].from.len(),
        5,
        "RC1–RC5 are one race fill"
    );
    let questions = plan(&s, &recipe, today()).questions;
    let mut asked: Vec<(String, String)> = questions
        .iter()
        .map(|q| (q.to.clone().unwrap(), q.code.clone().unwrap()))
        .collect();
    asked.sort();
    let meals = "metadata.eligibilityStatusForSchoolFoodServicePrograms";
    let mut want: Vec<(String, String)> = ["F", "FDC", "P", "R"]
        .iter()
        .map(|c| (meals.to_owned(), (*c).to_owned()))
        .chain(
            NUMERIC_RACES
                .iter()
                .map(|c| ("race".to_owned(), (*c).to_owned())),
        )
        .collect();
    want.sort();
    assert_eq!(
        asked, want,
        "one-letter meal codes and numeric races are the person's"
    );
    match build(&s, &recipe, today()) {
        Err(BuildError::Unanswered(left)) => assert_eq!(left.len(), want.len()),
        other => panic!("built with questions open: {other:?}"),
    }
    answer(&s, &mut recipe, |to, code| match (to, code) {
        ("race", code) => RACES[NUMERIC_RACES.iter().position(|c| *c == code).unwrap()].1,
        (_, "F" | "FDC") => "Free",
        (_, "R") => "ReducedPrice",
        (_, "P") => "FullPrice",
        _ => unreachable!(),
    });
    // The recipe survives a trip through its file.
    let recipe = Recipe::from_json(&recipe.to_json()).unwrap();
    let built = build(&s, &recipe, today()).unwrap();
    let values = built_values(&built.csv);
    for (i, t) in students.iter().enumerate() {
        let row = &values[&t.sourced_id];
        let lep = if i % 11 == 3 {
            ""
        } else {
            yes_no(t.english_learner)
        };
        assert_eq!(row["metadata.englishLearnerStatus"], lep, "{i}");
        assert_eq!(
            row[meals],
            ["Free", "ReducedPrice", "FullPrice"][t.meals as usize]
        );
        for (r, (_, column)) in RACES.iter().enumerate() {
            assert_eq!(row[*column], flag(t.races.contains(&r)), "{i} {column}");
        }
        assert_eq!(row["sex"], if t.female { "female" } else { "male" }, "kept");
        assert_eq!(row["hispanicOrLatinoEthnicity"], "", "no list says");
    }
    let el = &built.summary.lists[0];
    assert_eq!(
        (el.unmatched_rows, el.students_without_row),
        (2, (0..STUDENTS).filter(|i| i % 11 == 3).count())
    );
    let leftovers = String::from_utf8(built.leftovers).unwrap();
    assert!(leftovers.starts_with("\u{feff}problem,list,row,key,sourcedId,column,values\r\n"));
    assert!(leftovers.contains("no-student,el.csv,"), "{leftovers}");
    assert!(leftovers.contains(",999998,"));
}

#[test]
fn two_rows_that_disagree_leave_the_value_blank_and_are_listed() {
    let students = district(60, 3);
    let s = sources(
        &students,
        true,
        vec![list("fram.csv", &infinite_campus_fram(&students, true))],
    );
    let recipe = suggest(&s, today());
    let built = build(&s, &recipe, today()).unwrap();
    assert_eq!(built.summary.conflicts, 1);
    let values = built_values(&built.csv);
    let five = &students[5].sourced_id;
    assert_eq!(
        values[five]["metadata.eligibilityStatusForSchoolFoodServicePrograms"],
        ""
    );
    let leftovers = String::from_utf8(built.leftovers).unwrap();
    let conflict = leftovers
        .lines()
        .find(|l| l.starts_with("conflict"))
        .unwrap();
    assert!(conflict.contains(five), "{conflict}");
}

#[test]
fn a_value_demographics_csv_already_has_is_kept_when_a_list_disagrees() {
    let students = district(30, 4);
    let mut clever_rows = clever(&students);
    // The list says the first student is male; demographics.csv says otherwise.
    let first = students[0].state_id.clone();
    let flipped = if students[0].female { ",M\n" } else { ",F\n" };
    clever_rows = clever_rows
        .lines()
        .map(|l| {
            if l.contains(&first) {
                format!("{}{}", &l[..l.len() - 2], flipped)
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let s = sources(&students, true, vec![list("clever.csv", &clever_rows)]);
    let built = build(&s, &suggest(&s, today()), today()).unwrap();
    assert_eq!(built.summary.conflicts, 1);
    let values = built_values(&built.csv);
    let sex = if students[0].female { "female" } else { "male" };
    assert_eq!(values[&students[0].sourced_id]["sex"], sex);
}

#[test]
fn a_recipe_finds_next_months_lists_by_their_columns_and_refuses_new_codes() {
    let students = district(80, 5);
    let lists = || {
        vec![
            list("race.csv", &powerschool_race(&students)),
            list("sky.csv", &skyward(&students)),
        ]
    };
    let s = sources(&students, false, lists());
    let recipe = suggest(&s, today());
    // Next month: the same lists in another order, one with a new code.
    let mut next = lists();
    next.reverse();
    let mut text = skyward(&students);
    text.push_str("STU1003,Maybe,N\n");
    next[0] = list("sky-december.csv", &text);
    let s = sources(&students, false, next);
    match build(&s, &recipe, today()) {
        Err(BuildError::Unanswered(q)) => {
            assert_eq!(q.len(), 1);
            assert_eq!(q[0].code.as_deref(), Some("Maybe"));
        }
        other => panic!("{other:?}"),
    }
    let unknown = sources(&students, false, vec![list("other.csv", "a,b\n1,2\n")]);
    let error = build(&unknown, &recipe, today()).unwrap_err();
    assert!(
        error.to_string().contains("other.csv is not in the recipe"),
        "{error}"
    );
}

#[test]
fn warnings_of_the_built_file_are_the_checks_own() {
    // A built file goes through the normal check: a demographics.csv with nothing but IDs
    // gets its missing columns added (info), not errors.
    let students = district(10, 6);
    let s = sources(&students, false, vec![list("sky.csv", &skyward(&students))]);
    let built = build(&s, &suggest(&s, today()), today()).unwrap();
    let (report, _) = check_and_fix(&built.csv, &Options::new(today()));
    assert!(
        report.findings.iter().all(|f| f.severity == Severity::Info),
        "{:?}",
        report.findings
    );
}

#[test]
fn a_column_mapped_by_hand_gets_its_sensible_codes_answered() {
    use rostercheck_core::build::{complete, Fill};
    let students = district(20, 7);
    let s = sources(&students, false, vec![list("sky.csv", &skyward(&students))]);
    let mut recipe = suggest(&s, today());
    // The person maps SpEdStatus to the IEP status instead.
    recipe.lists[0].fill.retain(|f| f.from != ["SpEdStatus"]);
    recipe.lists[0].fill.push(Fill {
        from: vec!["SpEdStatus".into()],
        to: "metadata.iepStatus".into(),
        values: Default::default(),
    });
    assert_eq!(
        plan(&s, &recipe, today()).questions.len(),
        2,
        "Y and N, not yet written in"
    );
    let (completed, planned) = complete(&s, recipe, today());
    assert_eq!(planned.questions, []);
    let iep = completed.lists[0]
        .fill
        .iter()
        .find(|f| f.to == "metadata.iepStatus")
        .unwrap();
    assert_eq!(iep.values["Y"], "Yes");
}

/// The built file of `lists` (with users.csv of `students` and, when given, `demographics`),
/// through the check, by the suggested recipe.
fn built_with(
    students: &[Truth],
    demographics: Option<&str>,
    lists: Vec<Table>,
) -> (HashMap<String, HashMap<String, String>>, String) {
    let s = Sources {
        demographics: demographics
            .map(|d| Sources::read_table("demographics.csv", d.as_bytes()).unwrap()),
        users: Some(Sources::read_users("users.csv", users_csv(students).as_bytes()).unwrap()),
        lists,
    };
    let built = build(&s, &suggest(&s, today()), today()).unwrap();
    (
        built_values(&built.csv),
        String::from_utf8(built.leftovers).unwrap(),
    )
}

#[test]
fn race_codes_are_one_set_across_lists_and_a_two_or_more_code_names_no_other_race() {
    let students = district(3, 8);
    let (a, b, c) = (
        &students[0].number,
        &students[1].number,
        &students[2].number,
    );
    let first = list(
        "race1.csv",
        &format!("Student_Number,Race\n{a},W\n{b},M\n{c},M\n{c},A\n"),
    );
    let second = list("race2.csv", &format!("Student_Number,Race\n{a},A\n"));
    let (values, _) = built_with(&students, None, vec![first, second]);
    let row = |i: usize| &values[&students[i].sourced_id];
    // W from one list, A from another: two races.
    assert_eq!(
        (row(0)["white"].as_str(), row(0)["asian"].as_str()),
        ("true", "true")
    );
    assert_eq!(row(0)["blackOrAfricanAmerican"], "false");
    assert_eq!(row(0)["demographicRaceTwoOrMoreRaces"], "true");
    // M alone: two or more, and which races is unknown: blank, never false.
    assert_eq!(row(1)["demographicRaceTwoOrMoreRaces"], "true");
    assert_eq!(
        (row(1)["white"].as_str(), row(1)["asian"].as_str()),
        ("", "")
    );
    // M and A: Asian, the others unknown.
    assert_eq!(
        (row(2)["asian"].as_str(), row(2)["white"].as_str()),
        ("true", "")
    );
}

#[test]
fn race_flags_demographics_csv_has_stay_all_together() {
    let students = district(2, 9);
    let mut demographics = String::from("sourcedId,white\n");
    demographics.push_str(&format!(
        "{},true\n{},\n",
        students[0].sourced_id, students[1].sourced_id
    ));
    let races = list(
        "race.csv",
        &format!(
            "Student_Number,Race\n{},A\n{},A\n",
            students[0].number, students[1].number
        ),
    );
    let (values, leftovers) = built_with(&students, Some(&demographics), vec![races]);
    let first = &values[&students[0].sourced_id];
    assert_eq!(
        (first["white"].as_str(), first["asian"].as_str()),
        ("true", ""),
        "none of the list's flags"
    );
    assert_eq!(values[&students[1].sourced_id]["asian"], "true");
    assert!(
        leftovers.contains(&format!("conflict,,,,{},white,", students[0].sourced_id)),
        "{leftovers}"
    );
}

#[test]
fn the_suggested_key_reaches_the_most_students_not_the_most_rows() {
    // School numbers 20000 and 20007 are also two students' sourcedIds without their S.
    let students = district(30, 10);
    let mut text = String::from("SchoolID,Student_Number,LEP\n");
    for (i, s) in students.iter().enumerate() {
        text.push_str(&format!(
            "{},{},Y\n",
            if i % 2 == 0 { "S20000" } else { "S20007" },
            s.number
        ));
    }
    let s = sources(&students, false, vec![list("el.csv", &text)]);
    let recipe = suggest(&s, today());
    assert_eq!(recipe.lists[0].key.column, "Student_Number");
}

#[test]
fn conflicts_name_the_list_each_value_came_from_and_rows_count_blank_lines() {
    let students = district(2, 11);
    let n = &students[0].number;
    let one = list("el1.csv", &format!("Student_Number,LEP_Status\n{n},Y\n"));
    let two = list(
        "el2.csv",
        &format!("Student_Number,LEP_Status\n\n{n},N\n999,Y\n"),
    );
    let (_, leftovers) = built_with(&students, None, vec![one, two]);
    assert!(
        leftovers.contains("Yes (el1.csv) | No (el2.csv)")
            || leftovers.contains("No (el2.csv) | Yes (el1.csv)"),
        "{leftovers}"
    );
    assert!(
        leftovers.contains("no-student,el2.csv,4,999,"),
        "the blank line is row 2: {leftovers}"
    );
}

#[test]
fn a_route_users_csv_lacks_is_said() {
    let students = district(5, 12);
    let s = sources(
        &students,
        false,
        vec![list("el.csv", &powerschool_el(&students))],
    );
    let mut recipe = suggest(&s, today());
    recipe.lists[0].key.via = "metadata.stateId".into();
    let error = build(&s, &recipe, today()).unwrap_err().to_string();
    assert!(error.contains("users.csv has no such column"), "{error}");
}
