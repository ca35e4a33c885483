// NAT as nf_nat_core.c does it: a NAT target's range becomes a mapping of the connection's tuple
// (get_unique_tuple: find_best_ips_proto's jhash choice of address, keep the port when it is in range and unused,
// else nf_nat_l4proto_unique_tuple), recorded in the reply tuple; every packet of the connection is then rewritten
// at the hooks of its manip type (nf_nat_packet), replies in reverse.
import { PROTO_ICMP, PROTO_ICMPV6, PROTO_TCP, PROTO_UDP, PROTO_SCTP, type Addr, type Connection, type Packet, type Tuple } from '../model/packet.js';
import type { NatRequest } from '../extensions/types.js';
import { ICMP_ERRORS, ICMPV6_ERRORS, invertTuple, type Conntrack } from './conntrack.js';
import { be32AsHost, jhash2, reciprocalScale } from './jhash.js';

export type Manip = 'SRC' | 'DST';

const hasPorts = (proto: number) => proto === PROTO_TCP || proto === PROTO_UDP || proto === PROTO_SCTP || proto === 33 || proto === 136;

/** address words as the kernel's u32 view of nf_inet_addr on a little-endian host */
function addrWords(a: Addr): number[] {
  if (typeof a === 'number') return [be32AsHost(a), 0, 0, 0];
  const w: number[] = [];
  for (let i = 3; i >= 0; i--) w.push(be32AsHost(Number((a >> BigInt(i * 32)) & 0xffffffffn)));
  return w;
}

function wordsToAddr(words: number[], v4: boolean): Addr {
  if (v4) return words[0] >>> 0;
  let r = 0n;
  for (const w of words) r = (r << 32n) | BigInt(w >>> 0);
  return r;
}

/** find_best_ips_proto(): pick the address in [min, max] for this connection */
export function bestAddress(tuple: Tuple, min: Addr, max: Addr, persistent: boolean): Addr {
  if (min === max) return min;
  const v4 = typeof min === 'number';
  const srcWords = addrWords(tuple.src);
  const dstWords = addrWords(tuple.dst);
  const maxIdx = v4 ? 0 : 3;
  let j = jhash2(srcWords, persistent ? 0 : dstWords[maxIdx]);
  // min/max as host-order u32 per word (ntohl of the stored big-endian words)
  const minW = v4 ? [min as number] : split128(min as bigint);
  const maxW = v4 ? [max as number] : split128(max as bigint);
  const out: number[] = [];
  let full = false;
  for (let i = 0; i <= maxIdx; i++) {
    let lo: number;
    let dist: number;
    if (!full) {
      lo = minW[i];
      dist = (maxW[i] - lo + 1) >>> 0;
    } else {
      lo = 0;
      dist = 0xffffffff;
    }
    out.push((lo + reciprocalScale(j, dist)) >>> 0);
    if (out[i] !== maxW[i]) full = true;
    if (!persistent) j = (j ^ dstWords[i]) >>> 0;
  }
  return wordsToAddr(out, v4);
}

function split128(a: bigint): number[] {
  return [3, 2, 1, 0].map((i) => Number((a >> BigInt(i * 32)) & 0xffffffffn));
}

export interface NatContext {
  conntrack: Conntrack;
  random32(): number;
  /** the address MASQUERADE/REDIRECT resolved (undefined: none → the target drops) */
  resolvedAddr?: Addr;
}

/** The current "translated original" tuple of ct (what the reply tuple says the original looks like after NAT). */
export function translatedOrig(ct: Connection): Tuple {
  return invertTuple(ct.reply);
}

const isIcmp = (proto: number): boolean => proto === PROTO_ICMP || proto === PROTO_ICMPV6;

/** the port a manip changes: the icmp id, else the source port (SRC) or destination port (DST) */
function portOf(x: Tuple, isSrc: boolean): number {
  return isIcmp(x.proto) || isSrc ? x.sport : x.dport;
}

function setPort(x: Tuple, isSrc: boolean, p: number): void {
  if (isIcmp(x.proto) || isSrc) x.sport = p;
  else x.dport = p;
}

/** nf_nat_used_tuple(): is cand's reply already some other connection's tuple */
function used(ctx: NatContext, cand: Tuple, ct: Connection): boolean {
  return ctx.conntrack.inverseUsed(cand, ct);
}

/**
 * get_unique_tuple() for one manip: returns the new translated-original tuple, or undefined when no tuple is free.
 * req addresses are already resolved (MASQUERADE/REDIRECT: ctx.resolvedAddr).
 */
