// sed: shortest expected delay (ip_vs_sed.c): the smallest (active + 1) / weight; inactive connections do not count.
import { weightedLeast } from './weighted.js';
import type { SchedulerDef } from '../scheduler.js';

export const sed: SchedulerDef<null> = {
  name: 'sed',
  init: () => null,
  update() {},
  schedule: (svc) => weightedLeast(svc.realServers, (d) => d.activeConns + 1),
};
