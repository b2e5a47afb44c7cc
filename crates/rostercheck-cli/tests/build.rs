//! `rostercheck build`: the builder run for real on the generated district of
//! `fixtures/build` (its README says how it was made).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/build")
        .join(name);
    path.to_string_lossy().into_owned()
}

fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rostercheck-build-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn build(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rostercheck"))
        .args(["build", "--today", "2026-12-03"])
        .args(args)
        .output()
        .expect("run rostercheck")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_recipe_builds_the_expected_file_and_leftovers() {
    let dir = temp_dir("recipe");
    let (out, leftovers) = (dir.join("built.csv"), dir.join("leftovers.csv"));
    let output = build(&[
        "--recipe",
        &fixture("recipe.json"),
        "--users",
        &fixture("users.csv"),
        "--demographics",
        &fixture("demographics.csv"),
        "--out",
        out.to_str().unwrap(),
        "--leftovers",
        leftovers.to_str().unwrap(),
        &fixture("el.csv"),
        &fixture("lunch.csv"),
        &fixture("race.csv"),
        &fixture("fram.csv"),
    ]);
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(fixture("built.csv")).unwrap()
    );
    assert_eq!(
        std::fs::read(&leftovers).unwrap(),
        std::fs::read(fixture("leftovers.csv")).unwrap()
    );
    assert!(
        stdout.contains(
            "el.csv: 36 of 38 rows match a student by Student_Number (users.csv identifier)."
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 rows match no student; 4 students have no row (left blank)."),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 value was left as it was: two rows disagree"),
        "{stdout}"
    );
    let leftovers = text(&std::fs::read(&leftovers).unwrap());
    assert!(leftovers.contains("conflict,,,,S20035,metadata.eligibilityStatusForSchoolFoodServicePrograms,Free (fram.csv) | ReducedPrice (lunch.csv)"), "{leftovers}");
}

#[test]
fn suggest_then_recipe_builds_unambiguous_lists_with_no_question_left() {
    let dir = temp_dir("suggest");
    let lists = [
        fixture("el.xlsx"),
        fixture("race.csv"),
        fixture("skyward.csv"),
        fixture("clever_students.csv"),
    ];
    let users = fixture("users.csv");
    let mut args = vec!["--suggest", "--users", &users];
    args.extend(lists.iter().map(String::as_str));
    let suggested = build(&args);
    assert_eq!(suggested.status.code(), Some(0));
    let stderr = text(&suggested.stderr);
    assert!(stderr.contains("Nothing is left to answer"), "{stderr}");
    assert!(
        stderr.contains("el.xlsx: 36 of 38 rows match"),
        "a workbook list: {stderr}"
    );
    let recipe = dir.join("recipe.json");
    std::fs::write(&recipe, &suggested.stdout).unwrap();
    let out = dir.join("built.csv");
    let mut args = vec![
        "--recipe",
        recipe.to_str().unwrap(),
        "--users",
        &users,
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend(lists.iter().map(String::as_str));
    let built = build(&args);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let report: serde_json::Value = serde_json::from_slice(&built.stdout).expect("JSON");
    assert_eq!(report["errors"], 0);
    assert_eq!(report["build"]["students"], 40);
    assert_eq!(report["build"]["lists"][0]["matched_rows"], 36);
    let written = text(&std::fs::read(&out).unwrap());
    let header = written.lines().next().unwrap();
    for column in [
        "sex",
        "white",
        "demographicRaceTwoOrMoreRaces",
        "hispanicOrLatinoEthnicity",
        "metadata.homeLanguage",
        "metadata.englishLearnerStatus",
        "metadata.ideaIndicator",
    ] {
        assert!(header.split(',').any(|c| c == column), "{column}: {header}");
    }
    assert_eq!(
        written.lines().count(),
        41,
        "every student of users.csv, no teacher"
    );
}

#[test]
fn codes_left_to_answer_stop_the_build() {
    let dir = temp_dir("open");
    let users = fixture("users.csv");
    let lunch = fixture("lunch.csv");
    let suggested = build(&["--suggest", "--users", &users, &lunch]);
    let stderr = text(&suggested.stderr);
    assert!(stderr.contains("4 question(s) are left"), "{stderr}");
    assert!(
        stderr.contains("What does \"F\" in LunchStatus mean"),
        "{stderr}"
    );
    let recipe = dir.join("recipe.json");
    std::fs::write(&recipe, &suggested.stdout).unwrap();
    let out = dir.join("built.csv");
    let built = build(&[
        "--recipe",
        recipe.to_str().unwrap(),
        "--users",
        &users,
        "--out",
        out.to_str().unwrap(),
        &lunch,
    ]);
    assert_eq!(built.status.code(), Some(2));
    let stderr = text(&built.stderr);
    assert!(
        stderr.contains("4 question(s) are left to answer"),
        "{stderr}"
    );
    assert!(
        !out.exists(),
        "nothing is written before every code is answered"
    );
}

#[test]
fn a_bad_recipe_or_list_gets_a_clear_message() {
    let dir = temp_dir("bad");
    let recipe = dir.join("recipe.json");
    std::fs::write(&recipe, "{\"lists\": 3}").unwrap();
    let users = fixture("users.csv");
    let output = build(&[
        "--recipe",
        recipe.to_str().unwrap(),
        "--users",
        &users,
        &fixture("el.csv"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("is not a rostercheck recipe"));
    let output = build(&[
        "--recipe",
        &fixture("recipe.json"),
        "--users",
        &users,
        &fixture("skyward.csv"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("skyward.csv is not in the recipe"),
        "{}",
        text(&output.stderr)
    );
    let output = build(&["--suggest", "--users", &users, "/no/such/list.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("cannot read /no/such/list.csv"));
}
