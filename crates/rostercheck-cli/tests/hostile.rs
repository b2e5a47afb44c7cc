//! The catalogue of hostile inputs (`tests/hostile/README.md`): each one run through the real
//! `rostercheck` binary, with the exit status, the finding codes and the message it must give —
//! never a panic, a hang or a lost row — and, for every file it can read, a corrected file that
//! checking again leaves as it is.
//!
//! The table in `tests/hostile/README.md` is made from this list and the messages the binary
//! gives: `UPDATE_HOSTILE=1 cargo test -p rostercheck-cli --test hostile` writes it, and the test
//! fails when it is out of date.

mod common;
use common::{xlsx_of, zip_of};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One hostile input.
struct Case {
    /// The name the table gives it.
    name: &'static str,
    /// What the input is, in the table's words.
    input: &'static str,
    make: fn() -> Vec<u8>,
    /// The exit status: 0 no errors left, 1 errors left, 2 not read.
    exit: i32,
    /// Finding codes the JSON must have (the first one's message goes in the table).
    codes: &'static [&'static str],
    /// Words that message must contain.
    says: &'static str,
    /// Whether to check the corrected file again (off for the few inputs too big to run thrice).
    again: bool,
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("fixtures").join(name)).expect("fixture")
}

const HEADER: &str = "sourcedId,sex,cityOfBirth";

