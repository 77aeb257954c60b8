#!/usr/bin/env bash
# Measures the platform budgets on the release build (not a test: it reports).
#   front page transfer (HTML + CSS + JS + WASM, brotli)  budget 300 KiB
#   resident memory when idle                             budget 40 MB
#   start-up including migrations (exec -> healthy)       budget 1 s
# Usage: scripts/bench.sh   (after scripts/run.sh or scripts/test.sh built it)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/target/release/push-console"
SITE="$ROOT/target/site"
[ -x "$BIN" ] && [ -d "$SITE/pkg" ] || { echo "build first: cargo leptos build --release" >&2; exit 1; }
PORT=${BENCH_PORT:-3917}
BASE="http://127.0.0.1:$PORT"
RUNS=${BENCH_RUNS:-5}

start_server() {
  DATA=$(mktemp -d /tmp/push-console-bench.XXXXXX)
  local t0
  t0=$(date +%s%N)
  PUSH_CONSOLE_DATA_DIR="$DATA" PUSH_CONSOLE_LISTEN="127.0.0.1:$PORT" LEPTOS_SITE_ROOT="$SITE" \
    RUST_LOG=warn "$BIN" serve >/dev/null 2>&1 &
  PID=$!
  until curl -fs "$BASE/healthz" >/dev/null 2>&1; do sleep 0.005; done
  STARTUP_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
stop_server() { kill "$PID"; wait "$PID" 2>/dev/null || true; rm -rf "$DATA"; }

# Start-up: a fresh database each time, so every run applies all migrations.
times=()
for _ in $(seq "$RUNS"); do start_server; times+=("$STARTUP_MS"); stop_server; done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")

start_server
# The server writes .br copies of the assets in the background after start.
# The main bundle; the lazily loaded route chunks (chunk_*, split_*) are not
# part of the front page.
wasm=$(ls "$SITE"/pkg/push-console.*.wasm | grep -v '\.br$\|\.gz$' | head -n 1)
for _ in $(seq 600); do [ -f "$wasm.br" ] && break; sleep 0.1; done

# A fresh installation sends every visitor to /setup: that is the first page.
FRONT=${BENCH_PAGE:-/setup}
size() { curl -s -H 'Accept: text/html' -H 'Accept-Encoding: br' -o /dev/null -w '%{size_download}' "$BASE$1"; }
html=$(curl -s -H 'Accept: text/html' "$BASE$FRONT")
page=$(size "$FRONT")
total=$page
printf '%-48s %9s\n' "front page resource" "bytes(br)"
printf '%-48s %9d\n' "$FRONT (HTML)" "$page"
for path in $(printf '%s' "$html" | grep -oE '/pkg/[^"]+\.(css|js|wasm)' | sort -u); do
  b=$(size "$path"); total=$((total + b)); printf '%-48s %9d\n' "$path" "$b"
done
# The WASM is fetched by the JS loader, not linked from the HTML.
if ! printf '%s' "$html" | grep -q '\.wasm'; then
  path="/pkg/$(basename "$wasm")"; b=$(size "$path"); total=$((total + b)); printf '%-48s %9d\n' "$path" "$b"
fi
# Modules the loader imports (the WASM splitter's runtime).
for js in $(printf '%s' "$html" | grep -oE '/pkg/[^"]+\.js' | sort -u); do
  for module in $(curl -s "$BASE$js" | grep -oE '\./__wasm_split[^"]+\.js' | sort -u); do
    path="/pkg/${module#./}"
    printf '%s' "$html" | grep -q "$path" && continue
    b=$(size "$path"); total=$((total + b)); printf '%-48s %9d\n' "$path" "$b"
  done
done
curl -s -H 'Accept: text/html' "$BASE$FRONT" >/dev/null; sleep 2
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
stop_server

wasm_raw=$(stat -c %s "$wasm")
verdict() { if [ "$1" -le "$2" ]; then echo within; else echo OVER; fi; }
echo
printf 'front page total (brotli): %d bytes = %d KiB  (budget 300 KiB: %s)\n' "$total" $((total / 1024)) "$(verdict $((total / 1024)) 300)"
printf 'WASM size: %d KiB raw, %d KiB brotli\n' $((wasm_raw / 1024)) $(( $(stat -c %s "$wasm.br") / 1024 ))
printf 'idle resident memory: %d KB = %.1f MB  (budget 40 MB: %s)\n' "$rss_kb" "$(awk -v k="$rss_kb" 'BEGIN { print k / 1000 }')" "$(verdict "$rss_kb" 40000)"
printf 'start-up incl. migrations, median of %d: %d ms  [%s] (budget 1000 ms: %s)\n' "$RUNS" "$median" "${sorted% }" "$(verdict "$median" 1000)"
