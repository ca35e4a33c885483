// sh: source hashing (ip_vs_sh.c): 256 buckets filled in list order, each server taking `weight` consecutive
// buckets per round; bucket = (offset + hash_32(port + addr, 8)) % 256 of the source address (and, with sh-port,
// the source port). sh-fallback walks on from an unavailable (weight 0 / overloaded) server.
import type { RealServer, VirtualService } from '../../../model/ipvs.js';
import { SCHED_FLAG } from '../../../model/ipvs.js';
import { addrFold, hash32 } from '../hash.js';
import { overloaded, type IpvsFlow, type SchedulerDef } from '../scheduler.js';

const TAB_BITS = 8;
const TAB_SIZE = 1 << TAB_BITS;

type Buckets = (RealServer | undefined)[];

function reassign(svc: VirtualService): Buckets {
  const b: Buckets = new Array(TAB_SIZE);
  const list = svc.realServers;
  let p = 0;
  let count = 0;
  for (let i = 0; i < TAB_SIZE; i++) {
    if (list.length === 0) {
      b[i] = undefined;
      continue;
    }
    if (p === list.length) p = 0;
    const d = list[p];
    b[i] = d;
    if (++count >= d.weight) {
      p++;
      count = 0;
    }
  }
  return b;
}

const hashkey = (fold: number, port: number, offset: number): number => (offset + hash32((port + fold) >>> 0, TAB_BITS)) % TAB_SIZE;

const unavailable = (d: RealServer): boolean => d.weight <= 0 || overloaded(d);

/** the source port when sh-port / mh-port is set (TCP, UDP, SCTP), else 0 */
export function hashPort(svc: VirtualService, flow: IpvsFlow): number {
  return svc.schedFlags & SCHED_FLAG.SCHED2 ? flow.sport : 0;
}

export const sh: SchedulerDef<{ buckets: Buckets }> = {
  name: 'sh',
  init: (svc) => ({ buckets: reassign(svc) }),
  update(svc, st) {
    st.buckets = reassign(svc);
  },
  schedule(svc, flow, st) {
    const fold = addrFold(flow.saddr);
    const port = hashPort(svc, flow);
    const ihash = hashkey(fold, port, 0);
    const d = st.buckets[ihash];
    if (!(svc.schedFlags & SCHED_FLAG.SCHED1)) return !d || unavailable(d) ? undefined : d;
    // ip_vs_sh_get_fallback
    if (!d) return undefined;
    if (!unavailable(d)) return d;
    for (let offset = 0; offset < TAB_SIZE; offset++) {
      const roffset = (offset + ihash) % TAB_SIZE;
      const e = st.buckets[hashkey(fold, port, roffset)];
      if (!e) break;
      if (!unavailable(e)) return e;
    }
    return undefined;
  },
};
