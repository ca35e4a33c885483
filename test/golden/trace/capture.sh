#!/bin/bash
# Capture kernel trace goldens for `nfsim trace`: random rulesets + packets from test/support/trace-gen.ts,
# replayed through the REAL kernel by the oracle's kernel-trace (nft backend, default --trace-mode table,
# no --counters, no --all-packets).
#
# Requirements: root, Debian 12 (iptables 1.8.9 with xtables-nft-multi, xtables-monitor, conntrack, nft,
# iproute2, python3), node >= 20 with this repo's dev dependencies installed (`npm ci`; esbuild bundles the
# generator, no tsx needed), and the oracle in ../shared/oracle relative to the repo root (override with
# ORACLE_DIR=...).  The oracle works only in throwaway network namespaces; the root namespace's firewall is
# never touched.
#
# Usage:  sudo test/golden/trace/capture.sh FROM TO      (seeds FROM..TO inclusive; default 1 340)
#         JOBS=2 by default (parallel oracle runs); FORCE=1 re-captures seeds whose file already exists.
#         sudo test/golden/trace/capture.sh --stats       (only print coverage statistics of the goldens)
#
# Writes test/golden/trace/kernel/<seed>.trace:
#   ### seed <seed>
#   ### command: <ORACLE_DIR>/kernel-trace --backend nft --ruleset <seed>.rules --packet '<spec>'
#   ### packet
#   <spec>
#   ### ruleset
#   <dump>                      (= <seed>.rules given to the oracle)
#   ### kernel-trace exit <N>
#   <kernel-trace stdout, verbatim>
#   ### stderr                  (only if the oracle wrote to stderr)
#   <kernel-trace stderr>
# An oracle setup error (exit 3) is retried twice before being recorded.
set -u

cd "$(dirname "$(readlink -f "$0")")/../../.." || exit 1   # repo root
ORACLE_DIR=${ORACLE_DIR:-../shared/oracle}
KT="$ORACLE_DIR/kernel-trace"
OUT=test/golden/trace/kernel
JOBS=${JOBS:-2}

tmp=$(mktemp -d /tmp/nfsim-trace-capture.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT

# bundle the generator entry (test/golden/trace/gen.ts) into one ESM file
node --input-type=module -e "
import { build } from 'esbuild';
await build({ entryPoints: ['test/golden/trace/gen.ts'], outfile: '$tmp/gen.mjs', bundle: true,
  platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
" || { echo "capture.sh: esbuild bundle failed (npm ci?)" >&2; exit 1; }

if [ "${1:-}" = "--stats" ]; then
    node "$tmp/gen.mjs" stats "$OUT"
    exit $?
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "capture.sh: must run as root (network namespaces + netfilter)" >&2
    exit 1
fi
[ -x "$KT" ] || { echo "capture.sh: $KT not found (set ORACLE_DIR)" >&2; exit 1; }

FROM=${1:-1}
TO=${2:-340}
mkdir -p "$OUT" "$tmp/cases"
node "$tmp/gen.mjs" write "$tmp/cases" "$FROM" "$TO" || exit 1

capture_one() {  # seed
    local seed=$1 packet rc tries=0 f="$OUT/$1.trace"
    if [ -e "$f" ] && [ -z "${FORCE:-}" ]; then return 0; fi
    packet=$(cat "$tmp/cases/$seed.packet")
    while :; do
        "$KT" --backend nft --ruleset "$tmp/cases/$seed.rules" --packet "$packet" \
            >"$tmp/cases/$seed.out" 2>"$tmp/cases/$seed.err"
        rc=$?
        [ "$rc" -eq 3 ] && [ "$tries" -lt 2 ] || break
        tries=$((tries + 1))
        sleep 1
    done
    {
        echo "### seed $seed"
        echo "### command: $KT --backend nft --ruleset $seed.rules --packet '$packet'"
        echo "### packet"
        echo "$packet"
        echo "### ruleset"
        cat "$tmp/cases/$seed.rules"
        echo "### kernel-trace exit $rc"
        cat "$tmp/cases/$seed.out"
        if [ -s "$tmp/cases/$seed.err" ]; then
            echo "### stderr"
            cat "$tmp/cases/$seed.err"
        fi
    } >"$f.tmp" && mv "$f.tmp" "$f"
    echo "seed $seed: exit $rc $(grep -m1 '^RESULT' "$f" || true)"
}
export -f capture_one
export KT OUT tmp

seq "$FROM" "$TO" | xargs -P "$JOBS" -I{} bash -c 'capture_one {}'
node "$tmp/gen.mjs" stats "$OUT" | head -1
