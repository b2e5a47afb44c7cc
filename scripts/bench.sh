#!/usr/bin/env bash
# Reruns the figures in BENCHMARKS.md: the criterion benchmark of the engine against a bare
# csv::ByteRecord pass (1,000,000 rows; ROSTERCHECK_BENCH_ROWS to change), then the CLI on
# generated 10,000- and 100,000-row files. The machines are shared and noisy: compare the ratios
# measured in the same run, not absolute times across runs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p rostercheck-core --bench check 2>&1 | grep -E "rows,|^demographics|time:|thrpt:" | grep -v "change"
cargo build --release -q -p rostercheck-cli -p rostercheck-core --example generate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for rows in 10000 100000; do
  ./target/release/examples/generate "$rows" 7 10 1 > "$work/$rows.csv"
  best=""
  for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    ./target/release/rostercheck check --format json --fix "$work/out.csv" "$work/$rows.csv" > /dev/null || true
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ -z "$best" ] || [ "$elapsed" -lt "$best" ]; then best=$elapsed; fi
  done
  echo "CLI check --fix --format json, $rows rows ($(du -h "$work/$rows.csv" | cut -f1)): best of 5 = ${best} ms"
done
