//! `rostercheck check` on whole bundles, run for real: a zip, a folder and several files give
//! the same findings; JSON names each finding's file and lists the files; `--fix OUT.zip`
//! writes the corrected bundle, `--fix OUT.csv` the corrected demographics.csv, and
//! `--list-missing` the students without demographics.

mod common;
use common::zip_of;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn temp_dir(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("rostercheck-bundle-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn run(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_rostercheck"))
        .args(["check", "--today", "2026-11-28"])
        .args(args)
        .output()
        .expect("run rostercheck");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    output
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

const MANIFEST: &[u8] = b"propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\nfile.users,bulk\r\nfile.demographics,bulk\r\n";
const USERS: &[u8] = b"sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n0001,,,true,o1,student,a,,Ann,Lee,,S1,,,,,05,\r\n0002,,,true,o1,student,b,,Bo,Kim,,S2,,,,,05,\r\n0003,,,true,o1,student,c,,=Cy,Ray,,S3,,,,,05,\r\nT1,,,true,o1,teacher,t,,Tia,Fox,,T1,,,,,,\r\n";
const DEMOGRAPHICS: &[u8] = b"sourcedId,sex,birthDate\r\n1,F,2014-03-04\r\n0002,male,2014-05-06\r\nT1,female,1980-01-01\r\n4040,male,2014-01-01\r\n";

fn members() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("export/manifest.csv", MANIFEST),
        ("export/users.csv", USERS),
        ("export/Demographics.csv", DEMOGRAPHICS),
        ("__MACOSX/export/._users.csv", b"\x00\x05\x16\x07"),
    ]
}

fn unzip(path: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(path).expect("the corrected zip");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().to_owned(), data)
        })
        .collect()
}

