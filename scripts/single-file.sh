#!/usr/bin/env bash
# Writes dist-single/rostercheck.html: the whole app in one file that works opened straight from
# disk (file://) or e-mailed. Uses the release build in dist/ (builds it when missing; pass
# --build to rebuild first).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if [ "${1:-}" = "--build" ] || [ ! -f dist/index.html ] || ! grep -q 'data-build=' dist/index.html; then
  trunk build --release --locked
fi
node scripts/single-file.mjs dist dist-single/rostercheck.html
