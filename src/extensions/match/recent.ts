// -m recent (libxt_recent.c, revision 1 = struct xt_recent_mtinfo_v1): --set/--rcheck/--update/--remove, --seconds,
// --reap, --hitcount, --rttl, --name (default DEFAULT), --rsource/--rdest, --mask (default all ones).
import { paramProblem } from '../../diag/errors.js';
import type { AddrMask } from '../../values/addr.js';
import { ipv4ToString, ipv6ToString } from '../../values/addr.js';
import type { ExtensionDef, PacketEnv } from '../types.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { Addr } from '../../model/packet.js';
import { HZ, addrText, isLocallyGenerated, jiffies } from '../match-semantics.js';
import { truncateBytes } from './comment.js';

const R = { CHECK: 1, SET: 2, UPDATE: 4, REMOVE: 8, TTL: 16, REAP: 32 } as const;
const SOURCE = 0;
const DEST = 1;
const NAME_LEN = 200;
const OPS = ['set', 'rcheck', 'update', 'remove'];

interface RecentData {
  seconds: number;
  hitCount: number;
  checkSet: number;
  invert: boolean;
  name: string;
  side: number;
  mask: AddrMask;
}

/** printf("%d") of a u32 */
const asInt = (n: number) => n | 0;

function maskText(m: AddrMask): string {
  return m.family === 'ipv4' ? ipv4ToString(m.addr) : ipv6ToString(m.addr);
}

// ---------- packet semantics: recent_mt() of xt_recent.c ----------

/** module defaults: ip_list_tot (entries per list), ip_pkt_list_tot (stamps kept per entry) */
const IP_LIST_TOT = 100;
const IP_PKT_LIST_TOT = 20;

interface Entry {
  addr: string;
  family: string;
  ttl: number;
  stamps: number[];
  index: number;
  nstamps: number;
}

interface RecentTable {
  /** the --mask of the rule that created the list */
  mask: AddrMask;
  nstampsMask: number;
  /** insertion order = LRU order (oldest first) */
  entries: Map<string, Entry>;
}

interface RecentState {
  why: string;
}

const roundupPow2 = (n: number) => {
  let p = 1;
  while (p < n) p *= 2;
  return p;
};

function nstampMask(hitCount: number): number {
  if (hitCount < IP_PKT_LIST_TOT) return roundupPow2(IP_PKT_LIST_TOT) - 1;
  return roundupPow2(hitCount) - 1;
}

function maskAddr(a: Addr, m: AddrMask): Addr {
  if (typeof a === 'bigint') return m.family === 'ipv6' ? a & m.addr : a;
  return m.family === 'ipv4' ? (a & m.addr) >>> 0 : a;
}

/**
 * The lists are shared by name (the mask is the one of the rule that created the list): --set adds or refreshes the
 * address; --rcheck/--update look for it (with --rttl: the same TTL), counting the stamps newer than --seconds up to
 * --hitcount; --update refreshes the entry when the (possibly inverted) result is true; --remove deletes it.
 */
