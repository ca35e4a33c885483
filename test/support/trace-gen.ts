// Deterministic generator of random iptables rulesets + one packet each, for differential tests of `nfsim trace`
// against the kernel oracle (../../../shared/oracle/kernel-trace; goldens in ../golden/trace/kernel/<seed>.trace).
//
// generateTraceCase(seed) -> { rules, packet }: `rules` is a complete iptables-save style dump (every table block has
// its built-in chain declarations and COMMIT) that iptables-nft-restore accepts; `packet` is a kernel-trace SPEC
// (`PROTO SRC[:SPORT] > DST[:DPORT] in=eth0|eth1|local [flags=..] [id=N]`) for the oracle's default topology:
//   router eth0 192.0.2.1/24 <-> client 192.0.2.2, eth1 198.51.100.1/24 <-> server 198.51.100.2,
//   lo 203.0.113.1/32, default via 198.51.100.2 dev eth1, ip_forward=1.
// The packet takes the INPUT, FORWARD or OUTPUT path (sometimes switched by DNAT/REDIRECT); rule matches are biased
// towards the packet's real values (with near-misses), so that most rules are exercised.
//
// Everything is a pure function of the seed (own PRNG, mulberry32): regenerating a golden's seed gives back exactly
// the ruleset and packet stored in it (checked by test/trace-golden.test.ts).  Changing this file therefore
// invalidates the goldens: re-run test/golden/trace/capture.sh after any change that alters the output.
//
// Never generated (non-deterministic or not observable): -j TRACE, -m statistic --mode random, -m time, -m owner,
// -m limit/hashlimit/recent, DROP in nat.

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly f: () => number;
  constructor(seed: number) {
    // decorrelate neighbouring seeds
    this.f = mulberry32(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ 0x2545f491);
  }
  next(): number {
    return this.f();
  }
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.f() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.f() < p;
  }
  pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.f() * a.length)];
  }
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = this.f() * total;
    for (const [v, w] of pairs) {
      if ((r -= w) < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  }
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.f() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}

export type Proto = 'tcp' | 'udp' | 'icmp';
export type PathKind = 'INPUT' | 'FORWARD' | 'OUTPUT';
type Table = 'raw' | 'mangle' | 'nat' | 'filter';
type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

export interface GenPacket {
  proto: Proto;
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  in: 'eth0' | 'eth1' | 'local';
  flags?: string;
  icmpId?: number;
}

export interface TraceCase {
  rules: string;
  packet: string;
}

export interface TraceCaseInfo extends TraceCase {
  seed: number;
  /** path the packet starts on (before any DNAT) */
  path: PathKind;
  /** generator-side feature tags (what the ruleset contains, not whether the kernel reached it) */
  features: string[];
  ruleCount: number;
}

const TABLE_CHAINS: Record<Table, Hook[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};
const TABLE_ORDER: Table[] = ['raw', 'mangle', 'nat', 'filter'];

const ROUTER_ADDRS = ['192.0.2.1', '198.51.100.1', '203.0.113.1'];
const TCP_DPORTS = [22, 25, 80, 443, 3306, 8080, 8443, 9000];
const UDP_DPORTS = [53, 123, 161, 514, 1194, 4789, 5353];
const USER_CHAIN_NAMES = ['SVC', 'CHECK', 'web-in', 'LOGDROP', 'fw_ext', 'MARKS', 'nat-svc', 'Q1', 'DOCKER', 'allow_ssh', 'X', 'SUB2'];
const COMMENT_WORDS = ['allow', 'web', 'ssh', 'block', 'kube', 'dns', 'temp', 'legacy', 'from lan', 'to wan'];

function isLocalAddr(a: string): boolean {
  return ROUTER_ADDRS.includes(a) || a.startsWith('127.');
}
function isBroadcast(a: string): boolean {
  return a.endsWith('.255');
}
/** the router's output interface for a destination (default topology) */
function outIfFor(dst: string): string {
  if (isLocalAddr(dst)) return 'lo';
  if (dst.startsWith('192.0.2.')) return 'eth0';
  return 'eth1';
}
function hostIn(rng: Rng, net: string, not: number[] = []): string {
  let x: number;
  do x = rng.int(3, 250);
  while (not.includes(x));
  return `${net}.${x}`;
}
function net24(a: string): string {
  return a.split('.').slice(0, 3).join('.');
}
function hex(n: number): string {
  return '0x' + n.toString(16);
}

// ------------------------------------------------------------------ packet

