// Compiled chains for kube-proxy scale: big chains get an index by exact destination address (as IPVS hashes its
// virtual services), so a packet only evaluates the rules whose -d can equal its destination plus the rules without
// an exact -d. Skipped rules fail ip_packet_match() before any extension runs, so skipping them has no effect on
// stateful matches (nth counters, limits): verdicts and side effects are those of the linear walk.
import type { Packet } from '../model/packet.js';
import type { Chain, ExtInstance, Rule } from '../model/ruleset.js';
import type { Family } from '../values/addr.js';
import { findMatch, findTarget } from '../extensions/registry.js';
import type { ExtensionDef, L4Test, TargetOutcome } from '../extensions/types.js';

/** what a rule's target does, as a small integer the hot loop switches on */
export const T_NONE = 0;
export const T_VERDICT = 1;
export const T_RETURN = 2;
export const T_JUMP = 3;
export const T_GOTO = 4;
export const T_EXT = 5;

type MatchFn = NonNullable<ExtensionDef['match']>;

const NO_L4: L4Test = { proto: 0, sLo: 0, sHi: 0xffff, sInv: false, dLo: 0, dHi: 0xffff, dInv: false, flgMask: 0, flgCmp: 0, flgInv: false };

/** matches whose match() is always true and have no other effect (skipped by the hot loop) */
const NO_OP_MATCHES = new Set(['comment']);

/** CompiledRule.pre: which ip_packet_match() parts and folded tests a rule has (0: none, the common case) */
export const PRE_SRC = 1;
export const PRE_DST = 2;
export const PRE_IN = 4;
export const PRE_OUT = 8;
export const PRE_PROTO = 16;
export const PRE_FRAG = 32;
export const PRE_L4 = 64;
/** CompiledRule.flags: inversions and interface prefixes */
export const F_SRC_INV = 1;
export const F_DST_INV = 2;
export const F_IN_PREFIX = 4;
export const F_IN_INV = 8;
export const F_OUT_PREFIX = 16;
export const F_OUT_INV = 32;
export const F_PROTO_INV = 64;
/** -f inverted: only non-fragments */
export const F_FRAG_INV = 128;
export const F_SPORT_INV = 256;
export const F_DPORT_INV = 512;
export const F_FLAGS_INV = 1024;

/**
 * A rule with its extensions looked up once, its ipt_entry part and target flattened into fields every compiled rule
 * has (one class, one hidden class: the hot loop's property loads stay monomorphic whatever optional parts the
 * model's rules carry), and this session's counters. The fields the per-packet test reads come first and are small
 * integers (IPv4 addresses as signed 32-bit values, booleans as bits), so a rule's test touches few cache lines and
 * no boxed numbers.
 */
export class CompiledRule {
  /** PRE_* bits: the tests to run before the matches */
  readonly pre: number;
  /** F_* bits */
  readonly flags: number;
  /** the next rule of the chain (undefined: the last) */
  next: CompiledRule | undefined = undefined;
  /** -s/-d (IPv4: signed 32-bit, IPv6: bigint) */
  readonly srcAddr: number | bigint;
  readonly srcMask: number | bigint;
  readonly dstAddr: number | bigint;
  readonly dstMask: number | bigint;
  /** -i/-o without a trailing + */
  readonly inName: string;
  readonly outName: string;
  /** -p */
  readonly proto: number;
  /** a first match folded into the rule (tcp/udp, see ExtensionDef.l4Test): protocol, ranges, flags, position */
  readonly l4Proto: number;
  readonly sLo: number;
  readonly sHi: number;
  readonly dLo: number;
  readonly dHi: number;
  readonly flgMask: number;
  readonly flgCmp: number;
  readonly l4Pos: number;
  /** the matches the hot loop calls (no-op ones such as comment and the folded one left out) */
  readonly nMatches: number;
  /** the first of them, inline: instance, function (undefined: not emulated) and position */
  readonly inst0: ExtInstance | undefined;
  readonly fn0: MatchFn | undefined;
  readonly pos0: number;
  readonly insts: ExtInstance[];
  /** undefined: not emulated by the trace engine (an undecided match) */
  readonly fns: (MatchFn | undefined)[];
  /** each called match's position in rule.matches */
  readonly pos: number[];
  /** T_NONE … T_EXT */
  readonly tkind: number;
  /** the chain a jump/goto goes to, resolved on first use */
  jump: CompiledChain | undefined = undefined;
  /** T_VERDICT: ACCEPT, DROP or QUEUE */
  readonly verdict: 'ACCEPT' | 'DROP' | 'QUEUE';
  /** T_EXT: the target's outcome when it depends on the rule alone (ExtensionDef.staticOutcome) */
  readonly tstatic: TargetOutcome | undefined;
  /** T_EXT: the target instance and module */
  readonly tinst: ExtInstance | undefined;
  readonly target: ExtensionDef | undefined;
  /** T_JUMP/T_GOTO: the chain's name */
  readonly jumpName: string;
  pkts = 0;
  bytes = 0;
  /** the match modules of rule.matches, in order (undefined: not known to this build) */
  readonly defs: (ExtensionDef | undefined)[];

