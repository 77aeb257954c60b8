#!/usr/bin/env bash
# Quick start, command 1: build and run push-console on its embedded defaults
# (SQLite under ./data, the built-in sandbox IM server) at http://127.0.0.1:3000.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$ROOT"
ensure_build_tools
say "building (release) and serving at http://${PUSH_CONSOLE_LISTEN:-127.0.0.1:3000}"
exec cargo leptos serve --release --split
