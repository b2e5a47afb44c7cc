//! RULES.md §3–4 across rows: duplicates, Excel damage, bulk/delta, cross-field rules, edits.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use rostercheck_core::{check_and_fix, CellChange, Code, Edits, Options, Severity, ValueMap};

#[test]
fn duplicate_rows_are_removed_duplicate_ids_are_errors_and_kept() {
    let input = standard_file(&[
        "1001,,,,male,,,,,,,,,,,",
        "1001,,,,male,,,,,,,,,,,",
        "1001,,,,female,,,,,,,,,,,",
        "1002,,,,M,,,,,,,,,,,",
        "1002,,,,male,,,,,,,,,,,",
    ]);
    let (report, out) = run(&input);
    let dup_rows: Vec<u64> = with_code(&report, Code::DuplicateRow)
        .iter()
        .map(|f| f.line)
        .collect();
    assert_eq!(
        dup_rows,
        [3, 6],
        "identical after fixes counts as identical"
    );
    let dup_ids = with_code(&report, Code::DuplicateId);
    assert_eq!(dup_ids.len(), 1);
    assert_eq!(
        (
            dup_ids[0].line,
            dup_ids[0].severity,
            dup_ids[0].value.as_deref()
        ),
        (4, Severity::Error, Some("1001"))
    );
    assert_eq!(report.rows_out, 3);
    assert_eq!(
        report.completeness("sex"),
        Some(1.0),
        "removed copies are not counted"
    );
    assert_eq!(report.completeness("asian"), Some(0.0));
    assert_eq!(
        out,
        standard_file(&[
            "1001,,,,male,,,,,,,,,,,",
            "1001,,,,female,,,,,,,,,,,",
            "1002,,,,male,,,,,,,,,,,"
        ])
    );
}

#[test]
fn excel_damage_to_ids() {
    let mut rows: Vec<String> = (0..20)
        .map(|i| format!("{:08},,,,,,,,,,,,,,,", 100 + i))
        .collect();
    rows.push("4567,,,,,,,,,,,,,,,".into());
    rows.push("1.23457E+11,,,,,,,,,,,,,,,".into());
    rows.push("3/14/2012,,,,,,,,,,,,,,,".into());
    rows.push(",,,,male,,,,,,,,,,,".into());
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let (report, _) = run(&standard_file(&refs));
    let zeros = with_code(&report, Code::IdLeadingZeros);
    assert_eq!(
        (zeros.len(), zeros[0].line, zeros[0].value.as_deref()),
        (1, 22, Some("4567"))
    );
    assert!(zeros[0].message.contains("8 digits"));
    let mangled: Vec<u64> = with_code(&report, Code::IdMangled)
        .iter()
        .map(|f| f.line)
        .collect();
    assert_eq!(mangled, [23, 24]);
    assert_eq!(
        with_code(&report, Code::MissingId)
            .iter()
            .map(|f| f.line)
            .collect::<Vec<_>>(),
        [25]
    );
}

#[test]
fn bulk_rows_in_a_delta_file_are_errors() {
    let delta = "active,2024-01-01T00:00:00.000Z";
    let rows = [
        format!("1,{delta},,,,,,,,,,,,,"),
        format!("2,{delta},,,,,,,,,,,,,"),
        "3,,,,,,,,,,,,,,,".to_string(),
        "4,Active,2024-01-01,,,,,,,,,,,,,".to_string(),
    ];
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let (report, out) = run(&standard_file(&refs));
    let mixed = with_code(&report, Code::BulkDeltaMixed);
    assert_eq!(mixed.iter().map(|f| f.line).collect::<Vec<_>>(), [4]);
    assert!(
        mixed[0].message.contains("bulk rows into a delta file"),
        "{}",
        mixed[0].message
    );
    assert!(String::from_utf8(out)
        .unwrap()
        .contains("4,active,2024-01-01T00:00:00.000Z,"));
}

#[test]
fn race_and_disability_consistency() {
    let header = format!("{STANDARD_HEADER},metadata.ideaIndicator,metadata.primaryDisabilityType,metadata.iepStatus\n");
    let input = format!("{header}1,,,,,true,true,,,,false,,,,,,No,AUT,True\n2,,,,,true,true,,,,true,,,,,,Yes,AUT,True\n");
    let (report, _) = run(input.as_bytes());
    assert_eq!(
        with_code(&report, Code::RaceFlagsInconsistent)
            .iter()
            .map(|f| f.line)
            .collect::<Vec<_>>(),
        [2]
    );
    let disability: Vec<(u64, Option<&str>)> = with_code(&report, Code::DisabilityInconsistent)
        .iter()
        .map(|f| (f.line, f.column.as_deref()))
        .collect();
    assert_eq!(
        disability,
        [
            (2, Some("metadata.primaryDisabilityType")),
            (2, Some("metadata.iepStatus"))
        ]
    );
}

