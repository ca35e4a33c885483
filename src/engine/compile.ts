// Compiled chains for kube-proxy scale: big chains get an index by exact destination address (as IPVS hashes its
// virtual services), so a packet only evaluates the rules whose -d can equal its destination plus the rules without
// an exact -d. Skipped rules fail ip_packet_match() before any extension runs, so skipping them has no effect on
// stateful matches (nth counters, limits): verdicts and side effects are those of the linear walk.
import type { Packet } from '../model/packet.js';
import type { Chain, Rule } from '../model/ruleset.js';
import type { Family } from '../values/addr.js';
import { findMatch, findTarget } from '../extensions/registry.js';
import type { ExtensionDef } from '../extensions/types.js';

/** A rule with its extensions looked up once, and this session's counters. */
export interface CompiledRule {
  rule: Rule;
  /** the match modules, in order (undefined: not known to this build) */
  defs: (ExtensionDef | undefined)[];
  target?: ExtensionDef;
  pkts: number;
  bytes: number;
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
  const compiledRules = rules.map((rule): CompiledRule => ({
    rule,
    defs: rule.matches.map((m) => findMatch(m.name, family)),
    target: rule.target.kind === 'ext' ? findTarget(rule.target.ext.name, family) : undefined,
    pkts: 0,
    bytes: 0,
  }));
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
