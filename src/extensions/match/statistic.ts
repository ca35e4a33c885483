// -m statistic (libxt_statistic.c, revision 0 = struct xt_statistic_info): --mode random --probability p (kept by the
// kernel as lround(p * 2^31), printed back with "%.11f") or --mode nth --every n --packet p (every stored as n-1).
import { paramProblem } from '../../diag/errors.js';
import type { ExtensionDef, PacketEnv } from '../types.js';
import type { ExtInstance } from '../../model/ruleset.js';

const MODE_RANDOM = 0;
const MODE_NTH = 1;

interface StatisticData {
  mode: number;
  invert: boolean;
  /** u.random.probability: lround(0x80000000 * p) */
  probability: number;
  /** u.nth.every (n - 1), u.nth.packet, u.nth.count */
  every: number;
  packet: number;
  count: number;
}

/** C lround(): halves away from zero. */
function lround(x: number): number {
  const a = Math.abs(x);
  const f = Math.floor(a);
  const r = a - f >= 0.5 ? f + 1 : f;
  return x < 0 ? -r : r;
}

/** C strtod() over the whole string (end must reach '\0'); undefined when it does not. */
export function strtodWhole(str: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(.*)$/s.exec(str)!;
  const sign = m[1] === '-' ? -1 : 1;
  const t = m[2];
  if (/^(inf|infinity)$/i.test(t)) return sign * Infinity;
  if (/^nan(\([0-9A-Za-z_]*\))?$/i.test(t)) return NaN;
  const hex = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(t);
  if (hex && (hex[1] + (hex[2] ?? '')).length > 0) {
    const digits = hex[1] + (hex[2] ?? '');
    let v = 0;
    for (const c of digits) v = v * 16 + parseInt(c, 16);
    const exp = (hex[3] ? Number(hex[3]) : 0) - 4 * (hex[2]?.length ?? 0);
    return sign * v * 2 ** exp;
  }
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return sign * Number(t);
}

/** printf("%.Nf", k / 2^shift) exactly as glibc prints it (exact value, round half to even). */
export function fixedPointText(k: bigint, shift: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const num = k * scale;
  const den = 1n << shift;
  let q = num / den;
  const r = num % den;
  if (r * 2n > den || (r * 2n === den && q % 2n === 1n)) q += 1n;
  const int = q / scale;
  const frac = (q % scale).toString().padStart(decimals, '0');
  return `${int}.${frac}`;
}

function matchText(s: StatisticData, prefix: string): string {
  const inv = s.invert ? ' !' : '';
  if (s.mode === MODE_RANDOM) {
    return ` ${prefix}mode random${inv} ${prefix}probability ${fixedPointText(BigInt(s.probability), 31n, 11)}`;
  }
  if (s.mode === MODE_NTH) {
    let out = ` ${prefix}mode nth${inv} ${prefix}every ${(s.every + 1) >>> 0}`;
    if (s.packet || prefix) out += ` ${prefix}packet ${s.packet}`;
    return out;
  }
  return '';
}

// ---------- packet semantics: statistic_mt() ----------

interface NthState {
  count: number;
  /** the last evaluation, for whyNot (texts are built only when asked: this is a per-packet hot path) */
  lastHit: boolean;
  lastOld: number;
}

/**
 * random: (prandom_u32() & 0x7FFFFFFF) < probability, inverted by "!".
 * nth: the per-rule counter goes count → (count == every ? 0 : count + 1) on every packet that reaches the match,
 * and the match hits when the new value is 0. The counter starts at every - packet (every stored as n - 1), so
 * "--every 2 --packet 0" hits the 1st, 3rd, … packet and "--every 3 --packet 1" the 2nd, 5th, … (0-based p, p+n, …).
 */
