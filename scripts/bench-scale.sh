#!/usr/bin/env bash
# The benchmarks at the scale of years (issue 18; not tests: they report
# each figure beside its budget). Each runs on SQLite, then on a throwaway
# PostgreSQL cluster:
#   benches/history.rs  1,000,000 pushes: every history filter, the CSV
#                       export, and (SQLite) the send path's own time
#   benches/audit.rs    10,000,000 audit events: every audit-log filter,
#                       `audit verify` and `audit verify --from-checkpoint`
# BENCH_ROWS, BENCH_EVENTS and BENCH_RUNS (default 5) change the sizes;
# BENCH_ONLY=history|audit and BENCH_BACKENDS="sqlite postgres" pick.
# Usage: scripts/bench-scale.sh   (after scripts/run.sh or scripts/test.sh built it)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
[ -x target/release/push-console ] || { echo "build first: cargo leptos build --release" >&2; exit 1; }
source scripts/setup.sh
source scripts/pg-throwaway.sh
trap stop_throwaway_pg EXIT
export LEPTOS_OUTPUT_NAME=push-console
benches=${BENCH_ONLY:-history audit}
for backend in ${BENCH_BACKENDS:-sqlite postgres}; do
  if [ "$backend" = postgres ]; then
    ensure_postgres
    start_throwaway_pg
    export BENCH_PG_URL="$PG_URL"
  else
    unset BENCH_PG_URL
  fi
  for bench in $benches; do
    cargo bench --features ssr --bench "$bench"
  done
  stop_throwaway_pg
done
