#!/bin/bash
# Regenerate the IPVS scheduler goldens in test/golden/ipvs-sched/ from a REAL kernel (Debian 12's 6.1 under qemu,
# ../shared/oracle/ipvs/ipvs-oracle; no root needed, ~60 s).  For every FILE.cmds here this writes FILE.out =
# the oracle's block output (### cmd N: ..., ### exit, ### stdout ...) of
#     ipvs-oracle --timeout 600 FILE.cmds
# test/ipvs-sched.test.ts replays the ipvsadm lines and vsend flows through nfsim's schedulers and compares the
# real server chosen for every flow and the ActiveConn/InActConn counters of the final `ipvsadm -Ln`.
# Usage: test/golden/ipvs-sched/capture.sh [FILE.cmds ...]   (default: all)
set -eu
cd "$(dirname "$(readlink -f "$0")")"
ORACLE=${IPVS_ORACLE:-../../../../shared/oracle/ipvs/ipvs-oracle}
[ -x "$ORACLE" ] || { echo "capture.sh: $ORACLE not found (set IPVS_ORACLE)" >&2; exit 1; }
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(*.cmds)
for f in "${files[@]}"; do
    out=${f%.cmds}.out
    "$ORACLE" --timeout 600 "$f" > "$out.tmp"
    mv "$out.tmp" "$out"
    echo "capture.sh: $out ($(grep -c '^### cmd' "$out") commands)"
done