/// A file of `sourcedId,sex,cityOfBirth` rows.
fn rows(rows: &[&str]) -> Vec<u8> {
    let mut text = format!("{HEADER}\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text.into_bytes()
}

/// A file with one city.
fn city(value: &str) -> Vec<u8> {
    let quoted = format!("\"{}\"", value.replace('"', "\"\""));
    rows(&[&format!("1001,male,{quoted}")])
}

/// A file with one ID.
fn id(value: &str) -> Vec<u8> {
    rows(&[&format!("{value},male,Austin")])
}

/// Where `needle` starts in `bytes`, every time.
fn find_all(bytes: &[u8], needle: &[u8]) -> Vec<usize> {
    (0..bytes.len().saturating_sub(needle.len() - 1))
        .filter(|&at| &bytes[at..at + needle.len()] == needle)
        .collect()
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

fn utf16be(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

const CASES: &[Case] = &[
    Case {
        name: "empty-file",
        input: "0 bytes",
        make: Vec::new,
        exit: 1,
        codes: &["no-data-rows"],
        says: "empty",
        again: true,
    },
    Case {
        name: "bom-alone",
        input: "a UTF-8 byte-order mark and nothing else",
        make: || b"\xEF\xBB\xBF".to_vec(),
        exit: 1,
        codes: &["bom", "no-data-rows"],
        says: "byte-order mark",
        again: true,
    },
    Case {
        name: "nul-bytes",
        input: "1 MB of NUL bytes",
        make: || vec![0; 1 << 20],
        exit: 2,
        codes: &["not-csv"],
        says: "binary",
        again: false,
    },
    Case {
        name: "nul-in-a-value",
        input: "a CSV with one NUL byte inside a city",
        make: || b"sourcedId,cityOfBirth\n1,Aus\x00tin\n".to_vec(),
        exit: 2,
        codes: &["not-csv"],
        says: "binary",
        again: false,
    },
    Case {
        name: "png-image",
        input: "a PNG picture",
        make: || fixture("image.png"),
        exit: 2,
        codes: &["not-csv"],
        says: "image",
        again: false,
    },
    Case {
        name: "pdf",
        input: "a PDF document",
        make: || b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n".to_vec(),
        exit: 2,
        codes: &["not-csv"],
        says: "PDF",
        again: false,
    },
    Case {
        name: "html-page",
        input: "an HTML page saved instead of the export",
        make: || {
            b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>\n"
                .to_vec()
        },
        exit: 2,
        codes: &["not-csv"],
        says: "web page",
        again: false,
    },
    Case {
        name: "zip-bundle",
        input: "a zip's first member alone, without its directory (a download cut short)",
        make: || fixture("bundle.zip"),
        exit: 2,
        codes: &["zip-refused"],
        says: "cut short",
        again: false,
    },
    Case {
        name: "zip-bomb-ratio",
        input: "a zip bomb: 8 MB of zeros deflated to 8 KB",
        make: || zip_of(&[("demographics.csv", &vec![b'0'; 8 << 20])]),
        exit: 2,
        codes: &["zip-refused"],
        says: "zip bomb",
        again: false,
    },
    Case {
        name: "zip-bomb-nested",
        input: "a zip holding a zip",
        make: || {
            zip_of(&[(
                "inner.zip",
                &zip_of(&[("demographics.csv", b"sourcedId\n1\n")]),
            )])
        },
        exit: 2,
        codes: &["zip-refused"],
        says: "holds another zip",
        again: false,
    },
    Case {
        name: "zip-too-large",
        input: "a zip whose members claim 7.5 GB in all",
        make: || {
            let mut zip = zip_of(&[
                ("users.csv", b"sourcedId\n1\n"),
                ("demographics.csv", b"sourcedId\n1\n"),
            ]);
            // Both central headers claim 3.75 GB unzipped.
            for at in find_all(&zip, b"PK\x01\x02") {
                zip[at + 24..at + 28].copy_from_slice(&0xF000_0000u32.to_le_bytes());
            }
            zip
        },
        exit: 2,
        codes: &["zip-refused"],
        says: "larger than 4 GB",
        again: false,
    },
    Case {
        name: "zip-many-entries",
        input: "a zip of 1,001 files",
        make: || {
            let names: Vec<String> = (0..1001).map(|i| format!("f{i}.csv")).collect();
            let members: Vec<(&str, &[u8])> =
                names.iter().map(|n| (n.as_str(), &b"a\n"[..])).collect();
            zip_of(&members)
        },
        exit: 2,
        codes: &["zip-refused"],
        says: "more than 1,000 entries",
        again: false,
    },
    Case {
        name: "zip-encrypted",
        input: "a password-protected zip",
        make: || {
            let mut zip = zip_of(&[("demographics.csv", b"sourcedId\n1\n")]);
            // The "encrypted" bit of both headers' flags.
            for (signature, offset) in [(&b"PK\x03\x04"[..], 6), (b"PK\x01\x02", 8)] {
                for at in find_all(&zip, signature) {
                    zip[at + offset] |= 1;
                }
            }
            zip
        },
        exit: 2,
        codes: &["zip-refused"],
        says: "password",
        again: false,
    },
    Case {
        name: "zip-parent-folder",
        input: "a zip member named ../demographics.csv",
        make: || zip_of(&[("../demographics.csv", b"sourcedId\n1\n")]),
        exit: 2,
        codes: &["zip-refused"],
        says: "points outside",
        again: false,
    },
    Case {
        name: "zip-absolute-name",
        input: "a zip member named /etc/demographics.csv",
        make: || zip_of(&[("/etc/demographics.csv", b"sourcedId\n1\n")]),
        exit: 2,
        codes: &["zip-refused"],
        says: "points outside",
        again: false,
    },
    Case {
        name: "zip-duplicate-names",
        input: "a zip with users.csv twice",
        make: || {
            let mut zip = zip_of(&[
                ("users.csv", b"sourcedId\n1\n"),
                ("usexs.csv", b"sourcedId\n2\n"),
            ]);
            for at in find_all(&zip, b"usexs.csv") {
                zip[at..at + 9].copy_from_slice(b"users.csv");
            }
            zip
        },
        exit: 2,
        codes: &["zip-refused"],
        says: "in it twice",
        again: false,
    },
    Case {
        name: "zip-truncated",
        input: "a zip cut short by 40 bytes",
        make: || {
            let mut zip = zip_of(&[("demographics.csv", b"sourcedId,sex\n1,male\n")]);
            zip.truncate(zip.len() - 40);
            zip
        },
        exit: 2,
        codes: &["zip-refused"],
        says: "cut short",
        again: false,
    },
    Case {
        name: "zip-unknown-student",
        input: "a good bundle whose demographics.csv has a student users.csv lacks",
        make: || {
            zip_of(&[
                ("manifest.csv", b"propertyName,value\noneroster.version,1.1\nfile.users,bulk\nfile.demographics,bulk\n"),
                ("users.csv", b"sourcedId,role,givenName,familyName\n1001,student,A,B\n1002,student,C,D\n"),
                ("demographics.csv", b"sourcedId,sex\n1001,male\n9999,female\n"),
            ])
        },
        exit: 1,
        codes: &["unknown-user", "student-without-demographics"],
        says: "No user in users.csv has the ID \"9999\"",
        again: true,
    },
    Case {
        name: "xlsx-workbook",
        input: "an Excel workbook, named .csv (the sample, every cell text)",
        make: || fixture("workbook.xlsx"),
        exit: 1,
        codes: &["invalid-sex", "duplicate-id"],
        says: "was changed to \"male\"",
        again: true,
    },
    Case {
        name: "ole-zeros",
        input: "an OLE container (what .xls and encrypted .xlsx are) of zeros",
        make: || {
            let mut b = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
            b.resize(4096, 0);
            b
        },
        exit: 2,
        codes: &["workbook-unreadable"],
        says: "damaged or not really a workbook",
        again: false,
    },
    Case {
        name: "encrypted-workbook",
        input: "a password-protected .xlsx (msoffcrypto-tool)",
        make: || fixture("workbooks/encrypted.xlsx"),
        exit: 2,
        codes: &["workbook-unreadable"],
        says: "protected with a password",
        again: false,
    },
    Case {
        name: "xls-cut-short",
        input:
            "an .xls cut at 4,624 bytes (its sector chain loops: calamine alone asked for 24 GB)",
        make: || fixture("workbooks/table.xls")[..4624].to_vec(),
        exit: 2,
        codes: &["workbook-unreadable"],
        says: "damaged",
        again: false,
    },
    Case {
        name: "xlsx-zip-bomb",
        input: "an .xlsx whose sheet is 300 MB of one repeated byte (1,000 times its zipped size)",
        make: || {
            use std::io::Write;
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let deflate = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .compression_level(Some(9));
            zip.start_file("[Content_Types].xml", deflate).unwrap();
            zip.write_all(b"<Types/>").unwrap();
            zip.start_file("xl/workbook.xml", deflate).unwrap();
            zip.write_all(b"<workbook/>").unwrap();
            zip.start_file("xl/worksheets/sheet1.xml", deflate).unwrap();
            let block = vec![b' '; 1 << 20];
            for _ in 0..300 {
                zip.write_all(&block).unwrap();
            }
            zip.finish().unwrap().into_inner()
        },
        exit: 2,
        codes: &["workbook-unreadable"],
        says: "zip bomb",
        again: false,
    },
    Case {
        name: "xlsx-far-cell",
        input: "an .xlsx of 1 KB with a value in A1 and one in XFD1048576 (calamine would make a grid of 17 billion cells)",
        make: || fixture("workbooks/far-cell.xlsx"),
        exit: 2,
        codes: &["workbook-unreadable"],
        says: "a value far from the rest",
        again: false,
    },
    Case {
        name: "xlsx-uncalculated-formula",
        input: "an .xlsx whose formula was never calculated (written by a program: no cached value)",
        make: || fixture("workbooks/uncalculated.xlsx"),
        exit: 1,
        codes: &["cell-error"],
        says: "never calculated",
        again: true,
    },
    Case {
        name: "xlsx-many-sheets",
        input: "an .xlsx of 300 sheets, the roster the last",
        make: || fixture("workbooks/many-sheets.xlsx"),
        exit: 0,
        codes: &["workbook-sheet"],
        says: "the workbook has 300 sheets",
        again: true,
    },
    Case {
        name: "xlsx-two-rosters",
        input: "an .xlsx with two sheets that both look like demographics",
        make: || fixture("workbooks/ambiguous.xlsx"),
        exit: 2,
        codes: &["workbook-sheet"],
        says: "Several sheets look like this file: Fall, Spring",
        again: false,
    },
    Case {
        name: "xlsx-na-from-vlookup",
        input: "an .xlsx with a VLOOKUP's #N/A and formula values",
        make: || fixture("workbooks/formulas.xlsx"),
        exit: 1,
        codes: &["cell-error", "formula-value"],
        says: "#N/A",
        again: true,
    },
    Case {
        name: "xlsx-million-shared-strings",
        input: "an .xlsx whose shared strings are 1,000,000 strings (30 MB), the sheet using 5",
        make: || {
            let used = ["sourcedId", "sex", "cityOfBirth", "male", "Austin"];
            let unused = (0..1_000_000).map(|n| format!("unused string {n}"));
            let header: &[&str] = &["s:0", "s:1", "s:2"];
            xlsx_of(&[header, &["1001", "s:3", "s:4"]], used.map(String::from).into_iter().chain(unused))
        },
        exit: 0,
        codes: &["missing-standard-column"],
        says: "status is missing",
        again: true,
    },
    Case {
        name: "xlsx-fifty-megabyte-shared-string",
        input: "an .xlsx whose one shared string is a city of 50 MB",
        make: || {
            let strings = ["sourcedId", "sex", "cityOfBirth", "male"].map(String::from);
            let header: &[&str] = &["s:0", "s:1", "s:2"];
            let city = std::iter::once("x".repeat(50 << 20));
            xlsx_of(&[header, &["1001", "s:3", "s:4"]], strings.into_iter().chain(city))
        },
        exit: 0,
        codes: &["missing-standard-column"],
        says: "status is missing",
        again: false,
    },
    Case {
        name: "xlsx-shared-strings-bomb",
        input: "an .xlsx whose shared strings are 1,200,000 copies of one string, deflated more than 250 times smaller",
        make: || {
            let strings = ["sourcedId", "sex"].map(String::from);
            let header: &[&str] = &["s:0", "s:1"];
            let copies = std::iter::repeat_n(String::from("x"), 1_200_000);
            let stored = xlsx_of(&[header, &["1001", "s:2"]], strings.into_iter().chain(copies));
            // The same parts deflated as hard as deflate goes.
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored)).unwrap();
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let deflate = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .compression_level(Some(9));
            for i in 0..archive.len() {
                let mut part = archive.by_index(i).unwrap();
                zip.start_file(part.name().to_owned(), deflate).unwrap();
                std::io::copy(&mut part, &mut zip).unwrap();
            }
            zip.finish().unwrap().into_inner()
        },
        exit: 2,
        codes: &["workbook-unreadable"],
        says: "\"xl/sharedStrings.xml\" would expand more than 250 times",
        again: false,
    },
    Case {
        name: "five-million-users",
        input: "a bundle whose users.csv has 5,000,000 students (300 MB), two with demographics",
        make: || {
            use std::io::Write;
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            zip.start_file("manifest.csv", stored).unwrap();
            zip.write_all(b"propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.users,bulk\nfile.demographics,bulk\n").unwrap();
            zip.start_file("demographics.csv", stored).unwrap();
            zip.write_all(b"sourcedId,sex\ns0000001,male\ns4999999,female\n").unwrap();
            zip.start_file("users.csv", stored).unwrap();
            zip.write_all(b"sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n").unwrap();
            let mut block = Vec::with_capacity(8 << 20);
            for n in 0..5_000_000 {
                writeln!(block, "s{n:07},,,true,org1,student,u{n},,A,B,,{n},,,,,05,").unwrap();
                if block.len() > (8 << 20) - 100 {
                    zip.write_all(&block).unwrap();
                    block.clear();
                }
            }
            zip.write_all(&block).unwrap();
            zip.finish().unwrap().into_inner()
        },
        exit: 0,
        codes: &["student-without-demographics"],
        says: "4,999,998 students in users.csv have no row in demographics.csv",
        again: false,
    },
    Case {
        name: "hundred-thousand-columns",
        input: "a header of 100,000 columns and one row",
        make: || {
            let names: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
            format!("{}\n{}\n", names.join(","), names.join(",")).into_bytes()
        },
        exit: 1,
        codes: &["wrong-file", "unknown-column"],
        says: "does not look like",
        again: false,
    },
    Case {
        name: "fifty-megabyte-field",
        input: "one city of 50 MB",
        make: || {
            let mut b = b"sourcedId,cityOfBirth\n1,".to_vec();
            b.resize(b.len() + (50 << 20), b'a');
            b.push(b'\n');
            b
        },
        exit: 0,
        codes: &["missing-standard-column"],
        says: "missing",
        again: false,
    },
    Case {
        name: "ten-million-empty-lines",
        input: "a header, one student, then 10,000,000 empty lines",
        make: || {
            let mut b = rows(&["1001,male,Austin"]);
            b.resize(b.len() + 10_000_000, b'\n');
            b
        },
        exit: 0,
        codes: &["blank-row"],
        says: "all 10,000,000 were removed",
        again: false,
    },
    Case {
        name: "only-commas",
        input: "lines of commas only",
        make: || b",,,\n,,,\n,,,\n".to_vec(),
        exit: 1,
        codes: &["no-data-rows"],
        says: "empty",
        again: true,
    },
    Case {
        name: "header-only",
        input: "a header and no rows",
        make: || format!("{HEADER}\n").into_bytes(),
        exit: 1,
        codes: &["no-data-rows"],
        says: "no students",
        again: true,
    },
    Case {
        name: "blank-lines-before-the-header",
        input: "empty lines, then the file",
        make: || {
            let mut b = b"\n\n\n".to_vec();
            b.extend(rows(&["1001,male,Austin"]));
            b
        },
        exit: 0,
        codes: &["blank-row"],
        says: "empty",
        again: true,
    },
    Case {
        name: "utf16-lone-surrogate",
        input: "UTF-16 LE with a lone surrogate in a city",
        make: || {
            let mut b = utf16le(&format!("{HEADER}\n1001,male,"), true);
            b.extend_from_slice(&[0x00, 0xD8]);
            b.extend(utf16le("\n", false));
            b
        },
        exit: 0,
        codes: &["encoding"],
        says: "UTF-16 LE",
        again: true,
    },
    Case {
        name: "utf16-be",
        input: "UTF-16 BE with a BOM",
        make: || utf16be(&format!("{HEADER}\n1001,male,San José\n")),
        exit: 0,
        codes: &["encoding"],
        says: "UTF-16 BE",
        again: true,
    },
    Case {
        name: "utf16-without-bom",
        input: "UTF-16 LE without a BOM",
        make: || utf16le(&format!("{HEADER}\n1001,male,Austin\n"), false),
        exit: 0,
        codes: &["encoding"],
        says: "UTF-16 LE",
        again: true,
    },
    Case {
        name: "mixed-encodings-by-line",
        input: "UTF-8 lines, then a Windows-1252 line",
        make: || {
            let mut b = rows(&["1001,male,San José", "1002,male,Bogotá"]);
            b.extend_from_slice(b"1003,female,Le\xF3n\n");
            b
        },
        exit: 0,
        codes: &["encoding"],
        says: "Windows-1252",
        again: true,
    },
    Case {
        name: "overlong-utf8",
        input: "an overlong UTF-8 sequence (C0 80)",
        make: || b"sourcedId,cityOfBirth\n1,Caf\xC0\x80\n".to_vec(),
        exit: 0,
        codes: &["encoding"],
        says: "not UTF-8",
        again: true,
    },
    Case {
        name: "ten-thousand-duplicate-headers",
        input: "10,000 columns all named sex",
        make: || {
            let names = vec!["sex"; 10_000].join(",");
            let values = vec!["male"; 10_000].join(",");
            format!("sourcedId,{names}\n1,{values}\n").into_bytes()
        },
        exit: 1,
        codes: &["duplicate-column"],
        says: "Two columns are sex",
        again: true,
    },
    Case {
        name: "no-sourcedid-column",
        input: "demographics without a sourcedId column",
        make: || b"sex,birthDate\nmale,2012-03-14\n".to_vec(),
        exit: 1,
        codes: &["missing-required-column"],
        says: "No column is sourcedId",
        again: true,
    },
    Case {
        name: "header-with-a-line-break",
        input: "a quoted header name with a line break inside",
        make: || b"\"source\ndId\",sex\n1,male\n".to_vec(),
        exit: 0,
        codes: &["header-case"],
        says: "should be written",
        again: true,
    },
    Case {
        name: "megabyte-header-name",
        input: "a column name of 1 MB",
        make: || {
            let mut b = b"sourcedId,".to_vec();
            b.resize(b.len() + (1 << 20), b'x');
            b.extend_from_slice(b"\n1,y\n");
            b
        },
        exit: 0,
        codes: &["unknown-column"],
        says: "not a OneRoster demographics column",
        again: true,
    },
    Case {
        name: "users-csv",
        input: "users.csv dropped by mistake (100,000 users)",
        make: || {
            let mut t = String::from("sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,givenName,familyName\n");
            for i in 0..100_000 {
                t.push_str(&format!("{i},,,true,org1,student,u{i},Ann,Lee\n"));
            }
            t.into_bytes()
        },
        exit: 1,
        codes: &["wrong-file"],
        says: "users.csv",
        again: false,
    },
    Case {
        name: "manifest-csv",
        input: "manifest.csv dropped by mistake",
        make: || b"propertyName,value\nmanifest.version,1.0\nfile.demographics,bulk\n".to_vec(),
        exit: 1,
        codes: &["wrong-file"],
        says: "manifest.csv",
        again: true,
    },
    Case {
        name: "sds-file",
        input: "a Microsoft School Data Sync demographics file",
        make: || {
            b"userSourcedId,sex,birthDate,birthCity,birthState,birthCountry,ethnicityCodes,raceCodes\n1,m,2012-03-14,Austin,TX,US,,\n".to_vec()
        },
        exit: 1,
        codes: &["wrong-file"],
        says: "School Data Sync",
        again: true,
    },
    Case {
        name: "semicolons",
        input: "semicolon-separated (European Excel)",
        make: || b"sourcedId;sex\n1;male\n".to_vec(),
        exit: 0,
        codes: &["delimiter"],
        says: "semicolons",
        again: true,
    },
    Case {
        name: "tabs",
        input: "tab-separated",
        make: || b"sourcedId\tsex\n1\tmale\n".to_vec(),
        exit: 0,
        codes: &["delimiter"],
        says: "tabs",
        again: true,
    },
    Case {
        name: "cr-only-line-endings",
        input: "old Mac line endings (CR only)",
        make: || b"sourcedId,sex\r1,male\r2,female\r".to_vec(),
        exit: 0,
        codes: &["line-ending"],
        says: "carriage return",
        again: true,
    },
    Case {
        name: "unclosed-quote",
        input: "a quote opened and never closed",
        make: || rows(&["1001,male,\"Austin", "1002,female,Dallas"]),
        exit: 1,
        codes: &["unclosed-quote"],
        says: "never closed",
        again: true,
    },
    Case {
        name: "stray-quote",
        input: "a quote inside an unquoted value",
        make: || rows(&["1001,male,Aus\"tin"]),
        exit: 1,
        codes: &["stray-quote"],
        says: "quote",
        again: true,
    },
    Case {
        name: "million-quotes",
        input: "a value of 1,000,000 escaped quotes",
        make: || {
            let mut b = b"sourcedId,cityOfBirth\n1,\"".to_vec();
            b.resize(b.len() + 2_000_000, b'"');
            b.extend_from_slice(b"\"\n");
            b
        },
        exit: 0,
        codes: &["missing-standard-column"],
        says: "missing",
        again: false,
    },
    Case {
        name: "thousand-extra-cells",
        input: "a row with 1,000 extra values",
        make: || {
            let extra = vec!["x"; 1000].join(",");
            rows(&[&format!("1001,male,Austin,{extra}")])
        },
        exit: 1,
        codes: &["extra-cell"],
        says: "more than the header",
        again: true,
    },
    Case {
        name: "missing-cells",
        input: "a row shorter than the header",
        make: || rows(&["1001"]),
        exit: 0,
        codes: &["missing-cell"],
        says: "missing fields",
        again: true,
    },
    Case {
        name: "thousand-copies-of-a-row",
        input: "one row repeated 1,000 times",
        make: || {
            let row = "1001,male,Austin";
            rows(&vec![row; 1000])
        },
        exit: 0,
        codes: &["duplicate-row"],
        says: "exact copy",
        again: true,
    },
    Case {
        name: "duplicate-ids",
        input: "two students with one sourcedId",
        make: || rows(&["1001,male,Austin", "1001,female,Dallas"]),
        exit: 1,
        codes: &["duplicate-id"],
        says: "more than once",
        again: true,
    },
    Case {
        name: "ten-thousand-character-id",
        input: "a sourcedId of 10,000 characters",
        make: || id(&"9".repeat(10_000)),
        exit: 0,
        codes: &["id-charset"],
        says: "longer than 255",
        again: true,
    },
    Case {
        name: "cyrillic-lookalike-id",
        input: "a sourcedId with a Cyrillic а (U+0430) for a Latin a",
        make: || id("stud\u{430}nt1"),
        exit: 0,
        codes: &["id-charset"],
        says: "characters other than",
        again: true,
    },
    Case {
        name: "bidi-override-in-id",
        input: "a right-to-left override (U+202E) inside a sourcedId",
        make: || id("10\u{202E}01"),
        exit: 0,
        codes: &["whitespace"],
        says: "direction marks",
        again: true,
    },
    Case {
        name: "bidi-isolates-in-a-value",
        input: "bidirectional isolates around a city",
        make: || city("\u{2066}Austin\u{2069}"),
        exit: 0,
        codes: &["whitespace"],
        says: "invisible",
        again: true,
    },
    Case {
        name: "zero-width-space-in-id",
        input: "a zero-width space inside a sourcedId",
        make: || id("10\u{200B}01"),
        exit: 0,
        codes: &["whitespace"],
        says: "zero-width",
        again: true,
    },
    Case {
        name: "control-character",
        input: "an escape character (0x1B) in a value",
        make: || city("Aus\u{1B}tin"),
        exit: 0,
        codes: &["whitespace"],
        says: "control characters",
        again: true,
    },
    Case {
        name: "scientific-id-lost",
        input: "an ID Excel showed as 1.23457E+11",
        make: || id("1.23457E+11"),
        exit: 1,
        codes: &["id-mangled"],
        says: "is lost",
        again: true,
    },
    Case {
        name: "scientific-id-whole",
        input: "an ID Excel showed as 1.00238E+05",
        make: || id("1.00238E+05"),
        exit: 0,
        codes: &["id-scientific"],
        says: "every digit",
        again: true,
    },
    Case {
        name: "id-as-a-date",
        input: "an ID Excel turned into a date",
        make: || id("3/14/2012"),
        exit: 1,
        codes: &["id-mangled"],
        says: "looks like a date",
        again: true,
    },
    Case {
        name: "excel-serial-date",
        input: "a birth date as an Excel serial number (40982)",
        make: || b"sourcedId,birthDate\n1,40982\n".to_vec(),
        exit: 1,
        codes: &["invalid-date"],
        says: "not a date",
        again: true,
    },
    Case {
        name: "ambiguous-dates-mixed",
        input: "a birth-date column mixing day-first and month-first dates",
        make: || b"sourcedId,birthDate\n1,14/10/2012\n2,10/14/2012\n3,3/4/2012\n".to_vec(),
        exit: 1,
        codes: &["ambiguous-date"],
        says: "two different days",
        again: true,
    },
    Case {
        name: "html-in-a-value",
        input: "an HTML <script> in a city",
        make: || city("<script>alert(1)</script>"),
        exit: 0,
        codes: &["missing-standard-column"],
        says: "missing",
        again: true,
    },
    Case {
        name: "javascript-url-in-a-value",
        input: "a javascript: URL in a city",
        make: || city("javascript:alert(1)"),
        exit: 0,
        codes: &["missing-standard-column"],
        says: "missing",
        again: true,
    },
    Case {
        name: "formula-equals",
        input: "a city starting with =",
        make: || city("=1+1"),
        exit: 0,
        codes: &["formula-like-value"],
        says: "formula",
        again: true,
    },
    Case {
        name: "formula-plus",
        input: "a city starting with +",
        make: || city("+1"),
        exit: 0,
        codes: &["formula-like-value"],
        says: "formula",
        again: true,
    },
    Case {
        name: "formula-minus",
        input: "a city starting with -",
        make: || city("-2+3"),
        exit: 0,
        codes: &["formula-like-value"],
        says: "formula",
        again: true,
    },
    Case {
        name: "formula-at",
        input: "a city starting with @",
        make: || city("@SUM(A1)"),
        exit: 0,
        codes: &["formula-like-value"],
        says: "formula",
        again: true,
    },
    Case {
        name: "formula-tab",
        input: "a city starting with TAB",
        make: || city("\t=1"),
        exit: 0,
        codes: &["formula-like-value"],
        says: "formula",
        again: true,
    },
    Case {
        name: "formula-cr",
        input: "a city starting with CR",
        make: || city("\r=1"),
        exit: 0,
        codes: &["line-break-in-field"],
        says: "several lines",
        again: true,
    },
    Case {
        name: "formula-full-width",
        input: "a city starting with a full-width ＝",
        make: || city("\u{FF1D}1+1"),
        exit: 0,
        codes: &["formula-like-value"],
        says: "formula",
        again: true,
    },
    Case {
        name: "formula-dde",
        input: "the DDE payload =cmd|' /C calc'!A0",
        make: || city("=cmd|' /C calc'!A0"),
        exit: 0,
        codes: &["formula-like-value"],
        says: "formula",
        again: true,
    },
    Case {
        name: "formula-hyperlink",
        input: "=HYPERLINK(...) in a city",
        make: || city("=HYPERLINK(\"http://x\",\"y\")"),
        exit: 0,
        codes: &["formula-like-value"],
        says: "formula",
        again: true,
    },
];

/// What the binary answered.
struct Answer {
    exit: i32,
    json: serde_json::Value,
}

fn check(path: &Path, fix: Option<&Path>) -> Answer {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rostercheck"));
    command.args(["check", "--today", "2026-11-28", "--format", "json"]);
    if let Some(fix) = fix {
        command.arg("--fix").arg(fix);
    }
    let output = command.arg(path).output().expect("run rostercheck");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{}: {stderr}", path.display());
    let json = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{}: not one JSON object ({e}): {stderr}", path.display()));
    Answer {
        exit: output.status.code().expect("an exit status, not a signal"),
        json,
    }
}

/// The message of the first finding with `code`.
fn message<'a>(json: &'a serde_json::Value, code: &str) -> Option<&'a str> {
    json["findings"]
        .as_array()?
        .iter()
        .find(|f| f["code"] == code)
        .and_then(|f| f["message"].as_str())
}

