// nfsim's persisted IPVS state: `ipvsadm -S -n` lines in the kernel's own order (services as created, real servers
// newest first), thresholds as -x/-y, and "#" lines for what -S does not carry (timeouts, counters, connections, and
// any field a later model adds, as JSON) — so every field round-trips. A small split-based reader keeps start-up fast.
import type { IpvsConnection, IpvsState, IpvsStats, RealServer, VirtualService } from '../model/ipvs.js';
import { newIpvsState, zeroIpvsStats } from '../model/ipvs.js';
import type { Addr } from '../model/packet.js';
import type { Family } from '../values/addr.js';
import { ipv4ToString, ipv6ToString, parseIpv6 } from '../values/addr.js';
import { DiagnosticError } from '../diag/diagnostic.js';
import { IpvsadmExit, parseIpvsadm, parseRestoreWords, type IpvsadmCommand } from '../syntax/ipvsadm.js';
import { KERNEL_SCHEDULERS, applyIpvsCommand } from './ipvs.js';

/** the trace also models twos (kernel 6.5 and later), which the emulated 6.1 kernel's ipvsadm refuses */
const TRACE_SCHEDULERS: ReadonlySet<string> = new Set([...KERNEL_SCHEDULERS, 'twos']);

export const IPVS_STATE_HEADER = '# nfsim-ipvs v1';

const addrText = (f: Family, a: Addr) => (f === 'ipv4' ? ipv4ToString(a as number) : `[${ipv6ToString(a as bigint)}]`);

const KNOWN_STATE = new Set(['services', 'timeouts', 'connections', 'connTabSize', 'svcHashSalt']);
const KNOWN_SVC = new Set(['key', 'scheduler', 'schedFlags', 'persistent', 'onePacket', 'pe', 'realServers', 'stats']);
const KNOWN_DEST = new Set(['family', 'addr', 'port', 'forward', 'weight', 'upperThreshold', 'lowerThreshold', 'tunnel', 'activeConns', 'inactConns', 'persistConns', 'stats']);

/** JSON that keeps bigints ({"$n":"…"}) */
const toJson = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? { $n: x.toString() } : x));
const fromJson = (s: string): unknown => JSON.parse(s, (_k, x: unknown) => (x && typeof x === 'object' && '$n' in x && Object.keys(x).length === 1 ? BigInt((x as { $n: string }).$n) : x));

function extras(o: object, known: Set<string>): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(o)) {
    if (known.has(k) || v === undefined) continue;
    (out ??= {})[k] = v;
  }
  return out;
}

const statsWords = (s: IpvsStats) => `${s.conns} ${s.inPkts} ${s.outPkts} ${s.inBytes} ${s.outBytes}`;
const statsZero = (s: IpvsStats) => s.conns === 0n && s.inPkts === 0n && s.outPkts === 0n && s.inBytes === 0n && s.outBytes === 0n;

function serviceName(s: VirtualService): string {
  const k = s.key;
  if (k.kind === 'fwmark') return `-f ${k.fwmark}${k.family === 'ipv6' ? ' -6' : ''}`;
  return `${{ tcp: '-t', udp: '-u', sctp: '--sctp-service' }[k.protocol]} ${addrText(k.family, k.addr)}:${k.port}`;
}

