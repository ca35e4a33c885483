// ipset 7.17 commands on the emulated kernel state: the userspace parser (ipset.c ipset_parse_argv, lib/parse.c),
// the kernel's create/add/del/test/flush/destroy/rename/swap rules (ip_set_core.c) and the hash types' storage
// (ip_set_hash_gen.h: jhash2 buckets, deleted slots reused, buckets shrunk, table doubled), bitmap:port, list:set.
import type { Ipset, IpsetElem, IpsetPart, IpsetState, IpsetTypeName } from '../model/ipset.js';
import { IPSET_TYPE_NAMES, findIpset, ipsetMembers, newIpsetState } from '../model/ipset.js';
import type { Addr, Packet } from '../model/packet.js';
import type { IpSetView } from '../extensions/types.js';
import { parseIpsetLines } from '../syntax/ipset.js';
import { be32AsHost, jhash2 } from '../engine/jhash.js';
import { ICMPV6_NAMES, ICMP_NAMES, bucketExtSize, elemText, headerText, listAll, listSet, saveAll, saveSet } from '../render/ipset.js';
import { ipv4ToString, ipv6ToString, numericToIpv4, parseIpv6, prefixToMask4, prefixToMask6 } from '../values/addr.js';
import { getProtoByName, getServByName } from '../values/netdb.js';

export const IPSET_VERSION = 'v7.17';

/** An ipset error: `parameter` problems print the "Try `ipset help'" line and exit 2, the others exit 1. */
export class IpsetError extends Error {
  constructor(message: string, readonly parameter = false) {
    super(message);
  }
}
const syntax = (m: string) => new IpsetError(`Syntax error: ${m}`);

const REVISION: Record<IpsetTypeName, number> = {
  'hash:ip': 5, 'hash:net': 7, 'hash:ip,port': 6, 'hash:ip,port,ip': 6, 'hash:ip,port,net': 8, 'hash:net,port': 8,
  'bitmap:port': 3, 'list:set': 3,
};
/** dimension kinds per type */
const DIMS: Record<IpsetTypeName, readonly ('ip' | 'net' | 'port' | 'set')[]> = {
  'hash:ip': ['ip'], 'hash:net': ['net'], 'hash:ip,port': ['ip', 'port'], 'hash:ip,port,ip': ['ip', 'port', 'ip'],
  'hash:ip,port,net': ['ip', 'port', 'net'], 'hash:net,port': ['net', 'port'], 'bitmap:port': ['port'], 'list:set': ['set'],
};
const HAS_NOMATCH = new Set<IpsetTypeName>(['hash:net', 'hash:ip,port,net', 'hash:net,port']);
const AHASH_INIT_SIZE = 2;

export function ipsetDimension(type: IpsetTypeName): number {
  return type === 'list:set' ? 0 : DIMS[type].length;
}

// ---------------------------------------------------------------- elements: hashing and identity

const ipWords = (a: Addr): number[] =>
  typeof a === 'number'
    ? [be32AsHost(a)]
    : [96n, 64n, 32n, 0n].map((s) => be32AsHost(Number((a >> s) & 0xffffffffn)));
const portWord = (port: number) => ((port >> 8) & 0xff) | ((port & 0xff) << 8);

/** The u32 words of struct mtype_elem as jhash2 reads them on x86 (nomatch clear; packed nets store cidr - 1). */
function elemWords(set: Ipset, e: IpsetElem): number[] {
  const p = e.parts;
  const ip = (i: number) => ipWords((p[i] as { addr: Addr }).addr);
  const cidr = (i: number) => (p[i] as { cidr: number }).cidr;
  const pp = (i: number) => p[i] as { proto: number; port: number };
  switch (set.type) {
    case 'hash:ip': return ip(0);
    case 'hash:net': return [...ip(0), (cidr(0) << 24) >>> 0];
    case 'hash:ip,port': return [...ip(0), portWord(pp(1).port) | (pp(1).proto << 16)];
    case 'hash:ip,port,ip': return [...ip(0), ...ip(2), portWord(pp(1).port) | (pp(1).proto << 16)];
    case 'hash:ip,port,net': return [...ip(0), ...ip(2), (portWord(pp(1).port) | (((cidr(2) - 1) & 0x7f) << 16) | (pp(1).proto << 24)) >>> 0];
    case 'hash:net,port': return [...ip(0), (portWord(pp(1).port) | (pp(1).proto << 16) | (((cidr(0) - 1) & 0x7f) << 24)) >>> 0];
    default: return [];
  }
}

function partKey(p: IpsetPart): string {
  return p.kind === 'ip' ? `${p.addr}/${p.cidr}` : p.kind === 'port' ? `${p.proto}:${p.port}` : p.name;
}
const elemKey = (e: IpsetElem) => e.parts.map(partKey).join(',');

function bucketOf(set: Ipset, e: IpsetElem, bits = set.htableBits): number {
  return (jhash2(elemWords(set, e), set.initval) & (2 ** bits - 1)) >>> 0;
}

function countElems(set: Ipset): number {
  return ipsetMembers(set).length;
}

// ---------------------------------------------------------------- kernel: hash storage

/** mtype_resize(): a table twice as large (or more), filled in the old table's bucket and slot order. */
function resize(set: Ipset): void {
  const old = ipsetMembers(set);
  for (let bits = set.htableBits + 1; bits <= 32; bits++) {
    const buckets = new Map<number, { size: number; slots: (IpsetElem | undefined)[] }>();
    const step = bucketExtSize(set, AHASH_INIT_SIZE);
    let ext = 0;
    let ok = true;
    for (const e of old) {
      const k = bucketOf(set, e, bits);
      let m = buckets.get(k);
      if (!m) {
        buckets.set(k, (m = { size: AHASH_INIT_SIZE, slots: [] }));
        ext += step;
      } else if (m.slots.length >= m.size) {
        if (m.size >= set.bucketsize) { ok = false; break; }
        m.size += AHASH_INIT_SIZE;
        ext += step;
      }
      m.slots.push(e);
    }
    if (ok) {
      set.htableBits = bits;
      set.buckets = buckets;
      set.extSize = ext;
      return;
    }
  }
}

