// dh: destination hashing (ip_vs_dh.c): 256 buckets, bucket i → list entry i mod n (weights ignored), bucket of the
// destination address = hash_32(addr, 8); no fallback.
import type { RealServer, VirtualService } from '../../../model/ipvs.js';
import { addrFold, hash32 } from '../hash.js';
import { overloaded, type SchedulerDef } from '../scheduler.js';

const TAB_SIZE = 256;

function reassign(svc: VirtualService): (RealServer | undefined)[] {
  const list = svc.realServers;
  const b: (RealServer | undefined)[] = new Array(TAB_SIZE);
  for (let i = 0; i < TAB_SIZE; i++) b[i] = list.length ? list[i % list.length] : undefined;
  return b;
}

export const dh: SchedulerDef<{ buckets: (RealServer | undefined)[] }> = {
  name: 'dh',
  init: (svc) => ({ buckets: reassign(svc) }),
  update(svc, st) {
    st.buckets = reassign(svc);
  },
  schedule(svc, flow, st) {
    const d = st.buckets[hash32(addrFold(flow.daddr), 8)];
    if (!d || d.weight <= 0 || overloaded(d)) return undefined;
    return d;
  },
};
