#!/usr/bin/env bash
# The history benchmark (not a test: it reports): 1,000,000 push records,
# the first and filtered history pages, the streamed CSV export's memory, and
# the send path's own overhead. BENCH_ROWS and BENCH_SENDS change the sizes.
# Usage: scripts/bench-history.sh   (after scripts/run.sh or scripts/test.sh built it)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
[ -x target/release/push-console ] || { echo "build first: cargo leptos build --release" >&2; exit 1; }
exec cargo bench --features ssr --bench history
