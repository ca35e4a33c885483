#!/usr/bin/env python3
"""Capture -L goldens whose set-up needs iptables-restore (e.g. policy counters, which no iptables command can
set).  Input <case>.rcmds: command lines as for kernel-save, plus blocks

    @restore iptables -c          (or ip6tables ...; the words after @restore are the restore program + flags)
    *filter
    ...
    COMMIT
    @end

that are fed to <prog>-restore on stdin.  Output (stdout) has kernel-save's format (### backend, ### cmd blocks,
then ### iptables-save (exit N) with -c, and ip6tables-save if used), so test/support/golden.ts reads it.
Usage: sudo capture-list.py --backend nft|legacy CASE.rcmds   (ORACLE_DIR: the oracle scripts, default
../shared/oracle relative to the repo root).  Runs only in a throwaway namespace made by the oracle's orclib."""
import argparse
import os
import shlex
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
ORACLE = os.environ.get("ORACLE_DIR", os.path.join(HERE, "..", "..", "..", "..", "shared", "oracle"))
sys.path.insert(0, os.path.realpath(ORACLE))
import orclib  # noqa: E402

ALLOWED = {"iptables", "ip6tables"}


def emit_block(out, name, text):
    out.write("### %s (%d bytes)\n" % (name, len(text.encode())))
    out.write(text)
    if text and not text.endswith("\n"):
        out.write("\n### (no trailing newline)\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("file")
    ap.add_argument("--backend", choices=["legacy", "nft"], default="legacy")
    a = ap.parse_args()
    orclib.check_root()
    lines = open(a.file).read().splitlines()
    bindir = orclib.backend_bindir(a.backend)
    env = orclib.tool_env(bindir)
    ns = orclib.new_ns("list")
    out = sys.stdout
    out.write("### backend: %s\n" % a.backend)
    used_v6 = False
    n = 0
    i = 0
    while i < len(lines):
        lineno = i + 1
        line = lines[i].strip()
        i += 1
        if not line or line.startswith("#"):
            continue
        stdin = None
        if line.startswith("@restore "):
            argv = shlex.split(line[len("@restore "):])
            prog = argv[0]
            if prog not in ALLOWED:
                print("capture-list: line %d: bad @restore" % lineno, file=sys.stderr)
                return 2
            body = []
            while i < len(lines) and lines[i].strip() != "@end":
                body.append(lines[i])
                i += 1
            i += 1
            stdin = "\n".join(body) + "\n"
            argv[0] = prog + "-restore"
            shown = " ".join([argv[0]] + argv[1:])
        else:
            argv = shlex.split(line)
            prog = argv[0]
            if prog not in ALLOWED:
                print("capture-list: line %d: only iptables/ip6tables allowed" % lineno, file=sys.stderr)
                return 2
            shown = line
        if prog.startswith("ip6"):
            used_v6 = True
        n += 1
        cp = orclib.run([os.path.join(bindir, argv[0])] + argv[1:], ns=ns, env=env, input=stdin, timeout=30)
        out.write("### cmd %d (line %d): %s\n" % (n, lineno, shown))
        out.write("### exit: %d\n" % cp.returncode)
        emit_block(out, "stdout", cp.stdout)
        emit_block(out, "stderr", cp.stderr)
    for prog in ["iptables"] + (["ip6tables"] if used_v6 else []):
        cp = orclib.run([os.path.join(bindir, prog + "-save"), "-c"], ns=ns, env=env)
        out.write("### %s-save (exit %d)\n" % (prog, cp.returncode))
        out.write(orclib.strip_save(cp.stdout))
    return 0


if __name__ == "__main__":
    orclib.main_wrapper(main, "capture-list")
