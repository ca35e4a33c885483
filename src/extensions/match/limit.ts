// -m limit (libxt_limit.c, revision 0 = struct xt_rateinfo): --limit rate[/second|/minute|/hour|/day] kept as
// avg = XT_LIMIT_SCALE * unit / rate and printed back by print_rate(), --limit-burst (default 5, not saved).
// iptables-nft turns the match into a native nft "limit" expression and back (same avg; a burst of 0 comes back as
// the kernel's default 5); the legacy kernel refuses burst 0 (ERANGE).
import { paramProblem } from '../../diag/errors.js';
import type { ExtensionDef, PacketEnv } from '../types.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { jiffies } from '../match-semantics.js';

export const XT_LIMIT_SCALE = 10000;
const DEFAULT_BURST = 5;

/** glibc atoi(): strtol() with clamping to long, then truncated to int; returned as the uint32_t it is assigned to. */
export function atoiU32(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(s)!;
  if (m[2] === '') return 0;
  let v = BigInt(m[2]);
  const LONG_MAX = (1n << 63n) - 1n;
  if (m[1] === '-') {
    v = -v;
    if (v < -LONG_MAX - 1n) v = -LONG_MAX - 1n;
  } else if (v > LONG_MAX) v = LONG_MAX;
  return Number(BigInt.asUintN(32, v));
}

function unitPrefix(word: string, unit: string): boolean {
  return word.length <= unit.length && unit.slice(0, word.length).toLowerCase() === word.toLowerCase();
}

/** parse_rate(): undefined for a bad rate; throws "Rate too fast". */
export function parseRate(rate: string, scale = XT_LIMIT_SCALE): number | undefined {
  let mult = 1;
  const slash = rate.indexOf('/');
  if (slash >= 0) {
    const u = rate.slice(slash + 1);
    if (u.length === 0) return undefined;
    if (unitPrefix(u, 'second')) mult = 1;
    else if (unitPrefix(u, 'minute')) mult = 60;
    else if (unitPrefix(u, 'hour')) mult = 3600;
    else if (unitPrefix(u, 'day')) mult = 86400;
    else return undefined;
  }
  const r = atoiU32(rate);
  if (!r) return undefined;
  const val = Math.floor(((scale * mult) >>> 0) / r);
  if (val === 0) throw paramProblem(`Rate too fast "${rate}"`);
  return val;
}

const RATES: readonly [string, number][] = [
  ['day', XT_LIMIT_SCALE * 86400], ['hour', XT_LIMIT_SCALE * 3600], ['min', XT_LIMIT_SCALE * 60], ['sec', XT_LIMIT_SCALE],
];

/** print_rate(): " N/unit" (" inf" for 0, printf("%f", INFINITY)). */
export function rateText(period: number): string {
  if (period === 0) return ' inf';
  let i = 1;
  for (; i < RATES.length; i++) {
    const mult = RATES[i][1];
    if (period > mult || Math.floor(mult / period) < mult % period) break;
  }
  return ` ${Math.floor(RATES[i - 1][1] / period)}/${RATES[i - 1][0]}`;
}

/** HZ * CREDITS_PER_JIFFY of the reference kernel (HZ=250: CREDITS_PER_JIFFY = POW2_BELOW32(0xFFFFFFFF / (HZ*86400)) = 128) */
const HZ_CPJ = 250 * 128;

/** net/netfilter/xt_limit.c user2credits() in u32 arithmetic */
function user2credits(user: number): number {
  if (user > Math.floor(0xffffffff / HZ_CPJ)) return Math.imul(Math.floor(user / XT_LIMIT_SCALE), HZ_CPJ) >>> 0;
  return Math.floor((Math.imul(user, HZ_CPJ) >>> 0) / XT_LIMIT_SCALE);
}

function legacyKernelRefuses(l: LimitData): boolean {
  return l.burst === 0 || user2credits(Math.imul(l.avg, l.burst) >>> 0) < user2credits(l.avg);
}

interface LimitData {
  avg: number;
  burst: number;
}