function genPacket(rng: Rng, path: PathKind, features: Set<string>): GenPacket {
  const proto = rng.weighted<Proto>([['tcp', 0.55], ['udp', 0.28], ['icmp', 0.17]]);
  let src: string;
  let dst: string;
  let iface: GenPacket['in'];
  if (path === 'INPUT') {
    iface = rng.chance(0.6) ? 'eth0' : 'eth1';
    if (iface === 'eth0') src = rng.weighted([['192.0.2.2', 0.75], [hostIn(rng, '192.0.2', [1, 2]), 0.25]]);
    else src = rng.weighted([['198.51.100.2', 0.55], [hostIn(rng, '203.0.113', [1]), 0.3], [hostIn(rng, '198.51.100', [1, 2]), 0.15]]);
    dst = rng.weighted([['192.0.2.1', 0.4], ['198.51.100.1', 0.3], ['203.0.113.1', 0.3]]);
    if (proto !== 'tcp' && rng.chance(0.14)) {
      dst = iface === 'eth0' ? '192.0.2.255' : '198.51.100.255';
      features.add('broadcast');
    }
    if (rng.chance(0.04)) {
      src = rng.pick(ROUTER_ADDRS); // martian: a router-owned source arriving from outside
      features.add('martian');
    }
  } else if (path === 'FORWARD') {
    iface = rng.chance(0.72) ? 'eth0' : 'eth1';
    if (iface === 'eth0') {
      src = rng.weighted([['192.0.2.2', 0.75], [hostIn(rng, '192.0.2', [1, 2]), 0.25]]);
      dst = rng.weighted([['198.51.100.2', 0.45], [hostIn(rng, '198.51.100', [1, 2]), 0.2], [hostIn(rng, '203.0.113', [1]), 0.35]]);
    } else {
      src = rng.weighted([['198.51.100.2', 0.5], [hostIn(rng, '203.0.113', [1]), 0.5]]);
      dst = rng.weighted([['192.0.2.2', 0.6], [hostIn(rng, '192.0.2', [1, 2]), 0.28], [hostIn(rng, '203.0.113', [1]), 0.12]]);
      if (outIfFor(dst) === 'eth1') features.add('hairpin');
    }
  } else {
    iface = 'local';
    dst = rng.weighted([
      ['192.0.2.2', 0.2],
      [hostIn(rng, '192.0.2', [1, 2]), 0.08],
      ['198.51.100.2', 0.25],
      [hostIn(rng, '198.51.100', [1, 2]), 0.07],
      [hostIn(rng, '203.0.113', [1]), 0.28],
      [rng.pick(ROUTER_ADDRS), 0.12],
    ]);
    const natural = isLocalAddr(dst) ? dst : dst.startsWith('192.0.2.') ? '192.0.2.1' : '198.51.100.1';
    src = rng.chance(0.75) ? natural : rng.pick(ROUTER_ADDRS);
    if (isLocalAddr(dst)) features.add('local-to-local');
  }
  const p: GenPacket = { proto, src, dst, in: iface };
  if (proto === 'icmp') {
    if (rng.chance(0.2)) p.icmpId = rng.int(1, 65535);
  } else {
    p.sport = rng.chance(0.75) ? rng.int(32768, 60999) : rng.pick([53, 123, 1024, 2000, 5000, 12345]);
    p.dport = rng.chance(0.85) ? rng.pick(proto === 'tcp' ? TCP_DPORTS : UDP_DPORTS) : rng.int(1, 65535);
  }
  if (proto === 'tcp') p.flags = rng.weighted([['S', 0.66], ['A', 0.12], ['SA', 0.06], ['R', 0.05], ['F', 0.05], ['P', 0.06]]);
  return p;
}

export function packetSpec(p: GenPacket): string {
  const ep = (a: string, port?: number) => (port === undefined ? a : `${a}:${port}`);
  let s = `${p.proto} ${ep(p.src, p.sport)} > ${ep(p.dst, p.dport)} in=${p.in}`;
  if (p.proto === 'tcp') s += ` flags=${p.flags}`;
  if (p.proto === 'icmp' && p.icmpId !== undefined) s += ` id=${p.icmpId}`;
  return s;
}

// ------------------------------------------------------------------ NAT plan

interface NatPlan {
  dnat?: { hook: 'PREROUTING' | 'OUTPUT'; redirect: boolean; to: string; port?: number };
  snat?: { hook: 'POSTROUTING' | 'INPUT'; masquerade: boolean; to: string };
}

function genNatPlan(rng: Rng, path: PathKind, pkt: GenPacket): NatPlan {
  const plan: NatPlan = {};
  const ported = pkt.proto !== 'icmp';
  if (rng.chance(0.7)) {
    const hook = path === 'OUTPUT' ? 'OUTPUT' : 'PREROUTING';
    const redirect = ported && rng.chance(0.22);
    let to: string;
    if (redirect) to = hook === 'OUTPUT' ? '127.0.0.1' : 'local';
    else if (path === 'INPUT') {
      // stay local (another router address) or turn INPUT into FORWARD
      to = rng.weighted([[rng.pick(ROUTER_ADDRS), 0.35], ['198.51.100.2', 0.3], ['192.0.2.2', 0.15], [hostIn(rng, '198.51.100', [1, 2]), 0.2]]);
    } else if (path === 'FORWARD') {
      // another remote host, or turn FORWARD into INPUT
      to = rng.weighted([[hostIn(rng, '198.51.100', [1, 2]), 0.25], ['198.51.100.2', 0.15], ['192.0.2.2', 0.15], [rng.pick(ROUTER_ADDRS), 0.45]]);
    } else {
      to = rng.weighted([[hostIn(rng, '198.51.100', [1, 2]), 0.3], ['192.0.2.2', 0.3], [rng.pick(ROUTER_ADDRS), 0.4]]);
    }
    const port = redirect || (ported && rng.chance(0.55)) ? rng.pick([2222, 5353, 8080, 8443, 10053, 30080]) : undefined;
    plan.dnat = { hook, redirect, to, port };
  }
  if (rng.chance(0.6)) {
    const input = path === 'INPUT' && rng.chance(0.3);
    const masquerade = !input && rng.chance(0.5);
    plan.snat = { hook: input ? 'INPUT' : 'POSTROUTING', masquerade, to: rng.pick(['198.51.100.1', '203.0.113.1', '192.0.2.1', '198.51.100.77']) };
  }
  return plan;
}

// ------------------------------------------------------------------ rules

