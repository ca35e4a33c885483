// nfsim ipvsadm / ipvsadm-save / ipvsadm-restore: ipvsadm 1.31's main() and process_options() on the persisted IPVS
// state (store document "ipvs"), under the state lock, with the real tool's output, messages and exit codes.
import type { IpvsState } from '../model/ipvs.js';
import { applyIpvsCommand, findService, serviceKeyOf } from '../ops/ipvs.js';
import { ipvsStateText, loadIpvsState } from '../ops/ipvs-state.js';
import { listAll, listConnections, listService, listTimeout } from '../render/ipvs.js';
import { ipvsadmUsage, IPVSADM_VERSION_LINE } from '../render/ipvsadm-help.js';
import { IpvsadmExit, parseIpvsadm, parseRestoreInput, tryHelp } from '../syntax/ipvsadm.js';
import type { Format } from '../syntax/ipvsadm.js';
import type { Io } from './io.js';
import type { Store } from './state.js';

export interface IpvsadmContext {
  io: Io;
  store: Store;
  /** the program name: ipvsadm, ipvsadm-save or ipvsadm-restore */
  tool: string;
}

/** What one run prints and leaves behind. */
interface Run {
  state: IpvsState;
  stdout: string;
  stderr: string;
}

/** ipvsadm exits the whole process (fail(), tryhelp_exit(), usage_exit(), list errors) */
class Exit {
  constructor(readonly status: number) {}
}

const FMT_NONE: Format = { numeric: false, stats: false, rate: false, thresholds: false, persistentConn: false, nosort: false, exact: false, tunInfo: false, rule: false };

/**
 * process_options(): one command line (argv without argv[0]). Returns its result (0 or -1 → 255) or throws Exit when
 * ipvsadm would exit. `readingStdin` marks a line of -R input.
 */
function processOptions(run: Run, argv: readonly string[], prog: string, stdin: () => string, readingStdin: boolean): number {
  let parsed;
  try {
    parsed = parseIpvsadm(argv, prog);
  } catch (e) {
    if (!(e instanceof IpvsadmExit)) throw e;
    run.stderr += e.stderr;
    // popt errors inside the option loop make process_options() return -1; everything else exits
    if (e.status === 255 && !e.stderr.startsWith('Try ')) return -1;
    throw new Exit(e.status);
  }
  if (parsed.kind === 'help') {
    run.stdout += ipvsadmUsage(prog);
    throw new Exit(0);
  }
  if (parsed.kind === 'version') {
    run.stdout += IPVSADM_VERSION_LINE;
    throw new Exit(0);
  }
  const c = parsed;
  switch (c.cmd) {
    case 'list': {
      if (c.options.has(1)) run.stdout += listConnections(run.state, c.format);
      else if (c.options.has(2)) {
        const i = findService(run.state, serviceKeyOf(c.svc));
        if (i < 0) {
          run.stderr += 'No such service\n';
          throw new Exit(1);
        }
        run.stdout += listService(run.state.services[i], c.format);
      } else if (c.options.has(12)) run.stdout += listTimeout(run.state);
      else if (c.options.has(13)) run.stdout += '';
      else run.stdout += listAll(run.state, c.format);
      return 0;
    }
    case 'save':
      run.stdout += listAll(run.state, c.format);
      return 0;
    case 'restore': {
      if (readingStdin) {
        run.stderr += tryHelp(prog).stderr;
        throw new Exit(255);
      }
      let result = 0;
      for (const line of parseRestoreInput(stdin())) result = processOptions(run, line.words, prog, stdin, true);
      return result;
    }
    case 'start-daemon':
      run.stderr += 'nfsim: unsupported: ipvsadm --start-daemon (connection synchronisation is not emulated)\n';
      throw new Exit(1);
    default: {
      const r = applyIpvsCommand(run.state, c);
      run.state = r.state;
      if (r.errno) {
        run.stderr += `${r.message}\n`;
        return -1;
      }
      return 0;
    }
  }
}

const status = (result: number) => (result === -1 ? 255 : result);

function withState(ctx: IpvsadmContext, body: (run: Run) => number): number {
  const { io, store } = ctx;
  const lock = store.lock(undefined)!;
  try {
    const text = store.loadDoc('ipvs');
    const before = loadIpvsState(text);
    const run: Run = { state: before, stdout: '', stderr: '' };
    let code: number;
    try {
      code = body(run);
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      code = e.status;
    }
    io.stdout(run.stdout);
    io.stderr(run.stderr);
    if (run.state !== before) store.storeDoc('ipvs', ipvsStateText(run.state));
    return code;
  } finally {
    lock.release();
  }
}

/** `ipvsadm ARGS` (argv without argv[0]) */
export function runIpvsadm(argv: string[], ctx: IpvsadmContext): number {
  const prog = 'ipvsadm';
  let stdinText: string | undefined;
  const stdin = () => (stdinText ??= ctx.io.readStdin());
  return withState(ctx, (run) => {
    // no argument at all: list_all(FMT_NONE)
    if (argv.length === 0) {
      run.stdout += listAll(run.state, FMT_NONE);
      return 0;
    }
    return status(processOptions(run, argv, prog, stdin, false));
  });
}

/** the ipvsadm-save script: -n, any other "-…" word prints its help (exit 1), other words are ignored */
export function runIpvsadmSave(argv: string[], ctx: IpvsadmContext): number {
  let numeric = false;
  for (const a of argv) {
    if (a === '-n') numeric = true;
    else if (a.startsWith('-')) {
      ctx.io.stderr(`${ctx.tool}: Script to save the IPVS table to stdout.\n   With the -n option, prints out the table in numeric format.\n`);
      return 1;
    }
  }
  return runIpvsadm(numeric ? ['-S', '-n'] : ['-S'], ctx);
}

/** the ipvsadm-restore script: `grep -v '^#'`, `ipvsadm -C`, then the rest through `ipvsadm -R` (arguments ignored) */
export function runIpvsadmRestore(_argv: string[], ctx: IpvsadmContext): number {
  const input = ctx.io.readStdin().split('\n').filter((l, i, all) => !l.startsWith('#') && !(i === all.length - 1 && l === '')).join('\n');
  // "$(...)" drops trailing newlines, echo adds one
  const text = input.replace(/\n+$/, '') + '\n';
  const io: Io = { ...ctx.io, readStdin: () => text };
  const flush = runIpvsadm(['-C'], { ...ctx, io });
  if (flush !== 0) return flush;
  return runIpvsadm(['-R'], { ...ctx, io });
}
