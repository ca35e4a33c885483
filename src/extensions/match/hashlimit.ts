// -m hashlimit (libxt_hashlimit.c, revision 3 = struct xt_hashlimit_mtinfo3): --hashlimit-upto/--hashlimit-above
// (packets: avg = 1e6 * unit / rate; bytes "Nb/s", "Nkb/s", "Nmb/s": a cost), --hashlimit-burst, -mode, -srcmask,
// -dstmask, -name, -htable-*, -rate-match, -rate-interval, with the defaults iptables-save omits or prints.
import { paramProblem } from '../../diag/errors.js';
import type { ExtensionDef, MatchResult, OptionCall, PacketEnv } from '../types.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { HZ, addrText, jiffies, msecsToJiffies } from '../match-semantics.js';
import { xtStrtoulPrefix } from '../../values/numbers.js';
import { truncateBytes } from './comment.js';

const SCALE = 1000000n;
const BYTE_SHIFT = 4n;
const BURST_DEFAULT = 5n;
const BURST_MAX = 1000000n;
const BYTE_EXPIRE = 15;
const BYTE_EXPIRE_BURST = 60;
const GCINTERVAL = 1000;
const U32_MAX = 0xffffffffn;
const U64_MAX = (1n << 64n) - 1n;

const M = { DIP: 1, DPT: 2, SIP: 4, SPT: 8, INVERT: 16, BYTES: 32, RATE_MATCH: 64 } as const;

interface HashlimitData {
  mode: number;
  avg: bigint;
  burst: bigint;
  size: number;
  max: number;
  gcInterval: number;
  expire: number;
  srcmask: number;
  dstmask: number;
  interval: number;
  name: string;
  /** hashlimit_mt_udata.mult (userspace only, not in the blob) */
  mult?: number;
}

/** glibc atoll(): strtoll clamped to long long, as uint64_t. */
function atollU64(s: string): bigint {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(s)!;
  if (m[2] === '') return 0n;
  let v = BigInt(m[2]);
  const MAX = (1n << 63n) - 1n;
  if (m[1] === '-') {
    v = -v;
    if (v < -MAX - 1n) v = -MAX - 1n;
  } else if (v > MAX) v = MAX;
  return BigInt.asUintN(64, v);
}

/** atoi() as int */
function atoiInt(s: string): number {
  return Number(BigInt.asIntN(32, atollU64(s)));
}

function factorOf(c: string | undefined): bigint {
  return c === 'm' ? 1048576n : c === 'k' ? 1024n : 1n;
}

function costToBytes(cost: bigint): bigint {
  let r = cost ? U32_MAX / cost : U32_MAX;
  r = BigInt.asUintN(64, (r - 1n) << BYTE_SHIFT);
  return r;
}

function bytesToCost(bytes: bigint): bigint {
  const r = BigInt.asUintN(32, bytes >> BYTE_SHIFT);
  return U32_MAX / BigInt.asUintN(32, r + 1n);
}

function unitPrefix(word: string, unit: string): boolean {
  return word.length <= unit.length && unit.slice(0, word.length).toLowerCase() === word.toLowerCase();
}

/** parse_bytes(): undefined when not a byte rate */
function parseBytes(rate: string, h: HashlimitData): bigint | undefined {
  const at = rate.indexOf('b/s');
  if (at <= 0) return undefined;
  const r = atollU64(rate);
  if (r === 0n) return undefined;
  const tmp = BigInt.asUintN(64, r * factorOf(rate[at - 1]));
  const cost = bytesToCost(tmp);
  if (cost === 0n) throw paramProblem(`Rate too high "${rate}"`);
  h.mult = BYTE_EXPIRE;
  return cost;
}

/** parse_rate() (revision 2+ scale) */
function parseRate(rate: string, h: HashlimitData): bigint | undefined {
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
  h.mult = mult;
  const r = atollU64(rate);
  if (!r) return undefined;
  const tmp = BigInt.asUintN(64, SCALE * BigInt(mult)) / r;
  if (tmp === 0n) throw paramProblem(`Rate too fast "${rate}"`);
  return tmp;
}

