// -j DNAT (libxt_NAT.c, revision 2 in both families: struct nf_nat_range2, shifted port maps kept).
// Also the shared NAT parsing/printing (parse_to, parse_ports, sprint_range, __NAT_print) used by SNAT.ts,
// MASQUERADE.ts and REDIRECT.ts.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Family } from '../../model/ruleset.js';
import { parseIpv6, ipv6ToString } from '../../values/addr.js';
import { xtStrtoulPrefix } from '../../values/numbers.js';
import { serviceToPort } from '../../values/ports.js';
import type { ExtensionDef, NatRequest, OptionCall, OptionSpec, PacketEnv, TargetOutcome } from '../types.js';
import type { Addr } from '../../model/packet.js';
import { addrText, isMcast6, textToAddr } from '../target-semantics.js';

/** NF_NAT_RANGE_* flags */
export const NAT = { MAP_IPS: 1, PROTO_SPECIFIED: 2, PROTO_RANDOM: 4, PERSISTENT: 8, PROTO_RANDOM_FULLY: 16, PROTO_OFFSET: 32 } as const;

/** The range as the kernel blob holds it; addresses as inet_ntop text ('' when unset = all zero). */
export interface NatRange {
  flags: number;
  minAddr: string;
  maxAddr: string;
  minPort: number;
  maxPort: number;
  basePort: number;
}

export function emptyRange(): NatRange {
  return { flags: 0, minAddr: '', maxAddr: '', minPort: 0, maxPort: 0, basePort: 0 };
}

/** glibc inet_pton(AF_INET): exactly 4 decimal octets, no leading zeros. */
export function inetPton4(s: string): number | undefined {
  const n = s.length;
  let v = 0;
  let i = 0;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= n || s.charCodeAt(i) !== 46) return undefined;
      i++;
    }
    const start = i;
    let octet = 0;
    while (i < n && i - start < 4) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      octet = octet * 10 + c;
      i++;
    }
    const len = i - start;
    if (len === 0 || len > 3 || (len > 1 && s.charCodeAt(start) === 48) || octet > 255) return undefined;
    v = v * 256 + octet;
  }
  return i === n ? v : undefined;
}

function inetPton(family: Family, s: string): string | undefined {
  // inet_ntop() of what inet_pton() accepts is the same text (decimal octets, no leading zeros)
  if (family === 'ipv4') return inetPton4(s) === undefined ? undefined : s;
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const v = parseIpv6(s);
  return v === undefined ? undefined : ipv6ToString(v);
}

/** xtables_strtoui(arg, &end, ..): the parsed prefix; undefined when nothing parsed or out of range */
function strtouiPrefix(s: string, min: number, max: number): { value: number; end: number } | undefined {
  // a decimal number starting 1-9 (strtoumax's base 0 reads it as decimal) without the BigInt round trip
  const c0 = s.charCodeAt(0);
  if (c0 >= 49 && c0 <= 57) {
    let v = c0 - 48;
    let i = 1;
    while (i < s.length && i < 9) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      i++;
    }
    const c = i < s.length ? s.charCodeAt(i) - 48 : -1;
    if (c < 0 || c > 9) return v < min || (max !== 0 && v > max) ? undefined : { value: v, end: i };
  }
  const r = xtStrtoulPrefix(s, BigInt(min), BigInt(max));
  return r === undefined ? undefined : { value: Number(r.value), end: r.end };
}

/** parse_ports() */
export function parsePorts(arg: string, portok: boolean, range: NatRange): void {
  if (!portok) throw paramProblem('Need TCP, UDP, SCTP or DCCP with port specification');
  range.flags |= NAT.PROTO_SPECIFIED;
  let port: number;
  let rest: string;
  const first = strtouiPrefix(arg, 0, 65535);
  if (first) {
    port = first.value;
    rest = arg.slice(first.end);
  } else {
    port = serviceToPort(arg);
    if (port === -1) throw paramProblem(`Port \`${arg}' not valid`);
    rest = '';
  }
  if (rest === '') {
    range.minPort = range.maxPort = port;
    return;
  }
  if (rest[0] === ':') throw paramProblem('Invalid port:port syntax - use dash');
  if (rest[0] !== '-') throw paramProblem(`Garbage after port value: \`${rest}'`);
  arg = rest.slice(1);
  const second = strtouiPrefix(arg, 0, 65535);
  if (!second) throw paramProblem(`Port \`${arg}' not valid`);
  if (second.value < port) throw paramProblem(`Port range \`${arg}' funky`);
  range.minPort = port;
  range.maxPort = second.value;
  rest = arg.slice(second.end);
  if (rest === '') return;
  if (rest[0] !== '/') throw paramProblem(`Garbage after port range: \`${rest}'`);
  arg = rest.slice(1);
  let base: number;
  const b = strtouiPrefix(arg, 1, 65535);
  if (b) base = b.value;
  else {
    base = serviceToPort(arg);
    if (base === -1) throw paramProblem(`Port \`${arg}' not valid`);
  }
  range.flags |= NAT.PROTO_OFFSET;
  range.basePort = base;
}

