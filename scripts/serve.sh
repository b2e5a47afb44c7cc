#!/usr/bin/env bash
# Builds the app and serves it at http://127.0.0.1:8080 (press "Try it with a sample file").
# Installs missing tools first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# No auto-reload or error-reporting scripts: they are inline scripts and a WebSocket, which the
# page's Content-Security-Policy forbids.
exec trunk serve --release --no-autoreload --no-error-reporting --address 127.0.0.1 --port "${PORT:-8080}"
