// -m tcp (libxt_tcp.c, old-style parser): ports, --tcp-flags/--syn, --tcp-option.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { parsePort, portToName } from '../../values/ports.js';
import { xtStrtoui } from '../../values/numbers.js';
import type { ExtensionDef, MatchResult, OptionCall, PacketEnv } from '../types.js';
import { PROTO_TCP } from '../../model/packet.js';
import { inRange } from '../match-semantics.js';

export interface TcpData {
  spts: [number, number];
  dpts: [number, number];
  option: number;
  flgMask: number;
  flgCmp: number;
  invSrc?: boolean;
  invDst?: boolean;
  invFlags?: boolean;
  invOption?: boolean;
}

export const TCP_FLAG_NAMES: readonly [string, number][] = [
  ['FIN', 0x01], ['SYN', 0x02], ['RST', 0x04], ['PSH', 0x08], ['ACK', 0x10], ['URG', 0x20], ['ALL', 0x3f], ['NONE', 0],
];

/** parse_tcp_ports()-style "port[:port]" with services resolved for proto; shared with udp/sctp/dccp. */
export function parsePortRange(s: string, proto: string): [number, number] {
  const colon = s.indexOf(':');
  if (colon < 0) {
    const p = parsePort(s, proto);
    return [p, p];
  }
  const a = s.slice(0, colon);
  const b = s.slice(colon + 1);
  const lo = a ? parsePort(a, proto) : 0;
  const hi = b ? parsePort(b, proto) : 0xffff;
  if (lo > hi) throw paramProblem('invalid portrange (min > max)');
  return [lo, hi];
}

export function parseTcpFlagList(flags: string): number {
  let ret = 0;
  for (const word of flags.split(',').filter((w) => w !== '')) {
    const f = TCP_FLAG_NAMES.find(([n]) => n.toLowerCase() === word.toLowerCase());
    if (!f) throw paramProblem(`Unknown TCP flag \`${word}'`);
    ret |= f[1];
  }
  return ret;
}

export function tcpFlagsText(flags: number): string {
  const out: string[] = [];
  while (flags) {
    const f = TCP_FLAG_NAMES.find(([, v]) => (flags & v) !== 0)!;
    out.push(f[0]);
    flags &= ~f[1];
  }
  return out.length ? out.join(',') : 'NONE';
}

/** print_ports() of libxt_tcp/libxt_udp -L text */
export function listPorts(name: string, range: [number, number], invert: boolean, numeric: boolean, proto: string): string {
  const [min, max] = range;
  if (min === 0 && max === 0xffff && !invert) return '';
  const inv = invert ? '!' : '';
  if (min === max) return ` ${name}:${inv}${portToName(min, proto, numeric)}`;
  return ` ${name}s:${inv}${portToName(min, proto, numeric)}:${portToName(max, proto, numeric)}`;
}

/** save of one port range: " [!] --dport a[:b]" */
export function savePorts(opt: string, range: [number, number], invert: boolean | undefined): string {
  if (range[0] === 0 && range[1] === 0xffff) return '';
  return `${invert ? ' !' : ''} --${opt} ${range[0] === range[1] ? range[0] : `${range[0]}:${range[1]}`}`;
}

const d = (inst: ExtInstance) => inst.data as unknown as TcpData;
const FULL = (r: [number, number]) => r[0] === 0 && r[1] === 0xffff;

/**
 * What iptables-nft's add_nft_tcpudp() + its parser give back (shared by tcp and udp): an inverted full range is
 * dropped, and an inverted "0:hi" range becomes a "gt hi" compare that reads back as the plain range hi+1:65535.
 */
export function nftPortRoundTrip(r: [number, number], inv: boolean | undefined): { r: [number, number]; inv: boolean } {
  if (FULL(r)) return { r, inv: false };
  if (inv && r[0] === 0 && r[1] !== r[0]) return { r: [r[1] + 1, 0xffff], inv: false };
  return { r, inv: !!inv };
}

/** port_match() of xt_tcpudp.c: (min <= port <= max) ^ invert, each range inverted on its own. */
export function portMatch(r: readonly [number, number], port: number, inv: boolean | undefined): boolean {
  return inRange(port, r[0], r[1]) !== !!inv;
}

