#!/usr/bin/env bash
# Runs a browser script of end2end/bench/ against a fresh release server on a
# free port. Not a test. Default: the composer's cost per keystroke.
# Usage: scripts/browser-script.sh [composer-keystrokes|hydrate-waterfall|screenshots]
#   (after `cargo leptos build --release --split`)
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$ROOT"
BIN="$ROOT/target/release/push-console"
SITE="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"
[ -x "$BIN" ] && [ -d "$SITE/pkg" ] || { echo "build first: cargo leptos build --release --split" >&2; exit 1; }
ensure_chromium
ensure_npm_packages
# Chinese pages drawn with a real CJK font, not boxes.
if [ "${1:-}" = screenshots ] && ! fc-list 2>/dev/null | grep -qi "CJK"; then
  say "installing a CJK font for the screenshots"
  apt_install fonts-noto-cjk
fi
PORT=$(free_port)
DATA=$(mktemp -d /tmp/push-console-bench.XXXXXX)
PUSH_CONSOLE_DATA_DIR="$DATA" PUSH_CONSOLE_LISTEN="127.0.0.1:$PORT" LEPTOS_SITE_ROOT="$SITE" \
  PUSH_CONSOLE_SITE_ROOT="$SITE" RUST_LOG=warn "$BIN" serve >/dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.05; done
(cd end2end && BASE_URL="http://127.0.0.1:$PORT" node "bench/${1:-composer-keystrokes}.mjs")
