// lc: least connection (ip_vs_lc.c): the smallest active × 256 + inactive; the first of equals (newest) wins.
import type { RealServer } from '../../../model/ipvs.js';
import { connOverhead, overloaded, type SchedulerDef } from '../scheduler.js';

export const lc: SchedulerDef<null> = {
  name: 'lc',
  init: () => null,
  update() {},
  schedule(svc) {
    let least: RealServer | undefined;
    let loh = 0;
    for (const d of svc.realServers) {
      if (overloaded(d) || d.weight === 0) continue;
      const doh = connOverhead(d);
      if (!least || doh < loh) {
        least = d;
        loh = doh;
      }
    }
    return least;
  },
};
