#!/usr/bin/env bash
# Builds the one-file version of the web app: dist-single/suanpan.html, with the CSS, the JS
# glue and the WebAssembly inlined. It opens from disk (file://) or an intranet share, with no
# server and no network (checking then runs on the page's thread: browsers start no workers
# from file://). Installs what is missing first (see scripts/tools.sh).
#
#   scripts/single-file.sh            trunk build --release, then inline dist/ into one file
#   scripts/single-file.sh --no-build inline the existing dist/
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"
if [ "${1:-}" != "--no-build" ]; then
  ensure_build_tools
  log "trunk build --release"
  trunk build --release
fi
python3 "$ROOT/scripts/single-file.py" "$ROOT/dist" "$ROOT/dist-single/suanpan.html"
