#!/usr/bin/env bash
# Regenerate the iptables-restore / ip6tables-restore goldens in test/golden/restore/
# from the real kernel (both backends), using /work/shared/oracle/kernel-restore.
#
# Per case NNN-slug:
#   NNN-slug.rules  restore input (fed on stdin, byte-exact: CRLF is preserved)
#   NNN-slug.pre    optional base dump, loaded first (kernel-restore --pre)
#   NNN-slug.flags  optional, one line.  Leading words `-6` (use ip6tables-restore)
#                   and `--save-c` (dump the result with iptables-save -c, i.e.
#                   kernel-restore --counters) are oracle options; an optional
#                   `--` ends them; every remaining word is passed to
#                   iptables-restore verbatim (e.g. `--noflush`, `-T nat`, `-c`).
# Output: NNN-slug.nft.txt and NNN-slug.legacy.txt (exact stdout of kernel-restore,
# except that the oracle's temp bin-dir prefix in argv[0] is stripped).
#
# Usage: capture-restore.sh [-j JOBS] [CASE-GLOB]     (needs root)
set -euo pipefail
ORACLE=${ORACLE:-/work/shared/oracle/kernel-restore}
DIR="$(cd "$(dirname "$0")" && pwd)/restore"
JOBS=8
if [ "${1:-}" = "-j" ]; then JOBS=$2; shift 2; fi
GLOB=${1:-*}
if [ "$(id -u)" != 0 ]; then
  echo "capture-restore.sh: needs root (runs iptables-restore in throwaway netns)" >&2
  exit 2
fi
[ -x "$ORACLE" ] || { echo "capture-restore.sh: oracle $ORACLE not found" >&2; exit 2; }

run_one() {
  local rules=$1 backend=$2
  local base=${rules%.rules}
  local -a oracle_opts=() restore_flags=()
  if [ -f "$base.flags" ]; then
    local -a words
    read -r -a words < "$base.flags" || true
    local i=0
    while [ $i -lt ${#words[@]} ]; do
      case ${words[$i]} in
        -6) oracle_opts+=(-6) ;;
        --save-c) oracle_opts+=(--counters) ;;
        --) i=$((i+1)); break ;;
        *) break ;;
      esac
      i=$((i+1))
    done
    restore_flags=("${words[@]:$i}")
  fi
  [ -f "$base.pre" ] && oracle_opts+=(--pre "$base.pre")
  "$ORACLE" --backend "$backend" "${oracle_opts[@]}" - -- "${restore_flags[@]}" \
      < "$rules" > "$base.$backend.txt.tmp" 2>"$base.$backend.err.tmp" || {
    echo "FAILED: $base ($backend):" >&2; cat "$base.$backend.err.tmp" >&2; }
  # the oracle runs the tool from a private temp bin dir; getopt messages contain
  # argv[0] -> normalize to the bare program name (what a PATH lookup gives)
  sed -E 's#/tmp/orc-[A-Za-z0-9_]+/bin-(nft|legacy)/##g' "$base.$backend.txt.tmp" > "$base.$backend.txt"
  rm -f "$base.$backend.txt.tmp"
  rm -f "$base.$backend.err.tmp"
}
export -f run_one
export ORACLE

shopt -s nullglob
cases=("$DIR"/$GLOB.rules)
[ ${#cases[@]} -gt 0 ] || { echo "no cases match $GLOB" >&2; exit 2; }
for c in "${cases[@]}"; do
  for b in nft legacy; do printf '%s\0%s\0' "$c" "$b"; done
done | xargs -0 -n2 -P "$JOBS" bash -c 'run_one "$1" "$2"' _
echo "captured ${#cases[@]} cases x 2 backends into $DIR"
