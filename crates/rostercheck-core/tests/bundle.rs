//! Whole OneRoster bundles: the real zips of the corpus, generated bundles whose every problem
//! is known (each found at its file and line, nothing else raised), the corrected zip, and the
//! table of hostile zips.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use rostercheck_core::bundle::{
    write_zip, Archive, Bundle, BundleReport, FileKind, Files, ZipLimits,
};
use rostercheck_core::{Code, Finding, Fix, Options, Severity};
use std::io::{Cursor, Read, Write};

/// A zip of `members`, deflated, all dated 2026-11-02 08:30.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let time = zip::DateTime::from_date_and_time(2026, 11, 2, 8, 30, 0).unwrap();
    for (name, bytes) in members {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(time);
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The members of a zip: name and bytes.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
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

struct Checked {
    bundle: BundleReport,
    corrected: Vec<u8>,
    zip: Vec<u8>,
}

/// Checks the zip `bytes` named `name` as the page and the CLI do, and writes the corrected zip.
fn check_zip(bytes: &[u8], name: &str) -> Checked {
    let mut archive = Archive::open(Cursor::new(bytes), name).expect("the zip opens");
    let bundle = Bundle::open_zip(&mut archive).expect("the bundle reads");
    let (report, corrected) = bundle
        .check(&mut archive, &Options::new(today()))
        .expect("the bundle checks");
    let mut source = &corrected[..];
    let out = write_zip(
        &mut archive,
        &report,
        Some(&mut source),
        Cursor::new(Vec::new()),
    );
    Checked {
        bundle: report,
        corrected,
        zip: out.expect("the zip is written").into_inner(),
    }
}

/// Checks loose files.
fn check_files(files: &[(&str, &[u8])]) -> (BundleReport, Vec<u8>) {
    let mut files: Vec<(String, Vec<u8>)> = (files.iter())
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let bundle = Bundle::open(&mut files, "the files").expect("the files read");
    bundle.check(&mut files, &Options::new(today())).unwrap()
}

/// Every finding as (code, file, line, fixed value), in order.
fn found(report: &BundleReport) -> Vec<(Code, Option<&str>, u64, Option<&str>)> {
    (report.report.findings.iter())
        .map(|f| {
            (
                f.code,
                f.file.as_deref(),
                f.line,
                f.fix.as_ref().map(Fix::display),
            )
        })
        .collect()
}

fn kinds(report: &BundleReport) -> Vec<(&str, FileKind, bool)> {
    (report.files.iter())
        .map(|f| (f.name.as_str(), f.kind, f.used))
        .collect()
}

fn codes_of(report: &BundleReport) -> Vec<Code> {
    let mut codes: Vec<Code> = report.report.findings.iter().map(|f| f.code).collect();
    codes.sort();
    codes.dedup();
    codes
}

const USERS_11: &str = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n";

fn user(id: &str, role: &str) -> String {
    format!("{id},,,true,org1,{role},{id}u,,Given{id},Family,,{id},,,,,05,\n")
}

/// A clean bulk demographics row for `id`.
fn row(id: &str) -> String {
    format!(
        "{id},,,2014-03-04,female,false,false,false,false,true,false,false,US,TX,Austin,01652\n"
    )
}

fn demographics(ids: &[&str]) -> Vec<u8> {
    let mut text = format!("{STANDARD_HEADER}\n");
    for id in ids {
        text.push_str(&row(id));
    }
    text.into_bytes()
}

const MANIFEST_11: &[u8] = b"propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.users,bulk\nfile.demographics,bulk\nfile.orgs,absent\n";

fn users_11() -> Vec<u8> {
    let mut users = String::from(USERS_11);
    for id in ["1001", "1002", "1003", "1004", "1005", "001006", "Stu-7"] {
        users.push_str(&user(id, "student"));
    }
    users.push_str(&user("t1", "teacher"));
    users.push_str(&user("g1", "guardian"));
    users.into_bytes()
}

#[test]
fn a_one_one_bundle_every_problem_at_its_line_and_nothing_else() {
    let demographics = demographics(&["1001", "1002", "9999", "t1", "g1", "1006", "stu-7"]);
    let users = users_11();
    let zip = zip_of(&[
        ("manifest.csv", MANIFEST_11),
        ("users.csv", &users),
        ("demographics.csv", &demographics),
    ]);
    let checked = check_zip(&zip, "bundle.zip");
    let report = &checked.bundle;
    assert_eq!(
        kinds(report),
        [
            ("manifest.csv", FileKind::Manifest, true),
            ("users.csv", FileKind::Users, true),
            ("demographics.csv", FileKind::Demographics, true),
        ]
    );
    let users_file = Some("users.csv");
    assert_eq!(
        found(report),
        [
            (Code::ZipName, Some("bundle.zip"), 0, None),
            (Code::StudentWithoutDemographics, users_file, 0, None),
            (Code::UnknownUser, None, 4, None),
            (Code::NotAStudent, None, 5, None),
            (Code::NotAStudent, None, 6, None),
            (Code::IdLeadingZeros, None, 7, Some("001006")),
            (Code::UnknownUser, None, 8, None),
        ]
    );
    let messages: Vec<&str> = report
        .report
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert!(messages[1].starts_with("4 students"), "{}", messages[1]);
    assert!(messages[3].contains("a teacher"), "{}", messages[3]);
    assert!(
        messages[4].contains("a parent or guardian"),
        "{}",
        messages[4]
    );
    assert!(
        messages[6].contains("upper and lower case"),
        "{}",
        messages[6]
    );
    let roster = report.roster.expect("users were read");
    assert_eq!(
        (roster.users, roster.students, roster.with_demographics),
        (9, Some(7), Some(3))
    );
    assert_eq!(report.report.totals.errors, 2);
    assert_eq!(report.files[1].rows, Some(9));
    assert_eq!(report.files[2].rows, Some(7));
    // The padded ID is written; nothing else changed.
    let corrected = String::from_utf8(checked.corrected.clone()).unwrap();
    assert!(corrected.contains("\n001006,,,2014-03-04"), "{corrected}");
    assert_eq!(
        corrected.replace("001006", "1006").as_bytes(),
        &demographics[..]
    );
    // The corrected zip: the same members, demographics.csv corrected, the others as they were.
    let members = unzip(&checked.zip);
    let names: Vec<&str> = members.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["manifest.csv", "users.csv", "demographics.csv"]);
    assert_eq!(members[0].1, MANIFEST_11);
    assert_eq!(members[1].1, users);
    assert_eq!(members[2].1, checked.corrected);
}

