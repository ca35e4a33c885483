#!/bin/bash
# Re-run the kernel-restore captures for every front-end golden folder under
# test/golden/frontends/<tool>/:
#   input.rules      -> kernel-restore.{nft,legacy}.txt
#   input6.rules     -> kernel-restore6.{nft,legacy}.txt
#   generated.rules  -> kernel-restore-generated.{nft,legacy}.txt   (if present)
#   generated6.rules -> kernel-restore6-generated.{nft,legacy}.txt  (if present)
# each being the exact stdout of
#   /work/shared/oracle/kernel-restore --backend B [-6] FILE
#   commands.txt     -> kernel-save.{nft,legacy}.txt  (if present; exact stdout of
#                       /work/shared/oracle/kernel-save --backend B commands.txt)
# (input*.rules = the live iptables-save dump; generated*.rules = the file the
# front-end itself wrote / fed to iptables-restore, where one exists).
# The oracle uses throwaway network namespaces, so this needs root.
# Usage: capture-frontends.sh [TOOL...]   (default: all folders)
set -u
if [ "$(id -u)" -ne 0 ]; then
  echo "capture-frontends.sh: must run as root (the kernel oracle creates network namespaces)" >&2
  exit 1
fi
here=$(cd "$(dirname "$0")" && pwd)
oracle=${ORACLE:-/work/shared/oracle/kernel-restore}
if [ ! -x "$oracle" ]; then
  echo "capture-frontends.sh: oracle not found: $oracle (set ORACLE=...)" >&2
  exit 1
fi
cd "$here/frontends" || exit 1
if [ $# -gt 0 ]; then tools=("$@"); else tools=(*/); fi
status=0
for t in "${tools[@]}"; do
  t=${t%/}
  [ -d "$t" ] || { echo "no such folder: $t" >&2; status=1; continue; }
  for spec in input.rules:4:kernel-restore input6.rules:6:kernel-restore6 \
              generated.rules:4:kernel-restore-generated generated6.rules:6:kernel-restore6-generated; do
    IFS=: read -r in fam out <<<"$spec"
    if [ "$fam" = 4 ]; then flag=(); else flag=(-6); fi
    [ -f "$t/$in" ] || continue
    for b in nft legacy; do
      "$oracle" --backend "$b" "${flag[@]}" "$t/$in" > "$t/$out.$b.txt"
      rc=$?
      ex=$(sed -n 's/^### exit: //p' "$t/$out.$b.txt" | head -1)
      printf '%-22s %-16s %-7s oracle=%s restore-exit=%s\n' "$t" "$in" "$b" "$rc" "${ex:-?}"
      [ $rc -eq 0 ] || status=1
    done
  done
  if [ -f "$t/commands.txt" ]; then
    saver=$(dirname "$oracle")/kernel-save
    for b in nft legacy; do
      "$saver" --backend "$b" "$t/commands.txt" > "$t/kernel-save.$b.txt"
      rc=$?
      printf '%-22s %-16s %-7s oracle=%s\n' "$t" commands.txt "$b" "$rc"
      [ $rc -eq 0 ] || status=1
    done
  fi
done
exit $status
