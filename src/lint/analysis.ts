// Shared helpers of the lint rules: walking the model, where a rule's words are, which targets end a packet's walk
// through a chain, and what a rule matches (for shadowing) as sets that can be compared exactly.
import type { Chain, ExtInstance, Family, Iface, Rule, Table } from '../model/ruleset.js';
import { ruleSpecText } from '../render/save.js';
import type { AddrMask } from '../values/addr.js';
import { CT, ST } from '../extensions/match/conntrack.js';
import { isOption, wordAfter } from './source.js';
import type { Word } from './source.js';
import type { LintModel, Located } from './types.js';

export function* allRules(model: LintModel): Generator<Located> {
  for (const rs of model.rulesets) {
    for (const t of rs.tables.values()) {
      for (const c of t.chains.values()) {
        for (let i = 0; i < c.rules.length; i++) yield { family: rs.family, table: t.name, chain: c.name, index: i, rule: c.rules[i] };
      }
    }
  }
}

export function* allTables(model: LintModel): Generator<{ family: LintModel['rulesets'][number]['family']; table: Table }> {
  for (const rs of model.rulesets) for (const t of rs.tables.values()) yield { family: rs.family, table: t };
}

export type At = { start: number; end: number };

/** The span of a word, or of the command's first two words (`-A CHAIN`) when there is none. */
export function spanOf(words: readonly Word[], w?: Word): At | undefined {
  if (w) return { start: w.s, end: w.e };
  const ws = words.filter((x) => !x.t.startsWith('['));
  if (!ws.length) return undefined;
  return { start: ws[0].s, end: (ws[1] ?? ws[0]).e };
}

/** Where a rule's -j/-g target is written. */
export function targetAt(model: LintModel, r: Rule): At | undefined {
  const words = model.ruleWords(r);
  return spanOf(words, wordAfter(words, '-j', 'jump') ?? wordAfter(words, '-g', 'goto'));
}

/** Where `-m NAME` is written (the NAME word). */
export function matchAt(model: LintModel, r: Rule, name: string): At | undefined {
  const words = model.ruleWords(r);
  for (let i = 1; i < words.length; i++) if (words[i].t === name && isOption(words[i - 1].t, '-m', 'match')) return spanOf(words, words[i]);
  return spanOf(words);
}

export function ruleAt(model: LintModel, r: Rule): At | undefined {
  return spanOf(model.ruleWords(r));
}

export function lineOfRule(model: LintModel, r: Rule): number | undefined {
  return r.span ? model.source.lineOf(r.span.start) : undefined;
}

/** "rule 3 (line 12)" */
export function ruleRef(model: LintModel, r: Rule, index: number): string {
  const l = lineOfRule(model, r);
  return l ? `rule ${index + 1} (line ${l})` : `rule ${index + 1}`;
}

const TERMINAL_EXT = new Set(['REJECT', 'DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP', 'NFQUEUE', 'TPROXY', 'SYNPROXY']);

/** The walk through the chain ends at this rule for every packet it matches (verdict, goto, RETURN, NAT, REJECT…). */
export function isTerminal(r: Rule): boolean {
  const t = r.target;
  if (t.kind === 'verdict' || t.kind === 'goto') return true;
  if (t.kind === 'ext') return TERMINAL_EXT.has(t.ext.name);
  return false;
}

export function targetText(r: Rule): string {
  const t = r.target;
  switch (t.kind) {
    case 'verdict': return `-j ${t.verdict}`;
    case 'jump': return `-j ${t.chain}`;
    case 'goto': return `-g ${t.chain}`;
    case 'ext': return `-j ${t.ext.name}`;
    default: return 'no target';
  }
}

/** Matches every packet: no addresses, interfaces, protocol, fragment flag, and no matches but comments. */
export function isUnconditional(r: Rule): boolean {
  return !r.src && !r.dst && !r.inIface && !r.outIface && (!r.proto || (r.proto.num === 0 && !r.proto.invert)) && !r.frag && r.matches.every((m) => m.name === 'comment');
}

// ------------------------------------------------------------------------------------------------------------
// What a rule matches, for shadowing. A rule "covers" another when every packet the second matches provably
// matches the first: each constraint of the first is implied by a constraint of the second. A constraint this
// module does not understand makes the first rule unusable (never claimed), but only narrows the second.

