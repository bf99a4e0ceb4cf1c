#!/usr/bin/env bash
# Builds the wasm bench module at three optimisation levels and without the PDF engine,
# prints sizes (raw, gzip -9, and after wasm-opt -Oz when available) and times every
# corpus PDF under node. Usage: benches/wasm/run.sh   (from anywhere)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target/wasm-bench}"
OUT="$CARGO_TARGET_DIR/wasm32-unknown-unknown"
WASM_OPT="${WASM_OPT:-$(command -v wasm-opt || true)}"
cd "$HERE"
size() {
  local f="$1" raw gz
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-34s raw %8d B  gz %8d B' "$2" "$raw" "$gz"
  if [ -n "$WASM_OPT" ]; then
    "$WASM_OPT" -Oz --all-features "$f" -o "$f.opt.wasm"
    printf '   wasm-opt -Oz: raw %8d B  gz %8d B' "$(stat -c %s "$f.opt.wasm")" "$(gzip -9 -c "$f.opt.wasm" | wc -c)"
  fi
  echo
}
cargo build -q --target wasm32-unknown-unknown --release --no-default-features
cp "$OUT/release/suanpan_wasm_bench.wasm" "$OUT/text-only.wasm"
for p in release release-mixed release-o3; do
  cargo build -q --target wasm32-unknown-unknown --profile "$p"
done
echo "== sizes"
size "$OUT/text-only.wasm" "text only (Oz, no pdf feature)"
size "$OUT/release/suanpan_wasm_bench.wasm" "with pdf, Oz"
size "$OUT/release-mixed/suanpan_wasm_bench.wasm" "with pdf, Oz + hayro crates O3"
size "$OUT/release-o3/suanpan_wasm_bench.wasm" "with pdf, O3"
for p in release release-mixed release-o3; do
  echo "== times, profile $p"
  node "$HERE/bench.mjs" "$OUT/$p/suanpan_wasm_bench.wasm" "$ROOT"/tests/corpus/pdf/*.pdf
done
