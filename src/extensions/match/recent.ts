// -m recent (libxt_recent.c, revision 1 = struct xt_recent_mtinfo_v1): --set/--rcheck/--update/--remove, --seconds,
// --reap, --hitcount, --rttl, --name (default DEFAULT), --rsource/--rdest, --mask (default all ones).
import { paramProblem } from '../../diag/errors.js';
import type { AddrMask } from '../../values/addr.js';
import { ipv4ToString, ipv6ToString } from '../../values/addr.js';
import type { ExtensionDef } from '../types.js';
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
  // recent_mt_check(): --set/--remove with --seconds/--hitcount/--rttl/--reap, or an empty name → EINVAL
  kernelRefuses(inst) {
    const r = inst.data as unknown as RecentData;
    if (r.checkSet & (R.SET | R.REMOVE) && (r.seconds || r.hitCount || r.checkSet & (R.TTL | R.REAP))) return true;
    return r.name === '';
  },
};

export default recent;