#[test]
fn the_students_without_demographics_are_listed_from_users_csv() {
    let users = users_11();
    let mut files = vec![
        ("users.csv".to_owned(), users.clone()),
        (
            "demographics.csv".to_owned(),
            demographics(&["1001", "Stu-7"]),
        ),
    ];
    let bundle = Bundle::open(&mut files, "the files").unwrap();
    let set = bundle.users().cloned().expect("users were read");
    let (report, _) = bundle.check(&mut files, &Options::new(today())).unwrap();
    assert_eq!(report.roster.unwrap().with_demographics, Some(2));
    let mut list = set.missing_list();
    list.feed(&users);
    let listed = String::from_utf8(list.finish()).unwrap();
    let ids: Vec<&str> = listed
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["1002", "1003", "1004", "1005", "001006"]);
    assert!(listed.starts_with("\u{FEFF}sourcedId,identifier,username,givenName,familyName\r\n"));
}

#[test]
fn a_wrong_manifest_mode_is_fixed_in_the_corrected_bundle() {
    let mut text = format!("{STANDARD_HEADER}\n");
    for id in ["1001", "1002"] {
        text.push_str(&row(id).replacen(",,,", ",active,2026-11-01T10:00:00.000Z,", 1));
    }
    let zip = zip_of(&[
        ("manifest.csv", MANIFEST_11),
        ("users.csv", &users_11()),
        ("demographics.csv", text.as_bytes()),
    ]);
    let checked = check_zip(&zip, "OneRoster.zip");
    let manifest = found(&checked.bundle)
        .into_iter()
        .filter(|f| f.0 == Code::ManifestDemographics)
        .collect::<Vec<_>>();
    assert_eq!(
        manifest,
        [(
            Code::ManifestDemographics,
            Some("manifest.csv"),
            5,
            Some("delta")
        )]
    );
    assert!(!codes_of(&checked.bundle).contains(&Code::ZipName));
    let members = unzip(&checked.zip);
    let written = String::from_utf8(members[0].1.clone()).unwrap();
    assert_eq!(
        written,
        String::from_utf8_lossy(MANIFEST_11)
            .replace("file.demographics,bulk", "file.demographics,delta")
    );
}

