// `nfsim trace`: argv → rulesets, host, packets → engine → renderer. Thin: the work is in src/engine and src/render.
import { readFileSync } from 'node:fs';
import type { Io } from './io.js';
import type { Store } from './state.js';
import type { Family, Flavor, Ruleset } from '../model/ruleset.js';
import { newRuleset } from '../model/ruleset.js';
import { restore } from '../ops/restore.js';
import { DiagnosticError, formatDiagnostic, type Diagnostic } from '../diag/diagnostic.js';
import { parsePacketSpec, type PacketSpec } from '../syntax/packet.js';
import { defaultHost, describeHost, emptyHost, mergeHostFile } from '../syntax/host.js';
import { HostView } from '../engine/host.js';
import { Session, type Assume, type TraceOptions } from '../engine/trace.js';
import { allPaths, type PathOutcome } from '../engine/paths.js';
import type { PacketTrace } from '../engine/events.js';
import { PLAIN, headerText, probabilityText, renderKernelLines, renderSummaryLine, renderText, renderXtables, traceToJson, tupleText, type TextStyle } from '../render/trace.js';
import { escapeControl } from '../diag/diagnostic.js';
import type { IpvsState } from '../model/ipvs.js';
import { ipvsStateFromRules, ipvsStateText, loadIpvsState } from '../ops/ipvs-state.js';
import { configureIpsets } from '../extensions/match/set.js';
import type { IpsetState } from '../model/ipset.js';
import { newIpsetState } from '../model/ipset.js';
import { defaultInitval, ipsetViews, loadIpsetState, runIpset } from '../ops/ipset.js';
import { ipsetRegistryEntries } from './ipset-registry.js';

/** from this many packets on, every chain is compiled before the first packet */
const BATCH_COMPILE_MIN = 64;

export interface TraceContext {
  io: Io;
  store: Store;
}

interface Opts {
  rules?: string;
  rules6?: string;
  host?: string[];
  ipset?: string;
  ipvs?: string;
  packet?: string[];
  packets?: string;
  format: 'text' | 'json' | 'xtables' | 'kernel' | 'summary';
  seed: string;
  allPaths?: boolean;
  assume: Assume;
  backend: Flavor;
  index?: boolean;
  color?: boolean;
  updateCounters?: boolean;
}

function readText(path: string, io: Io): string {
  if (path === '-') return io.readStdin();
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new DiagnosticError({ code: 'NF0001', severity: 'error', message: `cannot read ${path}: ${code}` });
  }
}

/** Load a dump with iptables-restore semantics (the flavor's), as the kernel would hold it. */
function loadDump(file: string, text: string, family: Family, flavor: Flavor): Ruleset {
  const out = restore(text, newRuleset(family), { family, flavor, counters: true, noflush: false, test: false, verbose: 0 });
  if (out.status !== 0) {
    const m = /line:? (\d+)/.exec(out.stderr);
    const line = m ? Number(m[1]) : undefined;
    const d: Diagnostic = {
      code: 'NF0301',
      severity: 'error',
      message: `iptables-restore would reject this file: ${out.stderr.trim().split('\n')[0]}`,
      pos: line ? { file, line, column: 1, length: (text.split('\n')[line - 1] ?? '').length } : { file, line: 1, column: 1 },
      sourceLine: line ? text.split('\n')[line - 1] : undefined,
      notes: out.stderr.trim().split('\n').slice(1),
    };
    throw new DiagnosticError(d);
  }
  return out.ruleset;
}

