#!/bin/sh
# Regenerates the IPVS goldens in this directory from a REAL kernel: every <name>.cmds runs in a fresh Debian 12
# VM (linux 6.1, ipvsadm 1.31) through ../shared/oracle/ipvs/ipvs-oracle, and its block output is kept as
# <name>.out (### cmd N / ### exit / ### stdout (B bytes) / ### stderr (B bytes)). No root needed.
#   test/golden/ipvs/capture.sh [name ...]      (default: every .cmds file)
# gen-table.js and gen-sort-many.js write option-table.cmds and sort-many.cmds (deterministic).
set -eu
cd "$(dirname "$0")"
ORACLE=${IPVS_ORACLE:-../../../../shared/oracle/ipvs/ipvs-oracle}
[ -x "$ORACLE" ] || { echo "capture.sh: $ORACLE not found (set IPVS_ORACLE)" >&2; exit 1; }
if [ $# -eq 0 ]; then set -- $(ls *.cmds | sed 's/\.cmds$//'); fi
for name in "$@"; do
    "$ORACLE" --timeout 600 "$name.cmds" > "$name.out.tmp"
    mv "$name.out.tmp" "$name.out"
    echo "capture.sh: $name.out ($(grep -c '^### cmd ' "$name.out") commands)"
done
