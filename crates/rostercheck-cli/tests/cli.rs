//! The `rostercheck` binary, run for real: exit codes, JSON shape, text output, --fix.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rostercheck"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name)
}

fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rostercheck-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run rostercheck")
}

fn json(output: &Output) -> serde_json::Value {
    let text = String::from_utf8(output.stdout.clone()).expect("UTF-8");
    assert_eq!(text.lines().count(), 1, "exactly one JSON object: {text}");
    serde_json::from_str(&text).expect("valid JSON")
}

#[test]
fn json_report_of_the_sample() {
    let sample = fixture("sample-demographics.csv");
    let output = run(&[
        "check",
        "--format",
        "json",
        "--today",
        "2026-11-28",
        sample.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the sample has errors left after fixes"
    );
    let report = json(&output);
    assert_eq!(report["rows"], 17);
    assert!(report["errors"].as_u64().unwrap() > 0);
    assert!(report["fixes"].as_u64().unwrap() > 50);
    let findings = report["findings"].as_array().unwrap();
    let invalid_sex = findings
        .iter()
        .find(|f| f["code"] == "invalid-sex" && f["value"] == "X")
        .expect("X is not a sex");
    assert_eq!(invalid_sex["severity"], "error");
    assert_eq!(invalid_sex["line"], 5);
    assert_eq!(invalid_sex["record"], 3);
    assert_eq!(invalid_sex["column"], "sex");
    assert!(invalid_sex["fix"].is_null());
    let fixed = findings
        .iter()
        .find(|f| f["code"] == "invalid-sex" && f["value"] == "M")
        .expect("M is fixed");
    assert_eq!(fixed["fix"], "male");
    assert_eq!(fixed["severity"], "warning");
    let header = findings
        .iter()
        .find(|f| f["code"] == "header-alias")
        .expect("alias");
    assert!(header["record"].is_null());
    assert_eq!(header["line"], 1);
}

#[test]
fn exit_zero_when_fixes_leave_no_errors_and_fix_writes_the_file() {
    let dir = temp_dir("clean");
    let input = dir.join("in.csv");
    std::fs::write(
        &input,
        "SourcedID;Sex;asian\r\n1001;M;Y\r\n1002;female;0\r\n",
    )
    .unwrap();
    let out = dir.join("out.csv");
    let output = run(&[
        "check",
        "--fix",
        out.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let written = std::fs::read_to_string(&out).unwrap();
    let mut lines = written.split("\r\n");
    assert!(lines
        .next()
        .unwrap()
        .starts_with("sourcedId,status,dateLastModified,birthDate,sex,"));
    assert_eq!(lines.next().unwrap(), "1001,,,,male,,true,,,,,,,,,");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("warning[delimiter]"), "{text}");
    assert!(text.contains("Corrected file written to"), "{text}");
}

/// A corrected file asked for in a named pipe goes into the pipe, which stays a pipe (the
/// file was written beside it and renamed over it; `--fix /dev/null` replaced the device).
#[cfg(unix)]
#[test]
fn a_pipe_or_device_as_the_corrected_file_is_written_into_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = temp_dir("pipe");
    let pipe = dir.join("corrected.csv");
    let made = Command::new("mkfifo").arg(&pipe).status();
    if !made.is_ok_and(|status| status.success()) {
        eprintln!("no mkfifo here: skipped");
        return;
    }
    let reader = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::read(pipe).expect("read the pipe"))
    };
    let sample = fixture("sample-demographics.csv");
    let output = run(&[
        "check",
        "--fix",
        pipe.to_str().unwrap(),
        sample.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    // Before the reader is waited for: a replaced pipe is never opened for writing.
    let kind = std::fs::metadata(&pipe).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe was replaced");
    let through_the_pipe = reader.join().expect("the reader");
    let file = dir.join("file.csv");
    run(&[
        "check",
        "--fix",
        file.to_str().unwrap(),
        sample.to_str().unwrap(),
    ]);
    assert_eq!(through_the_pipe, std::fs::read(&file).unwrap());
    assert!(!dir.join("corrected.csv.part").exists());
}

/// The text lists the first five findings of a kind by line, also when they are made at the
/// end of the file out of line order (found by review: the five birth dates, made first, hid
/// the `dateLastModified` on line 2).
#[test]
fn the_text_lists_the_first_findings_of_a_kind_by_line() {
    let dir = temp_dir("first-by-line");
    let input = dir.join("dates.csv");
    let mut text = String::from("sourcedId,birthDate,dateLastModified\n1,2010-01-01,03/04/2024\n");
    for id in 2..=6 {
        text.push_str(&format!("{id},03/04/2010,\n"));
    }
    std::fs::write(&input, text).unwrap();
    let output = run(&["check", "--today", "2026-11-28", input.to_str().unwrap()]);
    let shown = String::from_utf8(output.stdout).unwrap();
    assert!(
        shown.contains("error[ambiguous-date]: 6 findings"),
        "{shown}"
    );
    assert!(shown.contains("dates.csv:2 dateLastModified"), "{shown}");
    assert!(!shown.contains("dates.csv:7 birthDate"), "{shown}");
    assert!(shown.contains("... and 1 more"), "{shown}");
}

#[test]
fn today_must_be_iso_with_two_digit_month_and_day() {
    let sample = fixture("sample-demographics.csv");
    let sample = sample.to_str().unwrap();
    // The web app ignores `?today=2026-1-2` by the same rule; the CLI says so and stops.
    for text in ["2026-1-2", "2026-01-2", "+2026-01-02", "1/2/2026"] {
        let output = run(&["check", "--today", text, sample]);
        assert_eq!(output.status.code(), Some(2), "{text}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(&format!("--today \"{text}\"")), "{stderr}");
        assert!(stderr.contains("expected YYYY-MM-DD"), "{stderr}");
        assert!(output.stdout.is_empty(), "nothing checked for {text}");
    }
    let output = run(&["check", "--today", "2026-02-30", sample]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such day"));
    let output = run(&["check", "--today", "2026-01-02", sample]);
    assert_eq!(output.status.code(), Some(1), "a valid day checks the file");
}