#[test]
fn a_one_two_bundle_in_a_folder_with_junk_and_a_capitalised_name() {
    let users = b"sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns\nS1,active,2026-11-01T10:00:00.000Z,true,s1,,A,B,,s1,,,,,05,,,,,,,\nS2,active,2026-11-01T10:00:00.000Z,true,s2,,C,D,,s2,,,,,05,,,,,,,\nP1,active,2026-11-01T10:00:00.000Z,true,p1,,E,F,,p1,,,,,,,,,,,,\n";
    let roles = b"sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\nR1,active,2026-11-01T10:00:00.000Z,S1,primary,student,,,O1,\nR2,active,2026-11-01T10:00:00.000Z,S2,primary,student,,,O1,\nR3,active,2026-11-01T10:00:00.000Z,P1,primary,parent,,,O1,\n";
    let manifest = b"propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.2\r\nfile.users,delta\r\nfile.roles,delta\r\nfile.demographics,delta\r\n";
    let mut demographics = format!("{STANDARD_HEADER}\n");
    for id in ["S1", "P1"] {
        demographics.push_str(&row(id).replacen(",,,", ",active,2026-11-01T10:00:00.000Z,", 1));
    }
    let zip = zip_of(&[
        ("export/", b""),
        ("export/manifest.csv", manifest),
        ("export/users.csv", users),
        ("export/roles.csv", roles),
        ("export/Demographics.csv", demographics.as_bytes()),
        ("__MACOSX/export/._users.csv", b"\x00\x05\x16\x07"),
        ("export/.DS_Store", b"\x00\x00\x00\x01Bud1"),
    ]);
    let checked = check_zip(&zip, "OneRoster.zip");
    let report = &checked.bundle;
    assert_eq!(
        kinds(report),
        [
            ("export/manifest.csv", FileKind::Manifest, true),
            ("export/users.csv", FileKind::Users, true),
            ("export/roles.csv", FileKind::Roles, true),
            ("export/Demographics.csv", FileKind::Demographics, true),
        ]
    );
    let zip_name = Some("OneRoster.zip");
    assert_eq!(
        found(report),
        [
            (Code::ZipJunk, zip_name, 0, Some("(left out of the bundle)")),
            (Code::ZipJunk, zip_name, 0, Some("(left out of the bundle)")),
            (
                Code::ZipFolder,
                zip_name,
                0,
                Some("(files moved to the zip's root)")
            ),
            (
                Code::FileNameCase,
                Some("export/Demographics.csv"),
                0,
                Some("demographics.csv")
            ),
            (
                Code::StudentWithoutDemographics,
                Some("export/users.csv"),
                0,
                None
            ),
            (Code::NotAStudent, None, 3, None),
        ]
    );
    let names: Vec<String> = unzip(&checked.zip).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["manifest.csv", "users.csv", "roles.csv", "demographics.csv"]
    );
    let again = check_zip(&checked.zip, "OneRoster.zip");
    assert_eq!(
        found(&again.bundle),
        [
            (Code::StudentWithoutDemographics, Some("users.csv"), 0, None),
            (Code::NotAStudent, None, 3, None),
        ]
    );
    assert_eq!(
        again.zip, checked.zip,
        "the corrected bundle is a fixed point"
    );
}

#[test]
fn loose_files_are_a_bundle_too_and_recognised_by_header_then_name() {
    let users = users_11();
    let (report, corrected) = check_files(&[
        ("students-2026.csv", &demographics(&["1001", "x"])),
        ("export of users.csv", &users),
        ("notes.txt", b"call the SIS vendor about IDs\n"),
        (
            "orgs.csv",
            b"sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n",
        ),
    ]);
    assert_eq!(
        kinds(&report),
        [
            ("students-2026.csv", FileKind::Demographics, true),
            ("export of users.csv", FileKind::Users, true),
            ("notes.txt", FileKind::NotOneRoster, false),
            ("orgs.csv", FileKind::OtherOneRoster, false),
        ]
    );
    let codes: Vec<(Code, Severity)> = (report.report.findings.iter())
        .map(|f| (f.code, f.severity))
        .collect();
    assert_eq!(
        codes,
        [
            (Code::FileNameCase, Severity::Warning),
            (Code::FileNameCase, Severity::Warning),
            (Code::NotOneRoster, Severity::Info),
            (Code::MissingManifest, Severity::Warning),
            (Code::StudentWithoutDemographics, Severity::Info),
            (Code::UnknownUser, Severity::Error),
        ]
    );
    assert!(String::from_utf8(corrected)
        .unwrap()
        .starts_with(STANDARD_HEADER));
}

