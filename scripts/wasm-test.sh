#!/usr/bin/env bash
# Browser tests of the web app's components (wasm-bindgen-test in headless Chromium).
# Assumes wasm-bindgen-cli 0.2.130 (wasm-bindgen-test-runner) and chromedriver are installed;
# the runner is set in .cargo/config.toml, the browser flags in webdriver.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
cargo test --locked -p rostercheck-web --target wasm32-unknown-unknown --test '*' "$@"
