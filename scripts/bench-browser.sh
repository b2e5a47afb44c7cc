#!/usr/bin/env bash
# The browser benchmark (issue 8): generated 1,000,000-row clean and messy demographics.csv
# files (ROSTERCHECK_BROWSER_ROWS to change), each dropped on the built page and parsed by uDSV,
# PapaParse and file.text() in the same headless Chromium (scripts/bench-browser.mjs prints the
# table: times, ratios to uDSV, memory). Builds the page first if dist/ is missing. Run by
# scripts/bench.sh; the machines are shared and noisy, so compare ratios within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
rows=${ROSTERCHECK_BROWSER_ROWS:-1000000}
[ -d node_modules/udsv ] && [ -d node_modules/papaparse ] || npm ci --no-audit --no-fund
if [ ! -f dist/index.html ]; then
  trunk build --release --locked
fi
cargo build --release -q -p rostercheck-core --example generate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./target/release/examples/generate clean "$rows" > "$work/clean.csv"
./target/release/examples/generate messy "$rows" > "$work/messy.csv"
node scripts/bench-browser.mjs "$work/clean.csv" "$work/messy.csv"
