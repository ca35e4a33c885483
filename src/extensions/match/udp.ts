// -m udp (libxt_udp.c, x6 parser): [!] --sport/--source-port, [!] --dport/--destination-port port[:port].
// Also exports small helpers shared by udp/dccp/multiport/ttl/hl: option-id based xtables_option_parse emulation
// (aliases share an id and messages name the first entry with that id) and glibc's getaddrinfo() service parsing.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Rule } from '../../model/ruleset.js';
import { getServByName } from '../../values/netdb.js';
import { parseTyped } from '../options.js';
import type { ExtensionDef, FinalCall, OptionCall, OptionSpec, OptValue } from '../types.js';
import { PROTO_UDP } from '../../model/packet.js';
import { listPorts, nftPortRoundTrip, portMatch, portWhy, savePorts } from './tcp.js';

// ---------- option ids (struct xt_option_entry.id) ----------

/** Option name → id; aliases (e.g. "sport" and "source-port") share an id. */
export type OptIds = Readonly<Record<string, number>>;

function seenIds(seen: ReadonlySet<string>, ids: OptIds): Set<number> {
  const s = new Set<number>();
  for (const n of seen) if (ids[n] !== undefined) s.add(ids[n]);
  return s;
}

/** xtables_option_lookup(): the first entry with that id (the one libxtables names in messages). */
function entryById(ext: ExtensionDef, ids: OptIds, id: number): OptionSpec {
  return ext.options.find((o) => ids[o.name] === id)!;
}

/**
 * xtables_option_parse() for a module declared with rawOptions: the once-only / invert / argument checks and the
 * XTTYPE_* sub-parser, all keyed by option id with the canonical entry (its flags and its name) as libxtables does.
 */
export function x6Parse(cb: OptionCall, ids: OptIds): { entry: OptionSpec; id: number; val: OptValue } {
  const id = ids[cb.opt.name];
  const entry = entryById(cb.ext, ids, id);
  const selfExcl = entry.excl?.some((n) => ids[n] === id) ?? false;
  const done = seenIds(cb.seen, ids);
  const ext = cb.ext.name;
  if ((!entry.multi || selfExcl) && done.has(id)) throw paramProblem(`${ext}: option "--${entry.name}" can only be used once.\n`);
  if (cb.invert && !entry.invert) throw paramProblem(`${ext}: option "--${entry.name}" cannot be inverted.\n`);
  if (entry.type !== 'none' && cb.arg === undefined) throw paramProblem(`${ext}: option "--${entry.name}" requires an argument.\n`);
  const val = entry.type === 'portrc' ? parsePortRc(ext, entry.name, cb.arg ?? '') : parseTyped(cb.ext, entry, cb.arg, cb.ctx);
  return { entry, id, val };
}

/** xtables_options_fcheck() keyed by option id: mandatory, also-requires and exclusions, in option-table order. */
export function x6FinalCheck(fc: FinalCall, ids: OptIds): void {
  const done = seenIds(fc.seen, ids);
  const allIds = [...new Set(Object.values(ids))].sort((a, b) => a - b);
  const ext = fc.ext.name;
  for (const entry of fc.ext.options) {
    const id = ids[entry.name];
    if (entry.mand && !done.has(id)) throw paramProblem(`${ext}: option "--${entry.name}" must be specified\n`);
    if (!done.has(id)) continue;
    for (const i of allIds) {
      if (i === id) continue;
      if (entry.also?.some((n) => ids[n] === i) && !done.has(i)) {
        throw paramProblem(`${ext}: option "--${entry.name}" also requires "--${entryById(fc.ext, ids, i).name}".\n`);
      }
      if (entry.excl?.some((n) => ids[n] === i) && done.has(i)) {
        throw paramProblem(`${ext}: option "--${entry.name}" cannot be used together with "--${entryById(fc.ext, ids, i).name}".\n`);
      }
    }
  }
}

/** Whether any option with this id was given. */
export function seenId(seen: ReadonlySet<string>, ids: OptIds, id: number): boolean {
  return seenIds(seen, ids).has(id);
}

// ---------- ports ----------

/** getaddrinfo()'s protocol order when no hints are given (glibc gaih_inet_typeproto). */
const GAI_PROTOS = ['tcp', 'udp', 'dccp', 'udplite', 'sctp'];

/**
 * xtables_getportbyname(): getaddrinfo(NULL, name). glibc takes strtoul(name, 10) when the whole string is numeric
 * (leading blanks and a sign allowed; the int is truncated to 16 bits by htons), a negative value or any trailing
 * character makes it a service name looked up for tcp, udp, dccp, udplite and sctp. -1 when nothing resolves.
 */
export function getPortByName(name: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(name);
  if (m || /^[ \t\n\v\f\r]*[+-]?$/.test(name)) {
    let v = m ? BigInt(m[2]) : 0n;
    const U64 = (1n << 64n) - 1n;
    if (v > U64) v = U64;
    if (m && m[1] === '-') v = (U64 + 1n - v) & U64;
    const asInt = BigInt.asIntN(32, v);
    if (asInt >= 0n) return Number(asInt & 0xffffn);
  }
  for (const p of GAI_PROTOS) {
    const port = getServByName(name, p);
    if (port !== undefined) return port;
  }
  return -1;
}

/** xtopt_parse_mport() (XTTYPE_PORTRC): up to two ':'-separated ports, empty parts keep the defaults 0 / 65535. */
export function parsePortRc(ext: string, optName: string, arg: string): OptValue {
  const parts = arg.split(':');
  const v: [number, number] = [0, 0xffff];
  let n = 0;
  for (const part of parts) {
    if (n === 2) throw paramProblem(`${ext}: Too many components for option "--${optName}" (max: 2)\n`);
    if (part !== '') {
      const p = getPortByName(part);
      if (p < 0) throw paramProblem(`Port "${part}" does not resolve to anything.\n`);
      v[n] = p;
    }
    n++;
  }
  if (n === 1) v[1] = v[0];
  return { t: 'portrange', v, n };
}

