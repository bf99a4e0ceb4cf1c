#!/usr/bin/env bash
# Builds the web app in release mode and serves it at http://127.0.0.1:8080
# (installs what is missing first, into .tools/; see scripts/tools.sh).
#
#   scripts/serve.sh           build once, then serve dist/ (python3 http.server)
#   scripts/serve.sh --watch   trunk serve --release: rebuild and reload on every change
#   PORT=9000 scripts/serve.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

PORT="${PORT:-8080}"
ensure_build_tools
cd "$ROOT"

if [ "${1:-}" = "--watch" ]; then
  log "trunk serve --release on http://127.0.0.1:$PORT"
  exec trunk serve --release --port "$PORT" --address 127.0.0.1
fi

log "trunk build --release"
trunk build --release
log "serving dist/ on http://127.0.0.1:$PORT (Ctrl-C to stop)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$ROOT/dist"