/** mtype_add(); `exist` = -exist (only the extensions are overwritten). */
function hashAdd(set: Ipset, e: IpsetElem, exist: boolean): void {
  for (;;) {
    const key = bucketOf(set, e);
    const elements = countElems(set);
    const forceadd = set.forceadd && elements >= set.maxelem;
    const n = set.buckets.get(key);
    if (!n) {
      if (elements >= set.maxelem) throw new IpsetError('Hash is full, cannot add more elements');
      set.buckets.set(key, { size: AHASH_INIT_SIZE, slots: [e] });
      set.extSize += bucketExtSize(set, AHASH_INIT_SIZE);
      return;
    }
    const id = elemKey(e);
    let j = -1;
    for (let i = 0; i < n.slots.length; i++) {
      const d = n.slots[i];
      if (!d) {
        if (j === -1) j = i;
        continue;
      }
      if (elemKey(d) === id) {
        if (exist) {
          n.slots[i] = e;
          return;
        }
        throw new IpsetError("Element cannot be added to the set: it's already added");
      }
    }
    if (j !== -1 || forceadd) {
      n.slots[j === -1 ? 0 : j] = e;
      return;
    }
    if (elements >= set.maxelem) throw new IpsetError('Hash is full, cannot add more elements');
    if (n.slots.length >= n.size) {
      if (n.size >= set.bucketsize) {
        resize(set);
        continue;
      }
      n.size += AHASH_INIT_SIZE;
      set.extSize += bucketExtSize(set, AHASH_INIT_SIZE);
    }
    n.slots.push(e);
    return;
  }
}

/** mtype_del(): the slot becomes a hole; an emptied bucket is freed, one with two holes or more is compacted. */
function hashDel(set: Ipset, e: IpsetElem): boolean {
  const key = bucketOf(set, e);
  const n = set.buckets.get(key);
  if (!n) return false;
  const id = elemKey(e);
  for (let i = 0; i < n.slots.length; i++) {
    const d = n.slots[i];
    if (!d || elemKey(d) !== id) continue;
    n.slots[i] = undefined;
    if (i + 1 === n.slots.length) n.slots.length--;
    let k = 0;
    for (const s of n.slots) if (!s) k++;
    // every used slot gone (k == n->pos): the bucket is freed
    if (k === n.slots.length) {
      set.buckets.delete(key);
      set.extSize -= bucketExtSize(set, n.size);
    } else if (k >= AHASH_INIT_SIZE) {
      set.buckets.set(key, { size: n.size - AHASH_INIT_SIZE, slots: n.slots.filter((x) => x) });
      set.extSize -= bucketExtSize(set, AHASH_INIT_SIZE);
    }
    return true;
  }
  return false;
}

function hashFind(set: Ipset, e: IpsetElem): IpsetElem | undefined {
  const n = set.buckets.get(bucketOf(set, e));
  const id = elemKey(e);
  return n?.slots.find((d) => d && elemKey(d) === id);
}

/** The prefixes present in a net dimension, most specific first (h->nets). */
function presentCidrs(set: Ipset, dim: number): number[] {
  const s = new Set<number>();
  for (const e of ipsetMembers(set)) s.add((e.parts[dim] as { cidr: number }).cidr);
  return [...s].sort((a, b) => b - a);
}

const maskAddr = (a: Addr, cidr: number): Addr =>
  typeof a === 'number' ? (a & prefixToMask4(cidr)) >>> 0 : (a as bigint) & prefixToMask6(cidr);

/**
 * mtype_test(): exact look-up, except that a host-sized net dimension is tried against every prefix in the set,
 * most specific first. Returns the matching element (maybe a nomatch one) or undefined.
 */
export function hashTest(set: Ipset, e: IpsetElem): IpsetElem | undefined {
  const netDim = DIMS[set.type].indexOf('net');
  if (netDim < 0) return hashFind(set, e);
  const p = e.parts[netDim] as { addr: Addr; cidr: number };
  const host = typeof p.addr === 'number' ? 32 : 128;
  if (p.cidr !== host) return hashFind(set, e);
  for (const c of presentCidrs(set, netDim)) {
    const parts = e.parts.slice();
    parts[netDim] = { kind: 'ip', addr: maskAddr(p.addr, c), cidr: c };
    const hit = hashFind(set, { parts });
    if (hit) return hit;
  }
  return undefined;
}

// ---------------------------------------------------------------- kernel: the other types

function bitmapAdd(set: Ipset, e: IpsetElem, exist: boolean): void {
  const port = (e.parts[0] as { port: number }).port;
  const i = set.members.findIndex((m) => (m.parts[0] as { port: number }).port >= port);
  if (i >= 0 && (set.members[i].parts[0] as { port: number }).port === port) {
    if (!exist) throw new IpsetError("Element cannot be added to the set: it's already added");
    set.members[i] = e;
    return;
  }
  set.members.splice(i < 0 ? set.members.length : i, 0, e);
}

/** Reference counts: list:set members plus what the caller knows (iptables rules). */
export function listSetRefs(state: IpsetState, name: string): number {
  let n = 0;
  for (const s of state.sets) if (s?.type === 'list:set') for (const m of s.members) if ((m.parts[0] as { name: string }).name === name) n++;
  return n;
}

// ---------------------------------------------------------------- userspace parsing of elements

function parseIp(s: string, v6: boolean): Addr {
  if (!v6) {
    const a = numericToIpv4(s);
    if (a === undefined || !/^[0-9.]+$/.test(s) || s.split('.').length !== 4) throw syntax(`cannot parse ${s}: resolving to IPv4 address failed`);
    return a >>> 0;
  }
  const a = parseIpv6(s);
  if (a === undefined) throw syntax(`cannot parse ${s}: resolving to IPv6 address failed`);
  return a;
}

/** IP[/CIDR] or FROM-TO (IPv4): the address, the prefix given and the range's end. */
function parseIpSpec(s: string, v6: boolean, allowRange: boolean, allowCidr: boolean): { addr: Addr; cidr?: number; to?: number } {
  const dash = v6 ? -1 : s.indexOf('-');
  if (dash > 0) {
    if (!allowRange) throw syntax(`plain IP address must be supplied: ${s}`);
    const a = parseIp(s.slice(0, dash), false) as number;
    const b = parseIp(s.slice(dash + 1), false) as number;
    return { addr: Math.min(a, b), to: Math.max(a, b) };
  }
  const slash = s.indexOf('/');
  if (slash >= 0) {
    if (!allowCidr) throw syntax(`plain IP address must be supplied: ${s}`);
    const addr = parseIp(s.slice(0, slash), v6);
    const c = s.slice(slash + 1);
    const cidr = /^\d+$/.test(c) ? Number(c) : NaN;
    if (!(cidr <= (v6 ? 128 : 32))) throw syntax(`cannot parse ${s}: CIDR is out of range`);
    return { addr, cidr };
  }
  return { addr: parseIp(s, v6) };
}

