//! Writes a generated messy demographics.csv to standard output, for timing and trying things:
//! `cargo run --release -p rostercheck-core --example generate -- ROWS [SEED] [FIXABLE%] [UNFIXABLE%]`.

#[allow(dead_code)] // only the generator is used
#[path = "../tests/common/messy.rs"]
mod messy;

use std::io::Write;

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap_or(0))
        .collect();
    let rows = args.first().copied().unwrap_or(10_000) as usize;
    let seed = args.get(1).copied().unwrap_or(7);
    let fixable = args.get(2).copied().unwrap_or(10);
    let unfixable = args.get(3).copied().unwrap_or(1);
    let file = messy::generate(seed, rows, messy::Messiness { fixable, unfixable });
    let written = std::io::stdout().lock().write_all(&file.bytes);
    if let Err(error) = written {
        eprintln!("generate: {error}");
        std::process::exit(2);
    }
}
