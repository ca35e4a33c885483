// nfsim's entry point: routes argv to a subcommand (or, for shims, to the tool named by argv[0]).
import { basename } from 'node:path';
import { XtError } from '../diag/errors.js';
import type { Family, Flavor } from '../model/ruleset.js';
import type { Io } from './io.js';
import { StateStore, stateDir } from './state.js';
import type { Store } from './state.js';
import { runRestore, runSave } from './tables-cmds.js';
import { runIptables } from './iptables-cmd.js';
import { writeShims } from './shims.js';

const TOOL_RE = /^(ip6?tables)(-(nft|legacy))?(-(save|restore))?$/;
const IPVSADM_RE = /^ipvsadm(-save|-restore)?$/;

export const USAGE = `Usage: nfsim [--state DIR] <command> [args]

Emulated tools (same output, errors and exit codes as iptables 1.8.9; state persisted in --state DIR,
$NFSIM_STATE, or $XDG_STATE_HOME/nfsim; flavor from NFSIM_BACKEND=nft|legacy or the -nft/-legacy name):
  iptables, ip6tables, iptables-save, iptables-restore, ip6tables-save, ip6tables-restore
  iptables-nft, iptables-legacy-save, ... (explicit flavor)
  ipvsadm, ipvsadm-save, ipvsadm-restore (ipvsadm 1.31 on an emulated IPVS table)
  ipset               ipset 7.17: create/add/del/test/list/save/restore/flush/destroy/rename/swap

Own commands:
  trace               replay packets through the netfilter hooks (nfsim trace --help)
  lint [FILES...]     check rule files and iptables scripts: errors at file:line:column, risky rules (nfsim lint --help)
  shims DIR           write executables named like the real tools into DIR (PATH=DIR:$PATH ./firewall.sh)
  state [--reset]     show where the state lives and what it holds, or clear it
  help                this text
`;

/**
 * Runs one command. Emulated tools return their exit code synchronously; `trace` and `lint` return a promise (they load their
 * own modules — the engine, yaml, chalk — on demand, so the emulated tools' start-up does not pay for them).
 */
export function main(argv: string[], io: Io, argv0 = 'nfsim', storeOverride?: Store): number | Promise<number> {
  let args = argv.slice();
  let explicitState: string | undefined;
  let tool = basename(argv0);
  if (!TOOL_RE.test(tool) && tool !== 'ipset' && !IPVSADM_RE.test(tool)) {
    while (args[0] === '--state' && args.length >= 2) {
      explicitState = args[1];
      args = args.slice(2);
    }
    const sub = args.shift();
    if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
      io.stdout(USAGE);
      return sub === undefined ? 2 : 0;
    }
    tool = sub;
  }
  const store: Store = storeOverride ?? new StateStore(stateDir(io.env, explicitState));
  const m = TOOL_RE.exec(tool);
  try {
    if (m) {
      const family: Family = m[1] === 'iptables' ? 'ipv4' : 'ipv6';
      const envFlavor = io.env.NFSIM_BACKEND === 'legacy' ? 'legacy' : 'nft';
      const flavor: Flavor = (m[3] as Flavor | undefined) ?? envFlavor;
      const ctx = { io, store, family, flavor, tool };
      if (m[5] === 'save') return runSave(args, ctx);
      if (m[5] === 'restore') return runRestore(args, ctx);
      return runIptables(args, ctx);
    }
    if (tool === 'ipset') return import('./ipset-cmd.js').then((m) => m.runIpsetTool(args, { io, store })).catch((e: unknown) => internalError(io, e));
    if (IPVSADM_RE.test(tool)) {
      // loaded on demand like trace: the iptables tools' start-up does not pay for the ipvsadm emulation
      return import('./ipvsadm-cmd.js').then((m) => {
        const ctx = { io, store, tool };
        return tool === 'ipvsadm-save' ? m.runIpvsadmSave(args, ctx) : tool === 'ipvsadm-restore' ? m.runIpvsadmRestore(args, ctx) : m.runIpvsadm(args, ctx);
      }).catch((e: unknown) => internalError(io, e));
    }
    if (tool === 'trace') return import('./trace-cmd.js').then((m) => m.runTrace(args, { io, store })).catch((e: unknown) => internalError(io, e));
    if (tool === 'lint') return import('./lint-cmd.js').then((m) => m.runLint(args, { io })).catch((e: unknown) => internalError(io, e));
    if (tool === 'shims') {
      if (args.length !== 1) {
        io.stderr('usage: nfsim shims DIR\n');
        return 2;
      }
      const names = writeShims(args[0], explicitState);
      io.stdout(`nfsim: wrote ${names.length} shims to ${args[0]}: ${names.join(' ')}\n`);
      return 0;
    }
    if (tool === 'state') {
      if (args[0] === '--reset') {
        store.reset();
        io.stdout(`nfsim: state in ${store.dir} cleared\n`);
        return 0;
      }
      io.stdout(`state directory: ${store.dir}\n`);
      for (const flavor of ['nft', 'legacy'] as const) {
        for (const family of ['ipv4', 'ipv6'] as const) {
          const rs = store.load(flavor, family);
          const tables = [...rs.tables.values()].map((t) => `${t.name}(${[...t.chains.values()].reduce((n, c) => n + c.rules.length, 0)} rules)`);
          io.stdout(`  ${flavor} ${family}: ${tables.length ? tables.join(' ') : 'empty'}\n`);
        }
      }
      return 0;
    }
    io.stderr(`nfsim: unknown command '${tool}'\n${USAGE}`);
    return 2;
  } catch (e) {
    if (e instanceof XtError) {
      io.stderr(`nfsim: ${e.message}\n`);
      return e.status;
    }
    return internalError(io, e);
  }
}

function internalError(io: Io, e: unknown): number {
  const msg = e instanceof Error ? e.message : String(e);
  io.stderr(`nfsim: internal error: ${msg}\n`);
  return 70;
}