function statisticMatch(inst: ExtInstance, env: PacketEnv): boolean {
  const s = inst.data as unknown as StatisticData;
  if (s.mode === MODE_RANDOM) {
    // (prandom_u32() & 0x7FFFFFFF) < probability: true with probability probability / 2^31
    const draw = env.chance(s.probability, 0x80000000);
    // the draw is kept only for whyNot's text
    if (env.explain !== false) env.state<NthState>(inst, () => ({ count: s.count >>> 0, lastHit: false, lastOld: 0 })).lastHit = draw;
    return draw !== s.invert;
  }
  const st = env.state<NthState>(inst, () => ({ count: s.count >>> 0, lastHit: false, lastOld: 0 }));
  let hit: boolean;
  {
    st.lastOld = st.count;
    st.count = st.lastOld === s.every ? 0 : (st.lastOld + 1) >>> 0;
    hit = st.count === 0;
  }
  st.lastHit = hit;
  return hit !== s.invert;
}

function statisticWhyNot(inst: ExtInstance, env: PacketEnv): string {
  const s = inst.data as unknown as StatisticData;
  const st = env.state<NthState>(inst, () => ({ count: s.count >>> 0, lastHit: false, lastOld: 0 }));
  let why = s.mode === MODE_RANDOM
    ? `random draw ${st.lastHit ? 'under' : 'not under'} probability ${fixedPointText(BigInt(s.probability), 31n, 11)}`
    : `nth counter ${st.lastOld} → ${st.count} (every ${(s.every + 1) >>> 0}, hits on 0)`;
  if (s.invert) why += ' (inverted)';
  return why;
}

const statistic: ExtensionDef = {
  kind: 'match',
  name: 'statistic',
  revision: 0,
  options: [
    { name: 'mode', type: 'string', mand: true },
    // XTTYPE_DOUBLE (0-1), parsed locally with strtod() semantics (hex floats, leading blanks, inf/nan)
    { name: 'probability', type: 'string', invert: true, excl: ['every', 'packet'] },
    { name: 'every', type: 'uint32', min: 1, invert: true, excl: ['probability'], also: ['packet'] },
    { name: 'packet', type: 'uint32', excl: ['probability'], also: ['every'] },
  ],
  init(data) {
    data.mode = MODE_RANDOM;
    data.invert = false;
    data.probability = 0;
    data.every = 0;
    data.packet = 0;
    data.count = 0;
  },
  parse(cb) {
    const s = cb.data as unknown as StatisticData;
    if (cb.invert) s.invert = true;
    switch (cb.opt.name) {
      case 'mode':
        if (cb.arg === 'random') s.mode = MODE_RANDOM;
        else if (cb.arg === 'nth') s.mode = MODE_NTH;
        else throw paramProblem(`Bad mode "${cb.arg}"`);
        break;
      case 'probability':
        {
          const v = strtodWhole(cb.arg ?? '');
          if (v === undefined || v < 0 || v > 1) {
            throw paramProblem('statistic: bad value for option "--probability", or out of range (0-1).\n');
          }
          // lround(NaN) is LONG_MIN on x86-64: 0 once truncated to u32
          s.probability = Number.isNaN(v) ? 0 : lround(0x80000000 * v) >>> 0;
        }
        break;
      case 'every':
        if (cb.val.t === 'int') s.every = (Number(cb.val.v) - 1) >>> 0;
        break;
      case 'packet':
        if (cb.val.t === 'int') s.packet = Number(cb.val.v) >>> 0;
        break;
    }
  },
  finalCheck(fc) {
    const s = fc.data as unknown as StatisticData;
    if (s.mode === MODE_RANDOM && !fc.seen.has('probability')) {
      throw paramProblem('--probability must be specified when using random mode');
    }
    if (s.mode === MODE_NTH && !fc.seen.has('every') && !fc.seen.has('packet')) {
      throw paramProblem('--every and --packet must be specified when using nth mode');
    }
    if (s.packet > s.every) throw paramProblem('the --packet p must be 0 <= p <= n-1');
    s.count = (s.every - s.packet) >>> 0;
  },
  save(inst) {
    return matchText(inst.data as unknown as StatisticData, '--');
  },
  print(inst) {
    return ' statistic' + matchText(inst.data as unknown as StatisticData, '');
  },
  match: statisticMatch,
  whyNot: statisticWhyNot,
};

export default statistic;
