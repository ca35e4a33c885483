// Connection tracking as nf_conntrack_core does it for one packet at a time: tuple lookup in both directions,
// ctinfo (NEW / ESTABLISHED / RELATED / INVALID), the per-protocol "can this packet start a connection" checks
// (nf_conntrack_proto_tcp.c tcp_new, icmp_new), unconfirmed entries that only enter the table at confirmation,
// and the tcp state progression for the CT lines.
import {
  PROTO_ICMP, PROTO_ICMPV6, PROTO_TCP, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN,
  type Connection, type CtState, type Packet, type Tuple,
} from '../model/packet.js';
import type { Family } from '../values/addr.js';

/** icmp request type → reply type (nf_conntrack_proto_icmp.c invmap); only requests may start a connection */
const ICMP_INVERSE: Record<number, number> = { 8: 0, 13: 14, 15: 16, 17: 18, 0: 8, 14: 13, 16: 15, 18: 17 };
const ICMP_REQUESTS = new Set([8, 13, 15, 17]);
const ICMPV6_INVERSE: Record<number, number> = { 128: 129, 129: 128, 139: 140, 140: 139 };
const ICMPV6_REQUESTS = new Set([128, 139]);
/** icmp error types (their payload is the offending packet: RELATED to its connection) */
export const ICMP_ERRORS = new Set([3, 4, 5, 11, 12]);
export const ICMPV6_ERRORS = new Set([1, 2, 3, 4]);

export function packetTuple(p: Packet): Tuple {
  if (p.proto === PROTO_ICMP || p.proto === PROTO_ICMPV6) {
    // the kernel keeps type/code in dst.u.icmp and the id in src.u.icmp.id
    return { proto: p.proto, src: p.src, dst: p.dst, sport: p.icmpId, dport: (p.icmpType << 8) | p.icmpCode };
  }
  return { proto: p.proto, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport };
}

export function invertTuple(t: Tuple): Tuple {
  if (t.proto === PROTO_ICMP || t.proto === PROTO_ICMPV6) {
    const type = t.dport >> 8;
    const inv = (t.proto === PROTO_ICMP ? ICMP_INVERSE : ICMPV6_INVERSE)[type];
    return { proto: t.proto, src: t.dst, dst: t.src, sport: t.sport, dport: ((inv ?? type) << 8) | (t.dport & 0xff) };
  }
  return { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

export const tupleKey = (t: Tuple): string => `${t.proto}|${t.src}|${t.sport}|${t.dst}|${t.dport}`;

function addrHash(a: number | bigint): number {
  if (typeof a === 'number') return a | 0;
  return (Number(a & 0xffffffffn) ^ Math.imul(Number((a >> 32n) & 0xffffffffn), 0x9e3779b1) ^ Math.imul(Number((a >> 64n) & 0xffffffffn), 0x85ebca6b) ^ Number(a >> 96n)) | 0;
}

/** a cheap 32-bit hash of a tuple (no string keys: this is the per-packet hot path) */
function hashOf(proto: number, src: number | bigint, dst: number | bigint, sport: number, dport: number): number {
  let h = Math.imul(addrHash(src) ^ 0x27d4eb2f, 0x165667b1);
  h = Math.imul(h ^ addrHash(dst), 0x9e3779b1);
  h = Math.imul(h ^ ((sport << 16) | dport), 0x85ebca6b);
  return (h ^ proto ^ (h >>> 15)) | 0;
}

const tupleHash = (t: Tuple): number => hashOf(t.proto, t.src, t.dst, t.sport, t.dport);

/** a equals the inverse of t (t a tuple with ports) */
const swappedEquals = (a: Tuple, t: Tuple): boolean =>
  a.proto === t.proto && a.src === t.dst && a.dst === t.src && a.sport === t.dport && a.dport === t.sport;

/** TupleTable slot keys: 0 = empty, 1 = deleted; a tuple's hash is never either */
const EMPTY_KEY = 0;
const DELETED_KEY = 1;
const slotKey = (h: number): number => (h === EMPTY_KEY || h === DELETED_KEY ? 2 : h);

/**
 * Tuple → connection (nf_conntrack_hash): an open-addressing table of 32-bit tuple hashes (an Int32Array, linear
 * probing) beside the connections. A connection is indexed under each of its two tuples; which direction a tuple is
 * comes from comparing it with ct.orig (a connection's own two tuples differ: a tuple equal to its inverse cannot be
 * confirmed, its reply would clash with it). Compact on purpose: at kube-proxy batch scale the table has hundreds of
 * thousands of entries, and a lookup of an absent tuple — most lookups — reads one slot of the key array.
 */
class TupleTable {
  private keys = new Int32Array(1024);
  private vals: (Connection | undefined)[] = new Array<Connection | undefined>(1024).fill(undefined);
  private mask = 1023;
  /** slots in use, deleted ones included (the load that decides a resize) */
  private used = 0;

  /** the connection one of whose current tuples is t */
  get(t: Tuple): Connection | undefined {
    const h = slotKey(hashOf(t.proto, t.src, t.dst, t.sport, t.dport));
    const keys = this.keys;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === EMPTY_KEY) return undefined;
      if (k === h) {
        const ct = this.vals[i]!;
        if (tupleEquals(ct.orig, t) || tupleEquals(ct.reply, t)) return ct;
      }
    }
  }

  has(t: Tuple): boolean {
    return this.get(t) !== undefined;
  }

  /** get() of t with source and destination swapped (the inverse of a tuple with ports), without building it */
  getSwapped(t: Tuple): Connection | undefined {
    const h = slotKey(hashOf(t.proto, t.dst, t.src, t.dport, t.sport));
    const keys = this.keys;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === EMPTY_KEY) return undefined;
      if (k === h) {
        const ct = this.vals[i]!;
        if (swappedEquals(ct.orig, t) || swappedEquals(ct.reply, t)) return ct;
      }
    }
  }

  /** index ct under t (one of its tuples; never mutated afterwards: NAT replaces ct.reply with a new object) */
  set(t: Tuple, ct: Connection): void {
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    this.put(slotKey(tupleHash(t)), ct);
  }

  /** remove ct's entry under t (t: the tuple it was indexed under) */
  delete(t: Tuple, ct: Connection): void {
    const h = slotKey(tupleHash(t));
    const keys = this.keys;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === EMPTY_KEY) return;
      if (k === h && this.vals[i] === ct) {
        keys[i] = DELETED_KEY;
        this.vals[i] = undefined;
        return;
      }
    }
  }

  private put(h: number, ct: Connection): void {
    const keys = this.keys;
    const mask = this.mask;
    let i = h & mask;
    while (keys[i] !== EMPTY_KEY && keys[i] !== DELETED_KEY) i = (i + 1) & mask;
    if (keys[i] === EMPTY_KEY) this.used++;
    keys[i] = h;
    this.vals[i] = ct;
  }

  /** double the table (deleted slots are dropped) */
  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const size = oldKeys.length * 2;
    this.keys = new Int32Array(size);
    this.vals = new Array<Connection | undefined>(size).fill(undefined);
    this.mask = size - 1;
    this.used = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i];
      if (k !== EMPTY_KEY && k !== DELETED_KEY) this.put(k, oldVals[i]!);
    }
  }
}

