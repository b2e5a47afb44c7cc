//! Writes a generated messy demographics.csv to standard output, for timing and trying things:
//! `cargo run --release -p rostercheck-core --example generate -- ROWS [SEED] [FIXABLE%] [UNFIXABLE%]`,
//! `-- excel ROWS` for a Windows-1252 file as Excel saves it (CRLF, header case, `M`/`F`,
//! `Y`/`N`, US dates), or `-- clean ROWS` / `-- messy ROWS` for the benchmark's files (all 28
//! columns, UTF-8, LF; 0 % or 5 % of cells fixable).

#[allow(dead_code)] // only the generator is used
#[path = "../tests/common/messy.rs"]
mod messy;

use std::io::Write;

fn main() {
    if std::env::args().nth(1).as_deref() == Some("excel") {
        let rows = std::env::args()
            .nth(2)
            .and_then(|r| r.parse().ok())
            .unwrap_or(10_000);
        return write(&messy::excel_style(rows));
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

fn write(bytes: &[u8]) {
    let written = std::io::stdout().lock().write_all(bytes);
    if let Err(error) = written {
        eprintln!("generate: {error}");
        std::process::exit(2);
    }
}
