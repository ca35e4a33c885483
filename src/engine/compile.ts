// Compiled chains for kube-proxy scale: big chains get an index by exact destination address (as IPVS hashes its
// virtual services), so a packet only evaluates the rules whose -d can equal its destination plus the rules without
// an exact -d. Skipped rules fail ip_packet_match() before any extension runs, so skipping them has no effect on
// stateful matches (nth counters, limits): verdicts and side effects are those of the linear walk.
import type { Packet } from '../model/packet.js';
import type { Chain, Rule } from '../model/ruleset.js';
import type { Family } from '../values/addr.js';
import { findMatch, findTarget } from '../extensions/registry.js';
import type { ExtensionDef } from '../extensions/types.js';

/**
 * A rule with its extensions looked up once, its ipt_entry part flattened into fields every compiled rule has (one
 * object shape: the hot loop's property loads stay monomorphic, whatever optional parts the model's rules carry),
 * and this session's counters.
 */
export interface CompiledRule {
  rule: Rule;
  /** the match modules, in order (undefined: not known to this build) */
  defs: (ExtensionDef | undefined)[];
  target: ExtensionDef | undefined;
  pkts: number;
  bytes: number;
  /** -s/-d: mask 0 (and not inverted) means no test */
  hasSrc: boolean;
  srcAddr: number | bigint;
  srcMask: number | bigint;
  srcInv: boolean;
  hasDst: boolean;
  dstAddr: number | bigint;
  dstMask: number | bigint;
  dstInv: boolean;
  /** -i/-o: '' = no test; a trailing + is a prefix */
  inName: string;
  inPrefix: boolean;
  inInv: boolean;
  outName: string;
  outPrefix: boolean;
  outInv: boolean;
  /** -p: 0 = any */
  proto: number;
  protoInv: boolean;
  /** -f: 0 none, 1 fragments only, 2 non-fragments only */
  frag: number;
  nMatches: number;
  /** the chain a jump/goto goes to, resolved on first use */
  jump: Chain | undefined;
}

function compileRule(rule: Rule, family: Family): CompiledRule {
  const zero = family === 'ipv4' ? 0 : 0n;
  const iface = (i: Rule['inIface']) => {
    if (!i) return { name: '', prefix: false, inv: false };
    const prefix = i.name.endsWith('+');
    return { name: prefix ? i.name.slice(0, -1) : i.name, prefix, inv: i.invert };
  };
  const inI = iface(rule.inIface);
  const outI = iface(rule.outIface);
  return {
    rule,
    defs: rule.matches.map((m) => findMatch(m.name, family)),
    target: rule.target.kind === 'ext' ? findTarget(rule.target.ext.name, family) : undefined,
    pkts: 0,
    bytes: 0,
    hasSrc: rule.src !== undefined,
    srcAddr: rule.src ? rule.src.addr.addr : zero,
    srcMask: rule.src ? rule.src.addr.mask : zero,
    srcInv: rule.src ? rule.src.invert : false,
    hasDst: rule.dst !== undefined,
    dstAddr: rule.dst ? rule.dst.addr.addr : zero,
    dstMask: rule.dst ? rule.dst.addr.mask : zero,
    dstInv: rule.dst ? rule.dst.invert : false,
    inName: inI.name,
    inPrefix: inI.prefix,
    inInv: inI.inv,
    outName: outI.name,
    outPrefix: outI.prefix,
    outInv: outI.inv,
    proto: rule.proto ? rule.proto.num : 0,
    protoInv: rule.proto ? rule.proto.invert : false,
    frag: rule.frag ? (rule.frag.invert ? 2 : 1) : 0,
    nMatches: rule.matches.length,
    jump: undefined,
  };
}

/** chains shorter than this are walked linearly */
export const INDEX_MIN_RULES = 64;

export interface CompiledChain {
  chain: Chain;
  rules: CompiledRule[];
  /** policy counters (base chains) */
  policyPkts: number;
  policyBytes: number;
  index: boolean;
  /** the first rule index >= i that may match pkt (rules.length when none) */
  nextCandidate(i: number, pkt: Packet): number;
}

const linear = (i: number): number => i;

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
  const compiledRules = rules.map((rule) => compileRule(rule, family));
  const LINEAR: CompiledChain = { chain, rules: compiledRules, policyPkts: 0, policyBytes: 0, index: false, nextCandidate: linear };
  if (rules.length < INDEX_MIN_RULES) return LINEAR;
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
  if (buckets.size === 0) return LINEAR;
  const gen = Int32Array.from(generic);
  const idx = new Map<number | bigint, Int32Array>();
  for (const [k, v] of buckets) idx.set(k, Int32Array.from(v));
  const EMPTY = new Int32Array(0);
  const n = rules.length;
  return {
    chain,
    rules: compiledRules,
    policyPkts: 0,
    policyBytes: 0,
    index: true,
    nextCandidate(i: number, pkt: Packet): number {
      const b = idx.get(pkt.dst) ?? EMPTY;
      const gi = lowerBound(gen, i);
      const bi = lowerBound(b, i);
      const g = gi < gen.length ? gen[gi] : n;
      const h = bi < b.length ? b[bi] : n;
      return g < h ? g : h;
    },
  };
}
