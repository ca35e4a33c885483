// Loads `ipvsadm -S` files (what `ipvsadm -R` reads) and the ipvsadm commands of scripts for linting: every line
// through the same parse_options()/process_options() emulation `nfsim ipvsadm -R` uses (src/syntax/ipvsadm.ts) and
// the kernel's refusals (src/ops/ipvs.ts), each error at the word it is about, going on after it so one run shows
// all of them; the IPVS table that is left, with where each service and real server was written, for the rules.
import type { IpvsState } from '../model/ipvs.js';
import { applyIpvsCommand, serviceKeyOf } from '../ops/ipvs.js';
import { loadIpvsState } from '../ops/ipvs-state.js';
import { IpvsadmExit, parseIpvsadm, parseRestoreWords, parseServiceAddress } from '../syntax/ipvsadm.js';
import type { IpvsadmCommand } from '../syntax/ipvsadm.js';
import { locateWord } from './locate.js';
import type { Source, Word } from './source.js';
import type { At, Finding, IpvsModel, IpvsServerInfo, IpvsServiceInfo, LintModel } from './types.js';

/** the words that give each option (popt's short letters and long names) */
const OPTION_WORDS: Record<string, string[]> = {
  'service-address': ['-t', '-u', '-f', '--tcp-service', '--udp-service', '--sctp-service', '--fwmark-service'],
  scheduler: ['-s', '--scheduler'],
  persistent: ['-p', '--persistent'],
  netmask: ['-M', '--netmask'],
  'real-server': ['-r', '--real-server'],
  'forwarding-method': ['-g', '-i', '-m', '--gatewaying', '--ipip', '--masquerading'],
  weight: ['-w', '--weight'],
  'u-threshold': ['-x', '--u-threshold'],
  'l-threshold': ['-y', '--l-threshold'],
  'sched-flags': ['-b', '--sched-flags'],
  pe: ['--pe'],
  ops: ['-o', '--ops'],
  numeric: ['-n', '--numeric'],
  connection: ['-c', '--connection'],
  'tun-type': ['--tun-type'],
  'tun-port': ['--tun-port'],
  'tun-nocsum': ['--tun-nocsum'],
  'tun-csum': ['--tun-csum'],
  'tun-remcsum': ['--tun-remcsum'],
  'mcast-interface': ['--mcast-interface'],
  syncid: ['--syncid'],
  timeout: ['--timeout'],
  daemon: ['--daemon'],
  stats: ['--stats'],
  rate: ['--rate'],
  thresholds: ['--thresholds'],
  'persistent-conn': ['--persistent-conn'],
  nosort: ['--nosort'],
  exact: ['-X', '--exact'],
};

/** which option a message is about, when it names none in quotes */
const MESSAGE_OPTION: [RegExp, string][] = [
  [/virtual server|Zero port|One-Packet|fwmark|No such service|Service already exists|Service not defined/, 'service-address'],
  [/real server|Different address family|Destination|destination|address not unicast/, 'real-server'],
  [/Scheduler|scheduler flag/, 'scheduler'],
  [/persistent mask|ipv6 netmask/, 'netmask'],
  [/timeout value/, 'persistent'],
  [/^illegal weight/, 'weight'],
  [/u_threshold|Numerical result out of range/, 'u-threshold'],
  [/l_threshold/, 'l-threshold'],
  [/tunnel type/, 'tun-type'],
  [/tunnel port/, 'tun-port'],
  [/Tunnel options conflict/, 'forwarding-method'],
];

/** the index of the word giving an option (a bundled or `--opt=value` form counts), or -1 */
function optionIndex(words: readonly Word[], opt: string): number {
  const names = OPTION_WORDS[opt] ?? [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i].t;
    if (names.includes(w)) return i;
    if (names.some((n) => (n.startsWith('--') ? w.startsWith(`${n}=`) : w.length > 2 && w.startsWith(n) && !w.startsWith('--')))) return i;
  }
  return -1;
}

/** the value word of an option: the rest of its word (`-t10.0.0.1:80`, `--weight=3`) or the next word */
function valueWord(words: readonly Word[], i: number): Word {
  const w = words[i];
  const inline = w.t.startsWith('--') ? w.t.indexOf('=') : w.t.length > 2 ? 2 : -1;
  if (inline > 0) return { t: w.t.slice(inline + (w.t[inline] === '=' ? 1 : 0)), s: w.s + inline + (w.t[inline] === '=' ? 1 : 0), e: w.e };
  return words[i + 1] ?? w;
}

const TAKES_VALUE = new Set(['service-address', 'scheduler', 'netmask', 'real-server', 'weight', 'u-threshold', 'l-threshold', 'sched-flags', 'pe', 'tun-type', 'tun-port', 'persistent', 'mcast-interface', 'syncid']);