function parseMode(arg: string): number | undefined {
  let mode = 0;
  for (const tok of arg.split(/[,|]/)) {
    if (tok === '') continue;
    if (tok === 'dstip') mode |= M.DIP;
    else if (tok === 'srcip') mode |= M.SIP;
    else if (tok === 'srcport') mode |= M.SPT;
    else if (tok === 'dstport') mode |= M.DPT;
    else return undefined;
  }
  return mode;
}

const burstError = () => paramProblem(`bad value for option "--hashlimit-burst", or out of range (1-${BURST_MAX}).`);

function parseBurst(arg: string): bigint {
  const r = xtStrtoulPrefix(arg, 1n, U64_MAX);
  if (r === undefined || (r.end === arg.length && r.value > BURST_MAX)) throw burstError();
  return BigInt.asUintN(64, r.value * factorOf(arg[r.end]));
}

const badValue = (opt: string, arg: string) => paramProblem(`hashlimit: Bad value for "${opt}" option: "${arg}"`);

const RATES: readonly [string, bigint][] = [
  ['day', SCALE * 86400n], ['hour', SCALE * 3600n], ['min', SCALE * 60n], ['sec', SCALE],
];

/** print_rate(): text and the quantum (ms) */
function rateText(period: bigint): [string, number] {
  if (period === 0n) return [' inf', 0];
  let i = 1;
  for (; i < RATES.length; i++) {
    const mult = RATES[i][1];
    if (period > mult || mult / period < mult % period) break;
  }
  return [` ${RATES[i - 1][1] / period}/${RATES[i - 1][0]}`, Number(((RATES[i - 1][1] / SCALE) * 1000n) & U32_MAX)];
}

const UNITS: readonly [string, bigint][] = [['m', 1048576n], ['k', 1024n], ['', 1n]];

/** print_bytes(): text and the quantum */
function bytesText(avg: bigint, burst: bigint, prefix: string): [string, number] {
  let r = costToBytes(avg);
  let i = 0;
  for (; i < UNITS.length - 1; i++) {
    const t = UNITS[i][1];
    if (r >= t && bytesToCost(r & ~(t - 1n)) === avg) break;
  }
  let out = ` ${r / UNITS[i][1]}${UNITS[i][0]}b/s`;
  if (burst === 0n) return [out, BYTE_EXPIRE * 1000];
  r = BigInt.asUintN(64, r * burst);
  out += ` ${prefix}`;
  for (i = 0; i < UNITS.length - 1; i++) if (r >= UNITS[i][1]) break;
  out += `burst ${r / UNITS[i][1]}${UNITS[i][0]}b`;
  return [out, BYTE_EXPIRE_BURST * 1000];
}

function modeText(mode: number, sep: string): string {
  const parts: string[] = [];
  if (mode & M.SIP) parts.push('srcip');
  if (mode & M.SPT) parts.push('srcport');
  if (mode & M.DIP) parts.push('dstip');
  if (mode & M.DPT) parts.push('dstport');
  return ' ' + parts.join(sep);
}

const HASHED = M.SIP | M.SPT | M.DIP | M.DPT;

