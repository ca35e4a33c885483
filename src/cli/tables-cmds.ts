// nfsim iptables-restore / iptables-save / ip6tables-* : argument handling like the real programs, on the state store.
import { configureIpsetsFromStore } from './ipset-registry.js';
import type { Family, Flavor } from '../model/ruleset.js';
import { isTableName, newTable } from '../model/ruleset.js';
import { restore, programInfo } from '../ops/restore.js';
import { saveRuleset } from '../render/save.js';
import { Getopt } from '../syntax/getopt.js';
import type { LongOpt } from '../syntax/getopt.js';
import { readText } from './io.js';
import type { Io } from './io.js';
import type { Store } from './state.js';

export interface ToolContext {
  io: Io;
  store: Store;
  family: Family;
  flavor: Flavor;
  /** the tool name as invoked (iptables-restore, iptables-nft-save, ...) */
  tool: string;
}

function getoptError(prog: string, r: { kind: 'unknown' | 'missing'; word: string }, short: string): string {
  if (r.word.startsWith('--')) {
    const name = r.word.split('=')[0];
    return r.kind === 'missing' ? `${prog}: option '${name}' requires an argument\n` : `${prog}: unrecognized option '${r.word}'\n`;
  }
  return r.kind === 'missing' ? `${prog}: option requires an argument -- '${short}'\n` : `${prog}: invalid option -- '${short}'\n`;
}

const RESTORE_LONG: [string, 0 | 1 | 2, string][] = [
  ['binary', 0, 'b'], ['counters', 0, 'c'], ['verbose', 0, 'v'], ['version', 0, 'V'], ['test', 0, 't'],
  ['help', 0, 'h'], ['noflush', 0, 'n'], ['modprobe', 1, 'M'], ['table', 1, 'T'], ['wait', 2, 'w'], ['wait-interval', 2, 'W'],
];

export function runRestore(argv: string[], t: ToolContext): number {
  const { io, family, flavor } = t;
  const prog = programInfo(family, flavor, 'restore', t.tool);
  configureIpsetsFromStore(t.store);
  const long: LongOpt<string>[] = RESTORE_LONG.map(([name, hasArg, val]) => ({ name, hasArg, val }));
  if (flavor === 'nft') long.push({ name: 'ipv4', hasArg: 0, val: '4' }, { name: 'ipv6', hasArg: 0, val: '6' });
  const g = new Getopt<string>(argv, flavor === 'nft' ? 'bcvVthnM:T:wW' : 'bcvVthnwWM:T:', (c) => c);
  let counters = false, noflush = false, test = false, verbose = 0;
  let table: string | undefined;
  let waitInterval = false, wait = false;
  const rest: string[] = [];
  for (;;) {
    const r = g.next(long);
    if (r.kind === 'end') break;
    if (r.kind === 'nonopt') {
      rest.push(r.arg);
      continue;
    }
    if (r.kind === 'unknown' || r.kind === 'missing') {
      const short = argv[r.index]?.startsWith('--') ? '' : argv[r.index]?.[1] ?? '';
      io.stderr(getoptError(prog.name, r, short));
      io.stderr(`Try \`${prog.name} -h' for more information.\n`);
      return 1;
    }
    switch (r.val) {
      case 'b': io.stderr('-b/--binary option is not implemented\n'); break;
      case 'c': counters = true; break;
      case 'v': verbose++; break;
      case 'V': io.stdout(`${prog.name} v${prog.version}\n`); return 0;
      case 't': test = true; break;
      case 'h':
        io.stderr(restoreUsage(prog.name, flavor));
        return 0;
      case 'n': noflush = true; break;
      case 'M': break;
      case 'T': table = r.arg; break;
      case 'w': case 'W':
        // parse_wait_time()/parse_wait_interval() take the next word when it is not an option
        if (g.optind < argv.length && argv[g.optind][0] !== '-') g.optind++;
        if (r.val === 'w') wait = true;
        else waitInterval = true;
        break;
      case '4': case '6': break;
    }
  }
  rest.push(...argv.slice(g.optind));
  let text: string;
  if (rest.length === 1) {
    try {
      text = readText(rest[0]);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      io.stderr(`Can't open ${rest[0]}: ${code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : code === 'EISDIR' ? 'Is a directory' : String(code)}\n`);
      return 1;
    }
  } else if (rest.length > 1) {
    io.stderr('Unknown arguments found on commandline\n');
    return 1;
  } else text = io.readStdin();
  if (waitInterval && !wait && flavor === 'legacy') {
    io.stderr('Ignoring deprecated --wait-interval option.\n');
    io.stderr('Option --wait-interval requires option --wait\n');
    return 1;
  }
  const before = t.store.load(flavor, family);
  const out = restore(text, before, { family, flavor, counters, noflush, test, table, verbose, invokedAs: t.tool });
  io.stdout(out.stdout);
  io.stderr(out.stderr);
  if (out.changed) t.store.store(flavor, family, out.ruleset);
  return out.status;
}