interface Ctx {
  rng: Rng;
  pkt: GenPacket;
  table: Table;
  hook: Hook;
  user: boolean;
  srcs: string[];
  dsts: string[];
  dports: number[];
  inIf: string; // '' when -i is not usable
  outIf: string; // '' when -o is not usable
  dstLocal: boolean;
  ttl: number;
  marks: number[];
  nat: NatPlan;
  features: Set<string>;
  hasNotrack: boolean;
}

interface RuleParts {
  s?: string;
  d?: string;
  i?: string;
  o?: string;
  p?: string; // "-p tcp -m tcp --dport 80" etc.
  proto?: Proto;
  mods: string[];
  kinds: Set<string>;
}

const BIAS = 0.75;

function neg(rng: Rng, p = 0.12): string {
  return rng.chance(p) ? '! ' : '';
}

function addrMatch(c: Ctx, truth: string[]): string {
  const { rng } = c;
  const t = rng.pick(truth);
  if (rng.chance(BIAS)) {
    // a true match: exact, a containing prefix, or a negated miss
    return rng.weighted([
      [`${t}/32`, 0.5],
      [`${net24(t)}.0/24`, 0.25],
      [`${t.split('.').slice(0, 2).join('.')}.0.0/16`, 0.1],
      [`! ${rng.pick(['10.0.0.0/8', '198.18.0.0/15', '192.0.2.128/25', '203.0.113.64/26'])}`, 0.15],
    ]);
  }
  return rng.weighted([
    [`${hostIn(rng, net24(t))}/32`, 0.45], // near miss: same /24
    [`${rng.pick(['10.1.0.0/16', '198.18.0.0/15', '172.16.0.0/12'])}`, 0.25],
    [`! ${net24(t)}.0/24`, 0.3],
  ]);
}

function ifMatch(c: Ctx, truth: string): string {
  const { rng } = c;
  const other = truth === 'eth0' ? 'eth1' : truth === 'eth1' ? 'eth0' : 'eth0';
  if (rng.chance(BIAS)) {
    return rng.weighted([[truth, 0.55], [truth.startsWith('eth') ? 'eth+' : 'l+', 0.25], [`! ${other}`, 0.2]]);
  }
  return rng.weighted([[other, 0.5], [`! ${truth}`, 0.3], [rng.pick(['wg0', 'docker+', 'ppp+']), 0.2]]);
}

function portMatch(c: Ctx, which: 'dport' | 'sport'): string {
  const { rng, pkt } = c;
  const t = pkt.sport === undefined ? rng.pick(TCP_DPORTS) : which === 'dport' ? rng.pick(c.dports) : pkt.sport;
  if (rng.chance(BIAS)) {
    return rng.weighted([
      [`--${which} ${t}`, 0.55],
      [`--${which} ${Math.max(0, t - rng.int(0, 50))}:${Math.min(65535, t + rng.int(0, 500))}`, 0.25],
      [`! --${which} ${t === 22 ? 23 : 22}`, 0.1],
      [`--${which} ${t}:`, 0.1],
    ]);
  }
  return rng.weighted([
    [`--${which} ${t === 65535 ? t - 1 : t + 1}`, 0.45],
    [`! --${which} ${t}`, 0.3],
    [`--${which} ${t > 1000 ? '1:1023' : '1024:65535'}`, 0.25],
  ]);
}

function multiportMatch(c: Ctx): string {
  const { rng, pkt } = c;
  const dp = c.dports.length ? rng.pick(c.dports) : rng.pick(TCP_DPORTS);
  const others = rng.shuffle([22, 25, 53, 80, 123, 443, 993, 3306, 8080].filter((x) => x !== dp)).slice(0, rng.int(1, 3));
  const hit = rng.chance(BIAS);
  const list = (v: number, extra: number[]) => {
    const items = (hit ? [...extra, v] : extra).map(String);
    if (rng.chance(0.25)) items.push(`${rng.int(5000, 6000)}:${rng.int(6001, 7000)}`);
    return rng.shuffle(items).join(',');
  };
  const kind = rng.weighted([['dports', 0.6], ['sports', 0.15], ['ports', 0.25]]);
  const v = kind === 'sports' && pkt.sport !== undefined ? pkt.sport : dp;
  const n = rng.chance(0.1) ? '! ' : '';
  return `-m multiport ${n}--${kind} ${list(v, others)}`;
}

function tcpFlagsMatch(c: Ctx): string {
  const { rng, pkt } = c;
  const f = pkt.flags!;
  const syn = f === 'S';
  return rng.weighted([
    [syn ? '--syn' : '! --syn', 0.35],
    [syn ? '! --syn' : '--syn', 0.1],
    ['--tcp-flags SYN,ACK SYN', 0.15],
    ['--tcp-flags SYN,RST,ACK,FIN SYN', 0.1],
    ['--tcp-flags ALL ACK', 0.1],
    [`--tcp-flags RST RST`, 0.08],
    [`--tcp-flags FIN,SYN,RST,ACK ${f.includes('A') ? 'ACK' : 'NONE'}`, 0.12],
  ]);
}

function icmpMatch(c: Ctx): string {
  const { rng } = c;
  const t = rng.weighted([
    ['echo-request', 0.4],
    ['8', 0.15],
    ['any', 0.1],
    ['echo-reply', 0.12],
    ['destination-unreachable', 0.08],
    ['8/0', 0.05],
    ['3/3', 0.05],
  ]);
  return `-m icmp ${neg(rng, 0.1)}--icmp-type ${t}`;
}

