// nq: never queue (ip_vs_nq.c): the first idle server (no active connection), else sed's choice.
import type { RealServer } from '../../../model/ipvs.js';
import { overloaded, type SchedulerDef } from '../scheduler.js';

export const nq: SchedulerDef<null> = {
  name: 'nq',
  init: () => null,
  update() {},
  schedule(svc) {
    let least: RealServer | undefined;
    let loh = 0;
    for (const d of svc.realServers) {
      if (overloaded(d) || !d.weight) continue;
      const doh = d.activeConns + 1;
      if (d.activeConns === 0) return d;
      if (!least || loh * d.weight > doh * least.weight) {
        least = d;
        loh = doh;
      }
    }
    return least;
  },
};