#[test]
fn loose_files_are_written_into_a_zip_at_the_root() {
    let users = users_11();
    let demographics = demographics(&["1006"]);
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("export/Users.csv".into(), users.clone()),
        ("export/demographics.csv".into(), demographics.clone()),
        ("notes.txt".into(), b"a note\n".to_vec()),
    ];
    let bundle = Bundle::open(&mut files, "the files").unwrap();
    let (report, corrected) = bundle.check(&mut files, &Options::new(today())).unwrap();
    let mut source = &corrected[..];
    let out = write_zip(
        &mut files,
        &report,
        Some(&mut source),
        Cursor::new(Vec::new()),
    );
    let members = unzip(&out.unwrap().into_inner());
    let names: Vec<&str> = members.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["users.csv", "demographics.csv", "notes.txt"]);
    assert_eq!(members[0].1, users);
    assert_eq!(
        String::from_utf8_lossy(&members[1].1),
        String::from_utf8_lossy(&demographics).replace("\n1006,", "\n001006,")
    );
    assert_eq!(members[2].1, b"a note\n");
}

#[test]
fn a_bundle_without_users_or_demographics_says_so() {
    let (report, _) = check_files(&[("demographics.csv", &demographics(&["1"]))]);
    assert_eq!(
        codes_of(&report),
        [Code::MissingManifest, Code::MissingUsersFile]
    );
    assert_eq!(report.roster, None);
    let (report, corrected) =
        check_files(&[("users.csv", &users_11()), ("manifest.csv", MANIFEST_11)]);
    assert_eq!(
        found(&report),
        [
            (Code::MissingDemographicsFile, Some("the files"), 0, None),
            (Code::ManifestDemographics, Some("manifest.csv"), 5, None),
        ]
    );
    assert!(corrected.is_empty());
    assert!(report.report.has_errors());
}

#[test]
fn two_files_of_one_kind_the_first_is_used() {
    let (report, _) = check_files(&[
        ("users.csv", &users_11()),
        ("users (1).csv", &users_11()),
        ("demographics.csv", &demographics(&["1001"])),
    ]);
    let duplicate = (report.report.findings.iter())
        .find(|f| f.code == Code::DuplicateFile)
        .expect("a duplicate");
    assert_eq!(duplicate.file.as_deref(), Some("users (1).csv"));
    assert!(
        duplicate.message.contains("second users file"),
        "{}",
        duplicate.message
    );
    assert!(!report.files[1].used);
}

#[test]
fn the_file_with_oneroster_s_name_is_read_and_every_output_name_is_unique() {
    let users = users_11();
    let mut with_names = format!("{STANDARD_HEADER},givenName,familyName\n");
    with_names.push_str(&row("1001").replace('\n', ",Ann,Lee\n"));
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("a/Demographics_old.csv".into(), demographics(&["1"])),
        ("b/users.csv".into(), users.clone()),
        ("a/users.csv".into(), users.clone()),
        ("demographics.csv".into(), with_names.into_bytes()),
        (
            "users.csv".into(),
            b"givenName,familyName\nAnn,Lee\n".to_vec(),
        ),
    ];
    let bundle = Bundle::open(&mut files, "the files").unwrap();
    let (report, corrected) = bundle.check(&mut files, &Options::new(today())).unwrap();
    let listed: Vec<(&str, FileKind, bool, &str)> = (report.files.iter())
        .map(|f| (f.name.as_str(), f.kind, f.used, f.output_name.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            (
                "a/Demographics_old.csv",
                FileKind::Demographics,
                false,
                "Demographics_old.csv"
            ),
            ("b/users.csv", FileKind::Users, true, "users.csv"),
            ("a/users.csv", FileKind::Users, false, "users (2).csv"),
            // The students' names beside their demographics: still demographics.csv.
            (
                "demographics.csv",
                FileKind::Demographics,
                true,
                "demographics.csv"
            ),
            (
                "users.csv",
                FileKind::OtherOneRoster,
                false,
                "users (3).csv"
            ),
        ]
    );
    assert!(String::from_utf8(corrected).unwrap().contains("\n1001,"));
    let mut source: &[u8] = b"";
    let written = write_zip(
        &mut files,
        &report,
        Some(&mut source),
        Cursor::new(Vec::new()),
    );
    assert_eq!(
        unzip(&written.expect("no name twice").into_inner()).len(),
        5
    );
}

