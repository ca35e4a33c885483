#!/bin/bash
# Regenerate the golden rule captures in test/golden/rules/ from the REAL
# kernel + iptables.
#
# Requirements: root, Debian 12 with iptables 1.8.9 (both
# xtables-legacy-multi and xtables-nft-multi), ipset, iproute2, python3, and
# the oracle scripts in ../shared/oracle (relative to the repo root; override
# with ORACLE_DIR=...).  Everything runs in throwaway network namespaces
# created by the oracle; the root namespace's firewall is never touched.
#
# For every test/golden/rules/<group>.cmds this writes
#   <group>.nft.txt     = stdout of  kernel-save --backend nft    --list <group>.cmds
#   <group>.legacy.txt  = stdout of  kernel-save --backend legacy --list <group>.cmds
# Files whose command lines include `ipset ...` (kernel-save only accepts
# iptables/ip6tables lines) are run by an equivalent in-script runner that
# reuses the oracle's orclib (same namespace handling, same output format, plus
# an `ipset` command allowed so sets can exist before `-m set` / `-j SET`).
#
# Usage: sudo test/golden/capture-rules.sh [group ...]   (default: all groups)
set -u

if [ "$(id -u)" -ne 0 ]; then
    echo "capture-rules.sh: must run as root (network namespaces + netfilter)" >&2
    exit 1
fi

cd "$(dirname "$(readlink -f "$0")")/../.." || exit 1   # repo root
ORACLE_DIR=${ORACLE_DIR:-../shared/oracle}
KS="$ORACLE_DIR/kernel-save"
[ -x "$KS" ] || { echo "capture-rules.sh: $KS not found (set ORACLE_DIR)" >&2; exit 1; }

ver=$(xtables-nft-multi iptables --version 2>/dev/null)
case "$ver" in
    *v1.8.9*) ;;
    *) echo "capture-rules.sh: warning: expected iptables v1.8.9, got: $ver" >&2 ;;
esac

# kernel-save clone that also allows `ipset` lines (run inside the netns).
ipset_runner() {  # backend file
    python3 - "$ORACLE_DIR" "$1" "$2" <<'PY'
import os, re, shlex, sys
sys.path.insert(0, os.path.realpath(sys.argv[1]))
import orclib
backend, path = sys.argv[2], sys.argv[3]
ALLOWED = {"iptables", "ip6tables", "iptables-save", "ip6tables-save", "ipset"}

def emit_block(out, name, text):
    out.write("### %s (%d bytes)\n" % (name, len(text.encode())))
    out.write(text)
    if text and not text.endswith("\n"):
        out.write("\n### (no trailing newline)\n")

def main():
    orclib.check_root()
    lines = open(path).read().splitlines()
    bindir = orclib.backend_bindir(backend)
    env = orclib.tool_env(bindir)
    ns = orclib.new_ns("save")
    out = sys.stdout
    out.write("### backend: %s\n" % backend)
    used_v6 = False
    n = 0
    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        argv = shlex.split(line)
        prog = os.path.basename(argv[0])
        if prog not in ALLOWED:
            print("line %d: command not allowed: %s" % (lineno, line), file=sys.stderr)
            return 2
        argv[0] = "/usr/sbin/ipset" if prog == "ipset" else os.path.join(bindir, prog)
        if prog.startswith("ip6"):
            used_v6 = True
        n += 1
        cp = orclib.run(argv, ns=ns, env=env, timeout=30)
        out.write("### cmd %d (line %d): %s\n" % (n, lineno, line))
        out.write("### exit: %d\n" % cp.returncode)
        emit_block(out, "stdout", cp.stdout)
        emit_block(out, "stderr", cp.stderr)
    fams = ["iptables"] + (["ip6tables"] if used_v6 else [])
    for prog in fams:
        cp = orclib.run([os.path.join(bindir, prog + "-save")], ns=ns, env=env, check=False)
        save = orclib.strip_save(cp.stdout)
        out.write("### %s-save (exit %d)\n" % (prog, cp.returncode))
        out.write(save)
        if cp.stderr:
            emit_block(out, "%s-save stderr" % prog, cp.stderr)
        tabs = [l[1:].strip() for l in save.splitlines() if l.startswith("*")] or ["filter"]
        for t in tabs:
            for args in (["-t", t, "-S"], ["-t", t, "-L", "-n", "-v", "--line-numbers", "-x"]):
                cp2 = orclib.run([os.path.join(bindir, prog)] + args, ns=ns, env=env)
                out.write("### %s %s (exit %d)\n" % (prog, " ".join(args), cp2.returncode))
                out.write(cp2.stdout)
                if cp2.stderr:
                    emit_block(out, "stderr", cp2.stderr)
    cp = orclib.run(["/usr/sbin/ipset", "save"], ns=ns, env=env, check=False)
    out.write("### ipset save (exit %d; random initval masked)\n" % cp.returncode)
    out.write(re.sub(r"initval 0x[0-9a-f]+", "initval 0xRANDOM", cp.stdout))
    return 0

orclib.main_wrapper(main, "capture-rules ipset runner")
PY
}

if [ $# -gt 0 ]; then
    groups=("$@")
else
    groups=()
    for f in test/golden/rules/*.cmds; do
        g=${f##*/}; groups+=("${g%.cmds}")
    done
fi

rc_all=0
for g in "${groups[@]}"; do
    f=test/golden/rules/$g.cmds
    [ -f "$f" ] || { echo "missing $f" >&2; rc_all=1; continue; }
    for b in nft legacy; do
        out=test/golden/rules/$g.$b.txt
        tmp=$(mktemp)
        if grep -q '^[[:space:]]*ipset[[:space:]]' "$f"; then
            ipset_runner "$b" "$f" >"$tmp"; rc=$?
        else
            "$KS" --backend "$b" --list "$f" >"$tmp"; rc=$?
        fi
        if [ $rc -ne 0 ]; then
            echo "capture-rules.sh: $g ($b): oracle exit $rc, keeping old $out" >&2
            rm -f "$tmp"; rc_all=1; continue
        fi
        mv "$tmp" "$out"
        echo "wrote $out"
    done
done
exit $rc_all
