// The in-memory ruleset model: plain data mirroring the kernel's xtables (tables → chains → rules → matches + target).
import type { Span } from './span.js';
import type { AddrMask, Family } from '../values/addr.js';

export type { Family };
/** Which iptables 1.8.9 variant is emulated: the nf_tables backend (default) or the legacy one. */
export type Flavor = 'nft' | 'legacy';

export type TableName = 'filter' | 'nat' | 'mangle' | 'raw' | 'security';

export interface Counters {
  pkts: bigint;
  bytes: bigint;
}

export const zeroCounters = (): Counters => ({ pkts: 0n, bytes: 0n });

/** An extension instance (match or target) with its parsed, normalised data. */
export interface ExtInstance {
  /** extension name as the kernel knows it (e.g. "tcp", "conntrack", "DNAT") */
  name: string;
  revision: number;
  /** extension-defined plain data (what the kernel blob would hold) */
  data: Record<string, unknown>;
  span?: Span;
}

export interface Iface {
  name: string;
  invert: boolean;
}

export type Verdict = 'ACCEPT' | 'DROP' | 'RETURN' | 'QUEUE';

export type Target =
  | { kind: 'none' }
  | { kind: 'verdict'; verdict: Verdict }
  | { kind: 'jump'; chain: string }
  | { kind: 'goto'; chain: string }
  | { kind: 'ext'; ext: ExtInstance };

/** One rule: the ipt_entry part (addresses, interfaces, protocol, fragment), matches, target, counters. */
export interface Rule {
  src?: { addr: AddrMask; invert: boolean };
  dst?: { addr: AddrMask; invert: boolean };
  inIface?: Iface;
  outIface?: Iface;
  /** layer-4 protocol number (0 = any) */
  proto?: { num: number; invert: boolean };
  /** IPv4 -f */
  frag?: { invert: boolean };
  matches: ExtInstance[];
  target: Target;
  counters: Counters;
  span?: Span;
}

export interface Chain {
  name: string;
  builtin: boolean;
  /** built-in chains only */
  policy?: 'ACCEPT' | 'DROP';
  /**
   * nft only: a base chain iptables-nft merely shows (its "fake" built-in chains) but that does not exist in the
   * kernel yet — created by the first rule, policy or restore declaration. Positional lookups (-D/-R/-Z N) miss it.
   */
  absent?: boolean;
  /** policy counters (built-in chains) */
  counters: Counters;
  rules: Rule[];
  span?: Span;
}

export interface Table {
  name: TableName;
  /** built-in chains in hook order first, then user chains (the renderer sorts user chains) */
  chains: Map<string, Chain>;
}

/** One address family's tables. */
export interface Ruleset {
  family: Family;
  tables: Map<TableName, Table>;
  /**
   * Legacy only: the order tables were first touched (the kernel lists /proc/net/ip_tables_names newest first).
   * nft prints tables in a fixed order instead.
   */
  touched: TableName[];
}

export const HOOKS_BY_TABLE: Record<TableName, readonly string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export const TABLE_NAMES: readonly TableName[] = ['filter', 'nat', 'mangle', 'raw', 'security'];

export function isTableName(s: string): s is TableName {
  return (TABLE_NAMES as readonly string[]).includes(s);
}

export function newTable(name: TableName, absentBuiltins = false): Table {
  const chains = new Map<string, Chain>();
  for (const hook of HOOKS_BY_TABLE[name]) {
    const c: Chain = { name: hook, builtin: true, policy: 'ACCEPT', counters: zeroCounters(), rules: [] };
    if (absentBuiltins) c.absent = true;
    chains.set(hook, c);
  }
  return { name, chains };
}

export function newRuleset(family: Family): Ruleset {
  return { family, tables: new Map(), touched: [] };
}

export function cloneRule(r: Rule): Rule {
  return { ...r, matches: r.matches.slice(), counters: { ...r.counters } };
}

export function cloneChain(c: Chain): Chain {
  return { ...c, counters: { ...c.counters }, rules: c.rules.slice() };
}

export function cloneTable(t: Table): Table {
  const chains = new Map<string, Chain>();
  for (const [k, c] of t.chains) chains.set(k, cloneChain(c));
  return { name: t.name, chains };
}

export function cloneRuleset(r: Ruleset): Ruleset {
  const tables = new Map<TableName, Table>();
  for (const [k, t] of r.tables) tables.set(k, cloneTable(t));
  return { family: r.family, tables, touched: r.touched.slice() };
}

/** How many rules of the table jump or go to `chain` (the `(N references)` of -L, EMLINK/EBUSY on -X). */
export function references(t: Table, chain: string): number {
  let n = 0;
  for (const c of t.chains.values()) {
    for (const r of c.rules) if ((r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === chain) n++;
  }
  return n;
}

