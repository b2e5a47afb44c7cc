//! Full check + fix of a generated 1,000,000-row demographics.csv, against a bare
//! `csv::ByteRecord` pass over the same bytes (the floor any CSV tool pays).
//!
//! `cargo bench -p rostercheck-core --bench check` (set `ROSTERCHECK_BENCH_ROWS` for other sizes).

#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[cfg(not(target_arch = "wasm32"))]
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rostercheck_core::{check_and_fix, Date, Options};
use std::hint::black_box;

mod common;
#[cfg(not(target_arch = "wasm32"))]
use common::bare_csv_pass;

#[allow(dead_code)] // the bench uses only the generator
#[path = "../tests/common/messy.rs"]
mod messy;

fn rows() -> usize {
    std::env::var("ROSTERCHECK_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

#[cfg(not(target_arch = "wasm32"))]
fn bench(c: &mut Criterion) {
    let options = Options {
        max_findings: Some(100_000),
        ..Options::new(Date::new(2026, 11, 28).expect("date"))
    };
    let mut group = c.benchmark_group("demographics");
    group.sample_size(10);
    let files = [
        ("clean", messy::canonical_columns(rows(), 0)),
        ("messy-5pct", messy::canonical_columns(rows(), 5)),
        ("windows-1252-excel", messy::excel_style(rows())),
    ];
    for (name, bytes) in files {
        let rows = bytes.iter().filter(|&&b| b == b'\n').count() as u64 - 1;
        eprintln!("{name}: {rows} rows, {} MB", bytes.len() / 1_000_000);
        group.throughput(Throughput::Elements(rows));
        group.bench_with_input(
            BenchmarkId::new("csv-bytrecord-pass", name),
            &bytes,
            |b, bytes| b.iter(|| bare_csv_pass(black_box(bytes))),
        );
        group.bench_with_input(
            BenchmarkId::new("rostercheck-check-fix", name),
            &bytes,
            |b, bytes| {
                b.iter(|| {
                    let (report, out) = check_and_fix(black_box(bytes), &options);
                    (report.rows, out.len())
                })
            },
        );
    }
    group.finish();
}

#[cfg(not(target_arch = "wasm32"))]
criterion_group!(benches, bench);
#[cfg(not(target_arch = "wasm32"))]
criterion_main!(benches);

/// The benchmark measures native code; on wasm32 it is an empty program.
#[cfg(target_arch = "wasm32")]
fn main() {}