function l3Length(pkt: GenPacket): number {
  if (pkt.proto === 'tcp') return pkt.flags!.includes('S') ? 40 : 48;
  return 36;
}

function pickProto(c: Ctx, r: RuleParts, forced?: Proto) {
  const { rng, pkt } = c;
  const proto: Proto = forced ?? (rng.chance(0.82) ? pkt.proto : rng.pick((['tcp', 'udp', 'icmp'] as Proto[]).filter((x) => x !== pkt.proto)));
  r.proto = proto;
  let p = `-p ${proto}`;
  if (!forced && rng.chance(0.04)) {
    p = `! -p ${proto === 'icmp' ? 'tcp' : 'icmp'}`;
    r.proto = undefined;
    r.p = p;
    return;
  }
  if (proto === 'tcp' || proto === 'udp') {
    const opts: string[] = [];
    if (rng.chance(0.6)) opts.push(portMatch(c, 'dport'));
    if (rng.chance(0.2)) opts.push(portMatch(c, 'sport'));
    if (proto === 'tcp' && pkt.proto === 'tcp' && rng.chance(0.3)) opts.push(tcpFlagsMatch(c));
    if (opts.length) p += ` -m ${proto} ${opts.join(' ')}`;
    else if (rng.chance(0.25)) r.mods.push(multiportMatch(c)), r.kinds.add('multiport');
  } else if (rng.chance(0.6)) p += ` ${icmpMatch(c)}`;
  r.p = p;
}

/** conntrack states the packet (probably) has at this point */
function ctTruth(c: Ctx): string[] {
  const { pkt } = c;
  if (c.table === 'raw') return ['INVALID']; // raw runs before conntrack: no ct yet
  if (c.hasNotrack) return ['UNTRACKED'];
  if (pkt.proto === 'tcp' && pkt.flags !== 'S' && pkt.flags !== 'A') return ['INVALID'];
  const t = ['NEW'];
  if (c.nat.dnat && c.hook !== 'PREROUTING' && c.hook !== 'OUTPUT') t.push('DNAT');
  return t;
}

const CT_ATOMS = ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED', 'DNAT', 'SNAT'];

function ctstateList(c: Ctx, atoms: string[]): string {
  const { rng } = c;
  const truth = ctTruth(c).filter((a) => atoms.includes(a));
  const falsy = atoms.filter((a) => !truth.includes(a));
  if (truth.length && rng.chance(0.7)) {
    const set = [rng.pick(truth)];
    if (rng.chance(0.35)) set.push(rng.pick(falsy));
    return (rng.chance(0.08) ? `! ` : '') + '%' + set.join(',');
  }
  if (rng.chance(0.25)) return `! %${rng.pick(falsy)}`;
  return '%' + rng.shuffle(falsy.slice()).slice(0, rng.int(1, 2)).join(',');
}

function ctstateMatch(c: Ctx): string {
  const v = ctstateList(c, CT_ATOMS);
  return v.startsWith('! ') ? `! --ctstate ${v.slice(3)}` : `--ctstate ${v.slice(1)}`;
}

function conntrackMatch(c: Ctx): string {
  const { rng, pkt } = c;
  const opts: string[] = [];
  const k = rng.weighted([['state', 0.6], ['origdst', 0.15], ['origdstport', 0.12], ['origsrc', 0.06], ['proto', 0.07]]);
  if (k === 'state') c.features.add('ctstate'), opts.push(ctstateMatch(c));
  else if (k === 'origdst') {
    c.features.add('ctorigdst');
    opts.push(`--ctorigdst ${rng.chance(BIAS) ? pkt.dst : rng.pick(ROUTER_ADDRS.concat(['198.51.100.2']))}`);
  } else if (k === 'origsrc') opts.push(`${neg(rng)}--ctorigsrc ${addrMatch(c, [pkt.src]).replace(/^! /, '')}`);
  else if (k === 'origdstport' && pkt.proto !== 'icmp') {
    c.features.add('ctorigdstport');
    if (rng.chance(0.4)) opts.push(`--ctproto ${pkt.proto}`);
    opts.push(`--ctorigdstport ${rng.chance(BIAS) ? pkt.dport : rng.pick([22, 80, 8080])}`);
  } else opts.push(`--ctproto ${rng.chance(BIAS) ? pkt.proto : 'udp'}`);
  if (rng.chance(0.2) && k !== 'state') c.features.add('ctstate'), opts.push(ctstateMatch(c));
  return `-m conntrack ${opts.join(' ')}`;
}

function markValue(c: Ctx): string {
  const { rng } = c;
  const m = rng.chance(0.8) ? rng.pick(c.marks) : rng.pick([0, 0x100, 0xff]);
  return rng.weighted([[hex(m), 0.7], [`${hex(m)}/${hex(rng.pick([0xff, 0xffff, m | 0xf]))}`, 0.3]]);
}

