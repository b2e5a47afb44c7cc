//! The parser alone, against a bare `csv::ByteRecord` pass over the same bytes: a generated
//! 100,000-row `demographics.csv` (28 columns, comma, LF, mostly unquoted ASCII). The generator
//! quotes values with a comma (`"Los Angeles, CA"`, on about 3 in 10 lines); on top of that,
//! every 100th line gets a field with doubled quotes, and every 2,000th one over two lines.
//!
//! `cargo bench -p rostercheck-core --bench records` (set `ROSTERCHECK_BENCH_ROWS` for other
//! sizes). On the same bytes it measures:
//! - `csv-byterecord`: `csv::ReaderBuilder` + `read_byte_record`, the peer;
//! - `parser-csv-core`: [`parse::Parser`] with its fast path off, every record read by csv-core;
//! - `parser`: the parser as shipped, lines without quotes split by its fast path.
//!
//! The parser is compiled here from `src/parse.rs` as a module of this benchmark, so that the
//! benchmark can switch the fast path off (`Parser::fast_path` is crate-private).

#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[cfg(not(target_arch = "wasm32"))]
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

mod common;
#[cfg(not(target_arch = "wasm32"))]
use common::bare_csv_pass;

#[allow(dead_code)] // the benchmark uses only the generator
#[path = "../tests/common/messy.rs"]
mod messy;

#[allow(dead_code)] // the benchmark reads records, nothing else
#[path = "../src/parse.rs"]
mod parse;

fn rows() -> usize {
    std::env::var("ROSTERCHECK_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// The check benchmark's messy file (`messy::canonical_columns`: all 28 columns, UTF-8, LF),
/// with doubled quotes and line breaks added.
fn input() -> Vec<u8> {
    let text = messy::canonical_columns(rows(), 5);
    let mut out = Vec::with_capacity(text.len() + text.len() / 50);
    for (row, line) in text.split_inclusive(|&b| b == b'\n').enumerate() {
        // Lines the generator quoted are left alone: splitting them at every comma would not do.
        if row == 0 || !row.is_multiple_of(100) || line.contains(&b'"') {
            out.extend_from_slice(line);
            continue;
        }
        let column = (row / 100) % 28;
        for (i, field) in line.split(|&b| b == b',').enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match field.strip_suffix(b"\n") {
                _ if i != column => out.extend_from_slice(field),
                Some(text) => out.extend_from_slice(&[&quoted(row, text), &b"\n"[..]].concat()),
                None => out.extend_from_slice(&quoted(row, field)),
            }
        }
    }
    out
}

/// `text` quoted with doubled quotes inside, over two lines in every 2,000th row.
fn quoted(row: usize, text: &[u8]) -> Vec<u8> {
    let extra: &[u8] = if row.is_multiple_of(2_000) {
        b" \"\"Jr.\"\"\nsecond line"
    } else {
        b" \"\"Jr.\"\""
    };
    [&b"\""[..], text, extra, b"\""].concat()
}

/// Every record, as the checker reads them: the whole input at once, 28 fields expected.
fn parser_pass(bytes: &[u8], fast_path: bool) -> u64 {
    let mut parser = parse::Parser::new(b',');
    parser.fast_path = fast_path;
    parser.expect_fields(28);
    let mut record = parse::Record::default();
    let (mut pos, mut fields) = (0, 0u64);
    while let Some(used) = parser.next(&bytes[pos..], true, &mut record) {
        pos += used;
        fields += record.len() as u64;
    }
    fields
}

#[cfg(not(target_arch = "wasm32"))]
fn bench(c: &mut Criterion) {
    let bytes = input();
    let rows = parser_pass(&bytes, true) / 28 - 1;
    let with_quotes = bytes
        .split(|&b| b == b'\n')
        .filter(|line| line.contains(&b'"'))
        .count();
    eprintln!(
        "{rows} rows, {} MB, {with_quotes} lines with quotes",
        bytes.len() / 1_000_000
    );
    // The same bytes give the same fields to all three.
    assert_eq!(bare_csv_pass(&bytes), parser_pass(&bytes, true));
    assert_eq!(parser_pass(&bytes, false), parser_pass(&bytes, true));
    let mut group = c.benchmark_group("records");
    group.sample_size(20);
    group.throughput(Throughput::Elements(rows));
    let runs: [(&str, fn(&[u8]) -> u64); 3] = [
        ("csv-byterecord", bare_csv_pass),
        ("parser-csv-core", |b| parser_pass(b, false)),
        ("parser", |b| parser_pass(b, true)),
    ];
    for (name, run) in runs {
        group.bench_with_input(BenchmarkId::new(name, rows), &bytes, |b, bytes| {
            b.iter(|| run(black_box(bytes)))
        });
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