export const tupleEquals = (a: Tuple, b: Tuple): boolean =>
  a.proto === b.proto && a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport;

/** What conntrack attached to a packet. */
export interface CtAttach {
  state: CtState;
  ct?: Connection;
  reply: boolean;
  /** why the packet is INVALID, for the trace */
  why?: string;
  /** this packet created ct (unconfirmed until it survives its last hook) */
  created?: boolean;
}

/** The tcp state machine's verdict for the first packet of a connection (tcp_new with nf_conntrack_tcp_loose=1). */
function tcpNewState(flags: number): string | undefined {
  if (flags & TCP_RST) return undefined;
  if (flags & TCP_SYN) return flags & TCP_ACK ? undefined : 'SYN_SENT';
  if (flags & TCP_FIN) return undefined;
  if (flags & TCP_ACK) return 'ESTABLISHED';
  return undefined;
}

/** A simplified tcp_conntracks[][] step for later packets (enough for the CT lines of a short session). */
function tcpNext(state: string, flags: number, reply: boolean): string {
  if (flags & TCP_RST) return 'CLOSE';
  if (flags & TCP_SYN) {
    if (flags & TCP_ACK) return reply && (state === 'SYN_SENT' || state === 'SYN_RECV') ? 'SYN_RECV' : state;
    return state === 'CLOSE' || state === 'TIME_WAIT' ? 'SYN_SENT' : state;
  }
  if (flags & TCP_FIN) {
    if (state === 'ESTABLISHED' || state === 'SYN_RECV') return 'FIN_WAIT';
    if (state === 'FIN_WAIT' || state === 'CLOSE_WAIT') return 'LAST_ACK';
    return state;
  }
  if (flags & TCP_ACK) {
    if (state === 'SYN_RECV' && !reply) return 'ESTABLISHED';
    if (state === 'FIN_WAIT') return 'CLOSE_WAIT';
    if (state === 'LAST_ACK') return 'TIME_WAIT';
  }
  return state;
}

export class Conntrack {
  /** confirmed connections by tuple key of either direction */
  private readonly byTuple = new TupleTable();
  readonly all: Connection[] = [];
  private nextId = 1;

  constructor(readonly family: Family) {}

