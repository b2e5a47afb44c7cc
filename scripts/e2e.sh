#!/usr/bin/env bash
# End-to-end tests of the web app in headless Chromium. Assumes the tools are installed
# (trunk 0.21.14, wasm-bindgen-cli 0.2.130, chromium at /usr/bin/chromium, node + npm):
# builds the app (trunk build --release), the single-file build and the CLI, then runs tests/e2e
# against the build served on 127.0.0.1 (and the single file opened from disk). Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  npm ci --no-audit --no-fund
fi
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

cargo build --release --locked -p rostercheck-cli
trunk build --release --locked
node scripts/single-file.mjs dist dist-single/rostercheck.html

# Sizes of what a browser downloads (raw and gzip); the WebAssembly is inside the *_bg-*.js files.
for f in dist/*.html dist/*.js dist/*.css dist-single/rostercheck.html; do
  printf '%-45s %8d bytes  %8d gzip\n' "$f" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done

node --test --test-concurrency=1 tests/e2e/
