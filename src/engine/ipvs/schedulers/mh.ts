// mh: Maglev hashing (ip_vs_mh.c): a 4093-slot lookup table filled from per-server permutations (offset and skip
// from hsiphash of the server's address + port with the fixed keys 2654435761 / 2654446892), `turns` slots per
// server and round from its last non-zero weight; slot of a packet = hsiphash(source address [+ port]) % 4093.
import type { RealServer, VirtualService } from '../../../model/ipvs.js';
import { SCHED_FLAG } from '../../../model/ipvs.js';
import { addrFold, hsiphash32 } from '../hash.js';
import { overloaded, type SchedulerDef } from '../scheduler.js';
import { hashPort } from './sh.js';

const TAB_SIZE = 4093;
const TAB_BITS = 6; // IP_VS_MH_TAB_BITS = IP_VS_MH_TAB_INDEX / 2
const K1 = 2654435761n;
const K2 = 2654446892n;

interface MhState {
  lookup: (RealServer | undefined)[];
  /** last_weight: the weight before an edit to 0 */
  lastWeight: Map<RealServer, number>;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const fls = (x: number): number => (x === 0 ? 0 : 32 - Math.clz32(x));

export function mhHashkey(addr: RealServer['addr'], port: number, key: bigint, offset: number): number {
  return hsiphash32((offset + port + addrFold(addr)) >>> 0, key, key);
}

function reassign(svc: VirtualService, st: MhState): void {
  const list = svc.realServers;
  const lw = list.map((d) => st.lastWeight.get(d) ?? d.weight);
  let g = 0;
  for (const w of lw) if (w > 0) g = g > 0 ? gcd(w, g) : w;
  if (g < 1) {
    st.lookup = new Array(TAB_SIZE).fill(undefined);
    return;
  }
  const mw = Math.max(0, ...lw);
  const rshift = Math.max(0, fls(Math.trunc(mw / g)) - TAB_BITS);
  const ds = list.map((d, i) => {
    const offset = mhHashkey(d.addr, d.port, K1, 0) % TAB_SIZE;
    const skip = (mhHashkey(d.addr, d.port, K2, 0) % (TAB_SIZE - 1)) + 1;
    const turns = (Math.trunc(lw[i] / g) >> rshift) || (lw[i] !== 0 ? 1 : 0);
    return { perm: offset, skip, turns };
  });
  const taken = new Uint8Array(TAB_SIZE);
  const lookup: (RealServer | undefined)[] = st.lookup.length === TAB_SIZE ? st.lookup : new Array(TAB_SIZE).fill(undefined);
  let n = 0;
  let dt = 0;
  // ip_vs_mh_populate: rounds over the list until every slot is taken
  for (;;) {
    for (let i = 0; i < list.length; ) {
      const s = ds[i];
      if (s.turns < 1) {
        i++;
        continue;
      }
      let c = s.perm;
      while (taken[c]) {
        s.perm += s.skip;
        if (s.perm >= TAB_SIZE) s.perm -= TAB_SIZE;
        c = s.perm;
      }
      taken[c] = 1;
      lookup[c] = list[i];
      if (++n === TAB_SIZE) {
        st.lookup = lookup;
        return;
      }
      if (++dt >= s.turns) {
        dt = 0;
        i++;
      }
    }
  }
}

const unavailable = (d: RealServer): boolean => d.weight <= 0 || overloaded(d);

export const mh: SchedulerDef<MhState> = {
  name: 'mh',
  init(svc) {
    const st: MhState = { lookup: [], lastWeight: new Map(svc.realServers.map((d) => [d, d.weight])) };
    reassign(svc, st);
    return st;
  },
  update(svc, st, ch) {
    // __ip_vs_update_dest: last_weight follows the weight unless an edit sets it to 0
    if (ch.kind === 'add' || (ch.kind === 'upd' && ch.dest.weight !== 0)) st.lastWeight.set(ch.dest, ch.dest.weight);
    if (ch.kind === 'del') st.lastWeight.delete(ch.dest);
    reassign(svc, st);
  },
  schedule(svc, flow, st) {
    const port = hashPort(svc, flow);
    const ihash = mhHashkey(flow.saddr, port, K1, 0) % TAB_SIZE;
    const d = st.lookup[ihash];
    if (!(svc.schedFlags & SCHED_FLAG.SCHED1)) return !d || unavailable(d) ? undefined : d;
    if (!d) return undefined;
    if (!unavailable(d)) return d;
    for (let offset = 0; offset < TAB_SIZE; offset++) {
      const roffset = (offset + ihash) % TAB_SIZE;
      const e = st.lookup[mhHashkey(flow.saddr, port, K1, roffset) % TAB_SIZE];
      if (!e) break;
      if (!unavailable(e)) return e;
    }
    return undefined;
  },
};