  /** nf_conntrack_in(): resolve the packet's connection and ctinfo; new connections are returned unconfirmed */
  attach(p: Packet, now: number): CtAttach {
    const t = packetTuple(p);
    const ct0 = this.byTuple.get(t);
    if (ct0) {
      const ct = ct0;
      const reply = !tupleEquals(ct.orig, t);
      ct.lastSeen = now;
      if (reply) {
        ct.pktsReply++;
        ct.bytesReply += p.len;
      } else {
        ct.pktsOrig++;
        ct.bytesOrig += p.len;
      }
      if (reply) ct.seenReply = true;
      if (ct.tcpState) ct.tcpState = tcpNext(ct.tcpState, p.tcpFlags, reply);
      if (ct.seenReply && !reply && p.proto === PROTO_TCP && ct.tcpState === 'ESTABLISHED') ct.assured = true;
      const state: CtState = reply ? 'ESTABLISHED' : ct.seenReply ? 'ESTABLISHED' : 'NEW';
      return { state, ct, reply };
    }
    const icmp = p.proto === PROTO_ICMP || p.proto === PROTO_ICMPV6;
    if (icmp) {
      const errors = p.proto === PROTO_ICMP ? ICMP_ERRORS : ICMPV6_ERRORS;
      if (errors.has(p.icmpType)) {
        // icmp_error_message(): the error is RELATED to the connection of the packet it quotes. A packet spec has no
        // inner header, so the quoted packet is taken to be the newest connection's last packet towards the host the
        // error is sent back to (the error's destination sent it).
        const rel = this.relatedTo(p);
        if (rel) return { state: 'RELATED', ct: rel.ct, reply: rel.reply, why: `icmp error quoting connection #${rel.ct.id} (assumed: the spec has no inner header)` };
        return { state: 'INVALID', reply: false, why: 'icmp error without a tracked connection it refers to' };
      }
      const requests = p.proto === PROTO_ICMP ? ICMP_REQUESTS : ICMPV6_REQUESTS;
      if (!requests.has(p.icmpType)) return { state: 'INVALID', reply: false, why: `icmp type ${p.icmpType} cannot start a connection` };
    }
    let tcpState = '';
    if (p.proto === PROTO_TCP) {
      const s = tcpNewState(p.tcpFlags);
      if (!s) return { state: 'INVALID', reply: false, why: 'tcp flags cannot start a connection (tcp_new)' };
      tcpState = s;
    }
    const ct: Connection = {
      id: this.nextId++,
      family: this.family,
      orig: t,
      reply: invertTuple(t),
      seenReply: false,
      assured: false,
      srcNat: false,
      dstNat: false,
      srcNatDone: false,
      dstNatDone: false,
      mark: 0,
      tcpState,
      confirmed: false,
      created: now,
      lastSeen: now,
      pktsOrig: 1,
      pktsReply: 0,
      bytesOrig: p.len,
      bytesReply: 0,
    };
    return { state: 'NEW', ct, reply: false, created: true };
  }

  /** the newest confirmed connection one of whose packets p.dst sent (the host the error goes back to) */
  private relatedTo(p: Packet): { ct: Connection; reply: boolean } | undefined {
    for (let i = this.all.length - 1; i >= 0; i--) {
      const ct = this.all[i];
      // the quoted packet went in one direction; the error travels back to its sender (as addressed on either
      // side of a NAT) in the other direction
      if (ct.reply.dst === p.dst || ct.orig.src === p.dst) return { ct, reply: true };
      if (ct.orig.dst === p.dst || ct.reply.src === p.dst) return { ct, reply: false };
    }
    return undefined;
  }

  /** is this tuple the reply tuple of some other connection (nf_nat_used_tuple) */
  replyUsed(reply: Tuple, self?: Connection): boolean {
    const hit = this.byTuple.get(reply);
    return hit !== undefined && hit !== self;
  }

  /** replyUsed(invertTuple(t), self), without building the inverse for tcp/udp (the NAT port search asks this often) */
  inverseUsed(t: Tuple, self?: Connection): boolean {
    if (t.proto === PROTO_ICMP || t.proto === PROTO_ICMPV6) return this.replyUsed(invertTuple(t), self);
    const hit = this.byTuple.getSwapped(t);
    return hit !== undefined && hit !== self;
  }

  /** __nf_conntrack_confirm(): insert both directions */
  confirm(ct: Connection): boolean {
    if (ct.confirmed) return true;
    if (this.byTuple.has(ct.orig) || this.byTuple.has(ct.reply)) return false;
    ct.confirmed = true;
    this.byTuple.set(ct.orig, ct);
    this.byTuple.set(ct.reply, ct);
    this.all.push(ct);
    return true;
  }

  /** the reply tuple changed (NAT): re-key if already confirmed (never happens in the kernel; kept for safety) */
  rekey(ct: Connection, oldReply: Tuple): void {
    if (!ct.confirmed) return;
    this.byTuple.delete(oldReply, ct);
    this.byTuple.set(ct.reply, ct);
  }
}
