//! Writes a generated messy demographics.csv to standard output, for timing and trying things:
//! `cargo run --release -p rostercheck-core --example generate -- ROWS [SEED] [FIXABLE%] [UNFIXABLE%]`,
//! `-- excel ROWS` for a Windows-1252 file as Excel saves it (CRLF, header case, `M`/`F`,
//! `Y`/`N`, US dates), or `-- clean ROWS` / `-- messy ROWS` for the benchmark's files (all 28
//! columns, UTF-8, LF; 0 % or 5 % of cells fixable), or `-- users ROWS` for the users.csv of
//! `clean ROWS` (OneRoster 1.1: every student of it, and a teacher or a parent for every 20).

#[allow(dead_code)] // only the generator is used
#[path = "../tests/common/messy.rs"]
mod messy;

#[allow(dead_code)] // only the generator is used
#[path = "../tests/common/sis.rs"]
mod sis;

use std::io::Write;

fn main() {
    if std::env::args().nth(1).as_deref() == Some("sis") {
        let dir = std::env::args().nth(2).unwrap_or_else(|| ".".into());
        let rows = std::env::args()
            .nth(3)
            .and_then(|r| r.parse().ok())
            .unwrap_or(1_000);
        return write_district(std::path::Path::new(&dir), rows);
    }
    if std::env::args().nth(1).as_deref() == Some("excel") {
        let rows = std::env::args()
            .nth(2)
            .and_then(|r| r.parse().ok())
            .unwrap_or(10_000);
        return write(&messy::excel_style(rows));
    }
    if std::env::args().nth(1).as_deref() == Some("users") {
        let rows = std::env::args()
            .nth(2)
            .and_then(|r| r.parse().ok())
            .unwrap_or(10_000);
        return write(&users(&messy::canonical_columns(rows, 0)));
    }
    // The benchmark's files: all 28 columns under their canonical names, UTF-8, LF.
    if let Some(fixable) = match std::env::args().nth(1).as_deref() {
        Some("clean") => Some(0),
        Some("messy") => Some(5),
        _ => None,
    } {
        let rows = std::env::args()
            .nth(2)
            .and_then(|r| r.parse().ok())
            .unwrap_or(10_000);
        return write(&messy::canonical_columns(rows, fixable));
    }
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap_or(0))
        .collect();
    let rows = args.first().copied().unwrap_or(10_000) as usize;
    let seed = args.get(1).copied().unwrap_or(7);
    let fixable = args.get(2).copied().unwrap_or(10);
    let unfixable = args.get(3).copied().unwrap_or(1);
    let file = messy::generate(seed, rows, messy::Messiness { fixable, unfixable });
    write(&file.bytes);
}

/// A OneRoster 1.1 users.csv with a student for each row of `demographics`.
fn users(demographics: &[u8]) -> Vec<u8> {
    let mut out = b"sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n".to_vec();
    for (i, line) in demographics.split(|&b| b == b'\n').skip(1).enumerate() {
        let Some(id) = line
            .split(|&b| b == b',')
            .next()
            .filter(|id| !id.is_empty())
        else {
            continue;
        };
        let id = String::from_utf8_lossy(id);
        let user = format!("{id},,,true,org-1,student,s{i},{{SIS:{id}}},Given{i},Family{i},,{id},s{i}@district.example,,,,05,\n");
        out.extend_from_slice(user.as_bytes());
        if i % 20 == 0 {
            let role = if i % 40 == 0 { "teacher" } else { "parent" };
            let staff = format!("x{i},,,true,org-1,{role},x{i},,Staff{i},Family{i},,x{i},x{i}@district.example,,,,,\n");
            out.extend_from_slice(staff.as_bytes());
        }
    }
    out
}

fn write(bytes: &[u8]) {
    let written = std::io::stdout().lock().write_all(bytes);
    if let Err(error) = written {
        eprintln!("generate: {error}");
        std::process::exit(2);
    }
}

/// A generated district and its SIS lists, as files in `dir` (for the builder's benchmark,
/// the CLI's fixtures and trying the page).
fn write_district(dir: &std::path::Path, rows: usize) {
    let students = sis::district(rows, 11);
    let files = [
        ("users.csv", sis::users_csv(&students)),
        ("demographics.csv", sis::demographics_csv(&students)),
        ("el.csv", sis::powerschool_el(&students)),
        ("lunch.csv", sis::powerschool_lunch(&students)),
        ("race.csv", sis::powerschool_race(&students)),
        ("fram.csv", sis::infinite_campus_fram(&students, true)),
        ("skyward.csv", sis::skyward(&students)),
        ("clever_students.csv", sis::clever(&students)),
        ("aeries.csv", sis::aeries(&students)),
    ];
    for (name, text) in files {
        if let Err(error) =
            std::fs::create_dir_all(dir).and_then(|()| std::fs::write(dir.join(name), text))
        {
            eprintln!("generate: {}: {error}", dir.join(name).display());
            std::process::exit(2);
        }
    }
}
