// The kernel's ip_set state as plain data (net/netfilter/ipset): sets by index, each with its type's create
// options and its members in the kernel's storage layout (hash buckets with holes, bitmap bits, list:set order).
import type { Addr } from './packet.js';

export type IpsetTypeName =
  | 'hash:ip' | 'hash:net' | 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'hash:net,port'
  | 'bitmap:port' | 'list:set';

export const IPSET_TYPE_NAMES: readonly IpsetTypeName[] = [
  'hash:ip', 'hash:net', 'hash:ip,port', 'hash:ip,port,ip', 'hash:ip,port,net', 'hash:net,port', 'bitmap:port', 'list:set',
];

/** One dimension of an element: an address with its prefix, a protocol and port, or (list:set) a set name. */
export type IpsetPart =
  | { kind: 'ip'; addr: Addr; cidr: number }
  | { kind: 'port'; proto: number; port: number }
  | { kind: 'set'; name: string };

/** A member with its extensions (timeout, counters, comment, skbinfo) and the nomatch flag. */
export interface IpsetElem {
  parts: IpsetPart[];
  nomatch?: boolean;
  timeout?: number;
  packets?: bigint;
  bytes?: bigint;
  comment?: string;
  skbmark?: readonly [number, number];
  skbprio?: number;
  skbqueue?: number;
}

/** A hash bucket (struct hbucket): `size` allocated slots, the used ones up to `slots.length` (= pos), holes undefined. */
export interface IpsetBucket {
  size: number;
  slots: (IpsetElem | undefined)[];
}

export interface Ipset {
  name: string;
  type: IpsetTypeName;
  /** inet/inet6 for hash types; bitmap:port and list:set are family-less */
  family: 'inet' | 'inet6' | 'unspec';
  revision: number;
  /** hash: current table size in bits (jhash_size = hashsize), maxelem, bucketsize, initval, netmask */
  htableBits: number;
  maxelem: number;
  bucketsize: number;
  initval: number;
  netmask?: number;
  /** extensions chosen at create time */
  timeout?: number;
  counters: boolean;
  comment: boolean;
  skbinfo: boolean;
  forceadd: boolean;
  /** bitmap:port first-last */
  range?: readonly [number, number];
  /** list:set size */
  size?: number;
  /**
   * hash types: the kernel's running bucket-memory count (hregion ext_size): ext_size(AHASH_INIT_SIZE) for every
   * bucket allocated or grown, minus what del frees; it counts a bucket header per growth, as the kernel does
   */
  extSize: number;
  /** hash types: bucket index → bucket */
  buckets: Map<number, IpsetBucket>;
  /** bitmap:port (sorted by port) and list:set (in list order) members */
  members: IpsetElem[];
}

/** The whole ip_set namespace: index → set (holes where sets were destroyed, reused by the next create). */
export interface IpsetState {
  sets: (Ipset | undefined)[];
}

export function newIpsetState(): IpsetState {
  return { sets: [] };
}

/** Members in the kernel's dump order (hash: bucket by bucket, slot by slot). */
export function ipsetMembers(set: Ipset): IpsetElem[] {
  if (!set.type.startsWith('hash:')) return set.members;
  const out: IpsetElem[] = [];
  for (const k of [...set.buckets.keys()].sort((a, b) => a - b)) for (const e of set.buckets.get(k)!.slots) if (e) out.push(e);
  return out;
}

export function findIpset(state: IpsetState, name: string): Ipset | undefined {
  return state.sets.find((s) => s?.name === name);
}