const PORT_PROTOS = new Set([6, 17, 132, 136]);

/** [PROTO:]PORT[-PORT] as ipset_parse_proto_port: default tcp, icmp types by name or TYPE/CODE. */
function parseProtoPort(s: string, v6: boolean, what: string): { proto: number; from: number; to: number } {
  let proto = 6;
  let port = s;
  const colon = s.indexOf(':');
  if (colon >= 0) {
    const pn = s.slice(0, colon);
    const num = /^\d+$/.test(pn) ? Number(pn) : pn === 'icmpv6' ? 58 : getProtoByName(pn);
    if (num === undefined || num > 255) throw syntax(`cannot parse '${pn}' as a protocol`);
    proto = num;
    port = s.slice(colon + 1);
    if (proto === 1 || proto === 58) {
      const table = proto === 1 ? ICMP_NAMES : ICMPV6_NAMES;
      const hit = table.find(([n]) => n === port);
      let tc: number;
      if (hit) tc = (hit[1] << 8) | hit[2];
      else {
        const m = /^(\d+)\/(\d+)$/.exec(port);
        if (!m || Number(m[1]) > 255 || Number(m[2]) > 255) throw syntax(`cannot parse '${port}' as ICMP${proto === 58 ? 'v6' : ''} type/code`);
        tc = (Number(m[1]) << 8) | Number(m[2]);
      }
      return { proto, from: tc, to: tc };
    }
    if (!PORT_PROTOS.has(proto)) {
      if (port !== '0') throw syntax(`Only port value 0 is allowed for protocol ${pn}`);
      return { proto, from: 0, to: 0 };
    }
  }
  void v6;
  const one = (t: string) => {
    if (/^\d+$/.test(t) && Number(t) <= 65535) return Number(t);
    const sv = getServByName(t, proto === 17 ? 'udp' : 'tcp');
    if (sv === undefined) throw syntax(`cannot parse '${t}' as a ${what}`);
    return sv;
  };
  const dash = port.indexOf('-');
  if (dash > 0) {
    const a = one(port.slice(0, dash));
    const b = one(port.slice(dash + 1));
    return { proto, from: Math.min(a, b), to: Math.max(a, b) };
  }
  const p = one(port);
  return { proto, from: p, to: p };
}

export interface AdtOptions {
  timeout?: number;
  nomatch?: boolean;
  packets?: bigint;
  bytes?: bigint;
  comment?: string;
  skbmark?: readonly [number, number];
  skbprio?: number;
  skbqueue?: number;
  before?: string;
  after?: string;
}

/** ip_set_range_to_cidr(): the largest prefix starting at `from` that stays within `to`. */
function rangeToCidr(from: number, to: number): { cidr: number; last: number } {
  for (let c = 0; c <= 32; c++) {
    const mask = prefixToMask4(c);
    const last = (from | ~mask) >>> 0;
    if (((from & mask) >>> 0) === from && last <= to) return { cidr: c, last };
  }
  return { cidr: 32, last: from };
}

/** The elements one add/del/test command stands for, in the kernel's uadt iteration order. */
export function parseElements(set: Ipset, spec: string, adt: 'add' | 'del' | 'test'): IpsetElem[] {
  const v6 = set.family === 'inet6';
  const dims = DIMS[set.type];
  if (set.type === 'list:set') return [{ parts: [{ kind: 'set', name: spec }] }];
  if (set.type === 'bitmap:port') {
    const pp = parseProtoPort(spec, false, 'port');
    const out: IpsetElem[] = [];
    for (let p = pp.from; p <= pp.to; p++) out.push({ parts: [{ kind: 'port', proto: 0, port: p }] });
    return out;
  }
  const words = spec.split(',');
  if (words.length < dims.length) {
    throw syntax(`${['First', 'Second', 'Third'][words.length]} element is missing from ${spec}.`);
  }
  if (words.length > dims.length) throw syntax(`Elem separator in ${spec}, but settype ${set.type} supports none.`);
  // each dimension's list of values
  const lists: IpsetPart[][] = dims.map((d, i) => {
    const w = words[i];
    if (d === 'port') {
      const pp = parseProtoPort(w, v6, 'port');
      const out: IpsetPart[] = [];
      for (let p = pp.from; p <= pp.to; p++) out.push({ kind: 'port', proto: pp.proto, port: p });
      return adt === 'test' ? out.slice(0, 1) : out;
    }
    const host = v6 ? 128 : 32;
    const r = parseIpSpec(w, v6, !v6 && i === 0, !v6 || d === 'net');
    if (d === 'net') {
      if (r.to !== undefined) {
        if (adt === 'test') return [{ kind: 'ip', addr: r.addr, cidr: host }];
        const out: IpsetPart[] = [];
        for (let a = r.addr as number; a <= r.to; ) {
          const { cidr, last } = rangeToCidr(a, r.to);
          out.push({ kind: 'ip', addr: a, cidr });
          if (last >= 0xffffffff) break;
          a = last + 1;
        }
        return out;
      }
      const cidr = r.cidr ?? host;
      if (cidr === 0) throw new IpsetError('The value of the CIDR parameter of the IP address is invalid');
      return [{ kind: 'ip', addr: maskAddr(r.addr, cidr), cidr }];
    }
    // a plain IP dimension: a range or a prefix stands for its hosts (IPv4 only, first dimension only)
    const nm = set.netmask ?? host;
    if (r.to === undefined && r.cidr === undefined) return [{ kind: 'ip', addr: maskAddr(r.addr, nm), cidr: host }];
    if (v6) throw syntax(`plain IP address must be supplied: ${w}`);
    let from = r.addr as number;
    let to = r.to ?? from;
    if (r.cidr !== undefined) {
      if (r.cidr === 0 && adt !== 'test') throw new IpsetError('The value of the CIDR parameter of the IP address is invalid');
      from = (from & prefixToMask4(r.cidr)) >>> 0;
      to = (from | ~prefixToMask4(r.cidr)) >>> 0;
    }
    if (adt === 'test') return [{ kind: 'ip', addr: maskAddr(from, nm), cidr: host }];
    const out: IpsetPart[] = [];
    const step = 2 ** (32 - nm);
    for (let a = (from & prefixToMask4(nm)) >>> 0; a <= to; a += step) out.push({ kind: 'ip', addr: a, cidr: host });
    return out;
  });
  // cartesian product, the first dimension outermost
  let out: IpsetPart[][] = [[]];
  for (const l of lists) out = out.flatMap((pre) => l.map((p) => [...pre, p]));
  return out.map((parts) => ({ parts }));
}