#[test]
fn a_users_file_without_ids_is_said_to_be_unreadable() {
    let (report, _) = check_files(&[
        (
            "users.csv",
            b"sourcedld,role,givenName,familyName\n1,student,A,B\n",
        ),
        ("demographics.csv", &demographics(&["1"])),
    ]);
    let unreadable = (report.report.findings.iter())
        .find(|f| f.code == Code::MissingUsersFile)
        .expect("said");
    assert!(
        unreadable.message.contains("no sourcedId column"),
        "{}",
        unreadable.message
    );
    assert_eq!(report.roster, None);
}

/// What each corpus bundle is, file by file, and what it gives.
#[test]
fn every_corpus_bundle_opens_and_is_recognised_file_by_file() {
    use FileKind::*;
    let cases: [(&str, &[FileKind], &[Code]); 7] = [
        (
            "catalyst_Test_full_data_set.zip",
            &[
                OtherOneRoster,
                OtherOneRoster,
                OtherOneRoster,
                Manifest,
                OtherOneRoster,
                Users,
            ],
            &[Code::MissingDemographicsFile, Code::ZipName],
        ),
        (
            "catalyst_Test_minimal_data_set.zip",
            &[
                OtherOneRoster,
                OtherOneRoster,
                OtherOneRoster,
                Manifest,
                OtherOneRoster,
                Users,
            ],
            &[Code::MissingDemographicsFile, Code::ZipName],
        ),
        (
            // A valid 1.2 bundle: USER_0 is a student (roles.csv), its demographics row matches.
            "catalyst_oneroster_test_data.zip",
            &[
                OtherOneRoster,
                OtherOneRoster,
                OtherOneRoster,
                Demographics,
                OtherOneRoster,
                Manifest,
                OtherOneRoster,
                Roles,
                OtherOneRoster,
                Users,
            ],
            &[Code::ZipName],
        ),
        (
            // userprofiles.csv is a copy of roles.csv (PROVENANCE: "wrong content"); three
            // file.* values are empty.
            "catalyst_v1p2_full_dataset.zip",
            &[
                OtherOneRoster,
                OtherOneRoster,
                OtherOneRoster,
                Manifest,
                OtherOneRoster,
                Roles,
                Roles,
                Users,
            ],
            &[
                Code::MissingDemographicsFile,
                Code::DuplicateFile,
                Code::ManifestMode,
                Code::ZipName,
            ],
        ),
        (
            "lepo_storage_sample_csv_en_oneroster.zip",
            &[
                OtherOneRoster,
                OtherOneRoster,
                OtherOneRoster,
                OtherOneRoster,
                Manifest,
                OtherOneRoster,
                Users,
            ],
            &[Code::MissingDemographicsFile, Code::ZipName],
        ),
        (
            "lepo_storage_sample_csv_ja_oneroster.zip",
            &[
                OtherOneRoster,
                OtherOneRoster,
                OtherOneRoster,
                OtherOneRoster,
                Manifest,
                OtherOneRoster,
                Users,
            ],
            &[Code::MissingDemographicsFile, Code::ZipName],
        ),
        (
            // ClassLink's own export: demographics.csv is a header alone (while the manifest
            // says bulk), so none of its 178 students has demographics.
            "mockroster_original.zip",
            &[
                OtherOneRoster,
                OtherOneRoster,
                OtherOneRoster,
                Demographics,
                OtherOneRoster,
                Manifest,
                OtherOneRoster,
                Users,
            ],
            &[
                Code::NoDataRows,
                Code::StudentWithoutDemographics,
                Code::ZipName,
            ],
        ),
    ];
    for (name, want_kinds, want_codes) in cases {
        let bytes = corpus(&format!("_original_zips/{name}"));
        let checked = check_zip(&bytes, name);
        let got: Vec<FileKind> = checked.bundle.files.iter().map(|f| f.kind).collect();
        assert_eq!(got, want_kinds, "{name}");
        let mut want = want_codes.to_vec();
        want.sort();
        assert_eq!(
            codes_of(&checked.bundle),
            want,
            "{name}: {:#?}",
            checked.bundle.report.findings
        );
        // Every member but demographics.csv and manifest.csv comes out as it went in.
        let before = unzip(&bytes);
        let after = unzip(&checked.zip);
        assert_eq!(before.len(), after.len(), "{name}");
        for ((n, b), (m, a)) in before.iter().zip(&after) {
            assert_eq!(n, m, "{name}");
            if checked
                .bundle
                .files
                .iter()
                .any(|f| &f.name == n && f.kind == Demographics)
            {
                assert_eq!(a, &checked.corrected, "{name}: {n}");
            } else if n != "manifest.csv" || checked.bundle.manifest.is_none() {
                assert_eq!(a, b, "{name}: {n}");
            }
        }
    }
    // The manifest with empty values gets `absent` where the file is not in the bundle.
    let bytes = corpus("_original_zips/catalyst_v1p2_full_dataset.zip");
    let checked = check_zip(&bytes, "catalyst_v1p2_full_dataset.zip");
    let fixes: Vec<(Option<&str>, Option<&str>)> = (checked.bundle.report.findings.iter())
        .filter(|f| f.code == Code::ManifestMode)
        .map(|f| (f.column.as_deref(), f.fix.as_ref().map(Fix::display)))
        .collect();
    assert_eq!(
        fixes,
        [
            (Some("file.scoreScales"), Some("absent")),
            // userprofiles.csv is in the bundle (holding roles): not absent, and not known.
            (Some("file.userProfiles"), None),
            (Some("file.userResources"), Some("absent")),
        ]
    );
}