  constructor(readonly rule: Rule, family: Family) {
    const v4 = family === 'ipv4';
    const zero = v4 ? 0 : 0n;
    const addr = (a: number | bigint): number | bigint => (typeof a === 'number' ? a | 0 : a);
    let pre = 0;
    let flags = 0;
    if (rule.src) {
      pre |= PRE_SRC;
      if (rule.src.invert) flags |= F_SRC_INV;
    }
    if (rule.dst) {
      pre |= PRE_DST;
      if (rule.dst.invert) flags |= F_DST_INV;
    }
    this.srcAddr = rule.src ? addr(rule.src.addr.addr) : zero;
    this.srcMask = rule.src ? addr(rule.src.addr.mask) : zero;
    this.dstAddr = rule.dst ? addr(rule.dst.addr.addr) : zero;
    this.dstMask = rule.dst ? addr(rule.dst.addr.mask) : zero;
    const inI = rule.inIface;
    const outI = rule.outIface;
    if (inI) {
      pre |= PRE_IN;
      if (inI.name.endsWith('+')) flags |= F_IN_PREFIX;
      if (inI.invert) flags |= F_IN_INV;
    }
    if (outI) {
      pre |= PRE_OUT;
      if (outI.name.endsWith('+')) flags |= F_OUT_PREFIX;
      if (outI.invert) flags |= F_OUT_INV;
    }
    this.inName = inI ? (flags & F_IN_PREFIX ? inI.name.slice(0, -1) : inI.name) : '';
    this.outName = outI ? (flags & F_OUT_PREFIX ? outI.name.slice(0, -1) : outI.name) : '';
    this.proto = rule.proto ? rule.proto.num : 0;
    if (this.proto !== 0) {
      pre |= PRE_PROTO;
      if (rule.proto!.invert) flags |= F_PROTO_INV;
    }
    if (rule.frag) {
      pre |= PRE_FRAG;
      if (rule.frag.invert) flags |= F_FRAG_INV;
    }
    this.defs = rule.matches.map((m) => findMatch(m.name, family));
    const insts: ExtInstance[] = [];
    const fns: (MatchFn | undefined)[] = [];
    const pos: number[] = [];
    let l4: L4Test | undefined;
    let l4Pos = -1;
    rule.matches.forEach((m, k) => {
      const def = this.defs[k];
      if (NO_OP_MATCHES.has(m.name) && def?.match) return;
      // the first match that runs may be folded into the rule: nothing before it can have a side effect
      if (insts.length === 0 && l4Pos < 0) {
        l4 = def?.l4Test?.(m);
        if (l4) {
          l4Pos = k;
          return;
        }
      }
      insts.push(m);
      fns.push(def?.match);
      pos.push(k);
    });
    const t4 = l4 ?? NO_L4;
    if (l4) {
      pre |= PRE_L4;
      if (t4.sInv) flags |= F_SPORT_INV;
      if (t4.dInv) flags |= F_DPORT_INV;
      if (t4.flgInv) flags |= F_FLAGS_INV;
    }
    this.l4Proto = t4.proto;
    this.sLo = t4.sLo;
    this.sHi = t4.sHi;
    this.dLo = t4.dLo;
    this.dHi = t4.dHi;
    this.flgMask = t4.flgMask;
    this.flgCmp = t4.flgCmp;
    this.l4Pos = l4Pos;
    this.pre = pre;
    this.flags = flags;
    this.nMatches = insts.length;
    this.inst0 = insts[0];
    this.fn0 = fns[0];
    this.pos0 = insts.length ? pos[0] : -1;
    this.insts = insts;
    this.fns = fns;
    this.pos = pos;
    const t = rule.target;
    this.tkind = t.kind === 'none' ? T_NONE : t.kind === 'verdict' ? (t.verdict === 'RETURN' ? T_RETURN : T_VERDICT) : t.kind === 'jump' ? T_JUMP : t.kind === 'goto' ? T_GOTO : T_EXT;
    this.verdict = t.kind === 'verdict' && t.verdict !== 'RETURN' ? t.verdict : 'ACCEPT';
    this.target = t.kind === 'ext' ? findTarget(t.ext.name, family) : undefined;
    this.tstatic = t.kind === 'ext' && this.target?.apply ? this.target.staticOutcome?.(t.ext) : undefined;
    this.tinst = t.kind === 'ext' ? t.ext : undefined;
    this.jumpName = t.kind === 'jump' || t.kind === 'goto' ? t.chain : '';
  }
}