// ---------------------------------------------------------------- the commands (kernel side)

export interface IpsetHooks {
  /** references from outside the ipset state (iptables rules' -m set / -j SET), by set name */
  externalRefs(name: string): number;
  /** the hash seed of a new set created without `initval` (the kernel draws a random one) */
  initval(name: string): number;
}

export function refCount(state: IpsetState, hooks: IpsetHooks, name: string): number {
  return listSetRefs(state, name) + hooks.externalRefs(name);
}

const mustFind = (state: IpsetState, name: string) => {
  const s = findIpset(state, name);
  if (!s) throw new IpsetError('The set with the given name does not exist');
  return s;
};

export interface CreateSpec {
  name: string;
  type: IpsetTypeName;
  family?: 'inet' | 'inet6';
  hashsize?: number;
  maxelem?: number;
  bucketsize?: number;
  initval?: number;
  netmask?: number;
  timeout?: number;
  counters?: boolean;
  comment?: boolean;
  skbinfo?: boolean;
  forceadd?: boolean;
  range?: [number, number];
  size?: number;
}

export function createSet(state: IpsetState, hooks: IpsetHooks, c: CreateSpec, exist: boolean): void {
  const old = findIpset(state, c.name);
  const set = buildSet(hooks, c);
  if (old) {
    // -exist: the same type and create options are accepted silently
    if (exist && old.type === set.type && headerText({ ...old, initval: set.initval, htableBits: set.htableBits }) === headerText(set)) return;
    throw new IpsetError('Set cannot be created: set with the same name already exists');
  }
  const i = state.sets.findIndex((s) => !s);
  if (i < 0) state.sets.push(set);
  else state.sets[i] = set;
}

function htableBits(hashsize: number): number {
  let bits = 0;
  while (2 ** bits < hashsize) bits++;
  return bits;
}

function buildSet(hooks: IpsetHooks, c: CreateSpec): Ipset {
  const hash = c.type.startsWith('hash:');
  let bucketsize = c.bucketsize ?? 12;
  if (bucketsize < AHASH_INIT_SIZE) bucketsize = AHASH_INIT_SIZE;
  else if (bucketsize > 12) bucketsize = 12;
  else if (bucketsize % 2) bucketsize++;
  return {
    name: c.name,
    type: c.type,
    family: hash ? c.family ?? 'inet' : 'unspec',
    revision: REVISION[c.type],
    htableBits: htableBits(Math.max(c.hashsize ?? 1024, 64)),
    maxelem: c.maxelem ?? 65536,
    bucketsize,
    initval: c.initval ?? hooks.initval(c.name),
    netmask: c.netmask,
    timeout: c.timeout,
    counters: !!c.counters,
    comment: !!c.comment,
    skbinfo: !!c.skbinfo,
    forceadd: !!c.forceadd,
    range: c.range,
    size: c.type === 'list:set' ? Math.max(c.size ?? 8, 4) : undefined,
    extSize: 0,
    buckets: new Map(),
    members: [],
  };
}

function withOptions(set: Ipset, e: IpsetElem, o: AdtOptions): IpsetElem {
  if (o.timeout !== undefined && set.timeout === undefined) throw new IpsetError('Timeout cannot be used: set was created without timeout support');
  if ((o.packets !== undefined || o.bytes !== undefined) && !set.counters) throw new IpsetError('Packet/byte counters cannot be used: set was created without counter support');
  if (o.comment !== undefined && !set.comment) throw new IpsetError('Comment cannot be used: set was created without comment support');
  if ((o.skbmark || o.skbprio !== undefined || o.skbqueue !== undefined) && !set.skbinfo) throw new IpsetError('Skbinfo mapping cannot be used:  set was created without skbinfo support');
  if (o.nomatch && !HAS_NOMATCH.has(set.type)) throw syntax(`Unknown argument: 'nomatch'`);
  return {
    ...e,
    ...(o.nomatch ? { nomatch: true } : {}),
    ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
    ...(set.counters ? { packets: o.packets ?? 0n, bytes: o.bytes ?? 0n } : {}),
    ...(o.comment !== undefined ? { comment: o.comment } : {}),
    ...(o.skbmark ? { skbmark: o.skbmark } : {}),
    ...(o.skbprio !== undefined ? { skbprio: o.skbprio } : {}),
    ...(o.skbqueue !== undefined ? { skbqueue: o.skbqueue } : {}),
  };
}

/** One element into a set (kernel side); list:set checks its member. */
export function addElem(state: IpsetState, set: Ipset, e: IpsetElem, exist: boolean): void {
  if (set.type === 'list:set') return listAdd(state, set, e, exist, undefined, undefined);
  if (set.type === 'bitmap:port') {
    const port = (e.parts[0] as { port: number }).port;
    if (port < set.range![0] || port > set.range![1]) throw new IpsetError('Element is out of the range of the set');
    return bitmapAdd(set, e, exist);
  }
  hashAdd(set, e, exist);
}

function listAdd(state: IpsetState, set: Ipset, e: IpsetElem, exist: boolean, before: string | undefined, after: string | undefined): void {
  const name = (e.parts[0] as { name: string }).name;
  const member = findIpset(state, name);
  if (!member) throw new IpsetError('Set to be added/deleted/tested as element does not exist.');
  if (member.type === 'list:set') throw new IpsetError('Sets with list:set type cannot be added to the set.');
  const names = set.members.map((m) => (m.parts[0] as { name: string }).name);
  const ref = before ?? after;
  let at = names.length;
  if (ref !== undefined) {
    const r = names.indexOf(ref);
    if (r < 0) throw new IpsetError('Set to be added/deleted/tested as element does not exist.');
    at = before !== undefined ? r : r + 1;
  }
  const i = names.indexOf(name);
  if (i >= 0) {
    if (!exist) throw new IpsetError("Element cannot be added to the set: it's already added");
    set.members[i] = e;
    return;
  }
  if (set.members.length >= set.size!) throw new IpsetError('The set is full, more elements cannot be added');
  set.members.splice(at, 0, e);
}

