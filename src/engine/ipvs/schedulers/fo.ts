// fo: weighted failover (ip_vs_fo.c): the highest weight among servers not overloaded; the first of equals.
import type { RealServer } from '../../../model/ipvs.js';
import { overloaded, type SchedulerDef } from '../scheduler.js';

export const fo: SchedulerDef<null> = {
  name: 'fo',
  init: () => null,
  update() {},
  schedule(svc) {
    let h: RealServer | undefined;
    let hw = 0;
    for (const d of svc.realServers) {
      if (!overloaded(d) && d.weight > hw) {
        h = d;
        hw = d.weight;
      }
    }
    return h;
  },
};