/** "dport 443 ≠ 80", "sport 22 in 1024:65535" style text for a port range that failed */
export function portWhy(what: string, r: readonly [number, number], port: number, inv: boolean | undefined): string {
  const want = r[0] === r[1] ? `${r[0]}` : `${r[0]}:${r[1]}`;
  if (inv) return `${what} ${port} ${r[0] === r[1] ? '=' : 'in'} ${want} (inverted)`;
  return `${what} ${port} ${r[0] === r[1] ? '≠' : 'not in'} ${want}`;
}

/** tcp_mt() of xt_tcpudp.c */
function tcpMatch(inst: ExtInstance, env: PacketEnv): MatchResult {
  const t = d(inst);
  const p = env.pkt;
  // the rule's -p tcp guarantees the protocol in the kernel; a non-first fragment has no tcp header: false
  if (p.proto !== PROTO_TCP || p.fragment) return false;
  if (!portMatch(t.spts, p.sport, t.invSrc)) return false;
  if (!portMatch(t.dpts, p.dport, t.invDst)) return false;
  if (((p.tcpFlags & t.flgMask) === t.flgCmp) === !!t.invFlags) return false;
  if (t.option) return env.undecided(`tcp --tcp-option ${t.option}: the packet's tcp options are not modelled`);
  return true;
}

function tcpWhyNot(inst: ExtInstance, env: PacketEnv): string {
  const t = d(inst);
  const p = env.pkt;
  if (p.proto !== PROTO_TCP) return `not tcp (proto ${p.proto})`;
  if (p.fragment) return 'non-first fragment: no tcp header';
  if (!portMatch(t.spts, p.sport, t.invSrc)) return portWhy('sport', t.spts, p.sport, t.invSrc);
  if (!portMatch(t.dpts, p.dport, t.invDst)) return portWhy('dport', t.dpts, p.dport, t.invDst);
  const got = tcpFlagsText(p.tcpFlags & t.flgMask & 0x3f);
  return `flags ${got} of ${tcpFlagsText(t.flgMask)} ${t.invFlags ? '=' : '≠'} ${tcpFlagsText(t.flgCmp)}${t.invFlags ? ' (inverted)' : ''}`;
}

function parse(cb: OptionCall): void {
  const data = cb.data as unknown as TcpData;
  const seen = cb.seen;
  const arg = cb.arg ?? '';
  switch (cb.opt.name) {
    case 'source-port': case 'sport':
      if (seen.has('source-port') || seen.has('sport')) throw paramProblem("Only one `--source-port' allowed");
      data.spts = parsePortRange(arg, 'tcp');
      if (cb.invert) data.invSrc = true;
      break;
    case 'destination-port': case 'dport':
      if (seen.has('destination-port') || seen.has('dport')) throw paramProblem("Only one `--destination-port' allowed");
      data.dpts = parsePortRange(arg, 'tcp');
      if (cb.invert) data.invDst = true;
      break;
    case 'syn': case 'tcp-flags': {
      if (seen.has('syn') || seen.has('tcp-flags')) throw paramProblem("Only one of `--syn' or `--tcp-flags'  allowed");
      let mask = 'SYN,RST,ACK,FIN';
      let cmp = 'SYN';
      if (cb.opt.name === 'tcp-flags') {
        const next = cb.peekArg();
        if (next === undefined || next[0] === '-' || next[0] === '!') throw paramProblem('--tcp-flags requires two args.');
        mask = arg;
        cmp = next;
      }
      data.flgMask = parseTcpFlagList(mask);
      data.flgCmp = parseTcpFlagList(cmp);
      if (cb.invert) data.invFlags = true;
      if (cb.opt.name === 'tcp-flags') cb.consumeArg();
      break;
    }
    case 'tcp-option': {
      if (seen.has('tcp-option')) throw paramProblem("Only one `--tcp-option' allowed");
      const n = xtStrtoui(arg, 1, 255);
      if (n === undefined) throw paramProblem(`Bad TCP option "${arg}"`);
      data.option = n;
      if (cb.invert) data.invOption = true;
      break;
    }
  }
}

