//! `rostercheck check demographics.xlsx`: workbooks read directly, run for real.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workbook(name: &str) -> String {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/workbooks")
        .join(name);
    path.to_string_lossy().into_owned()
}

fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rostercheck-wb-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rostercheck"))
        .args(["check", "--today", "2026-12-03"])
        .args(args)
        .output()
        .expect("run rostercheck")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

#[test]
fn each_workbook_of_the_table_writes_the_clean_csv_s_corrected_file() {
    let dir = temp_dir("table");
    let clean = dir.join("clean.csv");
    let output = run(&["--fix", clean.to_str().unwrap(), &workbook("table.csv")]);
    assert_eq!(output.status.code(), Some(0));
    let clean = std::fs::read(&clean).unwrap();
    for name in ["table.xlsx", "table-1904.xlsx", "table.xls", "table.ods"] {
        let out = dir.join(format!("{name}.csv"));
        let output = run(&["--fix", out.to_str().unwrap(), &workbook(name)]);
        assert_eq!(output.status.code(), Some(0), "{name}");
        assert_eq!(std::fs::read(&out).unwrap(), clean, "{name}");
        let text = String::from_utf8(output.stdout).unwrap();
        // Findings name their cell.
        assert!(
            text.contains(":2 [Demographics!C2] dateLastModified"),
            "{text}"
        );
    }
}

#[test]
fn json_findings_carry_the_cell() {
    let output = run(&["--format", "json", &workbook("formulas.xlsx")]);
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    let findings = report["findings"].as_array().unwrap();
    let error = findings.iter().find(|f| f["code"] == "cell-error").unwrap();
    assert_eq!(error["cell"], "Roster!C3");
    assert_eq!(error["line"], 3);
    assert_eq!(error["value"], "#N/A");
    let formula = findings
        .iter()
        .find(|f| f["code"] == "formula-value")
        .unwrap();
    assert_eq!(formula["cell"], "Roster!B2");
    // File-wide findings have no cell.
    let sheet = findings
        .iter()
        .find(|f| f["code"] == "workbook-sheet")
        .unwrap();
    assert!(sheet.get("cell").is_none());
}

#[test]
fn several_sheets_that_could_be_the_file_are_listed_and_one_is_chosen_with_sheet() {
    let output = run(&[&workbook("ambiguous.xlsx")]);
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stdout.contains("Several sheets look like this file: Fall, Spring"));
    assert!(
        stdout.contains("no sheet of this workbook was read"),
        "{stdout}"
    );
    assert!(
        stderr.contains("--sheet NAME, one of: Fall, Spring"),
        "{stderr}"
    );

    let output = run(&["--sheet", "Spring", &workbook("ambiguous.xlsx")]);
    assert_eq!(output.status.code(), Some(0));
    let output = run(&["--sheet", "Winter", &workbook("ambiguous.xlsx")]);
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("no sheet of the name asked for. Its sheets: Fall, Spring"));
}

#[test]
fn bad_workbooks_exit_two_with_their_reason() {
    for (name, words) in [
        ("encrypted.xlsx", "protected with a password"),
        ("empty.xlsx", "no sheet with a value"),
    ] {
        let output = run(&["--format", "json", &workbook(name)]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        let report = json(&output);
        assert_eq!(report["findings"][0]["code"], "workbook-unreadable");
        let message = report["findings"][0]["message"].as_str().unwrap();
        assert!(message.contains(words), "{name}: {message}");
    }
}

#[test]
fn a_workbook_in_a_bundle_is_read_as_the_file_its_sheet_is() {
    let dir = temp_dir("bundle");
    let folder = dir.join("bundle");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(workbook("table.xlsx"), folder.join("demographics.xlsx")).unwrap();
    std::fs::write(
        folder.join("users.csv"),
        "sourcedId,role,givenName,familyName\n1234567890123,student,A,B\n1234567890124,student,C,D\n",
    )
    .unwrap();
    let out = dir.join("OneRoster.zip");
    let output = run(&[
        "--format",
        "json",
        "--fix",
        out.to_str().unwrap(),
        folder.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    let findings = report["findings"].as_array().unwrap();
    // The 2^53 - 1 ID is no user: said at its cell, in the workbook.
    let unknown = findings
        .iter()
        .find(|f| f["code"] == "unknown-user")
        .unwrap();
    assert_eq!(unknown["cell"], "Demographics!A4");
    assert!(unknown["file"]
        .as_str()
        .unwrap()
        .ends_with("demographics.xlsx"));
    assert_eq!(report["roster"]["with_demographics"], 2);
    // The corrected bundle has demographics.csv, the sheet's corrected CSV.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("demographics.csv").unwrap(), &mut text)
        .unwrap();
    assert!(
        text.contains("\n1234567890123,active,2026-11-28T00:00:00.000Z,"),
        "{text}"
    );
}

#[test]
fn text_named_xls_is_read_as_text_and_sheet_is_for_a_workbook_alone() {
    let dir = temp_dir("text-xls");
    // Many systems export tab-separated text named .xls.
    let tsv = dir.join("demographics.xls");
    std::fs::write(&tsv, "sourcedId\tsex\n1001\tM\n").unwrap();
    let output = run(&["--format", "json", tsv.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let report = json(&output);
    let codes: Vec<&str> = (report["findings"].as_array().unwrap().iter())
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"delimiter") && codes.contains(&"invalid-sex"),
        "{codes:?}"
    );

    let output = run(&["--sheet", "Fall", tsv.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("--sheet NAME is for a workbook checked alone"),
        "{stderr}"
    );
}