/** parse_to(): [<ipaddr>[-<ipaddr>]][:port[-port[/port]]], IPv6 with a port in brackets. */
export function parseTo(orig: string, portok: boolean, range: NatRange, family: Family): void {
  let start: string;
  let colon: number; // index into orig, -1 = none
  let addrPart: string;
  const lb = orig.indexOf('[');
  if (lb < 0) {
    colon = orig.indexOf(':');
    if (colon >= 0 && orig.indexOf(':', colon + 1) >= 0) colon = -1;
    start = orig;
    addrPart = colon >= 0 ? orig.slice(0, colon) : orig;
  } else {
    const end = orig.indexOf(']', lb + 1);
    if (end < 0 || family === 'ipv4') throw paramProblem('Invalid address format');
    start = orig.slice(lb + 1, end);
    colon = orig.indexOf(':', end + 1);
    addrPart = start;
  }
  if (colon >= 0) {
    parsePorts(orig.slice(colon + 1), portok, range);
    if (colon === 0 || colon === 2) return;
  }
  range.flags |= NAT.MAP_IPS;
  void start;
  // the dash search runs on the (possibly bracket-stripped) address part only
  const dash = addrPart.indexOf('-');
  const lo = dash >= 0 ? addrPart.slice(0, dash) : addrPart;
  const min = inetPton(family, lo);
  if (min === undefined) throw paramProblem(`Bad IP address "${lo}"`);
  range.minAddr = min;
  if (dash >= 0) {
    const hi = addrPart.slice(dash + 1);
    const max = inetPton(family, hi);
    if (max === undefined) throw paramProblem(`Bad IP address "${hi}"`);
    range.maxAddr = max;
  } else range.maxAddr = min;
}

/** __NAT_parse(): portok = tcp/udp/sctp/dccp/icmp (the -p number, inverted or not). */
export function natParse(cb: OptionCall, range: NatRange): void {
  const proto = cb.ctx.proto?.num ?? 0;
  const portok = proto === 6 || proto === 17 || proto === 132 || proto === 33 || proto === 1;
  switch (cb.opt.name) {
    case 'to-destination': case 'to-source': parseTo(cb.arg ?? '', portok, range, cb.ctx.family); break;
    case 'to-ports': parsePorts(cb.arg ?? '', portok, range); break;
    case 'persistent': range.flags |= NAT.PERSISTENT; break;
    case 'random': range.flags |= NAT.PROTO_RANDOM; break;
    case 'random-fully': range.flags |= NAT.PROTO_RANDOM_FULLY; break;
  }
}

/** sprint_range() */
export function sprintRange(r: NatRange, family: Family): string {
  const brackets = family === 'ipv6' && (r.flags & NAT.PROTO_SPECIFIED) !== 0;
  let buf = '';
  if (r.flags & NAT.MAP_IPS) {
    const zero = family === 'ipv4' ? '0.0.0.0' : '::';
    const min = r.minAddr || zero;
    const max = r.maxAddr || zero;
    if (brackets) buf += '[';
    buf += min;
    if (min !== max) buf += '-' + max;
    if (brackets) buf += ']';
  }
  if (r.flags & NAT.PROTO_SPECIFIED) {
    buf += `:${r.minPort}`;
    if (r.maxPort !== r.minPort) buf += `-${r.maxPort}`;
    if (r.flags & NAT.PROTO_OFFSET) buf += `/${r.basePort}`;
  }
  return buf;
}

