#!/usr/bin/env bash
# Capture the goldens of the mutation corpus from the real kernel (both backends) with
# /work/shared/oracle/kernel-restore, in throwaway netns (the oracle never touches the
# root namespace's firewall).
#
# Per case test/mutation/cases/NNN.rules:
#   kernel-restore --backend B --pre test/mutation/base.rules - < NNN.rules > NNN.B.txt
# for B in nft legacy (input fed on stdin, byte-exact).  Like ../golden/capture-restore.sh,
# the oracle's temp bin-dir prefix in argv[0] is stripped from the output.
#
# Usage: test/mutation/capture.sh [-j JOBS] [CASE-GLOB]      (needs root)
set -euo pipefail
ORACLE=${ORACLE:-/work/shared/oracle/kernel-restore}
HERE="$(cd "$(dirname "$0")" && pwd)"
DIR="$HERE/cases"
BASE="$HERE/base.rules"
JOBS=8
if [ "${1:-}" = "-j" ]; then JOBS=$2; shift 2; fi
GLOB=${1:-*}
if [ "$(id -u)" != 0 ]; then
  echo "capture.sh: needs root (runs iptables-restore in throwaway netns)" >&2
  exit 2
fi
[ -x "$ORACLE" ] || { echo "capture.sh: oracle $ORACLE not found" >&2; exit 2; }

run_one() {
  local rules=$1 backend=$2
  local base=${rules%.rules}
  "$ORACLE" --backend "$backend" --pre "$BASE" - < "$rules" \
      > "$base.$backend.txt.tmp" 2> "$base.$backend.err.tmp" || {
    echo "FAILED: $base ($backend):" >&2; cat "$base.$backend.err.tmp" >&2; }
  sed -E 's#/tmp/orc-[A-Za-z0-9_]+/bin-(nft|legacy)/##g' "$base.$backend.txt.tmp" > "$base.$backend.txt"
  rm -f "$base.$backend.txt.tmp" "$base.$backend.err.tmp"
}
export -f run_one
export ORACLE BASE

shopt -s nullglob
cases=("$DIR"/$GLOB.rules)
[ ${#cases[@]} -gt 0 ] || { echo "no cases match $GLOB" >&2; exit 2; }
for c in "${cases[@]}"; do
  for b in nft legacy; do printf '%s\0%s\0' "$c" "$b"; done
done | xargs -0 -n2 -P "$JOBS" bash -c 'run_one "$1" "$2"' _
echo "captured ${#cases[@]} cases x 2 backends into $DIR"