function moduleMatch(c: Ctx, r: RuleParts, kind: string): string | null {
  const { rng, pkt } = c;
  switch (kind) {
    case 'conntrack':
      return conntrackMatch(c);
    case 'state': {
      c.features.add('state');
      const v = ctstateList(c, CT_ATOMS.slice(0, 5));
      return v.startsWith('! ') ? `-m state ! --state ${v.slice(3)}` : `-m state --state ${v.slice(1)}`;
    }
    case 'mark':
      c.features.add('mark-match');
      return `-m mark ${neg(rng, 0.15)}--mark ${markValue(c)}`;
    case 'connmark':
      c.features.add('connmark-match');
      return `-m connmark ${neg(rng, 0.1)}--mark ${markValue(c)}`;
    case 'statistic': {
      c.features.add('nth');
      const every = rng.int(1, 4);
      const packet = rng.chance(0.6) ? 0 : rng.int(0, every - 1);
      return `-m statistic --mode nth --every ${every} --packet ${packet}`;
    }
    case 'iprange': {
      c.features.add('iprange');
      const dir = rng.chance(0.6) ? 'src' : 'dst';
      const t = rng.pick(dir === 'src' ? c.srcs : c.dsts);
      const last = Number(t.split('.')[3]);
      const hit = rng.chance(BIAS);
      const lo = hit ? Math.max(0, last - rng.int(0, 5)) : Math.min(254, last + 1);
      const hi = hit ? Math.min(255, last + rng.int(0, 20)) : Math.min(255, lo + rng.int(0, 10));
      return `-m iprange ${neg(rng, 0.1)}--${dir}-range ${net24(t)}.${lo}-${net24(t)}.${hi}`;
    }
    case 'comment':
      c.features.add('comment');
      return `-m comment --comment "${rng.pick(COMMENT_WORDS)} ${rng.int(1, 99)}"`;
    case 'length': {
      c.features.add('length');
      const L = l3Length(pkt);
      const hit = rng.chance(BIAS);
      if (hit) return rng.weighted([[`-m length --length ${L}`, 0.3], [`-m length --length ${rng.int(0, L)}:${rng.int(L, 1500)}`, 0.5], [`-m length ! --length 1000:65535`, 0.2]]);
      return rng.weighted([[`-m length --length ${L + 4}`, 0.4], [`-m length --length 100:1500`, 0.4], [`-m length ! --length ${L}`, 0.2]]);
    }
    case 'ttl': {
      c.features.add('ttl');
      const t = c.ttl;
      return rng.weighted([
        [`-m ttl --ttl-eq ${t}`, 0.35],
        [`-m ttl --ttl-gt ${t - rng.int(1, 10)}`, 0.2],
        [`-m ttl --ttl-lt ${t + 1}`, 0.15],
        [`-m ttl --ttl-eq ${t === 64 ? 63 : 64}`, 0.2],
        [`-m ttl --ttl-lt ${t}`, 0.1],
      ]);
    }
    case 'tos':
      c.features.add('tos');
      return rng.weighted([
        ['-m tos --tos 0x00/0xff', 0.35],
        ['-m tos --tos Normal-Service', 0.15],
        ['-m tos --tos Minimize-Delay', 0.2],
        ['-m tos ! --tos 0x10', 0.15],
        ['-m tos --tos 0x00/0x3f', 0.15],
      ]);
    case 'dscp':
      c.features.add('dscp');
      return rng.weighted([['-m dscp --dscp 0x00', 0.45], ['-m dscp --dscp-class BE', 0.15], ['-m dscp --dscp 0x2e', 0.2], ['-m dscp ! --dscp-class EF', 0.2]]);
    case 'addrtype': {
      c.features.add('addrtype');
      const bc = isBroadcast(pkt.dst);
      const dstT = bc ? 'BROADCAST' : c.dstLocal ? 'LOCAL' : 'UNICAST';
      const srcLocal = pkt.in === 'local';
      return rng.weighted([
        [`-m addrtype --dst-type ${dstT}`, 0.35],
        [`-m addrtype ! --dst-type ${dstT === 'LOCAL' ? 'UNICAST' : 'LOCAL'}`, 0.12],
        [`-m addrtype --dst-type ${rng.pick(['LOCAL', 'UNICAST', 'BROADCAST', 'MULTICAST'])}`, 0.2],
        [`-m addrtype --src-type ${srcLocal ? 'LOCAL' : 'UNICAST'}`, 0.18],
        [`-m addrtype ! --src-type LOCAL`, 0.1],
        [`-m addrtype --src-type UNICAST --dst-type ${dstT}`, 0.05],
      ]);
    }
    case 'pkttype':
      c.features.add('pkttype');
      return `-m pkttype ${neg(rng, 0.15)}--pkt-type ${rng.weighted([['unicast', 0.6], ['broadcast', 0.2], ['multicast', 0.1], ['host', 0.1]])}`;
  }
  return null;
}

const MODULE_KINDS: [string, number][] = [
  ['conntrack', 3],
  ['state', 1],
  ['mark', 2],
  ['connmark', 1],
  ['statistic', 0.8],
  ['iprange', 0.8],
  ['comment', 1],
  ['length', 0.7],
  ['ttl', 0.7],
  ['tos', 0.4],
  ['dscp', 0.4],
  ['addrtype', 1],
  ['pkttype', 0.6],
];

function genMatches(c: Ctx, r: RuleParts, n: number) {
  const { rng } = c;
  const canI = c.inIf !== '';
  const canO = c.outIf !== '';
  for (let k = 0; k < n; k++) {
    const kind = rng.weighted<string>([
      ['s', 2],
      ['d', 2],
      ['i', canI ? 1.6 : 0],
      ['o', canO ? 1.6 : 0],
      ['p', 3],
      ['m', 4.5],
    ]);
    if (r.kinds.has(kind) && kind !== 'm') continue;
    r.kinds.add(kind);
    if (kind === 's') {
      r.s = addrMatch(c, c.srcs);
      if (r.s.startsWith('! ')) r.s = '! -s ' + r.s.slice(2);
      else r.s = '-s ' + r.s;
    } else if (kind === 'd') {
      r.d = addrMatch(c, c.dsts);
      if (r.d.startsWith('! ')) r.d = '! -d ' + r.d.slice(2);
      else r.d = '-d ' + r.d;
    } else if (kind === 'i' || kind === 'o') {
      const v = ifMatch(c, kind === 'i' ? c.inIf : c.outIf);
      r[kind] = v.startsWith('! ') ? `! -${kind} ${v.slice(2)}` : `-${kind} ${v}`;
      c.features.add('iface');
    } else if (kind === 'p') {
      if (!r.p) pickProto(c, r);
    } else {
      const mk = rng.weighted(MODULE_KINDS.filter(([m]) => !r.kinds.has('m:' + m)));
      r.kinds.add('m:' + mk);
      const m = moduleMatch(c, r, mk);
      if (m) r.mods.push(m);
    }
  }
}

