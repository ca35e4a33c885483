#!/bin/sh
# Captures test/golden/trace/nat-range/*.trace: which address of a DNAT range the kernel picks (find_best_ips_proto's
# jhash of the addresses), with and without --persistent, and the port of a range with one port.
# Needs root and ../shared/oracle/kernel-trace. Run from the repository root: sh test/golden/trace/capture-nat-range.sh
set -eu
ORACLE=${ORACLE:-../shared/oracle/kernel-trace}
DIR=test/golden/trace/nat-range
n=0
while IFS= read -r spec; do
  n=$((n + 1))
  out=$DIR/nat-$n.trace
  {
    echo "### seed nat-$n"
    echo "### command: $ORACLE --backend nft --ruleset nat.rules --packet '$spec'"
    echo "### packet"
    echo "$spec"
    echo "### ruleset"
    cat "$DIR/nat.rules"
    set +e
    res=$("$ORACLE" --backend nft --ruleset "$DIR/nat.rules" --packet "$spec" 2>&1)
    code=$?
    set -e
    echo "### kernel-trace exit $code"
    echo "$res"
  } > "$out"
done <<'SPECS'
tcp 192.0.2.2:40000 > 203.0.113.5:80 in=eth0
tcp 192.0.2.3:40000 > 203.0.113.5:80 in=eth0
tcp 192.0.2.77:1234 > 203.0.113.9:80 in=eth0
udp 192.0.2.2:5353 > 203.0.113.5:53 in=eth0
udp 192.0.2.200:5353 > 203.0.113.77:53 in=eth0
tcp 192.0.2.9:40000 > 203.0.113.5:81 in=eth0
tcp 192.0.2.9:40000 > 203.0.113.99:81 in=eth0
SPECS