function delElem(set: Ipset, e: IpsetElem): boolean {
  if (set.type.startsWith('hash:')) return hashDel(set, e);
  const id = elemKey(e);
  const i = set.members.findIndex((m) => elemKey(m) === id);
  if (i < 0) return false;
  set.members.splice(i, 1);
  return true;
}

/** `test` on a user-given element: is it (as a match, i.e. not a nomatch entry) in the set? */
function testElem(set: Ipset, e: IpsetElem): boolean {
  if (set.type.startsWith('hash:')) {
    const hit = hashTest(set, e);
    return !!hit && !hit.nomatch;
  }
  const id = elemKey(e);
  return set.members.some((m) => elemKey(m) === id);
}

// ---------------------------------------------------------------- packets (the trace's IpSetView)

/**
 * The element a packet stands for in a set of this type, by the direction flags (kadt): each IP dimension takes
 * the source or destination address, each port dimension the source or destination port with the packet's
 * protocol (ICMP: type/code), a net dimension the address as a host. undefined: the packet has no such element
 * (a port dimension for a protocol without ports that ipset does not know, fewer flags than dimensions, family).
 */
export function packetElem(set: Ipset, pkt: Packet, dirs: readonly ('src' | 'dst')[]): IpsetElem | undefined {
  const dims = DIMS[set.type];
  if (dirs.length < dims.length) return undefined;
  if (set.family !== 'unspec' && (set.family === 'inet6') !== (pkt.family === 'ipv6')) return undefined;
  const parts: IpsetPart[] = [];
  for (let i = 0; i < dims.length; i++) {
    const src = dirs[i] === 'src';
    const d = dims[i];
    if (d === 'port') {
      let port: number;
      const proto = pkt.proto;
      if (proto === 6 || proto === 17 || proto === 132 || proto === 136) port = src ? pkt.sport : pkt.dport;
      else if (proto === 1 || proto === 58) port = ((pkt.icmpType & 0xff) << 8) | (pkt.icmpCode & 0xff);
      else if (set.type === 'bitmap:port') return undefined;
      else port = 0;
      parts.push({ kind: 'port', proto: set.type === 'bitmap:port' ? 0 : proto, port });
      if (set.type === 'bitmap:port' && proto !== 6 && proto !== 17 && proto !== 132 && proto !== 136) return undefined;
    } else {
      const a = src ? pkt.src : pkt.dst;
      const host = typeof a === 'number' ? 32 : 128;
      parts.push({ kind: 'ip', addr: d === 'ip' && set.netmask !== undefined ? maskAddr(a, set.netmask) : a, cidr: host });
    }
  }
  return { parts };
}

export type PacketTest = 'match' | 'nomatch' | 'miss';

/** ip_set_test() for a packet; list:set tries its members in order (the first that answers decides). */
export function packetTest(state: IpsetState, set: Ipset, pkt: Packet, dirs: readonly ('src' | 'dst')[], depth = 0): PacketTest {
  if (set.type === 'list:set') {
    if (depth > 0) return 'miss';
    for (const m of set.members) {
      const s = findIpset(state, (m.parts[0] as { name: string }).name);
      if (!s) continue;
      const r = packetTest(state, s, pkt, dirs, depth + 1);
      if (r !== 'miss') return r;
    }
    return 'miss';
  }
  const e = packetElem(set, pkt, dirs);
  if (!e) return 'miss';
  if (set.type === 'bitmap:port') {
    const port = (e.parts[0] as { port: number }).port;
    return set.members.some((m) => (m.parts[0] as { port: number }).port === port) ? 'match' : 'miss';
  }
  const hit = hashTest(set, e);
  return !hit ? 'miss' : hit.nomatch ? 'nomatch' : 'match';
}

/** -j SET --add-set / --del-set: the packet's element added (errors ignored, as the target does) or deleted. */
export function packetAddDel(state: IpsetState, set: Ipset, pkt: Packet, dirs: readonly ('src' | 'dst')[], op: 'add' | 'del', exist = false): void {
  if (set.type === 'list:set') {
    for (const m of set.members) {
      const s = findIpset(state, (m.parts[0] as { name: string }).name);
      if (!s || s.type === 'list:set') continue;
      try {
        // list_set_kadd: the first member that takes the element
        if (op === 'add') {
          packetAddDel(state, s, pkt, dirs, op, exist);
          if (packetTest(state, s, pkt, dirs) !== 'miss') return;
        } else packetAddDel(state, s, pkt, dirs, op);
      } catch {
        /* the next member */
      }
    }
    return;
  }
  const e = packetElem(set, pkt, dirs);
  if (!e) return;
  // a net dimension is stored with the set's most specific prefix (h->nets[0]), or as a host
  const netDim = DIMS[set.type].indexOf('net');
  if (netDim >= 0) {
    const p = e.parts[netDim] as { addr: Addr; cidr: number };
    const c = presentCidrs(set, netDim)[0] ?? p.cidr;
    e.parts[netDim] = { kind: 'ip', addr: maskAddr(p.addr, c), cidr: c };
  }
  const full = withOptions(set, e, {});
  try {
    if (op === 'add') {
      if (set.type === 'bitmap:port') {
        const port = (e.parts[0] as { port: number }).port;
        if (port < set.range![0] || port > set.range![1]) return;
      }
      addElem(state, set, full, exist);
    } else delElem(set, e);
  } catch {
    /* "already added", "hash is full": the target ignores them */
  }
}

/**
 * The sets as the trace's matches and targets see them (by name, looked up when used, so a session's SET
 * additions are seen by later packets): test/lookup by the direction flags, add/del for -j SET.
 */
export function ipsetViews(state: IpsetState): ReadonlyMap<string, IpSetView> {
  const views = new Map<string, IpSetView>();
  for (const s of state.sets) {
    if (!s) continue;
    const name = s.name;
    const set = () => findIpset(state, name)!;
    views.set(name, {
      name,
      type: s.type,
      test: (pkt, dirs) => packetTest(state, set(), pkt, dirs) === 'match',
      lookup: (pkt, dirs) => packetTest(state, set(), pkt, dirs),
      add: (pkt, dirs) => packetAddDel(state, set(), pkt, dirs, 'add'),
      del: (pkt, dirs) => packetAddDel(state, set(), pkt, dirs, 'del'),
      element: (pkt, dirs) => {
        const st = set();
        const e = st.type === 'list:set' ? undefined : packetElem(st, pkt, dirs);
        return e ? elemText(st, e) : undefined;
      },
    });
  }
  return views;
}