type Target = { text: string; needProto?: Proto | 'port'; terminal: boolean };

function natTarget(c: Ctx, kind: string): Target {
  const { rng, pkt } = c;
  const ported = pkt.proto !== 'icmp';
  if (kind === 'DNAT') {
    c.features.add('dnat');
    const d = c.nat.dnat && !c.nat.dnat.redirect && rng.chance(0.75) ? c.nat.dnat : undefined;
    const to = d ? d.to : rng.pick(['198.51.100.2', '192.0.2.2', hostIn(rng, '198.51.100', [1, 2]), rng.pick(ROUTER_ADDRS)]);
    const port = d ? d.port : ported && rng.chance(0.4) ? rng.pick([8080, 2222, 10053]) : undefined;
    if (port !== undefined && ported) {
      const range = rng.chance(0.1) ? `-${port + 10}` : '';
      return { text: `-j DNAT --to-destination ${to}:${port}${range}`, needProto: 'port', terminal: true };
    }
    return { text: `-j DNAT --to-destination ${to}`, terminal: true };
  }
  if (kind === 'REDIRECT') {
    c.features.add('redirect');
    if (ported && rng.chance(0.85)) {
      const port = c.nat.dnat?.redirect && c.nat.dnat.port ? c.nat.dnat.port : rng.pick([8080, 3128, 10053]);
      return { text: `-j REDIRECT --to-ports ${port}`, needProto: 'port', terminal: true };
    }
    return { text: '-j REDIRECT', terminal: true };
  }
  if (kind === 'SNAT') {
    c.features.add('snat');
    const to = c.nat.snat && !c.nat.snat.masquerade && rng.chance(0.75) ? c.nat.snat.to : rng.pick(['198.51.100.1', '203.0.113.1', '192.0.2.1']);
    if (ported && rng.chance(0.25)) return { text: `-j SNAT --to-source ${to}:20000-30000`, needProto: 'port', terminal: true };
    return { text: `-j SNAT --to-source ${to}`, terminal: true };
  }
  // MASQUERADE
  c.features.add('masquerade');
  if (ported && rng.chance(0.2)) return { text: `-j MASQUERADE --to-ports 40000-40100`, needProto: 'port', terminal: true };
  return { text: '-j MASQUERADE', terminal: true };
}

function genTarget(c: Ctx): Target {
  const { rng, table, hook, user, pkt } = c;
  const W: [string, number][] = [];
  if (user) W.push(['RETURN', 1.4]);
  else W.push(['RETURN', 0.12]);
  W.push(['LOG', 0.6], ['NONE', 0.08]);
  if (table === 'filter') {
    W.push(['ACCEPT', 3], ['DROP', 1.5], ['REJECT', 1], ['CONNMARK', 0.4], ['MARK', 0.4]);
  } else if (table === 'mangle') {
    W.push(['MARK', 4], ['CONNMARK', 2.2], ['ACCEPT', 0.6], ['DROP', 0.25]);
  } else if (table === 'raw') {
    W.push(['NOTRACK', 2.5], ['MARK', 1], ['ACCEPT', 1], ['DROP', 0.2], ['CONNMARK', 0.2]);
  } else {
    if (hook === 'PREROUTING' || hook === 'OUTPUT') W.push(['DNAT', 3.5], ['REDIRECT', 1.2], ['ACCEPT', 0.8]);
    else if (hook === 'POSTROUTING') W.push(['SNAT', 2], ['MASQUERADE', 2], ['ACCEPT', 0.8]);
    else W.push(['SNAT', 1.6], ['ACCEPT', 1]);
  }
  const t = rng.weighted(W);
  switch (t) {
    case 'RETURN':
      c.features.add('return');
      return { text: '-j RETURN', terminal: true };
    case 'LOG':
      c.features.add('log');
      return {
        text: rng.weighted([['-j LOG', 0.3], [`-j LOG --log-prefix "${rng.pick(['IN', 'fw', 'drop'])}-${rng.int(1, 9)}: "`, 0.5], ['-j LOG --log-level 4', 0.2]]),
        terminal: false,
      };
    case 'NONE':
      return { text: '', terminal: false };
    case 'ACCEPT':
      return { text: '-j ACCEPT', terminal: true };
    case 'DROP':
      c.features.add('drop-rule');
      return { text: '-j DROP', terminal: true };
    case 'REJECT': {
      c.features.add('reject');
      if (pkt.proto === 'tcp' && rng.chance(0.35)) return { text: '-j REJECT --reject-with tcp-reset', needProto: 'tcp', terminal: true };
      return {
        text: rng.weighted([['-j REJECT', 0.5], ['-j REJECT --reject-with icmp-port-unreachable', 0.2], ['-j REJECT --reject-with icmp-host-prohibited', 0.15], ['-j REJECT --reject-with icmp-admin-prohibited', 0.15]]),
        terminal: true,
      };
    }
    case 'MARK': {
      c.features.add('mark-set');
      const m = rng.pick(c.marks);
      return {
        text: rng.weighted([
          [`-j MARK --set-mark ${hex(m)}`, 0.45],
          [`-j MARK --set-xmark ${hex(m)}/${hex(rng.pick([0xff, 0xffffffff, m | 0xf0]))}`, 0.25],
          [`-j MARK --or-mark ${hex(m)}`, 0.15],
          [`-j MARK --and-mark ${hex(rng.pick([0xf, 0xff00, m]))}`, 0.15],
        ]),
        terminal: false,
      };
    }
    case 'CONNMARK': {
      c.features.add('connmark');
      const m = rng.pick(c.marks);
      return {
        text: rng.weighted([
          [`-j CONNMARK --set-mark ${hex(m)}`, 0.35],
          ['-j CONNMARK --save-mark', 0.3],
          ['-j CONNMARK --restore-mark', 0.3],
          [`-j CONNMARK --set-xmark ${hex(m)}/0xff`, 0.05],
        ]),
        terminal: false,
      };
    }
    case 'NOTRACK':
      c.features.add('notrack');
      c.hasNotrack = true;
      return { text: rng.chance(0.6) ? '-j CT --notrack' : '-j NOTRACK', terminal: false };
    default:
      return natTarget(c, t);
  }
}

