//! RULES.md §2: the file — encodings, delimiters, quoting, row shape, output format.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use rostercheck_core::{Code, Fix, Options, Severity};

const ROW: &str =
    "1001,,,2012-03-14,male,false,false,false,false,true,false,false,US,TX,Austin,01652";

#[test]
fn correct_files_come_out_byte_for_byte_identical() {
    let lf = standard_file(&[ROW, "1002,,,2011-01-02,female,,,,,,,,,,,"]);
    assert_eq!(run(&lf).1, lf);
    let crlf = String::from_utf8(lf.clone())
        .unwrap()
        .replace('\n', "\r\n")
        .into_bytes();
    assert_eq!(run(&crlf).1, crlf);
    let no_final_newline = &lf[..lf.len() - 1];
    assert_eq!(run(no_final_newline).1, no_final_newline);
    let quoted = standard_file(&["1003,,,,,,,,,,,,,,\"Washington, D.C.\","]);
    assert_eq!(run(&quoted).1, quoted);
    assert!(run(&quoted).0.findings.is_empty());
}

#[test]
fn utf8_bom_is_removed() {
    let mut input = b"\xEF\xBB\xBF".to_vec();
    input.extend(standard_file(&[ROW]));
    let (report, out) = run(&input);
    assert_eq!(codes(&report), [Code::Bom]);
    assert_eq!(report.findings[0].severity, Severity::Info);
    assert_eq!(out, &input[3..]);
}

#[test]
fn windows_1252_is_recognised_and_reencoded() {
    let mut input = standard_file(&[ROW]);
    input.extend_from_slice(b"1002,,,,,,,,,,,,,,San Jos\xE9,\n");
    let (report, out) = run(&input);
    let found = with_code(&report, Code::Encoding);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, 3);
    assert_eq!(found[0].value.as_deref(), Some("San José"));
    assert!(found[0].message.contains("Windows-1252"));
    assert_eq!(report.encoding.name(), "Windows-1252");
    assert!(String::from_utf8(out).unwrap().contains("San José"));
}

/// A record with Windows-1252 fields, a fixed value, and UTF-8 fields after the first that is
/// not: written in UTF-8 as a whole, whichever way the writer takes.
#[test]
fn windows_1252_rows_are_written_whole_in_utf8() {
    let mut input = standard_file(&[ROW]);
    input.extend_from_slice(b"1002,,,,M,,,,,,,,,,San Jos\xE9,\n");
    input.extend_from_slice(b"1003,,,,,,,,,,,,,,Bogot\xE1,x\xE9z\n");
    input.extend_from_slice("1004,,,,,,,,,,,,,TX,Zürich \u{201C}q\u{201D},\n".as_bytes());
    input.extend_from_slice(b"1005,,,,F,,,,,,,,,,\x93a\x94,\n");
    let (_, out) = run(&input);
    let out = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(rows[0], "1002,,,,male,,,,,,,,,,San José,");
    assert_eq!(rows[1], "1003,,,,,,,,,,,,,,Bogotá,xéz");
    assert_eq!(rows[2], "1004,,,,,,,,,,,,,TX,Zürich \u{201C}q\u{201D},");
    assert_eq!(rows[3], "1005,,,,female,,,,,,,,,,\u{201C}a\u{201D},");
}

#[test]
fn utf16_with_and_without_bom() {
    let text = String::from_utf8(standard_file(&[ROW, "1002,,,,,,,,,,,,,,Zürich,"]))
        .unwrap()
        .replace(',', "\t");
    for (bom, big_endian) in [(true, false), (true, true), (false, false)] {
        let mut input = Vec::new();
        if bom {
            input.extend_from_slice(if big_endian {
                &[0xFE, 0xFF]
            } else {
                &[0xFF, 0xFE]
            });
        }
        for unit in text.encode_utf16() {
            input.extend_from_slice(&if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        let (report, out) = run(&input);
        assert_eq!(
            with_code(&report, Code::Encoding).len(),
            1,
            "bom={bom} be={big_endian}"
        );
        assert_eq!(
            with_code(&report, Code::Delimiter).len(),
            1,
            "Excel Unicode Text is tab-separated"
        );
        assert_eq!(String::from_utf8(out).unwrap(), text.replace('\t', ","));
    }
}

#[test]
fn semicolons_and_tabs_become_commas() {
    let text = String::from_utf8(standard_file(&[ROW])).unwrap();
    for delimiter in [";", "\t"] {
        let (report, out) = run(text.replace(',', delimiter).as_bytes());
        let found = with_code(&report, Code::Delimiter);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].fix, Some(Fix::Recomma));
        assert_eq!(out, text.as_bytes());
    }
}

