// IPv4 and IPv6 address/mask parsing and printing as libxtables does it
// (xtables_ipparse_multiple, __numeric_to_ipaddr, parse_ipmask, xtables_ip6parse_multiple, inet_ntop).
import { paramProblem } from '../diag/errors.js';
import { xtStrtoui } from './numbers.js';

export type Family = 'ipv4' | 'ipv6';

/** An address with mask. IPv4: 32-bit unsigned ints. IPv6: bigint 128-bit. */
export type AddrMask =
  | { family: 'ipv4'; addr: number; mask: number }
  | { family: 'ipv6'; addr: bigint; mask: bigint };

// ---------- IPv4 ----------

/**
 * The common spelling — four decimal parts 0-255 without leading zeros — read in one pass; -1 for anything else
 * (hex, octal, fewer parts: numericToIpv4's general path, whose result for these strings is the same).
 */
function plainDottedQuad(s: string): number {
  let v = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      v = v * 256 + part;
      dots++;
      part = 0;
      digits = 0;
    } else {
      if (c < 48 || c > 57 || (digits > 0 && part === 0)) return -1;
      part = part * 10 + (c - 48);
      if (part > 255) return -1;
      digits++;
    }
  }
  if (digits === 0 || dots !== 3) return -1;
  return v * 256 + part;
}

/** __numeric_to_ipaddr(): up to 4 dotted parts, each 0-255 in C base-0 notation; fewer parts autocomplete with zeros (not for masks). */
export function numericToIpv4(dotted: string, isMask = false): number | undefined {
  const quick = plainDottedQuad(dotted);
  if (quick >= 0) return quick;
  const buf = dotted.slice(0, 19);
  const parts = buf.split('.');
  if (parts.length > 4) {
    // the fourth part would contain a '.', which strtoui rejects
    return undefined;
  }
  if (parts.length < 4 && isMask) return undefined;
  const bytes = [0, 0, 0, 0];
  for (let i = 0; i < parts.length; i++) {
    const v = xtStrtoui(parts[i], 0, 255);
    if (v === undefined) return undefined;
    bytes[i] = v;
  }
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

export function ipv4ToString(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

export function prefixToMask4(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** xtables_ipmask_to_cidr(): -1 for a non-contiguous mask. */
export function mask4ToCidr(mask: number): number {
  for (let i = 32; i >= 0; i--) if (prefixToMask4(i) === mask >>> 0) return i;
  return -1;
}

/** parse_ipmask() */
function parseMask4(mask: string | undefined): number {
  if (mask === undefined) return 0xffffffff;
  const dotted = numericToIpv4(mask, true);
  if (dotted !== undefined) return dotted;
  const bits = xtStrtoui(mask, 0, 32);
  if (bits === undefined) throw paramProblem(`invalid mask \`${mask}' specified`);
  return prefixToMask4(bits);
}

/** Names the emulator can resolve without DNS (the host's /etc/hosts and /etc/networks are never read). */
const HOSTS4: Record<string, number[]> = { localhost: [0x7f000001] };
const NETWORKS4: Record<string, number> = { 'link-local': 0xa9fe0000 };

function hostNetwork4(name: string): number[] {
  const n = numericToIpv4(name);
  if (n !== undefined) return [n];
  if (Object.hasOwn(NETWORKS4, name)) return [NETWORKS4[name]];
  if (Object.hasOwn(HOSTS4, name)) return HOSTS4[name];
  throw paramProblem(`host/network \`${name}' not found`);
}

/**
 * Fast path for "a.b.c.d[/len]" written in plain decimal without leading zeros (C would read those as octal):
 * the overwhelmingly common form in dumps. Anything else returns undefined and takes the general path.
 */
function fastDotted(spec: string): AddrMask | undefined {
  const n = spec.length;
  let addr = 0;
  let i = 0;
  for (let part = 0; part < 4; part++) {
    if (i >= n) return undefined;
    const start = i;
    let v = 0;
    while (i < n) {
      const c = spec.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      i++;
    }
    const len = i - start;
    if (len === 0 || len > 3 || v > 255 || (len > 1 && spec.charCodeAt(start) === 48)) return undefined;
    addr = addr * 256 + v;
    if (part < 3) {
      if (spec.charCodeAt(i) !== 46) return undefined;
      i++;
    }
  }
  let plen = 32;
  if (i < n) {
    if (spec.charCodeAt(i) !== 47) return undefined;
    i++;
    const start = i;
    plen = 0;
    while (i < n) {
      const c = spec.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      plen = plen * 10 + c;
      i++;
    }
    const len = i - start;
    if (len === 0 || len > 2 || plen > 32 || (len > 1 && spec.charCodeAt(start) === 48)) return undefined;
  }
  const mask = prefixToMask4(plen);
  return { family: 'ipv4', addr: plen === 0 ? 0 : (addr & mask) >>> 0, mask };
}



/** xtables_ipmask_to_numeric(): "" for /32, "/N" for contiguous, "/a.b.c.d" otherwise. */
export function mask4ToSuffix(mask: number): string {
  const c = mask4ToCidr(mask);
  if (c === -1) return '/' + ipv4ToString(mask);
  if (c === 32) return '';
  return '/' + c;
}

// ---------- IPv6 ----------

const ALL128 = (1n << 128n) - 1n;

export function prefixToMask6(bits: number): bigint {
  if (bits === 0) return 0n;
  return (ALL128 << BigInt(128 - bits)) & ALL128;
}

export function mask6ToCidr(mask: bigint): number {
  for (let i = 128; i >= 0; i--) if (prefixToMask6(i) === mask) return i;
  return -1;
}

/** inet_pton(AF_INET6) */
export function parseIpv6(s: string): bigint | undefined {
  if (s.length === 0) return undefined;
  let words: number[] = [];
  let tail: number[] = [];
  let dbl = false;
  let rest = s;
  // embedded IPv4 at the end
  let v4: number | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon >= 0 && rest.indexOf('.', lastColon) > lastColon) {
    const v4s = rest.slice(lastColon + 1);
    if (!/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4s)) return undefined;
    const p = v4s.split('.').map(Number);
    if (p.some((x, i) => x > 255 || (v4s.split('.')[i].length > 1 && v4s.split('.')[i][0] === '0'))) return undefined;
    v4 = ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
    rest = rest.slice(0, lastColon + 1);
    if (rest.endsWith('::')) {
      /* ok */
    } else if (rest.endsWith(':')) rest = rest.slice(0, -1);
  }
  const halves = rest.split('::');
  if (halves.length > 2) return undefined;
  const parseGroup = (g: string): number[] | undefined => {
    if (g === '') return [];
    const out: number[] = [];
    for (const h of g.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(h)) return undefined;
      out.push(parseInt(h, 16));
    }
    return out;
  };
  if (halves.length === 2) {
    dbl = true;
    const a = parseGroup(halves[0]);
    const b = parseGroup(halves[1]);
    if (!a || !b) return undefined;
    words = a;
    tail = b;
  } else {
    const a = parseGroup(halves[0]);
    if (!a) return undefined;
    words = a;
  }
  if (v4 !== undefined) tail = [...(dbl ? tail : []), v4 >>> 16, v4 & 0xffff];
  if (!dbl && v4 !== undefined) {
    words = [...words, ...tail];
    tail = [];
  }
  const total = words.length + tail.length;
  if (dbl) {
    if (total > 7) return undefined;
    words = [...words, ...new Array(8 - total).fill(0), ...tail];
  } else if (total !== 8) return undefined;
  let v = 0n;
  for (const w of words) v = (v << 16n) | BigInt(w);
  return v;
}