function renderRule(chain: string, r: RuleParts, target: string): string {
  const parts = [`-A ${chain}`];
  for (const x of [r.s, r.d, r.i, r.o, r.p]) if (x) parts.push(x);
  parts.push(...r.mods);
  if (target) parts.push(target);
  return parts.join(' ');
}

function genRule(c: Ctx, chain: string, jumpText?: string): string {
  const { rng } = c;
  const r: RuleParts = { mods: [], kinds: new Set() };
  const target = jumpText ? { text: jumpText, terminal: true } as Target : genTarget(c);
  const n = jumpText
    ? rng.weighted([[0, 0.35], [1, 0.45], [2, 0.2]])
    : target.terminal
      ? rng.weighted([[0, 0.08], [1, 0.42], [2, 0.33], [3, 0.17]])
      : rng.weighted([[0, 0.3], [1, 0.4], [2, 0.2], [3, 0.1]]);
  if (target.needProto) {
    const proto: Proto = target.needProto === 'port' ? (c.pkt.proto === 'icmp' ? 'tcp' : c.pkt.proto) : target.needProto;
    pickProto(c, r, proto);
    r.kinds.add('p');
  }
  genMatches(c, r, n);
  return renderRule(chain, r, target.text);
}

// ------------------------------------------------------------------ case

interface ChainSpec {
  table: Table;
  name: string;
  hook: Hook; // owner hook (for user chains: the base chain that reaches it)
  user: boolean;
  rules: string[];
}