type Ports = [number, number][];

export interface Summary {
  rule: Rule;
  /** every constraint understood (only such rules are used as the covering rule) */
  known: boolean;
  /** --dport / --sport sets (non-inverted) */
  dports?: Ports;
  sports?: Ports;
  /** inverted or unusual port constraints (only narrow: never used for covering) */
  portsOther: boolean;
  /** tcp flags: mask/cmp/inverted, and option */
  tcpFlags?: string;
  /** conntrack states allowed (mask of ST bits) */
  states?: number;
  marks: { mark: number; mask: number }[];
  connmarks: { mark: number; mask: number }[];
  /** other matches, compared by identity of their data */
  others: ExtInstance[];
}

const STATEFUL = new Set(['limit', 'hashlimit', 'statistic', 'recent', 'quota', 'connlimit', 'connbytes', 'nfacct', 'rateest', 'cluster']);
const ALL_STATES = ST.INVALID | ST.ESTABLISHED | ST.RELATED | ST.NEW | ST.UNTRACKED | ST.SNAT | ST.DNAT;

function intersectPorts(a: Ports | undefined, b: Ports): Ports {
  if (!a) return b;
  const out: Ports = [];
  for (const [x1, x2] of a) for (const [y1, y2] of b) if (Math.max(x1, y1) <= Math.min(x2, y2)) out.push([Math.max(x1, y1), Math.min(x2, y2)]);
  return out;
}

function multiportRanges(d: { ports: number[]; pflags: boolean[] }): Ports {
  const out: Ports = [];
  for (let i = 0; i < d.ports.length; i++) {
    if (d.pflags[i] && i + 1 < d.ports.length) {
      out.push([d.ports[i], d.ports[i + 1]]);
      i++;
    } else out.push([d.ports[i], d.ports[i]]);
  }
  return out;
}

export function summarize(r: Rule): Summary {
  const s: Summary = { rule: r, known: true, portsOther: false, marks: [], connmarks: [], others: [] };
  for (const m of r.matches) {
    const d = m.data as Record<string, unknown>;
    switch (m.name) {
      case 'comment':
        break;
      case 'tcp':
      case 'udp': {
        const spts = d.spts as [number, number], dpts = d.dpts as [number, number];
        const full = (p: [number, number]) => p[0] === 0 && p[1] === 0xffff;
        if (!full(dpts)) {
          if (d.invDst) {
            s.portsOther = true;
            s.others.push(m);
          } else s.dports = intersectPorts(s.dports, [dpts]);
        }
        if (!full(spts)) {
          if (d.invSrc) {
            s.portsOther = true;
            s.others.push(m);
          } else s.sports = intersectPorts(s.sports, [spts]);
        }
        if (m.name === 'tcp' && ((d.flgMask as number) !== 0 || (d.option as number) !== 0 || d.invFlags || d.invOption)) {
          s.tcpFlags = `${d.flgMask}/${d.flgCmp}/${d.invFlags ? 1 : 0}/${d.option}/${d.invOption ? 1 : 0}`;
        }
        break;
      }
      case 'multiport': {
        const ranges = multiportRanges(d as unknown as { ports: number[]; pflags: boolean[] });
        if (d.invert || d.flags === 'ports') {
          s.portsOther = true;
          s.others.push(m);
        } else if (d.flags === 'dports') s.dports = intersectPorts(s.dports, ranges);
        else s.sports = intersectPorts(s.sports, ranges);
        break;
      }
      case 'conntrack':
      case 'state': {
        const flags = d.matchFlags as number;
        if (flags & CT.STATE) {
          let mask = d.stateMask as number;
          if ((d.invertFlags as number) & CT.STATE) mask = ALL_STATES & ~mask;
          s.states = s.states === undefined ? mask : s.states & mask;
        }
        if (flags & ~(CT.STATE | CT.STATE_ALIAS)) s.others.push(m);
        break;
      }
      case 'mark':
      case 'connmark': {
        const list = m.name === 'mark' ? s.marks : s.connmarks;
        if (d.invert) {
          s.others.push(m);
        } else list.push({ mark: (d.mark as number) >>> 0, mask: (d.mask as number) >>> 0 });
        break;
      }
      default:
        // a match with its own state or randomness can miss in one rule and hit in the next with the same data
        if (STATEFUL.has(m.name)) s.known = false;
        s.others.push(m);
    }
  }
  return s;
}

