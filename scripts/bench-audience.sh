#!/usr/bin/env bash
# The bulk-job benchmark (not a test: it reports): a job of 1,000,000
# accounts against the built-in sandbox, at 100 requests a second and with
# the limit lifted, with the server's resident memory. BENCH_ACCOUNTS changes
# the size. Usage: scripts/bench-audience.sh   (after scripts/run.sh or
# scripts/test.sh built the release binary)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
[ -x target/release/push-console ] || { echo "build first: cargo leptos build --release" >&2; exit 1; }
exec cargo bench --features ssr --bench audience