#[test]
fn binaries_are_not_csv_with_a_message_saying_what_they_are() {
    let cases: &[(&[u8], &str)] = &[
        (
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml",
            "Excel workbook",
        ),
        (b"PK\x03\x04\x14\x00\x00\x00demographics.csv", "zip"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00",
            "Excel workbook (.xls)",
        ),
        (b"%PDF-1.4\n%\xE2\xE3\xCF\xD3", "PDF"),
        (b"\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR", "image"),
        (b"\x7FELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00", "binary"),
    ];
    for (bytes, words) in cases {
        let (report, out) = run(bytes);
        assert!(!report.readable);
        assert_eq!(codes(&report), [Code::NotCsv]);
        assert!(
            report.findings[0].message.contains(words),
            "{}",
            report.findings[0].message
        );
        assert!(out.is_empty());
    }
}

#[test]
fn empty_and_whitespace_files_have_no_data_rows() {
    for input in [&b""[..], b"\n", b"   ", b"\xEF\xBB\xBF", b"\r\n\r\n,,\n"] {
        let (report, out) = run(input);
        let found = with_code(&report, Code::NoDataRows);
        assert_eq!(found.len(), 1, "{input:?}: {:?}", codes(&report));
        assert!(
            found[0].message.contains("The file is empty"),
            "{input:?}: {}",
            found[0].message
        );
        assert!(out.is_empty());
    }
}

#[test]
fn a_header_over_blank_rows_has_no_data_rows() {
    let (report, _) = run(format!("{STANDARD_HEADER}\n,,,\n\n").as_bytes());
    assert_eq!(with_code(&report, Code::NoDataRows).len(), 1);
    // Two blank rows in a row: one finding, both counted.
    assert_eq!(with_code(&report, Code::BlankRow).len(), 1);
    assert_eq!(report.blank_rows, 2);
}

#[test]
fn blank_lines_before_the_header_are_skipped() {
    let input = format!("\n\n{STANDARD_HEADER}\n{ROW}\n");
    let (report, out) = run(input.as_bytes());
    let blank_lines: Vec<u64> = with_code(&report, Code::BlankRow)
        .iter()
        .map(|f| f.line)
        .collect();
    assert_eq!(blank_lines, [1, 2]);
    assert_eq!(out, standard_file(&[ROW]));
    assert!(errors(&report).is_empty());
}

#[test]
fn unclosed_quote_is_reported_and_does_not_swallow_the_file() {
    let input = standard_file(&[
        ROW,
        "1002,,,,,,,,,,,,,,\"Austin,",
        "1003,,,,,,,,,,,,,,Dallas,",
        "1004,,,,,,,,,,,,,,\"El Paso\",",
    ]);
    let (report, out) = run(&input);
    let found = with_code(&report, Code::UnclosedQuote);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].line, found[0].record), (3, Some(1)));
    assert_eq!(report.rows, 4);
    assert_eq!(report.rows_out, 4);
    assert!(String::from_utf8(out)
        .unwrap()
        .contains("1004,,,,,,,,,,,,,,El Paso,"));
}

#[test]
fn stray_quote_is_an_error_on_its_line() {
    let input = standard_file(&[ROW, "1002,,,,,,,,,,,,,,billy \"the kid\" town,"]);
    let (report, _) = run(&input);
    let found = with_code(&report, Code::StrayQuote);
    assert_eq!(
        (found.len(), found[0].line, found[0].severity),
        (1, 3, Severity::Error)
    );
}