function addrCovers(a: { addr: AddrMask; invert: boolean } | undefined, b: { addr: AddrMask; invert: boolean } | undefined): boolean {
  if (!a) return true;
  const A = a.addr;
  const anyB = !b;
  if (A.family === 'ipv4') {
    const am = A.mask >>> 0;
    if (!a.invert) {
      if (am === 0) return true;
      if (anyB || b.invert || b.addr.family !== 'ipv4') return false;
      const bm = b.addr.mask >>> 0;
      return ((am & bm) >>> 0) === am && ((b.addr.addr & am) >>> 0) === ((A.addr & am) >>> 0);
    }
    if (anyB || b.addr.family !== 'ipv4') return false;
    const bm = b.addr.mask >>> 0;
    if (b.invert) return ((bm & am) >>> 0) === bm && ((A.addr & bm) >>> 0) === ((b.addr.addr & bm) >>> 0); // !A ⊇ !B ⇔ A ⊆ B
    const common = (am & bm) >>> 0; // !A ⊇ B ⇔ A ∩ B = ∅
    return ((A.addr & common) >>> 0) !== ((b.addr.addr & common) >>> 0);
  }
  const am = A.mask;
  if (!a.invert) {
    if (am === 0n) return true;
    if (anyB || b.invert || b.addr.family !== 'ipv6') return false;
    const bm = b.addr.mask;
    return (am & bm) === am && (b.addr.addr & am) === (A.addr & am);
  }
  if (anyB || b.addr.family !== 'ipv6') return false;
  const bm = b.addr.mask;
  if (b.invert) return (bm & am) === bm && (A.addr & bm) === (b.addr.addr & bm);
  const common = am & bm;
  return (A.addr & common) !== (b.addr.addr & common);
}

/** interface name patterns: "eth0" exact, "eth+" any name starting with "eth" ("+" alone: every interface) */
function ifaceSubset(a: string, b: string): boolean {
  if (a.endsWith('+')) {
    const p = a.slice(0, -1);
    return b.startsWith(p);
  }
  return !b.endsWith('+') && a === b;
}
function ifaceDisjoint(a: string, b: string): boolean {
  const pa = a.endsWith('+') ? a.slice(0, -1) : undefined;
  const pb = b.endsWith('+') ? b.slice(0, -1) : undefined;
  if (pa !== undefined && pb !== undefined) return !pa.startsWith(pb) && !pb.startsWith(pa);
  if (pa !== undefined) return !b.startsWith(pa);
  if (pb !== undefined) return !a.startsWith(pb);
  return a !== b;
}
function ifaceCovers(a: Iface | undefined, b: Iface | undefined): boolean {
  if (!a || (!a.invert && a.name === '+')) return true;
  if (!b) return false;
  if (!a.invert) return !b.invert && ifaceSubset(a.name, b.name);
  if (b.invert) return ifaceSubset(b.name, a.name);
  return ifaceDisjoint(a.name, b.name);
}

function portsCover(a: Ports | undefined, b: Ports | undefined): boolean {
  if (!a) return true;
  if (!b) return false;
  return b.every(([b1, b2]) => a.some(([a1, a2]) => a1 <= b1 && b2 <= a2));
}

function markCovers(a: { mark: number; mask: number }[], b: { mark: number; mask: number }[]): boolean {
  return a.every((x) => b.some((y) => ((y.mask & x.mask) >>> 0) === x.mask && ((y.mark & x.mask) >>> 0) === ((x.mark & x.mask) >>> 0)));
}

const dataKey = (m: ExtInstance): string => m.name + JSON.stringify(m.data, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Set ? [...v] : v));

