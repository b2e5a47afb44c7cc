//! A person's edits and answers from arbitrary text (the JSON the page sends the worker, an
//! answers file), applied to the sample: never a panic, every row accounted for, and the
//! corrected file stays a CSV of one width.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rostercheck_core::{check_and_fix, Answers, Code, Date, Edits, Options};

const SAMPLE: &[u8] = include_bytes!("../../fixtures/sample-demographics.csv");

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut options = Options::new(Date::new(2026, 11, 28).expect("a date"));
    // The same text, read both ways: as the worker's edits, and as an answers file.
    if let Ok(edits) = serde_json::from_str::<Edits>(&text) {
        options.edits = edits;
    }
    let mut answers = Answers::default();
    if answers.read(&text).is_ok() {
        options.answers = answers;
    }
    let (report, out) = check_and_fix(SAMPLE, &options);
    let copies = report
        .findings
        .iter()
        .filter(|f| f.code == Code::DuplicateRow)
        .count() as u64;
    let gone = report.blank_rows + copies;
    assert_eq!(report.rows_out + gone + report.excluded, report.rows);
    let mut reader = csv::ReaderBuilder::new().from_reader(out.as_slice());
    let width = reader.headers().expect("a header").len();
    for record in reader.records() {
        assert_eq!(record.expect("a record").len(), width, "one width");
    }
});
