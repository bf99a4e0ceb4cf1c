#!/usr/bin/env bash
# Throughput and memory of `suanpan check --summary` on a directory of text documents
# (issue 14: ≥ 1,000 text documents per minute per core, all cores used, memory flat).
#
#   scripts/bench-set.sh [N]      # N documents (default 1000)
#
# Builds the release binary, writes N text documents (the corpus's text disclosures, golden
# and shared, repeated: the same texts checked again and again) into a temporary directory,
# and checks the directory with --jobs 1 and --jobs $(nproc). Prints documents per minute, per
# minute per core, the speed-up, and the peak memory (max RSS from /usr/bin/time) for N/10 and
# N documents: flat memory means the two are close, and documents per CPU-minute (user + system
# time), which other load on the machine does not change; the wall-clock speed-up does.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
CORES=$(nproc)
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/suanpan
CORPUS=${SUANPAN_CORPUS:-../shared/corpus}
[ -d "$CORPUS" ] || CORPUS=tests/corpus
mapfile -t SOURCES < <(ls "$CORPUS"/golden/*.layout.txt "$CORPUS"/text/*.txt 2>/dev/null)
[ ${#SOURCES[@]} -gt 0 ] || { echo "no text documents in $CORPUS/golden or $CORPUS/text" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
make_set() { # dir count
  mkdir -p "$1"
  for ((i = 0; i < $2; i++)); do
    cp "${SOURCES[i % ${#SOURCES[@]}]}" "$1/doc-$i.txt"
  done
}
make_set "$WORK/small" $((N / 10))
make_set "$WORK/full" "$N"
BYTES=$(du -sb "$WORK/full" | cut -f1)
run() { # dir jobs -> "seconds maxrss_kb cpu_seconds"
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/time" "$BIN" check --summary --jobs "$2" "$1" >/dev/null 2>&1 || true
  tail -n1 "$WORK/time" | awk '{ print $1, $2, $3 + $4 }'
}
echo "documents: $N (${#SOURCES[@]} distinct texts, $((BYTES / N / 1024)) KiB on average); cores: $CORES"
read -r T1 M1 C1 < <(run "$WORK/full" 1)
read -r TN MN CN < <(run "$WORK/full" "$CORES")
read -r TS MS CS < <(run "$WORK/small" "$CORES")
python3 - "$N" "$CORES" "$T1" "$TN" "$M1" "$MN" "$MS" "$C1" "$CN" <<'PY'
import sys
n, cores, t1, tn, m1, mn, ms, c1, cn = int(sys.argv[1]), int(sys.argv[2]), *map(float, sys.argv[3:])
print(f"--jobs 1:      {t1:6.1f} s  {n / t1 * 60:8.0f} documents/minute (per core)   max RSS {m1 / 1024:6.1f} MiB")
print(f"--jobs {cores}:      {tn:6.1f} s  {n / tn * 60:8.0f} documents/minute, {n / tn * 60 / cores:.0f} per core   max RSS {mn / 1024:6.1f} MiB")
print(f"speed-up 1 → {cores} cores: {t1 / tn:.2f}x")
print(f"memory: {n // 10} documents {ms / 1024:.1f} MiB, {n} documents {mn / 1024:.1f} MiB")
print(f"CPU time: {n / c1 * 60:.0f} documents per CPU-minute with 1 thread, {n / cn * 60:.0f} with {cores}"
      " (independent of other load; wall-clock scaling needs an idle machine)")
PY