function restoreUsage(name: string, flavor: Flavor): string {
  if (flavor === 'nft') {
    return `Usage: ${name} [-c] [-v] [-V] [-t] [-h] [-n] [-T table] [-M command] [-4] [-6] [file]\n\t   [ --counters ]\n\t   [ --verbose ]\n\t   [ --version]\n\t   [ --test ]\n\t   [ --help ]\n\t   [ --noflush ]\n\t   [ --table=<TABLE> ]\n\t   [ --modprobe=<command> ]\n\t   [ --ipv4 ]\n\t   [ --ipv6 ]\n`;
  }
  return `Usage: ${name} [-c] [-v] [-V] [-t] [-h] [-n] [-w secs] [-W usecs] [-T table] [-M command] [file]\n\t   [ --counters ]\n\t   [ --verbose ]\n\t   [ --version]\n\t   [ --test ]\n\t   [ --help ]\n\t   [ --noflush ]\n\t   [ --wait=<seconds>\n\t   [ --table=<TABLE> ]\n\t   [ --modprobe=<command> ]\n`;
}

const SAVE_LONG: [string, 0 | 1 | 2, string][] = [
  ['counters', 0, 'c'], ['dump', 0, 'd'], ['table', 1, 't'], ['modprobe', 1, 'M'], ['file', 1, 'f'], ['version', 0, 'V'],
];

export function runSave(argv: string[], t: ToolContext): number {
  const { io, family, flavor } = t;
  const prog = programInfo(family, flavor, 'save', t.tool);
  const long: LongOpt<string>[] = SAVE_LONG.map(([name, hasArg, val]) => ({ name, hasArg, val }));
  const g = new Getopt<string>(argv, 'bcdt:M:f:V', (c) => c);
  let counters = false;
  let table: string | undefined;
  let file: string | undefined;
  for (;;) {
    const r = g.next(long);
    if (r.kind === 'end') break;
    if (r.kind === 'nonopt') {
      io.stderr('Unknown arguments found on commandline\n');
      return 1;
    }
    if (r.kind === 'unknown' || r.kind === 'missing') {
      const short = argv[r.index]?.startsWith('--') ? '' : argv[r.index]?.[1] ?? '';
      io.stderr(getoptError(prog.name, r, short));
      io.stderr(`Look at manual page \`${prog.name}.8' for more information.\n`);
      return 1;
    }
    switch (r.val) {
      case 'b': io.stderr('-b/--binary option is not implemented\n'); break;
      case 'c': counters = true; break;
      case 'd': break;
      case 't': table = r.arg; break;
      case 'M': break;
      case 'f': file = r.arg; break;
      case 'V': io.stdout(`${prog.name} v${prog.version}\n`); return 0;
    }
  }
  if (g.optind < argv.length) {
    io.stderr('Unknown arguments found on commandline\n');
    return 1;
  }
  void file;
  let rs = t.store.load(flavor, family);
  if (table !== undefined) {
    if (!isTableName(table)) {
      if (flavor === 'nft') {
        io.stderr(`Table \`${table}' does not exist\n`);
        return 1;
      }
      io.stderr(`${prog.name} v1.8.9 (legacy): Cannot initialize: Table does not exist (do you need to insmod?)\n`);
      return 1;
    }
    if (!rs.tables.has(table)) {
      // nft prints the built-in chains of a missing built-in table; legacy's iptc_init() instantiates it
      const tables = new Map(rs.tables);
      tables.set(table, newTable(table));
      const touched = [...rs.touched, table];
      if (flavor === 'legacy') t.store.store(flavor, family, { ...rs, tables, touched });
      rs = { ...rs, tables, touched };
    }
  }
  io.stdout(saveRuleset(rs, { flavor, counters, table, program: prog.name, now: io.now() }));
  warnLegacyTables(t);
  return 0;
}

/** nft_check_xt_legacy(): iptables-nft warns on stderr when legacy tables of the family exist in the "kernel". */
export function warnLegacyTables(t: ToolContext, isSave = true): void {
  if (t.flavor !== 'nft') return;
  if (t.store.load('legacy', t.family).tables.size === 0) return;
  const prefix = t.family === 'ipv4' ? 'ip' : 'ip6';
  t.io.stderr(`# Warning: ${prefix}tables-legacy tables present, use ${prefix}tables-legacy${isSave ? '-save' : ''} to see them\n`);
}