/// The corpus's bundles kept as loose files (a zip's members, or a repository's OneRoster
/// folder), each group checked as the files of one bundle: what each file is, and what it gives.
#[test]
fn every_corpus_folder_bundle_is_recognised_file_by_file() {
    use FileKind::*;
    type Case = (&'static str, &'static [FileKind], &'static [Code]);
    let cases: [Case; 8] = [
        (
            "catalyst__moodle-enrol_oneroster/tests__fixtures__csv_data__oneroster_test_data.zip__",
            &[Demographics, Manifest, Roles, OtherOneRoster, Users],
            // Valid 1.2; only the corpus's names are not OneRoster's.
            &[Code::FileNameCase],
        ),
        (
            "catalyst__moodle-enrol_oneroster/tests__fixtures__csv_data__v1p2_full_dataset.zip__",
            &[Manifest, Roles, Roles, Users],
            &[
                Code::MissingDemographicsFile,
                Code::DuplicateFile,
                Code::FileNameCase,
                Code::ManifestMode,
            ],
        ),
        (
            "catalyst__moodle-enrol_oneroster/tests__fixtures__csv_data__Test_full_data_set.zip__",
            &[Manifest, Users],
            &[Code::MissingDemographicsFile, Code::FileNameCase],
        ),
        (
            "lepo-project__roster-hub/storage__sample_csv__en__",
            &[Manifest, Users],
            &[Code::MissingDemographicsFile, Code::FileNameCase],
        ),
        (
            // ClassLink's export, an older users.csv with `role` twice, and a database seed.
            "vossen-adobe__mockroster/",
            &[Demographics, Manifest, Users, Users, NotOneRoster],
            &[
                Code::NoDataRows,
                Code::DuplicateFile,
                Code::FileNameCase,
                Code::NotOneRoster,
                Code::StudentWithoutDemographics,
            ],
        ),
        (
            // PROVENANCE: user12 to user14 are not in users.csv; teachers and an administrator
            // have demographics rows.
            "snapwiz__OneRoster/",
            &[Demographics, Demographics, Users],
            &[
                Code::HeaderAlias,
                Code::BulkDeltaMixed,
                Code::ImplausibleBirthDate,
                Code::UnknownUser,
                Code::NotAStudent,
                Code::DuplicateFile,
                Code::FileNameCase,
                Code::MissingManifest,
            ],
        ),
        (
            "oat-sa__oneroster-import/data__samples__OneRosterv1p1BaseCSV__",
            &[Demographics, Manifest, Users],
            &[
                Code::HeaderAlias,
                Code::NoDataRows,
                Code::FileNameCase,
                Code::StudentWithoutDemographics,
            ],
        ),
        (
            "nicelion__oneroster-mocker/",
            &[Demographics, Manifest, Users, Users],
            &[
                Code::NoDataRows,
                Code::DuplicateFile,
                Code::FileNameCase,
                Code::ManifestDemographics,
            ],
        ),
    ];
    for (prefix, want_kinds, want_codes) in cases {
        let (folder, start) = prefix.split_once('/').unwrap();
        let mut names: Vec<String> = std::fs::read_dir(corpus_dir().join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(start) && name.ends_with(".csv"))
            .collect();
        names.sort();
        let files: Vec<(&str, Vec<u8>)> = (names.iter())
            .map(|name| (name.as_str(), corpus(&format!("{folder}/{name}"))))
            .collect();
        let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, &b[..])).collect();
        let (report, _) = check_files(&borrowed);
        let kinds: Vec<FileKind> = report.files.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, want_kinds, "{prefix}: {names:?}");
        let mut want = want_codes.to_vec();
        want.sort();
        assert_eq!(codes_of(&report), want, "{prefix}");
    }
    let snapwiz = |code| {
        let names = ["demographics.csv", "demographics@cb9eb01.csv", "users.csv"].map(|n| {
            format!("oneroster__oneroster-import-js__data__samples__OneRosterv1p1BaseCSV__{n}")
        });
        let files: Vec<Vec<u8>> = names
            .iter()
            .map(|n| corpus(&format!("snapwiz__OneRoster/{n}")))
            .collect();
        let borrowed: Vec<(&str, &[u8])> = names
            .iter()
            .zip(&files)
            .map(|(n, b)| (n.as_str(), &b[..]))
            .collect();
        let (report, _) = check_files(&borrowed);
        (report.report.findings.iter())
            .filter(|f| f.code == code)
            .map(|f| (f.value.clone().unwrap_or_default(), f.line))
            .collect::<Vec<_>>()
    };
    let unknown = snapwiz(Code::UnknownUser);
    assert_eq!(
        unknown,
        [
            ("user12".into(), 13),
            ("user13".into(), 14),
            ("user14".into(), 15)
        ]
    );
    let staff: Vec<String> = snapwiz(Code::NotAStudent)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(staff, ["user3", "user5", "user8", "user11"]);
}