/** Every packet `b` matches is matched by `a` (a is known). */
export function covers(a: Summary, b: Summary): boolean {
  const A = a.rule, B = b.rule;
  if (!addrCovers(A.src, B.src) || !addrCovers(A.dst, B.dst)) return false;
  if (!ifaceCovers(A.inIface, B.inIface) || !ifaceCovers(A.outIface, B.outIface)) return false;
  if (A.proto && A.proto.num !== 0) {
    const bp = B.proto;
    if (!bp || bp.num === 0) return false;
    if (!A.proto.invert && (bp.invert || bp.num !== A.proto.num)) return false;
    if (A.proto.invert && (bp.invert ? bp.num !== A.proto.num : bp.num === A.proto.num)) return false;
  }
  if (A.frag && (!B.frag || B.frag.invert !== A.frag.invert)) return false;
  if (!portsCover(a.dports, b.dports) || !portsCover(a.sports, b.sports)) return false;
  if (a.tcpFlags !== undefined && a.tcpFlags !== b.tcpFlags) return false;
  if (a.states !== undefined && (b.states === undefined || (b.states & ~a.states) !== 0)) return false;
  if (!markCovers(a.marks, b.marks) || !markCovers(a.connmarks, b.connmarks)) return false;
  if (a.others.length) {
    const keys = new Set(b.others.map(dataKey));
    if (!a.others.every((m) => keys.has(dataKey(m)))) return false;
  }
  return true;
}

/** An exact single address (/32 or /128, not inverted) as a map key. */
export function exactKey(x: { addr: AddrMask; invert: boolean } | undefined): string | undefined {
  if (!x || x.invert) return undefined;
  const a = x.addr;
  if (a.family === 'ipv4') return a.mask >>> 0 === 0xffffffff ? String(a.addr >>> 0) : undefined;
  return a.mask === (1n << 128n) - 1n ? a.addr.toString(16) : undefined;
}

export { ST, CT };

// ------------------------------------------------------------------------------------------------------------
// Per-chain facts several rules share (computed once per model).

export interface ChainFacts {
  /** index of the first rule that ends the walk for every packet, if any */
  stopAt: number;
  /** later rule index → earlier identical rule index (comments ignored) */
  duplicates: Map<number, number>;
}

const FACTS = new WeakMap<LintModel, Map<Chain, ChainFacts>>();

function cheapKey(r: Rule): string {
  const t = r.target;
  const tk = t.kind === 'ext' ? t.ext.name : t.kind === 'verdict' ? t.verdict : t.kind === 'none' ? '' : `${t.kind}:${t.chain}`;
  let k = `${tk}|${exactKey(r.dst) ?? (r.dst ? 'd' : '')}|${exactKey(r.src) ?? (r.src ? 's' : '')}|${r.proto?.num ?? ''}|${r.inIface?.name ?? ''}|${r.outIface?.name ?? ''}`;
  for (const m of r.matches) if (m.name !== 'comment') k += `|${m.name}`;
  return k;
}

export function chainFacts(model: LintModel, family: Family, c: Chain): ChainFacts {
  let byChain = FACTS.get(model);
  if (!byChain) FACTS.set(model, (byChain = new Map()));
  let f = byChain.get(c);
  if (f) return f;
  const rules = c.rules;
  let stopAt = -1;
  for (let i = 0; i < rules.length; i++) {
    if (isTerminal(rules[i]) && isUnconditional(rules[i])) {
      stopAt = i;
      break;
    }
  }
  const duplicates = new Map<number, number>();
  const buckets = new Map<string, number[]>();
  const full = new Map<number, string>();
  const fullKey = (i: number) => {
    let k = full.get(i);
    if (k === undefined) {
      const r = rules[i];
      full.set(i, (k = ruleSpecText({ ...r, matches: r.matches.filter((m) => m.name !== 'comment') }, family, model.flavor)));
    }
    return k;
  };
  for (let i = 0; i < rules.length; i++) {
    const ck = cheapKey(rules[i]);
    const b = buckets.get(ck);
    if (!b) {
      buckets.set(ck, [i]);
      continue;
    }
    const same = b.find((j) => fullKey(j) === fullKey(i));
    if (same !== undefined) duplicates.set(i, same);
    else b.push(i);
  }
  f = { stopAt, duplicates };
  byChain.set(c, f);
  return f;
}
