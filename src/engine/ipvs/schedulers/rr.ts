// rr: round robin (net/netfilter/ipvs/ip_vs_rr.c). The position is a list entry; the walk starts after it, wraps
// once past the head and ends with it; overloaded and weight-0 servers are skipped.
import type { RealServer } from '../../../model/ipvs.js';
import { overloaded, type SchedulerDef } from '../scheduler.js';

interface RrState {
  /** sched_data: the last chosen entry, undefined = the list head */
  p: RealServer | undefined;
}

export const rr: SchedulerDef<RrState> = {
  name: 'rr',
  init: () => ({ p: undefined }),
  update(svc, st, ch) {
    // ip_vs_rr_del_dest: p->next->prev, the entry before the removed one (or the head)
    if (ch.kind === 'del' && st.p === ch.dest) st.p = ch.index > 0 ? svc.realServers[ch.index - 1] : undefined;
  },
  schedule(svc, _flow, st) {
    const list = svc.realServers;
    const n = list.length;
    const start = st.p === undefined ? -1 : list.indexOf(st.p);
    // from the head: one pass; else the entries after p, then from the head up to p itself
    for (let k = 1; k <= n; k++) {
      const i = start < 0 ? k - 1 : (start + k) % n;
      const d = list[i];
      if (!overloaded(d) && d.weight > 0) {
        st.p = d;
        return d;
      }
    }
    return undefined;
  },
};
