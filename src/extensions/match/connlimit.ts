// -m connlimit (libxt_connlimit.c, revision 1 = struct xt_connlimit_info): --connlimit-upto/--connlimit-above n,
// --connlimit-mask prefix (XTTYPE_PLENMASK), --connlimit-saddr/--connlimit-daddr.
import { paramProblem } from '../../diag/errors.js';
import type { ExtensionDef } from '../types.js';

const INVERT = 1;
const DADDR = 2;

interface ConnlimitData {
  /** the 4 big-endian words of v6_mask (v4_mask is word 0) */
  mask: [number, number, number, number];
  limit: number;
  flags: number;
}

/** xtopt_parse_plenmask(): prefix length → 4 words; a length outside 0-128 leaves the all-ones memset. */
function plenMask(len: number): [number, number, number, number] {
  const m: [number, number, number, number] = [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff];
  if (len < 0 || len > 128) return m;
  for (let i = 0; i < 4; i++) {
    const bits = Math.min(Math.max(len - 32 * i, 0), 32);
    m[i] = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  }
  return m;
}

/** count_bits4 / count_bits6 */
function countBits(mask: readonly number[], words: number): number {
  let bits = 0;
  for (let i = 0; i < words; i++) {
    for (let t = ~mask[i] >>> 0; t !== 0; t >>>= 1) bits++;
  }
  return 32 * words - bits;
}

const connlimit: ExtensionDef = {
  kind: 'match',
  name: 'connlimit',
  revision: 1,
  options: [
    { name: 'connlimit-upto', type: 'uint32', invert: true, excl: ['connlimit-above'] },
    { name: 'connlimit-above', type: 'uint32', invert: true, excl: ['connlimit-upto'] },
    { name: 'connlimit-mask', type: 'plenmask' },
    { name: 'connlimit-saddr', type: 'none', excl: ['connlimit-daddr'] },
    { name: 'connlimit-daddr', type: 'none', excl: ['connlimit-saddr'] },
  ],
  init(data) {
    const c: ConnlimitData = { mask: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], limit: 0, flags: 0 };
    Object.assign(data, c);
  },
  parse(cb) {
    const c = cb.data as unknown as ConnlimitData;
    switch (cb.opt.name) {
      case 'connlimit-above':
        if (cb.val.t === 'int') c.limit = Number(cb.val.v);
        if (cb.invert) c.flags |= INVERT;
        break;
      case 'connlimit-upto':
        if (cb.val.t === 'int') c.limit = Number(cb.val.v);
        if (!cb.invert) c.flags |= INVERT;
        break;
      case 'connlimit-mask':
        if (cb.val.t === 'plen') c.mask = plenMask(cb.val.len);
        break;
      case 'connlimit-saddr':
        c.flags &= ~DADDR;
        break;
      case 'connlimit-daddr':
        c.flags |= DADDR;
        break;
    }
  },
  finalCheck(fc) {
    if (!fc.seen.has('connlimit-upto') && !fc.seen.has('connlimit-above')) {
      throw paramProblem('You must specify "--connlimit-above" or "--connlimit-upto".');
    }
  },
  save(inst, ctx) {
    const c = inst.data as unknown as ConnlimitData;
    let out = c.flags & INVERT ? ` --connlimit-upto ${c.limit}` : ` --connlimit-above ${c.limit}`;
    out += ` --connlimit-mask ${countBits(c.mask, ctx.family === 'ipv4' ? 1 : 4)}`;
    out += c.flags & DADDR ? ' --connlimit-daddr' : ' --connlimit-saddr';
    return out;
  },
  print(inst, ctx) {
    const c = inst.data as unknown as ConnlimitData;
    return ` #conn ${c.flags & DADDR ? 'dst' : 'src'}/${countBits(c.mask, ctx.family === 'ipv4' ? 1 : 4)} ${c.flags & INVERT ? '<=' : '>'} ${c.limit}`;
  },
};

export default connlimit;
