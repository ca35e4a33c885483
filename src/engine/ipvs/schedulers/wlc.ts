// wlc: weighted least connection (ip_vs_wlc.c), ipvsadm's default: the smallest (active × 256 + inactive) / weight.
import { weightedLeast } from './weighted.js';
import type { SchedulerDef } from '../scheduler.js';

export const wlc: SchedulerDef<null> = {
  name: 'wlc',
  init: () => null,
  update() {},
  schedule: (svc) => weightedLeast(svc.realServers),
};
