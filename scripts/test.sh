#!/usr/bin/env bash
# Quick start, command 2: the whole test suite.
#   0. the import directions of the source map (scripts/layers.sh)
#   1. Rust tests on SQLite
#   2. the same tests on PostgreSQL (PUSH_CONSOLE_TEST_PG_URL, or a throwaway
#      cluster; skipped with a clear message only outside CI when neither works)
#   3. Playwright in Debian's Chromium against the release build
set -euo pipefail
source "$(dirname "$0")/setup.sh"
source "$(dirname "$0")/pg-throwaway.sh"
cd "$ROOT"
trap stop_throwaway_pg EXIT

ensure_build_tools
ensure_chromium

# Each test runs in its own process under nextest (on every machine of this
# kind), so a hung test is stopped and named (.config/nextest.toml); plain
# `cargo test` under a stage timeout where nextest is missing.
# cargo-leptos builds the server with LEPTOS_OUTPUT_NAME set, which leptos
# reads at compile time; the same value here lets the end-to-end stage reuse
# the test build's crates instead of rebuilding them.
export LEPTOS_OUTPUT_NAME=push-console
rust_tests() {
  if cargo nextest --version >/dev/null 2>&1; then
    cargo nextest run --release --features ssr --no-fail-fast
  else
    timeout 20m cargo test --release --features ssr
  fi
}

say "0/3 the layers' import directions"
"$ROOT/scripts/layers.sh"

say "1/3 Rust tests on SQLite"
(unset PUSH_CONSOLE_TEST_PG_URL; rust_tests)

say "2/3 Rust tests on PostgreSQL"
pg_url="${PUSH_CONSOLE_TEST_PG_URL:-}"
if [ -z "$pg_url" ]; then
  if [ "$(id -u)" = 0 ] || [ -n "${CI:-}" ]; then
    ensure_postgres
    start_throwaway_pg
    pg_url="$PG_URL"
  elif ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    start_throwaway_pg
    pg_url="$PG_URL"
  fi
fi
if [ -n "$pg_url" ]; then
  PUSH_CONSOLE_TEST_PG_URL="$pg_url" rust_tests
elif [ -n "${CI:-}" ]; then
  say "PostgreSQL is required in CI and could not be started"; exit 1
else
  say "PostgreSQL SKIPPED: not root, no PostgreSQL installed, and PUSH_CONSOLE_TEST_PG_URL unset"
fi

say "3/3 end-to-end tests in Chromium"
# Its own server on a free port and a fresh data folder, its own site folder:
# a push-console already serving from this checkout (./scripts/run.sh) is
# neither tested by mistake nor has its files rebuilt under it.
e2e_data=$(mktemp -d /tmp/push-console-e2e.XXXXXX)
e2e_port="${E2E_PORT:-$(free_port)}"
export PUSH_CONSOLE_DATA_DIR="$e2e_data"
export PUSH_CONSOLE_LISTEN="127.0.0.1:$e2e_port"
export PLAYWRIGHT_BASE_URL="http://$PUSH_CONSOLE_LISTEN"
export LEPTOS_SITE_ROOT="$ROOT/target/e2e-site"
export PUSH_CONSOLE_SITE_ROOT="$LEPTOS_SITE_ROOT"
# The page-reload port of `cargo leptos watch`, unused here, off 3001 too.
export LEPTOS_RELOAD_PORT="$(free_port)"
unset DATABASE_URL PUSH_CONSOLE_CONFIG PUSH_CONSOLE_APPS PUSH_CONSOLE_AUDIT_KEY
timeout 30m cargo leptos end-to-end --release --split
rm -rf "$e2e_data"
say "all tests passed"
