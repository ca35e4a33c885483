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

/**
 * A rule with its extensions looked up once, its ipt_entry part and target flattened into fields every compiled rule
 * has (one class, one hidden class: the hot loop's property loads stay monomorphic whatever optional parts the
 * model's rules carry), and this session's counters.
 */
export class CompiledRule {
  /** the match modules, in order (undefined: not known to this build) */
  readonly defs: (ExtensionDef | undefined)[];
  /** the matches the hot loop calls (no-op ones such as comment left out), with their functions and positions */
  readonly insts: ExtInstance[];
  /** undefined: not emulated by the trace engine (an undecided match) */
  readonly fns: (MatchFn | undefined)[];
  readonly pos: number[];
  readonly nMatches: number;
  /** a first match folded into the rule (tcp/udp, see ExtensionDef.l4Test): its protocol (0: none) and position */
  readonly l4Proto: number;
  l4Pos = -1;
  readonly sLo: number;
  readonly sHi: number;
  readonly sInv: boolean;
  readonly dLo: number;
  readonly dHi: number;
  readonly dInv: boolean;
  readonly flgMask: number;
  readonly flgCmp: number;
  readonly flgInv: boolean;
  readonly target: ExtensionDef | undefined;
  /** T_NONE … T_EXT */
  readonly tkind: number;
  /** T_VERDICT: ACCEPT, DROP or QUEUE */
  readonly verdict: 'ACCEPT' | 'DROP' | 'QUEUE';
  /** T_JUMP/T_GOTO: the chain's name */
  readonly jumpName: string;
  /** T_EXT: the target instance */
  readonly tinst: ExtInstance | undefined;
  /** T_EXT: the target's outcome when it depends on the rule alone (ExtensionDef.staticOutcome) */
  readonly tstatic: TargetOutcome | undefined;
  pkts = 0;
  bytes = 0;
  /** -s/-d: mask 0 (and not inverted) means no test */
  readonly hasSrc: boolean;
  readonly srcAddr: number | bigint;
  readonly srcMask: number | bigint;
  readonly srcInv: boolean;
  readonly hasDst: boolean;
  readonly dstAddr: number | bigint;
  readonly dstMask: number | bigint;
  readonly dstInv: boolean;
  /** -i/-o: '' = no test; a trailing + is a prefix */
  readonly inName: string;
  readonly inPrefix: boolean;
  readonly inInv: boolean;
  readonly outName: string;
  readonly outPrefix: boolean;
  readonly outInv: boolean;
  /** -p: 0 = any */
  readonly proto: number;
  readonly protoInv: boolean;
  /** -f: 0 none, 1 fragments only, 2 non-fragments only */
  readonly frag: number;
  /** the chain a jump/goto goes to, resolved on first use */
  jump: CompiledChain | undefined = undefined;

  constructor(readonly rule: Rule, family: Family) {
    const zero = family === 'ipv4' ? 0 : 0n;
    this.defs = rule.matches.map((m) => findMatch(m.name, family));
    this.insts = [];
    this.fns = [];
    this.pos = [];
    let l4: L4Test | undefined;
    rule.matches.forEach((m, k) => {
      const def = this.defs[k];
      if (NO_OP_MATCHES.has(m.name) && def?.match) return;
      // the first match that runs may be folded into the rule: nothing before it can have a side effect
      if (this.insts.length === 0 && l4 === undefined && this.l4Pos < 0) {
        l4 = def?.l4Test?.(m);
        if (l4) {
          this.l4Pos = k;
          return;
        }
      }
      this.insts.push(m);
      this.fns.push(def?.match);
      this.pos.push(k);
    });
    const t4 = l4 ?? NO_L4;
    this.l4Proto = l4 ? t4.proto : 0;
    this.sLo = t4.sLo;
    this.sHi = t4.sHi;
    this.sInv = t4.sInv;
    this.dLo = t4.dLo;
    this.dHi = t4.dHi;
    this.dInv = t4.dInv;
    this.flgMask = t4.flgMask;
    this.flgCmp = t4.flgCmp;
    this.flgInv = t4.flgInv;
    this.nMatches = this.insts.length;
    const t = rule.target;
    this.tkind = t.kind === 'none' ? T_NONE : t.kind === 'verdict' ? (t.verdict === 'RETURN' ? T_RETURN : T_VERDICT) : t.kind === 'jump' ? T_JUMP : t.kind === 'goto' ? T_GOTO : T_EXT;
    this.verdict = t.kind === 'verdict' && t.verdict !== 'RETURN' ? t.verdict : 'ACCEPT';
    this.jumpName = t.kind === 'jump' || t.kind === 'goto' ? t.chain : '';
    this.tinst = t.kind === 'ext' ? t.ext : undefined;
    this.target = t.kind === 'ext' ? findTarget(t.ext.name, family) : undefined;
    this.tstatic = t.kind === 'ext' && this.target?.apply ? this.target.staticOutcome?.(t.ext) : undefined;
    this.hasSrc = rule.src !== undefined;
    this.srcAddr = rule.src ? rule.src.addr.addr : zero;
    this.srcMask = rule.src ? rule.src.addr.mask : zero;
    this.srcInv = rule.src ? rule.src.invert : false;
    this.hasDst = rule.dst !== undefined;
    this.dstAddr = rule.dst ? rule.dst.addr.addr : zero;
    this.dstMask = rule.dst ? rule.dst.addr.mask : zero;
    this.dstInv = rule.dst ? rule.dst.invert : false;
    const inI = rule.inIface;
    const outI = rule.outIface;
    this.inPrefix = !!inI && inI.name.endsWith('+');
    this.inName = inI ? (this.inPrefix ? inI.name.slice(0, -1) : inI.name) : '';
    this.inInv = inI ? inI.invert : false;
    this.outPrefix = !!outI && outI.name.endsWith('+');
    this.outName = outI ? (this.outPrefix ? outI.name.slice(0, -1) : outI.name) : '';
    this.outInv = outI ? outI.invert : false;
    this.proto = rule.proto ? rule.proto.num : 0;
    this.protoInv = rule.proto ? rule.proto.invert : false;
    this.frag = rule.frag ? (rule.frag.invert ? 2 : 1) : 0;
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
  /** the index (undefined: walked linearly): rules by exact destination, and the rules any destination may match */
  private readonly idx: Map<number | bigint, Int32Array> | undefined;
  private readonly gen: Int32Array;

  constructor(readonly chain: Chain, readonly rules: CompiledRule[], idx?: Map<number | bigint, Int32Array>, gen?: Int32Array) {
    this.name = chain.name;
    this.builtin = chain.builtin;
    this.n = rules.length;
    this.idx = idx;
    this.gen = gen ?? EMPTY;
  }

  get index(): boolean {
    return this.idx !== undefined;
  }

  /** the first rule index >= i that may match pkt (rules.length when none) */
  nextCandidate(i: number, pkt: Packet): number {
    if (this.idx === undefined) return i;
    const b = this.idx.get(pkt.dst) ?? EMPTY;
    const gen = this.gen;
    const gi = lowerBound(gen, i);
    const bi = lowerBound(b, i);
    const g = gi < gen.length ? gen[gi] : this.n;
    const h = bi < b.length ? b[bi] : this.n;
    return g < h ? g : h;
  }
}

const EMPTY = new Int32Array(0);

function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
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
  const idx = new Map<number | bigint, Int32Array>();
  for (const [k, v] of buckets) idx.set(k, Int32Array.from(v));
  return new CompiledChain(chain, compiledRules, idx, Int32Array.from(generic));
}