/** chains shorter than this are walked linearly */
export const INDEX_MIN_RULES = 64;

/** A chain with its compiled rules and, for big chains, the index by destination. */
export class CompiledChain {
  /** policy counters (base chains) */
  policyPkts = 0;
  policyBytes = 0;
  readonly name: string;
  readonly builtin: boolean;
  readonly n: number;
  /** the first rule (undefined: an empty chain); each rule links to the next */
  readonly first: CompiledRule | undefined;
  /** walked with the index (else linearly) */
  readonly index: boolean;
  /**
   * IPv4 index: an open-addressing table of [destination (signed 32-bit), start, count] triples (count 0: empty
   * slot) into `list`, the rule numbers of each destination in order — three typed arrays, so a lookup of a
   * destination no rule names (most lookups) reads one slot
   */
  private readonly tab: Int32Array;
  private readonly tmask: number;
  private readonly list: Int32Array;
  /** IPv6 index: rule numbers by destination */
  private readonly idx6: Map<bigint, Int32Array> | undefined;
  /** the rules any destination may match */
  private readonly gen: Int32Array;

  constructor(readonly chain: Chain, readonly rules: CompiledRule[], index?: { buckets: Map<number | bigint, number[]>; generic: number[] }) {
    this.name = chain.name;
    this.builtin = chain.builtin;
    this.n = rules.length;
    for (let k = 0; k + 1 < rules.length; k++) rules[k].next = rules[k + 1];
    this.first = rules[0];
    this.index = index !== undefined;
    this.gen = index ? Int32Array.from(index.generic) : EMPTY;
    let tab = EMPTY;
    let list = EMPTY;
    let tmask = 0;
    let idx6: Map<bigint, Int32Array> | undefined;
    if (index && typeof index.buckets.keys().next().value === 'bigint') {
      idx6 = new Map();
      for (const [k, v] of index.buckets) idx6.set(k as bigint, Int32Array.from(v));
    } else if (index) {
      let size = 16;
      while (size < index.buckets.size * 2) size *= 2;
      tab = new Int32Array(size * 3);
      tmask = size - 1;
      list = new Int32Array([...index.buckets.values()].reduce((n, v) => n + v.length, 0));
      let at = 0;
      for (const [k, v] of index.buckets) {
        const key = (k as number) | 0;
        let s = mix32(key) & tmask;
        while (tab[s * 3 + 2] !== 0) s = (s + 1) & tmask;
        tab[s * 3] = key;
        tab[s * 3 + 1] = at;
        tab[s * 3 + 2] = v.length;
        list.set(v, at);
        at += v.length;
      }
    }
    this.tab = tab;
    this.tmask = tmask;
    this.list = list;
    this.idx6 = idx6;
  }

  /** the first rule index >= i that may match pkt (rules.length when none) */
  nextCandidate(i: number, pkt: Packet): number {
    if (!this.index) return i;
    let list = this.list;
    let start = 0;
    let end = 0;
    const d = pkt.dst;
    if (typeof d === 'number') {
      const tab = this.tab;
      const mask = this.tmask;
      const key = d | 0;
      for (let s = mix32(key) & mask; ; s = (s + 1) & mask) {
        const count = tab[s * 3 + 2];
        if (count === 0) break;
        if (tab[s * 3] === key) {
          start = tab[s * 3 + 1];
          end = start + count;
          break;
        }
      }
    } else {
      const b = this.idx6?.get(d);
      if (b !== undefined) {
        list = b;
        end = b.length;
      }
    }
    const gen = this.gen;
    const gi = lowerBound(gen, 0, gen.length, i);
    const bi = lowerBound(list, start, end, i);
    const g = gi < gen.length ? gen[gi] : this.n;
    const h = bi < end ? list[bi] : this.n;
    return g < h ? g : h;
  }
}

const EMPTY = new Int32Array(0);

/** a 32-bit mix of an address for the index table (murmur3's finalizer) */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/** the first position in a[lo, hi) whose value is >= x (hi when none) */
function lowerBound(a: Int32Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function compileChain(chain: Chain, family: Family): CompiledChain {
  const rules = chain.rules;
  const compiledRules = rules.map((rule) => new CompiledRule(rule, family));
  if (rules.length < INDEX_MIN_RULES) return new CompiledChain(chain, compiledRules);
  const full = family === 'ipv4' ? 0xffffffff : (1n << 128n) - 1n;
  const buckets = new Map<number | bigint, number[]>();
  const generic: number[] = [];
  rules.forEach((r, i) => {
    const d = r.dst;
    if (d && !d.invert && d.addr.mask === full) {
      const key = d.addr.addr;
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    } else generic.push(i);
  });
  if (buckets.size === 0) return new CompiledChain(chain, compiledRules);
  return new CompiledChain(chain, compiledRules, { buckets, generic });
}
