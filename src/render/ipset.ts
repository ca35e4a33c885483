// `ipset save` and `ipset list` output byte for byte as ipset 7.17 prints it (lib/session.c list_create/list_adt,
// lib/print.c), with the Debian 12 kernel's (6.1) type revisions and "Size in memory" accounting.
import type { Ipset, IpsetElem, IpsetPart, IpsetState } from '../model/ipset.js';
import { ipsetMembers } from '../model/ipset.js';
import { ipv4ToString, ipv6ToString } from '../values/addr.js';
import { getProtoByNumber } from '../values/netdb.js';

/** ipset's lib/icmp.c and lib/icmpv6.c name tables (type, code) — the first name of each pair is printed. */
export const ICMP_NAMES: readonly (readonly [string, number, number])[] = [
  ['echo-reply', 0, 0], ['pong', 0, 0], ['network-unreachable', 3, 0], ['host-unreachable', 3, 1],
  ['protocol-unreachable', 3, 2], ['port-unreachable', 3, 3], ['fragmentation-needed', 3, 4],
  ['source-route-failed', 3, 5], ['network-unknown', 3, 6], ['host-unknown', 3, 7], ['network-prohibited', 3, 9],
  ['host-prohibited', 3, 10], ['TOS-network-unreachable', 3, 11], ['TOS-host-unreachable', 3, 12],
  ['communication-prohibited', 3, 13], ['host-precedence-violation', 3, 14], ['precedence-cutoff', 3, 15],
  ['source-quench', 4, 0], ['network-redirect', 5, 0], ['host-redirect', 5, 1], ['TOS-network-redirect', 5, 2],
  ['TOS-host-redirect', 5, 3], ['echo-request', 8, 0], ['ping', 8, 0], ['router-advertisement', 9, 0],
  ['router-solicitation', 10, 0], ['ttl-zero-during-transit', 11, 0], ['ttl-zero-during-reassembly', 11, 1],
  ['ip-header-bad', 12, 0], ['required-option-missing', 12, 1], ['timestamp-request', 13, 0],
  ['timestamp-reply', 14, 0], ['address-mask-request', 17, 0], ['address-mask-reply', 18, 0],
];
export const ICMPV6_NAMES: readonly (readonly [string, number, number])[] = [
  ['no-route', 1, 0], ['communication-prohibited', 1, 1], ['address-unreachable', 1, 3], ['port-unreachable', 1, 4],
  ['packet-too-big', 2, 0], ['ttl-zero-during-transit', 3, 0], ['ttl-zero-during-reassembly', 3, 1],
  ['bad-header', 4, 0], ['unknown-header-type', 4, 1], ['unknown-option', 4, 2], ['echo-request', 128, 0],
  ['ping', 128, 0], ['echo-reply', 129, 0], ['pong', 129, 0], ['router-solicitation', 133, 0],
  ['router-advertisement', 134, 0], ['neighbour-solicitation', 135, 0], ['neighbour-advertisement', 136, 0],
  ['redirect', 137, 0],
];

/** Control characters (and DEL) of untrusted text as \xHH, so a set name or comment cannot drive the terminal. */
export function escapeControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const hexn = (n: number) => `0x${(n >>> 0).toString(16)}`;

/** ipset_print_ip: numeric address, "/cidr" only when it is not the host prefix. */
export function ipText(p: { addr: number | bigint; cidr: number }): string {
  const v4 = typeof p.addr === 'number';
  const a = v4 ? ipv4ToString(p.addr as number) : ipv6ToString(p.addr as bigint);
  return p.cidr === (v4 ? 32 : 128) ? a : `${a}/${p.cidr}`;
}

/** ipset_print_proto_port: "tcp:80", "icmp:echo-request", "icmp:3/8" (unnamed type/code), "gre:0". */
export function protoPortText(proto: number, port: number, v6: boolean): string {
  const name = getProtoByNumber(proto) ?? String(proto);
  if (proto === 1 || proto === 58) {
    const type = port >> 8;
    const code = port & 0xff;
    const hit = (proto === 1 ? ICMP_NAMES : ICMPV6_NAMES).find(([, t, c]) => t === type && c === code);
    return `${name}:${hit ? hit[0] : `${type}/${code}`}`;
  }
  void v6;
  return `${name}:${port}`;
}