function recentMatch(inst: ExtInstance, env: PacketEnv): boolean {
  const r = inst.data as unknown as RecentData;
  // the explanation (whyNot's text) is kept only when someone reads it
  const st = env.explain === false ? undefined : env.state<RecentState>(inst, () => ({ why: '' }));
  const now = jiffies(env.now);
  const p = env.pkt;
  const table = env.shared<RecentTable>(`recent:${r.name}`, () => ({ mask: r.mask, nstampsMask: nstampMask(r.hitCount), entries: new Map() }));
  table.nstampsMask = Math.max(table.nstampsMask, nstampMask(r.hitCount));
  const addr = maskAddr(r.side === DEST ? p.dst : p.src, table.mask);
  // "use TTL as seen before forwarding": +1 when there is an output device and no local socket
  let ttl = p.ttl & 0xff;
  if ((env.hook === 'FORWARD' || env.hook === 'OUTPUT' || env.hook === 'POSTROUTING') && !isLocallyGenerated(env)) ttl = (ttl + 1) & 0xff;
  const key = `${env.family} ${addrText(addr)}`;
  const side = r.side === DEST ? 'dst' : 'src';
  let ret = r.invert;
  let e = table.entries.get(key);
  const wantTtl = r.checkSet & R.TTL ? ttl : 0;
  if (e && !(wantTtl === e.ttl || wantTtl === 0 || e.ttl === 0)) e = undefined;
  if (!e) {
    if (!(r.checkSet & R.SET)) {
      if (st) st.why = `${side} ${addrText(addr)} not in list ${r.name}${r.checkSet & R.TTL ? ` with ttl ${ttl}` : ''}`;
      return ret;
    }
    if (table.entries.size >= IP_LIST_TOT) table.entries.delete(table.entries.keys().next().value as string);
    table.entries.set(key, { addr: key, family: env.family, ttl, stamps: [now], index: 1, nstamps: 1 });
    if (st) st.why = `${side} ${addrText(addr)} added to list ${r.name}`;
    return !ret;
  }
  if (r.checkSet & R.SET) {
    ret = !ret;
    if (st) st.why = `${side} ${addrText(addr)} refreshed in list ${r.name}`;
  } else if (r.checkSet & R.REMOVE) {
    table.entries.delete(key);
    ret = !ret;
    if (st) st.why = `${side} ${addrText(addr)} removed from list ${r.name}`;
  } else if (r.checkSet & (R.CHECK | R.UPDATE)) {
    const time = now - r.seconds * HZ;
    let hits = 0;
    let found = false;
    for (let i = 0; i < e.nstamps; i++) {
      if (r.seconds && time > e.stamps[i]) continue;
      if (!r.hitCount || ++hits >= r.hitCount) {
        found = true;
        break;
      }
    }
    if (found) ret = !ret;
    const window = r.seconds ? ` in the last ${r.seconds}s` : '';
    if (st) st.why = `${side} ${addrText(addr)} in list ${r.name}: ${found ? 'enough' : 'too few'} hits${window}${r.hitCount ? ` (need ${r.hitCount})` : ''}`;
    if (r.checkSet & R.REAP) {
      // recent_entry_reap(): only the least recently used entry, when its newest stamp is older than the window
      const oldest = table.entries.values().next().value as Entry | undefined;
      if (oldest && time > oldest.stamps[(oldest.index - 1) & table.nstampsMask]) table.entries.delete(oldest.addr);
    }
  }
  if (r.checkSet & R.SET || (r.checkSet & R.UPDATE && ret)) {
    // recent_entry_update(): next stamp slot, LRU tail, new TTL
    e.index &= table.nstampsMask;
    e.stamps[e.index++] = now;
    if (e.index > e.nstamps) e.nstamps = e.index;
    e.ttl = ttl;
    if (table.entries.has(key)) {
      table.entries.delete(key);
      table.entries.set(key, e);
    }
  }
  if (st && r.invert) st.why += ' (inverted)';
  return ret;
}