/** Where in an ipvsadm command the message points. */
export function locateIpvs(words: readonly Word[], message: string): At | undefined {
  const span = (w: Word) => ({ start: w.s, end: w.e });
  // popt: "WORD: unknown option"
  const popt = /^(.*): (unknown option|missing argument|option does not take an argument)$/.exec(message);
  if (popt) {
    const w = words.find((x) => x.t === popt[1]) ?? words.find((x) => x.t.startsWith(popt[1]));
    if (w) return span(w);
  }
  // "Illegal 'weight' option with the 'add-service' command", "multiple 'weight' options specified", "The option 'x' conflicts…"
  const named = /(?:Illegal|multiple|The option) '([a-z-]+)'/.exec(message);
  if (named) {
    const i = optionIndex(words, named[1]);
    if (i >= 0) return span(message.startsWith('multiple') ? words[words.findIndex((w, k) => k > i && optionIndex([w], named[1]) === 0)] ?? words[i] : words[i]);
  }
  // "You need to supply the 'x' option for the 'add-service' command": the command word
  if (/^You need to supply/.test(message) && words.length) return span(words[0]);
  const unexpected = /^unexpected argument (.*)$/.exec(message);
  if (unexpected) {
    const w = words.find((x) => x.t === unexpected[1]);
    if (w) return span(w);
  }
  for (const [re, opt] of MESSAGE_OPTION) {
    if (!re.test(message)) continue;
    const i = optionIndex(words, opt);
    if (i >= 0) return span(TAKES_VALUE.has(opt) ? valueWord(words, i) : words[i]);
  }
  const q = locateWord(words, message);
  if (q >= 0) return span(words[q]);
  return words.length ? { start: words[0].s, end: words[words.length - 1].e } : undefined;
}

function keyText(k: ReturnType<typeof serviceKeyOf>): string {
  return k.kind === 'fwmark' ? `f/${k.family}/${k.fwmark}` : `a/${k.protocol}/${k.family}/${String(k.addr)}/${k.port}`;
}

interface ServiceWritten {
  text: string;
  at?: At;
  line: number;
  netmaskAt?: At;
}

/** ipvsadm commands, one line of words at a time, on an emulated IPVS table. */
export class IpvsLoader {
  state: IpvsState = loadIpvsState(undefined);
  readonly findings: Finding[] = [];
  private services = new Map<string, ServiceWritten>();
  private servers = new Map<string, { text: string; at?: At; line: number; writtenPort?: number }>();
  /** a line ended the restore (fail(), -h, -R): later lines are still checked but the real tool never reads them */
  ended?: number;

  constructor(
    private readonly src: Source,
    private readonly mode: 'restore' | 'script',
  ) {}

  /** One command's words (without the program name); line is 1-based. */
  line(words: readonly Word[], line: number): void {
    const argv = words.map((w) => w.t);
    const restore = this.mode === 'restore';
    let c;
    try {
      c = parseIpvsadm(argv, 'ipvsadm');
    } catch (e) {
      if (!(e instanceof IpvsadmExit)) throw e;
      const msg = e.stderr.split('\n').find((l) => l.trim() !== '') ?? e.stderr;
      if (e.status === 255 && msg.startsWith('Try ')) {
        const first = words[0];
        this.report('NF1001', `not an ipvsadm command: the first option must be a command (-A, -E, -D, -a, -e, -d, -C, -Z, -L, -S, --set): ipvsadm prints \`${msg.trim()}'`, first ? { start: first.s, end: first.e } : { line } as never, restore ? ['ipvsadm -R exits here (status 255): the lines after it are not applied'] : undefined, line);
        if (restore) this.ended ??= line;
        return;
      }
      if (e.status === 139) {
        const i = optionIndex(words, 'sched-flags');
        this.report('NF1001', 'ipvsadm crashes on this command (Segmentation fault): --sched-flags with no flag between the commas', i >= 0 ? { start: valueWord(words, i).s, end: valueWord(words, i).e } : undefined, undefined, line);
        if (restore) this.ended ??= line;
        return;
      }
      const popt = e.status === 255;
      this.report('NF1001', msg.trim(), locateIpvs(words, msg.trim()), restore ? [popt ? 'ipvsadm -R skips this line and goes on' : `ipvsadm -R exits here (status ${e.status}): the lines after it are not applied`] : undefined, line);
      if (restore && !popt) this.ended ??= line;
      return;
    }
    if (c.kind !== 'command') {
      if (restore) {
        this.report('NF1002', `${c.kind === 'help' ? '-h' : '-v'} in ipvsadm -R input prints the ${c.kind === 'help' ? 'help' : 'version'} and ends the restore (exit 0): the lines after it are never applied`, words.length ? { start: words[0].s, end: words[0].e } : undefined, undefined, line);
        this.ended ??= line;
      }
      return;
    }
    if (c.cmd === 'restore') {
      if (restore) {
        this.report('NF1001', '-R inside ipvsadm -R input: ipvsadm prints `Try `ipvsadm -h\' or \'ipvsadm --help\' for more information.\' and exits (status 255)', { start: words[0].s, end: words[0].e }, undefined, line);
        this.ended ??= line;
      }
      return;
    }
    if (c.cmd === 'list' || c.cmd === 'save' || c.cmd === 'start-daemon') return;
    const r = applyIpvsCommand(this.state, c);
    if (r.errno) {
      this.report('NF1002', r.message ?? r.errno, locateIpvs(words, r.message ?? ''), restore ? ['ipvsadm -R reports it and goes on with the next line (its exit status is the last line\'s)'] : undefined, line);
      return;
    }
    this.state = r.state;
    this.record(c, words, line);
  }