// ---- Hostile zips -------------------------------------------------------------------------

/// Replaces every `from` in `bytes` with `to` (same length).
fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let mut at = 0;
    while let Some(i) = bytes[at..].windows(from.len()).position(|w| w == from) {
        bytes[at + i..at + i + to.len()].copy_from_slice(to);
        at += i + to.len();
    }
}

/// Sets a 16-bit field at `offset` of every local (`local`) and central header.
fn set_field(bytes: &mut [u8], local: usize, central: usize, value: u16) {
    for (signature, offset) in [(&b"PK\x03\x04"[..], local), (b"PK\x01\x02", central)] {
        let mut at = 0;
        while let Some(i) = bytes[at..].windows(4).position(|w| w == signature) {
            let field = at + i + offset;
            bytes[field..field + 2].copy_from_slice(&value.to_le_bytes());
            at += i + 4;
        }
    }
}

fn refusal(bytes: &[u8], limits: ZipLimits) -> Result<String, Box<Finding>> {
    match Archive::open_with(Cursor::new(bytes), "OneRoster.zip", limits) {
        Ok(mut archive) => {
            let opened = Bundle::open_zip(&mut archive);
            Ok(opened
                .map(|_| "read".to_owned())
                .unwrap_or_else(|e| e.to_string()))
        }
        Err(finding) => Err(finding),
    }
}