function parse(cb: OptionCall): void {
  const h = cb.data as unknown as HashlimitData;
  const arg = cb.arg ?? '';
  switch (cb.opt.name) {
    case 'hashlimit-burst':
      h.burst = parseBurst(arg);
      break;
    case 'hashlimit-upto': case 'hashlimit': case 'hashlimit-above': {
      const above = cb.opt.name === 'hashlimit-above';
      const other = cb.opt.name === 'hashlimit' ? 'hashlimit-upto' : cb.opt.name === 'hashlimit-upto' ? 'hashlimit' : '';
      if (other && cb.seen.has(other)) throw paramProblem(`hashlimit: option "--${cb.opt.name}" can only be used once.\n`);
      if (above !== cb.invert) h.mode |= M.INVERT;
      const b = parseBytes(arg, h);
      if (b !== undefined) {
        h.avg = b;
        h.mode |= M.BYTES;
      } else {
        const r = parseRate(arg, h);
        if (r === undefined) throw badValue(above ? '--hashlimit-above' : '--hashlimit-upto', arg);
        h.avg = r;
      }
      break;
    }
    case 'hashlimit-mode': {
      const m = parseMode(arg);
      if (m === undefined) throw badValue('--hashlimit-mode', arg);
      h.mode |= m;
      break;
    }
    case 'hashlimit-srcmask': case 'hashlimit-dstmask':
      if (cb.val.t === 'plen') {
        const len = cb.val.len & 0xff;
        if (cb.opt.name === 'hashlimit-srcmask') h.srcmask = len;
        else h.dstmask = len;
      }
      break;
    case 'hashlimit-htable-size': case 'hashlimit-htable-max': case 'hashlimit-htable-gcinterval': case 'hashlimit-htable-expire': {
      if (cb.val.t !== 'int') break;
      const v = Number(cb.val.v);
      if (cb.opt.name === 'hashlimit-htable-size') h.size = v;
      else if (cb.opt.name === 'hashlimit-htable-max') h.max = v;
      else if (cb.opt.name === 'hashlimit-htable-gcinterval') h.gcInterval = v;
      else h.expire = v;
      break;
    }
    case 'hashlimit-name':
      h.name = truncateBytes(arg, 254);
      break;
    case 'hashlimit-rate-match':
      h.mode |= M.RATE_MATCH;
      break;
    case 'hashlimit-rate-interval': {
      const r = atoiInt(arg);
      if (r <= 0) throw badValue('--hashlimit-rate-interval', arg);
      h.interval = r;
      break;
    }
  }
}

// ---------- packet semantics: hashlimit_mt_common() of xt_hashlimit.c, revision 3 ----------

/** POW2_BELOW64(U64_MAX / (HZ*86400)) and POW2_BELOW32(U32_MAX / HZ) */
function pow2Below(x: bigint): bigint {
  let p = 1n;
  while (p * 2n <= x) p *= 2n;
  return p;
}
const HZN = BigInt(HZ);
const CPJ = pow2Below(U64_MAX / (HZN * 86400n));
const CPJ_BYTES = pow2Below(U32_MAX / HZN);
const u64 = (n: bigint) => BigInt.asUintN(64, n);

function user2credits(user: bigint): bigint {
  // revision 2+: scale 10^6 < HZ * CREDITS_PER_JIFFY
  return u64(user * ((HZN * CPJ) / SCALE));
}
const user2creditsByte = (user: bigint) => u64(BigInt.asUintN(32, user) * HZN * CPJ_BYTES) >> 32n;
const user2rate = (user: bigint) => (user !== 0n ? SCALE / user : 0n);
function user2rateBytes(user: bigint): bigint {
  const u = BigInt.asUintN(32, user);
  const r = u ? U32_MAX / u : U32_MAX;
  return u64((r - 1n) << BYTE_SHIFT);
}

interface Bucket {
  prev: number;
  expires: number;
  credit: bigint;
  creditCap: bigint;
  cost: bigint;
  /** rate-match mode */
  rate: bigint;
  burst: bigint;
  interval: bigint;
  currentRate: bigint;
  prevWindow: boolean;
}

interface Table {
  /** the configuration of the rule that created the table (hinfo->cfg) */
  cfg: HashlimitData;
  created: number;
  buckets: Map<string, Bucket>;
}

interface RuleState {
  why: string;
}

function prefix4(a: number, len: number): number {
  return len === 0 ? 0 : (a & (0xffffffff << (32 - len))) >>> 0;
}
function prefix6(a: bigint, len: number): bigint {
  return len === 0 ? 0n : a & (((1n << BigInt(len)) - 1n) << BigInt(128 - len));
}