#[test]
fn exit_two_when_the_file_cannot_be_read() {
    let missing = run(&["check", "/no/such/file.csv"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));

    let dir = temp_dir("binary");
    let xlsx = dir.join("demographics.xlsx");
    std::fs::write(
        &xlsx,
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml",
    )
    .unwrap();
    let output = run(&["check", "--format", "json", xlsx.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let report = json(&output);
    // A workbook is read directly; this one is cut short: damaged, said as such.
    assert_eq!(report["findings"][0]["code"], "workbook-unreadable");
    assert!(report["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("damaged"));

    assert_eq!(run(&["check"]).status.code(), Some(2));
    assert_eq!(
        run(&["check", "--format", "yaml", "x.csv"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn reads_standard_input() {
    let mut child = bin()
        .args(["check", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"sourcedId,sex\n1,X\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json(&output)["file"], "<stdin>");
}

#[test]
fn text_output_groups_by_rule_like_a_compiler() {
    let sample = fixture("sample-demographics.csv");
    let output = run(&["check", "--today", "2026-11-28", sample.to_str().unwrap()]);
    let text = String::from_utf8(output.stdout).unwrap();
    let first_error = text.find("error[").unwrap();
    let first_warning = text.find("warning[").unwrap();
    assert!(first_error < first_warning, "errors first");
    assert!(text.contains("error[invalid-sex]: 2 findings"), "{text}");
    assert!(
        text.contains("sample-demographics.csv:5 sex: \"X\" is not a sex"),
        "{text}"
    );
    assert!(text.contains("... and "), "long groups are cut");
    assert!(text.contains("Verdict:"));
}

#[test]
fn fixing_the_fixed_file_changes_nothing() {
    let dir = temp_dir("idempotent");
    let (first, second) = (dir.join("first.csv"), dir.join("second.csv"));
    let sample = fixture("sample-demographics.csv");
    run(&[
        "check",
        "--today",
        "2026-11-28",
        "--fix",
        first.to_str().unwrap(),
        sample.to_str().unwrap(),
    ]);
    let again = run(&[
        "check",
        "--format",
        "json",
        "--today",
        "2026-11-28",
        "--fix",
        second.to_str().unwrap(),
        first.to_str().unwrap(),
    ]);
    assert_eq!(json(&again)["fixes"], 0);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
}

#[test]
fn large_files_are_streamed_with_the_same_result_as_in_memory() {
    let dir = temp_dir("stream");
    let mut text = String::from("SourcedID,sex,asian,cityOfBirth\r\n");
    for i in 0..120_000 {
        let sex = ["M", "female", "x"][i % 3];
        let city = if i % 7 == 0 { "\"Austin, TX\"" } else { "Waco" };
        text.push_str(&format!("{},{sex},Y,{city}\r\n", 100_000 + i));
        if i == 30_000 {
            text.push_str("200000,male,N,\"line\nbreak\"\n"); // an LF among CRLF lines
        }
    }
    let input = dir.join("big.csv");
    std::fs::write(&input, &text).unwrap();
    assert!(text.len() > 2 << 20, "more than two read chunks");
    let out = dir.join("big-fixed.csv");
    let output = run(&[
        "check",
        "--format",
        "json",
        "--today",
        "2026-11-28",
        "--fix",
        out.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let options =
        rostercheck_core::Options::new(rostercheck_core::Date::new(2026, 11, 28).unwrap());
    let (report, expected) = rostercheck_core::check_and_fix(text.as_bytes(), &options);
    assert_eq!(std::fs::read(&out).unwrap(), expected);
    assert_eq!(json(&output)["errors"], report.totals.errors);
    assert!(!dir.join("big-fixed.csv.part").exists());
}

#[test]
fn a_mixed_line_ending_file_is_written_in_its_dominant_ending() {
    let dir = temp_dir("mixed");
    let input = dir.join("mixed.csv");
    // The header ends in LF, most rows in CRLF: the writer guessed LF and must redo the file.
    std::fs::write(&input, "sourcedId,sex\n1,male\r\n2,female\r\n3,male\r\n").unwrap();
    let out = dir.join("out.csv");
    let output = run(&[
        "check",
        "--fix",
        out.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.matches("\r\n").count(), 4, "{written:?}");
    assert_eq!(written.matches('\n').count(), 4);
}

#[test]
fn open_decisions_are_listed_with_their_answers_and_answered_by_flag_or_file() {
    let dir = temp_dir("decisions");
    let input = dir.join("mixed.csv");
    // 14/10 only day first, 10/14 only month first: the column does not tell 3/4/2012.
    std::fs::write(
        &input,
        "sourcedId,birthDate,countryOfBirthCode\n1,14/10/2012,US\n2,10/14/2012,Congo\n3,3/4/2012,US\n",
    )
    .unwrap();
    let path = input.to_str().unwrap();
    let output = run(&["check", "--today", "2026-11-28", "--format", "json", path]);
    assert_eq!(output.status.code(), Some(1), "an open date is an error");
    let report = json(&output);
    let keys: Vec<&str> = report["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["date-order:birthDate", "value:countryOfBirthCode:Congo"]
    );

    let text = run(&["check", "--today", "2026-11-28", path]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("--answer date-order:birthDate=dmy"),
        "the text output says how to answer: {text}"
    );

    let out = dir.join("out.csv");
    let answered = run(&[
        "check",
        "--today",
        "2026-11-28",
        "--date-order",
        "birthDate=dmy",
        "--answer",
        "value:countryOfBirthCode:Congo=CD",
        "--fix",
        out.to_str().unwrap(),
        path,
    ]);
    assert_eq!(
        answered.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&answered.stdout)
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("\n3,,,2012-04-03,"), "{written}");
    let said = String::from_utf8_lossy(&answered.stdout);
    assert!(
        said.contains("Answers applied:\n  date-order:birthDate=dmy\n"),
        "{said}"
    );
    assert!(written.contains(",CD,"), "{written}");

    // The same answers from a file give the same corrected file.
    let answers = dir.join("answers.txt");
    std::fs::write(
        &answers,
        "# nightly\ndate-order:birthDate=dmy\nvalue:countryOfBirthCode:Congo=CD\n",
    )
    .unwrap();
    let again = dir.join("again.csv");
    let from_file = run(&[
        "check",
        "--today",
        "2026-11-28",
        "--answers",
        answers.to_str().unwrap(),
        "--fix",
        again.to_str().unwrap(),
        path,
    ]);
    assert_eq!(from_file.status.code(), Some(0));
    assert_eq!(std::fs::read(&again).unwrap(), std::fs::read(&out).unwrap());

    let wrong = run(&["check", "--mode", "sometimes", path]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("bulk or delta"));
}

/// JSON findings are written by a thread of their own: when standard output fails (here a
/// full disk, `/dev/full`), the check stops with the writer's error and exit code 2, and
/// neither the corrected file nor its part is left behind.
#[cfg(target_os = "linux")]
#[test]
fn a_failing_standard_output_stops_the_check_with_its_error() {
    let dir = temp_dir("stdout-full");
    let mut text = String::from("sourcedId,sex\n");
    for i in 0..50_000 {
        text.push_str(&format!("{},M\n", 100_000 + i));
    }
    let input = dir.join("many-findings.csv");
    std::fs::write(&input, &text).unwrap();
    let out = dir.join("fixed.csv");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let output = bin()
        .args(["check", "--format", "json", "--fix"])
        .args([out.to_str().unwrap(), input.to_str().unwrap()])
        .stdout(full)
        .output()
        .expect("run rostercheck");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot write standard output") && stderr.contains("No space left"),
        "{stderr}"
    );
    assert!(!out.exists(), "no corrected file after a failed check");
    assert!(!dir.join("fixed.csv.part").exists(), "nor its part");
}