/// (code, file, line) of every finding.
fn found(report: &serde_json::Value) -> Vec<(String, String, u64)> {
    (report["findings"].as_array().unwrap().iter())
        .map(|f| {
            let text = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_owned();
            (
                text(&f["code"]),
                text(&f["file"]),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_zip_is_checked_as_a_bundle_and_written_back_corrected() {
    let dir = temp_dir("zip");
    let zip = dir.join("OneRoster.zip");
    std::fs::write(&zip, zip_of(&members())).unwrap();
    let out = dir.join("fixed.zip");
    let missing = dir.join("missing.csv");
    let output = run(&[
        "--format",
        "json",
        "--fix",
        out.to_str().unwrap(),
        "--list-missing",
        missing.to_str().unwrap(),
        zip.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "an unknown student is an error"
    );
    let report = json(&output);
    let zip_name = zip.to_str().unwrap().to_owned();
    let demographics = "export/Demographics.csv".to_owned();
    let zip_name = zip_name.as_str();
    let mut codes = found(&report);
    // 13 missing standard columns, each a finding: one is enough here.
    codes.dedup();
    let expected: Vec<(&str, &str, u64)> = vec![
        ("zip-junk", zip_name, 0),
        ("zip-folder", zip_name, 0),
        ("file-name-case", &demographics, 0),
        ("student-without-demographics", "export/users.csv", 0),
        ("missing-standard-column", &demographics, 1),
        ("column-order", &demographics, 1),
        ("invalid-sex", &demographics, 2),
        // 1 is 0001 with its zeros back: the one users.csv ID it can be.
        ("id-leading-zeros", &demographics, 2),
        ("implausible-birth-date", &demographics, 4),
        ("not-a-student", &demographics, 4),
        ("unknown-user", &demographics, 5),
    ];
    let expected: Vec<(String, String, u64)> = (expected.into_iter())
        .map(|(c, f, l)| (c.to_owned(), f.to_owned(), l))
        .collect();
    assert_eq!(codes, expected);
    let kinds: Vec<(&str, &str, Option<u64>)> = (report["files"].as_array().unwrap().iter())
        .map(|f| {
            (
                f["name"].as_str().unwrap(),
                f["kind"].as_str().unwrap(),
                f["rows"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("export/manifest.csv", "manifest", Some(4)),
            ("export/users.csv", "users", Some(4)),
            ("export/Demographics.csv", "demographics", Some(4)),
        ]
    );
    assert_eq!(report["roster"]["students"], 3);
    assert_eq!(report["roster"]["with_demographics"], 2);
    let written = unzip(&out);
    let names: Vec<&str> = written.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["manifest.csv", "users.csv", "demographics.csv"]);
    assert_eq!(written[0].1, MANIFEST);
    assert_eq!(written[1].1, USERS);
    let corrected = String::from_utf8(written[2].1.clone()).unwrap();
    assert!(
        corrected.contains("\r\n0001,,,2014-03-04,female,"),
        "{corrected}"
    );
    let listed = std::fs::read_to_string(&missing).unwrap();
    assert_eq!(
        listed,
        "\u{FEFF}sourcedId,identifier,username,givenName,familyName\r\n0003,S3,c,'=Cy,Ray\r\n"
    );
    assert!(!dir.join("fixed.zip.part").exists());
    assert!(!dir.join("fixed.zip.demographics.tmp").exists());
}

#[test]
fn a_folder_and_several_files_give_what_the_zip_gives() {
    let dir = temp_dir("loose");
    let folder = dir.join("export");
    std::fs::create_dir_all(&folder).unwrap();
    for (name, bytes) in [
        ("manifest.csv", MANIFEST),
        ("users.csv", USERS),
        ("demographics.csv", DEMOGRAPHICS),
    ] {
        std::fs::write(folder.join(name), bytes).unwrap();
    }
    std::fs::write(folder.join(".DS_Store"), b"\x00\x00\x00\x01Bud1").unwrap();
    let zip = dir.join("OneRoster.zip");
    let flat: Vec<(&str, &[u8])> = vec![
        ("manifest.csv", MANIFEST),
        ("users.csv", USERS),
        ("demographics.csv", DEMOGRAPHICS),
    ];
    std::fs::write(&zip, zip_of(&flat)).unwrap();
    let codes = |output: &Output| -> Vec<(String, u64)> {
        (json(output)["findings"].as_array().unwrap().iter())
            .map(|f| {
                (
                    f["code"].as_str().unwrap().to_owned(),
                    f["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let from_zip = run(&["--format", "json", zip.to_str().unwrap()]);
    let from_folder = run(&["--format", "json", folder.to_str().unwrap()]);
    let paths: Vec<String> = ["users.csv", "demographics.csv", "manifest.csv"]
        .iter()
        .map(|n| folder.join(n).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let from_files = run(&args);
    assert_eq!(codes(&from_zip), codes(&from_folder));
    assert_eq!(codes(&from_zip), codes(&from_files));
    assert_eq!(from_zip.status.code(), Some(1));
    assert_eq!(from_folder.status.code(), Some(1));
    let folder_report = json(&from_folder);
    assert_eq!(
        folder_report["files"].as_array().unwrap().len(),
        3,
        "no .DS_Store"
    );
    // Each finding names its file: demographics.csv's by its path.
    let unknown = (folder_report["findings"].as_array().unwrap().iter())
        .find(|f| f["code"] == "unknown-user")
        .unwrap();
    assert_eq!(unknown["file"], paths[1].as_str());
    // --fix OUT.csv writes the corrected demographics.csv of the bundle.
    let out = dir.join("demographics.csv");
    let text = run(&["--fix", out.to_str().unwrap(), folder.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("Files:\n"), "{stdout}");
    assert!(
        stdout.contains("Students: 3 in users.csv; 2 with a demographics row, 1 without."),
        "{stdout}"
    );
    assert!(stdout.contains("Corrected file written to"), "{stdout}");
    assert!(std::fs::read_to_string(&out).unwrap().contains("\r\n0001,"));
}

#[test]
fn a_refused_zip_writes_nothing_and_exits_two() {
    let dir = temp_dir("refused");
    let zip = dir.join("bundle.zip");
    std::fs::write(&zip, zip_of(&[("../demographics.csv", DEMOGRAPHICS)])).unwrap();
    let out = dir.join("fixed.zip");
    let output = run(&[
        "--format",
        "json",
        "--fix",
        out.to_str().unwrap(),
        zip.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let report = json(&output);
    assert_eq!(report["findings"][0]["code"], "zip-refused");
    assert_eq!(report["errors"], 1);
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "nothing but the zip"
    );
    let text = run(&[zip.to_str().unwrap()]);
    assert_eq!(text.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&text.stdout).contains("points outside the zip's folder"));
}

#[test]
fn bundle_arguments_are_checked() {
    let dir = temp_dir("arguments");
    let csv = dir.join("demographics.csv");
    std::fs::write(&csv, DEMOGRAPHICS).unwrap();
    let csv = csv.to_str().unwrap();
    for (args, says) in [
        (
            vec!["--fix", "out.zip", csv],
            "--fix OUT.zip writes a bundle",
        ),
        (
            vec!["--list-missing", "m.csv", csv],
            "--list-missing needs users.csv",
        ),
        (
            vec![csv, "-"],
            "standard input (-) can only be the one FILE",
        ),
        (vec![csv, dir.to_str().unwrap()], "is a zip or a folder"),
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(says),
            "{args:?}"
        );
    }
    let output = run(&[csv, "/no/such/users.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read /no/such/users.csv"));
}

#[test]
fn findings_made_after_demographics_csv_come_last_in_the_json() {
    // fixtures/OneRoster.zip: manifest.csv says delta while the rows are bulk, found when the
    // rows have all been read, after the JSON writer has written theirs.
    let zip = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/OneRoster.zip");
    let output = run(&["--format", "json", zip.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    let findings = report["findings"].as_array().unwrap();
    let last = findings.last().unwrap();
    assert_eq!(last["code"], "manifest-demographics");
    assert_eq!(last["file"], "export/manifest.csv");
    assert_eq!(last["fix"], "bulk");
    // Fixed in the corrected bundle: a warning; the unknown student is the one error.
    assert_eq!(last["severity"], "warning");
    assert_eq!(report["errors"], 1);
    // Every finding names its file.
    assert!(
        findings.iter().all(|f| f["file"].is_string()),
        "{findings:?}"
    );
}

#[test]
fn a_member_larger_than_its_zip_says_is_said_to_be_damaged() {
    let dir = temp_dir("damaged");
    let mut bytes = zip_of(&[("demographics.csv", &vec![b'a'; 200_000])]);
    // Both headers claim 1,000 bytes unzipped.
    let size = 200_000u32.to_le_bytes();
    for at in (0..bytes.len() - 4)
        .filter(|&at| bytes[at..at + 4] == size)
        .collect::<Vec<_>>()
    {
        bytes[at..at + 4].copy_from_slice(&1_000u32.to_le_bytes());
    }
    let zip = dir.join("bundle.zip");
    std::fs::write(&zip, bytes).unwrap();
    let out = dir.join("fixed.zip");
    let output = run(&["--fix", out.to_str().unwrap(), zip.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("could not be unzipped"), "{stderr}");
    assert!(stderr.contains("a zip bomb"), "{stderr}");
    assert!(!out.exists());
}
