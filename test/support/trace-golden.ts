// Reader + normalizer for the kernel trace goldens (test/golden/trace/kernel/<seed>.trace, written by
// test/golden/trace/capture.sh from the oracle's `kernel-trace --backend nft` output).
//
// File format:
//   ### seed N
//   ### command: <oracle> --backend nft --ruleset N.rules --packet '<spec>'   (N.rules = the ### ruleset section)
//   ### packet
//   <spec>
//   ### ruleset
//   <iptables-save dump>
//   ### kernel-trace exit <code>
//   <oracle stdout, verbatim>
//   [### stderr
//   <oracle stderr>]            (only when the oracle wrote to stderr)
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

export const TRACE_GOLDEN_DIR = join(import.meta.dirname, '..', 'golden', 'trace', 'kernel');

export interface TraceGolden {
  seed: number;
  command: string;
  packet: string;
  rules: string;
  exit: number;
  /** oracle stdout lines (no trailing empty line) */
  lines: string[];
  stderr: string;
}

export function parseTraceGolden(text: string, name = '<golden>'): TraceGolden {
  const fail = (msg: string): never => {
    throw new Error(`${name}: ${msg}`);
  };
  const seedM = /^### seed (\d+)\n/.exec(text) ?? fail('missing "### seed N" header');
  let i = seedM[0].length;
  const take = (prefix: string): string => {
    if (!text.startsWith(prefix, i)) fail(`expected "${prefix}" at offset ${i}`);
    const nl = text.indexOf('\n', i);
    const v = text.slice(i + prefix.length, nl < 0 ? text.length : nl);
    i = nl < 0 ? text.length : nl + 1;
    return v;
  };
  const command = take('### command: ');
  take('### packet');
  const packet = take('');
  take('### ruleset');
  const exitAt = text.indexOf('\n### kernel-trace exit ', i - 1);
  if (exitAt < 0) fail('missing "### kernel-trace exit N"');
  const rules = text.slice(i, exitAt + 1);
  i = exitAt + 1;
  const exit = Number(take('### kernel-trace exit '));
  if (!Number.isInteger(exit)) fail('bad exit code');
  let body = text.slice(i);
  let stderr = '';
  let se = -1;
  if (body.startsWith('### stderr\n')) se = 0;
  else {
    const k = body.indexOf('\n### stderr\n');
    if (k >= 0) se = k + 1;
  }
  if (se >= 0) {
    stderr = body.slice(se + '### stderr\n'.length);
    body = body.slice(0, se);
  }
  const lines = body.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return { seed: Number(seedM[1]), command, packet, rules, exit, lines, stderr };
}

export function readTraceGolden(path: string): TraceGolden {
  const g = parseTraceGolden(readFileSync(path, 'utf8'), basename(path));
  if (basename(path) !== `${g.seed}.trace`) throw new Error(`${path}: file name does not match seed ${g.seed}`);
  return g;
}

/** All golden files, sorted by seed. */
export function traceGoldenFiles(dir = TRACE_GOLDEN_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d+\.trace$/.test(f))
    .sort((a, b) => parseInt(a) - parseInt(b))
    .map((f) => join(dir, f));
}

export interface CtTuple {
  /** e.g. `192.0.2.2:40000>192.0.2.1:80` or `192.0.2.2>192.0.2.1,type=8,code=0,id=4660` */
  orig: string;
  reply: string;
}

export interface NormalizedTrace {
  /**
   * The packet's own path, in order: `HOOK`, `RULE`, `POLICY`, `LEAVE`, `LOOPBACK`, `RESULT` lines, trimmed
   * (RULE/POLICY lose their two-space indent), with `-v` `# ...` suffixes removed.  LOOPBACK is kept as the bare word
   * `LOOPBACK` (the re-entry via lo of a locally addressed packet is still the same packet).
   */
  path: string[];
  /** the RESULT line (also the last entry of `path`), or undefined when the oracle printed none */
  result?: string;
  /** `LOCAL-SEND-ERROR EPERM` seen (OUTPUT/POSTROUTING dropped a locally sent packet) */
  localSendError: boolean;
  /** the first `CT NEW` event (the connection this packet created): its proto and tuples; state/flags dropped */
  ctNew?: { proto: string; orig: string; reply: string; line: string };
}

/**
 * The parts of a kernel trace an emulator can be compared on.  Dropped, deliberately:
 *  - `PACKET` (it is the input spec) and `#` comment lines (e.g. "N other traced packet(s) omitted");
 *  - `CT UPDATE` / `CT DESTROY` / `CT FINAL`: caused by the router's own replies (RST, echo-reply, ICMP errors)
 *    and conntrack timers, not by the traced packet's traversal; `CT NEW` keeps the tuples, which carry the NAT
 *    result (reply src = DNAT target, reply dst = SNAT address);
 *  - `RELATED` blocks (only with --all-packets, not used by capture.sh) and `COUNTER` lines (only with --counters);
 *  - the text after `LOOPBACK` ("(re-enters the stack via lo)").
 */
export function normalizeTrace(lines: readonly string[]): NormalizedTrace {
  const path: string[] = [];
  let result: string | undefined;
  let localSendError = false;
  let ctNew: NormalizedTrace['ctNew'];
  let inRelated = false;
  for (const raw of lines) {
    if (raw.startsWith('#')) continue;
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (line === '') continue;
    if (raw.startsWith('RELATED')) {
      inRelated = true;
      continue;
    }
    if (inRelated && (raw.startsWith(' ') || /^(HOOK|LEAVE|RESULT|LOOPBACK)\b/.test(raw))) continue;
    inRelated = false;
    const word = line.split(' ', 1)[0];
    switch (word) {
      case 'HOOK':
      case 'LEAVE':
      case 'RULE':
      case 'POLICY':
        path.push(line);
        break;
      case 'LOOPBACK':
        path.push('LOOPBACK');
        break;
      case 'RESULT':
        path.push(line);
        result ??= line;
        break;
      case 'LOCAL-SEND-ERROR':
        localSendError = true;
        break;
      case 'CT': {
        const m = /^CT NEW (\S+) .*?orig=(\S+) reply=(\S+)/.exec(line);
        if (m && !ctNew) ctNew = { proto: m[1], orig: m[2], reply: m[3], line };
        break;
      }
      default:
        break;
    }
  }
  return { path, result, localSendError, ctNew };
}

/** The `-A CHAIN ...` line of rule `pos` (1-based) of `chain` in `table` of an iptables-save dump, as a RULE line names it. */
export function ruleText(dump: string, table: string, chain: string, pos: number): string | undefined {
  let cur = '';
  let n = 0;
  for (const line of dump.split('\n')) {
    if (line.startsWith('*')) (cur = line.slice(1)), (n = 0);
    else if (cur === table && line.startsWith(`-A ${chain} `) || (cur === table && line === `-A ${chain}`)) {
      if (++n === pos) return line;
    }
  }
  return undefined;
}