// ---------------------------------------------------------------- the command line (ipset.c)

interface Parsed {
  cmd: string;
  args: string[];
  exist: boolean;
  output?: 'plain' | 'save' | 'xml';
  quiet: boolean;
  terse: boolean;
  names: boolean;
  sorted: boolean;
  file?: string;
  family?: 'inet' | 'inet6';
}

const COMMANDS: Record<string, string> = {
  create: 'create', n: 'create', '-N': 'create', add: 'add', a: 'add', '-A': 'add', del: 'del', d: 'del', '-D': 'del',
  test: 'test', t: 'test', '-T': 'test', destroy: 'destroy', x: 'destroy', '-X': 'destroy', list: 'list', l: 'list', '-L': 'list',
  save: 'save', s: 'save', '-S': 'save', restore: 'restore', r: 'restore', '-R': 'restore', flush: 'flush', F: 'flush', '-F': 'flush',
  rename: 'rename', e: 'rename', '-E': 'rename', swap: 'swap', w: 'swap', '-W': 'swap', help: 'help', h: 'help', '-h': 'help', '-H': 'help',
  version: 'version', v: 'version', '-v': 'version', '-V': 'version', quit: 'quit',
};

const param = (m: string) => new IpsetError(m, true);

function parseArgv(argv: string[]): Parsed {
  const p: Parsed = { cmd: '', args: [], exist: false, quiet: false, terse: false, names: false, sorted: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-!' || a === '-exist') p.exist = true;
    else if (a === '-q' || a === '-quiet') p.quiet = true;
    else if (a === '-t' || a === '-terse') p.terse = true;
    else if (a === '-n' || a === '-name') p.names = true;
    else if (a === '-s' || a === '-sorted') p.sorted = true;
    else if (a === '-r' || a === '-resolve') { /* nfsim has no resolver: numeric output, as when names do not resolve */ }
    else if (a === '-o' || a === '-output') {
      const m = argv[++i];
      if (m !== 'plain' && m !== 'save' && m !== 'xml') throw param(m === undefined ? 'Missing mandatory argument of option `output\'' : `Syntax error: unknown output mode '${m}'`);
      p.output = m;
    } else if (a === '-f' || a === '-file') {
      const f = argv[++i];
      if (f === undefined) throw param("Missing mandatory argument of option `file'");
      p.file = f;
    } else if (!p.cmd) {
      const c = COMMANDS[a];
      if (!c) throw param(`No command specified: unknown argument ${a}`);
      p.cmd = c;
    } else p.args.push(a);
  }
  return p;
}

function num(s: string | undefined, opt: string, max = 0xffffffff): number {
  if (s === undefined) throw param(`Missing mandatory argument of option \`${opt}'`);
  const v = /^0x[0-9a-f]+$/i.test(s) ? parseInt(s, 16) : /^\d+$/.test(s) ? Number(s) : NaN;
  if (!(v <= max)) throw syntax(`'${s}' is out of range 0-${max}`);
  return v;
}

function parseCreate(args: string[], family?: 'inet' | 'inet6'): CreateSpec {
  if (args.length < 1) throw param('Missing mandatory argument to command create');
  if (args.length < 2) throw param('Missing second mandatory argument to command create');
  const [name, typeName, ...rest] = args;
  const type = IPSET_TYPE_NAMES.find((t) => t === typeName);
  if (!type) throw syntax(`typename '${typeName}' is unknown`);
  const c: CreateSpec = { name, type, family };
  const hash = type.startsWith('hash:');
  for (let i = 0; i < rest.length; i++) {
    const o = rest[i];
    const v = () => rest[++i];
    if (hash && o === 'family') {
      const f = v();
      if (f !== 'inet' && f !== 'inet6' && f !== 'ipv4' && f !== 'ipv6') throw syntax(`unknown inet family ${f}`);
      c.family = f === 'inet' || f === 'ipv4' ? 'inet' : 'inet6';
    } else if (hash && (o === '-4' || o === '-6')) c.family = o === '-4' ? 'inet' : 'inet6';
    else if (hash && o === 'hashsize') c.hashsize = num(v(), o);
    else if (hash && o === 'maxelem') c.maxelem = num(v(), o);
    else if (hash && o === 'bucketsize') c.bucketsize = num(v(), o, 255);
    else if (hash && o === 'initval') c.initval = num(v(), o);
    else if (type === 'hash:ip' && o === 'netmask') c.netmask = num(v(), o, 128);
    else if (o === 'timeout') c.timeout = num(v(), o);
    else if (o === 'counters') c.counters = true;
    else if (o === 'comment') c.comment = true;
    else if (o === 'skbinfo') c.skbinfo = true;
    else if (hash && o === 'forceadd') c.forceadd = true;
    else if (type === 'bitmap:port' && o === 'range') {
      const pp = parseProtoPort(v() ?? '', false, 'port');
      c.range = [pp.from, pp.to];
    } else if (type === 'list:set' && o === 'size') c.size = num(v(), o);
    else throw syntax(`Unknown argument: '${o}'`);
  }
  if (type === 'bitmap:port' && !c.range) throw param("Mandatory option `range' is missing");
  return c;
}

function parseAdtOptions(set: Ipset, rest: string[]): AdtOptions {
  const o: AdtOptions = {};
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    const v = () => {
      const x = rest[++i];
      if (x === undefined) throw param(`Missing mandatory argument of option \`${w}'`);
      return x;
    };
    if (w === 'timeout') o.timeout = num(v(), w);
    else if (w === 'nomatch') o.nomatch = true;
    else if (w === 'packets') o.packets = BigInt(num(v(), w, Number.MAX_SAFE_INTEGER));
    else if (w === 'bytes') o.bytes = BigInt(num(v(), w, Number.MAX_SAFE_INTEGER));
    else if (w === 'comment') o.comment = v();
    else if (w === 'skbmark') {
      const m = /^(0x[0-9a-f]+|\d+)(?:\/(0x[0-9a-f]+|\d+))?$/i.exec(v());
      if (!m || !m[1].startsWith('0x') || (m[2] !== undefined && !m[2].startsWith('0x'))) throw syntax('Invalid skbmark format, it should be:  MARK/MASK or MARK (see manpage)');
      o.skbmark = [parseInt(m[1], 16) >>> 0, m[2] === undefined ? 0xffffffff : parseInt(m[2], 16) >>> 0];
    } else if (w === 'skbprio') {
      const m = /^([0-9a-f]+):([0-9a-f]+)$/i.exec(v());
      if (!m) throw syntax('Invalid skbprio format, it should be:MAJOR:MINOR (see manpage)');
      o.skbprio = ((parseInt(m[1], 16) << 16) | parseInt(m[2], 16)) >>> 0;
    } else if (w === 'skbqueue') o.skbqueue = num(v(), w, 0xffff);
    else if (set.type === 'list:set' && (w === 'before' || w === 'after')) {
      if (w === 'before') o.before = v();
      else o.after = v();
    } else throw syntax(`Unknown argument: '${w}'`);
  }
  return o;
}

