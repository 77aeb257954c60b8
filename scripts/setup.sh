# Installs what the build and the tests need, only when it is missing.
# Sourced by run.sh and test.sh; functions only, no side effects on load.
# Versions are pinned to what builds on Rust stable here (see README).

CARGO_LEPTOS_VERSION=0.3.10
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root to run: $*"; return 1; fi
}

apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_rust_targets() {
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_cargo_leptos() {
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (once per machine, about 12 minutes)"
    cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
  fi
}

# The CLI must equal the wasm-bindgen version in Cargo.lock, or the bundle breaks.
ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock")
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

# npm's binaryen gives the wasm-opt that cargo-leptos needs (Debian's is too old
# and silently breaks hydration); Playwright drives the browser in tests.
ensure_npm_packages() {
  if ! command -v npm >/dev/null; then say "installing Node.js"; apt_install nodejs npm; fi
  local dir="$ROOT/end2end"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.stamp" ]; then
    say "installing the end2end npm packages"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.stamp)
  fi
  export PATH="$dir/node_modules/.bin:$PATH"
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then say "installing Chromium"; apt_install chromium; fi
}

ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    say "installing PostgreSQL"
    apt_install postgresql
  fi
}

ensure_build_tools() {
  ensure_rust_targets
  ensure_cargo_leptos
  ensure_wasm_bindgen
  ensure_npm_packages
}

# A TCP port nothing listens on now, chosen by the kernel.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