#[test]
fn metadata_headers_spelled_every_which_way() {
    let header = "SourcedID,Sex,EnglishLearnerStatus,ext_titleI,metadata.IEPStatus,Metadata_Migrant_Status,metadata.phoneticGivenName,grade, asian ";
    let (report, out) = run(format!("{header}\n1,M,Y,yes,TRUE,N,メイ,3,\n").as_bytes());
    let renamed: Vec<(&str, &str)> = report
        .findings
        .iter()
        .filter(|f| matches!(f.code, Code::HeaderCase | Code::HeaderAlias))
        .map(|f| {
            (
                f.value.as_deref().unwrap_or(""),
                f.fix.as_ref().map(|x| x.display()).unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        renamed,
        [
            ("SourcedID", "sourcedId"),
            ("Sex", "sex"),
            ("EnglishLearnerStatus", "metadata.englishLearnerStatus"),
            ("ext_titleI", "metadata.titleI"),
            ("metadata.IEPStatus", "metadata.iepStatus"),
            ("Metadata_Migrant_Status", "metadata.migrantStatus"),
            (" asian ", "asian"),
        ]
    );
    assert_eq!(
        with_code(&report, Code::UnknownColumn).len(),
        1,
        "metadata.* extensions are allowed; grade is not"
    );
    let text = String::from_utf8(out).unwrap();
    let (head, row) = text.split_once('\n').unwrap();
    assert!(head.ends_with("metadata.englishLearnerStatus,metadata.migrantStatus,metadata.titleI,metadata.iepStatus,metadata.phoneticGivenName,grade"));
    assert!(row.ends_with("Yes,No,Yes,Yes,メイ,3\n"));
}

#[test]
fn edits_cells_maps_and_exclusions_are_applied_and_rechecked() {
    let header =
        format!("{STANDARD_HEADER},metadata.eligibilityStatusForSchoolFoodServicePrograms\n");
    let input = format!("{header}1,,,,X,,,,,,,,,,,,F\n2,,,,male,,,,,,,,,,,,F\n3,,,,male,,,,,,,,,,,,R\n4,,,,??,,,,,,,,,,,,Free\n");
    let (before, _) = run(input.as_bytes());
    assert_eq!(before.totals.errors, 5);
    let mut edits = Edits::default();
    edits.cells.insert((0, "sex".into()), "F".into());
    edits.maps.push(ValueMap {
        column: "metadata.eligibilityStatusForSchoolFoodServicePrograms".into(),
        from: "F".into(),
        to: "Free".into(),
    });
    edits.maps.push(ValueMap {
        column: "metadata.eligibilityStatusForSchoolFoodServicePrograms".into(),
        from: "R".into(),
        to: "reduced".into(),
    });
    edits.excluded.insert(3);
    let options = Options {
        edits,
        ..Options::new(today())
    };
    let (after, out) = check_and_fix(input.as_bytes(), &options);
    assert_eq!(after.totals.errors, 0, "{:?}", errors(&after));
    assert_eq!((after.rows, after.rows_out, after.excluded), (4, 3, 1));
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("\n1,,,,female,,,,,,,,,,,,Free\n"),
        "an edited value is checked and fixed like any other"
    );
    assert!(text.contains("\n3,,,,male,,,,,,,,,,,,ReducedPrice\n"));
    assert!(!text.contains("\n4,"));

    // The audit trail: each cell the person changed, from → to, by line; each map with the
    // rows it changed; the rows left out; none of it without edits.
    let food = "metadata.eligibilityStatusForSchoolFoodServicePrograms";
    let audit = &after.audit;
    assert_eq!(
        audit.cells,
        vec![CellChange {
            line: 2,
            column: "sex".into(),
            from: "X".into(),
            to: "F".into(),
        }]
    );
    let maps: Vec<(&str, &str, &str, u64)> = (audit.maps.iter())
        .map(|m| (m.column.as_str(), m.from.as_str(), m.to.as_str(), m.rows))
        .collect();
    assert_eq!(
        maps,
        vec![(food, "F", "Free", 2), (food, "R", "reduced", 1)]
    );
    assert_eq!(audit.excluded, vec![5]);
    assert!(before.audit.is_empty());
    let json = after.to_json("d.csv");
    assert!(
        json.contains(r#""audit":{"cells":[{"line":2,"column":"sex","from":"X","to":"F"}]"#),
        "{json}"
    );
    // An answer's map is the answer's (in `answers`), not the person's edit.
    let mut answered = Options::new(today());
    answered
        .answers
        .give(&format!("value:{food}:F=Free"))
        .unwrap();
    let (report, _) = check_and_fix(input.as_bytes(), &answered);
    assert!(report.audit.is_empty(), "{:?}", report.audit);
    assert_eq!(report.answers, vec![format!("value:{food}:F=Free")]);
    assert!(!report.to_json("d.csv").contains("\"audit\""));
}

#[test]
fn a_line_written_again_is_read_in_place_of_the_files_and_checked() {
    // Line 3 has a stray quote, line 4 a quote that never closes (CRLF file).
    let input = String::from_utf8(standard_file(&[
        "1001,,,,male,,,,,,,,,,,",
        "1002,,,,female,,,,,,,,,,\"Ci\"ty,",
        "1003,,,,\"male,,,,,,,,,,,",
        "1004,,,,female,,,,,,,,,,,",
    ]))
    .unwrap()
    .replace('\n', "\r\n");
    let (before, _) = run(input.as_bytes());
    let broken: Vec<(Code, u64)> = (before.findings.iter())
        .filter(|f| matches!(f.code, Code::StrayQuote | Code::UnclosedQuote))
        .map(|f| (f.code, f.line))
        .collect();
    assert_eq!(broken, [(Code::StrayQuote, 3), (Code::UnclosedQuote, 4)]);

    let mut edits = Edits::default();
    edits
        .lines
        .insert(1, "1002,,,,female,,,,,,,,,,\"Ci\"\"ty\",".into());
    // Still broken: the check says so again, at the same line.
    edits.lines.insert(2, "1003,,,,\"male,,,,,,,,,,".into());
    // A line break is never taken (the row would become two): the file's line stays.
    edits.lines.insert(
        3,
        "1004,,,,female,,,,,,,,,,,\n1005,,,,male,,,,,,,,,,,".into(),
    );
    let options = Options {
        edits,
        ..Options::new(today())
    };
    let (after, out) = check_and_fix(input.as_bytes(), &options);
    let broken: Vec<(Code, u64)> = (after.findings.iter())
        .filter(|f| matches!(f.code, Code::StrayQuote | Code::UnclosedQuote))
        .map(|f| (f.code, f.line))
        .collect();
    assert_eq!(broken, [(Code::UnclosedQuote, 4)]);
    assert_eq!((after.rows, after.rows_out), (4, 4));
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = text.split("\r\n").skip(1).collect();
    assert_eq!(rows[1], "1002,,,,female,,,,,,,,,,\"Ci\"\"ty\",", "{text}");
    assert!(
        rows[3].starts_with("1004,") && !text.contains("1005"),
        "{text}"
    );
    assert_eq!(
        (after.audit.lines.iter())
            .map(|l| (l.line, l.from.as_str()))
            .collect::<Vec<_>>(),
        [
            (3, "1002,,,,female,,,,,,,,,,\"Ci\"ty,"),
            (4, "1003,,,,\"male,,,,,,,,,,,")
        ]
    );
    assert!(after.to_json("d.csv").contains(r#""lines":[{"line":3,"#));
}

#[test]
fn findings_are_capped_but_counts_stay_exact() {
    let rows: Vec<String> = (0..500).map(|i| format!("{i},,,,M,,,,,,,,,,,")).collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let options = Options {
        max_findings: Some(100),
        ..Options::new(today())
    };
    let (report, _) = check_and_fix(&standard_file(&refs), &options);
    assert_eq!(report.findings.len(), 100);
    assert!(report.truncated);
    assert_eq!(report.totals.fixes, 500);
}

#[test]
fn json_report_has_the_public_shape() {
    let (report, _) = run(&fixture("sample-demographics.csv"));
    let json: serde_json::Value =
        serde_json::from_str(&report.to_json("demographics.csv")).unwrap();
    for key in [
        "file", "rows", "errors", "warnings", "infos", "fixes", "findings",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let finding = &json["findings"][0];
    for key in [
        "code", "severity", "line", "record", "column", "value", "fix", "message",
    ] {
        assert!(finding.get(key).is_some(), "{key}");
    }
    assert_eq!(json["rows"], report.rows);
    assert_eq!(json["errors"], report.totals.errors);
}

#[test]
fn findings_csv_is_safe_to_open_in_excel() {
    let (report, _) = run(&fixture("sample-demographics.csv"));
    let csv_bytes = report.findings_csv();
    assert!(csv_bytes.starts_with(b"\xEF\xBB\xBFline,record,sourcedId,column,"));
    let mut reader = csv::ReaderBuilder::new().from_reader(&csv_bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id_at, code_at) = (at("sourcedId"), at("code"));
    let mut with_id = 0;
    let mut saw_formula = false;
    for record in reader.records() {
        let record = record.unwrap();
        with_id += usize::from(!record[id_at].is_empty());
        if &record[code_at] == "invalid-sex" {
            assert!(
                !record[id_at].is_empty(),
                "a value finding names its student"
            );
        }
        for cell in record.iter() {
            assert!(
                !matches!(
                    cell.chars().next(),
                    Some('=' | '+' | '-' | '@' | '\t' | '\r')
                ),
                "{cell}"
            );
            saw_formula |= cell.starts_with("'=");
        }
    }
    assert!(saw_formula, "the sample holds a formula-like city");
    assert!(with_id > 0);
}