export interface IpsetRun {
  stdout: string;
  stderr: string;
  status: number;
  /** the state changed (to be stored) */
  changed: boolean;
}

export interface IpsetRunOptions {
  hooks: IpsetHooks;
  /** restore's input (stdin, or the -file's contents) */
  readInput(file: string | undefined): string;
}

const NAME_MAX = 31;

function checkName(name: string): void {
  if (Buffer.byteLength(name) > NAME_MAX) throw syntax(`setname '${name}' is longer than ${NAME_MAX} characters`);
}

/** Runs one command (not restore) against the state; output appended to out. */
function runOne(state: IpsetState, p: Parsed, o: IpsetRunOptions, out: { stdout: string; stderr: string; changed: boolean }): void {
  const refs = (n: string) => refCount(state, o.hooks, n);
  const a = p.args;
  switch (p.cmd) {
    case 'version':
      out.stdout += `ipset ${IPSET_VERSION}, protocol version: 7\n`;
      return;
    case 'quit':
      return;
    case 'create': {
      const c = parseCreate(a, p.family);
      checkName(c.name);
      createSet(state, o.hooks, c, p.exist);
      out.changed = true;
      return;
    }
    case 'add': case 'del': case 'test': {
      if (a.length < 1) throw param(`Missing mandatory argument to command ${p.cmd}`);
      if (a.length < 2) throw param(`Missing second mandatory argument to command ${p.cmd}`);
      const set = mustFind(state, a[0]);
      const opts = parseAdtOptions(set, a.slice(2));
      const elems = parseElements(set, a[1], p.cmd);
      if (p.cmd === 'test') {
        const hit = set.type === 'list:set' ? listTest(state, set, a[1], opts) : elems.every((e) => testElem(set, e));
        if (hit) {
          if (!p.quiet) out.stderr += `Warning: ${escapeArg(a[1])} is in set ${escapeArg(set.name)}.\n`;
          return;
        }
        out.stderr += `${escapeArg(a[1])} is NOT in set ${escapeArg(set.name)}.\n`;
        throw new TestMiss();
      }
      for (const e of elems) {
        if (p.cmd === 'add') {
          const full = withOptions(set, e, opts);
          try {
            if (set.type === 'list:set') listAdd(state, set, full, p.exist, opts.before, opts.after);
            else addElem(state, set, full, p.exist);
          } finally {
            out.changed = true;
          }
        } else {
          if (set.type === 'list:set' && !findIpset(state, a[1])) throw new IpsetError('Set to be added/deleted/tested as element does not exist.');
          if (!delElem(set, e) && !p.exist) throw new IpsetError("Element cannot be deleted from the set: it's not added");
          out.changed = true;
        }
      }
      return;
    }
    case 'destroy': {
      if (a[0] === undefined) {
        const all = state.sets.filter((s): s is Ipset => !!s);
        if (all.some((s) => o.hooks.externalRefs(s.name) > 0 || (listSetRefs(state, s.name) > 0 && !all.some((l) => l.type === 'list:set')))) {
          throw new IpsetError('Set cannot be destroyed: it is in use by a kernel component');
        }
        if (all.some((s) => o.hooks.externalRefs(s.name) > 0)) throw new IpsetError('Set cannot be destroyed: it is in use by a kernel component');
        state.sets = [];
        out.changed = true;
        return;
      }
      const set = mustFind(state, a[0]);
      if (refs(set.name) > 0) throw new IpsetError('Set cannot be destroyed: it is in use by a kernel component');
      state.sets[state.sets.indexOf(set)] = undefined;
      while (state.sets.length && !state.sets[state.sets.length - 1]) state.sets.pop();
      out.changed = true;
      return;
    }
    case 'flush': {
      const sets = a[0] === undefined ? state.sets.filter((s): s is Ipset => !!s) : [mustFind(state, a[0])];
      for (const s of sets) {
        s.extSize = 0;
        s.buckets = new Map();
        s.members = [];
      }
      out.changed = true;
      return;
    }
    case 'rename': case 'swap': {
      if (a.length < 1) throw param(`Missing mandatory argument to command ${p.cmd}`);
      if (a.length < 2) throw param(`Missing second mandatory argument to command ${p.cmd}`);
      const from = mustFind(state, a[0]);
      if (p.cmd === 'rename') {
        checkName(a[1]);
        if (refs(from.name) > 0) throw new IpsetError('Set cannot be renamed: it is in use by another system');
        if (findIpset(state, a[1])) throw new IpsetError('Set cannot be renamed: a set with the new name already exists');
        from.name = a[1];
      } else {
        const to = mustFind(state, a[1]);
        if (from.type !== to.type || from.family !== to.family) throw new IpsetError('The sets cannot be swapped: their type does not match');
        const i = state.sets.indexOf(from);
        const j = state.sets.indexOf(to);
        const fn = from.name;
        from.name = to.name;
        to.name = fn;
        state.sets[i] = to;
        state.sets[j] = from;
      }
      out.changed = true;
      return;
    }
    case 'list': case 'save': {
      const mode = p.output ?? (p.cmd === 'save' ? 'save' : 'plain');
      if (mode === 'xml') throw new IpsetError('unsupported: ipset -o xml output (nfsim)');
      const lo = { refs };
      if (a[0] !== undefined) {
        const set = mustFind(state, a[0]);
        out.stdout += p.names ? `${escapeArg(set.name)}\n` : mode === 'save' ? saveSet(set, p.sorted) : listSet(set, lo, p.terse, p.sorted);
        return;
      }
      if (mode === 'save') out.stdout += p.names ? listAll(state, lo, 'names') : saveAll(state, p.sorted);
      else out.stdout += listAll(state, lo, p.names ? 'names' : p.terse ? 'terse' : 'plain', p.sorted);
      return;
    }
    case 'help':
      throw new IpsetError('unsupported: ipset help text (nfsim)');
  }
}