/** hashlimit_init_dst(): the bucket key from the table's mode and masks; undefined when the ports are not known */
function bucketKey(cfg: HashlimitData, env: PacketEnv): string | undefined {
  const p = env.pkt;
  const parts: string[] = [];
  const masked = (a: number | bigint, len: number) => (typeof a === 'bigint' ? prefix6(a, len) : prefix4(a, len));
  if (cfg.mode & M.DIP) parts.push(`d=${addrText(masked(p.dst, cfg.dstmask))}`);
  if (cfg.mode & M.SIP) parts.push(`s=${addrText(masked(p.src, cfg.srcmask))}`);
  if (cfg.mode & (M.SPT | M.DPT)) {
    // proto_ports_offset(): tcp/udp/udplite/dccp/sctp ports; esp/ah would be SPI bytes; other protocols give 0
    const ported = [6, 17, 136, 33, 132].includes(p.proto);
    if (p.proto === 50 || p.proto === 51 || (ported && p.fragment)) return undefined;
    if (cfg.mode & M.SPT) parts.push(`sp=${ported ? p.sport : 0}`);
    if (cfg.mode & M.DPT) parts.push(`dp=${ported ? p.dport : 0}`);
  }
  return parts.join(' ');
}

/** rateinfo_init() */
function newBucket(cfg: HashlimitData, now: number): Bucket {
  const b: Bucket = {
    prev: now, expires: now + msecsToJiffies(cfg.expire), credit: 0n, creditCap: 0n, cost: 0n,
    rate: 0n, burst: 0n, interval: 0n, currentRate: 0n, prevWindow: false,
  };
  if (cfg.mode & M.RATE_MATCH) {
    if (cfg.mode & M.BYTES) {
      b.rate = user2rateBytes(cfg.avg);
      b.burst = cfg.burst ? u64(cfg.burst * b.rate) : b.rate;
    } else {
      b.rate = user2rate(cfg.avg);
      b.burst = u64(cfg.burst + b.rate);
    }
    b.interval = BigInt(cfg.interval);
  } else if (cfg.mode & M.BYTES) {
    b.credit = CPJ_BYTES * HZN;
    b.cost = user2creditsByte(cfg.avg);
    b.creditCap = cfg.burst;
  } else {
    b.credit = user2credits(u64(cfg.avg * cfg.burst));
    b.cost = user2credits(cfg.avg);
    b.creditCap = b.credit;
  }
  return b;
}

/** rateinfo_recalc() */
function recalc(b: Bucket, now: number, mode: number): void {
  const delta = BigInt(Math.max(0, now - b.prev));
  if (delta === 0n) return;
  if (mode & M.RATE_MATCH) {
    const interval = b.interval * HZN;
    if (delta < interval) return;
    b.prev = now;
    b.prevWindow = b.currentRate * interval > delta * b.rate;
    b.currentRate = 0n;
    return;
  }
  b.prev = now;
  let cap: bigint;
  if (mode & M.BYTES) {
    const before = b.credit;
    b.credit = u64(b.credit + CPJ_BYTES * delta);
    cap = CPJ_BYTES * HZN;
    if (before >= b.credit) {
      b.credit = cap;
      return;
    }
  } else {
    b.credit = u64(b.credit + delta * CPJ);
    cap = b.creditCap;
  }
  if (b.credit > cap) b.credit = cap;
}

/** the garbage collector (every gc_interval ms from the table's creation) removed the bucket since its last use */
function collected(t: Table, b: Bucket, now: number): boolean {
  const gc = Math.max(1, msecsToJiffies(t.cfg.gcInterval));
  const k = Math.max(1, Math.ceil((b.expires - t.created) / gc));
  return t.created + k * gc <= now;
}