export function partText(set: Ipset, p: IpsetPart, dim: number): string {
  if (p.kind === 'ip') return ipText(p);
  if (p.kind === 'set') return escapeControls(p.name);
  if (set.type === 'bitmap:port') return String(p.port);
  void dim;
  return protoPortText(p.proto, p.port, set.family === 'inet6');
}

/** The element and its extensions in the order of the type's ADT arguments. */
export function elemText(set: Ipset, e: IpsetElem): string {
  let out = e.parts.map((p, i) => partText(set, p, i)).join(set.type === 'list:set' ? ' ' : ',');
  if (set.timeout !== undefined) out += ` timeout ${e.timeout ?? set.timeout}`;
  if (e.nomatch) out += ' nomatch';
  if (set.counters) out += ` packets ${e.packets ?? 0n} bytes ${e.bytes ?? 0n}`;
  if (set.comment && e.comment !== undefined) out += ` comment "${escapeControls(e.comment)}"`;
  if (set.skbinfo) {
    if (e.skbmark && (e.skbmark[0] !== 0 || e.skbmark[1] !== 0xffffffff)) {
      out += e.skbmark[1] === 0xffffffff ? ` skbmark ${hexn(e.skbmark[0])}` : ` skbmark ${hexn(e.skbmark[0])}/${hexn(e.skbmark[1])}`;
    }
    if (e.skbprio) out += ` skbprio ${(e.skbprio >>> 16).toString(16)}:${(e.skbprio & 0xffff).toString(16)}`;
    if (e.skbqueue) out += ` skbqueue ${e.skbqueue}`;
  }
  return out;
}

/** The create options as `ipset save` and the list "Header:" line print them. */
export function headerText(set: Ipset): string {
  const ext = [
    ...(set.timeout !== undefined ? [`timeout ${set.timeout}`] : []),
    ...(set.counters ? ['counters'] : []),
    ...(set.comment ? ['comment'] : []),
    ...(set.skbinfo ? ['skbinfo'] : []),
  ];
  if (set.type === 'bitmap:port') return [`range ${set.range![0]}-${set.range![1]}`, ...ext].join(' ');
  if (set.type === 'list:set') return [`size ${set.size}`, ...ext].join(' ');
  return [
    `family ${set.family}`, `hashsize ${2 ** set.htableBits}`, `maxelem ${set.maxelem}`,
    ...(set.netmask !== undefined ? [`netmask ${set.netmask}`] : []),
    ...ext, `bucketsize ${set.bucketsize}`, `initval ${hex8(set.initval)}`,
  ].join(' ');
}

// ---- Size in memory (the kernel's mtype_head memsize), Debian 12's 6.1 kernel on x86_64 ----

/** sizeof(struct htype) + sizeof(struct htable) per type and family, hash size 1024 (one locking region). */
const HASH_BASE: Record<string, readonly [number, number]> = {
  'hash:ip': [176, 184], 'hash:net': [432, 1216], 'hash:ip,port': [176, 192], 'hash:ip,port,ip': [184, 208],
  'hash:ip,port,net': [440, 1232], 'hash:net,port': [432, 1216],
};
/** sizeof(struct mtype_elem) per type and family */
const ELEM_SIZE: Record<string, readonly [number, number]> = {
  'hash:ip': [4, 16], 'hash:net': [8, 20], 'hash:ip,port': [8, 20], 'hash:ip,port,ip': [12, 36],
  'hash:ip,port,net': [12, 36], 'hash:net,port': [8, 20],
};
const REGION = 24; // struct ip_set_region
const HBUCKET = 32; // struct hbucket up to value[]

/** ip_set_elem_len(): the element followed by its extensions, each aligned, the whole aligned to the largest. */
export function elemDsize(set: Ipset, elemLen: number, elemAlign: number): number {
  let off = elemLen;
  let align = elemAlign;
  const add = (len: number, al: number) => {
    off = Math.ceil(off / al) * al + len;
    align = Math.max(align, al);
  };
  if (set.timeout !== undefined) add(8, 8);
  if (set.counters) add(16, 8);
  if (set.comment) add(8, 8);
  if (set.skbinfo) add(16, 4);
  return align ? Math.ceil(off / align) * align : off;
}