  private report(code: string, message: string, at: At | undefined, notes: string[] | undefined, line: number): void {
    this.findings.push({ code, message, at: at ?? { line }, ...(notes ? { notes } : {}) });
  }

  /** where the services and real servers the command made were written */
  private record(c: IpvsadmCommand, words: readonly Word[], line: number): void {
    const key = keyText(serviceKeyOf(c.svc));
    const si = optionIndex(words, 'service-address');
    const svcWord = si >= 0 ? valueWord(words, si) : undefined;
    const svcText = si >= 0 ? `${words[si].t.length > 2 && !words[si].t.startsWith('--') ? words[si].t.slice(0, 2) : words[si].t.split('=')[0]} ${svcWord!.t}` : '';
    if (c.cmd === 'flush') {
      this.services.clear();
      this.servers.clear();
    } else if (c.cmd === 'add-service' || c.cmd === 'edit-service') {
      const mi = optionIndex(words, 'netmask');
      this.services.set(key, { text: svcText, at: svcWord && { start: svcWord.s, end: svcWord.e }, line, netmaskAt: mi >= 0 ? { start: valueWord(words, mi).s, end: valueWord(words, mi).e } : undefined });
    } else if (c.cmd === 'add-server' || c.cmd === 'edit-server') {
      const ri = optionIndex(words, 'real-server');
      const rw = ri >= 0 ? valueWord(words, ri) : undefined;
      const written = rw ? parseServiceAddress(rw.t, c.svc.protocol) : undefined;
      this.servers.set(`${key} ${c.dest.af || 'ipv4'}/${String(c.dest.addr)}/${c.dest.port}`, { text: rw?.t ?? '', at: rw && { start: rw.s, end: rw.e }, line, writtenPort: written?.port });
    }
  }

  model(): IpvsModel {
    const services: IpvsServiceInfo[] = [];
    for (const s of this.state.services) {
      const key = keyText(s.key);
      const w = this.services.get(key);
      const servers: IpvsServerInfo[] = s.realServers.map((r) => {
        const rw = this.servers.get(`${key} ${r.family}/${String(r.addr)}/${r.port}`);
        return { text: rw?.text ?? '', at: rw?.at, line: rw?.line ?? 0, forward: r.forward, weight: r.weight, port: r.port, writtenPort: rw?.writtenPort };
      });
      services.push({
        text: w?.text ?? '',
        at: w?.at,
        line: w?.line ?? 0,
        fwmark: s.key.kind === 'fwmark' ? s.key.fwmark : 0,
        port: s.key.kind === 'addr' ? s.key.port : 0,
        persistent: s.persistent !== undefined,
        netmaskAt: w?.netmaskAt,
        servers,
      });
    }
    return { services };
  }
}

/** An `ipvsadm -S` file, read as `ipvsadm -R` reads it. */
export function loadIpvs(src: Source, flavor: LintModel['flavor']): { model: LintModel; findings: Finding[] } {
  const loader = new IpvsLoader(src, 'restore');
  for (const l of parseRestoreWords(src.text)) {
    // lines starting with `#` are dropped as ipvsadm-restore drops them (grep -v '^#'); to `ipvsadm -R` itself such a
    // line has no command, which ends the restore
    if (src.text[src.lineStarts[l.line - 1]] === '#') continue;
    loader.line(l.words, l.line);
  }
  const model: LintModel = { source: src, type: 'ipvs', flavor, rulesets: [], ruleWords: () => [], chainDecl: new Map(), ipvs: loader.model() };
  return { model, findings: loader.findings };
}