export function ipvsStateText(state: IpvsState): string {
  const out: string[] = [IPVS_STATE_HEADER, `# timeouts ${state.timeouts.tcp} ${state.timeouts.tcpFin} ${state.timeouts.udp}`];
  if (state.connTabSize !== 4096) out.push(`# conn-tab-size ${state.connTabSize}`);
  if (state.svcHashSalt) out.push(`# svc-hash-salt ${state.svcHashSalt}`);
  const se = extras(state, KNOWN_STATE);
  if (se) out.push(`# state-extra ${toJson(se)}`);
  for (const s of state.services) {
    const name = serviceName(s);
    let line = `-A ${name} -s ${s.scheduler}`;
    if (s.persistent) line += ` -p ${s.persistent.timeout} -M ${s.key.family === 'ipv4' ? ipv4ToString(s.persistent.netmask >>> 0) : s.persistent.netmask}`;
    if (s.pe) line += ` --pe ${s.pe}`;
    if (s.onePacket) line += ' -o';
    if (s.schedFlags) line += ` -b ${s.schedFlags}`;
    out.push(line);
    if (!statsZero(s.stats)) out.push(`# stats ${statsWords(s.stats)}`);
    const x = extras(s, KNOWN_SVC);
    if (x) out.push(`# svc-extra ${toJson(x)}`);
    for (const d of s.realServers) {
      let l = `-a ${name} -r ${addrText(d.family, d.addr)}:${d.port} ${{ masq: '-m', droute: '-g', tunnel: '-i', local: '-g', bypass: '-g' }[d.forward]} -w ${d.weight}`;
      if (d.forward === 'local' || d.forward === 'bypass') l += ` --fwd ${d.forward}`;
      if (d.upperThreshold) l += ` -x ${d.upperThreshold}`;
      if (d.lowerThreshold) l += ` -y ${d.lowerThreshold}`;
      if (d.tunnel) {
        l += ` --tun-type ${d.tunnel.type}`;
        if (d.tunnel.port !== undefined) l += ` --tun-port ${d.tunnel.port}`;
        if (d.tunnel.csum) l += ` --tun-${d.tunnel.csum}`;
      }
      out.push(l);
      if (d.activeConns || d.inactConns || d.persistConns || !statsZero(d.stats)) out.push(`# counters ${d.activeConns} ${d.inactConns} ${d.persistConns} ${statsWords(d.stats)}`);
      const dx = extras(d, KNOWN_DEST);
      if (dx) out.push(`# dest-extra ${toJson(dx)}`);
    }
  }
  for (const c of state.connections) out.push(`# conn ${toJson(c)}`);
  return out.join('\n') + '\n';
}

function parseAddrPort(text: string): { family: Family; addr: Addr; port: number } {
  const c = text.lastIndexOf(':');
  const port = Number(text.slice(c + 1));
  if (text.charCodeAt(0) === 91) return { family: 'ipv6', addr: parseIpv6(text.slice(1, c - 1))!, port };
  // canonical dotted quad: digits and dots only
  let addr = 0;
  let part = 0;
  for (let i = 0; i < c; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 46) {
      addr = addr * 256 + part;
      part = 0;
    } else part = part * 10 + ch - 48;
  }
  return { family: 'ipv4', addr: (addr * 256 + part) >>> 0, port };
}

const parseStats = (w: string[]): IpvsStats => ({ conns: BigInt(w[0]), inPkts: BigInt(w[1]), outPkts: BigInt(w[2]), inBytes: BigInt(w[3]), outBytes: BigInt(w[4]) });

