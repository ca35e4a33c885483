// -m connlimit (libxt_connlimit.c, revision 1 = struct xt_connlimit_info): --connlimit-upto/--connlimit-above n,
// --connlimit-mask prefix (XTTYPE_PLENMASK), --connlimit-saddr/--connlimit-daddr.
import { paramProblem } from '../../diag/errors.js';
import type { ExtensionDef } from '../types.js';
import type { PacketEnv } from '../types.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { Connection } from '../../model/packet.js';
import { addrText, ctOf } from '../match-semantics.js';

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

// ---------- packet semantics: connlimit_mt() with nf_conncount ----------

interface ConnlimitState {
  /** per masked address: the connections this rule has counted (nf_conncount keeps one list per rule) */
  groups: Map<string, Map<string, Connection | undefined>>;
  why: string;
}

const CLOSED = new Set(['TIME_WAIT', 'CLOSE']);

/**
 * The connections of the session that went through this rule with the same masked source (or destination)
 * address, the packet's own included, minus the closed ones (nf_conncount drops tcp connections in TIME_WAIT or
 * CLOSE). Connection timeouts are not modelled: a connection counts until it is closed. (count > limit) ^ invert.
 */
function connlimitMatch(inst: ExtInstance, env: PacketEnv): boolean {
  const c = inst.data as unknown as ConnlimitData;
  const st = env.state<ConnlimitState>(inst, () => ({ groups: new Map(), why: '' }));
  const p = env.pkt;
  const addr = c.flags & DADDR ? p.dst : p.src;
  let masked: number | bigint;
  if (typeof addr === 'number') masked = (addr & c.mask[0]) >>> 0;
  else {
    const m = c.mask.reduce((acc, w) => (acc << 32n) | BigInt(w >>> 0), 0n);
    masked = addr & m;
  }
  const key = addrText(masked);
  let group = st.groups.get(key);
  if (!group) st.groups.set(key, (group = new Map()));
  for (const [k, conn] of group) if (conn && CLOSED.has(conn.tcpState)) group.delete(k);
  const ct = ctOf(env);
  const own = ct ? `ct ${ct.id}` : `${p.proto} ${addrText(p.src)}:${p.sport} ${addrText(p.dst)}:${p.dport}`;
  if (!group.has(own) && !(ct && CLOSED.has(ct.tcpState))) group.set(own, ct);
  const count = group.size;
  const invert = (c.flags & INVERT) !== 0;
  const side = c.flags & DADDR ? 'dst' : 'src';
  st.why = `${count} connection(s) from ${side} ${key}/${countBits(c.mask, typeof addr === 'number' ? 1 : 4)}, ${invert ? `more than ${c.limit} (--connlimit-upto)` : `not more than ${c.limit}`}`;
  return (count > c.limit) !== invert;
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
  match: connlimitMatch,
  whyNot: (inst, env) => env.state<ConnlimitState>(inst, () => ({ groups: new Map(), why: '' })).why,
};

export default connlimit;