#[test]
fn hostile_zips_are_refused_whole_with_a_clear_message() {
    let small = demographics(&["1001"]);
    let good = zip_of(&[("demographics.csv", &small)]);
    let limits = ZipLimits::default();
    let many: Vec<(String, Vec<u8>)> = (0..1001)
        .map(|i| (format!("f{i}.csv"), b"a\n".to_vec()))
        .collect();
    let many: Vec<(&str, &[u8])> = many.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    let zeros = vec![b'0'; 8 << 20];
    let mut encrypted = good.clone();
    set_field(&mut encrypted, 6, 8, 1);
    let mut bzip2 = good.clone();
    set_field(&mut bzip2, 8, 10, 12);
    let mut twice = zip_of(&[("users.csv", b"sourcedId\n"), ("usexs.csv", b"sourcedId\n")]);
    patch(&mut twice, b"usexs.csv", b"users.csv");
    let mut disks = good.clone();
    // The end record's entries in all (offset 10) differ from those on this disk (offset 8).
    let end = disks.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    disks[end + 10] += 1;
    let mut cut = good.clone();
    cut.truncate(good.len() - 10);
    let mut hollow = good.clone();
    // The central directory says where the data is, but the data is gone.
    hollow.drain(40..60);
    let cases: Vec<(&str, Vec<u8>, ZipLimits, &str)> = vec![
        (
            "not a zip",
            b"PK\x03\x04 and then nothing".to_vec(),
            limits,
            "not a zip archive",
        ),
        ("cut short", cut, limits, "cut short"),
        ("data missing", hollow, limits, "cut short"),
        (
            "1,001 entries",
            zip_of(&many),
            limits,
            "more than 1,000 entries",
        ),
        (
            "too large",
            zip_of(&[("demographics.csv", &small)]),
            ZipLimits {
                total: 100,
                ..limits
            },
            "larger than",
        ),
        (
            "zip bomb",
            zip_of(&[("demographics.csv", &zeros)]),
            limits,
            "zip bomb",
        ),
        (
            "nested zip",
            zip_of(&[("inner.zip", &good)]),
            limits,
            "holds another zip",
        ),
        ("encrypted", encrypted, limits, "password"),
        (
            "parent folder",
            zip_of(&[("../demographics.csv", &small)]),
            limits,
            "points outside",
        ),
        (
            "absolute",
            zip_of(&[("/etc/demographics.csv", &small)]),
            limits,
            "points outside",
        ),
        (
            "backslashes",
            zip_of(&[("..\\demographics.csv", &small)]),
            limits,
            "points outside",
        ),
        (
            "drive letter",
            zip_of(&[("C:/demographics.csv", &small)]),
            limits,
            "points outside",
        ),
        (
            "a name twice",
            twice,
            limits,
            "\"users.csv\" is in it twice",
        ),
        ("bzip2", bzip2, limits, "compressed in a way"),
        ("several disks", disks, limits, "several parts"),
    ];
    for (case, bytes, limits, says) in cases {
        let finding = refusal(&bytes, limits).expect_err(case);
        assert_eq!(finding.code, Code::ZipRefused, "{case}");
        assert_eq!(finding.severity, Severity::Error, "{case}");
        assert!(
            finding.message.contains(says),
            "{case}: {}",
            finding.message
        );
        assert!(finding.message.ends_with("Nothing was written."), "{case}");
    }
    assert_eq!(refusal(&good, limits), Ok("read".to_owned()));
}

#[test]
fn a_member_larger_than_its_zip_says_stops_the_read() {
    let big = vec![b'a'; 200_000];
    let mut bytes = zip_of(&[("demographics.csv", &big)]);
    // Both headers say 1,000 bytes unzipped (offsets 22 and 24).
    let size = 200_000u32.to_le_bytes();
    patch(&mut bytes, &size, &1_000u32.to_le_bytes());
    let answer = refusal(&bytes, ZipLimits::default()).expect("opened");
    assert!(
        answer.contains("larger than the zip says: a zip bomb"),
        "{answer}"
    );
}

#[test]
fn users_are_looked_up_whatever_the_piece_sizes() {
    let users = users_11();
    let demographics = demographics(&["1001", "9999", "t1", "1006"]);
    let whole = check_files(&[("users.csv", &users), ("demographics.csv", &demographics)]);
    struct Pieces(Vec<(String, Vec<u8>)>, usize);
    impl Files for Pieces {
        fn len(&self) -> usize {
            self.0.len()
        }
        fn name(&self, i: usize) -> &str {
            &self.0[i].0
        }
        fn open(&mut self, i: usize) -> std::io::Result<Box<dyn Read + '_>> {
            struct Slow<'a>(&'a [u8], usize);
            impl Read for Slow<'_> {
                fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                    let n = self.1.min(buf.len()).min(self.0.len());
                    buf[..n].copy_from_slice(&self.0[..n]);
                    self.0 = &self.0[n..];
                    Ok(n)
                }
            }
            Ok(Box::new(Slow(&self.0[i].1, self.1)))
        }
    }
    for size in [1, 3, 17, 64] {
        let mut files = Pieces(
            vec![
                ("users.csv".into(), users.clone()),
                ("demographics.csv".into(), demographics.clone()),
            ],
            size,
        );
        let bundle = Bundle::open(&mut files, "the files").unwrap();
        let (report, corrected) = bundle.check(&mut files, &Options::new(today())).unwrap();
        assert_eq!(found(&report), found(&whole.0), "{size}");
        assert_eq!(corrected, whole.1, "{size}");
    }
}