/** Reads what ipvsStateText() wrote (undefined text: a fresh kernel). */
export function loadIpvsState(text: string | undefined): IpvsState {
  const state = newIpvsState();
  if (text === undefined) return state;
  let svc: VirtualService | undefined;
  let dest: RealServer | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const w = line.split(' ');
    if (w[0] === '#') {
      switch (w[1]) {
        case 'timeouts': state.timeouts = { tcp: +w[2], tcpFin: +w[3], udp: +w[4] }; break;
        case 'conn-tab-size': state.connTabSize = +w[2]; break;
        case 'svc-hash-salt': state.svcHashSalt = +w[2]; break;
        case 'state-extra': Object.assign(state, fromJson(line.slice(line.indexOf('{')))); break;
        case 'stats': svc!.stats = parseStats(w.slice(2)); break;
        case 'svc-extra': Object.assign(svc!, fromJson(line.slice(line.indexOf('{')))); break;
        case 'counters':
          dest!.activeConns = +w[2];
          dest!.inactConns = +w[3];
          dest!.persistConns = +w[4];
          dest!.stats = parseStats(w.slice(5));
          break;
        case 'dest-extra': Object.assign(dest!, fromJson(line.slice(line.indexOf('{')))); break;
        case 'conn': state.connections.push(fromJson(line.slice(line.indexOf('{'))) as IpvsConnection); break;
      }
      continue;
    }
    // "-A -t ADDR:PORT ..." / "-A -f MARK [-6] ..." / "-a <same> -r ADDR:PORT ..."
    let i = 1;
    let key: VirtualService['key'];
    if (w[i] === '-f') {
      const fwmark = +w[i + 1];
      i += 2;
      let family: Family = 'ipv4';
      if (w[i] === '-6') { family = 'ipv6'; i++; }
      key = { kind: 'fwmark', family, fwmark };
    } else {
      const protocol = w[i] === '-t' ? 'tcp' : w[i] === '-u' ? 'udp' : 'sctp';
      const ap = parseAddrPort(w[i + 1]);
      i += 2;
      key = { kind: 'addr', protocol, family: ap.family, addr: ap.addr, port: ap.port };
    }
    if (w[0] === '-A') {
      svc = { key, scheduler: 'wlc', schedFlags: 0, realServers: [], stats: zeroIpvsStats() };
      state.services.push(svc);
      for (; i < w.length; i++) {
        switch (w[i]) {
          case '-s': svc.scheduler = w[++i]; break;
          case '-p': {
            const timeout = +w[++i];
            i++;
            const m = w[++i];
            svc.persistent = { timeout, netmask: key.family === 'ipv4' ? parseAddrPort(`${m}:0`).addr as number : +m };
            break;
          }
          case '--pe': svc.pe = w[++i]; break;
          case '-o': svc.onePacket = true; break;
          case '-b': svc.schedFlags = +w[++i]; break;
        }
      }
    } else {
      const ap = parseAddrPort(w[i + 1]);
      i += 2;
      dest = { family: ap.family, addr: ap.addr, port: ap.port, forward: 'droute', weight: 1, upperThreshold: 0, lowerThreshold: 0, activeConns: 0, inactConns: 0, persistConns: 0, stats: zeroIpvsStats() };
      for (; i < w.length; i++) {
        switch (w[i]) {
          case '-m': dest.forward = 'masq'; break;
          case '-g': dest.forward = 'droute'; break;
          case '-i': dest.forward = 'tunnel'; break;
          case '--fwd': dest.forward = w[++i] as RealServer['forward']; break;
          case '-w': dest.weight = +w[++i]; break;
          case '-x': dest.upperThreshold = +w[++i]; break;
          case '-y': dest.lowerThreshold = +w[++i]; break;
          case '--tun-type': dest.tunnel = { type: w[++i] as 'ipip' | 'gue' | 'gre' }; break;
          case '--tun-port': dest.tunnel!.port = +w[++i]; break;
          case '--tun-nocsum': dest.tunnel!.csum = 'nocsum'; break;
          case '--tun-csum': dest.tunnel!.csum = 'csum'; break;
          case '--tun-remcsum': dest.tunnel!.csum = 'remcsum'; break;
        }
      }
      svc!.realServers.push(dest);
    }
  }
  return state;
}

/**
 * A file of ipvsadm lines (what `ipvsadm -S` writes and `ipvsadm -R` reads) applied to an empty IPVS table with
 * ipvsadm's own parser and the kernel's refusals, for `nfsim trace --ipvs FILE`. The first line ipvsadm or the
 * kernel would refuse is reported at its file:line:column. Newer kernels' schedulers (twos) are accepted.
 */
export function ipvsStateFromRules(text: string, file: string): IpvsState {
  let state = newIpvsState();
  const lines = text.split('\n');
  const lineStart: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStart.push(i + 1);
  for (const l of parseRestoreWords(text)) {
    const first = l.words[0];
    const fail = (message: string): never => {
      throw new DiagnosticError({
        code: 'NF0402',
        severity: 'error',
        message,
        pos: { file, line: l.line, column: first.s - lineStart[l.line - 1] + 1, length: first.e - first.s },
        sourceLine: lines[l.line - 1],
      });
    };
    let c;
    try {
      c = parseIpvsadm(l.words.map((w) => w.t), 'ipvsadm');
    } catch (e) {
      if (e instanceof IpvsadmExit) fail(`ipvsadm -R refuses this line: ${e.stderr.split('\n').find((x) => x.trim() !== '')?.trim() ?? `exit ${e.status}`}`);
      throw e;
    }
    if (c.kind !== 'command' || ['list', 'save', 'restore', 'start-daemon', 'stop-daemon'].includes(c.cmd)) {
      fail('not a table edit: a rules file holds -A/-E/-D/-a/-e/-d/-C/--set lines as ipvsadm -S writes them');
      continue;
    }
    const r = applyIpvsCommand(state, c as IpvsadmCommand, TRACE_SCHEDULERS);
    if (r.errno) fail(`the kernel refuses this line: ${r.message ?? r.errno}`);
    state = r.state;
  }
  return state;
}