function listTest(state: IpsetState, set: Ipset, name: string, o: AdtOptions): boolean {
  if (!findIpset(state, name)) throw new IpsetError('Set to be added/deleted/tested as element does not exist.');
  const names = set.members.map((m) => (m.parts[0] as { name: string }).name);
  const i = names.indexOf(name);
  if (i < 0) return false;
  if (o.before !== undefined) return names[i + 1] === o.before;
  if (o.after !== undefined) return names[i - 1] === o.after;
  return true;
}

class TestMiss extends Error {}

/** Control characters of user-given text escaped for the terminal. */
function escapeArg(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** ipset restore's line splitting (build_argv): blanks separate words, double quotes group and are dropped. */
export function splitRestoreLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') {
      quoted = !quoted;
      has = true;
    } else if (!quoted && (ch === ' ' || ch === '\t')) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

/** `ipset ARGS`: the whole command with its output, messages and exit status. */
export function runIpset(state: IpsetState, argv: string[], o: IpsetRunOptions, splitLines: (text: string) => string[][] = defaultSplit): IpsetRun {
  const out = { stdout: '', stderr: '', changed: false };
  const fail = (e: unknown, line?: number): IpsetRun => {
    if (e instanceof TestMiss) return { ...out, status: 1 };
    if (!(e instanceof IpsetError)) throw e;
    out.stderr += `ipset ${IPSET_VERSION}: ${line !== undefined && !e.parameter ? `Error in line ${line}: ` : ''}${e.message}\n`;
    if (e.parameter) out.stderr += "Try `ipset help' for more information.\n";
    return { ...out, status: e.parameter ? 2 : 1 };
  };
  let p: Parsed;
  try {
    p = parseArgv(argv);
    if (!p.cmd) throw param('No command specified.');
  } catch (e) {
    return fail(e);
  }
  if (p.cmd !== 'restore') {
    try {
      runOne(state, p, o, out);
      return { ...out, status: 0 };
    } catch (e) {
      return fail(e);
    }
  }
  // ipset restore batches consecutive add/del lines of one set into one netlink message: an error the userspace
  // finds (syntax, unknown command, unknown set) drops the pending batch, an error of the kernel keeps what the
  // kernel did before it
  const lines = splitLines(o.readInput(p.file));
  let batchKey: string | undefined;
  let snapshot: IpsetState | undefined;
  for (let i = 0; i < lines.length; i++) {
    const words = lines[i];
    if (words.length === 0 || words[0].startsWith('#') || (words.length === 1 && words[0] === 'COMMIT')) continue;
    const pre = cloneState(state);
    try {
      const lp = parseArgv(words);
      if (lp.cmd === 'restore') throw param('Restore command is not supported in restore mode');
      lp.exist ||= p.exist;
      lp.quiet ||= p.quiet;
      const key = lp.cmd === 'add' || lp.cmd === 'del' ? `${lp.cmd} ${lp.args[0]}` : undefined;
      runOne(state, lp, o, out);
      if (key !== batchKey) snapshot = key ? pre : undefined;
      batchKey = key;
    } catch (e) {
      if (e instanceof IpsetError && isUserspaceError(e)) {
        const back = snapshot ?? pre;
        state.sets = back.sets;
      }
      return fail(e, i + 1);
    }
  }
  return { ...out, status: 0 };
}

function isUserspaceError(e: IpsetError): boolean {
  return e.parameter || e.message.startsWith('Syntax error') || e.message === 'The set with the given name does not exist';
}

/** A copy that later edits of `state` do not reach (elements are never edited in place). */
export function cloneState(state: IpsetState): IpsetState {
  return {
    sets: state.sets.map((s) => s && {
      ...s,
      buckets: new Map([...s.buckets].map(([k, b]) => [k, { size: b.size, slots: b.slots.slice() }])),
      members: s.members.slice(),
    }),
  };
}

function defaultSplit(text: string): string[][] {
  return parseIpsetLines(text).map((l) => l.words.map((w) => w.t));
}

// ---------------------------------------------------------------- persistence (the state document)

interface DocSet extends Omit<Ipset, 'buckets' | 'members'> {
  buckets: [number, number, (string | null)[]][];
  members: string[];
}

/** The state as a JSON document: sets by index, hash buckets with their holes, elements as save text. */
export function ipsetStateText(state: IpsetState): string {
  const sets = state.sets.map((s) => s && ({
    ...s,
    buckets: [...s.buckets].map(([k, b]) => [k, b.size, b.slots.map((e) => (e ? elemText(s, e) : null))]),
    members: s.members.map((e) => elemText(s, e)),
  }));
  return JSON.stringify({ version: 1, sets }) + '\n';
}

export function loadIpsetState(text: string | undefined): IpsetState {
  if (!text) return newIpsetState();
  const doc = JSON.parse(text) as { version: number; sets: (DocSet | null)[] };
  const state: IpsetState = { sets: [] };
  for (const d of doc.sets) {
    if (!d) {
      state.sets.push(undefined);
      continue;
    }
    const set: Ipset = { ...d, buckets: new Map(), members: [] };
    const parse = (t: string): IpsetElem => {
      const w = splitRestoreLine(t);
      const e = parseElements(set, w[0], 'del')[0];
      return withOptions(set, e, parseAdtOptions(set, w.slice(1)));
    };
    for (const [k, size, slots] of d.buckets) set.buckets.set(k, { size, slots: slots.map((t) => (t === null ? undefined : parse(t))) });
    set.members = d.members.map(parse);
    state.sets.push(set);
  }
  return state;
}

/** A deterministic stand-in for the kernel's random initval of a set created without one. */
export function defaultInitval(name: string): number {
  const b = Buffer.alloc(Math.max(4, Math.ceil(Buffer.byteLength(name) / 4) * 4));
  b.write(name);
  const words: number[] = [];
  for (let i = 0; i < b.length; i += 4) words.push(b.readUInt32LE(i));
  return jhash2(words, 0x6e667369) >>> 0;
}

export { ipv4ToString, ipv6ToString };
