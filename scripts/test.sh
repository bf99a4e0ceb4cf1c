#!/usr/bin/env bash
# Everything CI checks, in order; installs what is missing first (into .tools/, e2e/node_modules
# and, via apt, chromium + chromium-driver). Idempotent; quick the second time.
#
#   scripts/test.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

export CI=true            # insta: never write snapshots, fail on a mismatch
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-always}"
# Disk: a run builds the workspace for three targets and profiles. Incremental caches and full
# debug info made a clean run's target/ about 24 GB, and one CI run failed with "No space left on
# device". Neither is useful to a test run (line tables still give panics their file and line).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-line-tables-only}"
export CARGO_PROFILE_TEST_DEBUG="${CARGO_PROFILE_TEST_DEBUG:-line-tables-only}"

step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*" >&2; }

ensure_build_tools
ensure_chromium
ensure_playwright
ensure_pdf_tools
cd "$ROOT"

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy (native, all targets)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo clippy (web app and JS package for wasm32, incl. browser tests)"
cargo clippy -p suanpan-web -p suanpan-js --all-targets --target wasm32-unknown-unknown -- -D warnings

step "cargo test --workspace"
cargo test --workspace

# the adversarial suite ran above on the unoptimised CLI (inputs scaled down); with this
# set, it runs again on the release CLI with the full 64 MB inputs and the real budgets
# (10 s, 1 GB per input). The release build takes a few minutes.
if [ "${SUANPAN_FULL_ADVERSARIAL:-0}" = 1 ]; then
    step "adversarial suite: release CLI, full-size inputs"
    cargo build --release --bin suanpan
    SUANPAN_BIN="${CARGO_TARGET_DIR:-target}/release/suanpan" cargo test --test adversarial -- --nocapture
fi

step "core builds for wasm32 without the CLI (bare, and with the readers as the reader worker has them)"
cargo build -p suanpan --no-default-features --target wasm32-unknown-unknown
cargo build -p suanpan --no-default-features --features pdf,office,gbk --target wasm32-unknown-unknown

step "core stays pure (no web crates in its wasm32 dependency tree)"
if cargo tree -p suanpan --no-default-features --features pdf,office,gbk -e normal --target wasm32-unknown-unknown \
  | grep -E ' (web-sys|js-sys|wasm-bindgen|yew|gloo[a-z-]*) v'; then
  echo "the core crate must not depend on web crates" >&2
  exit 1
fi

step "browser tests of the web app (wasm-bindgen-test, headless chromium)"
(
  cd www
  CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/www/webdriver.json" \
  WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test -p suanpan-web --target wasm32-unknown-unknown --test web
)

step "trunk build --release (+ the single-file build)"
trunk build --release
python3 scripts/single-file.py dist dist-single/suanpan.html
size() {
  printf '  %-48s %8d bytes, %7d gzipped\n' "$1" "$(cat "${@:2}" | wc -c)" "$(cat "${@:2}" | gzip -9 | wc -c)" >&2
}
for f in dist/*.wasm dist/*.js dist/*.css dist-single/suanpan.html; do
  size "$(basename "$f")" "$f"
done
# what a first visit downloads before the page is interactive (the worker comes after)
size "page: index.html + glue + wasm + css" dist/index.html dist/suanpan-web-*.js dist/suanpan-web-*_bg.wasm dist/app-*.css
size "worker: loader + glue + wasm" dist/suanpan-worker_loader.js dist/suanpan-worker.js dist/suanpan-worker_bg.wasm
# loaded on the first file opened: the PDF engine and the Office readers
size "reader: loader + glue + wasm" dist/suanpan-reader_loader.js dist/suanpan-reader.js dist/suanpan-reader_bg.wasm

step "the embeddable JS package (www/js → dist/js) and its plain HTML page (e2e/embed → dist/embed)"
scripts/js-package.sh dist/js
mkdir -p dist/embed && cp e2e/embed/index.html dist/embed/
size "js package: suanpan_bg.wasm" dist/js/suanpan_bg.wasm
size "js package: all its JS + wasm" dist/js/*.js dist/js/suanpan_bg.wasm

step "the JS package's TypeScript declarations (tsc): an example, and the CLI's reports typed as Report"
cargo build --quiet --bin suanpan
# object literals: a field or a value that the generated report.d.ts does not allow is an error
mkdir -p dist/typecheck
for f in www/samples/xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt \
         tests/corpus/pdf/shanghai-putuo-finance-bureau-2024-dept-final-edited-with-planted-errors.pdf \
         e2e/fixtures/formats/xinjiang-2019-tables.xlsx; do
  {
    echo "import type { Report } from '../../www/js/package/index.js';"
    printf 'export const report: Report = '
    "${CARGO_TARGET_DIR:-target}/debug/suanpan" check --format json --checks "$f" || [ $? -eq 1 ]
  } > "dist/typecheck/$(basename "${f%.*}").ts"
done
e2e/node_modules/.bin/tsc -p www/js/typecheck

step "end-to-end tests (Playwright, /usr/bin/chromium; benchmark numbers are printed)"
cargo build --quiet --bin suanpan   # the tests compare the page with the CLI's report
# a free port for the test server (several checkouts may run their tests at once)
export SUANPAN_E2E_PORT="${SUANPAN_E2E_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
(cd e2e && npx --no-install playwright test)

step "all checks passed"