export function generateTraceCaseInfo(seed: number): TraceCaseInfo {
  const rng = new Rng(seed);
  const features = new Set<string>();
  const path = rng.weighted<PathKind>([['INPUT', 0.36], ['FORWARD', 0.36], ['OUTPUT', 0.28]]);
  const pkt = genPacket(rng, path, features);

  // tables
  const tables = new Set<Table>();
  if (rng.chance(0.85)) tables.add('filter');
  if (rng.chance(0.48)) tables.add('nat');
  if (rng.chance(0.45)) tables.add('mangle');
  if (rng.chance(0.22)) tables.add('raw');
  if (tables.size === 0) tables.add(rng.pick(['filter', 'nat', 'mangle'] as Table[]));
  const nat: NatPlan = tables.has('nat') ? genNatPlan(rng, path, pkt) : {};

  // where the packet will (probably) go
  let effDst = pkt.dst;
  if (nat.dnat) effDst = nat.dnat.to === 'local' ? pkt.dst : nat.dnat.to;
  if (nat.dnat?.redirect && path !== 'OUTPUT') effDst = ['192.0.2.1', '198.51.100.1'][pkt.in === 'eth1' ? 1 : 0];
  const effLocal = isLocalAddr(effDst) || isBroadcast(effDst);
  const hooks = new Set<Hook>();
  const addPath = (local: boolean, fromLocal: boolean) => {
    if (fromLocal) {
      hooks.add('OUTPUT').add('POSTROUTING');
      if (local) hooks.add('PREROUTING').add('INPUT');
    } else {
      hooks.add('PREROUTING');
      if (local) hooks.add('INPUT');
      else hooks.add('FORWARD').add('POSTROUTING');
    }
  };
  addPath(isLocalAddr(pkt.dst) || isBroadcast(pkt.dst), path === 'OUTPUT');
  addPath(effLocal, path === 'OUTPUT');

  const marks = rng.shuffle([0x1, 0x2, 0x4, 0x10, 0x2a, 0x100, 0xbeef]).slice(0, 2);

  // base chains + user chains
  const chains: ChainSpec[] = [];
  for (const t of TABLE_ORDER) {
    if (!tables.has(t)) continue;
    for (const h of TABLE_CHAINS[t]) chains.push({ table: t, name: h, hook: h, user: false, rules: [] });
  }
  const relevant = chains.filter((ch) => hooks.has(ch.hook));
  const userChains: ChainSpec[] = [];
  const names = rng.shuffle(USER_CHAIN_NAMES.slice());
  for (const t of TABLE_ORDER) {
    if (!tables.has(t)) continue;
    const owners = relevant.filter((ch) => ch.table === t);
    if (!owners.length) continue;
    if (!rng.chance(t === 'filter' ? 0.55 : t === 'raw' ? 0.2 : 0.35)) continue;
    const k = rng.weighted([[1, 0.5], [2, 0.33], [3, 0.17]]);
    for (let i = 0; i < k; i++) {
      const owner = rng.pick(owners);
      userChains.push({ table: t, name: names.pop()!, hook: owner.hook, user: true, rules: [] });
    }
  }

  // rule budget
  const budget = 3 + Math.floor(Math.pow(rng.next(), 1.4) * 20);
  const slots: ChainSpec[] = [];
  for (const ch of chains) if (hooks.has(ch.hook) || rng.chance(0.12)) slots.push(ch);
  slots.push(...userChains);
  const counts = new Map<ChainSpec, number>();
  for (let i = 0; i < budget; i++) {
    const ch = rng.weighted(slots.map((s) => [s, s.user ? 1.2 : s.table === 'nat' ? 0.8 : 1] as const));
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }

  const baseHook = (h: Hook) => h;
  const ctxFor = (ch: ChainSpec): Ctx => {
    const h = baseHook(ch.hook);
    const afterDnat = h !== 'PREROUTING' && h !== 'OUTPUT';
    const looped = path === 'OUTPUT' && (h === 'PREROUTING' || h === 'INPUT');
    const dnatTo = nat.dnat && nat.dnat.to !== 'local' ? nat.dnat.to : undefined;
    const dsts = afterDnat && dnatTo && rng.chance(0.6) ? [dnatTo] : [pkt.dst];
    const dports = pkt.dport === undefined ? [] : afterDnat && nat.dnat?.port && rng.chance(0.6) ? [nat.dnat.port] : [pkt.dport];
    const inIf = h === 'PREROUTING' || h === 'INPUT' || h === 'FORWARD' ? (looped || pkt.in === 'local' ? 'lo' : pkt.in) : '';
    const outIf = h === 'FORWARD' || h === 'OUTPUT' || h === 'POSTROUTING' ? outIfFor(afterDnat || h === 'OUTPUT' ? effDst : pkt.dst) : '';
    const ttl = h === 'FORWARD' || (h === 'POSTROUTING' && path !== 'OUTPUT') ? 63 : 64;
    return {
      rng,
      pkt,
      table: ch.table,
      hook: h,
      user: ch.user,
      srcs: [pkt.src],
      dsts,
      dports,
      inIf,
      outIf,
      dstLocal: afterDnat ? effLocal : isLocalAddr(pkt.dst),
      ttl,
      marks,
      nat,
      features,
      hasNotrack: false,
    };
  };

  let notrack = false;
  for (const ch of [...chains, ...userChains]) {
    const n = counts.get(ch) ?? 0;
    for (let i = 0; i < n; i++) {
      const c = ctxFor(ch);
      c.hasNotrack = notrack;
      ch.rules.push(genRule(c, ch.name));
      notrack ||= c.hasNotrack;
    }
  }

  // references to user chains: from the owner base chain or from an earlier user chain with the same owner (nesting)
  for (let i = 0; i < userChains.length; i++) {
    const uc = userChains[i];
    const parents = [
      chains.find((ch) => ch.table === uc.table && ch.name === uc.hook)!,
      ...userChains.slice(0, i).filter((p) => p.table === uc.table && p.hook === uc.hook),
    ];
    const refs = rng.weighted([[1, 0.8], [2, 0.2]]);
    for (let k = 0; k < refs; k++) {
      const parent = rng.chance(0.55) || parents.length === 1 ? parents[parents.length === 1 ? 0 : rng.int(1, parents.length - 1)] : parents[0];
      if (parent.user) features.add('nested');
      const goto = rng.chance(0.3);
      features.add(goto ? 'goto' : 'jump');
      const c = ctxFor(parent);
      c.hasNotrack = notrack;
      const rule = genRule(c, parent.name, `${goto ? '-g' : '-j'} ${uc.name}`);
      // jumps early in the chain, so that they are reached
      const pos = rng.int(0, Math.min(parent.rules.length, rng.chance(0.6) ? 0 : parent.rules.length));
      parent.rules.splice(pos, 0, rule);
    }
  }

  // render
  const out: string[] = [];
  for (const t of TABLE_ORDER) {
    if (!tables.has(t)) continue;
    out.push(`*${t}`);
    const base = chains.filter((ch) => ch.table === t);
    const users = userChains.filter((ch) => ch.table === t);
    for (const ch of base) {
      let policy = 'ACCEPT';
      if (t === 'filter' && rng.chance(ch.hook === 'OUTPUT' ? 0.1 : 0.22)) {
        policy = 'DROP';
        features.add('policy-drop');
      }
      out.push(`:${ch.name} ${policy} [0:0]`);
    }
    for (const ch of users) out.push(`:${ch.name} - [0:0]`);
    for (const ch of [...base, ...users]) out.push(...ch.rules);
    out.push('COMMIT');
  }
  if (tables.has('nat')) features.add('nat');
  if (userChains.length) features.add('user-chain');
  const ruleCount = [...chains, ...userChains].reduce((s, ch) => s + ch.rules.length, 0);
  return { seed, path, packet: packetSpec(pkt), rules: out.join('\n') + '\n', features: [...features].sort(), ruleCount };
}

export function generateTraceCase(seed: number): TraceCase {
  const { rules, packet } = generateTraceCaseInfo(seed);
  return { rules, packet };
}
