//! A small deterministic mutation fuzzer: takes the files in `fixtures/`, damages them (bytes
//! replaced, inserted, removed, runs copied elsewhere) and checks the invariants — no panic, the
//! corrected file is UTF-8 and reads back as a fixed point with nothing left to fix. Inputs that
//! break one are written to the current folder as `mutation-N.csv`.
//!
//! `cargo run --release -p rostercheck-core --example mutate -- [ITERATIONS] [SEED]`

use rostercheck_core::{check_and_fix, Date, Options};
use std::path::Path;

fn main() {
    let mut args = std::env::args().skip(1);
    let iterations: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let mut state: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(0x1234_5678)
        | 1;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let seeds: Vec<Vec<u8>> = std::fs::read_dir(&fixtures)
        .map(|dir| {
            dir.flatten()
                .filter_map(|e| std::fs::read(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    if seeds.is_empty() {
        eprintln!("mutate: no fixtures in {}", fixtures.display());
        std::process::exit(2);
    }
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b",;\t\"\r\n \xC3\xA9\xFF\x00=aZ09-/.";
    let options = Options::new(Date::new(2026, 11, 28).unwrap_or(Date {
        year: 2026,
        month: 11,
        day: 28,
    }));
    let mut failures = 0;
    for i in 0..iterations {
        let mut bytes = seeds[next() as usize % seeds.len()].clone();
        for _ in 0..1 + next() % 8 {
            if bytes.is_empty() {
                bytes.push(b'a');
            }
            let at = next() as usize % bytes.len();
            let byte = alphabet[next() as usize % alphabet.len()];
            match next() % 4 {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                2 => {
                    bytes.remove(at);
                }
                _ => {
                    let len = (next() as usize % 40).min(bytes.len() - at);
                    let run = bytes[at..at + len].to_vec();
                    let to = next() as usize % bytes.len();
                    bytes.splice(to..to, run);
                }
            }
        }
        let held = std::panic::catch_unwind(|| {
            let (report, out) = check_and_fix(&bytes, &options);
            assert!(
                std::str::from_utf8(&out).is_ok(),
                "corrected file is not UTF-8"
            );
            if report.readable && !out.is_empty() {
                let (again, out_again) = check_and_fix(&out, &options);
                assert_eq!(again.totals.fixes, 0, "fixes left in the corrected file");
                assert!(out_again == out, "the corrected file is not a fixed point");
            }
        });
        if held.is_err() {
            failures += 1;
            let _ = std::fs::write(format!("mutation-{i}.csv"), &bytes);
        }
    }
    println!("mutate: {iterations} inputs, {failures} broke an invariant");
    if failures > 0 {
        std::process::exit(1);
    }
}
