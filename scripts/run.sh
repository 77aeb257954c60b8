#!/usr/bin/env bash
# Quick start, command 1: build and run push-console on its embedded defaults
# (SQLite under ./data, the built-in sandbox IM server) at http://127.0.0.1:3000.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$ROOT"
ensure_build_tools
say "building (release)"
cargo leptos build --release --split
# The server runs from a copy of the build (binary, asset hashes, site), so a
# later build in this checkout — the test command's, say — never changes the
# files it serves.
serve_dir="$ROOT/target/serve"
rm -rf "$serve_dir"
mkdir -p "$serve_dir"
cp target/release/push-console "$serve_dir/"
if [ -f target/release/hash.txt ]; then cp target/release/hash.txt "$serve_dir/"; fi
cp -r target/site "$serve_dir/site"
say "serving at http://${PUSH_CONSOLE_LISTEN:-127.0.0.1:3000}"
export PUSH_CONSOLE_SITE_ROOT="$serve_dir/site"
exec "$serve_dir/push-console" serve
