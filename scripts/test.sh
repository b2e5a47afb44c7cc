#!/usr/bin/env bash
# Every test, as CI runs it: lints (native and wasm32), docs, native tests, wasm browser tests
# and end-to-end tests in headless Chromium. Installs missing tools first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "clippy (native)"
cargo clippy --locked --workspace --all-targets -- -D warnings

step "clippy (wasm32)"
cargo clippy --locked --workspace --exclude rostercheck-cli --all-targets --target wasm32-unknown-unknown -- -D warnings

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --locked --workspace --no-deps

step "core builds for wasm32"
cargo build --locked -p rostercheck-core --target wasm32-unknown-unknown

step "native tests (unit, integration, property, corpus, CLI)"
cargo test --locked --workspace

step "mutation fuzzing (3,000 damaged fixtures: no panic, corrected file is a fixed point)"
cargo run --release --locked -q -p rostercheck-core --example mutate -- 3000

step "coverage-guided fuzzing, briefly (each target 20 s; scripts/fuzz.sh runs them long)"
fuzz_corpus=$(mktemp -d)
FUZZ_SEED=1 FUZZ_CORPUS="$fuzz_corpus" bash scripts/fuzz.sh 20
rm -rf "$fuzz_corpus"

step "wasm-bindgen tests in headless Chromium"
bash scripts/wasm-test.sh

step "end-to-end tests in headless Chromium"
bash scripts/e2e.sh

step "all tests passed"
