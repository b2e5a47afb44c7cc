//! Whole bundles on arbitrary bytes: as a zip (the archive's limits, its members recognised,
//! users.csv read, demographics.csv checked, the corrected zip written), or as up to four loose
//! files cut from the input (recognition by header, users.csv, roles.csv and manifest.csv on any
//! bytes).
//!
//! Invariants: no panic; a zip that opens gives a corrected zip that opens again, with the
//! same members at the root and every member but demographics.csv and manifest.csv as it was;
//! the users' counts never exceed the users read; a bundle's report counts every finding it
//! lists (when none was dropped).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rostercheck_core::bundle::{Archive, Bundle, BundleReport, FileKind};
use rostercheck_core::{Date, Options};
use std::io::{Cursor, Read};

fn options() -> Options {
    Options::new(Date::new(2026, 11, 28).expect("a date"))
}

fn consistent(report: &BundleReport) {
    if let Some(roster) = report.roster {
        if let (Some(students), Some(with)) = (roster.students, roster.with_demographics) {
            assert!(with <= students && students <= roster.users, "{roster:?}");
        }
    }
    let totals = &report.report.totals;
    let counted = totals.errors + totals.warnings + totals.infos;
    if !report.report.truncated {
        assert_eq!(counted, report.report.findings.len() as u64, "every finding counted");
    }
}

fn zip(input: &[u8]) {
    let Ok(mut archive) = Archive::open(Cursor::new(input), "OneRoster.zip") else {
        return;
    };
    let Ok(bundle) = Bundle::open_zip(&mut archive) else {
        return;
    };
    let Ok((report, corrected)) = bundle.check(&mut archive, &options()) else {
        return;
    };
    consistent(&report);
    if !report.report.readable {
        return;
    }
    let out = archive
        .write_corrected(&report, Some(&mut &corrected[..]), Cursor::new(Vec::new()))
        .expect("a corrected zip is written in memory")
        .into_inner();
    let mut again = zip::ZipArchive::new(Cursor::new(out)).expect("the corrected zip opens");
    assert_eq!(again.len(), report.files.len());
    for (index, file) in report.files.iter().enumerate() {
        let mut member = again.by_index(index).expect("a member");
        assert_eq!(member.name(), file.output_name);
        let mut bytes = Vec::new();
        member.read_to_end(&mut bytes).expect("the member inflates");
        let changed = file.used && matches!(file.kind, FileKind::Demographics | FileKind::Manifest);
        if file.used && file.kind == FileKind::Demographics {
            assert_eq!(bytes, corrected);
        } else if !changed {
            let mut original = Vec::new();
            let mut zip = zip::ZipArchive::new(Cursor::new(input)).expect("it opened");
            zip.by_name(&file.name)
                .expect("the member is there")
                .read_to_end(&mut original)
                .expect("it inflated");
            assert_eq!(bytes, original, "{} changed", file.name);
        }
    }
}

fn loose(input: &[u8]) {
    // Up to four files, cut at 0xFE bytes, named after what they may be.
    let names = ["users.csv", "demographics.csv", "manifest.csv", "roles.csv"];
    let mut files: Vec<(String, Vec<u8>)> = input
        .split(|&b| b == 0xFE)
        .take(4)
        .zip(names)
        .map(|(bytes, name)| (name.to_owned(), bytes.to_vec()))
        .collect();
    let Ok(bundle) = Bundle::open(&mut files, "the files") else {
        return;
    };
    let users = bundle.users().cloned();
    let (report, _) = bundle.check(&mut files, &options()).expect("in memory");
    consistent(&report);
    if let (Some(users), Some(index)) = (users, report.files.iter().position(|f| f.used && f.kind == FileKind::Users)) {
        let mut list = users.missing_list();
        list.feed(&files[index].1);
        let listed = list.finish();
        assert!(listed.starts_with(b"\xEF\xBB\xBF"));
    }
}

fuzz_target!(|input: &[u8]| {
    match input.split_first() {
        Some((mode, rest)) if mode % 2 == 0 => zip(rest),
        Some((_, rest)) => loose(rest),
        None => {}
    }
});