/** __NAT_print() */
export function natPrint(r: NatRange, family: Family, rangeopt: string, flagPfx: string, skipColon: boolean): string {
  let out = '';
  let s = sprintRange(r, family);
  if (s.length) {
    if (s[0] === ':' && skipColon) s = s.slice(1);
    out += ` ${rangeopt}${s}`;
  }
  if (r.flags & NAT.PROTO_RANDOM) out += ` ${flagPfx}random`;
  if (r.flags & NAT.PROTO_RANDOM_FULLY) out += ` ${flagPfx}random-fully`;
  if (r.flags & NAT.PERSISTENT) out += ` ${flagPfx}persistent`;
  return out;
}

export const natData = (inst: ExtInstance) => inst.data as unknown as NatRange;

export interface NatTargetSpec {
  name: string;
  family: Family;
  revision: number;
  options: readonly OptionSpec[];
  printOpt: string;
  saveOpt: string;
  skipColon: boolean;
  hooks: readonly string[];
  /** the kernel structure has no base port (nf_nat_ipv4_multi_range_compat, nf_nat_range): the /port is lost */
  noBase: boolean;
  /** DNAT_fcheck/DNAT_fcheck6: shifted port maps refused */
  refuseOffset: boolean;
}

/**
 * The range as the kernel hands it to nf_nat_setup_info() (struct nf_nat_range2 in packet terms). SNAT rev 0/1,
 * MASQUERADE and REDIRECT have no base_proto (the compat conversions zero it) but keep the flags, so a shifted
 * map there is an offset from port 0.
 */
export function natRequest(kind: NatRequest['kind'], manip: NatRequest['manip'], r: NatRange, family: Family): NatRequest {
  const req: NatRequest = { manip, kind };
  if (r.flags & NAT.MAP_IPS) {
    req.minAddr = textToAddr(family, r.minAddr);
    req.maxAddr = textToAddr(family, r.maxAddr);
  }
  if (r.flags & NAT.PROTO_SPECIFIED) {
    req.minPort = r.minPort;
    req.maxPort = r.maxPort;
  }
  if (r.flags & NAT.PROTO_OFFSET) req.portOffsetBase = r.basePort;
  if (r.flags & NAT.PROTO_RANDOM) req.random = true;
  if (r.flags & NAT.PROTO_RANDOM_FULLY) req.randomFully = true;
  if (r.flags & NAT.PERSISTENT) req.persistent = true;
  return req;
}

/** "to 10.0.0.1-10.0.0.9:80-90/8080 random" for the trace */
export function natNote(req: NatRequest): string {
  let s = req.kind;
  if (req.minAddr !== undefined) s += ` to ${addrText(req.minAddr)}` + (req.maxAddr !== undefined && req.maxAddr !== req.minAddr ? `-${addrText(req.maxAddr)}` : '');
  if (req.minPort !== undefined) {
    s += `${req.minAddr === undefined ? ' to ' : ''}:${req.minPort}` + (req.maxPort !== req.minPort ? `-${req.maxPort}` : '');
    if (req.portOffsetBase !== undefined) s += `/${req.portOffsetBase}`;
  }
  if (req.random) s += ' random';
  if (req.randomFully) s += ' random-fully';
  if (req.persistent) s += ' persistent';
  return s;
}

/**
 * nf_nat_redirect_ipv4/ipv6(): OUTPUT → the loopback address; otherwise the input device's first IPv4 address
 * (ifa_list), or for IPv6 its first address of the destination's scope (link-local destination → a link-local
 * address; any other → any address, the device list keeping lower scopes — global — first). None → NF_DROP.
 */
function redirectAddr(env: PacketEnv, family: Family): Addr | undefined {
  if (env.hook === 'OUTPUT') return family === 'ipv4' ? 0x7f000001 : 1n;
  const addrs = env.ifaceAddrs(env.pkt.iif);
  if (family === 'ipv4') return addrs.find((a) => typeof a === 'number' && a !== 0);
  const v6 = addrs.filter((a): a is bigint => typeof a === 'bigint' && !(a >> 32n === 0xffffn)); // not v4-mapped
  const linkLocal = (a: bigint) => a >> 118n === 0x3fan; // fe80::/10
  const dst = env.pkt.dst as bigint;
  // ipv6_addr_scope(): fe80::/10 and ff02::/16 are link scope
  if (linkLocal(dst) || (isMcast6(dst) && ((dst >> 112n) & 0xfn) === 2n)) return v6.find(linkLocal);
  return [...v6.filter((a) => !linkLocal(a)), ...v6.filter(linkLocal)][0];
}