#[test]
fn line_breaks_in_fields_become_spaces() {
    let input = standard_file(&[
        ROW,
        "1002,,,,,,,,,,,,,,\"San\r\nAntonio\",",
        "1003,,,,,,,,,,,,,,Waco,",
    ]);
    let (report, out) = run(&input);
    let found = with_code(&report, Code::LineBreakInField);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].fixed_value(), Some("San Antonio"));
    assert_eq!(found[0].column.as_deref(), Some("cityOfBirth"));
    assert_eq!(with_code(&report, Code::Whitespace).len(), 0);
    let waco = report.findings.iter().all(|f| f.line != 5);
    assert!(waco, "the row after a multi-line field starts on line 5");
    assert!(String::from_utf8(out)
        .unwrap()
        .contains("1002,,,,,,,,,,,,,,San Antonio,\n1003"));
}

#[test]
fn blank_rows_are_removed_and_counted() {
    let input = standard_file(&[ROW, ",,,,,,,,,,,,,,,", "", "1002,,,,,,,,,,,,,,,"]);
    let (report, out) = run(&input);
    assert_eq!(
        with_code(&report, Code::BlankRow)
            .iter()
            .map(|f| f.line)
            .collect::<Vec<_>>(),
        [3]
    );
    assert!(with_code(&report, Code::BlankRow)[0]
        .message
        .contains("up to line 4"));
    assert_eq!((report.rows, report.rows_out, report.blank_rows), (4, 2, 2));
    assert_eq!(out, standard_file(&[ROW, "1002,,,,,,,,,,,,,,,"]));
}

#[test]
fn short_rows_are_padded_long_rows_with_data_are_errors() {
    let input = standard_file(&[
        "1001,,,2012-03-14,male",
        "1002,,,,,,,,,,,,,,,,,",
        "1003,,,,,,,,,,,,,,,,extra",
    ]);
    let (report, out) = run(&input);
    let missing = with_code(&report, Code::MissingCell);
    assert_eq!(
        (missing.len(), missing[0].line, missing[0].fix.clone()),
        (1, 2, Some(Fix::PadRow))
    );
    let extra = with_code(&report, Code::ExtraCell);
    assert_eq!(extra.len(), 2);
    assert_eq!((extra[0].line, extra[0].severity), (3, Severity::Info));
    assert_eq!(
        (extra[1].line, extra[1].severity, extra[1].value.as_deref()),
        (4, Severity::Error, Some("extra"))
    );
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("\n1001,,,2012-03-14,male,,,,,,,,,,,\n"));
    assert!(text.contains("\n1002,,,,,,,,,,,,,,,\n"));
    assert!(
        text.contains("\n1003,,,,,,,,,,,,,,,,extra\n"),
        "data is never dropped"
    );
}

#[test]
fn dominant_line_ending_wins_in_a_mixed_file() {
    let input = format!("{STANDARD_HEADER}\n{ROW}\r\n1002,,,,,,,,,,,,,,,\r\n1003,,,,,,,,,,,,,,,\r\n1004,,,,,,,,,,,,,,,\n");
    let (report, out) = run(input.as_bytes());
    let (streamed, streamed_out, again) = stream(input.as_bytes(), 64, &Options::new(today()));
    assert!(again, "a streaming check asks for the second pass");
    assert_eq!(
        (&streamed, &streamed_out),
        (&report, &out),
        "check_and_fix already ran the second pass"
    );
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.matches("\r\n").count(), 5, "{text:?}");
    assert_eq!(text.matches('\n').count(), 5);
}

#[test]
fn blank_header_columns_are_dropped_when_empty_and_kept_with_data() {
    let empty = format!("{STANDARD_HEADER},\n{ROW},\n");
    let (report, out) = run(empty.as_bytes());
    let found = with_code(&report, Code::BlankHeader);
    assert_eq!((found.len(), found[0].severity), (1, Severity::Info));
    assert_eq!(out, standard_file(&[ROW]));

    let with_data = format!("{STANDARD_HEADER},\n{ROW},\n1002,,,,,,,,,,,,,,,,note\n");
    let (report, out) = run(with_data.as_bytes());
    let found = with_code(&report, Code::BlankHeader);
    assert_eq!((found.len(), found[0].severity), (1, Severity::Error));
    assert!(String::from_utf8(out)
        .unwrap()
        .ends_with("1002,,,,,,,,,,,,,,,,note\n"));
}

