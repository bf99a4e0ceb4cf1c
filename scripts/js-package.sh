#!/usr/bin/env bash
# Builds the embeddable JS package (www/js: the core with its readers, wasm-bindgen --target
# web, wasm-opt -Oz) into OUT (default dist/js): the npm package as it would be published
# (`npm publish dist/js`). scripts/test.sh runs it after `trunk build --release` (which empties
# dist/), beside the plain HTML page that the e2e tests embed it in (e2e/embed → dist/embed).
#
#   scripts/js-package.sh [OUT]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_wasm_target
ensure_wasm_bindgen
ensure_wasm_opt
cd "$ROOT"
out="${1:-dist/js}"
target="${CARGO_TARGET_DIR:-$ROOT/target}"

# the profile and target of the app's wasm (shared dependencies are built once)
cargo build --quiet -p suanpan-js --lib --target wasm32-unknown-unknown --profile wasm-release
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name suanpan \
  "$target/wasm32-unknown-unknown/wasm-release/suanpan_js.wasm"
wasm-opt -Oz "$out/suanpan_bg.wasm" -o "$out/suanpan_bg.wasm"
cp www/js/package/{package.json,README.md,index.js,index.d.ts,report.d.ts,engine.js,worker.js} "$out/"