/** The ->target of the xt_nat/MASQUERADE/REDIRECT modules: describe the range; the engine picks the tuple. */
/** per rule: the request and note do not depend on the packet (except REDIRECT's address) */
const natCache = new WeakMap<NatRange, TargetOutcome>();

/** DNAT/SNAT's outcome: the range as a NAT request (the same object for every packet) */
function natStatic(spec: NatTargetSpec, r: NatRange): TargetOutcome {
  const hit = natCache.get(r);
  if (hit) return hit;
  const req = natRequest(spec.name as 'DNAT' | 'SNAT', spec.name === 'SNAT' ? 'SRC' : 'DST', r, spec.family);
  const out: TargetOutcome = { verdict: 'ACCEPT', nat: req, note: natNote(req) };
  natCache.set(r, out);
  return out;
}

function natApply(spec: NatTargetSpec, r: NatRange, env: PacketEnv): TargetOutcome {
  const kind = spec.name as 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT';
  if (kind === 'DNAT' || kind === 'SNAT') return natStatic(spec, r);
  // MASQUERADE depends on the packet only through its note: without one, one outcome per rule
  const quiet = kind === 'MASQUERADE' && env.explain === false;
  if (quiet) {
    const hit = natCache.get(r);
    if (hit) return hit;
  }
  const req = natRequest(kind, 'MASQUERADE' === kind ? 'SRC' : 'DST', r, spec.family);
  if (quiet) {
    const out: TargetOutcome = { verdict: 'ACCEPT', nat: req };
    natCache.set(r, out);
    return out;
  }
  if (kind === 'REDIRECT') {
    const a = redirectAddr(env, spec.family);
    if (a === undefined) return { verdict: 'DROP', note: `REDIRECT: no usable ${spec.family === 'ipv4' ? 'IPv4' : 'IPv6'} address on ${env.pkt.iif || 'the input device'}: NF_DROP` };
    req.minAddr = req.maxAddr = a;
  }
  let note = natNote(req);
  if (kind === 'MASQUERADE') note += ` (source: ${env.pkt.oif}'s address towards the next hop)`;
  return { verdict: 'ACCEPT', nat: req, note };
}

export function makeNatTarget(spec: NatTargetSpec): ExtensionDef {
  return {
    kind: 'target',
    name: spec.name,
    revision: spec.revision,
    family: spec.family,
    options: spec.options,
    tables: ['nat'],
    hooks: spec.hooks,
    init(data) {
      // emptyRange(), stored field by field (this runs for every DNAT rule of a restore)
      data.flags = 0;
      data.minAddr = '';
      data.maxAddr = '';
      data.minPort = 0;
      data.maxPort = 0;
      data.basePort = 0;
    },
    parse(cb) {
      const r = cb.data as unknown as NatRange;
      natParse(cb, r);
      if (spec.noBase) r.basePort = 0;
    },
    finalCheck(fc) {
      const r = fc.data as unknown as NatRange;
      if (spec.refuseOffset && r.flags & NAT.PROTO_OFFSET) throw paramProblem('Shifted portmap ranges not supported with this kernel');
    },
    save: (inst) => natPrint(natData(inst), spec.family, spec.saveOpt, '--', spec.skipColon),
    print: (inst) => natPrint(natData(inst), spec.family, spec.printOpt, '', spec.skipColon),
    apply: (inst, env) => natApply(spec, natData(inst), env),
    // DNAT/SNAT: the request is the rule's range; MASQUERADE/REDIRECT resolve addresses from the packet
    staticOutcome: spec.name === 'DNAT' || spec.name === 'SNAT' ? (inst) => natStatic(spec, natData(inst)) : undefined,
  };
}

const DNAT_OPTS: readonly OptionSpec[] = [
  { name: 'to-destination', type: 'string', mand: true },
  { name: 'random', type: 'none' },
  { name: 'persistent', type: 'none' },
];

export default (['ipv4', 'ipv6'] as const).map((family) =>
  makeNatTarget({
    name: 'DNAT', family, revision: 2, options: DNAT_OPTS, printOpt: 'to:', saveOpt: '--to-destination ', skipColon: false,
    hooks: ['PREROUTING', 'OUTPUT'], noBase: false, refuseOffset: false,
  }));