/** glibc inet_ntop(AF_INET6) */
export function ipv6ToString(a: bigint): string {
  const w: number[] = [];
  for (let i = 7; i >= 0; i--) w.push(Number((a >> BigInt(i * 16)) & 0xffffn));
  let bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (w[i] === 0) {
      if (curBase === -1) { curBase = i; curLen = 1; } else curLen++;
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) { bestBase = curBase; bestLen = curLen; }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) { bestBase = curBase; bestLen = curLen; }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 7 && w[7] !== 0x0001) || (bestLen === 5 && w[5] === 0xffff))) {
      out += `${w[6] >> 8}.${w[6] & 255}.${w[7] >> 8}.${w[7] & 255}`;
      break;
    }
    out += w[i].toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ':';
  return out;
}

function parseMask6(mask: string | undefined): bigint {
  if (mask === undefined) return ALL128;
  const a = parseIpv6(mask);
  if (a !== undefined) return a;
  const bits = xtStrtoui(mask, 0, 128);
  if (bits === undefined) throw paramProblem(`invalid mask \`${mask}' specified`);
  return prefixToMask6(bits);
}

/** Like the oracle's namespaces, the emulated host resolves no IPv6 host names (base6 case 24). */
const HOSTS6: Record<string, bigint[]> = {};

function hostNetwork6(name: string): bigint[] {
  // getaddrinfo() accepts a numeric scope id ("fe80::1%1") and drops it
  const pct = name.indexOf('%');
  const n = parseIpv6(pct >= 0 && /^%\d+$/.test(name.slice(pct)) ? name.slice(0, pct) : name);
  if (n !== undefined) return [n];
  if (Object.hasOwn(HOSTS6, name)) return HOSTS6[name];
  throw paramProblem(`host/network \`${name}' not found`);
}



/** xtables_ip6mask_to_numeric(): "" for /128, "/N" contiguous, "/addr" otherwise. */
export function mask6ToSuffix(mask: bigint): string {
  const c = mask6ToCidr(mask);
  if (c === -1) return '/' + ipv6ToString(mask);
  if (c === 128) return '';
  return '/' + c;
}

// ---------- both ----------