export async function runTrace(argv: string[], t: TraceContext): Promise<number> {
  const { io } = t;
  const { Command, CommanderError, Option } = await import('commander');
  const program = new Command('nfsim trace')
    .description('replay packets through the netfilter hooks as the kernel does, and show what happens')
    .option('--rules <file>', 'an iptables-save dump (default: the emulated state)')
    .option('--rules6 <file>', 'an ip6tables-save dump (default: the emulated state)')
    .option('--host <file...>', 'host model (JSON/YAML, or `ip -j addr show` / `ip -j route show` output); repeatable, merged')
    .option('--ipset <file>', 'ipset save file: the sets -m set and -j SET use (default: the emulated state, nfsim ipset)')
    .option('--ipvs <file>', 'IPVS services as `ipvsadm -S -n` lines (default: the emulated IPVS state)')
    .option('--packet <spec...>', 'a packet: PROTO SRC[:SPORT] > DST[:DPORT] [in=IFACE|in=local] [flags=S] [mark=0x..] [t=SECONDS] ...')
    .option('--packets <file>', 'a file of packet specs, one per line (# comments); all form one session')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'xtables', 'kernel', 'summary']).default('text'))
    .option('--seed <n>', 'seed for random choices (statistic --mode random, NAT --random)', '1')
    .option('--all-paths', 'explore every random branch and print each outcome with its probability')
    .addOption(new Option('--assume <how>', 'what an undecidable match does').choices(['match', 'nomatch', 'both']).default('nomatch'))
    .addOption(new Option('--backend <flavor>', 'iptables flavor used to load dumps').choices(['nft', 'legacy']).default(io.env.NFSIM_BACKEND === 'legacy' ? 'legacy' : 'nft'))
    .option('--no-index', 'walk big chains linearly instead of using the compiled index (shows every rule)')
    .option('--no-color', 'no colour even on a terminal')
    .option('--update-counters', 'add the packets to the emulated state\'s counters (iptables-save -c shows them)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  let o: Opts;
  try {
    program.parse(argv, { from: 'user' });
    o = program.opts<Opts>();
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  try {
    // loaded only for trace: the emulated tools' start-up stays small
    const yaml = await import('yaml');
    const chalk = o.color !== false && io.isTTY && !('NO_COLOR' in io.env) && (o.format === 'text' || o.format === 'summary') ? (await import('chalk')).default : undefined;
    return trace(o, t, (text) => yaml.parse(text), chalk);
  } catch (e) {
    if (e instanceof DiagnosticError) {
      io.stderr(formatDiagnostic(e.diagnostic));
      return 2;
    }
    throw e;
  }
}

function trace(o: Opts, t: TraceContext, parseYaml: (text: string) => unknown, chalk?: typeof import('chalk').default): number {
  const { io } = t;
  const flavor = o.backend;
  // packets
  const specs: PacketSpec[] = [];
  for (const [i, s] of (o.packet ?? []).entries()) specs.push(parsePacketSpec(s, { file: `--packet #${i + 1}`, line: 1 }));
  if (o.packets) {
    const text = readText(o.packets, io);
    text.split('\n').forEach((line, i) => {
      const s = line.replace(/\r$/, '');
      if (s.trim() === '' || s.trimStart().startsWith('#')) return;
      specs.push(parsePacketSpec(s, { file: o.packets!, line: i + 1 }));
    });
  }
  if (specs.length === 0) {
    io.stderr(formatDiagnostic({ code: 'NF0002', severity: 'error', message: 'no packets: give --packet SPEC or --packets FILE' }));
    return 2;
  }
  // ipsets: an `ipset save` file restored as `ipset restore` would, or the emulated state's sets
  let ipsets: IpsetState;
  if (o.ipset) {
    ipsets = newIpsetState();
    const text = readText(o.ipset, io);
    const r = runIpset(ipsets, ['restore'], { hooks: { externalRefs: () => 0, initval: defaultInitval }, readInput: () => text });
    if (r.status !== 0) {
      const msg = r.stderr.split('\n')[0].replace(/^ipset v[\d.]+: /, '');
      const line = /Error in line (\d+)/.exec(msg);
      io.stderr(formatDiagnostic({
        code: 'NF0003', severity: 'error', message: `--ipset ${escapeControl(o.ipset)}: ${escapeControl(msg)}`,
        ...(line ? { pos: { file: o.ipset, line: Number(line[1]), column: 1 }, sourceLine: text.split('\n')[Number(line[1]) - 1] } : {}),
      }));
      return 2;
    }
  } else ipsets = loadIpsetState(t.store.loadDoc('ipset'));
  configureIpsets(ipsetRegistryEntries(JSON.stringify({ sets: ipsets.sets })));
  // rulesets
  const fromState = !o.rules && !o.rules6;
  const rules: TraceOptions['rules'] = {};
  if (fromState) {
    rules.ipv4 = t.store.load(flavor, 'ipv4');
    rules.ipv6 = t.store.load(flavor, 'ipv6');
  } else {
    if (o.rules) rules.ipv4 = loadDump(o.rules, readText(o.rules, io), 'ipv4', flavor);
    if (o.rules6) rules.ipv6 = loadDump(o.rules6, readText(o.rules6, io), 'ipv6', flavor);
  }
  // host
  let host = o.host?.length ? emptyHost() : defaultHost();
  for (const f of o.host ?? []) host = mergeHostFile(host, f, readText(f, io), parseYaml);
  const view = new HostView(host);
  const seed = Number(o.seed);
  if (!Number.isInteger(seed) || seed < 0) {
    io.stderr(formatDiagnostic({ code: 'NF0004', severity: 'error', message: `--seed must be a non-negative integer, got "${o.seed}"` }));
    return 2;
  }
  // IPVS: a file of ipvsadm -S lines, or the emulated state (nfsim ipvsadm)
  let ipvs: IpvsState | undefined;
  const ipvsDoc = o.ipvs ? undefined : t.store.loadDoc('ipvs');
  if (o.ipvs) ipvs = ipvsStateFromRules(readText(o.ipvs, io), o.ipvs);
  else if (ipvsDoc !== undefined) ipvs = loadIpvsState(ipvsDoc);
  const format = o.format;
  const opts: TraceOptions = {
    ipvs,
    rules,
    host: view,
    flavor,
    seed,
    assume: o.assume,
    recordMisses: format === 'text' || format === 'json',
    // summary prints results only: no events (the fast path for big batches); --all-paths lists matched rules
    recordEvents: format !== 'summary' || !!o.allPaths,
    useIndex: o.index !== false,
    ipsets: ipsetViews(ipsets),
  };
  const st: TextStyle = chalk
    ? { ok: chalk.green, bad: chalk.red, dim: chalk.dim, bold: chalk.bold, warn: chalk.yellow }
    : PLAIN;

  if (o.allPaths) {
    const paths = allPaths({ ...opts, assume: o.assume }, specs);
    printPaths(paths, format, flavor, host, st, io);
    return 0;
  }
  if (o.updateCounters && !fromState) {
    io.stderr(formatDiagnostic({ code: 'NF0005', severity: 'error', message: '--update-counters needs the emulated state (no --rules/--rules6)' }));
    return 2;
  }
  const session = new Session(opts);
  // a batch compiles the whole ruleset once up front; a few packets compile only the chains they reach
  if (specs.length >= BATCH_COMPILE_MIN) session.compileAll();
  // summary lines are written as the packets go (a big batch keeps no traces); the other formats print at the end
  const summary = format === 'summary' ? summaryWriter(io, st) : undefined;
  const traces: PacketTrace[] = [];
  for (const spec of specs) {
    const tr = session.trace(spec);
    if (summary) summary.add(tr);
    else traces.push(tr);
  }
  if (o.updateCounters) {
    for (const fam of ['ipv4', 'ipv6'] as const) {
      const rs = rules[fam];
      if (!rs) continue;
      let touched = false;
      for (const [rule, c] of session.ruleCounters) {
        for (const table of rs.tables.values()) for (const ch of table.chains.values()) if (ch.rules.includes(rule)) {
          rule.counters.pkts += BigInt(c.pkts);
          rule.counters.bytes += BigInt(c.bytes);
          touched = true;
        }
      }
      for (const [chain, c] of session.policyCounters) {
        for (const table of rs.tables.values()) if (table.chains.get(chain.name) === chain) {
          chain.counters.pkts += BigInt(c.pkts);
          chain.counters.bytes += BigInt(c.bytes);
          touched = true;
        }
      }
      if (touched) t.store.store(flavor, fam, rs);
    }
    // the session's IPVS connections and counters (ipvsadm -Ln / -Lnc show them)
    const core = session.ipvs;
    if (core && ipvsDoc !== undefined) {
      core.syncConnections(session.now);
      t.store.storeDoc('ipvs', ipvsStateText(core.state));
    }
  }
  if (summary) summary.end();
  else printTraces(traces, format, flavor, host, st, io);
  return 0;
}

/** --format summary: a line per packet, written in slices, then the tally of outcomes */
function summaryWriter(io: Io, st: TextStyle): { add(t: PacketTrace): void; end(): void } {
  const tally = new Map<string, number>();
  let out: string[] = [];
  let n = 0;
  return {
    add(x) {
      n++;
      out.push(renderSummaryLine(x, n, st));
      const k = x.result.outcome === 'transmitted' || x.result.outcome === 'local' ? x.result.outcome : `${x.result.outcome} (${x.result.verdict})`;
      tally.set(k, (tally.get(k) ?? 0) + 1);
      if (out.length === 4096) {
        io.stdout(out.join(''));
        out = [];
      }
    },
    end() {
      io.stdout(out.join(''));
      io.stdout(`${n} packet${n === 1 ? '' : 's'}: ${[...tally].map(([k, v]) => `${v} ${k}`).join(', ')}\n`);
    },
  };
}

function printTraces(traces: PacketTrace[], format: Opts['format'], flavor: Flavor, host: ReturnType<typeof defaultHost>, st: TextStyle, io: Io): void {
  switch (format) {
    case 'json':
      io.stdout(JSON.stringify({ version: 1, host: hostJson(host), packets: traces.map((x) => traceToJson(x, flavor)) }, null, 2) + '\n');
      return;
    case 'xtables':
      io.stdout(renderXtables(traces, flavor));
      return;
    case 'kernel':
      for (const x of traces) io.stdout([`PACKET ${escapeControl(x.spec)}`, ...renderKernelLines(x)].join('\n') + '\n');
      return;
    default:
      io.stdout(st.dim(describeHost(host).map(escapeControl).join('\n')) + '\n');
      traces.forEach((x, i) => io.stdout('\n' + renderText(x, i + 1, flavor, st)));
  }
}

function hostJson(h: ReturnType<typeof defaultHost>): unknown {
  return { name: h.name ?? null, sources: h.sources, interfaces: h.interfaces, routes: h.routes, sysctls: h.sysctls };
}

/** one distinct outcome: the last packet's verdict, where it went and the rewritten tuple */
function outcomeKey(tr: PacketTrace[]): string {
  return tr.map((x) => `${x.result.verdict} ${x.result.outcome} ${headerText(x.result.pkt)} ${x.result.pkt.oif}`).join(' | ');
}

function printPaths(paths: PathOutcome[], format: Opts['format'], flavor: Flavor, host: ReturnType<typeof defaultHost>, st: TextStyle, io: Io): void {
  const groups = new Map<string, { paths: PathOutcome[]; num: bigint; den: bigint }>();
  for (const p of paths) {
    const k = outcomeKey(p.traces);
    const g = groups.get(k);
    if (!g) groups.set(k, { paths: [p], num: p.probability.num, den: p.probability.den });
    else {
      g.paths.push(p);
      const num = g.num * p.probability.den + p.probability.num * g.den;
      const den = g.den * p.probability.den;
      const gg = gcdBig(num, den);
      g.num = num / gg;
      g.den = den / gg;
    }
  }
  if (format === 'json') {
    const outcomes = [...groups.values()].map((g) => ({
      probability: { numerator: g.num.toString(), denominator: g.den.toString(), value: Number(g.num) / Number(g.den) },
      paths: g.paths.map((p) => ({ probability: { numerator: p.probability.num.toString(), denominator: p.probability.den.toString() }, choices: p.choices, packets: p.traces.map((x) => traceToJson(x, flavor)) })),
    }));
    io.stdout(JSON.stringify({ version: 1, host: hostJson(host), outcomes }, null, 2) + '\n');
    return;
  }
  if (format !== 'text') {
    // xtables/kernel: every path in turn, headed by its probability
    for (const p of paths) {
      io.stdout(`# path: probability ${probabilityText(p.probability)}${p.choices.length ? `; ${p.choices.join('; ')}` : ''}\n`);
      if (format === 'xtables') io.stdout(renderXtables(p.traces, flavor));
      else for (const x of p.traces) io.stdout([`PACKET ${escapeControl(x.spec)}`, ...renderKernelLines(x)].join('\n') + '\n');
    }
    return;
  }
  io.stdout(st.dim(describeHost(host).map(escapeControl).join('\n')) + '\n');
  io.stdout(`\n${groups.size} distinct outcome${groups.size === 1 ? '' : 's'} over ${paths.length} path${paths.length === 1 ? '' : 's'}:\n`);
  let n = 0;
  for (const g of groups.values()) {
    n++;
    const last = g.paths[0].traces[g.paths[0].traces.length - 1];
    const r = last.result;
    const where = r.outcome === 'transmitted' ? `transmitted on ${r.pkt.oif}` : r.outcome === 'local' ? 'delivered locally' : `${r.outcome}${r.table ? ` at ${r.table} ${r.chain}${r.num ? ` rule ${r.num}` : ''}` : ''}`;
    io.stdout(`\n${st.bold(`outcome ${n}`)}: ${probabilityText({ num: g.num, den: g.den })}  ${r.verdict === 'ACCEPT' ? st.ok(r.verdict) : st.bad(r.verdict)} ${where} as ${headerText(r.pkt)}\n`);
    if (last.conntrack) io.stdout(`  conntrack: orig ${tupleText(last.conntrack.orig)}  reply ${tupleText(last.conntrack.reply)}\n`);
    for (const p of g.paths) {
      io.stdout(`  path ${probabilityText(p.probability)}: ${p.choices.length ? p.choices.map(escapeControl).join('; ') : '(no random choice)'}\n`);
      const rules = p.traces.flatMap((x) => x.events.filter((e) => e.kind === 'rule' && e.matched).map((e) => (e.kind === 'rule' ? `${e.table}:${e.chain}:${e.num}` : '')));
      io.stdout(`    matched: ${rules.join(' → ') || '(none)'}\n`);
    }
  }
}

function gcdBig(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a || 1n;
}

export function runTraceKernelLines(trace: PacketTrace): string[] {
  return renderKernelLines(trace);
}
