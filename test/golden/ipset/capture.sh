#!/bin/bash
# Regenerate the ipset goldens in test/golden/ipset/ from a REAL kernel + ipset 7.17 (Debian 12).
#
# Each <group>.cmds runs in a fresh Debian 12 VM (kernel 6.1.0-56, ipset 7.17, iptables 1.8.9) through the qemu
# oracle:  ../shared/oracle/ipvs/ipvs-oracle <group>.cmds > <group>.txt
# (one "### cmd N: LINE / ### exit / ### stdout (B bytes) / ### stderr (B bytes)" block per command; here-documents
# follow as "### | ..." lines). Nothing on the host is touched. The oracle needs qemu (see its README).
#
# Usage: test/golden/ipset/capture.sh [group ...]      (default: every *.cmds here)
set -eu
cd "$(dirname "$(readlink -f "$0")")"
ORACLE=${ORACLE:-../../../../shared/oracle/ipvs/ipvs-oracle}
[ -x "$ORACLE" ] || { echo "capture.sh: $ORACLE not found (set ORACLE=...)" >&2; exit 1; }
groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=($(ls *.cmds | sed 's/\.cmds$//'))
for g in "${groups[@]}"; do
    echo "capture.sh: $g" >&2
    "$ORACLE" "$g.cmds" > "$g.txt.tmp"
    mv "$g.txt.tmp" "$g.txt"
done
