// ovf: weighted overflow (ip_vs_ovf.c): the highest weight among servers whose active connections do not exceed it.
import type { RealServer } from '../../../model/ipvs.js';
import { overloaded, type SchedulerDef } from '../scheduler.js';

export const ovf: SchedulerDef<null> = {
  name: 'ovf',
  init: () => null,
  update() {},
  schedule(svc) {
    let h: RealServer | undefined;
    for (const d of svc.realServers) {
      const w = d.weight;
      if (overloaded(d) || d.activeConns > w || w === 0) continue;
      if (!h || w > h.weight) h = d;
    }
    return h;
  },
};