// ---------- udp ----------

export interface UdpData {
  spts: [number, number];
  dpts: [number, number];
  invSrc?: boolean;
  invDst?: boolean;
}

const O_SOURCE_PORT = 0;
const O_DEST_PORT = 1;
const IDS: OptIds = { 'source-port': O_SOURCE_PORT, sport: O_SOURCE_PORT, 'destination-port': O_DEST_PORT, dport: O_DEST_PORT };

const d = (inst: ExtInstance | { data: Record<string, unknown> }) => inst.data as unknown as UdpData;
const FULL = (r: [number, number]) => r[0] === 0 && r[1] === 0xffff;

/** udp_all_zero(): no ports and no inversion (nft keeps such a match as an xt compat match). */
function allZero(u: UdpData): boolean {
  return FULL(u.spts) && FULL(u.dpts) && !u.invSrc && !u.invDst;
}


function parse(cb: OptionCall): void {
  const { id, val } = x6Parse(cb, IDS);
  const u = cb.data as unknown as UdpData;
  if (val.t !== 'portrange') return;
  // XTOPT_PUT copies the components given; the omitted ones keep their defaults 0 / 65535, as in val
  if (id === O_SOURCE_PORT) u.spts = [val.v[0], val.v[1]];
  else u.dpts = [val.v[0], val.v[1]];
  if (cb.invert) {
    if (id === O_SOURCE_PORT) u.invSrc = true;
    else u.invDst = true;
  }
}

/** udp matches of a rule being built that nft turns into payload expressions */
const nativeUdp = new WeakMap<Rule, UdpData[]>();

function protoIsUdp(rule: Rule | undefined): boolean {
  return rule?.proto?.num === 17 && !rule.proto.invert;
}

const udp: ExtensionDef = {
  kind: 'match',
  name: 'udp',
  revision: 0,
  rawOptions: true,
  options: [
    { name: 'source-port', type: 'portrc', invert: true },
    { name: 'sport', type: 'portrc', invert: true },
    { name: 'destination-port', type: 'portrc', invert: true },
    { name: 'dport', type: 'portrc', invert: true },
  ],
  init(data) {
    data.spts = [0, 0xffff];
    data.dpts = [0, 0xffff];
  },
  parse,
  finalCheck(fc) {
    x6FinalCheck(fc, IDS);
    const u = d(fc);
    if (fc.ctx.flavor !== 'nft' || allZero(u)) return;
    // add_nft_udp(): ports become native payload expressions, which need the protocol (inversion is not looked at)
    if (fc.ctx.proto?.num !== 17) throw paramProblem("UDP match requires '-p udp'");
    // nft reads all udp payload compares of a rule back into one udp match: a second native udp match is merged
    const natives = nativeUdp.get(fc.ctx.rule) ?? [];
    natives.push(u);
    nativeUdp.set(fc.ctx.rule, natives);
    if (natives.length > 1) throw paramProblem('unsupported: iptables-nft merges several udp matches with ports of one rule into one');
    const s = nftPortRoundTrip(u.spts, u.invSrc);
    const t = nftPortRoundTrip(u.dpts, u.invDst);
    if (FULL(s.r) && FULL(t.r)) {
      throw paramProblem('unsupported: iptables-nft drops a udp match that only inverts full port ranges (the rule keeps no udp match)');
    }
    u.spts = s.r;
    u.dpts = t.r;
    if (s.inv) u.invSrc = true;
    else if ('invSrc' in u) delete u.invSrc;
    if (t.inv) u.invDst = true;
    else if ('invDst' in u) delete u.invDst;
  },
  save(inst) {
    const u = d(inst);
    return savePorts('sport', u.spts, u.invSrc) + savePorts('dport', u.dpts, u.invDst);
  },
  print(inst, ctx) {
    const u = d(inst);
    return ' udp' + listPorts('spt', u.spts, !!u.invSrc, ctx.numeric, 'udp') + listPorts('dpt', u.dpts, !!u.invDst, ctx.numeric, 'udp');
  },
  // udp_mt() of xt_tcpudp.c: no header in a non-first fragment (false), then each port range with its own inversion
  match(inst, env) {
    const u = d(inst);
    const p = env.pkt;
    if (p.proto !== PROTO_UDP || p.fragment) return false;
    return portMatch(u.spts, p.sport, u.invSrc) && portMatch(u.dpts, p.dport, u.invDst);
  },
  l4Test(inst) {
    const u = d(inst);
    return { proto: PROTO_UDP, sLo: u.spts[0], sHi: u.spts[1], sInv: !!u.invSrc, dLo: u.dpts[0], dHi: u.dpts[1], dInv: !!u.invDst, flgMask: 0, flgCmp: 0, flgInv: false };
  },
  whyNot(inst, env) {
    const u = d(inst);
    const p = env.pkt;
    if (p.proto !== PROTO_UDP) return `not udp (proto ${p.proto})`;
    if (p.fragment) return 'non-first fragment: no udp header';
    if (!portMatch(u.spts, p.sport, u.invSrc)) return portWhy('sport', u.spts, p.sport, u.invSrc);
    return portWhy('dport', u.dpts, p.dport, u.invDst);
  },
  kernelRefuses(inst, where) {
    // xt_udp has .proto = IPPROTO_UDP: legacy always, nft only when the match stays an xt compat match
    if (where.flavor === 'nft' && !allZero(d(inst))) return false;
    return !protoIsUdp(where.rule);
  },
};

export default udp;