/** What the two families' list parsers differ in. */
interface FamilyOps<A extends number | bigint> {
  family: Family;
  parseMask(mask: string | undefined): A;
  hostNetwork(name: string): A[];
  and(a: A, m: A): A;
  isZero(m: A): boolean;
  anyHost: string;
}

const V4: FamilyOps<number> = {
  family: 'ipv4', parseMask: parseMask4, hostNetwork: hostNetwork4, and: (a, m) => (a & m) >>> 0, isZero: (m) => m === 0, anyHost: '0.0.0.0',
};
const V6: FamilyOps<bigint> = {
  family: 'ipv6', parseMask: parseMask6, hostNetwork: hostNetwork6, and: (a, m) => a & m, isZero: (m) => m === 0n, anyHost: '::',
};

const mk = <A extends number | bigint>(ops: FamilyOps<A>, addr: A, mask: A): AddrMask => ({ family: ops.family, addr, mask }) as AddrMask;

/** One "host[/mask]": the mask, and the host (a zero mask ignores the name, like "any/0"). */
function hostAndMask<A extends number | bigint>(ops: FamilyOps<A>, item: string): { host: string; mask: A } {
  const slash = item.lastIndexOf('/');
  const mask = ops.parseMask(slash >= 0 ? item.slice(slash + 1) : undefined);
  return { host: ops.isZero(mask) ? ops.anyHost : slash >= 0 ? item.slice(0, slash) : item, mask };
}

/** xtables_ipparse_multiple() / xtables_ip6parse_multiple(): a comma list of host[/mask], host bits cleared. */
function parseMultiple<A extends number | bigint>(ops: FamilyOps<A>, spec: string): AddrMask[] {
  const out: AddrMask[] = [];
  for (let item of spec.split(',')) {
    item = item.replace(/^[ \t\n\v\f\r]+/, '');
    if (item.length > 255) throw paramProblem('Hostname too long');
    const { host, mask } = hostAndMask(ops, item);
    for (const a of ops.hostNetwork(host)) out.push(mk(ops, ops.and(a, mask), mask));
  }
  return out;
}

/** xtables_ipparse_any() / xtables_ip6parse_any(): one host[/mask], duplicates of a multi-address name removed. */
function parseAny<A extends number | bigint>(ops: FamilyOps<A>, spec: string): AddrMask[] {
  const { host, mask } = hostAndMask(ops, spec);
  const seen = new Set<A>();
  const out: AddrMask[] = [];
  for (const a of ops.hostNetwork(host)) {
    const v = ops.and(a, mask);
    if (!seen.has(v)) {
      seen.add(v);
      out.push(mk(ops, v, mask));
    }
  }
  return out;
}

const ANY4: readonly AddrMask[] = Object.freeze([Object.freeze({ family: 'ipv4', addr: 0, mask: 0 }) as AddrMask]);
const ANY6: readonly AddrMask[] = Object.freeze([Object.freeze({ family: 'ipv6', addr: 0n, mask: 0n }) as AddrMask]);

export function parseIpv4Multiple(spec: string): AddrMask[] {
  // the implicit "0.0.0.0/0" of every rule without -s/-d
  if (spec === '0.0.0.0/0') return ANY4 as AddrMask[];
  const fast = fastDotted(spec);
  return fast ? [fast] : parseMultiple(V4, spec);
}
export const parseIpv4Any = (spec: string): AddrMask[] => parseAny(V4, spec);
export const parseIpv6Multiple = (spec: string): AddrMask[] => (spec === '::/0' ? (ANY6 as AddrMask[]) : parseMultiple(V6, spec));
export const parseIpv6Any = (spec: string): AddrMask[] => parseAny(V6, spec);

export function parseAddrMultiple(family: Family, spec: string): AddrMask[] {
  return family === 'ipv4' ? parseIpv4Multiple(spec) : parseIpv6Multiple(spec);
}

export function parseAddrAny(family: Family, spec: string): AddrMask[] {
  return family === 'ipv4' ? parseIpv4Any(spec) : parseIpv6Any(spec);
}

export function addrToString(a: AddrMask): string {
  return a.family === 'ipv4' ? ipv4ToString(a.addr) : ipv6ToString(a.addr);
}

/** addr + mask suffix as iptables-save prints it ("1.2.3.4/32" style is done by the caller). */
export function addrMaskSave(a: AddrMask): string {
  if (a.family === 'ipv4') {
    const c = mask4ToCidr(a.mask);
    return ipv4ToString(a.addr) + '/' + (c === -1 ? ipv4ToString(a.mask) : String(c));
  }
  const c = mask6ToCidr(a.mask);
  return ipv6ToString(a.addr) + '/' + (c === -1 ? ipv6ToString(a.mask) : String(c));
}

export function isAnyAddr(a: AddrMask): boolean {
  return a.family === 'ipv4' ? a.mask === 0 && a.addr === 0 : a.mask === 0n && a.addr === 0n;
}