/// The codes of the findings, for a failure message.
fn codes(json: &serde_json::Value) -> Vec<&str> {
    let mut codes: Vec<&str> = json["findings"]
        .as_array()
        .map(|all| all.iter().filter_map(|f| f["code"].as_str()).collect())
        .unwrap_or_default();
    codes.dedup();
    codes
}

/// A message for a Markdown table cell: one line, pipes escaped, at most 160 characters.
fn cell(text: &str) -> String {
    // The invisible characters shown as ⟨U+202E⟩, as the page and the text output show them.
    let one_line = rostercheck_core::visible(text).replace('\n', " ");
    let short: String = one_line.chars().take(160).collect();
    let more = if one_line.chars().count() > 160 {
        "…"
    } else {
        ""
    };
    format!("{}{more}", short.replace('|', "\\|"))
}

#[test]
fn every_hostile_input_gets_a_clear_answer() {
    let dir = std::env::temp_dir().join(format!("rostercheck-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut table = String::from(
        "| case | input | exit | codes | what rostercheck says |\n|---|---|---|---|---|\n",
    );
    let mut failures = Vec::new();
    for case in CASES {
        let input = dir.join(format!("{}.csv", case.name));
        std::fs::write(&input, (case.make)()).unwrap();
        let fixed = dir.join(format!("{}.fixed.csv", case.name));
        let first = check(&input, case.again.then_some(fixed.as_path()));
        let mut wrong = |what: String| failures.push(format!("{}: {what}", case.name));
        if first.exit != case.exit {
            wrong(format!("exit {} (want {})", first.exit, case.exit));
        }
        for code in case.codes {
            if message(&first.json, code).is_none() {
                wrong(format!("no {code}; codes: {:?}", codes(&first.json)));
            }
        }
        let said = message(&first.json, case.codes[0]).unwrap_or_default();
        if !said.contains(case.says) {
            wrong(format!("says {said:?}, not {:?}", case.says));
        }
        if case.again && first.exit != 2 {
            let fixed_again = dir.join(format!("{}.again.csv", case.name));
            let second = check(&fixed, Some(&fixed_again));
            if second.json["fixes"] != 0 {
                wrong(format!(
                    "the corrected file needs {} fixes",
                    second.json["fixes"]
                ));
            }
            if std::fs::read(&fixed_again).ok() != std::fs::read(&fixed).ok() {
                wrong("the corrected file is not a fixed point".into());
            }
            if second.json["rows"] != first.json["rows_out"] {
                wrong("checking the corrected file again counts other rows".into());
            }
        }
        table.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            case.name,
            case.input,
            case.exit,
            case.codes
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", "),
            cell(said)
        ));
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let readme = repo().join("tests/hostile/README.md");
    let text = std::fs::read_to_string(&readme).unwrap_or_default();
    const START: &str = "<!-- table: made by crates/rostercheck-cli/tests/hostile.rs -->\n";
    const END: &str = "<!-- end of table -->";
    let (before, after) = match (text.find(START), text.find(END)) {
        (Some(start), Some(end)) => (&text[..start], &text[end..]),
        _ => (text.as_str(), END),
    };
    let wanted = format!("{before}{START}{table}{after}");
    if std::env::var_os("UPDATE_HOSTILE").is_some() {
        std::fs::write(&readme, &wanted).unwrap();
    } else {
        assert!(
            text == wanted,
            "tests/hostile/README.md is out of date: run UPDATE_HOSTILE=1 cargo test -p rostercheck-cli --test hostile"
        );
    }
    assert!(CASES.len() >= 50, "the catalogue has {} cases", CASES.len());
}
