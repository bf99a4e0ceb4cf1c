#!/usr/bin/env bash
# Sourced by scripts/serve.sh and scripts/test.sh.
# Installs, idempotently, what this project needs into the git-ignored folder .tools/
# (only crates.io, npm and apt are used: nothing is downloaded from GitHub).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
mkdir -p "$TOOLS/bin"
export PATH="$TOOLS/bin:$TOOLS/npm/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"

log() { printf '\033[1;34m[tools]\033[0m %s\n' "$*" >&2; }

# cargo install is slow with trunk's fat-LTO release profile; these settings keep it a few minutes.
cargo_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --root "$TOOLS" "$@"
}

# The wasm-bindgen version pinned in Cargo.lock (the CLI must equal it exactly).
locked_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock"
}

ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
    log "installing trunk $TRUNK_VERSION from crates.io (a few minutes, once)"
    cargo_install trunk --version "$TRUNK_VERSION" --locked
  fi
}

ensure_wasm_bindgen() {
  local want
  want="$(locked_wasm_bindgen_version)"
  if [ -z "$want" ]; then
    log "Cargo.lock has no wasm-bindgen entry; run cargo generate-lockfile"
    exit 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $want" ] \
     || [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" != "wasm-bindgen-test-runner $want" ]; then
    log "installing wasm-bindgen-cli $want from crates.io (about two minutes, once)"
    # no --locked: the CLI's own lockfile pins crates the registry mirror lacks
    cargo_install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_wasm_opt() {
  if [ ! -x "$TOOLS/npm/node_modules/.bin/wasm-opt" ]; then
    log "installing binaryen@$BINARYEN_VERSION (wasm-opt) from npm"
    mkdir -p "$TOOLS/npm"
    npm install --prefix "$TOOLS/npm" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION" >&2
  fi
}

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    log "installing Debian's chromium and chromium-driver"
    apt_install chromium chromium-driver
  fi
  # A Chinese font, so screenshots of the (Chinese) page are legible. Not needed to pass.
  if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then
    log "installing a Chinese font (fonts-wqy-microhei) for legible screenshots"
    apt_install fonts-wqy-microhei || log "no Chinese font: screenshots will show boxes (tests still pass)"
  fi
}

# Two PDF readers independent of ours (poppler's pdftotext, qpdf): the annotated-PDF test
# reads suanpan's output with them (tests/annotate.rs).
ensure_pdf_tools() {
  if ! command -v pdftotext >/dev/null || ! command -v qpdf >/dev/null; then
    log "installing poppler-utils and qpdf (independent PDF readers for the annotation test)"
    apt_install poppler-utils qpdf
  fi
}

ensure_playwright() {
  if [ ! -d "$ROOT/e2e/node_modules/playwright-core" ] || [ "$ROOT/e2e/package-lock.json" -nt "$ROOT/e2e/node_modules/.package-lock.json" ]; then
    log "installing playwright-core and @playwright/test from npm (no browser download)"
    (cd "$ROOT/e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent >&2)
  fi
}

# Trunk runs cargo with --offline (Trunk.toml), so the crates must be in the local registry.
ensure_crates() {
  (cd "$ROOT" && cargo fetch --quiet >&2)
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_wasm_opt
  ensure_trunk
  ensure_crates
}