#[test]
fn chunked_feeding_gives_the_same_result_as_one_piece() {
    let input = fixture("sample-demographics.csv");
    let (whole, whole_out) = run(&input);
    for chunk_size in [1, 7, 64, 1000] {
        let (report, out, _) = stream(&input, chunk_size, &Options::new(today()));
        assert_eq!(report, whole, "chunk size {chunk_size}");
        assert_eq!(out, whole_out, "chunk size {chunk_size}");
    }
}

#[test]
fn control_characters_are_removed_so_the_corrected_file_reads_as_text() {
    // Found by mutation fuzzing: a NUL after the first 8 KB passed the sniffing, was kept, and
    // made the corrected file look binary.
    let mut rows: Vec<String> = (0..400)
        .map(|i| format!("{},,,,,,,,,,,,,,Austin,", 1000 + i))
        .collect();
    rows.push("2000,,,,male\u{0},,,,,,,,,,Wa\u{1B}co,,extra\u{0}".to_string());
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let input = standard_file(&refs);
    assert!(input.len() > 8192);
    let (report, out) = run(&input);
    assert!(!out.contains(&0) && !out.contains(&0x1B));
    let cleaned: Vec<Option<&str>> = with_code(&report, Code::Whitespace)
        .iter()
        .map(|f| f.fixed_value())
        .collect();
    assert_eq!(cleaned, [Some("male"), Some("Waco")]);
    let (again, same) = run(&out);
    assert!(again.readable);
    assert_eq!(same, out, "the corrected file is a fixed point");
}

#[test]
fn old_mac_line_endings_are_read_as_lines() {
    let input = format!("{STANDARD_HEADER}\r{ROW}\r1002,,,,M,,,,,,,,,,,\r");
    let (report, out) = run(input.as_bytes());
    assert_eq!(report.rows, 2);
    let found = with_code(&report, Code::LineEnding);
    assert_eq!((found.len(), found[0].severity), (1, Severity::Warning));
    assert_eq!(
        with_code(&report, Code::InvalidSex)[0].line,
        3,
        "a CR starts a new line"
    );
    assert_eq!(out, standard_file(&[ROW, "1002,,,,male,,,,,,,,,,,"]));
}

/// Found by fuzzing (`fuzz/fuzz_targets/check.rs`): extra fields holding only a control
/// character were kept as data, then written clean (empty), so checking the corrected file
/// trimmed them: not a fixed point.
#[test]
fn extra_fields_that_clean_to_nothing_are_empty_extra_fields() {
    let input = b"sourcedId,sex\n1,male,\x05,\n2,female, \xE2\x80\x8B\n".to_vec();
    let (report, out) = run(&input);
    let extra = with_code(&report, Code::ExtraCell);
    assert_eq!(extra.len(), 2);
    assert!(
        extra.iter().all(|f| f.severity == Severity::Info),
        "{extra:?}"
    );
    let (_, again) = run(&out);
    assert_eq!(again, out, "the corrected file is a fixed point");
}

/// Found by fuzzing, the same way: a row of control characters is a blank row.
#[test]
fn a_row_of_control_characters_and_invisible_spaces_is_blank() {
    let input = b"sourcedId,sex\n1,male\n\x05,\xE2\x80\x8B\n".to_vec();
    let (report, out) = run(&input);
    assert_eq!(report.blank_rows, 1);
    assert_eq!(report.rows_out, 1);
    let (_, again) = run(&out);
    assert_eq!(again, out);
}

/// Found by fuzzing: a nameless column whose only data is a control character was kept (with
/// its `blank-header` error) and written empty, so checking the corrected file removed it.
#[test]
fn a_nameless_column_of_control_characters_holds_no_data() {
    let input = b"sourcedId,,sex\n1,\x05,male\n2,,female\n".to_vec();
    let (report, out) = run(&input);
    let blank = with_code(&report, Code::BlankHeader);
    assert_eq!(blank.len(), 1);
    assert_eq!(blank[0].severity, Severity::Info, "removed, not kept");
    let (_, again) = run(&out);
    assert_eq!(again, out);
}