function commentBytes(members: IpsetElem[]): number {
  // struct ip_set_comment_rcu (16) + the string and its NUL, per commented element
  let n = 0;
  for (const e of members) if (e.comment !== undefined) n += 16 + Buffer.byteLength(e.comment) + 1;
  return n;
}

/** set->dsize of a hash type */
export function hashDsize(set: Ipset): number {
  return elemDsize(set, ELEM_SIZE[set.type][set.family === 'inet6' ? 1 : 0], 4);
}

/** ext_size(n, dsize): what the kernel adds to its memory count per bucket allocation (header included) */
export function bucketExtSize(set: Ipset, n: number): number {
  return HBUCKET + n * hashDsize(set);
}

export function memSize(set: Ipset): number {
  const members = ipsetMembers(set);
  const comments = set.comment ? commentBytes(members) : 0;
  if (set.type === 'bitmap:port') {
    const n = set.range![1] - set.range![0] + 1;
    return 72 + Math.ceil(n / 64) * 8 + n * elemDsize(set, 0, 0) + comments;
  }
  if (set.type === 'list:set') return 80 + members.length * elemDsize(set, 42, 8) + comments;
  const v6 = set.family === 'inet6' ? 1 : 0;
  const regions = set.htableBits < 10 ? 1 : 2 ** (set.htableBits - 10);
  return HASH_BASE[set.type][v6] + regions * REGION + set.extSize + comments;
}

export interface ListOptions {
  /** References: the set's kernel reference count (list:set members, iptables rules) */
  refs(name: string): number;
}

/** `-sorted`: members in ascending element order (addresses, prefixes, protocols, ports) instead of hash order. */
export function sortedMembers(set: Ipset): IpsetElem[] {
  const key = (p: IpsetPart): (number | bigint | string)[] =>
    p.kind === 'ip' ? [BigInt(p.addr), p.cidr] : p.kind === 'port' ? [p.proto, p.port] : [p.name];
  const cmp = (a: IpsetElem, b: IpsetElem): number => {
    for (let i = 0; i < a.parts.length; i++) {
      const x = key(a.parts[i]);
      const y = key(b.parts[i]);
      for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return x[j] < y[j] ? -1 : 1;
    }
    return 0;
  };
  return set.type === 'list:set' ? ipsetMembers(set) : ipsetMembers(set).slice().sort(cmp);
}

export function saveSet(set: Ipset, sorted = false): string {
  const name = escapeControls(set.name);
  let out = `create ${name} ${set.type} ${headerText(set)}\n`;
  for (const e of sorted ? sortedMembers(set) : ipsetMembers(set)) out += `add ${name} ${elemText(set, e)}\n`;
  return out;
}

export function listSet(set: Ipset, opts: ListOptions, terse = false, sorted = false): string {
  const members = sorted ? sortedMembers(set) : ipsetMembers(set);
  let out = `Name: ${escapeControls(set.name)}\nType: ${set.type}\nRevision: ${set.revision}\nHeader: ${headerText(set)}\n` +
    `Size in memory: ${memSize(set)}\nReferences: ${opts.refs(set.name)}\nNumber of entries: ${members.length}\n`;
  if (terse) return out;
  out += 'Members:\n';
  for (const e of members) out += `${elemText(set, e)}\n`;
  return out;
}

/** The kernel's dump order for "all sets": by index, list:set sets last (IPSET_DUMP_LAST). */
export function dumpOrder(state: IpsetState): Ipset[] {
  const sets = state.sets.filter((s): s is Ipset => !!s);
  return [...sets.filter((s) => s.type !== 'list:set'), ...sets.filter((s) => s.type === 'list:set')];
}

export function saveAll(state: IpsetState, sorted = false): string {
  return dumpOrder(state).map((s) => saveSet(s, sorted)).join('');
}

export function listAll(state: IpsetState, opts: ListOptions, mode: 'plain' | 'terse' | 'names', sorted = false): string {
  const sets = dumpOrder(state);
  if (mode === 'names') return sets.map((s) => `${escapeControls(s.name)}\n`).join('');
  return sets.map((s) => listSet(s, opts, mode === 'terse', sorted)).join('\n');
}