// ---------- packet semantics: limit_mt() of xt_limit.c ----------

const CREDITS_PER_JIFFY = 128;

interface LimitState {
  /** priv->prev (jiffies) and priv->credit (u32); the bucket starts full when the rule is loaded */
  prev: number;
  credit: number;
  cap: number;
  cost: number;
  why: string;
}

/**
 * The token bucket of xt_limit in its own units: credit_cap = user2credits(avg * burst), cost = user2credits(avg),
 * CREDITS_PER_JIFFY credits per jiffy (HZ=250), u32 arithmetic as in C (a gap of more than 2^25 jiffies, about
 * 37 hours, wraps the refill like the kernel does). A packet passes when the credit covers the cost.
 */
function limitMatch(inst: ExtInstance, env: PacketEnv): boolean {
  const l = inst.data as unknown as LimitData;
  const now = jiffies(env.now);
  const st = env.state<LimitState>(inst, () => {
    const cap = user2credits(Math.imul(l.avg, l.burst) >>> 0);
    return { prev: now, credit: cap, cap, cost: user2credits(l.avg), why: '' };
  });
  if (st.credit < st.cost && st.prev === now) {
    st.why = `limit reached: ${st.credit} credits < cost ${st.cost} (no time passed)`;
    return false;
  }
  const delta = Math.max(0, now - st.prev);
  const increase = ((delta % 0x2000000) * CREDITS_PER_JIFFY) >>> 0;
  st.prev = now;
  let credit = (st.credit + increase) >>> 0;
  if (credit > st.cap) credit = st.cap;
  const ok = credit >= st.cost;
  if (ok) credit = (credit - st.cost) >>> 0;
  else st.why = `limit reached: ${credit} credits < cost ${st.cost} (avg${rateText(l.avg)}, burst ${l.burst})`;
  st.credit = credit;
  return ok;
}

const limit: ExtensionDef = {
  kind: 'match',
  name: 'limit',
  revision: 0,
  options: [
    { name: 'limit', type: 'string' },
    { name: 'limit-burst', type: 'uint32', min: 0, max: 10000 },
  ],
  init(data) {
    Object.assign(data, { avg: parseRate('3/hour'), burst: DEFAULT_BURST });
  },
  parse(cb) {
    const l = cb.data as unknown as LimitData;
    if (cb.opt.name === 'limit') {
      const v = parseRate(cb.arg ?? '');
      if (v === undefined) throw paramProblem(`bad rate "${cb.arg}"'`);
      l.avg = v;
    } else if (cb.val.t === 'int') {
      l.burst = Number(cb.val.v);
    }
    if (cb.invert) throw paramProblem('limit does not support invert');
  },
  finalCheck(fc) {
    const l = fc.data as unknown as LimitData;
    // nft_limit_init(): a packet limit with burst 0 gets NFT_LIMIT_PKT_BURST_DEFAULT
    if (fc.ctx.flavor === 'nft' && l.burst === 0) l.burst = DEFAULT_BURST;
    // the legacy kernel's xt_limit checks the credit arithmetic (nft's native limit does not)
    if (fc.ctx.flavor === 'legacy' && legacyKernelRefuses(l)) (fc.data as Record<string, unknown>).erange = true;
  },
  save(inst) {
    const l = inst.data as unknown as LimitData;
    return ` --limit${rateText(l.avg)}${l.burst !== DEFAULT_BURST ? ` --limit-burst ${l.burst}` : ''}`;
  },
  print(inst) {
    const l = inst.data as unknown as LimitData;
    return ` limit: avg${rateText(l.avg)} burst ${l.burst}`;
  },
  match: limitMatch,
  whyNot: (inst, env) => env.state<LimitState>(inst, () => ({ prev: 0, credit: 0, cap: 0, cost: 0, why: '' })).why,
  // xt_limit checkentry (legacy only): burst 0 or avg*burst overflowing the credit computation → ERANGE
  // ("iptables: Numerical result out of range.")
  kernelRefuses(inst) {
    return inst.data.erange === true ? 'ERANGE' : false;
  },
};

export default limit;