function hashlimitMatch(inst: ExtInstance, env: PacketEnv): MatchResult {
  const h = inst.data as unknown as HashlimitData;
  const st = env.state<RuleState>(inst, () => ({ why: '' }));
  const now = jiffies(env.now);
  const table = env.shared<Table>(`hashlimit:${env.family}:${h.name}`, () => ({ cfg: h, created: now, buckets: new Map() }));
  const key = bucketKey(table.cfg, env);
  if (key === undefined) return env.undecided('hashlimit port mode: the ports of this packet (esp/ah SPI, non-first fragment) are not modelled');
  let b = table.buckets.get(key);
  if (b && collected(table, b, now)) b = undefined;
  if (!b) {
    b = newBucket(table.cfg, now);
    table.buckets.set(key, b);
  } else {
    b.expires = now + msecsToJiffies(table.cfg.expire);
    recalc(b, now, table.cfg.mode);
  }
  const invert = (h.mode & M.INVERT) !== 0;
  const label = `hashlimit ${h.name}${key ? ` [${key}]` : ''}`;
  let under: boolean;
  if (h.mode & M.RATE_MATCH) {
    b.currentRate = u64(b.currentRate + (h.mode & M.BYTES ? BigInt(env.pkt.len) : 1n));
    under = !b.prevWindow && b.currentRate <= b.burst;
    st.why = `${label}: rate ${b.currentRate} in this interval (burst ${b.burst})${under ? ' under the limit' : ' over the limit'}`;
  } else {
    let cost: bigint;
    if (h.mode & M.BYTES) {
      // hashlimit_byte_cost()
      let tmp = BigInt((env.pkt.len >>> 4) + 1) * b.cost;
      if (tmp > CPJ_BYTES * HZN) tmp = CPJ_BYTES * HZN;
      if (b.credit < tmp && b.creditCap) {
        b.creditCap--;
        b.credit = CPJ_BYTES * HZN;
      }
      cost = BigInt.asUintN(32, tmp);
    } else {
      cost = b.cost;
    }
    under = b.credit >= cost;
    if (under) b.credit -= cost;
    st.why = `${label}: ${under ? 'under' : 'over'} the limit (credit ${b.credit}, cost ${cost})`;
  }
  if (invert) st.why += ' (--hashlimit-above)';
  return under !== invert;
}