/// Found by fuzzing: two rows that differ only in a nameless column that holds data further
/// down were reported as an exact copy (the column was not written yet), then both written by
/// the second pass. They are not copies.
#[test]
fn rows_that_differ_only_in_a_nameless_column_are_not_copies() {
    let input = b"sourcedId,,sex\n1,a,male\n1,b,male\n".to_vec();
    let (report, out) = run(&input);
    assert!(with_code(&report, Code::DuplicateRow).is_empty());
    assert_eq!(with_code(&report, Code::DuplicateId).len(), 1);
    assert_eq!(report.rows_out, 2);
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 3);
}

/// Found by fuzzing: a short row (padded) and a full row with an empty nameless column are the
/// same row once written, in both passes.
#[test]
fn a_padded_row_and_its_copy_are_copies_whatever_the_layout() {
    let input = b"sourcedId,sex,\n1,male\n1,male,\n2,female,x\n".to_vec();
    let (report, out) = run(&input);
    assert_eq!(with_code(&report, Code::DuplicateRow).len(), 1);
    assert_eq!(report.rows_out, 2);
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 3);
}

/// Found by fuzzing (`check`): a header name of many semicolons, quoted in the input, was
/// written bare, and the corrected file was then read as semicolon-separated.
#[test]
fn a_header_name_of_semicolons_keeps_the_corrected_file_comma_separated() {
    // More semicolons than the 16 commas of the corrected header.
    let name = format!("ext{}x", ";".repeat(20));
    let input = format!("sourcedId,\"{name}\",sex\n1001,a,M\n");
    let (_, out) = run(input.as_bytes());
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.contains(&format!(",\"{name}\"")), "{text}");
    let (again, again_out) = run(&out);
    assert_eq!(again_out, out, "the corrected file is a fixed point");
    assert_eq!(again.delimiter, ',');
}

#[test]
fn the_corrected_file_written_as_it_is_made_is_the_one_check_and_fix_gives() {
    use rostercheck_core::{check_and_fix_pieces_to, Output, Pieces};
    // In 64-byte pieces; the mixed line endings make the end ask for a second pass.
    struct InPieces<'a>(&'a [u8]);
    impl Pieces for InPieces<'_> {
        fn each_piece(&mut self, each: &mut dyn FnMut(&[u8])) -> std::io::Result<()> {
            self.0.chunks(64).for_each(each);
            Ok(())
        }
    }
    #[derive(Default)]
    struct Written {
        bytes: Vec<u8>,
        writes: usize,
        restarts: usize,
    }
    impl Output for Written {
        fn write(&mut self, bytes: &[u8]) {
            self.bytes.extend_from_slice(bytes);
            self.writes += usize::from(!bytes.is_empty());
        }
        fn restart(&mut self) {
            self.bytes.clear();
            self.restarts += 1;
        }
    }
    // Checked in 64-byte pieces, written to a `Written`: the same as a whole-file check.
    let written_in_pieces = |input: &str| {
        let mut written = Written::default();
        let options = Options::new(today());
        let mut pieces = InPieces(input.as_bytes());
        let report =
            check_and_fix_pieces_to(&mut pieces, &options, &mut |_| {}, &mut written).unwrap();
        assert_eq!((report, written.bytes.clone()), run(input.as_bytes()));
        written
    };
    let input = format!("{STANDARD_HEADER}\n{ROW}\r\n1002,,,,,,,,,,,,,,,\r\n1003,,,,,,,,,,,,,,,\r\n1004,,,,,,,,,,,,,,,\n");
    let written = written_in_pieces(&input);
    assert_eq!(written.restarts, 1, "the second pass writes the file again");

    // A longer file comes out while it is read, not at the end.
    let mut long = format!("{STANDARD_HEADER}\n");
    for id in 0..5_000 {
        long.push_str(&format!("{id},,,2012-03-14,male,,,,,,,,,,,\n"));
    }
    let written = written_in_pieces(&long);
    assert!(
        written.writes > 100,
        "written as it is made: {} writes with bytes",
        written.writes
    );
}