export function mapTuple(ct: Connection, manip: Manip, req: NatRequest, ctx: NatContext): Tuple | undefined {
  const t = translatedOrig(ct);
  const isSrc = manip === 'SRC';
  let minA = req.minAddr;
  let maxA = req.maxAddr;
  if (ctx.resolvedAddr !== undefined) minA = maxA = ctx.resolvedAddr;
  if (req.kind === 'NETMAP' && minA !== undefined && req.netmapMask !== undefined) {
    const orig = isSrc ? t.src : t.dst;
    const m = req.netmapMask;
    const mapped = typeof orig === 'number' ? (((orig & ~(m as number)) | ((minA as number) & (m as number))) >>> 0) : ((orig as bigint) & ~(m as bigint) & ((1n << 128n) - 1n)) | ((minA as bigint) & (m as bigint));
    if (isSrc) t.src = mapped;
    else t.dst = mapped;
  } else if (minA !== undefined && maxA !== undefined) {
    const a = bestAddress(t, minA, maxA, !!req.persistent);
    if (isSrc) t.src = a;
    else t.dst = a;
  }
  const random = !!(req.random || req.randomFully);
  const l4 = hasPorts(t.proto) || isIcmp(t.proto);
  const specified = req.minPort !== undefined && l4;
  const offset = req.portOffsetBase !== undefined && specified;
  if (!random && !offset) {
    if (specified) {
      const p = portOf(t, isSrc);
      if (p >= req.minPort! && p <= req.maxPort! && (req.minPort === req.maxPort || !used(ctx, t, ct))) return t;
    } else if (!used(ctx, t, ct)) return t;
  }
  if (!l4) return used(ctx, t, ct) ? undefined : t;
  // nf_nat_l4proto_unique_tuple()
  let min: number;
  let size: number;
  const icmp = isIcmp(t.proto);
  if (icmp) {
    min = specified ? req.minPort! : 0;
    size = specified ? req.maxPort! - req.minPort! + 1 : 0x10000;
  } else if (specified) {
    min = req.minPort!;
    size = req.maxPort! - req.minPort! + 1;
  } else {
    if (!isSrc) return t;
    const p = portOf(t, isSrc);
    if (p < 1024) {
      if (p < 512) { min = 1; size = 511; } else { min = 600; size = 424; }
    } else { min = 1024; size = 65535 - 1024 + 1; }
  }
  // NF_NAT_RANGE_PROTO_OFFSET: the port keeps its distance from the base port; else random for SRC manips and
  // --random, the range start for DST
  let off = offset ? (portOf(t, isSrc) - req.portOffsetBase!) & 0xffff : random || isSrc ? ctx.random32() & 0xffff : 0;
  if (icmp && !random && !offset) off = 0;
  for (let tries = 0; tries < Math.min(size, 4096); tries++, off++) {
    setPort(t, isSrc, min + (off % size));
    if (!used(ctx, t, ct)) return t;
  }
  return undefined;
}

/** Record the mapping in the connection (nf_nat_setup_info). */
export function commitMapping(ct: Connection, manip: Manip, t: Tuple): void {
  // the current translated original is invertTuple(ct.reply): its source is the reply's destination and so on (its
  // port for the manip: the icmp id stays in sport, a port swaps sides)
  const r = ct.reply;
  const icmp = isIcmp(r.proto);
  // (a DST manip never moves an icmp tuple's type/code: only the address can change there)
  const changed = manip === 'SRC' ? r.dst !== t.src || (icmp ? r.sport : r.dport) !== t.sport : r.src !== t.dst || (!icmp && r.sport !== t.dport);
  ct.reply = invertTuple(t);
  if (manip === 'SRC') {
    ct.srcNatDone = true;
    if (changed) ct.srcNat = true;
  } else {
    ct.dstNatDone = true;
    if (changed) ct.dstNat = true;
  }
}

/** nf_nat_packet(): rewrite the packet for the manip done at this hook, in the packet's direction. */
export function natPacket(ct: Connection, manip: Manip, reply: boolean, p: Packet): boolean {
  // which status bit applies: SRC manip on originals needs IPS_SRC_NAT, on replies IPS_DST_NAT (and vice versa)
  const active = manip === 'SRC' ? (reply ? ct.dstNat : ct.srcNat) : (reply ? ct.srcNat : ct.dstNat);
  if (!active) return false;
  // the target tuple is the inverse of the other direction's tuple: read from it without building the inverse (its
  // source is the other tuple's destination; a port swaps sides, an icmp id stays in sport)
  const other = reply ? ct.orig : ct.reply;
  // an icmp error RELATED to ct: nf_nat_icmp_reply_translation rewrites the outer addresses (the quoted inner
  // header, not modelled, is rewritten too); its own id/type are not the connection's
  const icmpError = (p.proto === PROTO_ICMP && ICMP_ERRORS.has(p.icmpType)) || (p.proto === PROTO_ICMPV6 && ICMPV6_ERRORS.has(p.icmpType));
  if (icmpError) {
    if (manip === 'SRC') p.src = other.dst;
    else p.dst = other.src;
    return true;
  }
  const icmp = p.proto === PROTO_ICMP || p.proto === PROTO_ICMPV6;
  const otherIcmp = isIcmp(other.proto);
  if (manip === 'SRC') {
    p.src = other.dst;
    if (icmp) p.icmpId = otherIcmp ? other.sport : other.dport;
    else if (hasPorts(p.proto)) p.sport = otherIcmp ? other.sport : other.dport;
  } else {
    p.dst = other.src;
    if (icmp) p.icmpId = otherIcmp ? other.sport : other.dport;
    else if (hasPorts(p.proto)) p.dport = other.sport;
  }
  return true;
}