const hashlimit: ExtensionDef = {
  kind: 'match',
  name: 'hashlimit',
  revision: 3,
  options: [
    { name: 'hashlimit-upto', type: 'string', invert: true, excl: ['hashlimit-above'] },
    { name: 'hashlimit-above', type: 'string', invert: true, excl: ['hashlimit-upto', 'hashlimit'] },
    { name: 'hashlimit', type: 'string', invert: true, excl: ['hashlimit-above'] },
    { name: 'hashlimit-srcmask', type: 'plen' },
    { name: 'hashlimit-dstmask', type: 'plen' },
    { name: 'hashlimit-burst', type: 'string' },
    { name: 'hashlimit-htable-size', type: 'uint32' },
    { name: 'hashlimit-htable-max', type: 'uint32' },
    { name: 'hashlimit-htable-gcinterval', type: 'uint32' },
    { name: 'hashlimit-htable-expire', type: 'uint32' },
    { name: 'hashlimit-mode', type: 'string' },
    { name: 'hashlimit-name', type: 'string', mand: true, min: 1 },
    { name: 'hashlimit-rate-match', type: 'none' },
    { name: 'hashlimit-rate-interval', type: 'string' },
  ],
  init(data, ctx) {
    const m = ctx.family === 'ipv4' ? 32 : 128;
    const h: HashlimitData = {
      mode: 0, avg: 0n, burst: BURST_DEFAULT, size: 0, max: 0, gcInterval: GCINTERVAL, expire: 0,
      srcmask: m, dstmask: m, interval: 0, name: '', mult: 0,
    };
    Object.assign(data, h);
  },
  parse,
  finalCheck(fc) {
    const h = fc.data as unknown as HashlimitData;
    const seen = fc.seen;
    const mult = h.mult ?? 0;
    delete h.mult;
    if (!seen.has('hashlimit-upto') && !seen.has('hashlimit-above') && !seen.has('hashlimit')) {
      throw paramProblem('You have to specify --hashlimit');
    }
    if (!seen.has('hashlimit-htable-expire')) h.expire = (mult * 1000) >>> 0;
    if (h.mode & M.BYTES) {
      let burst = 0n;
      if (seen.has('hashlimit-burst')) {
        const unit = costToBytes(h.avg);
        if (h.burst < unit) throw paramProblem(`burst cannot be smaller than ${unit}b`);
        burst = BigInt.asUintN(32, h.burst / unit);
        if (h.burst % unit) burst = BigInt.asUintN(32, burst + 1n);
        if (!seen.has('hashlimit-htable-expire')) h.expire = BYTE_EXPIRE_BURST * 1000;
      }
      h.burst = burst;
    } else if (h.burst > BURST_MAX) {
      throw burstError();
    }
    if (seen.has('hashlimit-rate-match')) {
      if (!(h.mode & M.BYTES)) h.avg /= BigInt(mult || 1);
      if (h.interval === 0) h.interval = h.mode & M.BYTES ? 1 : mult;
    }
  },
  save(inst, ctx) {
    const h = inst.data as unknown as HashlimitData;
    const dmask = ctx.family === 'ipv4' ? 32 : 128;
    let out = h.mode & M.INVERT ? ' --hashlimit-above' : ' --hashlimit-upto';
    let quantum: number;
    if (h.mode & M.BYTES) {
      const [t, q] = bytesText(h.avg, h.burst, '--hashlimit-');
      out += t;
      quantum = q;
    } else {
      const [t, q] = rateText(h.avg);
      out += `${t} --hashlimit-burst ${h.burst}`;
      quantum = q;
    }
    if (h.mode & HASHED) out += ' --hashlimit-mode' + modeText(h.mode, ',');
    out += ` --hashlimit-name ${h.name}`;
    if (h.size) out += ` --hashlimit-htable-size ${h.size}`;
    if (h.max) out += ` --hashlimit-htable-max ${h.max}`;
    if (h.gcInterval !== GCINTERVAL) out += ` --hashlimit-htable-gcinterval ${h.gcInterval}`;
    if (h.expire !== quantum) out += ` --hashlimit-htable-expire ${h.expire}`;
    if (h.srcmask !== dmask) out += ` --hashlimit-srcmask ${h.srcmask}`;
    if (h.dstmask !== dmask) out += ` --hashlimit-dstmask ${h.dstmask}`;
    if (h.mode & M.RATE_MATCH) {
      out += ' --hashlimit-rate-match';
      if (h.interval !== 1) out += ` --hashlimit-rate-interval ${h.interval}`;
    }
    return out;
  },
  print(inst, ctx) {
    const h = inst.data as unknown as HashlimitData;
    const dmask = ctx.family === 'ipv4' ? 32 : 128;
    let out = h.mode & M.INVERT ? ' limit: above' : ' limit: up to';
    let quantum: number;
    if (h.mode & M.BYTES) {
      const [t, q] = bytesText(h.avg, h.burst, '');
      out += t;
      quantum = q;
    } else {
      let period = h.avg;
      if (h.interval !== 0) period = BigInt.asUintN(64, period * BigInt(h.interval));
      const [t, q] = rateText(period);
      out += `${t} burst ${h.burst}`;
      quantum = q;
    }
    if (h.mode & HASHED) out += ' mode' + modeText(h.mode, '-');
    if (h.size) out += ` htable-size ${h.size}`;
    if (h.max) out += ` htable-max ${h.max}`;
    if (h.gcInterval !== GCINTERVAL) out += ` htable-gcinterval ${h.gcInterval}`;
    if (h.expire !== quantum) out += ` htable-expire ${h.expire}`;
    if (h.srcmask !== dmask) out += ` srcmask ${h.srcmask}`;
    if (h.dstmask !== dmask) out += ` dstmask ${h.dstmask}`;
    if (h.mode & M.RATE_MATCH) {
      out += ' rate-match';
      if (h.interval !== 1) out += ` rate-interval ${h.interval}`;
    }
    return out;
  },
  match: hashlimitMatch,
  whyNot: (inst, env) => env.state<RuleState>(inst, () => ({ why: '' })).why,
  // hashlimit_mt_check_common(): masks beyond the family's length, rate 0, ... are refused (EINVAL / ERANGE)
  kernelRefuses(inst, where) {
    const h = inst.data as unknown as HashlimitData;
    const lim = where.family === 'ipv4' ? 32 : 128;
    return h.srcmask > lim || h.dstmask > lim || h.name === '';
  },
};

export default hashlimit;