const tcp: ExtensionDef = {
  kind: 'match',
  name: 'tcp',
  revision: 0,
  rawOptions: true,
  options: [
    { name: 'source-port', type: 'string', multi: true },
    { name: 'sport', type: 'string', multi: true },
    { name: 'destination-port', type: 'string', multi: true },
    { name: 'dport', type: 'string', multi: true },
    { name: 'syn', type: 'none', multi: true },
    { name: 'tcp-flags', type: 'string', multi: true },
    { name: 'tcp-option', type: 'string', multi: true },
  ],
  init(data) {
    // stores, not Object.assign with a literal: this runs for every tcp match of a restore
    data.spts = [0, 0xffff];
    data.dpts = [0, 0xffff];
    data.option = 0;
    data.flgMask = 0;
    data.flgCmp = 0;
  },
  parse,
  finalCheck(fc) {
    const t = fc.data as unknown as TcpData;
    const native = !(FULL(t.spts) && FULL(t.dpts) && !t.invSrc && !t.invDst) || t.flgMask !== 0 || !!t.invFlags;
    if (fc.ctx.flavor !== 'nft' || !native) return;
    // add_nft_tcpudp()/add_nft_tcpflags(): native payload matches need the protocol
    if (fc.ctx.proto?.num !== 6) throw paramProblem("TCP match requires '-p tcp'");
    const s = nftPortRoundTrip(t.spts, t.invSrc);
    const p = nftPortRoundTrip(t.dpts, t.invDst);
    t.spts = s.r;
    t.dpts = p.r;
    // (a delete of a missing property still costs a runtime call)
    if (s.inv) t.invSrc = true;
    else if ('invSrc' in t) delete t.invSrc;
    if (p.inv) t.invDst = true;
    else if ('invDst' in t) delete t.invDst;
  },
  kernelRefuses(inst, where) {
    // xt_tcp has .proto = IPPROTO_TCP; on nft only a match left as an xt compat expression reaches that check
    const t = d(inst);
    const native = !(FULL(t.spts) && FULL(t.dpts) && !t.invSrc && !t.invDst) || t.flgMask !== 0 || !!t.invFlags;
    if (where.flavor === 'nft' && native) return false;
    return !(where.rule?.proto?.num === 6 && !where.rule.proto.invert);
  },
  save(inst) {
    const t = d(inst);
    let out = savePorts('sport', t.spts, t.invSrc) + savePorts('dport', t.dpts, t.invDst);
    if (t.option || t.invOption) out += `${t.invOption ? ' !' : ''} --tcp-option ${t.option}`;
    if (t.flgMask || t.invFlags) out += `${t.invFlags ? ' !' : ''} --tcp-flags ${tcpFlagsText(t.flgMask)} ${tcpFlagsText(t.flgCmp)}`;
    return out;
  },
  print(inst, ctx) {
    const t = d(inst);
    let out = ' tcp';
    out += listPorts('spt', t.spts, !!t.invSrc, ctx.numeric, 'tcp');
    out += listPorts('dpt', t.dpts, !!t.invDst, ctx.numeric, 'tcp');
    if (t.option || t.invOption) out += ` option=${t.invOption ? '!' : ''}${t.option}`;
    if (t.flgMask || t.invFlags) {
      out += ` flags:${t.invFlags ? '!' : ''}`;
      if (ctx.numeric) out += `0x${t.flgMask.toString(16).toUpperCase().padStart(2, '0')}/0x${t.flgCmp.toString(16).toUpperCase().padStart(2, '0')}`;
      else out += `${tcpFlagsText(t.flgMask)}/${tcpFlagsText(t.flgCmp)}`;
    }
    return out;
  },
  match: tcpMatch,
  whyNot: tcpWhyNot,
  l4Test(inst) {
    const t = d(inst);
    if (t.option) return undefined;
    return { proto: PROTO_TCP, sLo: t.spts[0], sHi: t.spts[1], sInv: !!t.invSrc, dLo: t.dpts[0], dHi: t.dpts[1], dInv: !!t.invDst, flgMask: t.flgMask, flgCmp: t.flgCmp, flgInv: !!t.invFlags };
  },
};

export default tcp;