const recent: ExtensionDef = {
  kind: 'match',
  name: 'recent',
  revision: 1,
  options: [
    { name: 'set', type: 'none', invert: true, excl: OPS },
    { name: 'rcheck', type: 'none', invert: true, excl: OPS },
    { name: 'update', type: 'none', invert: true, excl: OPS },
    { name: 'remove', type: 'none', invert: true, excl: OPS },
    { name: 'seconds', type: 'uint32', min: 1 },
    { name: 'reap', type: 'none', also: ['seconds'] },
    { name: 'hitcount', type: 'uint32' },
    { name: 'rttl', type: 'none', excl: ['set', 'remove'] },
    { name: 'name', type: 'string' },
    { name: 'rsource', type: 'none' },
    { name: 'rdest', type: 'none' },
    { name: 'mask', type: 'host' },
  ],
  init(data, ctx) {
    const mask: AddrMask = ctx.family === 'ipv4'
      ? { family: 'ipv4', addr: 0xffffffff, mask: 0xffffffff }
      : { family: 'ipv6', addr: (1n << 128n) - 1n, mask: (1n << 128n) - 1n };
    const r: RecentData = { seconds: 0, hitCount: 0, checkSet: 0, invert: false, name: 'DEFAULT', side: SOURCE, mask };
    Object.assign(data, r);
  },
  parse(cb) {
    const r = cb.data as unknown as RecentData;
    switch (cb.opt.name) {
      case 'set': r.checkSet |= R.SET; if (cb.invert) r.invert = true; break;
      case 'rcheck': r.checkSet |= R.CHECK; if (cb.invert) r.invert = true; break;
      case 'update': r.checkSet |= R.UPDATE; if (cb.invert) r.invert = true; break;
      case 'remove': r.checkSet |= R.REMOVE; if (cb.invert) r.invert = true; break;
      case 'rttl': r.checkSet |= R.TTL; break;
      case 'rsource': r.side = SOURCE; break;
      case 'rdest': r.side = DEST; break;
      case 'reap': r.checkSet |= R.REAP; break;
      case 'seconds': if (cb.val.t === 'int') r.seconds = Number(cb.val.v); break;
      case 'hitcount': if (cb.val.t === 'int') r.hitCount = Number(cb.val.v); break;
      case 'name': r.name = truncateBytes(cb.arg ?? '', NAME_LEN - 1); break;
      case 'mask': if (cb.val.t === 'host') r.mask = { ...cb.val.addr, mask: cb.val.addr.mask } as AddrMask; break;
    }
  },
  finalCheck(fc) {
    if (!OPS.some((o) => fc.seen.has(o))) {
      throw paramProblem("recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'");
    }
  },
  save(inst) {
    const r = inst.data as unknown as RecentData;
    let out = r.invert ? ' !' : '';
    if (r.checkSet & R.SET) out += ' --set';
    if (r.checkSet & R.CHECK) out += ' --rcheck';
    if (r.checkSet & R.UPDATE) out += ' --update';
    if (r.checkSet & R.REMOVE) out += ' --remove';
    if (r.seconds) out += ` --seconds ${asInt(r.seconds)}`;
    if (r.checkSet & R.REAP) out += ' --reap';
    if (r.hitCount) out += ` --hitcount ${asInt(r.hitCount)}`;
    if (r.checkSet & R.TTL) out += ' --rttl';
    out += ` --name ${r.name} --mask ${maskText(r.mask)}`;
    out += r.side === SOURCE ? ' --rsource' : r.side === DEST ? ' --rdest' : '';
    return out;
  },
  print(inst) {
    const r = inst.data as unknown as RecentData;
    let out = r.invert ? ' !' : '';
    out += ' recent:';
    if (r.checkSet & R.SET) out += ' SET';
    if (r.checkSet & R.CHECK) out += ' CHECK';
    if (r.checkSet & R.UPDATE) out += ' UPDATE';
    if (r.checkSet & R.REMOVE) out += ' REMOVE';
    if (r.seconds) out += ` seconds: ${asInt(r.seconds)}`;
    if (r.checkSet & R.REAP) out += ' reap';
    if (r.hitCount) out += ` hit_count: ${asInt(r.hitCount)}`;
    if (r.checkSet & R.TTL) out += ' TTL-Match';
    out += ` name: ${r.name}`;
    out += r.side === SOURCE ? ' side: source' : r.side === DEST ? ' side: dest' : '';
    out += ` mask: ${maskText(r.mask)}`;
    return out;
  },
  match: recentMatch,
  whyNot: (inst, env) => env.state<RecentState>(inst, () => ({ why: '' })).why,
  // recent_mt_check(): --set/--remove with --seconds/--hitcount/--rttl/--reap, or an empty name → EINVAL
  kernelRefuses(inst) {
    const r = inst.data as unknown as RecentData;
    if (r.checkSet & (R.SET | R.REMOVE) && (r.seconds || r.hitCount || r.checkSet & (R.TTL | R.REAP))) return true;
    return r.name === '';
  },
};

export default recent;
